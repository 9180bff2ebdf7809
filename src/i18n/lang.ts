/** The languages every user-facing string exists in. */
export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

/** A text given in every language (lesson titles, hints, diagnoses). */
export type Localized = Record<Lang, string>;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * The language to use when none was asked for: LC_ALL, then LC_MESSAGES, then LANG (POSIX precedence).
 * Any zh_* locale means Chinese; everything else English.
 */
export function langFromEnv(env: NodeJS.ProcessEnv): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh([_.-]|$)/i.test(locale) ? 'zh' : 'en';
}

/**
 * A message catalogue for one area of the program. `zh` must have exactly the shape of `en`, so a missing
 * translation is a type error, and test/i18n.test.ts checks the values at run time too.
 */
export function defineMessages<T extends Record<string, string | ((...args: never[]) => string)>>(m: {
  en: T;
  zh: { [K in keyof T]: T[K] };
}): Record<Lang, T> {
  return m;
}
