/**
 * Session details: the kube openSession makes watches for kubectl failing the same way, and preflight
 * failures before any context or server is known name neither.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import { guardContext, guardServer, openSession, type SessionContext } from '../../src/engine/session.js';
import { LabError } from '../../src/errors.js';
import { engineMessages } from '../../src/i18n/engine.js';
import type { Kube } from '../../src/kube/kube.js';
import { PersistentKubeFailure } from '../../src/kube/persistent.js';
import { KubeError } from '../../src/kube/result.js';
import { fakeKube } from '../fixtures/engine/fake-kube.js';

const { course } = loadCourse(join(import.meta.dirname, '..', 'fixtures', 'engine', 'course'));
const en = engineMessages.en;
const ctxOf = (env: NodeJS.ProcessEnv = {}): SessionContext => ({ env, lang: 'en', signal: new AbortController().signal });

const open: Kube[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((k) => k.close()));
});

async function labError(p: Promise<unknown>): Promise<LabError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LabError) return e;
    throw e;
  }
  throw new Error('expected a LabError');
}

describe('the kube a session makes', () => {
  it('stops the command at once when kubectl cannot run (the failure watch is on)', async () => {
    const bin = join(mkdtempSync(join(tmpdir(), 'emqx-lab-nokubectl-')), 'kubectl');
    const s = await openSession(ctxOf({ PATH: process.env.PATH }), { kubectl: bin, context: 'kind-x' }, { course, reachable: false });
    open.push(s.kube);
    const e = await s.kube.get('Pod', 'x').then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(PersistentKubeFailure);
    expect((e as LabError).message).toBe(en.notInstalled(bin));
  });
});

describe('preflight failures before a context or server is known', () => {
  it('current-context unreachable: the paragraph names no context and no server', async () => {
    const kube = fakeKube({ currentContext: async () => Promise.reject(new KubeError('unreachable', 'dial tcp: i/o timeout', [])) });
    expect((await labError(guardContext(kube, ctxOf(), {}))).message).toBe(en.unreachable('', '', 'dial tcp: i/o timeout'));
  });

  it('the clusters of the kubeconfig unreachable: no server is named', async () => {
    const kube = fakeKube({ clusters: async () => Promise.reject(new KubeError('unreachable', 'dial tcp: i/o timeout', [])) });
    expect((await labError(guardServer(kube, ctxOf(), { context: 'kind-x' }, { cluster: 'x' }))).message).toBe(en.unreachable('kind-x', '', 'dial tcp: i/o timeout'));
  });
});
