/** The outputs of `emqx ctl` as docs/facts.md §1 records them. */
import { describe, expect, it } from 'vitest';
import { parseClusterStatus, parseEmqxStatus } from '../../src/checks/emqx-output.js';

const fqdn = (i: number) => `emqx@emqx-${i}.emqx-headless.default.svc.cluster.local`;

describe('emqx ctl cluster status', () => {
  it.each([
    ['one line, no space after the comma', "Cluster status: #{running_nodes => ['emqx@10.244.0.5'],stopped_nodes => []}\n", ['emqx@10.244.0.5'], []],
    [
      'wrapped over two lines',
      "Cluster status: #{running_nodes => ['emqx@10.244.0.5','emqx@10.244.0.6'],\n                  stopped_nodes => ['emqx@10.244.0.7']}\n",
      ['emqx@10.244.0.5', 'emqx@10.244.0.6'],
      ['emqx@10.244.0.7'],
    ],
    [
      'wrapped between => and the list, one node per line',
      `Cluster status: #{running_nodes =>\n                      ['${fqdn(0)}',\n                       '${fqdn(1)}',\n                       '${fqdn(2)}'],\n                  stopped_nodes => []}\n`,
      [fqdn(0), fqdn(1), fqdn(2)],
      [],
    ],
    ['keys in the other order', "Cluster status: #{stopped_nodes => ['emqx@b'],running_nodes => ['emqx@a']}\n", ['emqx@a'], ['emqx@b']],
    ['EMQX 4 proplist', "Cluster status: [{running_nodes,['emqx@a','emqx@b']},{stopped_nodes,[]}]\n", ['emqx@a', 'emqx@b'], []],
    [
      '--json (jiffy pretty: stopped first, blank line of 4 spaces in an empty list)',
      `{\n  "stopped_nodes" : [\n    \n  ],\n  "running_nodes" : [\n    "${fqdn(0)}",\n    "${fqdn(1)}",\n    "${fqdn(2)}"\n  ]\n}\n`,
      [fqdn(0), fqdn(1), fqdn(2)],
      [],
    ],
    ['--json with one node', '{\n  "running_nodes" : [\n    "emqx@10.0.0.1"\n  ],\n  "stopped_nodes" : [\n    \n  ]\n}', ['emqx@10.0.0.1'], []],
  ])('%s', (_n, text, running, stopped) => expect(parseClusterStatus(text)).toEqual({ running, stopped }));

  it.each([[''], ["Node 'emqx@x' not responding to pings."], ['{"other": 1}'], ['Cluster status: #{}']])('%j is unreadable', (t) => {
    expect(parseClusterStatus(t)).toBeUndefined();
  });
});

describe('emqx ctl status', () => {
  it('reads the node, version and state', () => {
    expect(parseEmqxStatus("Node 'emqx@10.244.0.5' 5.8.9 is started\n")).toEqual({ node: 'emqx@10.244.0.5', version: '5.8.9', state: 'started' });
    expect(parseEmqxStatus("Node 'emqx@10.244.0.5' 5.8.9 is starting\n")?.state).toBe('starting');
    expect(parseEmqxStatus("Node 'emqx@x' not responding to pings.")).toBeUndefined();
  });
});

describe('emqx ctl status with a node name ~p prints bare', () => {
  it('a node name without dots or dashes is not quoted and is read the same', () => {
    expect(parseEmqxStatus('Node emqx@node1 5.8.9 is started\n')).toEqual({ node: 'emqx@node1', version: '5.8.9', state: 'started' });
  });
});

describe('EMQX 4 cluster status (ekka) leaves out an empty stopped_nodes', () => {
  it('running nodes only: nothing is stopped', () => {
    expect(parseClusterStatus("Cluster status: [{running_nodes,['emqx@a','emqx@b']}]\n")).toEqual({ running: ['emqx@a', 'emqx@b'], stopped: [] });
  });
  it('bare atoms (node names without dots) are read whole', () => {
    expect(parseClusterStatus('Cluster status: [{running_nodes,[emqx@node1,emqx@node2]},{stopped_nodes,[emqx@node3]}]\n')).toEqual({
      running: ['emqx@node1', 'emqx@node2'],
      stopped: ['emqx@node3'],
    });
  });
});

describe('cluster status --json inside other output', () => {
  // A course command may wrap emqx ctl in a shell script that prints lines of its own.
  const json = '{\n  "stopped_nodes" : [\n    "emqx@c"\n  ],\n  "running_nodes" : [\n    "emqx@a",\n    "emqx@b"\n  ]\n}';
  it('a line before the JSON', () => {
    expect(parseClusterStatus(`checking cluster\n${json}\n`)).toEqual({ running: ['emqx@a', 'emqx@b'], stopped: ['emqx@c'] });
  });
  it('a line after the JSON', () => {
    expect(parseClusterStatus(`${json}\ndone\n`)).toEqual({ running: ['emqx@a', 'emqx@b'], stopped: ['emqx@c'] });
  });
});

describe('odd but readable outputs', () => {
  it('--json without stopped_nodes: nothing is stopped', () => {
    expect(parseClusterStatus('{"running_nodes": ["emqx@a"]}')).toEqual({ running: ['emqx@a'], stopped: [] });
  });
  it('--json entries that are not node names are left out, not counted as nodes', () => {
    expect(parseClusterStatus('{"running_nodes": ["emqx@a", 1, null], "stopped_nodes": [{"n": 2}]}')).toEqual({ running: ['emqx@a'], stopped: [] });
  });
  it('a quoted atom is read whole, whatever characters it holds', () => {
    expect(parseClusterStatus("Cluster status: #{running_nodes => ['Emqx@a','emqx@b:1'],stopped_nodes => []}")).toEqual({
      running: ['Emqx@a', 'emqx@b:1'],
      stopped: [],
    });
  });
  it('emqx ctl status with runs of spaces or tabs between its words', () => {
    expect(parseEmqxStatus("Node  'emqx@a'\t 5.8.9  is \tstarted")).toEqual({ node: 'emqx@a', version: '5.8.9', state: 'started' });
  });
});
