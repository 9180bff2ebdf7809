/**
 * `list` and `show` through main(), with mock streams and the fixture course (EMQX_LAB_COURSE), a private
 * EMQX_LAB_HOME and a kubeconfig of our own. No dist import, no cluster.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { main } from '../src/program.js';
import { progressPath, writeProgress } from '../src/progress/store.js';
import { ANSI } from '../src/markdown/style.js';

const COURSE = resolve('test/fixtures/lint/course');

class Sink extends Writable {
  chunks: string[] = [];
  constructor(
    readonly isTTY = false,
    readonly columns?: number,
  ) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.chunks.push(chunk.toString());
    done();
  }
  get text() {
    return this.chunks.join('');
  }
}

let home: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'emqx-lab-list-'));
  const kubeconfig = join(home, 'kubeconfig');
  writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\ncurrent-context: kind-lab\n');
  // A kubectl that leaves a mark if anything runs it: list and show must not.
  const bin = join(home, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\ntouch ${join(home, 'kubectl-ran')}\n`);
  chmodSync(join(bin, 'kubectl'), 0o755);
  env = {
    EMQX_LAB_HOME: join(home, 'lab'),
    EMQX_LAB_COURSE: COURSE,
    KUBECONFIG: kubeconfig,
    HOME: home,
    PATH: `${bin}:${process.env.PATH}`,
    LANG: 'en_US.UTF-8',
  };
});

afterEach(() => rmSync(home, { recursive: true, force: true }));

/** The YAML documents `show` printed under its per-file headings. */
function shownManifests(out: string): Record<string, any>[] {
  const start = out.search(/^── /m);
  return out
    .slice(start)
    .split(/^── .*$/m)
    .filter((s) => s.trim())
    .flatMap((s) => parseAllDocuments(s.replace(/^ {2}/gm, '')).map((d) => d.toJS()));
}

async function run(argv: string[], opts: { tty?: boolean; columns?: number; env?: NodeJS.ProcessEnv } = {}) {
  const stdout = new Sink(opts.tty ?? false, opts.columns);
  const stderr = new Sink();
  const stdin = Readable.from([]) as unknown as PassThrough;
  const code = await main(argv, {
    io: { stdout, stderr, stdin },
    env: { ...env, ...opts.env },
    cwd: process.cwd(),
    signal: new AbortController().signal,
    now: () => 1_700_000_000_000,
  });
  return { code, out: stdout.text, err: stderr.text };
}

