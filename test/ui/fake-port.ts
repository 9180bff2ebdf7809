/**
 * A LabPort for screen tests: a tiny three-step course (Pod → Deployment → Deployment + Service), progress
 * in memory, and verify/solve/hint answers scripted per call. A verify with `wait: true` runs until its
 * signal aborts, like a real check polling a cluster that never gets there.
 */
import type { Step } from '../../src/course/load.js';
import { renderStep, type KubeObject } from '../../src/course/render.js';
import type { Lesson } from '../../src/course/schema.js';
import { emptyProgress, type Progress } from '../../src/progress/store.js';
import type { NamespacePicture } from '../../src/ui/picture.js';
import type { CheckEvent, HintView, LabPort, VerifyView } from '../../src/ui/port.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: emqx
  labels:
    app.kubernetes.io/name: emqx
spec:
  containers:
    - name: emqx
      image: emqx/emqx:5.8.9
`;
const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: emqx
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app.kubernetes.io/name: emqx
  template:
    metadata:
      labels:
        app.kubernetes.io/name: emqx
    spec:
      containers:
        - name: emqx
          image: emqx/emqx:5.8.9
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: emqx
spec:
  selector:
    app.kubernetes.io/name: emqx
  ports:
    - name: mqtt
      port: 1883
`;

function lesson(id: string, title: [string, string], files: string[]): Lesson {
  return {
    format: 1,
    id,
    title: { en: title[0], zh: title[1] },
    summary: { en: `${title[0]}, summed up`, zh: `${title[1]}的概要` },
    manifests: files,
    failFirst: true,
    checks: [
      { id: 'ready', title: { en: 'The pods are Ready', zh: 'Pod 已就绪' }, kind: 'podsReady', selector: 'app.kubernetes.io/name=emqx', count: 1, hints: ['wait', 'describe', 'solve-it'] },
      { id: 'status', title: { en: '`emqx ctl status` says started', zh: '`emqx ctl status` 显示 started' }, kind: 'exec', pods: { name: 'emqx' }, command: ['emqx', 'ctl', 'status'], expect: { emqxStatus: { started: true } }, on: 'each', minPods: 1, hints: ['wait'] },
    ],
    hints: [
      { id: 'wait', text: { en: 'Wait for the image pull.', zh: '等待镜像拉取完成。' } },
      { id: 'describe', text: { en: 'Look at the events.', zh: '看看事件。' } },
      { id: 'solve-it', text: { en: 'Use solve.', zh: '用 solve。' } },
    ],
  } as Lesson;
}

function step(n: number, id: string, title: [string, string], files: Record<string, string>): Step {
  return {
    number: n,
    id,
    dir: `/course/lessons/0${n}-${id}`,
    lessonFile: `/course/lessons/0${n}-${id}/lesson.yaml`,
    lesson: lesson(id, title, Object.keys(files)),
    source: undefined as never,
    text: {
      en: `# ${title[0]}\n\nThis step runs **EMQX** with \`kubectl\`. It is a short text that wraps when the terminal is narrow enough to need it.`,
      zh: `# ${title[1]}\n\n这一步用 \`kubectl\` 运行 **EMQX**。这是一段在终端较窄时会自动换行的简短文字，用来检查中文排版。`,
    },
    manifestDir: `/course/manifests/0${n}-${id}`,
    manifests: Object.entries(files).map(([name, text]) => ({ name, path: `/course/manifests/${name}`, text })),
  };
}

export const fakeSteps: Step[] = [
  step(1, 'bare-pod', ['One bare Pod', '一个裸 Pod'], { 'pod.yaml': POD }),
  step(2, 'deployment', ['A Deployment', 'Deployment'], { 'deployment.yaml': deployment(1) }),
  step(3, 'service', ['A Service', 'Service'], { 'deployment.yaml': deployment(3), 'service.yaml': SERVICE }),
];

export type Scripted = VerifyView | { wait: true };

