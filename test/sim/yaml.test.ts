/**
 * YAML from -f as kubectl reads it: sigs.k8s.io/yaml over go-yaml v2, into interface{} values, then JSON.
 * Expected values were checked against kubectl v1.32 (`create --dry-run=client -o json`).
 */
import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../src/sim/cli/argv.js';
import type { Cli } from '../../src/sim/cli/cli.js';
import { applyDocs } from '../../src/sim/cli/cmd-apply.js';
import { readManifests } from '../../src/sim/cli/manifests.js';
import { ADMIN } from '../../src/sim/api/rbac.js';
import { cluster, namespace } from './helpers.js';
import { kubectl, simHome } from './spawn.js';

function stdinCli(text: string): Cli {
  return {
    p: parseArgv(['apply', '-n', 'lab', '-f', '-']),
    env: {},
    out: () => undefined,
    err: () => undefined,
    target: { context: 'emqx-lab-sim', admin: true },
    stdin: async () => text,
    signal: new AbortController().signal,
  };
}

const CM = (data: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data:
${data}`;

describe('YAML scalars in manifests, as kubectl decodes them', () => {
  it('a timestamp-looking value stays the string it was written as; an object never comes out', async () => {
    const { docs, problems } = await readManifests(stdinCli(CM(`  updated-at: 2026-11-27T22:00:00Z
  day: 2026-11-27
  short: 2026-1-2
  spaced: 2001-12-14 21:59:43.10 -5
  lower-t: 2001-12-14t21:59:43.10-05:00
  quoted: "2026-11-27T22:00:00Z"
`)), ['-'], false);
    expect(problems).toEqual([]);
    expect(docs[0].obj.data).toEqual({
      'updated-at': '2026-11-27T22:00:00Z',
      day: '2026-11-27',
      short: '2026-1-2',
      spaced: '2001-12-14 21:59:43.10 -5',
      'lower-t': '2001-12-14t21:59:43.10-05:00',
      quoted: '2026-11-27T22:00:00Z',
    });
  });

  it('go-yaml v2 scalars: YAML 1.1 booleans (keys too), no base 60, Go integer prefixes, a lone dot is text', async () => {
    const { docs } = await readManifests(stdinCli(CM(`  flag: yes
  y: on
  n: off
  clock: 12:30:00
  sexagesimal: 1:30
  octal: 017
  go-octal: 0o17
  go-hex: 0X1F
  binary: 0b101
  under: 1_000
  exp: 1e3
  dot: .
  plain: hello
`)), ['-'], false);
    expect(docs[0].obj.data).toEqual({
      flag: true,
      true: true,
      false: false,
      clock: '12:30:00',
      sexagesimal: '1:30',
      octal: 15,
      'go-octal': 15,
      'go-hex': 31,
      binary: 5,
      under: 1000,
      exp: 1000,
      dot: '.',
      plain: 'hello',
    });
  });

  it('.inf cannot become JSON: the file is refused with kubectl\'s error', async () => {
    const { docs, problems } = await readManifests(stdinCli(CM('  big: .inf\n')), ['-'], false);
    expect(docs).toEqual([]);
    expect(problems).toEqual(['error parsing STDIN: error converting YAML to JSON: json: unsupported value: +Inf']);
  });

  it('applied, the ConfigMap stores the timestamp as text (before, it was refused as an object)', async () => {
    const w = await cluster();
    namespace(w);
    const c = stdinCli(CM('  updated-at: 2026-11-27T22:00:00Z\n  window: 22:00\n'));
    const { docs } = await readManifests(c, ['-'], false);
    const r = applyDocs(w, c, ADMIN, docs, 'apply', undefined);
    expect(r.errors).toEqual([]);
    expect(r.lines).toEqual(['configmap/settings created']);
    expect(w.get('configmaps', 'lab', 'settings')!.data).toEqual({ 'updated-at': '2026-11-27T22:00:00Z', window: '22:00' });
    // A YAML 1.1 boolean is still a boolean, and a ConfigMap refuses it as the API server does.
    const c2 = stdinCli(CM('  enabled: yes\n'));
    const bad = applyDocs(w, c2, ADMIN, (await readManifests(c2, ['-'], false)).docs, 'apply', undefined);
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors[0]).toMatch(/^Error from server \(BadRequest\): error when applying patch:\n\{.*"enabled":true.*ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal bool into Go struct field ConfigMap\.data of type string$/s);
  });

  it('kubectl apply -f - and a YAML patch (-p) keep timestamps as text', async () => {
    const h = simHome();
    await kubectl(h, ['create', 'namespace', 'lab']);
    const applied = await kubectl(h, ['apply', '-n', 'lab', '-f', '-'], { input: CM('  updated-at: 2026-11-27T22:00:00Z\n') });
    expect(applied).toEqual({ stdout: 'configmap/settings created\n', stderr: '', code: 0 });
    const patched = await kubectl(h, ['patch', 'cm', 'settings', '-n', 'lab', '--type', 'merge', '-p', 'data: {updated-at: 2026-12-01T08:00:00Z, window: 22:00}']);
    expect(patched).toEqual({ stdout: 'configmap/settings patched\n', stderr: '', code: 0 });
    expect((await kubectl(h, ['get', 'cm', 'settings', '-n', 'lab', '-o', 'jsonpath={.data}'])).stdout).toBe('{"updated-at":"2026-12-01T08:00:00Z","window":"22:00"}');
  });
});
