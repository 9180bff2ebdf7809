/**
 * packageRoot / simKubectlPath, checked against the repository layout seen from this test file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot, simKubectlPath } from '../../src/util/paths.js';

const repo = resolve(import.meta.dirname, '..', '..');

describe('paths', () => {
  it('packageRoot is the folder holding package.json', () => {
    expect(packageRoot()).toBe(repo);
    expect(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).name).toBe('emqx-lab');
  });

  it('simKubectlPath is the built simulator kubectl, dist/sim/kubectl.js', () => {
    expect(simKubectlPath()).toBe(`${repo}/dist/sim/kubectl.js`);
    // The file it is built from.
    expect(existsSync(join(repo, 'src', 'sim', 'kubectl.ts'))).toBe(true);
  });
});
