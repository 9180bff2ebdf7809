/** Parse the command line, run the command, turn failures into kubectl's messages and exit codes. */
import { ApiError, kubectlMessage } from '../api/errors.js';
import { CorruptState } from '../state/store.js';
import { findPath, parseArgv } from './argv.js';
import type { Cli } from './cli.js';
import { resolveTarget } from './context.js';
import { CmdError, ManifestErrors, UsageError } from './errors.js';
import { dispatch, helpHint } from './run.js';

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

export async function main(argv: string[]): Promise<number> {
  const env = process.env;
  const ac = new AbortController();
  const onSignal = () => ac.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const path = findPath(argv);
  try {
    const p = parseArgv(argv);
    const c: Cli = {
      p,
      env,
      out: (t) => process.stdout.write(t),
      err: (t) => process.stderr.write(t),
      target: await resolveTarget(p),
      stdin: readStdin,
      signal: ac.signal,
    };
    return await dispatch(c);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`Error: ${err.message}\n${helpHint(path)}\n`);
      return 1;
    }
    if (err instanceof CmdError) {
      if (err.message) process.stderr.write(`${err.message}\n`);
      return err.code;
    }
    if (err instanceof ManifestErrors) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    if (err instanceof ApiError) {
      process.stderr.write(`${kubectlMessage(err)}\n`);
      return 1;
    }
    if (err instanceof CorruptState) {
      const { langFromEnv } = await import('../../i18n/lang.js');
      const { simMessages } = await import('../../i18n/sim.js');
      process.stderr.write(`${simMessages[langFromEnv(env)].corrupt(err.path, err.message)}\n`);
      return 1;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
