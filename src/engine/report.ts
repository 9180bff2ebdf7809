/**
 * The human output of the engine's commands: a verify result (each check with ✔/✖, the reason, what the
 * cluster shows, the diagnosis, the hint), and kubectl's lines. No escape codes when colour is off.
 */
import type { Step } from '../course/load.js';
import { engineMessages } from '../i18n/engine.js';
import type { Lang } from '../i18n/lang.js';
import { makeStyle } from '../markdown/style.js';
import type { FoundDiagnosis } from '../diagnosis/diagnose.js';
import { wrap } from '../ui/text.js';
import { oneLine, plainText } from '../util/terminal-text.js';
import type { CheckResult, VerifyEvent, VerifyResult } from './verify.js';

const seconds = (ms: number) => (ms / 1000).toFixed(1);

type Style = ReturnType<typeof makeStyle>;

function heading(step: Step, lang: Lang, st: Style): string {
  return st.bold(engineMessages[lang].stepHeading(step.number, step.id, step.lesson.title[lang]));
}

/** Text indented by `n` and, when the width is known, wrapped to it (CJK by columns). */
function block(text: string, n: number, cols?: number): string[] {
  const pad = ' '.repeat(n);
  const lines = cols ? wrap(text, Math.max(20, cols - n)) : text.split('\n');
  return lines.map((l) => `${pad}${l}`);
}

/**
 * One check's lines: mark and title; for a failure the known mistake first (title, why, what to do), then
 * the last reason seen, what the cluster shows, further diagnoses and the hint. `cols` wraps long text.
 */
export function formatCheck(raw: CheckResult, lang: Lang, st: Style, cols?: number): string[] {
  const m = engineMessages[lang];
  const c = plainResult(raw);
  const mark = c.skipped ? st.gray('–') : c.passed ? st.green('✔') : st.red('✖');
  const head = `  ${mark} ${c.skipped ? st.gray(c.title) : c.title}`;
  if (c.passed || c.skipped) return [head, ...block(c.reason, 6, cols).map((l) => (c.skipped ? st.gray(l) : st.dim(l)))];
  const out = [head];
  const [first, ...more] = c.diagnosis;
  if (first) {
    out.push(`      ${st.yellow(m.knownMistake)} ${st.bold(first.title)}`, ...block(first.explain, 8, cols), ...block(`→ ${first.hint}`, 8, cols).map(st.cyan));
    out.push(`      ${st.dim(m.reasonLabel)}`, ...block(c.reason, 8, cols));
  } else out.push(...block(c.reason, 6, cols));
  if (c.endedBy) out.push(`      ${st.dim(m.stoppedWaiting)}`);
  const shows = c.shows;
  if (shows && (shows.pods.length || shows.events.length || shows.logs.length)) {
    out.push(`      ${st.bold(m.showsHeading)}`);
    const group = (label: string, lines: string[]) => lines.forEach((l, i) => out.push(`        ${i === 0 ? st.dim(`${label}:`.padEnd(8)) : ' '.repeat(8)}${l}`));
    group(m.showsPods, shows.pods);
    group(m.showsEvents, shows.events);
    group(m.showsLogs, shows.logs);
  }
  for (const d of more.slice(0, 1)) {
    out.push(`      ${st.yellow(m.knownMistake)} ${st.bold(d.title)}`, ...block(d.explain, 8, cols), ...block(`→ ${d.hint}`, 8, cols));
  }
  if (c.hint) out.push(`      ${st.cyan(m.hintLabel)}`, ...block(c.hint, 8, cols));
  return out;
}

/**
 * A reason, what the cluster shows and a diagnosis's proof quote the cluster (event messages, a container's
 * output, names): no escape sequence or control character of theirs reaches the terminal.
 */
function plainResult(c: CheckResult): CheckResult {
  const lines = (l: string[]) => l.map(oneLine);
  return {
    ...c,
    reason: plainText(c.reason),
    shows: c.shows && { pods: lines(c.shows.pods), events: lines(c.shows.events), logs: lines(c.shows.logs) },
    diagnosis: c.diagnosis.map((d) => ({ ...d, title: oneLine(d.title), explain: plainText(d.explain), hint: plainText(d.hint) })),
    hint: c.hint === null ? null : plainText(c.hint),
  };
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
  if (r.recordError) out.push(st.dim(m.recordFailed(oneLine(r.recordError))));
  return out;
}

