/**
 * Kubernetes discovery as a whole: the settings a pod really gets (envFrom a ConfigMap or Secret of the set,
 * then its own env) against the objects around it. ekka asks the API server for the Endpoints of
 * cluster.k8s.service_name; in hostname mode it needs a `hostname` on every address, which only pods under
 * a StatefulSet's governing (headless) Service have (else `{badkey,<<"hostname">>}`).
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
    const prefix = str(ef.prefix) ?? '';
    const ref = isObj(ef.configMapRef) ? ['ConfigMap', ef.configMapRef] : isObj(ef.secretRef) ? ['Secret', ef.secretRef] : undefined;
    const source = ref && str((ref[1] as Record<string, unknown>).name) ? set.find(ref[0] as string, str((ref[1] as Record<string, unknown>).name)!) : undefined;
    if (source) for (const s of dataEnv(source, prefix)) env.set(s.name, s);
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
      // Names that came from a ConfigMap with a prefix are only visible here.
      for (const s of env.values()) if (s.nameAt.o !== o && s.nameAt.o.kind && s.name !== s.nameAt.key) checkSetting(s, ctx);
      if (env.get('EMQX_CLUSTER__DISCOVERY_STRATEGY')?.value !== 'k8s') continue;
      checkWorkload(o, env);
    }
  }

  function checkWorkload(o: ManifestObject, env: Map<string, EnvSetting>) {
    const strategy = env.get('EMQX_CLUSTER__DISCOVERY_STRATEGY')!;
    const addressType = env.get('EMQX_CLUSTER__K8S__ADDRESS_TYPE');
    const service = env.get('EMQX_CLUSTER__K8S__SERVICE_NAME');
    const serviceName = service?.value ?? 'emqx';
    if (service?.value === undefined && service) return; // from a Secret or valueFrom: cannot tell
    const svc = set.find('Service', serviceName);
    if (!svc) {
      ctx.report(
        (service ?? strategy).valueAt,
        ctx.course ? 'error' : 'warning',
        'emqx-discovery',
        m.emqxServiceMissing(serviceName, closest(serviceName, set.names('Service'))),
      );
    }
    if (addressType?.value !== 'hostname') return;
    const spec = podSpecPath(o.kind)!;
    if (o.kind !== 'StatefulSet' && !str(getIn(o.raw, [...spec, 'subdomain']))) {
      ctx.report(addressType.valueAt, 'error', 'emqx-discovery', m.emqxHostnameNeedsStatefulSet(o.kind));
      return;
    }
    const governing = o.kind === 'StatefulSet' ? str(getIn(o.raw, ['spec', 'serviceName'])) : str(getIn(o.raw, [...spec, 'subdomain']));
    if (governing && governing !== serviceName) {
      ctx.report((service ?? addressType).valueAt, 'error', 'emqx-discovery', m.emqxHostnameServiceName(serviceName, governing));
    }
  }
}
