/**
 * What the API server's validation refuses although the OpenAPI schema allows it (names and labels are
 * checkNames' part in manifests.ts). Each rule here was found by sending lint's corpus through a real API
 * server (test/control-plane/lint-server.test.ts) and is worded as the schema errors are.
 */
import type { Lang } from '../i18n/lang.js';
import { lintMessages } from '../i18n/lint.js';
import { getIn, isObj, type Obj } from './objects.js';
import type { LintProblem } from './types.js';

type Here = (path: PropertyKey[], rule: LintProblem['rule'], message: string, key?: string) => void;

export function checkServerValidation(kind: string, obj: Obj, here: Here, lang: Lang): void {
  const m = lintMessages[lang];
  if (kind === 'Service') {
    // ValidateService: spec.ports is required unless the Service is headless or an ExternalName.
    const spec = isObj(obj.spec) ? obj.spec : {};
    const ips = getIn(spec, ['clusterIPs']);
    const headless = spec.clusterIP === 'None' || (Array.isArray(ips) && ips.length === 1 && ips[0] === 'None');
    const ports = spec.ports;
    if (!headless && spec.type !== 'ExternalName' && !(Array.isArray(ports) && ports.length > 0)) {
      here(isObj(obj.spec) ? ['spec'] : [], 'kube-schema', m.requiredField('spec.ports'));
    }
  }
}
