/** kubectl describe for pods, deployments, statefulsets and services (describe-kinds.ts: more kinds); a generic form for the rest. */
import { eventsFor } from '../api/events.js';
import { selectorString } from '../api/selector.js';
import type { World } from '../api/world.js';
import type { Obj } from '../state/types.js';
import { container, events, mapLines, Out, podTemplate, rfc1123z, tolerations, volumes } from './describe-util.js';
import { formatEndpoints } from './columns.js';
import { DESCRIBERS } from './describe-kinds.js';
import { tabwrite } from './tabwriter.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function header(o: Out, x: Obj, created = true): void {
  o.w(0, `Name:\t${x.metadata.name}`);
  if (x.metadata.namespace) o.w(0, `Namespace:\t${x.metadata.namespace}`);
  if (created) o.w(0, `CreationTimestamp:\t${rfc1123z(x.metadata.creationTimestamp)}`);
}

function pod(w: World, p: Obj, o: Out): void {
  o.w(0, `Name:\t${p.metadata.name}`);
  o.w(0, `Namespace:\t${p.metadata.namespace}`);
  o.w(0, `Priority:\t${p.spec.priority ?? 0}`);
  o.w(0, `Service Account:\t${p.spec.serviceAccountName ?? 'default'}`);
  o.w(0, `Node:\t${p.spec.nodeName ? `${p.spec.nodeName}/${p.status?.hostIP ?? ''}` : '<none>'}`);
  if (p.status?.startTime) o.w(0, `Start Time:\t${rfc1123z(p.status.startTime)}`);
  mapLines(o, 0, 'Labels', p.metadata.labels);
  mapLines(o, 0, 'Annotations', p.metadata.annotations, ': ');
  if (p.metadata.deletionTimestamp) {
    o.w(0, `Status:\tTerminating (lasts ${Math.max(0, Math.round((Date.parse(p.metadata.deletionTimestamp) - w.now) / 1000))}s)`);
    o.w(0, `Termination Grace Period:\t${p.metadata.deletionGracePeriodSeconds}s`);
  } else o.w(0, `Status:\t${p.status?.phase ?? 'Pending'}`);
  o.w(0, `IP:\t${p.status?.podIP ?? ''}`);
  if (p.status?.podIP) {
    o.w(0, 'IPs:');
    o.w(1, `IP:\t${p.status.podIP}`);
  } else o.w(0, 'IPs:\t<none>');
  const owner = p.metadata.ownerReferences?.find((r) => r.controller);
  if (owner) o.w(0, `Controlled By:\t${owner.kind}/${owner.name}`);
  const statuses: J[] = p.status?.containerStatuses ?? [];
  if (p.spec.initContainers?.length) {
    o.w(0, 'Init Containers:');
    for (const c of p.spec.initContainers) container(o, 1, c, (p.status?.initContainerStatuses ?? []).find((s: J) => s.name === c.name), false);
  }
  o.w(0, 'Containers:');
  // A container the kubelet has not reported on yet (the pod is not scheduled) shows no state at all.
  for (const c of p.spec.containers) container(o, 1, c, statuses.find((s) => s.name === c.name), false);
  const conds: J[] = p.status?.conditions ?? [];
  if (conds.length) {
    o.w(0, 'Conditions:');
    o.w(1, 'Type\tStatus');
    for (const c of conds) o.w(1, `${c.type} \t${c.status} `);
  }
  volumes(o, 0, p.spec.volumes);
  o.w(0, `QoS Class:\t${p.status?.qosClass ?? 'BestEffort'}`);
  o.w(0, `Node-Selectors:\t${Object.entries(p.spec.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'}`);
  tolerations(o, 0, p.spec.tolerations);
}

