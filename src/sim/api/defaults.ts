/**
 * Defaulting as the API server does it on create and update (the values `get -o yaml` shows that nobody
 * wrote). Idempotent: applying it twice gives the same object, which is what makes `apply` print `unchanged`.
 */
import type { Obj } from '../state/types.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function def<T>(o: J, key: string, v: T): void {
  if (o[key] === undefined || o[key] === null) o[key] = v;
}

function defaultProbe(p: J | undefined): void {
  if (!p) return;
  def(p, 'timeoutSeconds', 1);
  def(p, 'periodSeconds', 10);
  def(p, 'successThreshold', 1);
  def(p, 'failureThreshold', 3);
  if (p.httpGet) def(p.httpGet, 'scheme', 'HTTP');
}

function defaultContainer(c: J): void {
  const image = String(c.image ?? '');
  const tagged = /:[^/]+$/.test(image.split('@')[0]) && !image.endsWith(':latest');
  def(c, 'imagePullPolicy', tagged || image.includes('@') ? 'IfNotPresent' : 'Always');
  def(c, 'terminationMessagePath', '/dev/termination-log');
  def(c, 'terminationMessagePolicy', 'File');
  def(c, 'resources', {});
  for (const p of c.ports ?? []) def(p, 'protocol', 'TCP');
  for (const e of c.env ?? []) {
    if (e.valueFrom?.fieldRef) def(e.valueFrom.fieldRef, 'apiVersion', 'v1');
  }
  defaultProbe(c.readinessProbe);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.startupProbe);
  // Requests default to limits when only limits are given.
  const r = c.resources;
  if (r.limits) {
    r.requests = r.requests ?? {};
    for (const [k, v] of Object.entries(r.limits)) def(r.requests, k, v);
  }
}

export function defaultPodSpec(s: J): void {
  def(s, 'restartPolicy', 'Always');
  def(s, 'terminationGracePeriodSeconds', 30);
  def(s, 'dnsPolicy', 'ClusterFirst');
  def(s, 'securityContext', {});
  def(s, 'schedulerName', 'default-scheduler');
  // The v1 <-> internal conversion keeps the deprecated serviceAccount equal to serviceAccountName, in
  // every PodSpec (a workload's template too), whichever of the two was written.
  if (!s.serviceAccountName && s.serviceAccount) s.serviceAccountName = s.serviceAccount;
  if (s.serviceAccountName) s.serviceAccount = s.serviceAccountName;
  for (const c of s.initContainers ?? []) defaultContainer(c);
  for (const c of s.containers ?? []) defaultContainer(c);
  for (const v of s.volumes ?? []) {
    if (v.configMap) def(v.configMap, 'defaultMode', 420);
    if (v.secret) def(v.secret, 'defaultMode', 420);
    if (v.emptyDir === null) v.emptyDir = {};
  }
}

/**
 * A LimitRange item as the API server stores it (SetDefaults_LimitRangeItem): for a Container item, a
 * missing default limit is the max, a missing default request is the default limit, else the min.
 */
export function defaultLimitRangeItem(item: J): void {
  if (item.type !== 'Container') return;
  const limits: J = { ...(item.default ?? {}) };
  const requests: J = { ...(item.defaultRequest ?? {}) };
  for (const [k, v] of Object.entries(item.max ?? {})) def(limits, k, v);
  for (const [k, v] of Object.entries(limits)) def(requests, k, v);
  for (const [k, v] of Object.entries(item.min ?? {})) def(requests, k, v);
  // Empty maps are not serialized (omitempty).
  if (Object.keys(limits).length) item.default = limits;
  if (Object.keys(requests).length) item.defaultRequest = requests;
}

function defaultTemplate(spec: J): void {
  spec.template = spec.template ?? {};
  spec.template.metadata = spec.template.metadata ?? {};
  def(spec.template.metadata, 'creationTimestamp', null);
  spec.template.spec = spec.template.spec ?? {};
  defaultPodSpec(spec.template.spec);
}

