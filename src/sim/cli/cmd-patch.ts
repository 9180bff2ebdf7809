/** kubectl patch (strategic, merge, json), label and annotate. */
import { ApiError, kubectlMessage } from '../api/errors.js';
import { qualifiedSingular, type Kind } from '../api/kinds.js';
import { merge3 } from '../api/merge.js';
import { apiUpdate } from '../api/server.js';
import type { World } from '../api/world.js';
import type { Obj } from '../state/types.js';
import { bool, list, str } from './argv.js';
import type { Cli } from './cli.js';
import { allNamespaces, namespaceOf, userOf } from './context.js';
import { CmdError, cmdError } from './errors.js';
import { copy, getObject, listObjects } from './query.js';
import { parseResources, type Selection } from './resolve.js';
import { withWorld } from './session.js';
import { GO_YAML } from './yaml-go.js';
import { readFileSync } from 'node:fs';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: J = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as J) } : {};
  for (const [k, v] of Object.entries(patch as J)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function pointer(path: string): string[] {
  return path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function jsonPatch(doc: J, ops: J[]): J {
  const root = copy(doc);
  const parentOf = (parts: string[]): [J, string] => {
    let cur: J = root;
    for (const p of parts.slice(0, -1)) {
      if (cur[p] === undefined) throw new Error(`doc is missing path: "/${parts.join('/')}"`);
      cur = cur[p];
    }
    return [cur, parts[parts.length - 1]];
  };
  const get = (path: string): unknown => pointer(path).reduce((c: J | undefined, p) => (c === undefined ? undefined : c[p]), root);
  for (const op of ops) {
    const parts = pointer(op.path ?? '');
    const [parent, key] = parentOf(parts);
    switch (op.op) {
      case 'add':
        if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : Number(key), 0, op.value);
        else parent[key] = op.value;
        break;
      case 'replace':
        if (parent[key] === undefined) throw new Error(`replace operation does not apply: doc is missing key: ${op.path}`);
        parent[key] = op.value;
        break;
      case 'remove':
        if (parent[key] === undefined) throw new Error(`remove operation does not apply: doc is missing path: "${op.path}"`);
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        break;
      case 'test':
        if (JSON.stringify(get(op.path)) !== JSON.stringify(op.value)) throw new Error(`testing value ${op.path} failed`);
        break;
      case 'copy':
      case 'move': {
        const v = copy(get(op.from));
        if (op.op === 'move') {
          const [fp, fk] = parentOf(pointer(op.from));
          if (Array.isArray(fp)) fp.splice(Number(fk), 1);
          else delete fp[fk];
        }
        if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : Number(key), 0, v);
        else parent[key] = v;
        break;
      }
      default:
        throw new Error(`Unexpected kind: ${op.op}`);
    }
  }
  return root;
}

async function parsePatch(text: string): Promise<unknown> {
  try {
    return JSON.parse(text);
  } catch {
    const { parse } = await import('yaml');
    try {
      return parse(text, GO_YAML);
    } catch (err) {
      throw cmdError(`unable to parse "${text}": ${(err as Error).message.split('\n')[0]}`);
    }
  }
}

function targets(c: Cli, w: World, sels: Selection[]): { kind: Kind; obj: Obj }[] {
  const user = userOf(w, c.target, c.p);
  const ns = namespaceOf(c.p, c.target, w);
  const out: { kind: Kind; obj: Obj }[] = [];
  for (const s of sels) {
    const objs = s.names.length
      ? s.names.map((n) => getObject(w, user, s.kind, ns, n))
      : bool(c.p, 'all') || str(c.p, 'selector')
        ? listObjects(w, user, s.kind, allNamespaces(c.p) ? undefined : ns, { labels: str(c.p, 'selector') })
        : [];
    for (const o of objs) out.push({ kind: s.kind, obj: o });
  }
  return out;
}

