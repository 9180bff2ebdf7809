/**
 * Pod Security admission (k8s.io/pod-security-admission v0.32): a namespace's
 * `pod-security.kubernetes.io/{enforce,warn,audit}` labels name a level (privileged | baseline | restricted);
 * a pod that breaks the enforce level is refused, and a pod or a pod template (a workload) that breaks the
 * warn level is admitted with a warning. The checks and their wording follow policy/check_*.go; the checks
 * run in the order the registry sorts them (baseline IDs, then restricted IDs, each alphabetical), and a
 * restricted check replaces the baseline check it overrides.
 */
type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type Level = 'privileged' | 'baseline' | 'restricted';

interface Result {
  reason: string;
  detail: string;
}

type Check = (meta: J, spec: J) => Result | undefined;

const LABEL = 'pod-security.kubernetes.io/';

const joinQuote = (items: string[]) => (items.length ? `"${items.join('", "')}"` : '');
const plural = (one: string, many: string, n: number) => (n === 1 ? one : many);
const sorted = (s: Set<string>) => [...s].sort();
const containersPhrase = (names: string[]) => `${plural('container', 'containers', names.length)} ${joinQuote(names)}`;

/** Init containers, containers, ephemeral containers: visitContainers. */
function containers(spec: J): J[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

function each(spec: J, bad: (c: J) => boolean): string[] {
  return containers(spec).filter(bad).map((c) => String(c.name));
}

const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const windows = (spec: J) => spec.os?.name === 'windows';
const validSeccomp = (t: unknown) => t === 'Localhost' || t === 'RuntimeDefault';

/** "pod and containers "a", "b" must not set …": who set a forbidden value. */
function setters(podBad: boolean, names: string[]): string {
  const out: string[] = podBad ? ['pod'] : [];
  if (names.length) out.push(containersPhrase(names));
  return out.join(' and ');
}

const appArmorProfile: Check = (meta, spec) => {
  const ok = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
  const values = new Set<string>();
  const who: string[] = [];
  const podType = spec.securityContext?.appArmorProfile?.type;
  if (spec.securityContext?.appArmorProfile && !ok(podType)) {
    who.push('pod');
    values.add(String(podType ?? ''));
  }
  const bad = each(spec, (c) => {
    const p = c.securityContext?.appArmorProfile;
    if (!p || ok(p.type)) return false;
    values.add(String(p.type ?? ''));
    return true;
  });
  if (bad.length) who.push(containersPhrase(bad));
  const annotations = Object.entries((meta.annotations ?? {}) as Record<string, string>)
    .filter(([k, v]) => k.startsWith('container.apparmor.security.beta.kubernetes.io/') && !(v === '' || v === 'runtime/default' || v.startsWith('localhost/')))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .sort();
  const list = [...sorted(values), ...annotations];
  if (annotations.length) who.push(plural('annotation', 'annotations', annotations.length));
  if (!who.length) return undefined;
  return {
    reason: plural('forbidden AppArmor profile', 'forbidden AppArmor profiles', list.length),
    detail: `${who.join(' and ')} must not set AppArmor profile type to ${joinQuote(list)}`,
  };
};

const capabilitiesBaseline: Check = (_meta, spec) => {
  const caps = new Set<string>();
  const bad = each(spec, (c) => {
    const add: string[] = c.securityContext?.capabilities?.add ?? [];
    const wrong = add.filter((x) => !BASELINE_CAPS.has(x));
    wrong.forEach((x) => caps.add(x));
    return wrong.length > 0;
  });
  if (!bad.length) return undefined;
  return { reason: 'non-default capabilities', detail: `${containersPhrase(bad)} must not include ${joinQuote(sorted(caps))} in securityContext.capabilities.add` };
};

const hostNamespaces: Check = (_meta, spec) => {
  const on = [spec.hostNetwork && 'hostNetwork=true', spec.hostPID && 'hostPID=true', spec.hostIPC && 'hostIPC=true'].filter(Boolean) as string[];
  return on.length ? { reason: 'host namespaces', detail: on.join(', ') } : undefined;
};

const hostPathVolumes: Check = (_meta, spec) => {
  const vols = ((spec.volumes ?? []) as J[]).filter((v) => v.hostPath).map((v) => String(v.name));
  return vols.length ? { reason: 'hostPath volumes', detail: `${plural('volume', 'volumes', vols.length)} ${joinQuote(vols)}` } : undefined;
};

const hostPorts: Check = (_meta, spec) => {
  const ports = new Set<string>();
  const bad = each(spec, (c) => {
    const used = ((c.ports ?? []) as J[]).filter((p) => p.hostPort);
    used.forEach((p) => ports.add(String(p.hostPort)));
    return used.length > 0;
  });
  if (!bad.length) return undefined;
  return {
    reason: 'hostPort',
    detail: `${containersPhrase(bad)} ${plural('uses', 'use', bad.length)} ${plural('hostPort', 'hostPorts', ports.size)} ${sorted(ports).join(', ')}`,
  };
};

const privileged: Check = (_meta, spec) => {
  const bad = each(spec, (c) => c.securityContext?.privileged === true);
  return bad.length ? { reason: 'privileged', detail: `${containersPhrase(bad)} must not set securityContext.privileged=true` } : undefined;
};

/** User-namespace pods (hostUsers: false) are spared the procMount and run-as checks. */
const userNamespaced = (spec: J) => spec.hostUsers === false;

const procMount: Check = (_meta, spec) => {
  if (userNamespaced(spec)) return undefined;
  const types = new Set<string>();
  const bad = each(spec, (c) => {
    const t = c.securityContext?.procMount;
    if (t === undefined || t === null || t === 'Default') return false;
    types.add(String(t));
    return true;
  });
  return bad.length ? { reason: 'procMount', detail: `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sorted(types))}` } : undefined;
};

const seLinuxOptions: Check = (_meta, spec) => {
  const types = new Set<string>();
  let user = false;
  let role = false;
  const valid = (o: J) => {
    let ok = true;
    if (!SELINUX_TYPES.has(o.type ?? '')) {
      ok = false;
      types.add(o.type ?? '');
    }
    if (o.user) (user = true), (ok = false);
    if (o.role) (role = true), (ok = false);
    return ok;
  };
  const podBad = !!spec.securityContext?.seLinuxOptions && !valid(spec.securityContext.seLinuxOptions);
  const bad = each(spec, (c) => !!c.securityContext?.seLinuxOptions && !valid(c.securityContext.seLinuxOptions));
  if (!podBad && !bad.length) return undefined;
  const data: string[] = [];
  if (types.size) data.push(`${plural('type', 'types', types.size)} ${joinQuote(sorted(types))}`);
  if (user) data.push('user may not be set');
  if (role) data.push('role may not be set');
  return { reason: 'seLinuxOptions', detail: `${setters(podBad, bad)} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}` };
};

const seccompBaseline: Check = (_meta, spec) => {
  const values = new Set<string>();
  const podType = spec.securityContext?.seccompProfile?.type;
  const podBad = !!spec.securityContext?.seccompProfile && !validSeccomp(podType);
  if (podBad) values.add(String(podType ?? ''));
  const bad = each(spec, (c) => {
    const p = c.securityContext?.seccompProfile;
    if (!p || validSeccomp(p.type)) return false;
    values.add(String(p.type ?? ''));
    return true;
  });
  if (!podBad && !bad.length) return undefined;
  return { reason: 'seccompProfile', detail: `${setters(podBad, bad)} must not set securityContext.seccompProfile.type to ${joinQuote(sorted(values))}` };
};

const sysctls: Check = (_meta, spec) => {
  const bad = ((spec.securityContext?.sysctls ?? []) as J[]).map((s) => String(s.name)).filter((n) => !SYSCTLS.has(n));
  return bad.length ? { reason: 'forbidden sysctls', detail: bad.join(', ') } : undefined;
};

const windowsHostProcess: Check = (_meta, spec) => {
  const podBad = spec.securityContext?.windowsOptions?.hostProcess === true;
  const bad = each(spec, (c) => c.securityContext?.windowsOptions?.hostProcess === true);
  if (!podBad && !bad.length) return undefined;
  return { reason: 'hostProcess', detail: `${setters(podBad, bad)} must not set securityContext.windowsOptions.hostProcess=true` };
};

const allowPrivilegeEscalation: Check = (_meta, spec) => {
  if (windows(spec)) return undefined;
  const bad = each(spec, (c) => c.securityContext?.allowPrivilegeEscalation !== false);
  return bad.length ? { reason: 'allowPrivilegeEscalation != false', detail: `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false` } : undefined;
};

const capabilitiesRestricted: Check = (_meta, spec) => {
  if (windows(spec)) return undefined;
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const caps = new Set<string>();
  for (const c of containers(spec)) {
    const cap = c.securityContext?.capabilities;
    if (!cap) {
      missingDrop.push(String(c.name));
      continue;
    }
    if (!((cap.drop ?? []) as string[]).includes('ALL')) missingDrop.push(String(c.name));
    const wrong = ((cap.add ?? []) as string[]).filter((x) => x !== 'NET_BIND_SERVICE');
    wrong.forEach((x) => caps.add(x));
    if (wrong.length) adding.push(String(c.name));
  }
  const details: string[] = [];
  if (missingDrop.length) details.push(`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length) details.push(`${containersPhrase(adding)} must not include ${joinQuote(sorted(caps))} in securityContext.capabilities.add`);
  return details.length ? { reason: 'unrestricted capabilities', detail: details.join('; ') } : undefined;
};

const ALLOWED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const KNOWN_VOLUMES = ['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos'];

const restrictedVolumes: Check = (_meta, spec) => {
  const names: string[] = [];
  const types = new Set<string>();
  for (const v of (spec.volumes ?? []) as J[]) {
    if (ALLOWED_VOLUMES.some((t) => v[t])) continue;
    names.push(String(v.name));
    types.add(KNOWN_VOLUMES.find((t) => v[t]) ?? 'unknown');
  }
  if (!names.length) return undefined;
  return {
    reason: 'restricted volume types',
    detail: `${plural('volume', 'volumes', names.length)} ${joinQuote(names)} ${plural('uses', 'use', names.length)} ${plural('restricted volume type', 'restricted volume types', types.size)} ${joinQuote(sorted(types))}`,
  };
};

const runAsNonRoot: Check = (_meta, spec) => {
  if (userNamespaced(spec)) return undefined;
  const podSet = spec.securityContext?.runAsNonRoot;
  const podBad = podSet === false;
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of containers(spec)) {
    const v = c.securityContext?.runAsNonRoot;
    if (v !== undefined && v !== null) {
      if (!v) explicit.push(String(c.name));
    } else if (podSet !== true) implicit.push(String(c.name));
  }
  if (podBad || explicit.length) return { reason: 'runAsNonRoot != true', detail: `${setters(podBad, explicit)} must not set securityContext.runAsNonRoot=false` };
  if (implicit.length) return { reason: 'runAsNonRoot != true', detail: `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true` };
  return undefined;
};

const runAsUser: Check = (_meta, spec) => {
  if (userNamespaced(spec)) return undefined;
  const podBad = spec.securityContext?.runAsUser === 0;
  const bad = each(spec, (c) => c.securityContext?.runAsUser === 0);
  if (!podBad && !bad.length) return undefined;
  return { reason: 'runAsUser=0', detail: `${setters(podBad, bad)} must not set runAsUser=0` };
};

const seccompRestricted: Check = (_meta, spec) => {
  if (windows(spec)) return undefined;
  const values = new Set<string>();
  const podProfile = spec.securityContext?.seccompProfile;
  const podBad = !!podProfile && !validSeccomp(podProfile.type);
  if (podBad) values.add(String(podProfile.type ?? ''));
  const podSet = !!podProfile && !podBad;
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of containers(spec)) {
    const p = c.securityContext?.seccompProfile;
    if (p) {
      if (!validSeccomp(p.type)) {
        explicit.push(String(c.name));
        values.add(String(p.type ?? ''));
      }
    } else if (!podSet) implicit.push(String(c.name));
  }
  if (podBad || explicit.length) return { reason: 'seccompProfile', detail: `${setters(podBad, explicit)} must not set securityContext.seccompProfile.type to ${joinQuote(sorted(values))}` };
  if (implicit.length) return { reason: 'seccompProfile', detail: `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"` };
  return undefined;
};

// Registry order: baseline IDs sorted (Go byte order), then restricted IDs sorted.
const BASELINE: [string, Check][] = [
  ['appArmorProfile', appArmorProfile],
  ['capabilities_baseline', capabilitiesBaseline],
  ['hostNamespaces', hostNamespaces],
  ['hostPathVolumes', hostPathVolumes],
  ['hostPorts', hostPorts],
  ['privileged', privileged],
  ['procMount', procMount],
  ['seLinuxOptions', seLinuxOptions],
  ['seccompProfile_baseline', seccompBaseline],
  ['sysctls', sysctls],
  ['windowsHostProcess', windowsHostProcess],
];
const RESTRICTED: [string, Check, string?][] = [
  ['allowPrivilegeEscalation', allowPrivilegeEscalation],
  ['capabilities_restricted', capabilitiesRestricted, 'capabilities_baseline'],
  ['restrictedVolumes', restrictedVolumes, 'hostPathVolumes'],
  ['runAsNonRoot', runAsNonRoot],
  ['runAsUser', runAsUser],
  ['seccompProfile_restricted', seccompRestricted, 'seccompProfile_baseline'],
];

function checksFor(level: Level): Check[] {
  if (level === 'privileged') return [];
  if (level === 'baseline') return BASELINE.map(([, c]) => c);
  const overridden = new Set(RESTRICTED.map(([, , o]) => o).filter(Boolean));
  return [...BASELINE.filter(([id]) => !overridden.has(id)).map(([, c]) => c), ...RESTRICTED.map(([, c]) => c)];
}

/** `host namespaces (hostNetwork=true), hostPath volumes (volume "root")`, or undefined when the pod passes. */
export function evaluatePod(level: Level, meta: J, spec: J): string | undefined {
  const failed = checksFor(level)
    .map((c) => c(meta ?? {}, spec ?? {}))
    .filter((r): r is Result => !!r);
  if (!failed.length) return undefined;
  return failed.map((r) => (r.detail ? `${r.reason} (${r.detail})` : r.reason)).join(', ');
}

export interface LevelVersion {
  level: Level;
  /** `baseline:latest` as the messages write it. */
  label: string;
}

export interface NamespacePolicy {
  enforce: LevelVersion;
  warn: LevelVersion;
}

function levelOf(labels: Record<string, string>, mode: 'enforce' | 'warn'): LevelVersion {
  const raw = labels[`${LABEL}${mode}`];
  const level: Level = raw === 'baseline' || raw === 'restricted' ? raw : 'privileged';
  const version = labels[`${LABEL}${mode}-version`] || 'latest';
  return { level, label: `${level}:${version}` };
}

export function namespacePolicy(labels: Record<string, string> | undefined): NamespacePolicy {
  const l = labels ?? {};
  return { enforce: levelOf(l, 'enforce'), warn: levelOf(l, 'warn') };
}

/** Resources whose pod template Pod Security reads (warn and audit only: enforce applies to pods). */
export const POD_TEMPLATE_RESOURCES = new Set(['deployments', 'statefulsets', 'replicasets', 'daemonsets', 'jobs', 'cronjobs', 'replicationcontrollers', 'podtemplates']);

/** The pod template of a workload (a CronJob's sits one level deeper). */
export function podTemplateOf(res: string, o: J): { meta: J; spec: J } | undefined {
  const t = res === 'cronjobs' ? o.spec?.jobTemplate?.spec?.template : res === 'podtemplates' ? o.template : o.spec?.template;
  if (!t?.spec) return undefined;
  return { meta: t.metadata ?? {}, spec: t.spec };
}
