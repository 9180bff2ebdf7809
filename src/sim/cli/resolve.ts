/** Resource arguments as kubectl reads them: `pods`, `pods a b`, `pod/a svc/b`, `pods,svc`, `all`. */
import { KINDS, resolveType, type Kind } from '../api/kinds.js';
import { cmdError } from './errors.js';

export interface Selection {
  kind: Kind;
  names: string[];
  /** The namespace the objects name themselves (from -f files), over the command's. */
  ns?: string;
}

const ALL = ['pods', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets'];

function typeOf(t: string): Kind[] {
  if (t === 'all') return ALL.map((r) => KINDS.find((k) => k.res === r)!);
  const k = resolveType(t);
  if (!k) throw cmdError(`the server doesn't have a resource type "${t}"`);
  return [k];
}

/** Parse resource arguments. Returns undefined when none were given. */
export function parseResources(args: string[]): Selection[] | undefined {
  if (!args.length) return undefined;
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/'))) {
      throw cmdError("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'");
    }
    const out: Selection[] = [];
    for (const a of args) {
      const i = a.indexOf('/');
      const [kind] = typeOf(a.slice(0, i));
      const name = a.slice(i + 1);
      if (!name) throw cmdError(`arguments in resource/name form must have a single resource and name`);
      const prev = out.find((s) => s.kind === kind);
      if (prev) prev.names.push(name);
      else out.push({ kind, names: [name] });
    }
    return out;
  }
  const [types, ...names] = args;
  const words = types.split(',').filter(Boolean);
  // `a,b NAME...` is read as a/NAME b/NAME… (the builder's normalizeMultipleResourcesArgs); a single word
  // that is a category (`all NAME`) names one resource too many.
  if (names.length && words.length === 1 && words[0] === 'all') throw cmdError('you must specify only one resource');
  const kinds = words.flatMap(typeOf);
  return kinds.map((kind) => ({ kind, names: [...names] }));
}
