/**
 * Issue 16 point 14: a secret goes to `kubectl exec -i` on stdin, and `sh -c 'read -r p && exec CMD "$p"'`
 * puts it in place inside the container. The model's shell answers as dash (the /bin/sh of the Debian-based
 * emqx/emqx image) does: `read` takes one line of stdin, `exec` runs CMD in the shell's place, quotes and
 * expansions make words the shell's way.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { World } from '../../src/sim/api/world.js';
import { emqxHttp, nodeOfPod } from '../../src/sim/emqx/http.js';
import { execIn } from '../../src/sim/kubelet/exec.js';
import type { Obj } from '../../src/sim/state/types.js';
import { apply, cluster, emqxDeployment, namespace, pods, ready, until } from './helpers.js';
import { kubectl, poll, SIM, simHome } from './spawn.js';

async function oneNode(): Promise<{ w: World; p: Obj }> {
  const w = await cluster();
  namespace(w);
  apply(w, emqxDeployment({ replicas: 1 }));
  until(w, () => pods(w).length === 1 && pods(w).every(ready), 300);
  return { w, p: pods(w)[0] };
}

function sh(w: World, p: Obj, script: string, stdin?: string) {
  const r = execIn(w, p, p.spec.containers[0], ['sh', '-c', script], stdin);
  if ('notFound' in r) throw new Error(`not found: ${r.notFound}`);
  return r;
}

const login = (w: World, p: Obj, username: string, password: string) =>
  emqxHttp(w, nodeOfPod(w, p.metadata.uid!), { method: 'POST', path: '/api/v5/login', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

describe('sh -c with stdin in the model (read, exec)', () => {
  it("step 9's way to add a dashboard user: the password read from stdin works for a login, and ctl's output is the script's", async () => {
    const { w, p } = await oneNode();
    const r = sh(w, p, 'read -r p && exec emqx ctl admins add "lab_abc123" "$p" emqx-lab', 'Persist-abc123\n');
    expect(r).toEqual({ stdout: 'ok\n', stderr: '', code: 0 });
    expect(login(w, p, 'lab_abc123', 'Persist-abc123')).toMatchObject({ status: 200 });
    expect(login(w, p, 'lab_abc123', 'wrong-password')).toMatchObject({ status: 401 });
  });

  it('a quoted expansion stays one word whatever it holds (quotes, spaces, $), and is never parsed again', async () => {
    const { w, p } = await oneNode();
    const pw = `It's "a" $HOME pass`;
    expect(sh(w, p, 'read -r p && exec emqx ctl admins add alice "$p" x', `${pw}\n`).stdout).toBe('ok\n');
    expect(login(w, p, 'alice', pw)).toMatchObject({ status: 200 });
    // Unquoted, the same value splits into fields, as the shell splits it.
    expect(sh(w, p, 'read -r p && echo $p', 'a   b\n').stdout).toBe('a b\n');
    // Single quotes expand nothing.
    expect(sh(w, p, "echo '$HOME' \"$HOME\"").stdout).toBe('$HOME /opt/emqx\n');
  });

  it('read: one line per read, blanks split over the names, the last takes the rest; -r keeps backslashes', async () => {
    const { w, p } = await oneNode();
    expect(sh(w, p, 'read a; read b; echo "$b/$a"', 'first\nsecond\nthird\n').stdout).toBe('second/first\n');
    expect(sh(w, p, 'read a b && echo "[$a][$b]"', '  one two  three  \n').stdout).toBe('[one][two  three]\n');
    expect(sh(w, p, 'read -r a && echo "$a"', 'x\\y\n').stdout).toBe('x\\y\n');
    expect(sh(w, p, 'read a && echo "$a"', 'x\\y\n').stdout).toBe('xy\n');
    expect(sh(w, p, 'read', '')).toEqual({ stdout: '', stderr: 'sh: 1: read: arg count\n', code: 2 });
  });

  it('read at the end of input fails (no newline, or no stdin at all): the command after && never runs', async () => {
    const { w, p } = await oneNode();
    expect(sh(w, p, 'read -r p && echo "got $p"', 'no-newline')).toEqual({ stdout: '', stderr: '', code: 1 });
    // The variable is still set, as dash sets it.
    expect(sh(w, p, 'read -r p; echo "got $p"', 'no-newline').stdout).toBe('got no-newline\n');
    expect(sh(w, p, 'read -r p || echo empty').stdout).toBe('empty\n');
  });

  it('exec: the command takes the shell\'s place (nothing after it runs, its exit code is the script\'s)', async () => {
    const { w, p } = await oneNode();
    expect(sh(w, p, 'exec echo a; echo b')).toEqual({ stdout: 'a\n', stderr: '', code: 0 });
    expect(sh(w, p, 'exec false; echo b')).toEqual({ stdout: '', stderr: '', code: 1 });
    expect(sh(w, p, 'exec curl x; echo b')).toEqual({ stdout: '', stderr: 'sh: 1: exec: curl: not found\n', code: 127 });
    // cat without a file copies the rest of stdin.
    expect(sh(w, p, 'read -r a && exec cat', 'one\ntwo\nthree\n').stdout).toBe('two\nthree\n');
  });
});

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: lab}\n';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: box}\nspec:\n  containers: [{name: main, image: busybox:1.36, command: [sleep, infinity]}]\n';

describe('kubectl exec -i of the simulator', () => {
  it('gives its stdin to the command; without -i the command reads nothing', { timeout: 120_000 }, async () => {
    const h = simHome();
    await kubectl(h, ['apply', '-f', '-'], { input: NS });
    await kubectl(h, ['apply', '-n', 'lab', '-f', '-'], { input: POD });
    await poll(h, ['get', 'pods', 'box', '-n', 'lab', '-o', 'jsonpath={.status.phase}'], (r) => r.stdout === 'Running');
    const script = 'read -r p && exec echo "got $p"';
    expect(await kubectl(h, ['--namespace', 'lab', 'exec', '-i', 'box', '-c', 'main', '--', 'sh', '-c', script], { input: 'secret\n' })).toEqual({ stdout: 'got secret\n', stderr: '', code: 0 });
    expect(await kubectl(h, ['exec', '--stdin', '-n', 'lab', 'box', '--', 'cat'], { input: 'a\nb\n' })).toEqual({ stdout: 'a\nb\n', stderr: '', code: 0 });
    // Without -i the command's stdin is empty, whatever kubectl's own holds.
    expect(await kubectl(h, ['exec', '-n', 'lab', 'box', '--', 'sh', '-c', script], { input: 'secret\n' })).toEqual({ stdout: '', stderr: 'command terminated with exit code 1\n', code: 1 });
    // A command that does not read stdin answers without waiting for kubectl's stdin to end (it never does here).
    const open = spawn(process.execPath, [SIM, 'exec', '-i', '-n', 'lab', 'box', '--', 'echo', 'hi'], { env: { EMQX_LAB_HOME: h, EMQX_LAB_SIM_SPEED: '50' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    open.stdout.on('data', (c: Buffer) => (stdout += c));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        open.kill();
        resolve(null);
      }, 60_000);
      open.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    open.stdin.destroy();
    expect({ code, stdout }).toEqual({ code: 0, stdout: 'hi\n' });
  });
});
