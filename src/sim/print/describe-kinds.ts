/**
 * kubectl describe (k8s.io/kubectl v0.32 pkg/describe) for the kinds beside pods and workloads: ConfigMap,
 * Secret, ServiceAccount, Role/ClusterRole, RoleBinding/ClusterRoleBinding, Endpoints, ReplicaSet,
 * PersistentVolumeClaim, PersistentVolume, StorageClass, ResourceQuota, LimitRange, Namespace. Each returns
 * whether kubectl appends the object's events (several describers never do).
 */
import { compactRules, type PolicyRule } from '../api/escalation.js';
import { selectorString } from '../api/selector.js';
import type { World } from '../api/world.js';
import type { Obj } from '../state/types.js';
import { mapLines, Out, podTemplate } from './describe-util.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Describer = (w: World, x: Obj, o: Out) => boolean;

function meta(o: Out, x: Obj, namespace = true): void {
  o.w(0, `Name:\t${x.metadata.name}`);
  if (namespace && x.metadata.namespace !== undefined) o.w(0, `Namespace:\t${x.metadata.namespace}`);
  mapLines(o, 0, 'Labels', x.metadata.labels);
  mapLines(o, 0, 'Annotations', x.metadata.annotations, ': ');
}

const configMap: Describer = (_w, x, o) => {
  meta(o, x);
  o.w(0, '');
  o.w(0, 'Data');
  o.w(0, '====');
  // kubectl ranges over a Go map (random order); the simulator sorts.
  for (const [k, v] of Object.entries((x.data ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1))) {
    o.w(0, `${k}:`);
    o.w(0, '----');
    o.w(0, v);
    o.w(0, '');
  }
  o.w(0, '');
  o.w(0, 'BinaryData');
  o.w(0, '====');
  for (const [k, v] of Object.entries((x.binaryData ?? {}) as Record<string, string>)) o.w(0, `${k}: ${Buffer.from(v, 'base64').length} bytes`);
  o.w(0, '');
  return true;
};

