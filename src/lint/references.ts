/**
 * References inside and between objects that point nowhere. Inside one object they are always errors (the
 * API server rejects a volumeMount without a volume, a selector that misses its template). Between objects
 * we can only be sure when the files are a complete set (a course step declares the whole namespace):
 * there they are errors; in a learner's loose files the other object may live elsewhere, so warnings.
 */
import type { Lang } from '../i18n/lang.js';
import { lintMessages } from '../i18n/lint.js';
import {
  asArray,
  containersOf,
  getIn,
  isObj,
  mapSelects,
  podLabelsPath,
  podSpecPath,
  str,
  type Loc,
  type ManifestObject,
  type Obj,
  type Report,
} from './objects.js';
import { positionOf } from '../course/yaml-source.js';
import { closest } from './suggest.js';
import type { Severity } from './types.js';

export interface RefContext {
  lang: Lang;
  /** A complete set (course step): cross-object references are errors, not warnings. */
  course: boolean;
  report: Report;
}

export class ObjectSet {
  constructor(readonly objects: ManifestObject[]) {}
  find(kind: string, name: string): ManifestObject | undefined {
    return this.objects.find((o) => o.kind === kind && o.name === name);
  }
  names(kind: string): string[] {
    return this.objects.filter((o) => o.kind === kind).map((o) => o.name);
  }
  /** Objects that make pods, with those pods' labels. */
  podMakers(): { o: ManifestObject; labels: Obj }[] {
    return this.objects.flatMap((o) => {
      const p = podLabelsPath(o.kind);
      const labels = p && getIn(o.raw, p);
      return p ? [{ o, labels: isObj(labels) ? labels : {} }] : [];
    });
  }
}

/** The keys a ConfigMap or Secret offers. */
function keysOf(o: ManifestObject): string[] {
  const fields = o.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  return fields.flatMap((f) => {
    const d = getIn(o.raw, [f]);
    return isObj(d) ? Object.keys(d) : [];
  });
}

