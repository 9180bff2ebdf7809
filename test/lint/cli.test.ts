/**
 * The built program's exit code: `node dist/cli.js lint` exits 2 on errors, 0 on warnings alone or a clean
 * course (npm test builds dist/ first).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const FIX = 'test/fixtures/lint';

function lint(...args: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli.js', 'lint', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('node dist/cli.js lint', () => {
  it('exits 2 and prints file:line:col message lines and a summary for errors', () => {
    const r = lint(`${FIX}/manifests/unknown-field.yaml`, `${FIX}/manifests/unknown-apiversion.yaml`);
    expect(r.code).toBe(2);
    expect(r.err).toBe('');
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe(`${FIX}/manifests/unknown-apiversion.yaml:2:1 unknown apiVersion "rbac.authorization.kubernetes.io/v1beta1" for kind Role: use rbac.authorization.k8s.io/v1`);
    expect(lines).toContain(`${FIX}/manifests/unknown-field.yaml:8:3 unknown field spec.replicaz (did you mean replicas?)`);
    expect(lines[lines.length - 1]).toBe('8 errors, 0 warnings in 2 files');
  });

  it('exits 0 with warnings alone, and on a clean course', () => {
    const warned = lint(`${FIX}/workspace/deployment.yaml`);
    expect(warned.code).toBe(0);
    expect(warned.out.trim().split('\n').pop()).toBe('0 errors, 2 warnings in 1 file');
    const clean = lint(`${FIX}/workspace`);
    expect(clean.code).toBe(0);
    expect(clean.out).toBe('no problems in 3 files\n');
    // The fixture course: no errors (at most the editor-schema warnings until `npm run schema` has run).
    const course = lint(`${FIX}/course`);
    expect(course.code).toBe(0);
    expect(course.out).toMatch(/^(no problems in 16 files|0 errors, \d+ warnings in 16 files)\n$/m);
  });

  it('--json prints the problems as data', () => {
    const r = lint('--json', `${FIX}/manifests/emqx-hostname.yaml`);
    expect(r.code).toBe(2);
    expect(Object.keys(JSON.parse(r.out)[0])).toEqual(['file', 'line', 'col', 'severity', 'message', 'rule']);
    expect(JSON.parse(r.out)).toEqual([
      {
        file: `${FIX}/manifests/emqx-hostname.yaml`,
        line: 21,
        col: 56,
        severity: 'error',
        rule: 'emqx-discovery',
        message:
          'address_type hostname needs pods with hostnames under a headless Service (a StatefulSet); with a Deployment discovery fails with {badkey,<<"hostname">>}: use ip',
      },
    ]);
  });
});
