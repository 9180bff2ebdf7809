/** A course made of manifests in memory, for table tests of what the trainer's kit reads from a course. */
import type { Course, Step } from '../../src/course/load.js';

export interface FakeStep {
  id: string;
  yaml: string;
  checks?: unknown[];
}

export function fakeCourse(steps: FakeStep[]): Course {
  return {
    root: '/fake',
    diagnoses: [],
    steps: steps.map(
      (s, i) =>
        ({
          number: i + 1,
          id: s.id,
          dir: `/fake/lessons/${s.id}`,
          lessonFile: `/fake/lessons/${s.id}/lesson.yaml`,
          lesson: { format: 1, id: s.id, title: { en: s.id, zh: s.id }, manifests: ['all.yaml'], checks: s.checks ?? [], hints: [] },
          text: { en: '', zh: '' },
          manifestDir: `/fake/manifests/${s.id}`,
          manifests: [{ name: 'all.yaml', path: `/fake/manifests/${s.id}/all.yaml`, text: s.yaml }],
        }) as unknown as Step,
    ),
  };
}

const res = (cpu: string | undefined, memory: string | undefined, indent: number) =>
  cpu || memory ? `\n${' '.repeat(indent)}resources: { requests: { ${[cpu && `cpu: ${cpu}`, memory && `memory: ${memory}`].filter(Boolean).join(', ')} } }` : '';

export function pod(name: string, cpu?: string, memory?: string): string {
  return `apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:
  containers:
    - name: c
      image: emqx/emqx:5.8.9${res(cpu, memory, 6)}
`;
}

export function deployment(name: string, replicas: number, o: { cpu?: string; memory?: string; strategy?: string } = {}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: ${replicas}
${o.strategy ? `  strategy: ${o.strategy}\n` : ''}  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: c
          image: emqx/emqx:5.8.9${res(o.cpu, o.memory, 10)}
`;
}

export function statefulSet(name: string, replicas: number, o: { cpu?: string; memory?: string; storage?: string } = {}): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: ${name} }
spec:
  replicas: ${replicas}
  serviceName: ${name}-headless
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: c
          image: emqx/emqx:5.8.9${res(o.cpu, o.memory, 10)}
${o.storage ? `  volumeClaimTemplates:\n    - metadata: { name: data }\n      spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: ${o.storage} } } }\n` : ''}`;
}
