/** What every command gets: parsed argv, environment, output streams, and the resolved target. */
import type { ParsedArgs } from './argv.js';
import type { Target } from './context.js';

export interface Cli {
  p: ParsedArgs;
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  target: Target;
  /** Standard input, read on demand (apply -f -). */
  stdin(): Promise<string>;
  /** Aborted on SIGINT/SIGTERM (long-running commands end). */
  signal: AbortSignal;
}
