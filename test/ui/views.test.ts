import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseManifestText, placeObject } from '../../src/course/render.js';
import type { DoctorReport } from '../../src/engine/doctor.js';
import { checksAndPicture } from '../../src/ui/live-screen.js';
import { checkRows, renderChecks } from '../../src/ui/checks-view.js';
import { applyEvent } from '../../src/ui/check-run.js';
import { hunks, lineDiff, manifestDiff } from '../../src/ui/diff.js';
import { renderFailure, renderHint } from '../../src/ui/failure-view.js';
import { summaryLines, minutesOfWork } from '../../src/ui/finish.js';
import { liveRegion } from '../../src/ui/live.js';
import { commonPrefix, pictureOf, renderPicture } from '../../src/ui/picture.js';
import { onPath, verdict } from '../../src/ui/preflight.js';
import { progressBar } from '../../src/ui/progress-bar.js';
import { makeStyle } from '../../src/ui/style.js';
import { width } from '../../src/ui/text.js';
import { applyCommand, deleteCommand, shellQuote } from '../../src/ui/workspace.js';
import { failing, fakeSteps, picture } from './fake-port.js';
import { testIo } from './mocks.js';

const obj = (yaml: string) => placeObject(parseManifestText(yaml, 'x.yaml', 'en')[0], 'emqx-lab');

describe.each([false, true])('views (CI=%s)', (ci) => {
  beforeEach(() => vi.stubEnv('CI', ci ? 'true' : ''));
  afterEach(() => vi.unstubAllEnvs());

  it.each(['en', 'zh'] as const)('the namespace picture (%s) fits its column', (lang) => {
    const { io } = testIo({ ci, lang });
    for (const cols of [30, 46]) {
      const lines = renderPicture(picture, cols, io);
      for (const l of lines) expect(width(l)).toBeLessThanOrEqual(cols);
      if (cols === 46) expect(lines.join('\n')).toMatchSnapshot();
    }
    io.dispose();
  });

  it('checks beside the picture on a wide terminal, under it on a narrow one; CJK columns line up', () => {
    for (const [columns, beside] of [[120, true], [80, false]] as const) {
      const { io } = testIo({ ci, columns, lang: 'zh' });
      const rows = checkRows(fakeSteps[0].lesson, 'zh');
      applyEvent(rows, { type: 'start', id: 'ready' });
      applyEvent(rows, { type: 'reason', id: 'ready', reason: '1 个 Pod 中有 0 个就绪：emqx 正在创建容器', passed: false });
      const lines = checksAndPicture(rows, picture, 0, io);
      for (const l of lines) expect(width(l)).toBeLessThanOrEqual(columns - 1);
      const title = lines.findIndex((l) => l.includes('命名空间 emqx-lab'));
      expect(title === 0).toBe(beside);
      if (beside) {
        // The picture's column starts at the same terminal column on every line.
        const starts = lines.filter((l) => /[●◌]|命名空间/.test(l)).map((l) => width(l.slice(0, l.search(/[●◌]|命名空间/))));
        expect(new Set(starts).size).toBe(1);
      }
      io.dispose();
    }
  });

  it('a running check diagnosed while it waits: the known mistake and what to do first, the raw reason below, all wrapped', () => {
    const { io } = testIo({ ci, columns: 40 });
    const rows = checkRows(fakeSteps[0].lesson, 'en');
    applyEvent(rows, { type: 'start', id: 'ready' });
    applyEvent(rows, { type: 'reason', id: 'ready', reason: 'emqx-6c9bf947bf-lllq6: sees 1 running node (emqx@10.244.2.6); expected 3 running', passed: false });
    applyEvent(rows, { type: 'diagnosis', id: 'ready', diagnosis: { title: 'EMQX 4.x setting names on EMQX 5 (EMQX_CLUSTER__DISCOVERY)', explain: 'e', hint: 'Rename EMQX_CLUSTER__DISCOVERY to EMQX_CLUSTER__DISCOVERY_STRATEGY.' } });
    const text = renderChecks(rows, 39, 0, io).map((l) => l.trim());
    const at = (s: string) => text.findIndex((l) => l.includes(s));
    expect(at('⚠ EMQX 4.x setting names')).toBe(1);
    expect(at('→ Rename')).toBeGreaterThan(at('⚠'));
    expect(at('emqx-6c9bf947bf-lllq6')).toBeGreaterThan(at('→ Rename'));
    expect(text.join(' ')).toContain('expected 3 running');
    expect(text.slice(1).join(' ')).not.toContain('…'); // the plain-output spinner is …, nothing is cut
    for (const l of renderChecks(rows, 39, 0, io)) expect(width(l)).toBeLessThanOrEqual(39);
    // No longer diagnosed: gone again; passed: gone for good.
    applyEvent(rows, { type: 'diagnosis', id: 'ready' });
    expect(renderChecks(rows, 39, 0, io).join('\n')).not.toContain('⚠');
    io.dispose();
  });

  it('a failed check shows its reason wrapped in full', () => {
    const { io } = testIo({ ci, columns: 40 });
    const rows = checkRows(fakeSteps[0].lesson, 'en');
    applyEvent(rows, { type: 'end', id: 'ready', passed: false, reason: 'x'.repeat(30) + ' the rest of a long reason' });
    const lines = renderChecks(rows, 39, 0, io);
    expect(lines[0]).toBe('✗ The pods are Ready');
    expect(lines.slice(1).map((l) => l.trim()).join(' ')).toContain('the rest of a long reason');
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(39);
    io.dispose();
  });

  it('the failure panel and hints, in both languages', () => {
    for (const lang of ['en', 'zh'] as const) {
      const { io } = testIo({ ci, lang, columns: 60 });
      const text = [...renderFailure(failing().failure!, io), ...renderHint({ text: '用 solve。', index: 3, total: 3, exhausted: true }, io)].join('\n');
      expect(text).toMatchSnapshot();
      io.dispose();
    }
  });
});

