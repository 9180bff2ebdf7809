/**
 * The plain `list` path without the command-line parser (src/fast-list.ts) prints what the full parser's
 * path prints, for every argv it takes; every other argv goes to the parser.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastList, plainListOptions } from '../src/fast-list.js';
import { main } from '../src/program.js';
import { writeProgress } from '../src/progress/store.js';

class Sink extends Writable {
  text = '';
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'emqx-lab-fast-list-'));
  const kubeconfig = join(home, 'kubeconfig');
  writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\ncurrent-context: kind-lab\n');
  writeFileSync(join(home, 'other-config'), 'apiVersion: v1\nkind: Config\ncurrent-context: minikube\n');
  env = { EMQX_LAB_HOME: join(home, 'lab'), EMQX_LAB_COURSE: resolve('test/fixtures/lint/course'), KUBECONFIG: kubeconfig, HOME: home, LANG: 'en_US.UTF-8', PATH: '/nonexistent' };
  // Some progress, so the states differ by context and namespace.
  mkdirSync(join(home, 'lab'), { recursive: true });
  writeProgress(join(home, 'lab'), { format: 1, context: 'kind-lab', namespace: 'team-a', steps: { 'bare-pod': { passedAt: '2026-01-01T00:00:00Z' } } });
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function both(argv: string[], extra: NodeJS.ProcessEnv = {}, tty = false) {
  const run = async (f: typeof main) => {
    const io = { stdout: new Sink(tty), stderr: new Sink(tty), stdin: process.stdin };
    const code = await f(argv, { io, env: { ...env, ...extra }, cwd: home, signal: new AbortController().signal, now: () => Date.parse('2026-06-01T00:00:00Z') });
    return { code, out: io.stdout.text, err: io.stderr.text };
  };
  return { slow: await run(main), fast: await run(fastList as typeof main) };
}

describe('list without the parser', () => {
  const taken = [
    ['list'],
    ['list', '--json'],
    ['list', '--lang', 'zh'],
    ['list', '--lang=zh', '--json'],
    ['list', '-n', 'team-a'],
    ['list', '--namespace=team-a', '--json'],
    ['list', '--namespace', 'team-a', '--context', 'kind-lab', '--no-color'],
    ['list', '--context=other', '--lang', 'en'],
    ['list', '--sim', '--json'],
    ['list', '--kubeconfig', 'KUBE2'],
    ['list', '--kubeconfig=KUBE2', '--json', '-n', 'team-a'],
  ];

  it.each(taken.map((a) => [a.join(' '), a]))('%s: the same output and exit code as through the parser', async (_, argv) => {
    const args = (argv as string[]).map((a) => a.replace('KUBE2', join(home, 'other-config')));
    expect(plainListOptions(args)).toBeDefined();
    for (const [extra, tty] of [[{}, false], [{ FORCE_COLOR: '1' }, true]] as const) {
      const { slow, fast } = await both(args, extra, tty);
      expect(fast).toEqual(slow);
      expect(slow.code).toBe(0);
      expect(slow.err).toBe('');
    }
    // The recorded pass shows where the namespace is team-a under kind-lab.
    const { fast } = await both(args);
    const kindLab = !args.some((a) => a.includes('other') || a === '--sim');
    if (kindLab && (args.includes('team-a') || args.includes('--namespace=team-a'))) expect(fast.out).toMatch(/passed|已通过/);
  });

  const declined = [
    [], ['show', '1'], ['--sim', 'list'], ['list', '--help'], ['list', '-h'], ['list', 'extra'], ['list', '--json', '--json'],
    ['list', '-n', 'team-a', '--namespace', 'team-b'], ['list', '--lang', 'fr'], ['list', '--lang'], ['list', '--namespace', 'Bad_NS'],
    ['list', '--namespace', 'a'.repeat(64)], ['list', '--context'], ['list', '--context', '--json'], ['list', '--context='],
    ['list', '--jsn'], ['list', '--json=1'], ['list', '-n=team-a'], ['list', '--yes'], ['list', '--kubectl', 'x'], ['list', '--color'],
  ];

  it.each(declined.map((a) => [JSON.stringify(a), a]))('%s goes to the parser', async (_, argv) => {
    expect(plainListOptions(argv as string[])).toBeUndefined();
    const io = { stdout: new Sink(), stderr: new Sink(), stdin: process.stdin };
    expect(await fastList(argv as string[], { io, env, cwd: home, signal: new AbortController().signal })).toBeUndefined();
    expect(io.stdout.text + io.stderr.text).toBe('');
  });

  it('a failure inside list is reported as the parser path reports it', async () => {
    // The lab home below a file: the same message and exit code on both paths.
    writeFileSync(join(home, 'a-file'), 'x');
    const { slow, fast } = await both(['list'], { EMQX_LAB_HOME: join(home, 'a-file', 'lab') });
    expect(fast).toEqual(slow);
    const broken = await both(['list', '--json'], { EMQX_LAB_COURSE: join(home, 'no-course') });
    expect(broken.fast).toEqual(broken.slow);
    expect(broken.slow.code).toBe(2);
  });
});
