/** A failed apply or solve, with the diagnoses of the error, for people. */
import { engineMessages } from '../i18n/engine.js';
import type { Lang } from '../i18n/lang.js';
import { makeStyle } from '../markdown/style.js';
import type { FoundDiagnosis } from '../diagnosis/diagnose.js';

export function printDiagnosis(headline: string, found: FoundDiagnosis[], lang: Lang, color: boolean): string {
  const m = engineMessages[lang];
  const st = makeStyle(color);
  const out = [st.red(headline)];
  for (const d of found.slice(0, 2)) {
    out.push(`${st.yellow(m.knownMistake)} ${st.bold(d.title)}`);
    out.push(...d.explain.split('\n').map((l) => `  ${l}`));
    out.push(...`→ ${d.hint}`.split('\n').map((l) => `  ${l}`));
  }
  return `${out.join('\n')}\n`;
}