const secret: Describer = (_w, x, o) => {
  meta(o, x);
  o.w(0, '');
  o.w(0, `Type:\t${x.type ?? 'Opaque'}`);
  o.w(0, '');
  o.w(0, 'Data');
  o.w(0, '====');
  for (const [k, v] of Object.entries((x.data ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const bytes = Buffer.from(v, 'base64');
    o.w(0, k === 'token' && x.type === 'kubernetes.io/service-account-token' ? `${k}:\t${bytes.toString('utf8')}` : `${k}:\t${bytes.length} bytes`);
  }
  return false;
};

const serviceAccount: Describer = (_w, x, o) => {
  meta(o, x);
  const names = (list: J[] | undefined) => (list ?? []).map((s) => String(s.name));
  const rows: [string, string[]][] = [
    ['Image pull secrets:', names(x.imagePullSecrets)],
    ['Mountable secrets: ', names(x.secrets)],
    ['Tokens:            ', []],
  ];
  for (const [header, list] of rows) {
    if (!list.length) o.w(0, `${header}\t<none>`);
    else list.forEach((n, i) => o.w(0, `${i === 0 ? header : '                   '}\t${n}`));
  }
  return true;
};

/** CombineResourceGroup: `endpoints`, `deployments.apps`, one line per resource and group. */
function combine(resources: string[] | undefined, groups: string[] | undefined): string {
  const rs = resources ?? [];
  if (!rs.length) return '';
  const parts = rs[0].split('/');
  let s = parts[0];
  const g = groups?.[0] ?? '';
  if (g) s = `${s}.${g}`;
  if (parts.length > 1) s = `${s}/${parts.slice(1).join('/')}`;
  return s;
}

const goList = (xs: string[] | undefined) => `[${(xs ?? []).join(' ')}]`;

const role: Describer = (_w, x, o) => {
  o.w(0, `Name:\t${x.metadata.name}`);
  mapLines(o, 0, 'Labels', x.metadata.labels);
  mapLines(o, 0, 'Annotations', x.metadata.annotations, ': ');
  o.w(0, 'PolicyRule:');
  o.w(1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs');
  o.w(1, '---------\t-----------------\t--------------\t-----');
  for (const r of compactRules((x.rules ?? []) as PolicyRule[])) {
    o.w(1, `${combine(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}`);
  }
  return false;
};

const roleBinding: Describer = (_w, x, o) => {
  o.w(0, `Name:\t${x.metadata.name}`);
  mapLines(o, 0, 'Labels', x.metadata.labels);
  mapLines(o, 0, 'Annotations', x.metadata.annotations, ': ');
  o.w(0, 'Role:');
  o.w(1, `Kind:\t${x.roleRef?.kind ?? ''}`);
  o.w(1, `Name:\t${x.roleRef?.name ?? ''}`);
  o.w(0, 'Subjects:');
  o.w(1, 'Kind\tName\tNamespace');
  o.w(1, '----\t----\t---------');
  for (const s of (x.subjects ?? []) as J[]) o.w(1, `${s.kind}\t${s.name}\t${s.namespace ?? ''}`);
  return false;
};

const endpoints: Describer = (_w, x, o) => {
  meta(o, x);
  o.w(0, 'Subsets:');
  for (const ss of (x.subsets ?? []) as J[]) {
    o.w(1, `Addresses:\t${((ss.addresses ?? []) as J[]).map((a) => a.ip).join(',') || '<none>'}`);
    o.w(1, `NotReadyAddresses:\t${((ss.notReadyAddresses ?? []) as J[]).map((a) => a.ip).join(',') || '<none>'}`);
    if (ss.ports?.length) {
      o.w(1, 'Ports:');
      o.w(2, 'Name\tPort\tProtocol');
      o.w(2, '----\t----\t--------');
      for (const p of ss.ports as J[]) o.w(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol}`);
    }
    o.w(0, '');
  }
  return true;
};

const replicaSet: Describer = (w, x, o) => {
  o.w(0, `Name:\t${x.metadata.name}`);
  o.w(0, `Namespace:\t${x.metadata.namespace}`);
  o.w(0, `Selector:\t${selectorString(x.spec.selector)}`);
  mapLines(o, 0, 'Labels', x.metadata.labels);
  mapLines(o, 0, 'Annotations', x.metadata.annotations, ': ');
  const owner = (x.metadata.ownerReferences ?? []).find((r: J) => r.controller);
  if (owner) o.w(0, `Controlled By:\t${owner.kind}/${owner.name}`);
  o.w(0, `Replicas:\t${x.status?.replicas ?? 0} current / ${x.spec.replicas ?? 1} desired`);
  const pods = w.list('pods', x.metadata.namespace).filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === x.metadata.uid));
  const count = (ph: string) => pods.filter((p) => (p.status?.phase ?? 'Pending') === ph).length;
  o.w(0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed`);
  podTemplate(o, x.spec.template);
  if (x.status?.conditions?.length) {
    o.w(0, 'Conditions:');
    o.w(1, 'Type\tStatus\tReason');
    o.w(1, '----\t------\t------');
    for (const c of x.status.conditions as J[]) o.w(1, `${c.type} \t${c.status}\t${c.reason}`);
  }
  return true;
};

const ACCESS: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };
const accessModes = (ms: string[] | undefined) => (ms ?? []).map((m) => ACCESS[m] ?? m).join(',');

const pvc: Describer = (w, x, o) => {
  o.w(0, `Name:\t${x.metadata.name}`);
  o.w(0, `Namespace:\t${x.metadata.namespace}`);
  o.w(0, `StorageClass:\t${x.spec.storageClassName ?? x.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? ''}`);
  if (x.metadata.deletionTimestamp) o.w(0, `Status:\tTerminating (lasts ${ageOf(w.now - Date.parse(x.metadata.deletionTimestamp))})`);
  else o.w(0, `Status:\t${x.status?.phase ?? ''}`);
  o.w(0, `Volume:\t${x.spec.volumeName ?? ''}`);
  mapLines(o, 0, 'Labels', x.metadata.labels);
  mapLines(o, 0, 'Annotations', x.metadata.annotations, ': ');
  o.w(0, `Finalizers:\t${goList(x.metadata.finalizers)}`);
  const bound = !!x.spec.volumeName;
  o.w(0, `Capacity:\t${bound ? (x.status?.capacity?.storage ?? '') : ''}`);
  o.w(0, `Access Modes:\t${bound ? accessModes(x.status?.accessModes) : ''}`);
  if (x.spec.volumeMode) o.w(0, `VolumeMode:\t${x.spec.volumeMode}`);
  const users = w
    .list('pods', x.metadata.namespace)
    .filter((p) => (p.spec.volumes ?? []).some((v: J) => v.persistentVolumeClaim?.claimName === x.metadata.name))
    .map((p) => p.metadata.name)
    .sort();
  if (!users.length) o.w(0, 'Used By:\t<none>');
  else users.forEach((n, i) => o.w(0, `${i === 0 ? 'Used By:' : ''}\t${n}`));
  return true;
};

/** translateTimestampSince: duration.HumanDuration of a positive age. */
function ageOf(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  return `${Math.floor(m / 60)}h`;
}

/** labels.FormatLabels: k=v,k=v sorted, `<none>` when empty. */
const formatMap = (m: Record<string, string> | undefined) =>
  Object.entries(m ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(',') || '<none>';

const storageClass: Describer = (_w, x, o) => {
  o.w(0, `Name:\t${x.metadata.name}`);
  const def = x.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] ?? x.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'];
  o.w(0, `IsDefaultClass:\t${def === 'true' ? 'Yes' : 'No'}`);
  o.w(0, `Annotations:\t${formatMap(x.metadata.annotations)}`);
  o.w(0, `Provisioner:\t${x.provisioner}`);
  o.w(0, `Parameters:\t${formatMap(x.parameters)}`);
  o.w(0, `AllowVolumeExpansion:\t${x.allowVolumeExpansion === undefined ? '<unset>' : String(x.allowVolumeExpansion)}`);
  if (!x.mountOptions?.length) o.w(0, 'MountOptions:\t<none>');
  else {
    o.w(0, 'MountOptions:');
    for (const m of x.mountOptions as string[]) o.w(1, m);
  }
  if (x.reclaimPolicy) o.w(0, `ReclaimPolicy:\t${x.reclaimPolicy}`);
  if (x.volumeBindingMode) o.w(0, `VolumeBindingMode:\t${x.volumeBindingMode}`);
  return true;
};

/** SortableResourceNames: plain name order. */
const names = (m: Record<string, unknown> | undefined) => Object.keys(m ?? {}).sort();

const resourceQuota: Describer = (_w, x, o) => {
  o.w(0, `Name:\t${x.metadata.name}`);
  o.w(0, `Namespace:\t${x.metadata.namespace}`);
  o.w(0, 'Resource\tUsed\tHard');
  o.w(0, '--------\t----\t----');
  for (const r of names(x.status?.hard)) o.w(0, `${r}\t${x.status?.used?.[r] ?? '0'}\t${x.status.hard[r]}`);
  return false;
};

function limitRows(o: Out, spec: J, prefix: string): void {
  for (const item of (spec?.limits ?? []) as J[]) {
    const keys = new Set<string>();
    for (const f of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) for (const k of Object.keys(item[f] ?? {})) keys.add(k);
    // kubectl ranges over a Go map here (random order); the simulator sorts.
    for (const k of [...keys].sort()) {
      const v = (f: string) => item[f]?.[k] ?? '-';
      o.w(0, `${prefix}${item.type}\t${k}\t${v('min')}\t${v('max')}\t${v('defaultRequest')}\t${v('default')}\t${v('maxLimitRequestRatio')}`);
    }
  }
}

const limitRange: Describer = (_w, x, o) => {
  o.w(0, `Name:\t${x.metadata.name}`);
  o.w(0, `Namespace:\t${x.metadata.namespace}`);
  o.w(0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio');
  o.w(0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------');
  limitRows(o, x.spec, '');
  return false;
};

const namespace: Describer = (w, x, o) => {
  o.w(0, `Name:\t${x.metadata.name}`);
  mapLines(o, 0, 'Labels', x.metadata.labels);
  mapLines(o, 0, 'Annotations', x.metadata.annotations, ': ');
  o.w(0, `Status:\t${x.status?.phase ?? ''}`);
  o.w(0, '');
  const quotas = w.list('resourcequotas', x.metadata.name).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  if (!quotas.length) o.w(0, 'No resource quota.');
  else {
    o.w(0, 'Resource Quotas');
    for (const q of quotas) {
      o.w(1, `Name:\t${q.metadata.name}`);
      o.w(1, 'Resource\tUsed\tHard');
      o.w(1, '--------\t---\t---');
      for (const r of names(q.status?.hard)) o.w(1, `${r}\t${q.status?.used?.[r] ?? '0'}\t${q.status.hard[r]}`);
    }
  }
  o.w(0, '');
  const limits = w.list('limitranges', x.metadata.name);
  if (!limits.length) o.w(0, 'No LimitRange resource.');
  else {
    o.w(0, 'Resource Limits');
    o.w(0, ' Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio');
    o.w(0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------');
    for (const lr of limits) limitRows(o, lr.spec, ' ');
  }
  return false;
};

export const DESCRIBERS: Record<string, Describer> = {
  ConfigMap: configMap,
  Secret: secret,
  ServiceAccount: serviceAccount,
  Role: role,
  ClusterRole: role,
  RoleBinding: roleBinding,
  ClusterRoleBinding: roleBinding,
  Endpoints: endpoints,
  ReplicaSet: replicaSet,
  PersistentVolumeClaim: pvc,
  StorageClass: storageClass,
  ResourceQuota: resourceQuota,
  LimitRange: limitRange,
  Namespace: namespace,
};
