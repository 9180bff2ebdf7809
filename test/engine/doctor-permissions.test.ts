/**
 * Doctor's permission item asks what labPermissions lists, cheaply: one `auth can-i --list`, single
 * questions only for what the list does not grant, at most a few at a time.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import { neededPermissions, permissionsItem } from '../../src/engine/doctor-permissions.js';
import { canIWords, qualifiedResource, type PolicyRule } from '../../src/kube/permissions.js';
import type { RunResult } from '../../src/kube/result.js';
import { learnerRules } from '../../src/workshop/role.js';
import { fakeKube, kubeCalls } from '../fixtures/engine/fake-kube.js';

const { course } = loadCourse(join(import.meta.dirname, '..', '..'));
const NS = 'lab';

/** The rules as kubectl v1.32 prints `auth can-i --list`: one row per group and resource, names and verbs as %v. */
function printed(rules: PolicyRule[]): string {
  const rows = [['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']];
  for (const r of rules) {
    for (const g of r.apiGroups) {
      for (const res of r.resources) {
        const [resource, ...sub] = res.split('/');
        rows.push([`${resource}${g ? `.${g}` : ''}${sub.length ? `/${sub.join('/')}` : ''}`, '[]', `[${(r.resourceNames ?? []).join(' ')}]`, `[${r.verbs.join(' ')}]`]);
      }
    }
  }
  rows.push(['selfsubjectrulesreviews.authorization.k8s.io', '[]', '[]', '[create]'], ['', '[/api]', '[]', '[get]']);
  const width = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)) + 3);
  return rows.map((r) => r.map((c, i) => c.padEnd(width[i])).join('').trimEnd()).join('\n') + '\n';
}

const ran = (args: string[], o: Partial<RunResult>): RunResult => ({ args, exitCode: 0, stdout: '', stderr: '', timedOut: false, canceled: false, missing: false, ...o });

describe("doctor's permission item", () => {
  const needed = neededPermissions(course, NS, 'en');

  it('a learner under the workshop Role: one kubectl process (the list), every permission granted', async () => {
    const kube = fakeKube({ raw: async (args) => ran(args, { stdout: printed(learnerRules(course, NS, 'en')) }) }, NS);
    const item = await permissionsItem(kube, course, 'en');
    expect(item).toEqual({ id: 'permissions', status: 'ok', message: `all ${needed.length} permissions the course needs are granted in ${NS}` });
    expect(kubeCalls(kube)).toBe(1);
    expect(kube.log[0].args[0]).toEqual(['--namespace', NS, 'auth', 'can-i', '--list']);
  });

  it('an admin (`*.*`): one process', async () => {
    const kube = fakeKube({ raw: async (args) => ran(args, { stdout: printed([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]) }) }, NS);
    expect((await permissionsItem(kube, course, 'en')).status).toBe('ok');
    expect(kubeCalls(kube)).toBe(1);
  });

  it('what the list does not grant is asked singly; a no is named in the message', async () => {
    const rules = learnerRules(course, NS, 'en').map((r) => ({ ...r, resources: r.resources.filter((x) => x !== 'pods/exec') }));
    const asked: string[][] = [];
    const kube = fakeKube(
      {
        raw: async (args) => ran(args, { stdout: printed(rules) }),
        canI: async (verb, resource, o) => {
          asked.push([verb, resource, o?.subresource ?? '']);
          return verb === 'get';
        },
      },
      NS,
    );
    const item = await permissionsItem(kube, course, 'en');
    expect(asked.sort()).toEqual([['create', 'pods', 'exec'], ['get', 'pods', 'exec']]);
    expect(item).toMatchObject({ status: 'fail', message: 'not allowed: create pods/exec' });
    expect(kubeCalls(kube)).toBe(3);
  });

  it('a server that will not list (an old one, or the review forbidden): every question singly, a few at a time', async () => {
    let running = 0;
    let most = 0;
    const seen = new Set<string>();
    const kube = fakeKube(
      {
        raw: async (args) => ran(args, { exitCode: 1, stderr: 'Error from server (Forbidden): selfsubjectrulesreviews.authorization.k8s.io is forbidden\n' }),
        canI: async (verb, resource, o) => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, 1));
          running -= 1;
          seen.add([verb, resource, o?.name ?? '', o?.subresource ?? ''].join(' '));
          return true;
        },
      },
      NS,
    );
    expect((await permissionsItem(kube, course, 'en')).status).toBe('ok');
    expect(kube.calls.canI).toBe(needed.length);
    expect(seen.size).toBe(needed.length);
    expect(most).toBeLessThanOrEqual(6);
    expect(seen).toContain(`impersonate serviceaccounts emqx `);
    expect(seen).toContain(`patch ${qualifiedResource({ apiGroup: 'apps', resource: 'statefulsets' })}  scale`);
  });

  it('an unreachable cluster: a warning, and no single questions', async () => {
    const kube = fakeKube({ raw: async (args) => ran(args, { exitCode: 1, stderr: 'Unable to connect to the server: dial tcp 127.0.0.1:1: connect: connection refused\n' }) }, NS);
    const item = await permissionsItem(kube, course, 'zh');
    expect(item.status).toBe('warn');
    expect(item.message).toMatch(/^无法检查权限：/);
    expect(kube.calls.canI).toBe(0);
  });

  it('asks each question once, as `auth can-i` words it', () => {
    const words = needed.map((q) => canIWords(q).join(' '));
    expect(new Set(words).size).toBe(words.length);
    expect(words).toEqual(expect.arrayContaining(['create pods --subresource=exec', 'get services --subresource=proxy', 'impersonate serviceaccounts/emqx', `get namespaces/${NS}`, 'create statefulsets.apps']));
  });
});
