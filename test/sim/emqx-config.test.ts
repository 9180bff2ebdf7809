import { describe, expect, it } from 'vitest';
import { entrypointNodeName } from '../../src/sim/emqx/nodename.js';
import { parseEnvConfig } from '../../src/sim/emqx/config.js';
import { apply, cluster, emqxDeployment, exec, logs, namespace, pod, pods, ready, until, waiting } from './helpers.js';

describe('EMQX configuration from the environment', () => {
  it('maps EMQX_ variables: 5.x keys honoured, unknown keys under a known root warned, unknown roots ignored', () => {
    const p = parseEnvConfig([
      ['EMQX_CLUSTER__DISCOVERY_STRATEGY', 'k8s'],
      ['EMQX_CLUSTER__DISCOVERY', 'k8s'],
      ['EMQX_CLUSTER__K8S__APP_NAME', 'emqx'],
      ['EMQX_CLUSTER_DISCOVERY_STRATEGY', 'k8s'],
      ['EMQX_SERVICE_HOST', '10.96.0.5'],
    ]);
    expect(p.values.get('cluster.discovery_strategy')).toBe('k8s');
    expect(p.unknown).toEqual(['EMQX_CLUSTER__DISCOVERY', 'EMQX_CLUSTER__K8S__APP_NAME']);
    expect([...p.values.keys()]).toEqual(['cluster.discovery_strategy']);
  });

  it('4.x names: the node logs unknown_env_vars and runs standalone', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, emqxDeployment({ env: { EMQX_CLUSTER__DISCOVERY: 'kubernetes', EMQX_CLUSTER__K8S__APP_NAME: 'emqx' } }));
    until(w, () => pods(w).some(ready), 120);
    const p = pods(w)[0];
    expect(logs(w, p)).toContain('[warning] unknown_env_vars: ["EMQX_CLUSTER__DISCOVERY","EMQX_CLUSTER__K8S__APP_NAME"]');
    expect(exec(w, p, ['emqx', 'ctl', 'cluster', 'status']).stdout).toBe(`Cluster status: #{running_nodes => ['emqx@${p.status.podIP}'],stopped_nodes => []}\n`);
  });

  it.each(['kubernetes', 'K8s'])('a bad enum value (%s) stops the node before it boots: CrashLoopBackOff', async (value) => {
    const w = await cluster();
    namespace(w);
    apply(w, emqxDeployment({ env: { EMQX_CLUSTER__DISCOVERY_STRATEGY: value } }));
    until(w, () => waiting(pods(w)[0]) === 'CrashLoopBackOff', 120);
    const p = pods(w)[0];
    expect(p.status.containerStatuses[0].lastState.terminated.exitCode).toBe(1);
    const text = logs(w, p);
    expect(text).toContain('escript: exception throw: {emqx_conf_schema,[#{reason => unable_to_convert_to_enum_symbol,');
    expect(text).toContain(`value => <<"${value}">>,path => "cluster.discovery_strategy",`);
    expect(text).toContain('ERROR: call_hocon_failed: -s emqx_conf_schema -c /opt/emqx/etc/emqx.conf multi_get node.data_dir node.name node.cookie node.db_backend cluster.proto_dist node.dist_net_ticktime');
  });

  it('the hosname typo in address_type is an enum error too', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, emqxDeployment({ env: { EMQX_CLUSTER__DISCOVERY_STRATEGY: 'k8s', EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'hosname' } }));
    until(w, () => waiting(pods(w)[0]) === 'CrashLoopBackOff', 120);
    expect(logs(w, pods(w)[0])).toContain('value => <<"hosname">>,path => "cluster.k8s.address_type",');
  });

  it('node names by the entrypoint rules', () => {
    const pod = { ip: '10.244.1.7', hostname: 'broker-0', subdomain: 'broker-headless', ns: 'lab' };
    const name = (env: Record<string, string>, p = pod) => {
      const r = entrypointNodeName(new Map(Object.entries(env)), p);
      return 'name' in r ? r.name : 'FAIL';
    };
    expect(name({})).toBe('emqx@10.244.1.7');
    expect(name({ EMQX_NAME: 'mq' })).toBe('mq@10.244.1.7');
    expect(name({ EMQX_HOST: 'a.b' })).toBe('emqx@a.b');
    expect(name({ EMQX_NODE__NAME: 'x@y', EMQX_NODE_NAME: 'z@w' })).toBe('z@w');
    const k8s = { EMQX_CLUSTER__DISCOVERY_STRATEGY: 'k8s', EMQX_CLUSTER__K8S__NAMESPACE: 'lab' };
    expect(name({ ...k8s, EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'dns' })).toBe('emqx@10-244-1-7.lab.pod.cluster.local');
    expect(name({ ...k8s, EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'hostname' })).toBe('emqx@broker-0.broker-headless.lab.svc.cluster.local');
    expect(name({ ...k8s, EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'hostname' }, { ...pod, subdomain: undefined as unknown as string })).toBe('FAIL');
    expect(name({ ...k8s, EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'ip' })).toBe('emqx@10.244.1.7');
    expect(name({ EMQX_CLUSTER__DISCOVERY: 'k8s', EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'hostname', EMQX_CLUSTER__K8S__NAMESPACE: 'lab' })).toBe('emqx@10.244.1.7');
  });

  it('hostname mode in a pod without a subdomain: the entrypoint exits 1 with no output', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, emqxDeployment({ env: { EMQX_CLUSTER__DISCOVERY_STRATEGY: 'k8s', EMQX_CLUSTER__K8S__ADDRESS_TYPE: 'hostname', EMQX_CLUSTER__K8S__NAMESPACE: 'lab' } }));
    until(w, () => waiting(pods(w)[0]) === 'CrashLoopBackOff', 120);
    expect(pods(w)[0].status.containerStatuses[0].lastState.terminated.exitCode).toBe(1);
    expect(logs(w, pods(w)[0])).toBe('');
  });

  it('boot output: overrides echoed (secrets masked), listeners, the banner; ctl status', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, emqxDeployment({ env: { EMQX_DASHBOARD__DEFAULT_PASSWORD: 'Secret123' } }));
    until(w, () => pods(w).some(ready), 120);
    const p = pods(w)[0];
    const text = logs(w, p);
    expect(text).toContain('WARNING: Default (insecure) Erlang cookie is in use.');
    expect(text).toContain('EMQX_DASHBOARD__DEFAULT_PASSWORD [dashboard.default_password]: ******');
    expect(text).toContain(`EMQX_NODE__NAME [node.name]: emqx@${p.status.podIP}`);
    expect(text).toContain('Listener http:dashboard on :18083 started.');
    expect(text.split('\n').pop()).toBe('EMQX 5.8.9 is running now!');
    expect(exec(w, p, ['emqx', 'ctl', 'status']).stdout).toBe(`Node 'emqx@${p.status.podIP}' 5.8.9 is started\n`);
    expect(exec(w, p, ['emqx_ctl', 'status']).stdout).toBe(`Node 'emqx@${p.status.podIP}' 5.8.9 is started\n`);
    expect(exec(w, p, ['hostname', '-i']).stdout).toBe(`${p.status.podIP}\n`);
    void pod;
  });
});
