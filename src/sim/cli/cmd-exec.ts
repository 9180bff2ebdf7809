/**
 * kubectl exec [-i] POD [-c C] -- CMD...: run a command in a running container of the model. With -i the
 * command's standard input is kubectl's own (read to its end when the command reads it).
 */
import { authz } from '../api/rbac.js';
import { execIn, notFoundMessage, readsStdin } from '../kubelet/exec.js';
import { bool, str } from './argv.js';
import type { Cli } from './cli.js';
import { namespaceOf, userOf } from './context.js';
import { CmdError, cmdError } from './errors.js';
import { containerFor, podFor } from './pods.js';
import { withWorld } from './session.js';

export async function cmdExec(c: Cli): Promise<number> {
  const p = c.p;
  if (!p.args.length) throw cmdError('pod, type/name or --filename must be specified');
  const target = p.args[0];
  if (p.dash < 0 && p.args.length > 1) throw cmdError(`exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples`);
  const argv = p.dash >= 0 ? p.args.slice(p.dash) : [];
  if (!argv.length) throw cmdError('you must specify at least one command for the container');
  if (bool(p, 'stdin') && argv.length === 1 && /(^|\/)(sh|bash|ash)$/.test(argv[0])) {
    throw cmdError('an interactive shell is not modelled by the emqx-lab simulator: run single commands, e.g. kubectl exec POD -- emqx ctl status');
  }
  const stdin = bool(p, 'stdin') && readsStdin(argv) ? await c.stdin() : '';
  const notes: string[] = [];
  const res = await withWorld(c.env, true, (w) => {
    const user = userOf(w, c.target, p);
    const ns = namespaceOf(p, c.target, w);
    // Unlike logs, exec does not say which of a workload's pods it picked (attachablePodForObject).
    const pod = podFor(w, user, ns, target, []);
    authz(w, user, { verb: 'create', group: '', res: 'pods', sub: 'exec', ns, name: pod.metadata.name });
    const ctr = containerFor(pod, str(p, 'container'), notes, bool(p, 'quiet'));
    if (!pod.spec.nodeName) throw new CmdError(`Error from server (BadRequest): pod ${pod.metadata.name} does not have a host assigned`);
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') throw cmdError(`cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
    const r = w.s.rt.pods[pod.metadata.uid!]?.ctrs[ctr.name];
    if (!r || r.st !== 'run') throw cmdError(`Internal error occurred: unable to upgrade connection: container not found ("${ctr.name}")`);
    const outcome = execIn(w, pod, ctr, argv, stdin);
    if ('notFound' in outcome) throw new CmdError(notFoundMessage(r.inst!, outcome.notFound));
    return outcome;
  });
  for (const n of notes) c.err(`${n}\n`);
  if (res.stdout) c.out(res.stdout);
  if (res.stderr) c.err(res.stderr);
  if (res.code !== 0) throw new CmdError(`command terminated with exit code ${res.code}`, res.code);
  return 0;
}