function deployment(w: World, d: Obj, o: Out): void {
  header(o, d);
  mapLines(o, 0, 'Labels', d.metadata.labels);
  mapLines(o, 0, 'Annotations', d.metadata.annotations, ': ');
  o.w(0, `Selector:\t${selectorString(d.spec.selector)}`);
  const s: J = d.status ?? {};
  o.w(0, `Replicas:\t${d.spec.replicas} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable`);
  o.w(0, `StrategyType:\t${d.spec.strategy?.type}`);
  o.w(0, `MinReadySeconds:\t${d.spec.minReadySeconds ?? 0}`);
  if (d.spec.strategy?.type === 'RollingUpdate') o.w(0, `RollingUpdateStrategy:\t${d.spec.strategy.rollingUpdate.maxUnavailable} max unavailable, ${d.spec.strategy.rollingUpdate.maxSurge} max surge`);
  podTemplate(o, d.spec.template);
  if (s.conditions?.length) {
    o.w(0, 'Conditions:');
    o.w(1, 'Type\tStatus\tReason');
    o.w(1, '----\t------\t------');
    for (const c of s.conditions) o.w(1, `${c.type} \t${c.status}\t${c.reason}`);
  }
  const rsList = w.list('replicasets', d.metadata.namespace).filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid));
  const hashNew = rsList.sort((a, b) => Number(b.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0) - Number(a.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0));
  const fmt = (rs: Obj) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas} replicas created)`;
  const olds = hashNew.slice(1).filter((rs) => (rs.spec.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0);
  o.w(0, `OldReplicaSets:\t${olds.length ? olds.map(fmt).join(', ') : '<none>'}`);
  o.w(0, `NewReplicaSet:\t${hashNew[0] ? fmt(hashNew[0]) : '<none>'}`);
}

function statefulset(w: World, s: Obj, o: Out): void {
  header(o, s);
  o.w(0, `Selector:\t${selectorString(s.spec.selector)}`);
  mapLines(o, 0, 'Labels', s.metadata.labels);
  mapLines(o, 0, 'Annotations', s.metadata.annotations, ': ');
  o.w(0, `Replicas:\t${s.spec.replicas} desired | ${s.status?.replicas ?? 0} total`);
  o.w(0, `Update Strategy:\t${s.spec.updateStrategy?.type}`);
  if (s.spec.updateStrategy?.rollingUpdate) o.w(1, `Partition:\t${s.spec.updateStrategy.rollingUpdate.partition ?? 0}`);
  const pods = w.list('pods', s.metadata.namespace).filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === s.metadata.uid));
  const count = (ph: string) => pods.filter((p) => p.status?.phase === ph).length;
  o.w(0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed`);
  podTemplate(o, s.spec.template);
  const vcts: J[] = s.spec.volumeClaimTemplates ?? [];
  if (!vcts.length) o.w(0, 'Volume Claims:\t<none>');
  else {
    o.w(0, 'Volume Claims:');
    for (const t of vcts) {
      o.w(1, `Name:\t${t.metadata.name}`);
      o.w(1, `StorageClass:\t${t.spec?.storageClassName ?? ''}`);
      mapLines(o, 1, 'Labels', t.metadata.labels);
      mapLines(o, 1, 'Annotations', t.metadata.annotations, ': ');
      o.w(1, `Capacity:\t${t.spec?.resources?.requests?.storage ?? ''}`);
      o.w(1, `Access Modes:\t[${(t.spec?.accessModes ?? []).join(' ')}]`);
    }
  }
}

function service(w: World, s: Obj, o: Out): void {
  o.w(0, `Name:\t${s.metadata.name}`);
  o.w(0, `Namespace:\t${s.metadata.namespace}`);
  mapLines(o, 0, 'Labels', s.metadata.labels);
  mapLines(o, 0, 'Annotations', s.metadata.annotations, ': ');
  o.w(0, `Selector:\t${Object.entries(s.spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'}`);
  o.w(0, `Type:\t${s.spec.type}`);
  o.w(0, `IP Family Policy:\t${s.spec.ipFamilyPolicy}`);
  o.w(0, `IP Families:\t${(s.spec.ipFamilies ?? []).join(',')}`);
  o.w(0, `IP:\t${s.spec.clusterIP}`);
  o.w(0, `IPs:\t${s.spec.clusterIP === 'None' ? 'None' : (s.spec.clusterIPs ?? [s.spec.clusterIP]).join(',')}`);
  const ep = w.get('endpoints', s.metadata.namespace, s.metadata.name);
  for (const p of s.spec.ports ?? []) {
    o.w(0, `Port:\t${p.name ?? '<unset>'}  ${p.port}/${p.protocol}`);
    o.w(0, `TargetPort:\t${p.targetPort}/${p.protocol}`);
    const eps = ep ? formatEndpoints({ ...ep, subsets: (ep.subsets ?? []).map((ss: J) => ({ ...ss, ports: (ss.ports ?? []).filter((x: J) => x.name === p.name || (!x.name && !p.name)) })) }) : '<none>';
    o.w(0, `Endpoints:\t${eps === '<none>' ? '' : eps}`);
  }
  o.w(0, `Session Affinity:\t${s.spec.sessionAffinity}`);
  o.w(0, `Internal Traffic Policy:\t${s.spec.internalTrafficPolicy ?? 'Cluster'}`);
}

function generic(w: World, x: Obj, o: Out): void {
  o.w(0, `Name:\t${x.metadata.name}`);
  if (x.metadata.namespace) o.w(0, `Namespace:\t${x.metadata.namespace}`);
  mapLines(o, 0, 'Labels', x.metadata.labels);
  mapLines(o, 0, 'Annotations', x.metadata.annotations, ': ');
  const skip = new Set(['apiVersion', 'kind', 'metadata']);
  const dump = (level: number, v: unknown, key?: string): void => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if (key) o.w(level, `${key}:`);
      for (const [k, y] of Object.entries(v as J)) dump(key ? level + 1 : level, y, k);
    } else if (Array.isArray(v)) {
      o.w(level, `${key}:`);
      v.forEach((y) => (y && typeof y === 'object' ? dump(level + 1, y, '-') : o.w(level + 1, `- ${String(y)}`)));
    } else o.w(level, `${key}:\t${String(v)}`);
  };
  for (const [k, v] of Object.entries(x)) if (!skip.has(k)) dump(0, v, k.charAt(0).toUpperCase() + k.slice(1));
  void w;
}

export function describe(w: World, x: Obj, showEvents: boolean): string {
  const o = new Out();
  let withEvents = true;
  if (x.kind === 'Pod') pod(w, x, o);
  else if (x.kind === 'Deployment') deployment(w, x, o);
  else if (x.kind === 'StatefulSet') statefulset(w, x, o);
  else if (x.kind === 'Service') service(w, x, o);
  else if (DESCRIBERS[x.kind]) withEvents = DESCRIBERS[x.kind](w, x, o);
  else generic(w, x, o);
  if (showEvents && withEvents && x.kind !== 'Event') events(o, eventsFor(w, x), w.now);
  return `${tabwrite(o.text())}\n`;
}