export const picture: NamespacePicture = {
  namespace: 'emqx-lab',
  pods: [
    { name: 'emqx-0', ready: true, terminating: false, state: 'Ready' },
    { name: 'emqx-1', ready: false, terminating: false, state: 'ContainerCreating (2 restarts)' },
  ],
  clusters: [['emqx-0']],
  services: [{ name: 'emqx', type: 'ClusterIP', clusterIP: '10.96.0.10', ports: '1883,18083' }],
  pvcs: [{ name: 'emqx-data-emqx-0', status: 'Bound', capacity: '1Gi' }],
};

export class FakePort implements LabPort {
  namespace = 'emqx-lab';
  context = 'emqx-lab-sim';
  sim = true;
  steps = fakeSteps;
  state: Progress = emptyProgress('emqx-lab-sim', 'emqx-lab');
  calls: string[] = [];
  verifies: Scripted[] = [];
  hints: HintView[] = [];
  fingerprints: string[] = [];
  applyOk = true;
  closed = 0;
  /** The signals verify runs were given (tests check they were aborted). */
  signals: AbortSignal[] = [];

  rendered(stepId: string): KubeObject[] {
    return renderStep(this.steps.find((s) => s.id === stepId)!, this.namespace, 'en').flatMap((m) => m.objects);
  }
  progress(): Progress {
    return this.state;
  }
  markStarted(stepId: string): void {
    (this.state.steps[stepId] ??= {}).startedAt ??= '2026-01-01T10:00:00.000Z';
  }
  async apply(stepId: string) {
    this.calls.push(`apply ${stepId}`);
    return this.applyOk ? { ok: true, lines: ['deployment.apps/emqx created'] } : { ok: false, lines: ['error: the server said no'] };
  }
  async verify(stepId: string, onEvent: (e: CheckEvent) => void, signal: AbortSignal): Promise<VerifyView> {
    this.calls.push(`verify ${stepId}`);
    this.signals.push(signal);
    const next = this.verifies.shift() ?? { passed: true };
    const checks = this.steps.find((s) => s.id === stepId)!.lesson.checks;
    onEvent({ type: 'start', id: checks[0].id });
    onEvent({ type: 'reason', id: checks[0].id, reason: '0 of 1 pods Ready: emqx is ContainerCreating', passed: false });
    if ('wait' in next) {
      await new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true }));
      return { passed: false, interrupted: true };
    }
    if (next.passed) {
      for (const c of checks) {
        onEvent({ type: 'start', id: c.id });
        onEvent({ type: 'end', id: c.id, passed: true, reason: 'ok' });
      }
      (this.state.steps[stepId] ??= {}).passedAt = '2026-01-01T10:05:00.000Z';
    } else {
      onEvent({ type: 'end', id: checks[0].id, passed: false, reason: next.failure?.reason ?? 'no' });
    }
    return next;
  }
  async solve(stepId: string, onEvent: (e: CheckEvent) => void, signal: AbortSignal) {
    this.calls.push(`solve ${stepId}`);
    return this.verify(stepId, onEvent, signal);
  }
  async hint(stepId: string): Promise<HintView> {
    this.calls.push(`hint ${stepId}`);
    return this.hints.shift() ?? { text: 'Use solve.', index: 3, total: 3, exhausted: true };
  }
  async resetAll() {
    this.calls.push('reset');
    this.state = emptyProgress(this.context, this.namespace);
  }
  async fingerprint() {
    return this.fingerprints.shift() ?? 'same';
  }
  async picture(): Promise<NamespacePicture> {
    return picture;
  }
  lang = 'en';
  setLang(lang: string) {
    this.lang = lang;
  }
  async close() {
    this.closed += 1;
  }
}

export const failing = (reason = '0 of 1 pods Ready: emqx is ImagePullBackOff'): VerifyView => ({
  passed: false,
  failure: {
    checkId: 'ready',
    title: 'The pods are Ready',
    reason,
    diagnosis: { title: 'The image cannot be pulled', explain: 'The tag does not exist.', hint: 'Use emqx/emqx:5.8.9.' },
    evidence: ['emqx: ImagePullBackOff', 'Pod/emqx: Failed: Failed to pull image "emqx/emqx:5.8.99"'],
  },
  hint: { text: 'Wait for the image pull.', index: 1, total: 3, exhausted: false },
});
