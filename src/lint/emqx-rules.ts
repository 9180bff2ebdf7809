/**
 * EMQX settings that 5.x ignores or rejects, found where a learner writes them: container env, the data of
 * a ConfigMap (or a Secret's stringData) that pods take with envFrom, the image tag and container ports.
 * The facts live in emqx-facts.ts; this file only applies them.
 */
import { isIP } from 'node:net';
import type { Lang } from '../i18n/lang.js';
import { lintMessages } from '../i18n/lint.js';
import {
  CLUSTER_KEYS,
  ENTRYPOINT_VARS,
  ENUMS,
  isEmqxImage,
  K8S_KEYS,
  KNOWN_ENV,
  LICENCE_FROM,
  PINNED_IMAGE,
  PINNED_VERSION,
  REMOVED_PORTS,
  RENAMED,
} from './emqx-facts.js';
import { asArray, containersOf, getIn, isObj, str, type Loc, type ManifestObject, type Report } from './objects.js';
import { closest } from './suggest.js';

/** One EMQX_* variable as written: where its name is and where its value is. */
export interface EnvSetting {
  name: string;
  value?: string;
  nameAt: Loc;
  valueAt: Loc;
}

export interface EmqxContext {
  lang: Lang;
  /** Course manifests: placeholders instead of namespaces, and a complete set of objects. */
  course: boolean;
  report: Report;
}

const collapse = (s: string) => s.replace(/_/g, '').toUpperCase();

/** The name and value rules for one variable. */
export function checkSetting(s: EnvSetting, ctx: EmqxContext): void {
  const m = lintMessages[ctx.lang];
  const { name, value } = s;
  if (!name.startsWith('EMQX_')) return;
  const renamed = RENAMED[name];
  if (renamed) {
    const msg = renamed.note === 'strategy' ? m.emqxRenamed(name, renamed.use!) : m.emqxAppNameGone(name);
    ctx.report(s.nameAt, 'error', 'emqx-env', msg);
    return;
  }
  if (name === 'EMQX_NAME' && value !== undefined && /\d$/.test(value)) {
    ctx.report(s.valueAt, 'error', 'emqx-value', m.emqxNameDigits(value, value.replace(/[-_]?\d+$/, '') || 'emqx'));
  }
  if (!name.includes('__')) {
    if (ENTRYPOINT_VARS.has(name)) return;
    const right = KNOWN_ENV.find((k) => collapse(k) === collapse(name));
    if (right) ctx.report(s.nameAt, 'error', 'emqx-env', m.emqxSingleUnderscore(name, right));
    else if (name.startsWith('EMQX_CLUSTER_')) {
      ctx.report(s.nameAt, 'error', 'emqx-env', m.emqxSingleUnderscore(name, `EMQX_CLUSTER__${name.slice('EMQX_CLUSTER_'.length)}`));
    }
    return;
  }
  const path = name.slice('EMQX_'.length).toLowerCase().split('__');
  if (path[0] === 'cluster') {
    if (path.length === 2 && !(CLUSTER_KEYS as readonly string[]).includes(path[1])) {
      const guess = closest(path[1], CLUSTER_KEYS);
      ctx.report(s.nameAt, 'warning', 'emqx-env', m.emqxUnknownClusterKey(name, guess && `EMQX_CLUSTER__${guess.toUpperCase()}`));
    }
    if (path[1] === 'k8s' && (path.length !== 3 || !(K8S_KEYS as readonly string[]).includes(path[2]))) {
      const guess = path.length === 3 ? closest(path[2], K8S_KEYS) : undefined;
      ctx.report(
        s.nameAt,
        'error',
        'emqx-env',
        m.emqxUnknownK8sKey(name, guess && `EMQX_CLUSTER__K8S__${guess.toUpperCase()}`, K8S_KEYS.join(', ')),
      );
    }
  }
  if (value === undefined) return;
  const key = path.join('.');
  const e = ENUMS[key];
  if (e && !e.values.includes(value)) {
    const lower = value.toLowerCase();
    const use = e.aliases[lower] ?? (e.values.includes(lower) ? lower : closest(value, e.values));
    // A symbol some enum knows is an atom in EMQX: not_a_enum_symbol; any other word stays a binary.
    const atom = Object.values(ENUMS).some((x) => x.values.includes(value) || x.atoms?.includes(value));
    const reason = atom ? 'not_a_enum_symbol' : 'unable_to_convert_to_enum_symbol';
    ctx.report(s.valueAt, 'error', 'emqx-value', m.emqxBadEnum(name, value, e.values.join(', '), use, reason));
  }
  if (key === 'cluster.k8s.apiserver') checkApiserver(s, value, ctx);
  if (ctx.course && key === 'cluster.k8s.namespace' && !value.includes('${NAMESPACE}')) {
    ctx.report(s.valueAt, 'error', 'lab-namespace', m.hardcodedNamespace(name, value));
  }
}

/**
 * cluster.k8s.apiserver as a pod sees it: loopback is the pod itself (econnrefused; kind's
 * `kubectl cluster-info` prints 127.0.0.1), an IP works only if the API server's certificate lists it,
 * plain http meets a TLS port (400) unless a proxy listens there.
 */
