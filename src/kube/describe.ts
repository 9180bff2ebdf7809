/** A KubeError in the learner's language, short enough to be a check's reason. */
import type { Lang } from '../i18n/lang.js';
import { engineMessages } from '../i18n/engine.js';
import { kubeDetail, KubeError } from './result.js';

export function describeKubeError(e: KubeError, lang: Lang): string {
  const m = engineMessages[lang];
  const detail = kubeDetail(e, lang);
  switch (e.kind) {
    case 'notInstalled':
      return m.kubeNotInstalled(detail);
    case 'config':
      return m.kubeConfig(detail);
    case 'unreachable':
      return m.kubeUnreachable(detail);
    case 'unauthorized':
      return m.kubeUnauthorized(detail);
    case 'forbidden':
      return m.kubeForbidden(detail);
    case 'notFound':
      return m.kubeNotFound(detail);
    case 'timeout':
      return m.kubeTimeout;
    case 'canceled':
      return m.kubeCanceled;
    default:
      return m.kubeOther(detail);
  }
}