export async function cmdPatch(c: Cli): Promise<number> {
  const text = str(c.p, 'patch') ?? (str(c.p, 'patch-file') ? readFileSync(str(c.p, 'patch-file')!, 'utf8') : undefined);
  if (text === undefined) throw cmdError('must specify --patch or --patch-file containing the contents of the patch');
  const patch = await parsePatch(text);
  const type = str(c.p, 'type') ?? 'strategic';
  if (!['strategic', 'merge', 'json'].includes(type)) throw cmdError(`--type must be one of [json merge strategic], not "${type}"`);
  const sels = parseResources(c.p.args);
  if (!sels) throw cmdError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  const lines = await withWorld(c.env, true, (w) => {
    const user = userOf(w, c.target, c.p);
    const out: string[] = [];
    try {
      for (const t of targets(c, w, sels)) {
        // The server decodes a merge patch into a map: any other JSON value is a bad request.
        if (type !== 'json' && (patch === null || typeof patch !== 'object' || Array.isArray(patch))) {
          const what = patch === null ? 'null' : Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
          throw new CmdError(`Error from server (BadRequest): json: cannot unmarshal ${what} into Go value of type map[string]interface {}`);
        }
        const base = copy(t.obj);
        const status = base.status;
        delete base.status;
        let next: Obj;
        try {
          if (type === 'json') next = jsonPatch(base, patch as J[]) as Obj;
          else if (type === 'merge') next = mergePatch(base, patch) as Obj;
          else next = merge3(base, null, mergePatch(copy(base), patch)) as Obj;
        } catch (err) {
          throw new CmdError(`The request is invalid: the server rejected our request due to an error in our request`);
          void err;
        }
        const rv = t.obj.metadata.resourceVersion;
        if (str(c.p, 'subresource') === 'status') {
          next.status = mergePatch(status, (patch as J).status ?? {});
          t.obj.status = next.status;
          w.update(t.obj);
          out.push(`${qualifiedSingular(t.kind)}/${t.obj.metadata.name} patched`);
          continue;
        }
        const updated = apiUpdate(w, user, t.obj, next, 'patch');
        out.push(`${qualifiedSingular(t.kind)}/${t.obj.metadata.name} ${updated.metadata.resourceVersion === rv ? 'patched (no change)' : 'patched'}`);
      }
    } catch (err) {
      if (err instanceof ApiError) throw new CmdError(kubectlMessage(err));
      throw err;
    }
    return out;
  });
  for (const l of lines) c.out(`${l}\n`);
  return 0;
}

async function metaEdit(c: Cli, field: 'labels' | 'annotations'): Promise<number> {
  const args = c.p.args;
  const changes = args.filter((a) => a.includes('=') || a.endsWith('-'));
  const resArgs = args.filter((a) => !changes.includes(a));
  const sels = resArgs.length ? parseResources(resArgs) : undefined;
  if (!sels) throw cmdError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (!changes.length && !bool(c.p, 'list')) throw cmdError(`at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`);
  const verb = field === 'labels' ? 'labeled' : 'annotated';
  const lines = await withWorld(c.env, true, (w) => {
    const user = userOf(w, c.target, c.p);
    const out: string[] = [];
    try {
      for (const t of targets(c, w, sels)) {
        const next = copy(t.obj);
        delete next.status;
        const m: Record<string, string> = { ...(next.metadata[field] ?? {}) };
        let removed = false;
        for (const ch of changes) {
          if (ch.endsWith('-') && !ch.includes('=')) {
            removed = true;
            delete m[ch.slice(0, -1)];
            continue;
          }
          const i = ch.indexOf('=');
          const k = ch.slice(0, i);
          const v = ch.slice(i + 1);
          if (m[k] !== undefined && m[k] !== v && !bool(c.p, 'overwrite')) throw cmdError(`'${k}' already has a value (${m[k]}), and --overwrite is false`);
          m[k] = v;
        }
        next.metadata[field] = m;
        const rv = t.obj.metadata.resourceVersion;
        const updated = apiUpdate(w, user, t.obj, next, 'patch');
        const word = updated.metadata.resourceVersion === rv ? `not ${verb}` : removed && !changes.some((x) => x.includes('=')) ? `un${verb}` : verb;
        out.push(`${qualifiedSingular(t.kind)}/${t.obj.metadata.name} ${word}`);
      }
    } catch (err) {
      if (err instanceof ApiError) throw new CmdError(kubectlMessage(err));
      throw err;
    }
    return out;
  });
  for (const l of lines) c.out(`${l}\n`);
  void list;
  return 0;
}

export const cmdLabel = (c: Cli) => metaEdit(c, 'labels');
export const cmdAnnotate = (c: Cli) => metaEdit(c, 'annotations');
