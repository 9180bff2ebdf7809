#!/usr/bin/env node
/** The emqx-lab executable: wires the real process (streams, env, Ctrl-C) to main(). */
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
// `--version` alone needs no command-line parser: answer before loading one.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`${pkg.version}\n`);
  process.exit(0);
}

const controller = new AbortController();
let interrupts = 0;
const onSigint = () => {
  interrupts += 1;
  // The first Ctrl-C asks every running piece to stop and clean up; a second one leaves at once.
  if (interrupts > 1) process.exit(130);
  controller.abort();
};
process.on('SIGINT', onSigint);
// `emqx-lab show 6 | head`: the reader went away; stop quietly instead of dying on EPIPE.
// Any other failure of our own output (a terminal that went away: EIO) ends the same way: there is nobody
// left to read a message, and a stack trace would only land in a closed pipe or on a reader's screen.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    process.exit(process.exitCode ?? (err.code === 'EPIPE' ? 0 : 3));
  });
}
process.on('SIGTERM', onSigint);

const deps = {
  io: { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
};
// A plain `list` runs without loading the command-line parser (fast-list.ts); everything else goes through it.
const { fastList } = await import('./fast-list.js');
const code = (await fastList(argv, deps)) ?? (await (await import('./program.js')).main(argv, deps));
// Ctrl-C ends in 130: a command that ended as if the environment failed (a call Ctrl-C cut off) was interrupted.
process.exitCode = controller.signal.aborted && (code === 0 || code === 3) ? 130 : code;
// Every command closes what it opened; should anything still hold the event loop (a socket a library keeps
// alive), leave anyway instead of hanging the learner's terminal.
setTimeout(() => process.exit(), 2_000).unref();
