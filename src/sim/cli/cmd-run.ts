/**
 * kubectl run NAME --image=IMG [-- ARGS]: a bare pod labelled run=NAME. With -i/--attach it waits for the
 * pod to finish and prints its output (no interactive terminal), --rm deletes it afterwards.
 */
import { ApiError, kubectlMessage } from '../api/errors.js';
import { apiCreate, apiDelete } from '../api/server.js';
import { expandLogs } from '../kubelet/logs.js';
import type { Obj } from '../state/types.js';
import { resolveType } from '../api/kinds.js';
import { printStructured } from '../print/output.js';
import { bool, list, str } from './argv.js';
import type { Cli } from './cli.js';
import { namespaceOf, userOf } from './context.js';
import { CmdError, cmdError } from './errors.js';
import { withWorld } from './session.js';
import { sleep } from './wait-util.js';

export async function cmdRun(c: Cli): Promise<number> {
  const p = c.p;
  const name = p.args[0];
  if (!name) throw cmdError("NAME is required for run\nSee 'kubectl run -h' for help and examples");
  const image = str(p, 'image');
  if (!image) throw cmdError("--image is required\nSee 'kubectl run -h' for help and examples");
  const rest = p.dash >= 0 ? p.args.slice(p.dash) : p.args.slice(1);
  const labels = Object.fromEntries((str(p, 'labels') ?? `run=${name}`).split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
  const container: Record<string, unknown> = { name, image, resources: {} };
  if (rest.length) container[bool(p, 'command') ? 'command' : 'args'] = rest;
  const env = list(p, 'env').map((e) => ({ name: e.slice(0, e.indexOf('=')), value: e.slice(e.indexOf('=') + 1) }));
  if (env.length) container.env = env;
  if (str(p, 'port')) container.ports = [{ containerPort: Number(str(p, 'port')) }];
  if (str(p, 'image-pull-policy')) container.imagePullPolicy = str(p, 'image-pull-policy');
  const restart = str(p, 'restart') ?? 'Always';
  const pod: Obj = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
  };
  const dry = str(p, 'dry-run');
  if (dry && dry !== 'none') {
    const out = str(p, 'output');
    const shown: Obj = { ...pod, metadata: { ...pod.metadata, creationTimestamp: null as unknown as string }, status: {} };
    if (out) c.out(await printStructured([{ kind: resolveType('pods')!, items: [shown] }], true, { output: out }));
    else c.out(`pod/${name} created (${dry === 'server' ? 'server dry run' : 'dry run'})\n`);
    return 0;
  }
  await withWorld(c.env, true, (w) => {
    pod.metadata.namespace = namespaceOf(p, c.target, w);
    try {
      apiCreate(w, userOf(w, c.target, p), pod);
    } catch (err) {
      if (err instanceof ApiError) throw new CmdError(kubectlMessage(err));
      throw err;
    }
  });
  const attach = bool(p, 'attach') || bool(p, 'stdin') || bool(p, 'rm');
  if (!attach) {
    c.out(`pod/${name} created\n`);
    return 0;
  }
  let code = 0;
  for (;;) {
    const st = await withWorld(c.env, false, (w) => {
      const o = w.get('pods', pod.metadata.namespace, name);
      const r = o ? w.s.rt.pods[o.metadata.uid!]?.ctrs[name] : undefined;
      return { phase: o?.status?.phase, done: r?.st === 'done' || r?.st === 'exited' || o?.status?.phase === 'Succeeded' || o?.status?.phase === 'Failed', code: r?.exit?.code ?? 0, lines: r?.inst ? expandLogs(w.s.rt.logs[r.inst], w.now).map((l) => l.text) : [] };
    });
    if (st.done) {
      if (st.lines.length) c.out(`${st.lines.join('\n')}\n`);
      code = st.code;
      break;
    }
    if (c.signal.aborted) return 130;
    await sleep(200);
  }
  if (bool(p, 'rm')) {
    await withWorld(c.env, true, (w) => {
      const o = w.get('pods', pod.metadata.namespace, name);
      if (o) apiDelete(w, userOf(w, c.target, p), o, { grace: 0, force: true });
    });
    c.out(`pod "${name}" deleted\n`);
  }
  if (code !== 0) throw new CmdError(`pod ${pod.metadata.namespace}/${name} terminated (Error)`, 1);
  return 0;
}
