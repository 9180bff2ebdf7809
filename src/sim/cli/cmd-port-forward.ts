import type { Cli } from './cli.js';
import { cmdError } from './errors.js';
export async function cmdPortForward(c: Cli): Promise<number> { void c; throw cmdError('TODO'); }
