// notExecutable: a plain name is looked up on PATH by the system, never as a path relative to the working folder.
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { notExecutable } from '../../src/kube/binary.js';

describe('notExecutable', () => {
  it('a plain name is never "not executable", even when a folder or plain file of that name is in the working folder', () => {
    // The project root (vitest's working folder) holds a folder `src` and a non-executable `package.json`.
    expect(statSync('src').isDirectory()).toBe(true);
    expect(existsSync('package.json')).toBe(true);
    expect(notExecutable('src')).toBe(false);
    expect(notExecutable('package.json')).toBe(false);
    // The same files named as paths are not executable.
    expect(notExecutable('./src')).toBe(true);
    expect(notExecutable('./package.json')).toBe(true);
  });
});