export function checkReferences(set: ObjectSet, ctx: RefContext): void {
  const m = lintMessages[ctx.lang];
  const between: Severity = ctx.course ? 'error' : 'warning';
  const at = (o: ManifestObject, path: PropertyKey[], key?: string): Loc => ({ o, path, key });

  /** A ConfigMap/Secret named from a pod: missing object, or (when present) missing key. */
  const configRef = (o: ManifestObject, path: PropertyKey[], kind: string, ref: Obj, key?: string, keyPath?: PropertyKey[]) => {
    const name = str(ref.name);
    if (!name || ref.optional === true) return;
    const target = set.find(kind, name);
    if (!target) {
      ctx.report(at(o, [...path, 'name']), between, 'ref-config', m.refMissing(kind, name, closest(name, set.names(kind))));
      return;
    }
    if (key !== undefined && !keysOf(target).includes(key)) {
      ctx.report(at(o, keyPath ?? path), 'error', 'ref-config', m.refKeyMissing(kind, name, key, closest(key, keysOf(target))));
    }
  };

  const first = new Map<string, ManifestObject>();
  for (const o of set.objects) {
    const key = `${o.kind}/${o.name}`;
    const earlier = first.get(key);
    if (earlier && o.name) {
      const { line, col } = positionOf(earlier.f.source, earlier.doc, ['metadata', 'name']);
      ctx.report(at(o, ['metadata', 'name']), 'error', 'ref-duplicate', m.duplicateObject(o.kind, o.name, `${earlier.f.file}:${line}:${col}`));
    }
    if (!earlier) first.set(key, o);
    const spec = podSpecPath(o.kind);
    if (spec) checkPodSpec(o, spec);
    if (['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet'].includes(o.kind)) checkSelector(o);
    if (o.kind === 'StatefulSet') checkGoverningService(o);
    if (o.kind === 'Service') checkServiceSelector(o);
    if (o.kind === 'RoleBinding') checkRoleBinding(o);
  }

  function checkPodSpec(o: ManifestObject, spec: PropertyKey[]) {
    const volumes = asArray(getIn(o.raw, [...spec, 'volumes'])).filter(isObj);
    const claims =
      o.kind === 'StatefulSet'
        ? asArray(getIn(o.raw, ['spec', 'volumeClaimTemplates'])).flatMap((t) => (isObj(t) ? [str(getIn(t, ['metadata', 'name']))] : []))
        : [];
    const volumeNames = [...volumes.map((v) => str(v.name)), ...claims].filter((n): n is string => !!n);
    volumes.forEach((v, i) => {
      const vp = [...spec, 'volumes', i];
      if (isObj(v.configMap)) {
        configRef(o, [...vp, 'configMap'], 'ConfigMap', v.configMap);
        // Projected keys must exist (or the pod cannot start), unless the volume is optional. A missing
        // ConfigMap is reported once above, not again for each of its items.
        const exists = set.find('ConfigMap', str(v.configMap.name) ?? '') !== undefined;
        if (exists) asArray(v.configMap.items).forEach((item, j) => {
          const key = isObj(item) ? str(item.key) : undefined;
          if (key) configRef(o, [...vp, 'configMap'], 'ConfigMap', v.configMap as Obj, key, [...vp, 'configMap', 'items', j, 'key']);
        });
      }
      if (isObj(v.secret) && str(v.secret.secretName) && v.secret.optional !== true) {
        const name = str(v.secret.secretName)!;
        if (!set.find('Secret', name)) {
          ctx.report(at(o, [...vp, 'secret', 'secretName']), between, 'ref-config', m.refMissing('Secret', name, closest(name, set.names('Secret'))));
        }
      }
      const claim = isObj(v.persistentVolumeClaim) ? str(v.persistentVolumeClaim.claimName) : undefined;
      if (claim && !set.find('PersistentVolumeClaim', claim)) {
        ctx.report(at(o, [...vp, 'persistentVolumeClaim', 'claimName']), 'warning', 'ref-volume', m.refMissing('PersistentVolumeClaim', claim, undefined));
      }
    });
    const sa = str(getIn(o.raw, [...spec, 'serviceAccountName'])) ?? str(getIn(o.raw, [...spec, 'serviceAccount']));
    if (sa && sa !== 'default' && !set.find('ServiceAccount', sa)) {
      const field = getIn(o.raw, [...spec, 'serviceAccountName']) !== undefined ? 'serviceAccountName' : 'serviceAccount';
      ctx.report(at(o, [...spec, field]), between, 'ref-rbac', m.refServiceAccountMissing(sa, closest(sa, set.names('ServiceAccount'))));
    }
    for (const { c, path } of containersOf(o)) {
      asArray(c.volumeMounts).forEach((vm, i) => {
        const name = isObj(vm) ? str(vm.name) : undefined;
        if (name && !volumeNames.includes(name)) {
          ctx.report(at(o, [...path, 'volumeMounts', i, 'name']), 'error', 'ref-volume', m.refNoVolume(name, o.kind === 'StatefulSet', closest(name, volumeNames)));
        }
      });
      asArray(c.envFrom).forEach((ef, i) => {
        if (!isObj(ef)) return;
        if (isObj(ef.configMapRef)) configRef(o, [...path, 'envFrom', i, 'configMapRef'], 'ConfigMap', ef.configMapRef);
        if (isObj(ef.secretRef)) configRef(o, [...path, 'envFrom', i, 'secretRef'], 'Secret', ef.secretRef);
      });
      // $(VAR) in an env value expands only from variables defined before it (or by envFrom).
      const defined = new Set<string>();
      const fromEnvFrom = asArray(c.envFrom).length > 0;
      asArray(c.env).forEach((e, i) => {
        if (!isObj(e)) return;
        if (typeof e.value === 'string' && !fromEnvFrom) {
          for (const [, ref] of e.value.matchAll(/(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
            if (!defined.has(ref)) ctx.report(at(o, [...path, 'env', i, 'value']), 'error', 'ref-env', m.envRefUndefined(ref));
          }
        }
        if (typeof e.name === 'string') defined.add(e.name);
      });
      asArray(c.env).forEach((e, i) => {
        const vf = isObj(e) && isObj(e.valueFrom) ? e.valueFrom : undefined;
        if (!vf) return;
        for (const [field, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
          const ref = vf[field];
          if (!isObj(ref)) continue;
          const p = [...path, 'env', i, 'valueFrom', field];
          configRef(o, p, kind, ref, str(ref.key), [...p, 'key']);
        }
      });
      const portNames = asArray(c.ports).flatMap((p) => (isObj(p) && str(p.name) ? [str(p.name)!] : []));
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        for (const action of ['httpGet', 'tcpSocket']) {
          const port = getIn(c, [probe, action, 'port']);
          if (typeof port === 'string' && !/^\d+$/.test(port) && !portNames.includes(port)) {
            ctx.report(at(o, [...path, probe, action, 'port']), 'error', 'ref-port', m.refProbePort(port, closest(port, portNames)));
          }
        }
      }
    }
  }

  function checkSelector(o: ManifestObject) {
    const selector = getIn(o.raw, ['spec', 'selector']);
    const labels = getIn(o.raw, ['spec', 'template', 'metadata', 'labels']);
    if (!isObj(selector)) return;
    const have = isObj(labels) ? labels : {};
    const ml = selector.matchLabels;
    if (isObj(ml)) {
      for (const [k, v] of Object.entries(ml)) {
        if (!(k in have) || String(have[k]) !== String(v)) {
          const actual = k in have ? `${k}=${String(have[k])}` : undefined;
          ctx.report(at(o, ['spec', 'selector', 'matchLabels'], k), 'error', 'ref-selector', m.refSelectorMismatch(o.kind, `${k}=${String(v)}`, actual));
        }
      }
    }
    asArray(selector.matchExpressions).forEach((e, i) => {
      if (!isObj(e)) return;
      const key = String(e.key);
      const values = asArray(e.values).map(String);
      const has = key in have;
      const val = String(have[key]);
      const ok =
        e.operator === 'In' ? has && values.includes(val)
        : e.operator === 'NotIn' ? !(has && values.includes(val))
        : e.operator === 'Exists' ? has
        : e.operator === 'DoesNotExist' ? !has
        : true;
      if (!ok) ctx.report(at(o, ['spec', 'selector', 'matchExpressions', i]), 'error', 'ref-selector', m.refSelectorMismatch(o.kind, `${key} ${String(e.operator)} ${values.join(',')}`.trim(), undefined));
    });
  }

  function checkGoverningService(o: ManifestObject) {
    const name = str(getIn(o.raw, ['spec', 'serviceName']));
    if (!name) return;
    const svc = set.find('Service', name);
    if (!svc) {
      ctx.report(at(o, ['spec', 'serviceName']), between, 'ref-service', m.refGoverningMissing(name, closest(name, set.names('Service'))));
    } else if (getIn(svc.raw, ['spec', 'clusterIP']) !== 'None') {
      ctx.report(at(o, ['spec', 'serviceName']), 'error', 'ref-service', m.refGoverningNotHeadless(name));
    }
  }

  function checkServiceSelector(o: ManifestObject) {
    const selector = getIn(o.raw, ['spec', 'selector']);
    if (!isObj(selector) || !Object.keys(selector).length) return;
    const makers = set.podMakers();
    if (makers.some(({ labels }) => mapSelects(selector, labels))) return;
    const shown = Object.entries(selector).map(([k, v]) => `${k}=${String(v)}`).join(',');
    ctx.report(at(o, ['spec', 'selector']), between, 'ref-service', m.refServiceSelectsNothing(shown));
  }

  function checkRoleBinding(o: ManifestObject) {
    const ref = getIn(o.raw, ['roleRef']);
    if (isObj(ref)) {
      if (ref.apiGroup !== undefined && ref.apiGroup !== 'rbac.authorization.k8s.io') {
        ctx.report(at(o, ['roleRef', 'apiGroup']), 'error', 'ref-rbac', m.refRoleGroup(String(ref.apiGroup)));
      }
      const name = str(ref.name);
      if (ref.kind === 'Role' && name && !set.find('Role', name)) {
        ctx.report(at(o, ['roleRef', 'name']), between, 'ref-rbac', m.refMissing('Role', name, closest(name, set.names('Role'))));
      }
    }
    asArray(getIn(o.raw, ['subjects'])).forEach((s, i) => {
      if (!isObj(s) || s.kind !== 'ServiceAccount') return;
      const name = str(s.name);
      // Every namespace has the ServiceAccount default, as the pod check above already knows.
      if (name && name !== 'default' && !set.find('ServiceAccount', name)) {
        ctx.report(at(o, ['subjects', i, 'name']), between, 'ref-rbac', m.refMissing('ServiceAccount', name, closest(name, set.names('ServiceAccount'))));
      }
    });
  }
}
