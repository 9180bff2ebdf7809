/** The language a run speaks before its command line is parsed (kept free of the parser: fast-list.ts uses it). */
import { labHome } from './context.js';
import { isLang, langFromEnv, type Lang } from './i18n/lang.js';
import { readSettings } from './progress/settings.js';

/** The language before commander runs: --lang in argv, then the remembered setting, then LANG. */
export function preLang(argv: string[], env: NodeJS.ProcessEnv): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i >= 0) {
    const v = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
    if (isLang(v)) return v;
  }
  const saved = readSettings(labHome(env)).settings.lang;
  return saved ?? langFromEnv(env);
}
