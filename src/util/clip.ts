/** Messages that quote what they were given (a name, a key, kubectl's words) stay readable. */
import type { Lang } from '../i18n/lang.js';
import { safetyMessages } from '../i18n/safety.js';
import { plainText } from './terminal-text.js';

/**
 * A message never echoes a huge value whole (a 1 MB name): each run of text without spaces is clipped; and
 * never an escape sequence or control character it quotes (a name, kubectl's words).
 */
export function clipLong(text: string, lang: Lang, max = 200): string {
  const words = plainText(text).replace(new RegExp(`\\S{${max + 1},}`, 'g'), (w) => `${w.slice(0, max)}${safetyMessages[lang].clipped(w.length - max)}`);
  const total = max * 20;
  return words.length > total ? `${words.slice(0, total)}${safetyMessages[lang].clipped(words.length - total)}` : words;
}
