/** A KubeError in the learner's language, short enough to be a check's reason. */
import type { Lang } from '../i18n/lang.js';
import { engineMessages } from '../i18n/engine.js';
import { KubeError } from './result.js';

export function describeKubeError(e: KubeError, lang: Lang): string {
  const m = engineMessages[lang];
  switch (e.kind) {
    case 'notInstalled':
      return m.kubeNotInstalled(e.detail);
    case 'config':
      return m.kubeConfig(e.detail);
    case 'unreachable':
      return m.kubeUnreachable(e.detail);
    case 'unauthorized':
      return m.kubeUnauthorized(e.detail);
    case 'forbidden':
      return m.kubeForbidden(e.detail);
    case 'notFound':
      return m.kubeNotFound(e.detail);
    case 'timeout':
      return m.kubeTimeout;
    case 'canceled':
      return m.kubeCanceled;
    default:
      return m.kubeOther(e.detail);
  }
}
