/** ResourceQuota status: `hard` as given, `used` summed over the namespace's pods. */
import { quotaUsed } from '../api/admission.js';
import { World } from '../api/world.js';

export function syncQuotas(w: World): void {
  for (const q of w.list('resourcequotas')) {
    const hard = q.spec?.hard ?? {};
    w.setStatus(q, { hard, used: quotaUsed(w, q.metadata.namespace!, hard) });
  }
}
