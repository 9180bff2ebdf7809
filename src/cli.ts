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
const { main } = await import('./program.js');

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
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
process.on('SIGTERM', onSigint);

const code = await main(argv, {
  io: { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exitCode = controller.signal.aborted && code === 0 ? 130 : code;
// Every command closes what it opened; should anything still hold the event loop (a socket a library keeps
// alive), leave anyway instead of hanging the learner's terminal.
setTimeout(() => process.exit(), 2_000).unref();
