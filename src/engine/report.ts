/**
 * The human output of the engine's commands: a verify result (each check with ✔/✖, the reason, what the
 * cluster shows, the diagnosis, the hint), and kubectl's lines. No escape codes when colour is off.
 */
import type { Step } from '../course/load.js';
import { engineMessages } from '../i18n/engine.js';
import type { Lang } from '../i18n/lang.js';
import { makeStyle } from '../markdown/style.js';
import type { FoundDiagnosis } from '../diagnosis/diagnose.js';
import type { CheckResult, VerifyEvent, VerifyResult } from './verify.js';

const seconds = (ms: number) => (ms / 1000).toFixed(1);

type Style = ReturnType<typeof makeStyle>;

function heading(step: Step, lang: Lang, st: Style): string {
  return st.bold(engineMessages[lang].stepHeading(step.number, step.id, step.lesson.title[lang]));
}

/** One check's lines: mark, title, reason; for a failure what the cluster shows, the diagnosis, the hint. */
export function formatCheck(c: CheckResult, lang: Lang, st: Style): string[] {
  const m = engineMessages[lang];
  const mark = c.skipped ? st.gray('–') : c.passed ? st.green('✔') : st.red('✖');
  const out = [`  ${mark} ${c.skipped ? st.gray(c.title) : c.title}`, `      ${c.skipped ? st.gray(c.reason) : c.passed ? st.dim(c.reason) : c.reason}`];
  if (c.passed || c.skipped) return out;
  const shows = c.shows;
  if (shows && (shows.pods.length || shows.events.length || shows.logs.length)) {
    out.push(`      ${st.bold(m.showsHeading)}`);
    const group = (label: string, lines: string[]) => lines.forEach((l, i) => out.push(`        ${i === 0 ? st.dim(`${label}:`.padEnd(8)) : ' '.repeat(8)}${l}`));
    group(m.showsPods, shows.pods);
    group(m.showsEvents, shows.events);
    group(m.showsLogs, shows.logs);
  }
  for (const d of c.diagnosis.slice(0, 2)) {
    out.push(`      ${st.yellow(m.knownMistake)} ${st.bold(d.title)}`, ...indent(d.explain, 8), ...indent(`→ ${d.hint}`, 8));
  }
  if (c.hint) out.push(`      ${st.cyan(m.hintLabel)}`, ...indent(c.hint, 8));
  return out;
}

function summary(r: VerifyResult, lang: Lang, st: Style): string[] {
  const m = engineMessages[lang];
  const failed = r.checks.filter((c) => !c.passed && !c.skipped).length;
  const out = [
    r.interrupted
      ? st.yellow(m.interruptedRun)
      : r.passed
        ? st.green(m.allPassed(r.checks.length, seconds(r.durationMs)))
        : st.red(m.someFailed(Math.max(1, failed), r.checks.length, seconds(r.durationMs))),
  ];
  if (r.recordError) out.push(st.dim(m.recordFailed(r.recordError)));
  return out;
}

export function formatVerify(r: VerifyResult, step: Step, lang: Lang, color: boolean): string {
  const st = makeStyle(color);
  return `${[heading(step, lang, st), ...r.checks.flatMap((c) => formatCheck(c, lang, st)), ...summary(r, lang, st)].join('\n')}\n`;
}

/**
 * Verify printed as it happens: each check's lines when it ends (polling can take minutes), and on a colour
 * terminal a live line with the current reason. Feed it runVerify's events, then the result.
 */
export function verifyPrinter(step: Step, lang: Lang, color: boolean, out: { write(s: string): unknown; columns?: number }) {
  const st = makeStyle(color);
  const live = color;
  let liveShown = false;
  const clearLive = () => {
    if (liveShown) out.write('\r\x1b[2K');
    liveShown = false;
  };
  const showLive = (title: string, reason: string) => {
    const width = Math.max(20, (out.columns ?? 100) - 1);
    const text = `  … ${title}${reason ? ` — ${reason}` : ''}`.replace(/\s+/g, ' ');
    clearLive();
    out.write(st.dim(text.length > width ? `${text.slice(0, width - 1)}…` : text));
    liveShown = true;
  };
  const titles = new Map(step.lesson.checks.map((c) => [c.id, c.title[lang]]));
  out.write(`${heading(step, lang, st)}\n`);
  return {
    onEvent(e: VerifyEvent) {
      if (e.type === 'check-done') {
        clearLive();
        out.write(`${formatCheck(e.result, lang, st).join('\n')}\n`);
      } else if (live && e.type === 'check-started') showLive(e.title, '');
      else if (live && e.type === 'reason') showLive(titles.get(e.check) ?? e.check, e.reason);
    },
    done(r: VerifyResult) {
      clearLive();
      out.write(`${summary(r, lang, st).join('\n')}\n`);
    },
  };
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
