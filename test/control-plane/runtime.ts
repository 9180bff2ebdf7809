/**
 * How a plane runs the lab's runtime (src/runtime/main.ts): the Node binary running this, with tsx's loader so
 * the TypeScript sources run as they are (no build needed), started by the plane's supervisor after the API
 * server is ready and stopped with the plane.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RuntimePlan } from './plan.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RuntimeOptions {
  /** How much faster than the wall clock the model runs (src/runtime/clock.ts); default 1. */
  speed?: number;
}

export function runtimePlan(o: RuntimeOptions = {}): RuntimePlan {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const speed = o.speed && o.speed !== 1 ? ['--speed', String(o.speed)] : [];
  return { node: process.execPath, argv: ['--import', pathToFileURL(tsx).href, join(repoRoot, 'src', 'runtime', 'main.ts'), ...speed] };
}

/** The speed a running plane's runtime was started with (1 when it runs none or at wall-clock time). */
export function runtimeSpeed(planeDir: string): number {
  try {
    const plan = JSON.parse(readFileSync(join(planeDir, 'plan.json'), 'utf8')) as { processes: { name: string; argv: string[] }[] };
    const argv = plan.processes.find((p) => p.name === 'runtime')?.argv ?? [];
    const i = argv.indexOf('--speed');
    return i >= 0 ? Number(argv[i + 1]) : 1;
  } catch {
    return 1;
  }
}
