import { execa } from 'execa';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse, type Step } from '../src/course/load.js';
import { renderStep } from '../src/course/render.js';
import type { Mistake } from '../src/course/schema.js';
import { MAX_YAML_DEPTH } from '../src/course/yaml-guard.js';
import { LANGS, langFromEnv, type Lang } from '../src/i18n/lang.js';
import { englishLines, englishSentence } from './fixtures/english.js';

const root = join(import.meta.dirname, '..');
const dir = join(root, 'src', 'i18n');
const cli = join(root, 'dist', 'cli.js');

/** Call a parameterised message with arguments of the shapes messages take (strings, counts, lists). */
function render(fn: (...a: unknown[]) => unknown): unknown {
  const tries: unknown[][] = [
    ['x', 2, 'y', 3, 'z'],
    ['x', 2, ['y', 'z'], 3],
    [['x', 'y'], ['y', 'z'], ['z']],
    [2, 3, 4, 5],
    [{}, {}, {}],
  ];
  let last: unknown;
  for (const args of tries) {
    try {
      return fn(...args);
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

const CHINESE = /[\u4e00-\u9fff]/;

/**
 * zh messages that are rightly the same in every language, each with its reason. Everything else a Chinese
 * learner reads has Chinese in it. An entry that gains Chinese must leave this list (checked below).
 */
const NEUTRAL: Record<string, string> = {
  'doctor.ts#doctorMessages.kubectlOk': "`kubectl <version>`: the program's name and the version it prints",
  'engine.ts#engineMessages.showsPods': 'the Kubernetes kind Pod, the label of the pod lines',
  'ui.ts#uiMessages.menuLang': 'the menu item that switches to English is named in English',
  'ui.ts#uiMessages.pictureServices': 'the Kubernetes kind Service, a label in the picture',
  'ui.ts#uiMessages.picturePvcs': 'the Kubernetes kind PersistentVolumeClaim, a label in the picture',
  'ui.ts#uiMessages.headless': 'the Kubernetes term (a headless Service), as Chinese documentation writes it',
};

/** Every message catalogue: same keys in every language, no empty text, functions render, zh is Chinese. */
describe('message catalogues', async () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'lang.ts');
  const ids = new Set<string>();
  for (const f of files) {
    const mod = (await import(join(dir, f))) as Record<string, unknown>;
    for (const [name, cat] of Object.entries(mod)) {
      if (!cat || typeof cat !== 'object' || !('en' in cat)) continue;
      for (const k of Object.keys((cat as unknown as { zh: object }).zh)) ids.add(`${f}#${name}.${k}`);
      it(`${f}#${name} has every key in every language, and its Chinese is Chinese`, () => {
        const c = cat as Record<string, Record<string, unknown>>;
        const keys = Object.keys(c.en).sort();
        for (const lang of LANGS) {
          expect(Object.keys(c[lang]).sort(), lang).toEqual(keys);
          for (const k of keys) {
            const v = c[lang][k];
            const text = typeof v === 'function' ? render(v as (...a: unknown[]) => unknown) : v;
            expect(typeof text, `${lang}.${k}`).toBe('string');
            expect((text as string).trim().length, `${lang}.${k}`).toBeGreaterThan(0);
            if (lang !== 'zh') continue;
            const id = `${f}#${name}.${k}`;
            if (NEUTRAL[id]) expect(text, `${id} is on the neutral list but is Chinese now: take it off`).not.toMatch(CHINESE);
            else expect(text, `${id} should be Chinese (or on the reasoned NEUTRAL list)`).toMatch(CHINESE);
          }
        }
      });
    }
  }
  it('every entry of the neutral list names a message that exists', () => {
    expect(Object.keys(NEUTRAL).filter((id) => !ids.has(id))).toEqual([]);
  });
});

describe('the English-sentence detector', () => {
  it.each([
    'kubectl printed something that is not JSON: <html>',
    '  ✖ exit code 7 from the cluster',
    '（进度已保存在本地；no pod is unschedulable）',
    'emqx-0 (previous): escript: exception throw: {x}',
    '命名空间 emqx-lab does not exist yet；apply 会创建它',
    'which file: lesson | diagnoses',
    '  help [command]    display help for command',
    'emqx-lab: the mistake needs Pod/x, which the file does not hold',
  ])('finds the English in %j', (line) => expect(englishSentence(line)).toBeDefined());

  it.each([
    '用 `emqx-lab kubectl get pods -w` 盯着它',
    '现在检查一下：emqx-lab verify 1',
    '        事件:     Pod/emqx-798fb64479-2ms59: BackOff: Back-off restarting failed container emqx in pod emqx',
    '        日志:     emqx-798fb64479-2ms59（上一次运行）: escript: exception throw: {emqx_conf_schema,[#{reason',
    '  pod/emqx created',
    'Deployment/emqx：spec.template.spec.containers 中没有类似 {"name":"emqx","env":[{"name":"EMQX_NAME"} 的条目',
    '  ✔ kubectl      模拟集群自带的 kubectl（无需集群或 Docker）',
    '详见 https://www.emqx.io/docs/en/latest/deploy/kubernetes/ 的说明',
  ])('lets %j pass (code, commands, evidence)', (line) => expect(englishSentence(line)).toBeUndefined());
});

/** A copy of the shipped course with content errors of each family the loader and lint report. */
function brokenCourse(): string {
  const course = mkdtempSync(join(tmpdir(), 'emqx-lab-zh-lint-'));
  for (const d of ['lessons', 'manifests', 'schema']) cpSync(join(root, d), join(course, d), { recursive: true });
  const edit = (file: string, ...pairs: [string, string][]) => {
    const p = join(course, file);
    let text = readFileSync(p, 'utf8');
    for (const [from, to] of pairs) {
      if (!text.includes(from)) throw new Error(`${file}: "${from}" not found`);
      text = text.replace(from, to);
    }
    writeFileSync(p, text);
  };
  edit(
    'lessons/01-bare-pod/lesson.yaml',
    ['id: bare-pod', 'id: Bare_Pod'], // kebab-case
    ['  - pod.yaml', '  - pod.txt'], // a manifest file name
    ['    pods:\n      name: emqx\n', '    pods:\n      name: emqx\n      selector: a=b\n'], // name or selector
    ['        resource:\n          kind: Pod', '        resource:\n          kind: pod'], // a kind
    ['    timeout: 600', '    timeout: 600\n    bogus: 1'], // an unknown field
  );
  edit(
    'lessons/02-deployment/lesson.yaml',
    ['            path: /spec/selector/matchLabels', '            path: spec/selector/matchLabels'], // a JSON pointer
    ['      - file: deployment.yaml\n        patch:', '      - file: deployment.yaml\n        omit: true\n        patch:'], // patch or omit
  );
  edit('lessons/03-service/lesson.yaml', ['    timeout: 60\n', '    timeout: soon\n']); // zod's own message
  edit('lessons/04-scale/lesson.yaml', ['hints: [', 'hints: [no-such-hint, ']); // a reference
  edit('lessons/diagnoses.yaml', ['      - envName: "^EMQX_CLUSTER__(DISCOVERY|K8S__APP_NAME)$"', '      - envName: "^EMQX_CLUSTER__(DISCOVERY|K8S__APP_NAME)$"\n        log: "x"']); // one condition
  edit('manifests/03-service/service.yaml', ['  type: ClusterIP', '  typ: ClusterIP']); // a manifest's unknown field
  edit('manifests/07-configmap/configmap.yaml', ['EMQX_CLUSTER__DISCOVERY_STRATEGY: k8s', 'EMQX_CLUSTER__DISCOVERY: k8s']); // an EMQX 4 name
  return course;
}

const lab = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  execa('node', [cli, ...args], {
    reject: false,
    stdin: 'ignore',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', CI: '1', LANG: 'C', LC_ALL: '', EMQX_LAB_SIM_SPEED: '50', ...env },
  });

/**
 * A Chinese run prints no English sentence: the lab's words are translated, kubectl's and EMQX's are
 * quoted as evidence. The same runs in English are the control: the detector finds English there, so a
 * passing zh run is not a detector that cannot fire.
 */
describe.concurrent('a --lang zh run prints no English sentence (dist/cli.js)', { timeout: 180_000 }, () => {
  const expectChinese = (out: string, what: string) => {
    expect(englishLines(out), `${what}:\n${out}`).toEqual([]);
    expect(out).toMatch(CHINESE);
  };

  it('lint of a broken course', async () => {
    const course = brokenCourse();
    const [zh, en] = await Promise.all([lab(['--lang', 'zh', 'lint'], { EMQX_LAB_COURSE: course }), lab(['--lang', 'en', 'lint'], { EMQX_LAB_COURSE: course })]);
    expect(zh.exitCode).toBe(2);
    // Each family of problem is there (the copy really is broken in every way).
    expect(zh.stdout.split('\n').filter((l) => /:\d+:\d+ /.test(l)).length).toBeGreaterThanOrEqual(12);
    expectChinese(zh.stdout + zh.stderr, 'lint --lang zh');
    expect(englishLines(en.stdout).length).toBeGreaterThanOrEqual(10);
  });

  it('a failing verify on the simulated cluster, with a diagnosis, events and logs', async () => {
    // Step 5 with the discovery strategy `kubernetes`: pods crash-loop, EMQX logs why, the diagnosis names it.
    const course = mkdtempSync(join(tmpdir(), 'emqx-lab-zh-verify-'));
    for (const d of ['lessons', 'manifests']) cpSync(join(root, d), join(course, d), { recursive: true });
    const file = join(course, 'manifests', '05-env-config', 'deployment.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/(EMQX_CLUSTER__DISCOVERY_STRATEGY\n\s+value: )k8s/, '$1kubernetes'));
    const run = async (lang: string) => {
      const env = { EMQX_LAB_COURSE: course, EMQX_LAB_HOME: mkdtempSync(join(tmpdir(), 'emqx-lab-zh-home-')) };
      const applied = await lab(['--sim', '--lang', lang, 'apply', '5'], env);
      const verified = await lab(['--sim', '--lang', lang, 'verify', '5'], env);
      return { applied, verified };
    };
    const [zh, en] = await Promise.all([run('zh'), run('en')]);
    expect(zh.applied.exitCode).toBe(0);
    expect(zh.verified.exitCode).toBe(1);
    expect(zh.verified.stdout).toContain('unable_to_convert_to_enum_symbol'); // EMQX's log line, quoted
    expectChinese(zh.applied.stdout + zh.applied.stderr, 'apply --lang zh');
    expectChinese(zh.verified.stdout + zh.verified.stderr, 'verify --lang zh');
    expect(en.verified.exitCode).toBe(1);
    expect(englishLines(en.verified.stdout).length).toBeGreaterThanOrEqual(5);
  });

  it('doctor on the simulated cluster', async () => {
    const home = () => ({ EMQX_LAB_HOME: mkdtempSync(join(tmpdir(), 'emqx-lab-zh-doctor-')) });
    const [zh, en] = await Promise.all([lab(['--sim', '--lang', 'zh', 'doctor'], home()), lab(['--sim', '--lang', 'en', 'doctor'], home())]);
    expect(zh.exitCode).toBe(0);
    expectChinese(zh.stdout + zh.stderr, 'doctor --lang zh');
    expect(englishLines(en.stdout).length).toBeGreaterThanOrEqual(5);
  });

  it('the help of every command', async () => {
    // Every command, found from the help itself (a new command is checked without being listed here).
    const names = (help: string) => {
      const at = help.split('\n').findIndex((l) => /^命令：/.test(l));
      if (at < 0) return [];
      return help
        .split('\n')
        .slice(at + 1)
        .filter((l) => /^ {2}\S/.test(l))
        .map((l) => l.trim().split(/\s/)[0])
        .filter((n) => n !== 'help' && n !== 'kubectl'); // `emqx-lab kubectl --help` is kubectl's own help
    };
    const helps: { cmd: string[]; out: string }[] = [];
    let level: string[][] = [[], ['schema']]; // schema is hidden from the list
    while (level.length) {
      const runs = await Promise.all(level.map((cmd) => lab(['--lang', 'zh', ...cmd, '--help'])));
      const next: string[][] = [];
      runs.forEach((r, i) => {
        expect(r.exitCode, level[i].join(' ')).toBe(0);
        helps.push({ cmd: level[i], out: r.stdout + r.stderr });
        for (const n of names(r.stdout)) next.push([...level[i], n]);
      });
      level = next;
    }
    expect(helps.map((h) => h.cmd.join(' '))).toEqual(expect.arrayContaining(['', 'verify', 'lint', 'schema', 'cluster create', 'workshop up', 'workshop dashboard']));
    for (const h of helps) expectChinese(h.out, `emqx-lab --lang zh ${h.cmd.join(' ')} --help`);
    const en = await lab(['--lang', 'en', '--help']);
    expect(englishLines(en.stdout).length).toBeGreaterThanOrEqual(5);
  });
});

/**
 * Rendering a step whose manifests or mistakes are broken (an unlinted course via EMQX_LAB_COURSE, `test
 * --mistakes`): the usage error is said in the learner's language, and in English it is English (the
 * control: the detector can fire on each of them).
 */
describe('a broken step is rendered with its error in the learner\'s language', () => {
  const step = loadCourse(root).course.steps[0];
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: emqx\n';
  const withFile = (text: string): Step => ({ ...step, manifests: [{ name: 'pod.yaml', path: 'pod.yaml', text }] });
  const mistake = (change: Partial<Mistake['changes'][number]>): Mistake =>
    ({ id: 'm', title: { en: 'm', zh: 'm' }, changes: [{ file: 'pod.yaml', ...change }], expect: {} }) as unknown as Mistake;
  const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)];
  const cases: [string, Step, Mistake | undefined][] = [
    ['a duplicate key', withFile(`${pod}kind: Service\n`), undefined],
    ['nesting past the limit', withFile(`${pod}spec: ${'['.repeat(MAX_YAML_DEPTH + 20)}${']'.repeat(MAX_YAML_DEPTH + 20)}\n`), undefined],
    ['an alias bomb', withFile(`${pod}${laughs.join('\n')}\n`), undefined],
    ['a document that is not an object', withFile('just some words\n'), undefined],
    ['a file without objects', withFile('# only a comment\n'), undefined],
    ['a mistake naming an object the file lacks', withFile(pod), mistake({ target: { kind: 'Pod', name: 'other' }, patch: [] })],
    ['a mistake without a target in a file of several', withFile(`${pod}---\n${pod.replace('emqx', 'emqx-2')}`), mistake({ patch: [] })],
    ['a patch path that does not exist', withFile(pod), mistake({ patch: [{ op: 'replace', path: '/spec/containers/0/image', value: 'x' }] })],
    ['a removal of a field that is not there', withFile(pod), mistake({ patch: [{ op: 'remove', path: '/metadata/labels' }] })],
  ];
  const errorOf = (s: Step, m: Mistake | undefined, lang: Lang): string => {
    try {
      renderStep(s, 'emqx-lab', lang, m);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('rendered without an error');
  };
  it.each(cases)('%s', (_, s, m) => {
    const zh = errorOf(s, m, 'zh');
    expect(zh).toMatch(CHINESE);
    expect(englishLines(zh), zh).toEqual([]);
    const en = errorOf(s, m, 'en');
    expect(en).not.toMatch(CHINESE);
    expect(englishLines(en).length, en).toBe(1);
  });

  it('show --lang zh of a step with a broken manifest (dist/cli.js)', { timeout: 60_000 }, async () => {
    const course = mkdtempSync(join(tmpdir(), 'emqx-lab-zh-show-'));
    for (const d of ['lessons', 'manifests']) cpSync(join(root, d), join(course, d), { recursive: true });
    const file = join(course, 'manifests', '01-bare-pod', 'pod.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nkind: Pod\n`);
    const [zh, en] = await Promise.all([lab(['--lang', 'zh', 'show', '1'], { EMQX_LAB_COURSE: course }), lab(['--lang', 'en', 'show', '1'], { EMQX_LAB_COURSE: course })]);
    const said = (out: string) => out;
    expect(zh.exitCode).toBe(2);
    expect(zh.stderr).toContain('pod.yaml');
    expect(zh.stderr).toMatch(CHINESE);
    expect(englishLines(said(zh.stdout + zh.stderr)), zh.stderr).toEqual([]);
    expect(en.exitCode).toBe(2);
    expect(englishLines(said(en.stderr)).length, en.stderr).toBeGreaterThanOrEqual(1);
  });
});

describe('langFromEnv', () => {
  it.each([
    [{ LANG: 'zh_CN.UTF-8' }, 'zh'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LC_ALL: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' }, 'zh'],
    [{ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{}, 'en'],
  ])('%j -> %s', (env, lang) => expect(langFromEnv(env as NodeJS.ProcessEnv)).toBe(lang));
});
