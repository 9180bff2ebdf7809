/** Picking pods and containers the way kubectl logs/exec/port-forward do. */
import { ApiError, kubectlMessage } from '../api/errors.js';
import { resolveType } from '../api/kinds.js';
import type { User } from '../api/rbac.js';
import { matchesSelector } from '../api/selector.js';
import type { World } from '../api/world.js';
import type { Obj } from '../state/types.js';
import { CmdError, cmdError } from './errors.js';
import { getObject } from './query.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function rank(p: Obj): number[] {
  const ready = (p.status?.conditions ?? []).some((c: J) => c.type === 'Ready' && c.status === 'True');
  const phase = p.status?.phase === 'Running' ? 2 : p.status?.phase === 'Pending' ? 1 : 0;
  return [p.spec.nodeName ? 1 : 0, phase, ready ? 1 : 0, p.metadata.deletionTimestamp ? 0 : 1, Date.parse(p.metadata.creationTimestamp ?? '')];
}

/** The pod behind `name` or `type/name` (deploy/x, sts/x, svc/x, rs/x, ds/x): the most active one. */
export function podFor(w: World, u: User, ns: string, arg: string, notes: string[]): Obj {
  const slash = arg.indexOf('/');
  if (slash < 0) return wrap(() => getObject(w, u, resolveType('pods')!, ns, arg));
  const kind = resolveType(arg.slice(0, slash));
  if (!kind) throw cmdError(`the server doesn't have a resource type "${arg.slice(0, slash)}"`);
  const name = arg.slice(slash + 1);
  if (kind.res === 'pods') return wrap(() => getObject(w, u, kind, ns, name));
  const owner = wrap(() => getObject(w, u, kind, ns, name));
  const selector = kind.res === 'services' ? { matchLabels: owner.spec.selector ?? {} } : owner.spec.selector;
  const pods = w.list('pods', ns).filter((p) => matchesSelector(selector, p.metadata.labels));
  if (!pods.length) throw cmdError(`timed out waiting for the condition`);
  pods.sort((a, b) => {
    const x = rank(a);
    const y = rank(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return y[i] - x[i];
    return 0;
  });
  if (pods.length > 1) notes.push(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}`);
  return pods[0];
}

function wrap(f: () => Obj): Obj {
  try {
    return f();
  } catch (err) {
    if (err instanceof ApiError) throw new CmdError(kubectlMessage(err));
    throw err;
  }
}

/** The container to use: -c, else the default-container annotation, else the first (with a note). */
export function containerFor(pod: Obj, name: string | undefined, notes: string[], quiet = false): J {
  const cs: J[] = pod.spec.containers ?? [];
  if (name) {
    const c = cs.find((x) => x.name === name) ?? (pod.spec.initContainers ?? []).find((x: J) => x.name === name);
    if (!c) throw new CmdError(`error: container ${name} is not valid for pod ${pod.metadata.name}`);
    return c;
  }
  const def = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const c = cs.find((x) => x.name === def) ?? cs[0];
  if (cs.length > 1 && !def && !quiet) notes.push(`Defaulted container "${c.name}" out of: ${cs.map((x) => x.name).join(', ')}`);
  return c;
}
