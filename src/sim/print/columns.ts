/** The columns `kubectl get` shows per resource (the API server's table printers, Kubernetes 1.32). */
import { msOf } from '../api/world.js';
import { selectorString } from '../api/selector.js';
import type { Obj } from '../state/types.js';
import { humanDuration } from './format.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Columns {
  head: string[];
  wide?: string[];
  row(o: Obj, now: number): string[];
  wideRow?(o: Obj, now: number): string[];
}

const age = (o: Obj, now: number) => humanDuration(now - msOf(o.metadata.creationTimestamp));
const none = (s: string | undefined) => (s ? s : '<none>');

function images(spec: J | undefined): [string, string] {
  const cs: J[] = spec?.containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(',')];
}

export function podStatus(pod: Obj): { ready: string; reason: string; restarts: string; lastRestart: number } {
  const st: J = pod.status ?? {};
  let reason: string = st.reason || st.phase || 'Pending';
  let restarts = 0;
  let lastRestart = 0;
  let initializing = false;
  const inits: J[] = st.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    restarts += c.restartCount ?? 0;
    if (c.lastState?.terminated) lastRestart = Math.max(lastRestart, msOf(c.lastState.terminated.finishedAt));
    if (c.state?.terminated && c.state.terminated.exitCode === 0) continue;
    if (c.state?.terminated) reason = c.state.terminated.reason ? `Init:${c.state.terminated.reason}` : `Init:ExitCode:${c.state.terminated.exitCode}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${(pod.spec.initContainers ?? []).length}`;
    initializing = true;
    break;
  }
  let ready = 0;
  const initialized = (st.conditions ?? []).some((c: J) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = 0;
    lastRestart = 0;
    let hasRunning = false;
    const cs: J[] = st.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      restarts += c.restartCount ?? 0;
      if (c.lastState?.terminated) lastRestart = Math.max(lastRestart, msOf(c.lastState.terminated.finishedAt));
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state?.terminated) reason = `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = (st.conditions ?? []).some((c: J) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
  }
  if (pod.metadata.deletionTimestamp && st.phase !== 'Succeeded' && st.phase !== 'Failed') reason = 'Terminating';
  return { ready: `${ready}/${(pod.spec.containers ?? []).length}`, reason, restarts: String(restarts), lastRestart };
}

const ACCESS: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

function servicePorts(s: Obj): string {
  const ps: J[] = s.spec.ports ?? [];
  if (!ps.length) return '<none>';
  return ps.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(',');
}

export function formatEndpoints(ep: Obj): string {
  const subsets: J[] = ep.subsets ?? [];
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  for (const ss of subsets) {
    const addrs: J[] = ss.addresses ?? [];
    const ports: J[] = ss.ports ?? [];
    if (!ports.length) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === 3) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const p of ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === 3) {
          more = true;
          break;
        }
        list.push(`${a.ip}:${p.port}`);
      }
    }
  }
  return more ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

/** The server's listWithMoreString: three items, then `+ N more...`; `<unset>` when there are none. */
function listWithMore(items: string[]): string {
  if (!items.length) return '<unset>';
  return items.length > 3 ? `${items.slice(0, 3).join(',')} + ${items.length - 3} more...` : items.join(',');
}

function subjects(b: Obj, kind: string): string {
  return (b.subjects ?? []).filter((s: J) => s.kind === kind).map((s: J) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name)).join(', ');
}

function quotaCell(q: Obj, limits: boolean): string {
  const hard: J = q.status?.hard ?? q.spec?.hard ?? {};
  const used: J = q.status?.used ?? {};
  return Object.keys(hard).sort().filter((k) => k.startsWith('limits.') === limits).map((k) => `${k}: ${used[k] ?? '0'}/${hard[k]}`).join(', ');
}

export const COLUMNS: Record<string, Columns> = {
  pods: {
    head: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row: (o, now) => {
      const s = podStatus(o);
      const restarts = s.restarts !== '0' && s.lastRestart ? `${s.restarts} (${humanDuration(now - s.lastRestart)} ago)` : s.restarts;
      return [o.metadata.name, s.ready, s.reason, restarts, age(o, now)];
    },
    wideRow: (o) => [none(o.status?.podIP), none(o.spec.nodeName), '<none>', '<none>'],
  },
  deployments: {
    head: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => [o.metadata.name, `${o.status?.readyReplicas ?? 0}/${o.spec.replicas ?? 1}`, String(o.status?.updatedReplicas ?? 0), String(o.status?.availableReplicas ?? 0), age(o, now)],
    wideRow: (o) => [...images(o.spec.template?.spec), none(selectorString(o.spec.selector))],
  },
  replicasets: {
    head: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => [o.metadata.name, String(o.spec.replicas ?? 1), String(o.status?.replicas ?? 0), String(o.status?.readyReplicas ?? 0), age(o, now)],
    wideRow: (o) => [...images(o.spec.template?.spec), none(selectorString(o.spec.selector))],
  },
  statefulsets: {
    head: ['NAME', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES'],
    row: (o, now) => [o.metadata.name, `${o.status?.readyReplicas ?? 0}/${o.spec.replicas ?? 1}`, age(o, now)],
    wideRow: (o) => images(o.spec.template?.spec),
  },
  daemonsets: {
    head: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => {
      const s: J = o.status ?? {};
      const sel = Object.entries(o.spec.template?.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
      return [o.metadata.name, String(s.desiredNumberScheduled ?? 0), String(s.currentNumberScheduled ?? 0), String(s.numberReady ?? 0), String(s.updatedNumberScheduled ?? 0), String(s.numberAvailable ?? 0), none(sel), age(o, now)];
    },
    wideRow: (o) => [...images(o.spec.template?.spec), none(selectorString(o.spec.selector))],
  },
  services: {
    head: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wide: ['SELECTOR'],
    row: (o, now) => [o.metadata.name, o.spec.type ?? 'ClusterIP', o.spec.clusterIP ?? '<none>', (o.spec.externalIPs ?? []).join(',') || (o.spec.type === 'LoadBalancer' ? '<pending>' : '<none>'), servicePorts(o), age(o, now)],
    wideRow: (o) => [none(Object.entries(o.spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(','))],
  },
  endpoints: { head: ['NAME', 'ENDPOINTS', 'AGE'], row: (o, now) => [o.metadata.name, formatEndpoints(o), age(o, now)] },
  endpointslices: {
    head: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
    row: (o, now) => [
      o.metadata.name,
      o.addressType,
      listWithMore((o.ports ?? []).map((p: J) => (p.port !== undefined ? String(p.port) : p.name ?? '*'))),
      listWithMore((o.endpoints ?? []).flatMap((e: J) => e.addresses ?? [])),
      age(o, now),
    ],
  },
  persistentvolumeclaims: {
    head: ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'],
    wide: ['VOLUMEMODE'],
    row: (o, now) => [o.metadata.name, o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? 'Pending'), o.spec.volumeName ?? '', o.status?.capacity?.storage ?? '', (o.status?.accessModes ?? []).map((a: string) => ACCESS[a] ?? a).join(','), o.spec.storageClassName ?? '<unset>', '<unset>', age(o, now)],
    wideRow: (o) => [o.spec.volumeMode ?? 'Filesystem'],
  },
  persistentvolumes: {
    head: ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'],
    wide: ['VOLUMEMODE'],
    row: (o, now) => [o.metadata.name, o.spec.capacity?.storage ?? '', (o.spec.accessModes ?? []).map((a: string) => ACCESS[a] ?? a).join(','), o.spec.persistentVolumeReclaimPolicy ?? '', o.status?.phase ?? '', o.spec.claimRef ? `${o.spec.claimRef.namespace}/${o.spec.claimRef.name}` : '', o.spec.storageClassName ?? '', '<unset>', '', age(o, now)],
    wideRow: (o) => [o.spec.volumeMode ?? 'Filesystem'],
  },
  events: {
    head: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    row: (o, now) => [humanDuration(now - msOf(o.lastTimestamp)), o.type, o.reason, `${String(o.involvedObject.kind).toLowerCase()}/${o.involvedObject.name}`, String(o.message).trim()],
  },
  nodes: {
    head: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    row: (o, now) => {
      const roles = Object.keys(o.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24)).join(',');
      const ready = (o.status.conditions ?? []).find((c: J) => c.type === 'Ready')?.status === 'True';
      return [o.metadata.name, ready ? 'Ready' : 'NotReady', none(roles), age(o, now), o.status.nodeInfo.kubeletVersion];
    },
    wideRow: (o) => [o.status.addresses[0].address, '<none>', o.status.nodeInfo.osImage, o.status.nodeInfo.kernelVersion, o.status.nodeInfo.containerRuntimeVersion],
  },
  configmaps: { head: ['NAME', 'DATA', 'AGE'], row: (o, now) => [o.metadata.name, String(Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length), age(o, now)] },
  secrets: { head: ['NAME', 'TYPE', 'DATA', 'AGE'], row: (o, now) => [o.metadata.name, o.type ?? 'Opaque', String(Object.keys(o.data ?? {}).length), age(o, now)] },
  serviceaccounts: { head: ['NAME', 'SECRETS', 'AGE'], row: (o, now) => [o.metadata.name, String((o.secrets ?? []).length), age(o, now)] },
  roles: { head: ['NAME', 'CREATED AT'], row: (o) => [o.metadata.name, o.metadata.creationTimestamp!] },
  clusterroles: { head: ['NAME', 'CREATED AT'], row: (o) => [o.metadata.name, o.metadata.creationTimestamp!] },
  rolebindings: {
    head: ['NAME', 'ROLE', 'AGE'],
    wide: ['USERS', 'GROUPS', 'SERVICEACCOUNTS'],
    row: (o, now) => [o.metadata.name, `${o.roleRef?.kind}/${o.roleRef?.name}`, age(o, now)],
    wideRow: (o) => [subjects(o, 'User'), subjects(o, 'Group'), subjects(o, 'ServiceAccount')],
  },
  clusterrolebindings: {
    head: ['NAME', 'ROLE', 'AGE'],
    wide: ['USERS', 'GROUPS', 'SERVICEACCOUNTS'],
    row: (o, now) => [o.metadata.name, `${o.roleRef?.kind}/${o.roleRef?.name}`, age(o, now)],
    wideRow: (o) => [subjects(o, 'User'), subjects(o, 'Group'), subjects(o, 'ServiceAccount')],
  },
  namespaces: { head: ['NAME', 'STATUS', 'AGE'], row: (o, now) => [o.metadata.name, o.status?.phase ?? 'Active', age(o, now)] },
  storageclasses: {
    head: ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'],
    row: (o, now) => [o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ? `${o.metadata.name} (default)` : o.metadata.name, o.provisioner, o.reclaimPolicy ?? 'Delete', o.volumeBindingMode ?? 'Immediate', String(!!o.allowVolumeExpansion), age(o, now)],
  },
  resourcequotas: { head: ['NAME', 'AGE', 'REQUEST', 'LIMIT'], row: (o, now) => [o.metadata.name, age(o, now), quotaCell(o, false), quotaCell(o, true)] },
  limitranges: { head: ['NAME', 'CREATED AT'], row: (o) => [o.metadata.name, o.metadata.creationTimestamp!] },
  controllerrevisions: {
    head: ['NAME', 'CONTROLLER', 'REVISION', 'AGE'],
    // The controller as `kind.group/name` (the printer lowercases the kind).
    row: (o, now) => {
      const c = o.metadata.ownerReferences?.find((r) => r.controller);
      const group = c?.apiVersion.includes('/') ? `.${c.apiVersion.split('/')[0]}` : '';
      return [o.metadata.name, c ? `${c.kind.toLowerCase()}${group}/${c.name}` : '<none>', String(o.revision ?? 0), age(o, now)];
    },
  },
};
