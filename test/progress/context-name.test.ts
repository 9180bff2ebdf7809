/**
 * The context name progress is filed under, found without kubectl: --sim, --context, then the current-context
 * of the kubeconfig kubectl would use (--kubeconfig, the first KUBECONFIG file that names one, ~/.kube/config).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextName, currentContextOf, NO_CONTEXT, SIM_CONTEXT } from '../../src/progress/context-name.js';

const dir = () => mkdtempSync(join(tmpdir(), 'emqx-lab-ctx-'));
function kubeconfig(d: string, name: string, current: string | undefined): string {
  const path = join(d, name);
  writeFileSync(path, `apiVersion: v1\nkind: Config\n${current === undefined ? '' : `current-context: ${current}\n`}contexts: []\n`);
  return path;
}

describe('contextName', () => {
  it('--sim files under the simulator context, whatever else is given', () => {
    expect(SIM_CONTEXT).toBe('emqx-lab-sim');
    expect(contextName({ sim: true, context: 'kind-lab' }, {})).toBe('emqx-lab-sim');
  });

  it('--context wins over any kubeconfig', () => {
    const d = dir();
    expect(contextName({ context: 'minikube', kubeconfig: kubeconfig(d, 'a', 'kind-a') }, { KUBECONFIG: kubeconfig(d, 'b', 'kind-b') })).toBe('minikube');
  });

  it('--kubeconfig is read, and KUBECONFIG is not looked at then', () => {
    const d = dir();
    expect(contextName({ kubeconfig: kubeconfig(d, 'a', 'kind-a') }, { KUBECONFIG: kubeconfig(d, 'b', 'kind-b') })).toBe('kind-a');
  });

  it('an unreadable --kubeconfig (a folder) or one naming no context files under NO_CONTEXT', () => {
    const d = dir();
    expect(NO_CONTEXT).toBe('(none)');
    expect(contextName({ kubeconfig: d }, {})).toBe('(none)');
    expect(contextName({ kubeconfig: kubeconfig(d, 'a', undefined) }, { HOME: d })).toBe('(none)');
    expect(contextName({ kubeconfig: join(d, 'missing') }, {})).toBe('(none)');
  });

  it('KUBECONFIG: the first file that exists and names a context, in order; empty entries skipped', () => {
    const d = dir();
    const none = kubeconfig(d, 'none', undefined);
    const b = kubeconfig(d, 'b', 'kind-b');
    const c = kubeconfig(d, 'c', 'kind-c');
    const env = { KUBECONFIG: ['', join(d, 'missing'), none, b, c].join(delimiter), HOME: d };
    expect(contextName({}, env)).toBe('kind-b');
    expect(contextName({}, { KUBECONFIG: [c, b].join(delimiter) })).toBe('kind-c');
  });

  it('without KUBECONFIG: $HOME/.kube/config', () => {
    const d = dir();
    mkdirSync(join(d, '.kube'));
    kubeconfig(join(d, '.kube'), 'config', 'docker-desktop');
    expect(contextName({}, { HOME: d })).toBe('docker-desktop');
    expect(contextName({}, { HOME: dir() })).toBe('(none)');
  });
});

describe('currentContextOf', () => {
  it.each([
    ['current-context: kind-lab', 'kind-lab'],
    ['current-context:kind-lab', 'kind-lab'],
    ['current-context:\t  kind-lab \t ', 'kind-lab'],
    ['current-context: "kind-lab"', 'kind-lab'],
    ["current-context: 'kind-lab'", 'kind-lab'],
    ['current-context: "kind-lab', '"kind-lab'],
    ['current-context: kind-lab"', 'kind-lab"'],
    ["current-context: 'kind-lab", "'kind-lab"],
    ["current-context: kind-lab'", "kind-lab'"],
    ['current-context: "kind-lab\'', '"kind-lab\''],
    ['current-context: a', 'a'],
    ['current-context: kind-lab  # set by kind', 'kind-lab'],
    ['current-context: kind-lab\t#x', 'kind-lab'],
    ['current-context: "kind-lab" # quoted, then a comment', 'kind-lab'],
    ['current-context: kind#lab', 'kind#lab'],
    ['current-context: ""', undefined],
    ['current-context:', undefined],
    ['current-context:   ', undefined],
    ['clusters: []', undefined],
  ])('%j → %j', (line, want) => {
    expect(currentContextOf(`apiVersion: v1\n${line}\nkind: Config\n`)).toBe(want);
  });

  it('only the top-level key counts, not an indented one or another key ending in it', () => {
    const text = 'preferences:\n  current-context: nested\nmy-current-context: other\ncurrent-context: top\n';
    expect(currentContextOf(text)).toBe('top');
  });
});
