/**
 * Settings remembered between runs (EMQX_LAB_HOME/settings.json): language and working mode.
 * A broken file is set aside and reported, never a crash.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { isLang, type Lang } from '../i18n/lang.js';
import { writeFileAtomic } from '../util/atomic.js';

export type Mode = 'guided' | 'hands-on';

export interface Settings {
  lang?: Lang;
  mode?: Mode;
}

export const settingsPath = (home: string) => join(home, 'settings.json');

/** Read settings; `setAside` names where a corrupt file was moved (the caller tells the learner). */
export function readSettings(home: string): { settings: Settings; setAside?: string } {
  const path = settingsPath(home);
  if (!existsSync(path)) return { settings: {} };
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const settings: Settings = {};
    if (isLang(raw.lang)) settings.lang = raw.lang;
    if (raw.mode === 'guided' || raw.mode === 'hands-on') settings.mode = raw.mode;
    return { settings };
  } catch {
    const aside = `${path}.corrupt-${Date.now()}`;
    try {
      renameSync(path, aside);
    } catch {
      return { settings: {} };
    }
    return { settings: {}, setAside: aside };
  }
}

export function writeSettings(home: string, settings: Settings): void {
  writeFileAtomic(settingsPath(home), `${JSON.stringify(settings, null, 2)}\n`);
}
