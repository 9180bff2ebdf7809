/**
 * The human output of the engine's commands: a verify result (each check with ✔/✖, the reason, what the
 * cluster shows, the diagnosis, the hint), and kubectl's lines. No escape codes when colour is off.
 */
import type { Step } from '../course/load.js';
import { engineMessages } from '../i18n/engine.js';
import type { Lang } from '../i18n/lang.js';
import { makeStyle } from '../markdown/style.js';
import type { FoundDiagnosis } from '../diagnosis/diagnose.js';
import type { VerifyResult } from './verify.js';

const seconds = (ms: number) => (ms / 1000).toFixed(1);

export function formatVerify(r: VerifyResult, step: Step, lang: Lang, color: boolean): string {
  const m = engineMessages[lang];
  const st = makeStyle(color);
  const out: string[] = [st.bold(m.stepHeading(step.number, step.id, step.lesson.title[lang]))];
  for (const c of r.checks) {
    const mark = c.skipped ? st.gray('–') : c.passed ? st.green('✔') : st.red('✖');
    out.push(`  ${mark} ${c.skipped ? st.gray(c.title) : c.title}`);
    out.push(`      ${c.skipped ? st.gray(c.reason) : c.passed ? st.dim(c.reason) : c.reason}`);
    if (c.passed || c.skipped) continue;
    const shows = c.shows;
    if (shows && (shows.pods.length || shows.events.length || shows.logs.length)) {
      out.push(`      ${st.bold(m.showsHeading)}`);
      const group = (label: string, lines: string[]) => lines.forEach((l, i) => out.push(`        ${i === 0 ? st.dim(`${label}:`.padEnd(8)) : ' '.repeat(8)}${l}`));
      group(m.showsPods, shows.pods);
      group(m.showsEvents, shows.events);
      group(m.showsLogs, shows.logs);
    }
    for (const d of c.diagnosis.slice(0, 2)) {
      out.push(`      ${st.yellow(m.knownMistake)} ${st.bold(d.title)}`);
      out.push(...indent(d.explain, 8));
      out.push(...indent(`→ ${d.hint}`, 8));
    }
    if (c.hint) {
      out.push(`      ${st.cyan(m.hintLabel)}`);
      out.push(...indent(c.hint, 8));
    }
  }
  const failed = r.checks.filter((c) => !c.passed && !c.skipped).length;
  if (r.interrupted) out.push(st.yellow(m.interruptedRun));
  else if (r.passed) out.push(st.green(m.allPassed(r.checks.length, seconds(r.durationMs))));
  else out.push(st.red(m.someFailed(Math.max(1, failed), r.checks.length, seconds(r.durationMs))));
  if (r.recordError) out.push(st.dim(m.recordFailed(r.recordError)));
  return `${out.join('\n')}\n`;
}

function indent(text: string, n: number): string[] {
  return text.split('\n').map((l) => `${' '.repeat(n)}${l}`);
}

export function formatLines(lines: string[], lang: Lang): string {
  if (!lines.length) return `  ${engineMessages[lang].nothingChanged}\n`;
  return lines.map((l) => `  ${l}\n`).join('');
}

/** A failed apply or solve, with the diagnoses of its error. */
export function formatApplyFailure(headline: string, found: FoundDiagnosis[], lang: Lang, color: boolean): string {
  const m = engineMessages[lang];
  const st = makeStyle(color);
  const out = [st.red(headline)];
  for (const d of found.slice(0, 2)) {
    out.push(`${st.yellow(m.knownMistake)} ${st.bold(d.title)}`);
    out.push(...indent(d.explain, 2), ...indent(`→ ${d.hint}`, 2));
  }
  return `${out.join('\n')}\n`;
}
