/**
 * kubectl apply -f (client-side apply, kubectl 1.32): per object `created`, `configured` or `unchanged`;
 * the last-applied annotation drives the three-way merge; objects with problems do not stop the others; the
 * errors follow, worded as kubectl words them.
 */
import { ApiError, kubectlMessage } from '../api/errors.js';
import { apiVersionOf, qualifiedSingular, type Kind } from '../api/kinds.js';
import { merge3 } from '../api/merge.js';
import { canonical } from '../api/validate.js';
import type { User } from '../api/rbac.js';
import { apiCreate, apiUpdate, authz } from '../api/server.js';
import { strictDecode } from '../api/strict.js';
import { sortKeys } from '../print/format.js';
import { printStructured } from '../print/output.js';
import type { Obj } from '../state/types.js';
import { World } from '../api/world.js';
import { bool, list, str } from './argv.js';
import type { Cli } from './cli.js';
import { namespaceOf, userOf } from './context.js';
import { CmdError, cmdError } from './errors.js';
import { ManifestErrors, mappingError, readManifests, type Doc } from './manifests.js';
import { copy } from './query.js';
import { withWorld } from './session.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function gvr(k: Kind): string {
  return `${k.group ? k.group : ''}/${k.version}, Resource=${k.res}`;
}

function gvk(k: Kind): string {
  return `${k.group ? k.group : ''}/${k.version}, Kind=${k.kind}`;
}

/** The annotation kubectl stores: the configuration as given, keys sorted, without the annotation itself. */
/**
 * kubectl's GetModifiedConfiguration: the object as given, its annotations without the last-applied one;
 * the annotations map is always there (kubectl sets it before encoding), so `"annotations":{}` when empty.
 */
function lastApplied(o: Obj): string {
  const c = copy(o);
  c.metadata.annotations = { ...(c.metadata.annotations ?? {}) };
  delete c.metadata.annotations[LAST_APPLIED];
  return `${JSON.stringify(sortKeys(c))}\n`;
}

export interface ApplyResult {
  lines: string[];
  errors: string[];
  objects: { kind: Kind; obj: Obj }[];
}

export function applyDocs(w: World, c: Cli, user: User, docs: Doc[], mode: 'apply' | 'create', dryRun: string | undefined): ApplyResult {
  const res: ApplyResult = { lines: [], errors: [], objects: [] };
  const ns = namespaceOf(c.p, c.target, w);
  const explicitNs = str(c.p, 'namespace');
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  for (const d of docs) {
    if (!d.kind) {
      res.errors.push(mappingError(d));
      continue;
    }
    const k = d.kind;
    const desired = copy(d.obj);
    if (k.namespaced) {
      if (explicitNs && desired.metadata.namespace && desired.metadata.namespace !== explicitNs) {
        res.errors.push(`the namespace from the provided object "${desired.metadata.namespace}" does not match the namespace "${explicitNs}". You must pass '--namespace=${desired.metadata.namespace}' to perform this operation.`);
        continue;
      }
      desired.metadata.namespace = desired.metadata.namespace || ns;
    }
    const name = desired.metadata.name;
    const typeName = `${qualifiedSingular(k)}/${name}`;
    const strict = str(c.p, 'validate') === 'false' || str(c.p, 'validate') === 'ignore' ? undefined : strictDecode(d.obj, k.kind, k.version);
    try {
      if (!name && !desired.metadata.generateName) throw new CmdError(`error when retrieving current configuration of:\nResource: "${gvr(k)}", GroupVersionKind: "${gvk(k)}"\nName: "", Namespace: "${k.namespaced ? desired.metadata.namespace : ''}"\nfrom server for: "${d.source}": resource name may not be empty`);
      let live: Obj | undefined;
      if (mode === 'apply') {
        try {
          authz(w, user, { verb: 'get', group: k.group, res: k.res, ns: k.namespaced ? desired.metadata.namespace : undefined, name });
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          throw new CmdError(`Error from server (${err.reason}): error when retrieving current configuration of:\nResource: "${gvr(k)}", GroupVersionKind: "${gvk(k)}"\nName: "${name}", Namespace: "${k.namespaced ? desired.metadata.namespace : ''}"\nfrom server for: "${d.source}": ${err.message}`);
        }
        live = w.get(k.res, k.namespaced ? desired.metadata.namespace : undefined, name);
      }
      if (strict) {
        const verb = live ? `applying patch:\n${JSON.stringify(d.obj)}\nto:\nResource: "${gvr(k)}", GroupVersionKind: "${gvk(k)}"\nName: "${name}", Namespace: "${k.namespaced ? desired.metadata.namespace : ''}"\nfor: "${d.source}": error when patching "${d.source}"` : `creating "${d.source}"`;
        throw new CmdError(`Error from server (BadRequest): error when ${verb}: ${strict}`);
      }
      if (mode === 'apply') desired.metadata.annotations = { ...(desired.metadata.annotations ?? {}), [LAST_APPLIED]: lastApplied(desired) };
      if (!live) {
        try {
          const created = apiCreate(w, user, desired, { dryRun: !!dryRun });
          res.lines.push(`${typeName} created${suffix}`);
          res.objects.push({ kind: k, obj: created });
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          if (err.reason === 'Invalid') throw new CmdError(kubectlMessage(err));
          throw new CmdError(`Error from server (${err.reason}): error when creating "${d.source}": ${err.message}`);
        }
        continue;
      }
      let previous: unknown;
      try {
        previous = JSON.parse(live.metadata.annotations?.[LAST_APPLIED] ?? 'null');
      } catch {
        previous = null;
      }
      const base = copy(live);
      delete base.status;
      const merged = merge3(base, previous, desired) as Obj;
      try {
        const world = dryRun ? new World(JSON.parse(JSON.stringify(w.s)), w.now) : w;
        const target = dryRun ? world.get(k.res, live.metadata.namespace, name)! : live;
        // kubectl prints "unchanged" when its three-way patch is empty, whatever the server then makes of a
        // non-empty one (a Secret's stringData is always in the patch: the server never stores it).
        const patchEmpty = JSON.stringify(canonical(merged)) === JSON.stringify(canonical(base));
        const updated = apiUpdate(world, user, target, merged, 'patch');
        res.lines.push(`${typeName} ${patchEmpty ? 'unchanged' : 'configured'}${suffix}`);
        res.objects.push({ kind: k, obj: updated });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (err.reason === 'Invalid') throw new CmdError(kubectlMessage(err));
        throw new CmdError(`Error from server (${err.reason}): error when applying patch:\n${JSON.stringify(d.obj)}\nto:\nResource: "${gvr(k)}", GroupVersionKind: "${gvk(k)}"\nName: "${name}", Namespace: "${k.namespaced ? desired.metadata.namespace : ''}"\nfor: "${d.source}": error when patching "${d.source}": ${err.message}`);
      }
    } catch (err) {
      if (err instanceof CmdError) res.errors.push(err.message);
      else throw err;
    }
  }
  return res;
}