export function formatVerify(r: VerifyResult, step: Step, lang: Lang, color: boolean): string {
  const st = makeStyle(color);
  return `${[heading(step, lang, st), ...r.checks.flatMap((c) => formatCheck(c, lang, st)), ...summary(r, lang, st)].join('\n')}\n`;
}

/**
 * Verify printed as it happens: each check's lines when it ends (polling can take minutes). On a colour
 * terminal a live block follows the running check: its title and last reason, and, once the check is
 * diagnosed while it waits, the known mistake and what to do, all wrapped to the width (never cut).
 * Without one, `interim` prints a diagnosis once when it first shows (verify --watch). Feed it runVerify's
 * events, then the result.
 */
export function verifyPrinter(step: Step, lang: Lang, color: boolean, out: { write(s: string): unknown; columns?: number }, o: { interim?: boolean } = {}) {
  const st = makeStyle(color);
  const m = engineMessages[lang];
  const live = color;
  let liveLines = 0;
  let current: { title: string; reason: string; diagnosis?: FoundDiagnosis } | undefined;
  let printedFor = '';
  const cols = () => Math.max(20, (out.columns ?? 100) - 1);
  const clearLive = () => {
    if (liveLines) out.write(`\r${'\x1b[1A'.repeat(liveLines - 1)}\x1b[J`);
    liveLines = 0;
  };
  const showLive = () => {
    if (!current) return;
    const w = cols();
    const lines = wrap(`… ${current.title}${current.reason ? ` — ${current.reason}` : ''}`.replace(/\s+/g, ' '), w - 2).map((l) => `  ${st.dim(l)}`);
    const d = current.diagnosis;
    if (d) {
      lines.push(...wrap(`${m.diagnosedWhileWaiting} ${d.title}`, w - 6).map((l) => `      ${st.yellow(l)}`));
      lines.push(...wrap(`→ ${d.hint}`, w - 8).map((l) => `        ${st.cyan(l)}`));
    }
    clearLive();
    out.write(lines.join('\n'));
    liveLines = lines.length;
  };
  const titles = new Map(step.lesson.checks.map((c) => [c.id, c.title[lang]]));
  out.write(`${heading(step, lang, st)}\n`);
  return {
    onEvent(e: VerifyEvent) {
      if (e.type === 'check-done') {
        clearLive();
        current = undefined;
        out.write(`${formatCheck(e.result, lang, st, out.columns).join('\n')}\n`);
        return;
      }
      if (e.type === 'check-started') current = { title: e.title, reason: '' };
      else if (e.type === 'reason' && current) current.reason = oneLine(e.reason);
      else if (e.type === 'diagnosing') {
        current ??= { title: titles.get(e.check) ?? e.check, reason: '' };
        current.diagnosis = e.diagnosis[0];
        const d = e.diagnosis[0];
        if (!live && o.interim && d && d.id !== printedFor) {
          printedFor = d.id;
          out.write(`${[`      ${m.diagnosedWhileWaiting} ${d.title}`, ...block(`→ ${d.hint}`, 8, out.columns)].join('\n')}\n`);
        }
      } else return;
      if (live) showLive();
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
  return lines.map((l) => `  ${oneLine(l)}\n`).join('');
}

/** A failed apply or solve, with the diagnoses of its error. */
export function formatApplyFailure(headline: string, found: FoundDiagnosis[], lang: Lang, color: boolean): string {
  const m = engineMessages[lang];
  const st = makeStyle(color);
  const out = [st.red(plainText(headline))];
  for (const d of found.slice(0, 2)) {
    out.push(`${st.yellow(m.knownMistake)} ${st.bold(d.title)}`);
    out.push(...indent(d.explain, 2), ...indent(`→ ${d.hint}`, 2));
  }
  return `${out.join('\n')}\n`;
}
