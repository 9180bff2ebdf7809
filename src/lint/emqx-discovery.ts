/**
 * Kubernetes discovery as a whole: the settings a pod really gets (envFrom a ConfigMap or Secret of the set,
 * then its own env) against the objects around it. ekka asks the API server for the Endpoints of
 * cluster.k8s.service_name; in hostname mode it needs a `hostname` on every address, which only pods under
 * a StatefulSet's governing (headless) Service have (else `{badkey,<<"hostname">>}`), and each node's own
 * name must be the DNS name the others derive (else "not responding to pings").
 */
import { lintMessages } from '../i18n/lint.js';
import { checkSetting, containerEnv, dataEnv, type EmqxContext, type EnvSetting } from './emqx-rules.js';
import { asArray, containersOf, getIn, isObj, podSpecPath, str, type ManifestObject } from './objects.js';
import type { ObjectSet } from './references.js';
import { closest } from './suggest.js';

/** What a container's environment holds, later sources overriding earlier ones (as the kubelet does). */
function effectiveEnv(set: ObjectSet, c: Record<string, unknown>, own: EnvSetting[]): Map<string, EnvSetting> {
  const env = new Map<string, EnvSetting>();
  for (const ef of asArray(c.envFrom)) {
    if (!isObj(ef)) continue;
    const [kind, ref] = isObj(ef.configMapRef) ? ['ConfigMap', ef.configMapRef] : isObj(ef.secretRef) ? ['Secret', ef.secretRef] : [];
    const name = ref && str(ref.name);
    const source = kind && name ? set.find(kind, name) : undefined;
    if (source) for (const s of dataEnv(source, str(ef.prefix) ?? '')) env.set(s.name, s);
  }
  for (const s of own) env.set(s.name, s);
  return env;
}

/** Does this Role rule let its holder GET endpoints (the one call discovery makes)? */
function allowsGetEndpoints(rule: unknown): boolean {
  if (!isObj(rule)) return false;
  const has = (field: string, value: string) => asArray(rule[field]).some((v) => v === value || v === '*');
  return has('apiGroups', '') && has('resources', 'endpoints') && has('verbs', 'get');
}

export function checkDiscovery(set: ObjectSet, ctx: EmqxContext): void {
  const m = lintMessages[ctx.lang];
  for (const o of set.objects) {
    if (!podSpecPath(o.kind)) continue;
    for (const { c, path } of containersOf(o)) {
      const env = effectiveEnv(set, c, containerEnv(o, path, c));
      // A name made of an envFrom prefix and a ConfigMap key exists only here; plain keys were checked with their ConfigMap.
      for (const s of env.values()) if (s.nameAt.o !== o && s.name !== s.nameAt.key) checkSetting(s, ctx);
      if (env.get('EMQX_CLUSTER__DISCOVERY_STRATEGY')?.value === 'k8s') checkWorkload(o, env);
    }
  }

  /**
   * When the files do RBAC at all (step 5 of the course has none, on purpose), the pods' ServiceAccount
   * must be bound to a Role that allows get on endpoints, or discovery fails with 403.
   */
  function checkPermission(o: ManifestObject) {
    const bindings = set.objects.filter((b) => b.kind === 'RoleBinding');
    if (!bindings.length) return;
    const spec = podSpecPath(o.kind)!;
    const field = getIn(o.raw, [...spec, 'serviceAccountName']) !== undefined ? 'serviceAccountName' : 'serviceAccount';
    const sa = str(getIn(o.raw, [...spec, field])) ?? 'default';
    const severity = ctx.course ? 'error' : 'warning';
    const mine = bindings.filter((b) =>
      asArray(getIn(b.raw, ['subjects'])).some((s) => isObj(s) && s.kind === 'ServiceAccount' && s.name === sa),
    );
    if (!mine.length) {
      const at = getIn(o.raw, [...spec, field]) !== undefined ? [...spec, field] : spec;
      ctx.report({ o, path: at }, severity, 'emqx-discovery', m.emqxServiceAccountUnbound(sa));
      return;
    }
    const roles = mine.flatMap((b) => {
      const ref = getIn(b.raw, ['roleRef']);
      if (!isObj(ref) || ref.kind !== 'Role') return [undefined]; // a ClusterRole: cannot tell from here
      return [set.find('Role', String(ref.name))];
    });
    if (roles.some((r) => r === undefined)) return; // missing Roles are reported by the reference checks
    if (roles.some((r) => asArray(getIn(r!.raw, ['rules'])).some(allowsGetEndpoints))) return;
    for (const r of roles) ctx.report({ o: r!, path: ['rules'] }, severity, 'emqx-discovery', m.emqxRoleNoEndpoints(r!.name));
  }

  function checkWorkload(o: ManifestObject, env: Map<string, EnvSetting>) {
    const strategy = env.get('EMQX_CLUSTER__DISCOVERY_STRATEGY')!;
    const addressType = env.get('EMQX_CLUSTER__K8S__ADDRESS_TYPE');
    const service = env.get('EMQX_CLUSTER__K8S__SERVICE_NAME');
    // From a Secret's data or a valueFrom we cannot tell the name; the default is `emqx`.
    if (service && service.value === undefined) return;
    const serviceName = service?.value ?? 'emqx';
    if (!set.find('Service', serviceName)) {
      const severity = ctx.course ? 'error' : 'warning';
      ctx.report((service ?? strategy).valueAt, severity, 'emqx-discovery', m.emqxServiceMissing(serviceName, closest(serviceName, set.names('Service'))));
    }
    checkPermission(o);
    if (addressType?.value !== 'hostname') return;
    const spec = podSpecPath(o.kind)!;
    const governing = o.kind === 'StatefulSet' ? str(getIn(o.raw, ['spec', 'serviceName'])) : str(getIn(o.raw, [...spec, 'subdomain']));
    if (!governing) {
      ctx.report(addressType.valueAt, 'error', 'emqx-discovery', m.emqxHostnameNeedsStatefulSet(o.kind));
      return;
    }
    if (governing !== serviceName) {
      ctx.report((service ?? addressType).valueAt, 'error', 'emqx-discovery', m.emqxHostnameServiceName(serviceName, governing));
    }
    // EMQX_HOST=$(POD_NAME).<service>.<namespace>.svc...: the service part must be the governing Service.
    const host = env.get('EMQX_HOST');
    const hostService = host?.value && /^\$\(POD_NAME\)\.([^.]+)\./.exec(host.value)?.[1];
    if (host && hostService && hostService !== governing) {
      ctx.report(host.valueAt, 'error', 'emqx-discovery', m.emqxHostService(hostService, governing));
    }
  }
}
