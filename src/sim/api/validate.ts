/**
 * Semantic validation of the kinds the course uses, with the API server's field paths and wording: required
 * fields, names, selectors that must match the template, volume mounts that must name a volume, immutable
 * fields on update. Returns the causes of an Invalid error (empty when valid).
 */
import type { Obj } from '../state/types.js';
import type { Cause } from './errors.js';
import { matchesSelector, selectorReqs } from './selector.js';
import { quantityOk, validatePvcSpec, validateRoleRef, validateService } from './validate-kinds.js';
export { validateUpdate } from './validate-kinds.js';
import {
  checkDns1035, checkLabelName, checkLabels, checkPort, checkPortName, checkSubdomain, duplicate, forbiddenField, invalidValue,
  notFoundValue, required, unsupported,
} from './validate-util.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function validateContainers(list: J[] | undefined, path: string, volumes: Set<string>, out: Cause[], isInit = false): void {
  const names = new Set<string>();
  (list ?? []).forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!c.name) out.push(required(`${p}.name`));
    else {
      const bad = checkLabelName(`${p}.name`, c.name);
      if (bad) out.push(bad);
      if (names.has(c.name)) out.push(duplicate(`${p}.name`, c.name));
      names.add(c.name);
    }
    if (!c.image) out.push(required(`${p}.image`));
    const portNames = new Set<string>();
    (c.ports ?? []).forEach((port: J, j: number) => {
      const pp = `${p}.ports[${j}]`;
      const e = checkPort(`${pp}.containerPort`, port.containerPort);
      if (e) out.push(e);
      if (port.name) {
        const n = checkPortName(`${pp}.name`, port.name);
        if (n) out.push(n);
        if (portNames.has(port.name)) out.push(duplicate(`${pp}.name`, port.name));
        portNames.add(port.name);
      }
      if (port.protocol && !['TCP', 'UDP', 'SCTP'].includes(port.protocol)) out.push(unsupported(`${pp}.protocol`, port.protocol, ['SCTP', 'TCP', 'UDP']));
    });
    (c.env ?? []).forEach((e: J, j: number) => {
      const ep = `${p}.env[${j}]`;
      if (!e.name) out.push(required(`${ep}.name`));
      if (e.valueFrom) {
        const n = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => e.valueFrom[k]).length;
        if (n === 0) out.push(invalidValue(`${ep}.valueFrom`, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
        if (n > 1) out.push(invalidValue(`${ep}.valueFrom`, '', 'may not have more than one field specified at a time'));
        if (e.value) out.push(invalidValue(`${ep}.valueFrom`, '', 'may not be specified when `value` is not empty'));
        const ref = e.valueFrom.configMapKeyRef ?? e.valueFrom.secretKeyRef;
        const which = e.valueFrom.configMapKeyRef ? 'configMapKeyRef' : 'secretKeyRef';
        if (ref && !ref.key) out.push(required(`${ep}.valueFrom.${which}.key`));
        if (ref && !ref.name) out.push(required(`${ep}.valueFrom.${which}.name`));
        const fr = e.valueFrom.fieldRef;
        if (fr) {
          const ok = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
          if (!fr.fieldPath) out.push(required(`${ep}.valueFrom.fieldRef.fieldPath`));
          else if (!ok.includes(fr.fieldPath) && !/^metadata\.(labels|annotations)\['.+'\]$/.test(fr.fieldPath)) {
            out.push(unsupported(`${ep}.valueFrom.fieldRef.fieldPath`, fr.fieldPath, ok));
          }
        }
      }
    });
    (c.envFrom ?? []).forEach((e: J, j: number) => {
      const ep = `${p}.envFrom[${j}]`;
      const n = ['configMapRef', 'secretRef'].filter((k) => e[k]).length;
      if (n === 0) out.push(invalidValue(ep, '', 'must specify one of: `configMapRef` or `secretRef`'));
      if (n > 1) out.push(invalidValue(ep, '', 'may not have more than one field specified at a time'));
      const ref = e.configMapRef ?? e.secretRef;
      if (ref && !ref.name) out.push(required(`${ep}.${e.configMapRef ? 'configMapRef' : 'secretRef'}.name`));
    });
    const mounts = new Set<string>();
    (c.volumeMounts ?? []).forEach((m: J, j: number) => {
      const mp = `${p}.volumeMounts[${j}]`;
      if (!m.name) out.push(required(`${mp}.name`));
      else if (!volumes.has(m.name)) out.push(notFoundValue(`${mp}.name`, m.name));
      if (!m.mountPath) out.push(required(`${mp}.mountPath`));
      else if (mounts.has(m.mountPath)) out.push(invalidValue(`${mp}.mountPath`, m.mountPath, 'must be unique'));
      if (m.mountPath) mounts.add(m.mountPath);
    });
    for (const probeName of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      const pr = c[probeName];
      if (!pr) continue;
      if (isInit) continue;
      const n = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((k) => pr[k]).length;
      if (n === 0) out.push(required(`${p}.${probeName}`, 'must specify a handler type'));
      if (pr.httpGet && (pr.httpGet.port === undefined || pr.httpGet.port === '')) out.push(required(`${p}.${probeName}.httpGet.port`));
      if (probeName !== 'readinessProbe' && pr.successThreshold !== undefined && pr.successThreshold !== 1) {
        out.push(invalidValue(`${p}.${probeName}.successThreshold`, pr.successThreshold, 'must be 1'));
      }
    }
    if (c.imagePullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy)) {
      out.push(unsupported(`${p}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']));
    }
  });
}

export function validatePodSpec(spec: J | undefined, path: string, out: Cause[], extraVolumes: string[] = [], templated = false): void {
  if (!spec) {
    out.push(required(`${path}.containers`));
    return;
  }
  const volumes = new Set<string>(extraVolumes);
  (spec.volumes ?? []).forEach((v: J, i: number) => {
    const p = `${path}.volumes[${i}]`;
    if (!v.name) out.push(required(`${p}.name`));
    else {
      const bad = checkLabelName(`${p}.name`, v.name);
      if (bad) out.push(bad);
      if (volumes.has(v.name) && !extraVolumes.includes(v.name)) out.push(duplicate(`${p}.name`, v.name));
      volumes.add(v.name);
    }
    const sources = Object.keys(v).filter((k) => k !== 'name');
    if (sources.length === 0) out.push(required(p, 'must specify a volume type'));
    else if (sources.length > 1) out.push(forbiddenField(`${p}.${sources[1]}`, 'may not specify more than 1 volume type'));
    if (v.persistentVolumeClaim && !v.persistentVolumeClaim.claimName) out.push(required(`${p}.persistentVolumeClaim.claimName`));
  });
  if (!spec.containers || spec.containers.length === 0) out.push(required(`${path}.containers`));
  validateContainers(spec.initContainers, `${path}.initContainers`, volumes, out, true);
  validateContainers(spec.containers, `${path}.containers`, volumes, out);
  const rp = spec.restartPolicy;
  if (templated) {
    if (rp && rp !== 'Always') out.push(unsupported(`${path}.restartPolicy`, rp, ['Always']));
  } else if (rp && !['Always', 'OnFailure', 'Never'].includes(rp)) out.push(unsupported(`${path}.restartPolicy`, rp, ['Always', 'OnFailure', 'Never']));
  if (spec.dnsPolicy && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(spec.dnsPolicy)) {
    out.push(unsupported(`${path}.dnsPolicy`, spec.dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  }
  if (spec.hostname) {
    const bad = checkLabelName(`${path}.hostname`, spec.hostname);
    if (bad) out.push(bad);
  }
  if (spec.subdomain) {
    const bad = checkLabelName(`${path}.subdomain`, spec.subdomain);
    if (bad) out.push(bad);
  }
  if (spec.serviceAccountName) {
    const bad = checkSubdomain(`${path}.serviceAccountName`, spec.serviceAccountName);
    if (bad) out.push(bad);
  }
}

function validateSelectorAndTemplate(spec: J, out: Cause[]): void {
  const sel = spec.selector;
  if (!sel || selectorReqs(sel).length === 0) out.push(required('spec.selector'));
  const labels = spec.template?.metadata?.labels;
  if (sel && selectorReqs(sel).length > 0 && !matchesSelector(sel, labels)) {
    out.push(invalidValue('spec.template.metadata.labels', labels ?? {}, '`selector` does not match template `labels`'));
  } else if (!sel || selectorReqs(sel).length === 0) {
    out.push(invalidValue('spec.template.metadata.labels', labels ?? {}, '`selector` does not match template `labels`'));
  }
  out.push(...checkLabels('spec.template.metadata.labels', labels));
}

function replicasOk(spec: J, out: Cause[]): void {
  if (spec.replicas !== undefined && spec.replicas < 0) out.push(invalidValue('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
}

export function validateObject(o: Obj): Cause[] {
  const out: Cause[] = [];
  const m = o.metadata ?? ({} as J);
  if (!m.name && !m.generateName) out.push(required('metadata.name', 'name or generateName is required'));
  else if (m.name) {
    const dns1035 = o.kind === 'Service';
    const label = o.kind === 'Namespace';
    const bad = dns1035 ? checkDns1035('metadata.name', m.name) : label ? checkLabelName('metadata.name', m.name) : o.kind.startsWith('Role') || o.kind.startsWith('ClusterRole') ? undefined : checkSubdomain('metadata.name', m.name);
    if (bad) out.push(bad);
  }
  out.push(...checkLabels('metadata.labels', m.labels));
  const spec: J = o.spec ?? {};
  switch (o.kind) {
    case 'Pod':
      validatePodSpec(o.spec, 'spec', out);
      break;
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      replicasOk(spec, out);
      validateSelectorAndTemplate(spec, out);
      validatePodSpec(spec.template?.spec, 'spec.template.spec', out, [], true);
      if (o.kind === 'Deployment' && spec.strategy?.type && !['Recreate', 'RollingUpdate'].includes(spec.strategy.type)) {
        out.push(unsupported('spec.strategy.type', spec.strategy.type, ['Recreate', 'RollingUpdate']));
      }
      break;
    case 'StatefulSet': {
      replicasOk(spec, out);
      if (spec.podManagementPolicy && !['OrderedReady', 'Parallel'].includes(spec.podManagementPolicy)) {
        out.push(unsupported('spec.podManagementPolicy', spec.podManagementPolicy, ['OrderedReady', 'Parallel']));
      }
      // The API server does not validate a StatefulSet's pod spec (upstream TODO in
      // ValidatePodTemplateSpecForStatefulSet): a bad one is accepted, and each pod it makes is refused.
      validateSelectorAndTemplate(spec, out);
      (spec.volumeClaimTemplates ?? []).forEach((t: J, i: number) => validatePvcSpec(t.spec, `spec.volumeClaimTemplates[${i}].spec`, out));
      break;
    }
    case 'Service':
      validateService(spec, out);
      break;
    case 'PersistentVolumeClaim':
      validatePvcSpec(spec, 'spec', out);
      break;
    case 'Role':
    case 'ClusterRole':
      (o.rules ?? []).forEach((r: J, i: number) => {
        if (!r.verbs?.length) out.push(required(`rules[${i}].verbs`, 'verbs must contain at least one value'));
        if (r.nonResourceURLs?.length) {
          if (o.kind === 'Role') out.push(invalidValue(`rules[${i}].nonResourceURLs`, r.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
        } else {
          if (!r.apiGroups?.length) out.push(required(`rules[${i}].apiGroups`, 'resource rules must supply at least one api group'));
          if (!r.resources?.length) out.push(required(`rules[${i}].resources`, 'resource rules must supply at least one resource'));
        }
      });
      break;
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      validateRoleRef(o, out);
      break;
    case 'ConfigMap':
    case 'Secret':
      for (const key of [...Object.keys(o.data ?? {}), ...Object.keys(o.stringData ?? {})]) {
        if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
          out.push(invalidValue(`data[${key}]`, key, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
        }
      }
      break;
    case 'ResourceQuota':
      for (const [k, v] of Object.entries(spec.hard ?? {})) quantityOk(`spec.hard[${k}]`, v, out);
      break;
    default:
      break;
  }
  return out;
}

/** JSON with sorted keys, so key order never makes two equal values differ. */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v as J).sort().map((k) => [k, canonical((v as J)[k])]));
  }
  return v;
}
