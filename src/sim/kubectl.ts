#!/usr/bin/env node
/**
 * The emqx-lab simulator: a kubectl-compatible program whose cluster is a model (kind-like nodes, controllers,
 * EMQX 5.8.9 nodes) kept in $EMQX_LAB_HOME/sim/. Run as `node dist/sim/kubectl.js <kubectl argv>`.
 */
import { appendFileSync } from 'node:fs';
import { allWritten, main } from './cli/main.js';

const argv = process.argv.slice(2);
// A trace for tests: every argv the simulator was given, one JSON array a line (EMQX_LAB_SIM_ARGV_LOG=FILE).
if (process.env.EMQX_LAB_SIM_ARGV_LOG) appendFileSync(process.env.EMQX_LAB_SIM_ARGV_LOG, `${JSON.stringify(argv)}\n`);

main(argv).then(
  (code) => {
    // With every byte already written there is nothing left to wait for: exit now rather than tear the heap
    // down first (a few milliseconds on each of the many calls the lab makes).
    if (allWritten()) process.exit(code);
    process.exitCode = code;
  },
  async (err: unknown) => {
    // main() words every failure itself; this is the last net (one line, no stack trace, no EPIPE crash).
    const { simFailure } = await import('./failure.js');
    const f = simFailure(err, process.env);
    process.stderr.on('error', () => undefined);
    process.stderr.write(`${process.env.EMQX_LAB_DEBUG ? `${(err as Error)?.stack}\n` : ''}${f.message}\n`);
    process.exitCode = f.code;
  },
);
