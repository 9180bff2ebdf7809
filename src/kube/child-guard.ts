#!/usr/bin/env node
/**
 * A long-lived kubectl (a port-forward) must end when the emqx-lab that started it dies, even by kill -9,
 * which no exit handler sees. This small program stands between the two: `node child-guard.js FILE ARGS...`
 * runs FILE ARGS with stdout and stderr passed through, and ends it (SIGTERM, then SIGKILL) as soon as
 *   - its stdin reaches end of file: the parent holds the write end of that pipe, and the kernel closes it
 *     when the parent dies, however it dies;
 *   - its parent process changes (re-parented to init or a subreaper), checked every half second, in case
 *     the pipe was inherited by someone else;
 *   - it is told to stop (SIGTERM, SIGINT, SIGHUP).
 * It exits with the child's exit code (128 + signal number when the child was killed).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const [file, ...args] = process.argv.slice(2);
if (!file) process.exit(2);

const parent = process.ppid;
const child = spawn(file, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let ending = false;

function end(): void {
  if (ending) return;
  ending = true;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 500).unref();
  }
}

child.on('error', (err: NodeJS.ErrnoException) => {
  // Could not start (ENOENT, EACCES): say it as a shell would, for the parent to classify.
  process.stderr.write(`${file}: ${err.code === 'ENOENT' ? 'command not found' : err.message}\n`);
  process.exit(err.code === 'ENOENT' ? 127 : 126);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 9) : 9));
});

process.stdin.on('end', end);
process.stdin.on('close', end);
process.stdin.on('error', end);
process.stdin.resume();
setInterval(() => {
  if (process.ppid !== parent) end();
}, 500).unref();
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, end);