describe('the engine snapshot as a picture', () => {
  it('maps pods, clusters, services and PVCs', () => {
    const p = pictureOf('ns', {
      at: 0,
      pods: [{ name: 'emqx-0', ready: true, phase: 'Running', state: 'Ready', restarts: 0, terminating: false }],
      services: [{ name: 'emqx-headless', type: 'ClusterIP', clusterIP: 'None', ports: '4370' }],
      pvcs: [{ name: 'emqx-data-emqx-0', phase: 'Bound' }],
      clusters: [{ pods: ['emqx-0', 'emqx-1'], nodes: ['emqx@a', 'emqx@b'] }],
      views: [],
    });
    expect(p).toEqual({
      namespace: 'ns',
      pods: [{ name: 'emqx-0', ready: true, terminating: false, state: 'Ready' }],
      clusters: [['emqx-0', 'emqx-1']],
      services: [{ name: 'emqx-headless', type: 'ClusterIP', clusterIP: 'None', ports: '4370' }],
      pvcs: [{ name: 'emqx-data-emqx-0', status: 'Bound' }],
      error: undefined,
    });
    const { io } = testIo();
    const text = renderPicture(p, 40, io).join('\n');
    expect(text).toContain('emqx-0 ⇄ emqx-1');
    expect(text).toContain('emqx-headless headless 4370');
    io.dispose();
  });
});

describe('diff of rendered manifests', () => {
  it('finds the changed line with context, new and removed objects', () => {
    const d1 = obj('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: emqx}\nspec: {replicas: 1, x: 1, y: 2, z: 3}\n');
    const d3 = obj('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: emqx}\nspec: {replicas: 3, x: 1, y: 2, z: 3}\n');
    const pod = obj('apiVersion: v1\nkind: Pod\nmetadata: {name: emqx}\n');
    const svc = obj('apiVersion: v1\nkind: Service\nmetadata: {name: emqx}\n');
    const changes = manifestDiff([pod, d1], [d3, svc]);
    expect(changes.map((c) => `${c.change} ${c.ref}`)).toEqual(['changed Deployment emqx', 'added Service emqx', 'removed Pod emqx']);
    const changed = changes[0] as Extract<(typeof changes)[number], { change: 'changed' }>;
    expect(changed.hunks).toHaveLength(1);
    expect(changed.hunks[0].filter((l) => l.op !== ' ')).toEqual([
      { op: '-', text: '  replicas: 1' },
      { op: '+', text: '  replicas: 3' },
    ]);
    expect(manifestDiff([d1], [d1])).toEqual([{ change: 'same', ref: 'Deployment emqx' }]);
  });

  it.each([
    [['a', 'b', 'c'], ['a', 'c'], '  a|- b|  c'],
    [['a'], ['a', 'b'], '  a|+ b'],
    [[], ['x'], '+ x'],
  ])('lineDiff(%j, %j)', (a, b, expected) => {
    expect(lineDiff(a, b).map((l) => `${l.op} ${l.text}`).join('|')).toBe(expected);
  });

  it('splits far-apart changes into hunks', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const b = a.map((l, i) => (i === 2 || i === 15 ? `${l}!` : l));
    expect(hunks(lineDiff(a, b))).toHaveLength(2);
  });
});

describe('live region', () => {
  it('redraws in place on a terminal', () => {
    const { io, output } = testIo();
    const r = liveRegion(io);
    r.update(['one', 'two']);
    r.update(['three']);
    r.done();
    const raw = output.text();
    expect(raw).toContain('\x1b[2A'); // back up over the two lines
    expect(raw.endsWith('\x1b[?25h')).toBe(true); // cursor shown again
    io.dispose();
  });

  it('without a terminal (or under CI) prints each line once and never moves the cursor', () => {
    for (const o of [{ tty: false }, { ci: true }]) {
      const { io, output } = testIo(o);
      const r = liveRegion(io);
      r.update(['one', 'two']);
      r.update(['one', 'two', 'three']);
      r.done(['one', 'three']);
      expect(output.text()).toBe('one\ntwo\nthree\n');
      io.dispose();
    }
  });
});