describe('emqx-lab list', () => {
  it('--json: context from the kubeconfig, default namespace, the steps in order with their state', async () => {
    const r = await run(['list', '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual({
      context: 'kind-lab',
      namespace: 'emqx-lab',
      steps: [
        { number: 1, id: 'bare-pod', title: 'One bare pod', state: 'available' },
        { number: 2, id: 'service', title: 'A Deployment behind a Service', state: 'locked' },
        { number: 3, id: 'rbac', title: 'Let the nodes find each other', state: 'locked' },
      ],
    });
    expect(existsSync(join(home, 'kubectl-ran'))).toBe(false);
  });

  it('reads progress per (context, namespace), and titles in the asked language', async () => {
    writeProgress(join(home, 'lab'), {
      format: 1,
      context: 'kind-lab',
      namespace: 'team-a',
      steps: { 'bare-pod': { passedAt: '2026-01-01T00:00:00Z' } },
    });
    const a = JSON.parse((await run(['list', '--json', '--namespace', 'team-a', '--lang', 'zh'])).out);
    expect(a.namespace).toBe('team-a');
    expect(a.steps.map((s: { state: string }) => s.state)).toEqual(['passed', 'available', 'locked']);
    expect(a.steps[0].title).toBe('一个裸 Pod');
    const other = JSON.parse((await run(['list', '--json', '--context', 'other'])).out);
    expect(other.context).toBe('other');
    expect(other.steps[0].state).toBe('available');
    const sim = JSON.parse((await run(['--sim', 'list', '--json'])).out);
    expect(sim.context).toBe('emqx-lab-sim');
  });

  it('prints a table that marks the current step, without escape codes when piped', async () => {
    writeProgress(join(home, 'lab'), { format: 1, context: 'kind-lab', namespace: 'emqx-lab', steps: { 'bare-pod': { passedAt: 'x' } } });
    const r = await run(['list']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(ANSI);
    expect(r.out).toBe(
      [
        'context kind-lab · namespace emqx-lab',
        '',
        '  1  bare-pod  One bare pod                   passed',
        '▸ 2  service   A Deployment behind a Service  available',
        '  3  rbac      Let the nodes find each other  locked',
        '',
        'Next: emqx-lab show service',
        '',
      ].join('\n'),
    );
    const zh = await run(['list', '--lang', 'zh']);
    expect(zh.out).toContain('▸ 2  service   Service 后面的 Deployment  可进行');
    const tty = await run(['list'], { tty: true });
    expect(tty.out).toMatch(ANSI);
    const noColor = await run(['list'], { tty: true, env: { NO_COLOR: '1' } });
    expect(noColor.out).toBe(r.out);
    expect((await run(['--no-color', 'list'], { tty: true })).out).toBe(r.out);
  });

  it('sets a corrupt progress file aside with one line on stderr, and carries on', async () => {
    const path = progressPath(join(home, 'lab'), 'kind-lab', 'emqx-lab');
    writeProgress(join(home, 'lab'), { format: 1, context: 'kind-lab', namespace: 'emqx-lab', steps: {} });
    writeFileSync(path, '{ not json');
    const r = await run(['list', '--json']);
    expect(r.code).toBe(0);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('set aside');
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(join(path, '..')).some((f) => f.includes('.corrupt-'))).toBe(true);
    expect(JSON.parse(r.out).steps[0].state).toBe('available');
  });

  it('prints the first five course problems, file:line:col each, and exits 2 when the course does not load', async () => {
    const r = await run(['list'], { env: { EMQX_LAB_COURSE: resolve('test/fixtures/lint/broken-course') } });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    for (const l of lines.slice(0, 5)) expect(l).toMatch(/^test\/fixtures\/lint\/broken-course\/lessons\/\S+:\d+:\d+ \S/);
    expect(r.err).toMatch(/01-bare-pod\/lesson\.yaml:35:5 duplicate hint id "apply"/);
    // The whole count, so the learner knows lint has more to show.
    expect(lines[5]).toMatch(/^emqx-lab: the course has 15 problems; run emqx-lab lint for all of them$/);
  });
});