export async function cmdApply(c: Cli, mode: 'apply' | 'create' = 'apply'): Promise<number> {
  const p = c.p;
  const files = list(p, 'filename');
  if (!files.length) throw cmdError('must specify one of -f and -k');
  if (str(p, 'kustomize')) throw cmdError('kustomize (-k) is not modelled by the emqx-lab simulator');
  if (bool(p, 'prune')) throw cmdError('--prune is not modelled by the emqx-lab simulator');
  let docs: Doc[];
  let problems: string[];
  try {
    ({ docs, problems } = await readManifests(c, files, bool(p, 'recursive')));
  } catch (err) {
    if (err instanceof ManifestErrors) throw new CmdError(err.message);
    throw err;
  }
  if (!docs.length && !problems.length) throw cmdError(mode === 'apply' ? 'no objects passed to apply' : 'no objects passed to create');
  const dryRun = str(p, 'dry-run');
  const dry = dryRun && dryRun !== 'none' ? (dryRun === 'unchanged' ? 'client' : dryRun) : undefined;
  const res = await withWorld(c.env, !dry, (w) => applyDocs(w, c, userOf(w, c.target, p), dry === 'client' ? [] : docs, mode, dry));
  if (dry === 'client') for (const d of docs) if (d.kind) res.lines.push(`${qualifiedSingular(d.kind)}/${d.obj.metadata.name} created (dry run)`);
  const out = str(p, 'output');
  if (out && out !== 'wide') {
    c.out(await printStructured(res.objects.map((o) => ({ kind: o.kind, items: [o.obj] })), res.objects.length === 1, { output: out }));
  } else {
    const serverSide = bool(p, 'server-side');
    for (const l of res.lines) c.out(`${serverSide ? l.replace(/ (created|configured|unchanged)/, ' serverside-applied') : mode === 'create' ? l : l}\n`);
  }
  const errors = [...problems, ...res.errors];
  if (!errors.length) return 0;
  if (errors.length === 1) {
    const e = errors[0];
    throw new CmdError(/^(Error from server|The |error: )/.test(e) ? e : `error: ${e}`);
  }
  throw new CmdError(errors.join('\n'));
}

export { apiVersionOf };
