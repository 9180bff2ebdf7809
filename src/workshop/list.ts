/** A list in running text: `a, b, c`; in Chinese with the enumeration comma, `a、b、c`. */
import type { Lang } from '../i18n/lang.js';

export function listOf(items: string[], lang: Lang): string {
  return items.join(lang === 'zh' ? '、' : ', ');
}