describe('preflight', () => {
  const report = (items: [string, 'ok' | 'warn' | 'fail'][]): DoctorReport => ({
    ok: !items.some(([, s]) => s === 'fail'),
    namespace: 'emqx-lab',
    items: items.map(([id, status]) => ({ id: id as never, status, message: `${id} ${status}` })),
  });

  it.each([
    ['all well', [['kubectl', 'ok'], ['context', 'ok'], ['cluster', 'ok'], ['storage', 'ok']], false, false, 0],
    ['no kubectl', [['kubectl', 'fail'], ['context', 'fail'], ['cluster', 'fail']], true, false, 0],
    ['unreachable', [['kubectl', 'ok'], ['context', 'ok'], ['cluster', 'fail'], ['storage', 'fail']], true, false, 0],
    ['remote context', [['kubectl', 'ok'], ['context', 'warn'], ['cluster', 'ok']], false, true, 0],
    ['no default storage class', [['kubectl', 'ok'], ['context', 'ok'], ['cluster', 'ok'], ['storage', 'warn'], ['images', 'warn']], false, false, 2],
  ] as const)('%s', (_n, items, noCluster, notLocal, notes) => {
    const v = verdict(report(items as unknown as [string, 'ok'][]));
    expect(v.noCluster).toBe(noCluster);
    expect(Boolean(v.notLocal)).toBe(notLocal);
    expect(v.notes).toHaveLength(notes);
  });

  it('finds kind on PATH without running anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emqx-lab-path-'));
    try {
      writeFileSync(join(dir, 'kind'), '#!/bin/sh\n');
      chmodSync(join(dir, 'kind'), 0o755);
      writeFileSync(join(dir, 'minikube'), 'not executable');
      expect(onPath('kind', { PATH: dir })).toBe(true);
      expect(onPath('minikube', { PATH: dir })).toBe(false);
      expect(onPath('kind', { PATH: '' })).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('small pieces', () => {
  it('progress bar', () => {
    expect(progressBar(3, 9, 20, makeStyle(false))).toBe('[█████░░░░░░░░░] 3/9');
    expect(progressBar(9, 9, 20, makeStyle(false))).toBe('[██████████████] 9/9');
    expect(progressBar(0, 9, 20, makeStyle(false))).toBe('[░░░░░░░░░░░░░░] 0/9');
  });

  it('commands the learner copies', () => {
    const sim = { sim: true, namespace: 'emqx-lab', context: 'emqx-lab-sim' };
    const real = { sim: false, namespace: 'learner-3', context: 'kind-emqx-lab' };
    expect(applyCommand(sim, '/h/ws/emqx-lab/03-service')).toBe('emqx-lab kubectl --sim apply -f /h/ws/emqx-lab/03-service');
    expect(applyCommand({ ...sim, namespace: 'x' }, '/d')).toBe('emqx-lab kubectl --sim -n x apply -f /d');
    expect(applyCommand(real, '/My Files/ws')).toBe("kubectl --context kind-emqx-lab -n learner-3 apply -f '/My Files/ws'");
    expect(deleteCommand(real, { kind: 'Deployment', metadata: { name: 'emqx' } })).toBe('kubectl --context kind-emqx-lab -n learner-3 delete deployment emqx');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('the summary box lines up in Chinese and counts minutes of work', () => {
    const { io } = testIo({ lang: 'zh', columns: 90 });
    const lines = summaryLines(12, io, 'emqx-lab reset --all --sim');
    expect(new Set(lines.map(width)).size).toBe(1);
    expect(lines.join('\n')).toContain('https://docs.emqx.com/zh/emqx-operator/latest/');
    expect(lines.join('\n')).toMatchSnapshot();
    io.dispose();
    const steps = [{ id: 'a' }, { id: 'b' }];
    expect(minutesOfWork(steps, { format: 1, context: 'c', namespace: 'n', steps: { a: { startedAt: '2026-01-01T10:00:00Z', passedAt: '2026-01-01T10:10:00Z' }, b: { startedAt: '2026-01-01T11:00:00Z' } } })).toBe(10);
  });
});

describe('cluster lines in the picture', () => {
  it('shortens long Deployment pod names to what tells them apart', () => {
    const { io } = testIo();
    const names = ['emqx-5789b87bd6-5dqvf', 'emqx-5789b87bd6-d6zhf', 'emqx-5789b87bd6-n92tb'];
    const p = { namespace: 'ns', pods: names.map((name) => ({ name, ready: true, terminating: false, state: 'Ready' })), clusters: [names], services: [], pvcs: [] };
    expect(renderPicture(p, 40, io)).toContain('  3 nodes: …5dqvf ⇄ …d6zhf ⇄ …n92tb');
    expect(renderPicture(p, 90, io)).toContain(`  3 nodes: ${names.join(' ⇄ ')}`);
    expect(commonPrefix(['emqx-0', 'emqx-1'])).toBe('emqx-');
    expect(commonPrefix(['emqx'])).toBe('');
    io.dispose();
  });
});
