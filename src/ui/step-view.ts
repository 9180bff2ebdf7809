/**
 * The reading part of a step screen: a header, the step's text (rendered markdown), and the manifest as
 * what changed since the previous step. New objects are shown whole (for step 1 that is the manifest), a
 * changed object as the changed lines with a little context, a dropped object by name.
 */
import type { KubeObject } from '../course/render.js';
import type { Mode } from '../progress/settings.js';
import { renderMarkdown } from '../markdown/render.js';
import { makeStyle as markdownStyle } from '../markdown/style.js';
import { styleYamlLine } from '../markdown/yaml-style.js';
import { manifestDiff, yamlLines, type ObjectChange } from './diff.js';
import type { LabIo } from './io.js';
import { width } from './text.js';

export interface StepView {
  number: number;
  total: number;
  title: string;
  /** The step's markdown text in the learner's language. */
  text: string;
  objects: KubeObject[];
  /** The previous step's objects (undefined for the first step). */
  prev?: KubeObject[];
  prevNumber?: number;
}

type Io = Pick<LabIo, 'm' | 'style' | 'columns'>;

export function stepHeader(v: Pick<StepView, 'number' | 'total' | 'title'>, io: Io): string {
  const label = ` ${io.m.stepLabel(v.number, v.total)} · ${v.title} `;
  const rule = '━'.repeat(Math.max(2, Math.min(io.columns(), 100) - width(label) - 4));
  return io.style.bold(io.style.cyan(`━━━${label}${rule}`));
}

export function renderText(text: string, io: Io): string[] {
  return renderMarkdown(text, { width: Math.min(io.columns() - 2, 100), color: io.style.color }).trimEnd().split('\n');
}

function yaml(lines: string[], indent: string, io: Io): string[] {
  const ms = markdownStyle(io.style.color);
  return lines.map((l) => indent + styleYamlLine(l, ms));
}

/** The diff, object by object, as lines. */
export function renderChanges(changes: ObjectChange[], io: Io, mode: Mode = 'guided'): string[] {
  const { m, style: s } = io;
  const out: string[] = [];
  const ms = markdownStyle(s.color);
  for (const c of changes) {
    switch (c.change) {
      case 'added':
        out.push(`${s.green('+')} ${s.bold(c.ref)}  ${s.green(m.changeAdded)}`);
        out.push(...yaml(c.lines, '    ', io));
        break;
      case 'changed':
        out.push(`${s.yellow('~')} ${s.bold(c.ref)}  ${s.yellow(m.changeChanged)}`);
        c.hunks.forEach((h, i) => {
          if (i > 0) out.push(s.dim('    ⋯'));
          for (const d of h) {
            const text = `${d.op} ${d.text}`;
            out.push(`    ${d.op === '+' ? s.green(text) : d.op === '-' ? s.red(text) : s.dim(`  ${styleYamlLine(d.text, ms)}`)}`);
          }
        });
        break;
      case 'removed':
        out.push(`${s.red('-')} ${s.bold(c.ref)}  ${s.red(mode === 'guided' ? m.changeRemovedGuided : m.changeRemoved)}`);
        break;
      case 'same':
        out.push(`${s.dim('=')} ${s.dim(c.ref)}  ${s.dim(m.changeSame)}`);
        break;
    }
  }
  return out;
}

/** Header, text and changes: everything the learner reads before acting. */
export function renderStep(v: StepView, io: Io, mode: Mode = 'guided'): string[] {
  const { m, style: s } = io;
  const changes = manifestDiff(v.prev ?? [], v.objects);
  const title = v.prev && v.prevNumber ? m.changesSince(v.prevNumber) : m.theManifest;
  return [stepHeader(v, io), '', ...renderText(v.text, io), '', s.bold(title), ...renderChanges(changes, io, mode), ''];
}

/** Every object of the step in full (the `m` key). */
export function renderManifests(objects: KubeObject[], io: Io): string[] {
  const out: string[] = [io.style.bold(io.m.fullManifest)];
  objects.forEach((o, i) => {
    if (i > 0) out.push(io.style.dim('---'));
    out.push(...yaml(yamlLines(o), '', io));
  });
  return out;
}
