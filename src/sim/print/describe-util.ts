/** Building blocks of `kubectl describe` output: indented lines, labels, events, pod templates. */
import { msOf } from '../api/world.js';
import type { Obj } from '../state/types.js';
import { humanDuration } from './format.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class Out {
  lines: string[] = [];
  w(level: number, text: string): void {
    this.lines.push(`${'  '.repeat(level)}${text}`);
  }
  text(): string {
    return this.lines.join('\n');
  }
}

/** Mon, 02 Jan 2006 15:04:05 -0700 */
export function rfc1123z(ts: string | number | undefined): string {
  if (ts === undefined) return '<unset>';
  const d = new Date(typeof ts === 'number' ? ts : Date.parse(ts));
  const s = d.toUTCString();
  return s.replace('GMT', '+0000');
}

/** `Labels:` / `Annotations:` style multi-line maps. */
export function mapLines(o: Out, level: number, title: string, m: Record<string, string> | undefined, sep = '='): void {
  const entries = Object.entries(m ?? {}).filter(([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration').sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) {
    o.w(level, `${title}:\t<none>`);
    return;
  }
  entries.forEach(([k, v], i) => o.w(level, `${i === 0 ? `${title}:` : ''}\t${k}${sep}${v}`));
}

export function events(o: Out, evs: Obj[], now: number): void {
  if (!evs.length) {
    o.w(0, 'Events:\t<none>');
    return;
  }
  o.w(0, 'Events:');
  o.w(1, 'Type\tReason\tAge\tFrom\tMessage');
  o.w(1, '----\t------\t----\t----\t-------');
  for (const e of evs) {
    const last = humanDuration(now - msOf(e.lastTimestamp));
    const age = e.count > 1 ? `${last} (x${e.count} over ${humanDuration(now - msOf(e.firstTimestamp))})` : last;
    const from = e.source?.host ? `${e.source.component}` : e.source?.component ?? '';
    o.w(1, `${e.type}\t${e.reason}\t${age}\t${from}\t${String(e.message).trim()}`);
  }
}

function probe(p: J): string {
  const tail = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.httpGet) return `http-get ${String(p.httpGet.scheme ?? 'HTTP').toLowerCase()}://${p.httpGet.host ?? ''}:${p.httpGet.port}${p.httpGet.path ?? ''} ${tail}`;
  if (p.tcpSocket) return `tcp-socket :${p.tcpSocket.port} ${tail}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${tail}`;
  return tail;
}

function envLines(o: Out, level: number, c: J): void {
  const from: J[] = c.envFrom ?? [];
  if (from.length) {
    o.w(level, 'Environment Variables from:');
    for (const f of from) {
      const ref = f.configMapRef ?? f.secretRef;
      const kind = f.configMapRef ? 'ConfigMap' : 'Secret';
      o.w(level + 1, `${ref.name}\t${kind}${f.prefix ? ` with prefix '${f.prefix}'` : ''}\tOptional: ${!!ref.optional}`);
    }
  }
  const env: J[] = c.env ?? [];
  if (!env.length) {
    o.w(level, 'Environment:\t<none>');
    return;
  }
  o.w(level, 'Environment:');
  for (const e of env) {
    const vf = e.valueFrom;
    let v = e.value ?? '';
    if (vf?.fieldRef) v = `(${vf.fieldRef.apiVersion ?? 'v1'}:${vf.fieldRef.fieldPath})`;
    else if (vf?.configMapKeyRef) v = `<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>\tOptional: ${!!vf.configMapKeyRef.optional}`;
    else if (vf?.secretKeyRef) v = `<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>\tOptional: ${!!vf.secretKeyRef.optional}`;
    else if (vf?.resourceFieldRef) v = `${vf.resourceFieldRef.resource}`;
    o.w(level + 1, `${e.name}:\t${v}`);
  }
}

function portsOf(c: J): [string, string] {
  const ps: J[] = c.ports ?? [];
  if (!ps.length) return ['<none>', '<none>'];
  return [ps.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', '), ps.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ')];
}

function resources(o: Out, level: number, c: J): void {
  for (const [title, key] of [['Limits', 'limits'], ['Requests', 'requests']]) {
    const r = c.resources?.[key];
    if (!r || !Object.keys(r).length) continue;
    o.w(level, `${title}:`);
    for (const [k, v] of Object.entries(r).sort()) o.w(level + 1, `${k}:\t${v}`);
  }
}

/** A container's spec part (shared by pods and pod templates); `status` adds the running state. */
export function container(o: Out, level: number, c: J, status: J | undefined, template: boolean): void {
  o.w(level, `${template ? ' ' : ''}${c.name}:`);
  const l = level + 1;
  if (status) o.w(l, `Container ID:\t${status.containerID ?? ''}`);
  o.w(l, `Image:\t${c.image}`);
  if (status) o.w(l, `Image ID:\t${status.imageID ?? ''}`);
  const [ports, hostPorts] = portsOf(c);
  o.w(l, `Port${(c.ports ?? []).length > 1 ? 's' : ''}:\t${ports}`);
  o.w(l, `Host Port${(c.ports ?? []).length > 1 ? 's' : ''}:\t${hostPorts}`);
  if (c.command) {
    o.w(l, 'Command:');
    for (const x of c.command) o.w(l + 1, x);
  }
  if (c.args) {
    o.w(l, 'Args:');
    for (const x of c.args) o.w(l + 1, x);
  }
  if (status) {
    const st: J = status.state ?? {};
    if (st.running) {
      o.w(l, 'State:\tRunning');
      o.w(l + 1, `Started:\t${rfc1123z(st.running.startedAt)}`);
    } else if (st.waiting) {
      o.w(l, 'State:\tWaiting');
      o.w(l + 1, `Reason:\t${st.waiting.reason}`);
      if (st.waiting.message && !template) void 0;
    } else if (st.terminated) {
      o.w(l, 'State:\tTerminated');
      o.w(l + 1, `Reason:\t${st.terminated.reason}`);
      o.w(l + 1, `Exit Code:\t${st.terminated.exitCode}`);
      o.w(l + 1, `Started:\t${rfc1123z(st.terminated.startedAt)}`);
      o.w(l + 1, `Finished:\t${rfc1123z(st.terminated.finishedAt)}`);
    }
    const last: J | undefined = status.lastState?.terminated;
    if (last) {
      o.w(l, 'Last State:\tTerminated');
      o.w(l + 1, `Reason:\t${last.reason}`);
      o.w(l + 1, `Exit Code:\t${last.exitCode}`);
      o.w(l + 1, `Started:\t${rfc1123z(last.startedAt)}`);
      o.w(l + 1, `Finished:\t${rfc1123z(last.finishedAt)}`);
    }
    o.w(l, `Ready:\t${status.ready ? 'True' : 'False'}`);
    o.w(l, `Restart Count:\t${status.restartCount ?? 0}`);
  }
  resources(o, l, c);
  if (c.livenessProbe) o.w(l, `Liveness:\t${probe(c.livenessProbe)}`);
  if (c.readinessProbe) o.w(l, `Readiness:\t${probe(c.readinessProbe)}`);
  if (c.startupProbe) o.w(l, `Startup:\t${probe(c.startupProbe)}`);
  envLines(o, l, c);
  const mounts: J[] = c.volumeMounts ?? [];
  if (!mounts.length) o.w(l, 'Mounts:\t<none>');
  else {
    o.w(l, 'Mounts:');
    for (const m of mounts) o.w(l + 1, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'}${m.subPath ? `,path="${m.subPath}"` : ''})`);
  }
}

export function volumes(o: Out, level: number, vols: J[] | undefined): void {
  if (!vols?.length) {
    o.w(level, 'Volumes:\t<none>');
    return;
  }
  o.w(level, 'Volumes:');
  for (const v of vols) {
    o.w(level + 1, `${v.name}:`);
    const l = level + 2;
    if (v.persistentVolumeClaim) {
      o.w(l, 'Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)');
      o.w(l, `ClaimName:\t${v.persistentVolumeClaim.claimName}`);
      o.w(l, `ReadOnly:\t${!!v.persistentVolumeClaim.readOnly}`);
    } else if (v.emptyDir) {
      o.w(l, 'Type:\tEmptyDir (a temporary directory that shares a pod\'s lifetime)');
      o.w(l, `Medium:\t${v.emptyDir.medium ?? ''}`);
      o.w(l, `SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}`);
    } else if (v.configMap) {
      o.w(l, 'Type:\tConfigMap (a volume populated by a ConfigMap)');
      o.w(l, `Name:\t${v.configMap.name}`);
      o.w(l, `Optional:\t${!!v.configMap.optional}`);
    } else if (v.secret) {
      o.w(l, 'Type:\tSecret (a volume populated by a Secret)');
      o.w(l, `SecretName:\t${v.secret.secretName}`);
      o.w(l, `Optional:\t${!!v.secret.optional}`);
    } else if (v.projected) {
      // kubectl 1.32 printProjectedVolumeSource: a line per source; Optional is a *bool printed with %v
      // (<nil> when unset; a set one prints as a pointer address, which a manifest of the course never has).
      o.w(l, 'Type:\tProjected (a volume that contains injected data from multiple sources)');
      for (const src of (v.projected.sources ?? []) as J[]) {
        const opt = (x: J) => (x.optional === undefined ? '<nil>' : '0xc000000000');
        if (src.secret) {
          o.w(l, `SecretName:\t${src.secret.name}`);
          o.w(l, `SecretOptionalName:\t${opt(src.secret)}`);
        } else if (src.downwardAPI) o.w(l, 'DownwardAPI:\ttrue');
        else if (src.configMap) {
          o.w(l, `ConfigMapName:\t${src.configMap.name}`);
          o.w(l, `ConfigMapOptional:\t${opt(src.configMap)}`);
        } else if (src.serviceAccountToken) o.w(l, `TokenExpirationSeconds:\t${src.serviceAccountToken.expirationSeconds ?? 3600}`);
      }
    } else if (v.hostPath) {
      o.w(l, 'Type:\tHostPath (bare host directory volume)');
      o.w(l, `Path:\t${v.hostPath.path}`);
      o.w(l, `HostPathType:\t${v.hostPath.type ?? ''}`);
    }
  }
}

export function tolerations(o: Out, level: number, ts: J[] | undefined): void {
  if (!ts?.length) {
    o.w(level, 'Tolerations:\t<none>');
    return;
  }
  ts.forEach((t, i) => {
    const key = t.key ? `${t.key}${t.value ? `=${t.value}` : ''}` : '';
    const effect = t.effect ? `:${t.effect}` : '';
    const op = t.operator === 'Exists' ? ' op=Exists' : '';
    const secs = t.tolerationSeconds !== undefined ? ` for ${t.tolerationSeconds}s` : '';
    o.w(level, `${i === 0 ? 'Tolerations:' : ''}\t${key}${effect}${op}${secs}`);
  });
}

export function podTemplate(o: Out, t: J): void {
  o.w(0, 'Pod Template:');
  // DescribePodTemplate titles these "  Labels" at level 0: continuation lines start with the tab alone.
  mapLines(o, 0, '  Labels', t.metadata?.labels);
  if (t.metadata?.annotations && Object.keys(t.metadata.annotations).length) mapLines(o, 0, '  Annotations', t.metadata.annotations, ': ');
  if (t.spec?.serviceAccountName) o.w(1, `Service Account:\t${t.spec.serviceAccountName}`);
  if (t.spec?.initContainers?.length) {
    o.w(1, 'Init Containers:');
    for (const c of t.spec.initContainers) container(o, 1, c, undefined, true);
  }
  o.w(1, 'Containers:');
  for (const c of t.spec?.containers ?? []) container(o, 1, c, undefined, true);
  volumes(o, 1, t.spec?.volumes);
  o.w(1, `Node-Selectors:\t${Object.entries(t.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'}`);
  tolerations(o, 1, t.spec?.tolerations);
}

export { msOf };
