/** kubectl config: the simulator's own kubeconfig (context emqx-lab-sim), or the one given with --kubeconfig. */
import { CLUSTER } from '../state/cluster.js';
import { toJson, toYaml, table } from '../print/format.js';
import { bool, str } from './argv.js';
import type { Cli } from './cli.js';
import { CmdError } from './errors.js';
import { withWorld } from './session.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The kubeconfig the simulator acts as when none is given. */
export function simKubeconfig(namespace?: string): J {
  return {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: {},
    clusters: [{ name: CLUSTER.context, cluster: { server: CLUSTER.server, 'certificate-authority-data': 'DATA+OMITTED' } }],
    users: [{ name: `${CLUSTER.context}-admin`, user: { 'client-certificate-data': 'DATA+OMITTED', 'client-key-data': 'DATA+OMITTED' } }],
    contexts: [{ name: CLUSTER.context, context: { cluster: CLUSTER.context, user: `${CLUSTER.context}-admin`, ...(namespace ? { namespace } : {}) } }],
    'current-context': CLUSTER.context,
  };
}

async function contextNs(c: Cli): Promise<string | undefined> {
  return withWorld(c.env, false, (w) => w.s.rt.memo['ctx/namespace'] || undefined);
}

async function config(c: Cli): Promise<J> {
  return c.target.kubeconfig ?? simKubeconfig(await contextNs(c));
}

export async function cmdCurrentContext(c: Cli): Promise<number> {
  const cfg = await config(c);
  c.out(`${cfg['current-context']}\n`);
  return 0;
}

function redact(cfg: J, raw: boolean): J {
  const copy: J = JSON.parse(JSON.stringify(cfg));
  if (raw) return copy;
  for (const u of copy.users ?? []) {
    for (const k of ['client-certificate-data', 'client-key-data']) if (u.user?.[k]) u.user[k] = 'DATA+OMITTED';
    if (u.user?.token) u.user.token = 'REDACTED';
  }
  for (const cl of copy.clusters ?? []) if (cl.cluster?.['certificate-authority-data']) cl.cluster['certificate-authority-data'] = 'DATA+OMITTED';
  return copy;
}

export async function cmdConfigView(c: Cli): Promise<number> {
  let cfg = redact(await config(c), bool(c.p, 'raw'));
  if (bool(c.p, 'minify')) {
    const name = str(c.p, 'context') ?? cfg['current-context'];
    const ctx = (cfg.contexts ?? []).filter((x: J) => x.name === name);
    const cl = (cfg.clusters ?? []).filter((x: J) => x.name === ctx[0]?.context?.cluster);
    const us = (cfg.users ?? []).filter((x: J) => x.name === ctx[0]?.context?.user);
    cfg = { kind: 'Config', apiVersion: 'v1', preferences: {}, clusters: cl, users: us, contexts: ctx, 'current-context': name };
  }
  const out = str(c.p, 'output') ?? 'yaml';
  if (out === 'json') c.out(toJson(cfg));
  else if (out.startsWith('jsonpath=')) c.out((await import('../print/jsonpath.js')).jsonpath(out.slice(9), cfg));
  else c.out(await toYaml(cfg));
  return 0;
}

export async function cmdGetContexts(c: Cli): Promise<number> {
  const cfg = await config(c);
  if (str(c.p, 'output') === 'name') {
    c.out((cfg.contexts ?? []).map((x: J) => `${x.name}\n`).join(''));
    return 0;
  }
  const rows = (cfg.contexts ?? []).map((x: J) => [x.name === cfg['current-context'] ? '*' : '', x.name, x.context?.cluster ?? '', x.context?.user ?? '', x.context?.namespace ?? '']);
  c.out(table(bool(c.p, 'no-headers') ? rows : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ...rows]));
  return 0;
}

export async function cmdUseContext(c: Cli): Promise<number> {
  const name = c.p.args[0];
  const cfg = await config(c);
  if (!(cfg.contexts ?? []).some((x: J) => x.name === name)) throw new CmdError(`error: no context exists with the name: "${name}"`);
  if (c.target.kubeconfig) throw new CmdError('error: changing a kubeconfig file is not modelled by the emqx-lab simulator');
  c.out(`Switched to context "${name}".\n`);
  return 0;
}

/** Only `config set-context --current --namespace=NS` (kept in the simulator's state). */
export async function cmdSetContext(c: Cli): Promise<number> {
  const ns = str(c.p, 'namespace');
  if (!bool(c.p, 'current') && c.p.args[0] !== CLUSTER.context) throw new CmdError('error: only "kubectl config set-context --current --namespace=NS" is modelled by the emqx-lab simulator');
  if (c.target.kubeconfig) throw new CmdError('error: changing a kubeconfig file is not modelled by the emqx-lab simulator');
  await withWorld(c.env, true, (w) => {
    w.s.rt.memo['ctx/namespace'] = ns ?? '';
    w.dirty = true;
  });
  c.out(`Context "${CLUSTER.context}" modified.\n`);
  return 0;
}