function checkApiserver(s: EnvSetting, value: string, ctx: EmqxContext): void {
  const m = lintMessages[ctx.lang];
  const u = /^([a-z]+):\/\/(\[[^\]]+\]|[^/:]+)/i.exec(value);
  if (!u) return;
  const host = u[2].replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'))) {
    ctx.report(s.valueAt, 'error', 'emqx-value', m.emqxApiserverLoopback(value));
    return;
  }
  if (u[1].toLowerCase() === 'http') ctx.report(s.valueAt, 'warning', 'emqx-value', m.emqxApiserverHttp(value));
  else if (isIP(host)) ctx.report(s.valueAt, 'warning', 'emqx-value', m.emqxApiserverIp(value));
}

/** The EMQX_* variables a container sets itself (env with a literal value or valueFrom). */
export function containerEnv(o: ManifestObject, path: PropertyKey[], c: Record<string, unknown>): EnvSetting[] {
  const out: EnvSetting[] = [];
  asArray(c.env).forEach((e, i) => {
    if (!isObj(e) || typeof e.name !== 'string') return;
    const at = [...path, 'env', i];
    out.push({
      name: e.name,
      value: e.value === undefined ? undefined : String(e.value),
      nameAt: { o, path: [...at, 'name'] },
      valueAt: { o, path: [...at, e.value === undefined ? 'valueFrom' : 'value'] },
    });
  });
  return out;
}

/** The keys of a ConfigMap's data or a Secret's stringData, as variables (what envFrom turns them into). */
export function dataEnv(o: ManifestObject, prefix = ''): EnvSetting[] {
  const field = o.kind === 'ConfigMap' ? 'data' : o.kind === 'Secret' ? 'stringData' : undefined;
  const data = field ? getIn(o.raw, [field]) : undefined;
  if (!field || !isObj(data)) return [];
  return Object.entries(data).map(([k, v]) => {
    const at: Loc = { o, path: [field], key: k };
    return { name: prefix + k, value: v === null || v === undefined ? undefined : String(v), nameAt: at, valueAt: at };
  });
}

/** The image of an EMQX container must be the pinned open-source release. */
export function checkImage(o: ManifestObject, path: PropertyKey[], c: Record<string, unknown>, ctx: EmqxContext): void {
  const m = lintMessages[ctx.lang];
  const image = str(c.image);
  if (!image || !isEmqxImage(image)) return;
  const at: Loc = { o, path: [...path, 'image'] };
  if (image.includes('@')) return; // pinned by digest
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tag = colon > slash ? image.slice(colon + 1) : undefined;
  if (!tag) return ctx.report(at, 'error', 'emqx-image', m.emqxImageNoTag(image, PINNED_IMAGE));
  if (tag === 'latest') return ctx.report(at, 'error', 'emqx-image', m.emqxImageLatest(image, PINNED_IMAGE));
  const v = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(tag);
  if (!v) return ctx.report(at, 'warning', 'emqx-image', m.emqxImageOther(image, PINNED_IMAGE));
  const [major, minor, patch] = [Number(v[1]), v[2] === undefined ? undefined : Number(v[2]), v[3]];
  // `5` alone floats to the newest 5.x, which is past the licence line.
  if (major > LICENCE_FROM.major || (major === LICENCE_FROM.major && (minor === undefined || minor >= LICENCE_FROM.minor))) {
    return ctx.report(at, 'error', 'emqx-image', m.emqxImageLicensed(image, PINNED_IMAGE));
  }
  if (major < 5) return ctx.report(at, 'warning', 'emqx-image', m.emqxImageOld(image, PINNED_IMAGE));
  if (patch === undefined) ctx.report(at, 'warning', 'emqx-image', m.emqxImageFloating(image, PINNED_IMAGE));
  else if (`${major}.${minor}.${patch}` !== PINNED_VERSION) ctx.report(at, 'warning', 'emqx-image', m.emqxImageOther(image, PINNED_IMAGE));
}

/** Is this an EMQX container: its image, or EMQX_* variables in its env? */
export function isEmqxContainer(c: Record<string, unknown>): boolean {
  if (isEmqxImage(str(c.image) ?? '')) return true;
  return asArray(c.env).some((e) => isObj(e) && typeof e.name === 'string' && e.name.startsWith('EMQX_'));
}

export function checkPorts(o: ManifestObject, path: PropertyKey[], c: Record<string, unknown>, ctx: EmqxContext): void {
  const m = lintMessages[ctx.lang];
  if (!isEmqxContainer(c)) return;
  asArray(c.ports).forEach((p, i) => {
    if (!isObj(p)) return;
    const gone = REMOVED_PORTS[Number(p.containerPort)];
    if (gone) {
      ctx.report({ o, path: [...path, 'ports', i, 'containerPort'] }, 'warning', 'emqx-port', m.emqxRemovedPort(Number(p.containerPort), gone.name, gone.since, gone.use));
    }
  });
}

/** Per-object EMQX rules: every container's image, ports and env, and any ConfigMap/Secret data. */
export function checkEmqxObject(o: ManifestObject, ctx: EmqxContext): void {
  for (const s of dataEnv(o)) checkSetting(s, ctx);
  for (const { c, path } of containersOf(o)) {
    checkImage(o, path, c, ctx);
    checkPorts(o, path, c, ctx);
    for (const s of containerEnv(o, path, c)) checkSetting(s, ctx);
  }
}
