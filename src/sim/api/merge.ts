/**
 * kubectl's client-side apply merge: a three-way strategic merge of (live object, last-applied
 * configuration, new configuration). Fields you removed from your file are removed; fields others set (the
 * server's defaults, `kubectl scale`) stay; lists of named things (containers, env, volumes, ports...) merge
 * by their key, other lists are replaced.
 */
type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function mergeKey(field: string, parent: string): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'ports':
      return parent === 'spec' ? 'port' : 'containerPort';
    default:
      return undefined;
  }
}

function isObj(v: unknown): v is J {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function merge3(live: unknown, last: unknown, desired: unknown, field = '', parent = ''): unknown {
  if (desired === null) return undefined;
  if (isObj(desired)) {
    const out: J = isObj(live) ? clone(live) : {};
    if (isObj(last)) for (const k of Object.keys(last)) if (!(k in desired)) delete out[k];
    for (const [k, v] of Object.entries(desired)) {
      const m = merge3(isObj(live) ? live[k] : undefined, isObj(last) ? last[k] : undefined, v, k, field);
      if (m === undefined) delete out[k];
      else out[k] = m;
    }
    return out;
  }
  if (Array.isArray(desired)) {
    const key = mergeKey(field, parent);
    if (!key || !desired.every(isObj) || !Array.isArray(live)) return clone(desired);
    const lastItems = Array.isArray(last) ? (last as J[]).filter(isObj) : [];
    const byKey = (list: J[], k: unknown) => list.find((x) => isObj(x) && x[key] === k);
    const out: J[] = [];
    for (const d of desired as J[]) out.push(merge3(byKey(live as J[], d[key]), byKey(lastItems, d[key]), d, '', field) as J);
    for (const l of live as J[]) {
      if (!isObj(l)) continue;
      if (byKey(desired as J[], l[key]) || byKey(lastItems, l[key])) continue;
      out.push(clone(l));
    }
    return out;
  }
  return desired;
}
