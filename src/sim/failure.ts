/**
 * The simulator's last word on a failure nothing else handled. Never a stack trace (EMQX_LAB_DEBUG shows
 * one): a folder the system refuses is the environment's (exit 3); input nested too deeply is kubectl's
 * YAML error (exit 1); anything else happened while the model ran on its saved state, which then cannot be
 * used: the same "state damaged, reset" advice as an unreadable state file (exit 3).
 */
import { existsSync } from 'node:fs';
import { langFromEnv } from '../i18n/lang.js';
import { simMessages } from '../i18n/sim.js';
import { simDir, statePath } from './state/store.js';

/** Exit code of a simulator that cannot use its state or its folder (kubectl itself never exits 3). */
export const SIM_ENV_EXIT = 3;

const FS_CODES = new Set(['ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ELOOP', 'ENAMETOOLONG', 'EEXIST', 'EMFILE']);

export function simFailure(err: unknown, env: NodeJS.ProcessEnv): { message: string; code: number } {
  const lang = langFromEnv(env);
  const e = err as NodeJS.ErrnoException | undefined;
  if (e?.code && e.path && FS_CODES.has(e.code)) return { message: simMessages[lang].simFolder(e.path, e.code), code: SIM_ENV_EXIT };
  if (err instanceof RangeError && /call stack/i.test(err.message)) return { message: simMessages[lang].simTooDeep, code: 1 };
  const path = statePath(simDir(env));
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  if (existsSync(path)) return { message: simMessages[lang].corrupt(path, detail.slice(0, 300)), code: SIM_ENV_EXIT };
  return { message: `error: ${detail.slice(0, 300)}`, code: 1 };
}