export function applyDefaults(o: Obj): void {
  const spec: J = o.spec ?? {};
  switch (o.kind) {
    case 'Pod':
      defaultPodSpec(spec);
      def(spec, 'enableServiceLinks', true);
      def(spec, 'preemptionPolicy', 'PreemptLowerPriority');
      def(spec, 'priority', 0);
      break;
    case 'Deployment':
      def(spec, 'replicas', 1);
      def(spec, 'revisionHistoryLimit', 10);
      def(spec, 'progressDeadlineSeconds', 600);
      spec.strategy = spec.strategy ?? {};
      def(spec.strategy, 'type', 'RollingUpdate');
      if (spec.strategy.type === 'RollingUpdate') {
        spec.strategy.rollingUpdate = spec.strategy.rollingUpdate ?? {};
        def(spec.strategy.rollingUpdate, 'maxSurge', '25%');
        def(spec.strategy.rollingUpdate, 'maxUnavailable', '25%');
      }
      defaultTemplate(spec);
      break;
    case 'ReplicaSet':
      def(spec, 'replicas', 1);
      defaultTemplate(spec);
      break;
    case 'StatefulSet':
      def(spec, 'replicas', 1);
      def(spec, 'podManagementPolicy', 'OrderedReady');
      def(spec, 'revisionHistoryLimit', 10);
      spec.updateStrategy = spec.updateStrategy ?? {};
      def(spec.updateStrategy, 'type', 'RollingUpdate');
      if (spec.updateStrategy.type === 'RollingUpdate') {
        spec.updateStrategy.rollingUpdate = spec.updateStrategy.rollingUpdate ?? {};
        def(spec.updateStrategy.rollingUpdate, 'partition', 0);
      }
      def(spec, 'persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' });
      for (const t of spec.volumeClaimTemplates ?? []) {
        def(t, 'apiVersion', 'v1');
        def(t, 'kind', 'PersistentVolumeClaim');
        t.metadata = t.metadata ?? {};
        def(t.metadata, 'creationTimestamp', null);
        t.spec = t.spec ?? {};
        def(t.spec, 'volumeMode', 'Filesystem');
        def(t, 'status', { phase: 'Pending' });
      }
      defaultTemplate(spec);
      break;
    case 'DaemonSet':
      def(spec, 'revisionHistoryLimit', 10);
      spec.updateStrategy = spec.updateStrategy ?? {};
      def(spec.updateStrategy, 'type', 'RollingUpdate');
      if (spec.updateStrategy.type === 'RollingUpdate') {
        spec.updateStrategy.rollingUpdate = spec.updateStrategy.rollingUpdate ?? {};
        def(spec.updateStrategy.rollingUpdate, 'maxUnavailable', 1);
        def(spec.updateStrategy.rollingUpdate, 'maxSurge', 0);
      }
      defaultTemplate(spec);
      break;
    case 'Service':
      def(spec, 'type', 'ClusterIP');
      def(spec, 'sessionAffinity', 'None');
      def(spec, 'internalTrafficPolicy', 'Cluster');
      def(spec, 'ipFamilies', ['IPv4']);
      def(spec, 'ipFamilyPolicy', 'SingleStack');
      for (const p of spec.ports ?? []) {
        def(p, 'protocol', 'TCP');
        def(p, 'targetPort', p.port);
      }
      break;
    case 'PersistentVolumeClaim':
      def(spec, 'volumeMode', 'Filesystem');
      break;
    case 'Secret':
      def(o, 'type', 'Opaque');
      if (o.stringData) {
        o.data = { ...(o.data ?? {}) };
        for (const [k, v] of Object.entries(o.stringData)) o.data[k] = Buffer.from(String(v), 'utf8').toString('base64');
        delete o.stringData;
      }
      break;
    case 'Namespace':
      def(spec, 'finalizers', ['kubernetes']);
      break;
    case 'LimitRange':
      for (const item of spec.limits ?? []) defaultLimitRangeItem(item);
      break;
    default:
      return;
  }
  if (o.kind !== 'Secret' || o.spec) o.spec = spec;
}