describe('emqx-lab show', () => {
  it('rbac --lang zh --namespace team-a: the Chinese text, then manifests for team-a', async () => {
    const r = await run(['show', 'rbac', '--lang', 'zh', '--namespace', 'team-a']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('让节点互相发现');
    expect(r.out).toContain('没有权限时，日志里会出现 Discovery error: {403');
    expect(r.out).toContain('清单（命名空间 team-a）');
    expect(r.out).not.toMatch(ANSI);
    for (const markup of ['**', '`', '](', '```']) expect(r.out).not.toContain(markup);
    // The manifests are YAML (indented under their file headings): parse them back.
    const docs = shownManifests(r.out);
    const binding = docs.find((d) => d.kind === 'RoleBinding')!;
    expect(binding.subjects[0].namespace).toBe('team-a');
    expect(binding.metadata.namespace).toBe('team-a');
    const deployment = docs.find((d) => d.kind === 'Deployment')!;
    const env = deployment.spec.template.spec.containers[0].env as { name: string; value: string }[];
    expect(env.find((e) => e.name === 'EMQX_CLUSTER__K8S__NAMESPACE')?.value).toBe('team-a');
    expect(docs.every((d) => d.metadata.namespace === 'team-a')).toBe(true);
  });

  it('takes a number as well as an id, and English by default', async () => {
    const byNumber = await run(['show', '3']);
    expect(byNumber.code).toBe(0);
    expect(byNumber.out).toBe((await run(['show', 'rbac'])).out);
    expect(byNumber.out).toContain('Step 3 of 3 · rbac');
    expect(byNumber.out).toContain('Manifests (namespace emqx-lab)');
    expect(byNumber.out).toContain('See the EMQX docs');
  });

  it('refuses an unknown step, naming the valid ids, exit 2', async () => {
    const r = await run(['show', 'rbca']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('emqx-lab: no step "rbca": give a number or one of bare-pod, service, rbac\n');
    expect((await run(['show', '9'])).code).toBe(2);
  });

  it('styles for a terminal and wraps to its width', async () => {
    const r = await run(['show', 'rbac'], { tty: true, columns: 50 });
    expect(r.out).toMatch(ANSI);
    const text = r.out.replace(ANSI, '').split('Manifests (namespace')[0];
    for (const l of text.split('\n')) expect([...l].length, l).toBeLessThanOrEqual(50);
    const plain = await run(['show', 'rbac'], { columns: 50 });
    expect(r.out.replace(ANSI, '')).toBe(plain.out);
  });

  it('--json gives the text and the rendered manifests as data', async () => {
    const r = await run(['show', 'bare-pod', '--json', '--namespace', 'team-b']);
    const data = JSON.parse(r.out);
    expect(data).toMatchObject({ number: 1, id: 'bare-pod', title: 'One bare pod', namespace: 'team-b' });
    expect(data.text).toMatch(/^# One bare pod/);
    expect(parse(data.manifests[0].yaml).metadata.namespace).toBe('team-b');
  });
});

describe('what list loads', () => {
  /** Every module `from` reaches through static imports: our files, and the packages they name. */
  function reach(from: string, seen = new Set<string>(), packages = new Set<string>()) {
    if (seen.has(from)) return { seen, packages };
    seen.add(from);
    const text = readFileSync(from, 'utf8');
    for (const [, spec] of text.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)) {
      if (spec.startsWith('.')) reach(resolve(dirname(from), spec.replace(/\.js$/, '.ts')), seen, packages);
      else packages.add(spec);
    }
    return { seen, packages };
  }

  it('imports no process runner, no YAML parser, no schema, no markdown or Kubernetes models, nothing of the engine', () => {
    const { seen, packages } = reach(resolve('src/commands/list.ts'));
    for (const heavy of ['execa', 'marked', 'kubernetes-models', '@clack/prompts', 'mqtt', 'aedes', 'yaml', 'zod', 'commander', 'get-east-asian-width']) {
      expect(packages).not.toContain(heavy);
    }
    for (const f of seen) expect(f).not.toMatch(/src\/(kube|engine|checks|sim|ui|lint\/(manifests|kube-))/);
    // The course comes from the build-time index (the loader is imported lazily, only when the index is stale).
    expect([...seen].some((f) => f.endsWith('src/course/course-index.ts'))).toBe(true);
    // The plain `list` path loads no command-line parser (src/fast-list.ts), and no width table up front.
    const fast = reach(resolve('src/fast-list.ts'));
    expect(fast.packages).not.toContain('commander');
    expect(fast.packages).not.toContain('get-east-asian-width');
    expect(reach(resolve('src/program.ts')).packages).toContain('commander');
    // The walk does see what a command imports: show renders markdown.
    expect(reach(resolve('src/commands/show.ts')).packages).toContain('marked');
  });
});

describe('the shipped course through list and show', () => {
  const shipped = { EMQX_LAB_COURSE: '' };

  it('list --json names the nine steps in order', async () => {
    const r = await run(['list', '--json'], { env: shipped });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).steps.map((s: { id: string }) => s.id)).toEqual([
      'bare-pod', 'deployment', 'service', 'scale', 'env-config', 'rbac', 'configmap', 'statefulset', 'pvc',
    ]);
  });

  it('show rbac --lang zh --namespace team-a: Chinese text; RoleBinding subject and discovery settings use team-a', async () => {
    const r = await run(['show', 'rbac', '--lang', 'zh', '--namespace', 'team-a'], { env: shipped });
    expect(r.code).toBe(0);
    const text = r.out.slice(0, r.out.search(/^── /m));
    expect(text.match(/[\u4e00-\u9fff]/g)?.length ?? 0).toBeGreaterThan(200);
    expect(text).toContain('清单（命名空间 team-a）');
    const docs = shownManifests(r.out);
    const binding = docs.find((d) => d.kind === 'RoleBinding');
    expect(binding?.subjects.filter((s: { kind: string }) => s.kind === 'ServiceAccount').map((s: { namespace: string }) => s.namespace)).toEqual(['team-a']);
    const settings: Record<string, string> = {};
    for (const d of docs) {
      if (d.kind === 'ConfigMap') Object.assign(settings, d.data);
      for (const c of d.spec?.template?.spec?.containers ?? []) for (const e of c.env ?? []) if (e.value !== undefined) settings[e.name] = e.value;
    }
    expect(settings.EMQX_CLUSTER__DISCOVERY_STRATEGY).toBe('k8s');
    expect(settings.EMQX_CLUSTER__K8S__NAMESPACE).toBe('team-a');
    expect(docs.every((d) => d.metadata.namespace === 'team-a')).toBe(true);
  });
});
