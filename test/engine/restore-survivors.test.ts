/** Restoring progress from the namespace's record when there is no record: the local file is left alone. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordedPasses, restoreFromRecord } from '../../src/engine/restore.js';
import { progressPath } from '../../src/progress/store.js';
import { fakeKube } from '../fixtures/engine/fake-kube.js';

describe('no record in the namespace', () => {
  it('restores nothing and does not touch an unreadable local progress file', async () => {
    const home = mkdtempSync(join(tmpdir(), 'emqx-lab-home-'));
    const path = progressPath(home, 'kind-test', 'lab');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '{ not json');
    const kube = fakeKube({ get: async () => undefined });
    const t = { kube, home, progressKey: 'kind-test', namespace: 'lab', stepIds: ['first', 'second'], now: () => 7 };
    expect(await recordedPasses(t)).toStrictEqual({ ids: [] });
    expect(await restoreFromRecord(t)).toEqual([]);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('{ not json');
  });
});
