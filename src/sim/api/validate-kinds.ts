/** Validation of Services, claims and RBAC bindings, and the immutable fields checked on update. */
import type { Obj } from '../state/types.js';
import type { Cause } from './errors.js';
import { canonical } from './validate.js';
import {
  checkLabelName, checkLabels, checkPort, checkPortName, duplicate, forbiddenField, goValue, invalidRaw, invalidValue, required, unsupported,
} from './validate-util.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function quantityOk(field: string, v: unknown, out: Cause[]): void {
  if (!/^[0-9.]+(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.test(String(v))) {
    out.push(invalidValue(field, v, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
  }
}

export function validatePvcSpec(spec: J | undefined, path: string, out: Cause[]): void {
  if (!spec?.accessModes?.length) out.push(required(`${path}.accessModes`, 'at least 1 access mode is required'));
  for (const [i, a] of (spec?.accessModes ?? []).entries()) {
    const modes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
    if (!modes.includes(a)) out.push(unsupported(`${path}.accessModes[${i}]`, a, modes));
  }
  const storage = spec?.resources?.requests?.storage;
  if (storage === undefined) out.push(required(`${path}.resources[storage]`));
  else quantityOk(`${path}.resources[storage]`, storage, out);
}

export function validateService(spec: J, out: Cause[]): void {
  const type = spec.type ?? 'ClusterIP';
  const types = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
  if (!types.includes(type)) out.push(unsupported('spec.type', type, types));
  const headless = spec.clusterIP === 'None';
  const ports: J[] = spec.ports ?? [];
  if (ports.length === 0 && !headless && type !== 'ExternalName') out.push(required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const pp = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) out.push(required(`${pp}.name`));
    if (p.name) {
      const bad = checkLabelName(`${pp}.name`, p.name);
      if (bad) out.push(bad);
      if (names.has(p.name)) out.push(duplicate(`${pp}.name`, p.name));
      names.add(p.name);
    }
    const e = checkPort(`${pp}.port`, p.port);
    if (e) out.push(e);
    if (typeof p.targetPort === 'number' && (p.targetPort < 1 || p.targetPort > 65535)) {
      out.push(invalidValue(`${pp}.targetPort`, p.targetPort, 'must be between 1 and 65535, inclusive'));
    }
    if (typeof p.targetPort === 'string') {
      const bad = checkPortName(`${pp}.targetPort`, p.targetPort);
      if (bad) out.push(bad);
    }
  });
  // Two ports with the same (protocol, port): the duplicate is printed as the Go key struct (%#v).
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol ?? 'TCP'}/${p.port}`;
    if (seen.has(key)) {
      out.push({
        field: `spec.ports[${i}]`,
        message: `Duplicate value: core.ServicePort{Name:"", Protocol:"${p.protocol ?? 'TCP'}", AppProtocol:(*string)(nil), Port:${p.port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
      });
    }
    seen.add(key);
  });
  if (spec.clusterIP && !headless && !/^10\.(9[6-9]|1[01][0-9])\.\d+\.\d+$/.test(spec.clusterIP)) {
    out.push(invalidValue('spec.clusterIPs', [spec.clusterIP], 'failed to allocate IP ' + spec.clusterIP + ': provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/16'));
  }
  out.push(...checkLabels('spec.selector', spec.selector));
}

