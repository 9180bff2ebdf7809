/**
 * EMQX_LAB_HOME must be a folder this user can write before any command that records something runs:
 * progress, locks and the simulated cluster live there. A home that is a file, read-only, or whose
 * progress/ locks/ sim/ folder is a file is said in one line (exit 3) before anything else happens, instead
 * of surfacing later as a crash, a check polling out its timeout, or a simulator stack trace.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The folders inside EMQX_LAB_HOME the lab writes to. */
export const HOME_FOLDERS = ['progress', 'locks', 'sim'] as const;

export interface HomeProblem {
  /** The path that is wrong (the home itself or one of its folders). */
  path: string;
  why: 'notDir' | 'readOnly' | 'cannotCreate';
  /** The system's error code (ENOTDIR, EACCES, EROFS, ...) when there is one. */
  code?: string;
}

function folderProblem(path: string, create: boolean): HomeProblem | undefined {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) {
    if (!create) return undefined;
    try {
      mkdirSync(path, { recursive: true });
      return undefined;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { path, why: code === 'ENOTDIR' || code === 'EEXIST' ? 'notDir' : 'cannotCreate', code };
    }
  }
  if (!st.isDirectory()) return { path, why: 'notDir' };
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
  } catch (e) {
    return { path, why: 'readOnly', code: (e as NodeJS.ErrnoException).code };
  }
  return undefined;
}

/** What is wrong with the home for writing, or undefined when it is usable (it is created when missing). */
export function homeProblem(home: string): HomeProblem | undefined {
  const own = folderProblem(home, true);
  if (own) return own;
  for (const f of HOME_FOLDERS) {
    const p = folderProblem(join(home, f), false);
    if (p) return p;
  }
  return undefined;
}

/** Throw the one-line environment error (exit 3) when the home cannot be written. */
export async function requireWritableHome(home: string, lang: import('../i18n/lang.js').Lang): Promise<void> {
  const p = homeProblem(home);
  if (!p) return;
  const { envError } = await import('../errors.js');
  const { safetyMessages } = await import('../i18n/safety.js');
  const m = safetyMessages[lang];
  if (p.why === 'notDir') throw envError(m.homeNotDir(p.path));
  if (p.why === 'readOnly') throw envError(m.homeReadOnly(p.path, p.code ?? 'EACCES'));
  throw envError(m.homeCannotCreate(p.path, p.code ?? 'EACCES'));
}
