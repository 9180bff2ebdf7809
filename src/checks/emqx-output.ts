/**
 * Parsers for what `emqx ctl` prints (docs/facts.md §1). `cluster status` comes in two forms:
 * - `--json`: jiffy's pretty JSON, keys in either order (`"stopped_nodes" : [ ... ]`), sorted lists;
 * - plain: `Cluster status: #{running_nodes => [...],stopped_nodes => [...]}`, an Erlang map printed with
 *   `~p`, which wraps at 80 columns anywhere (even between `=>` and the list) and does not fix key order.
 * Neither may be read with a one-line regex.
 */

export interface EmqxStatus {
  node: string;
  version: string;
  /** `started`, `starting`, ... */
  state: string;
}

/** `Node 'emqx@10.244.0.5' 5.8.9 is started`. */
export function parseEmqxStatus(text: string): EmqxStatus | undefined {
  const m = /Node\s+'?([^'\s]+)'?\s+(\S+)\s+is\s+(\w+)/.exec(text);
  return m ? { node: m[1], version: m[2], state: m[3] } : undefined;
}

export interface ClusterStatus {
  running: string[];
  stopped: string[];
}

function fromJson(text: string): ClusterStatus | undefined {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  try {
    const v = JSON.parse(text.slice(start, end + 1)) as { running_nodes?: unknown; stopped_nodes?: unknown };
    const names = (x: unknown) => (Array.isArray(x) ? x.filter((n): n is string => typeof n === 'string') : undefined);
    const running = names(v.running_nodes);
    if (!running) return undefined;
    return { running, stopped: names(v.stopped_nodes) ?? [] };
  } catch {
    return undefined;
  }
}

/** The atoms of an Erlang list body: `'emqx@a.b','emqx@c'` or bare atoms. */
function atoms(list: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^'\\]|\\.)*)'|([a-z][\w@.-]*)/g;
  for (let m = re.exec(list); m; m = re.exec(list)) out.push(m[1] ?? m[2]);
  return out;
}

function fromErlang(text: string): ClusterStatus | undefined {
  // `key => [..]` (5.x map) or `{key,[..]}` (4.x proplist); whitespace and newlines anywhere.
  const list = (key: string) => new RegExp(`${key}\\s*(?:=>|,)\\s*\\[([^\\]]*)\\]`).exec(text)?.[1];
  const running = list('running_nodes');
  if (running === undefined) return undefined;
  return { running: atoms(running), stopped: atoms(list('stopped_nodes') ?? '') };
}

export function parseClusterStatus(text: string): ClusterStatus | undefined {
  return fromJson(text) ?? fromErlang(text);
}