export function validateRoleRef(o: Obj, out: Cause[]): void {
  const ref: J | undefined = o.roleRef;
  if (!ref) {
    out.push(unsupported('roleRef.apiGroup', '', ['rbac.authorization.k8s.io']));
    out.push(unsupported('roleRef.kind', '', o.kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole']));
    out.push(required('roleRef.name'));
    return;
  }
  if (ref.apiGroup !== 'rbac.authorization.k8s.io') out.push(unsupported('roleRef.apiGroup', ref.apiGroup ?? '', ['rbac.authorization.k8s.io']));
  const kinds = o.kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) out.push(unsupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) out.push(required('roleRef.name'));
  (o.subjects ?? []).forEach((s: J, i: number) => {
    const p = `subjects[${i}]`;
    if (!['ServiceAccount', 'User', 'Group'].includes(s.kind)) out.push(unsupported(`${p}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
    if (!s.name) out.push(required(`${p}.name`));
    if (s.kind === 'ServiceAccount') {
      if (s.apiGroup) out.push(unsupported(`${p}.apiGroup`, s.apiGroup, ['']));
      if (!s.namespace && o.kind === 'ClusterRoleBinding') out.push(required(`${p}.namespace`));
    }
    if ((s.kind === 'User' || s.kind === 'Group') && s.apiGroup !== 'rbac.authorization.k8s.io') {
      out.push(unsupported(`${p}.apiGroup`, s.apiGroup ?? '', ['rbac.authorization.k8s.io']));
    }
  });
}

const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

/** A go-cmp style diff of two pod specs: the changed fields, their old (-) and new (+) values. */
function podSpecDiff(a: J, b: J): string {
  const goName = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);
  const lines = ['  core.PodSpec{'];
  let same = 0;
  for (const k of [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])]) {
    if (JSON.stringify(canonical(a?.[k])) === JSON.stringify(canonical(b?.[k]))) {
      same++;
      continue;
    }
    if (same) lines.push(`  \t... // ${same} identical fields`);
    same = 0;
    lines.push(`- \t${goName(k)}: ${JSON.stringify(a?.[k] ?? null)},`, `+ \t${goName(k)}: ${JSON.stringify(b?.[k] ?? null)},`);
  }
  if (same) lines.push(`  \t... // ${same} identical fields`);
  lines.push('  }');
  return `${lines.join('\n')}\n`;
}

/** Checks that only apply to updates: immutable fields. */
export function validateUpdate(old: Obj, next: Obj): Cause[] {
  const out: Cause[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  switch (next.kind) {
    case 'StatefulSet': {
      const strip = (s: J) => Object.fromEntries(Object.entries(s ?? {}).filter(([k]) => !STS_MUTABLE.includes(k)));
      if (!same(canonical(strip(old.spec)), canonical(strip(next.spec)))) {
        out.push(forbiddenField('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
      }
      break;
    }
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      if (!same(canonical(old.spec?.selector), canonical(next.spec?.selector))) {
        out.push(invalidRaw('spec.selector', goSelector(next.spec?.selector), 'field is immutable'));
      }
      break;
    case 'Service':
      if (old.spec?.clusterIP && next.spec?.clusterIP && old.spec.clusterIP !== next.spec.clusterIP) {
        // The server first makes clusterIPs[0] follow a changed clusterIP, then refuses the change of clusterIPs.
        out.push(invalidValue('spec.clusterIPs[0]', [next.spec.clusterIP, ...(next.spec.clusterIPs ?? []).slice(1)], 'may not change once set'));
      }
      break;
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      if (!same(old.roleRef, next.roleRef)) {
        const r = next.roleRef ?? {};
        const raw = `rbac.RoleRef{APIGroup:${JSON.stringify(r.apiGroup ?? '')}, Kind:${JSON.stringify(r.kind ?? '')}, Name:${JSON.stringify(r.name ?? '')}}`;
        out.push(invalidRaw('roleRef', raw, 'cannot change roleRef'));
      }
      break;
    case 'Pod':
      if (!same(canonical(podMutableStripped(old.spec)), canonical(podMutableStripped(next.spec)))) {
        // The API server appends a go-cmp diff of its internal PodSpec (go-cmp keeps that text unstable on
        // purpose); the simulator's diff names the fields that changed the same way.
        out.push(forbiddenField('spec', `pod updates may not change fields other than \`spec.containers[*].image\`,\`spec.initContainers[*].image\`,\`spec.activeDeadlineSeconds\`,\`spec.tolerations\` (only additions to existing tolerations),\`spec.terminationGracePeriodSeconds\` (allow it to be set to 1 if it was previously negative)\n${podSpecDiff(podMutableStripped(old.spec), podMutableStripped(next.spec))}`));
      }
      break;
    case 'PersistentVolumeClaim': {
      const strip = (s: J) => ({ ...(s ?? {}), resources: undefined, volumeName: undefined, volumeAttributesClassName: undefined });
      if (!same(canonical(strip(old.spec)), canonical(strip(next.spec)))) {
        out.push(forbiddenField('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
      }
      break;
    }
    default:
      break;
  }
  return out;
}

function podMutableStripped(spec: J): J {
  const s = JSON.parse(JSON.stringify(spec ?? {}));
  for (const c of [...(s.containers ?? []), ...(s.initContainers ?? [])]) delete c.image;
  delete s.activeDeadlineSeconds;
  delete s.tolerations;
  delete s.terminationGracePeriodSeconds;
  return s;
}

function goSelector(sel: J | undefined): string {
  const ml = sel?.matchLabels ? goValue(sel.matchLabels) : 'map[string]string(nil)';
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`;
}

