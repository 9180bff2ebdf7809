/** kubectl scale TYPE NAME --replicas=N (deployments, replicasets, statefulsets). */
import { ApiError, kubectlMessage } from '../api/errors.js';
import { qualifiedSingular } from '../api/kinds.js';
import { apiUpdate } from '../api/server.js';
import type { Obj } from '../state/types.js';
import { bool, int, str } from './argv.js';
import type { Cli } from './cli.js';
import { namespaceOf, userOf } from './context.js';
import { CmdError, cmdError } from './errors.js';
import { copy, getObject, listObjects } from './query.js';
import { parseResources } from './resolve.js';
import { withWorld } from './session.js';

/** The resource builder's answer when a command got neither a resource nor a file (scale, delete, …). */
export const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

export async function cmdScale(c: Cli): Promise<number> {
  const p = c.p;
  if (!p.flags.has('replicas')) throw cmdError('required flag(s) "replicas" not set');
  const replicas = int(p, 'replicas', 0);
  if (replicas < 0) throw cmdError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const sels = parseResources(p.args);
  if (!sels) throw cmdError(NO_RESOURCES);
  const current = int(p, 'current-replicas', -1);
  const lines = await withWorld(c.env, true, (w) => {
    const user = userOf(w, c.target, p);
    const ns = namespaceOf(p, c.target, w);
    const out: string[] = [];
    for (const s of sels) {
      if (!['deployments', 'replicasets', 'statefulsets'].includes(s.kind.res)) throw cmdError(`no scaler has been implemented for {"${s.kind.group}" "${s.kind.kind}"}`);
      let objs: Obj[];
      try {
        objs = s.names.length ? s.names.map((n) => getObject(w, user, s.kind, ns, n)) : bool(p, 'all') || str(p, 'selector') ? listObjects(w, user, s.kind, ns, { labels: str(p, 'selector') }) : [];
      } catch (err) {
        // scale.go: the builder's NotFound is wrapped, not printed as a server error.
        if (err instanceof ApiError && err.reason === 'NotFound') throw cmdError(`no objects passed to scale ${err.message}`);
        if (err instanceof ApiError) throw new CmdError(kubectlMessage(err));
        throw err;
      }
      if (!s.names.length && !objs.length) throw cmdError('resource(s) were provided, but no name was specified');
      for (const o of objs) {
        if (current >= 0 && (o.spec.replicas ?? 1) !== current) throw cmdError(`Expected replicas to be ${current}, was ${o.spec.replicas ?? 1}`);
        const next = copy(o);
        delete next.status;
        next.spec.replicas = replicas;
        try {
          apiUpdate(w, user, o, next, 'patch', 'scale');
        } catch (err) {
          if (err instanceof ApiError) throw new CmdError(kubectlMessage(err));
          throw err;
        }
        out.push(`${qualifiedSingular(s.kind)}/${o.metadata.name} scaled`);
      }
    }
    return out;
  });
  for (const l of lines) c.out(`${l}\n`);
  return 0;
}
