/** A room prefix must make valid namespace names with the learner number appended (`<prefix>-NN`). */
import { usageError } from '../errors.js';
import type { Lang } from '../i18n/lang.js';
import { workshopMessages } from '../i18n/workshop.js';

/** 63 (a namespace name) minus `-` and up to four digits. */
export const PREFIX_MAX = 58;

export function checkPrefix(prefix: string, lang: Lang): string {
  if (prefix.length > PREFIX_MAX || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(prefix)) {
    throw usageError(workshopMessages[lang].badPrefix(prefix, PREFIX_MAX));
  }
  return prefix;
}
