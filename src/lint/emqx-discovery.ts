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
