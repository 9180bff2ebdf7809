/**
 * How a plane runs the lab's runtime (src/runtime/main.ts): the Node binary running this, with tsx's loader so
 * the TypeScript sources run as they are (no build needed), started by the plane's supervisor after the API
 * server is ready and stopped with the plane.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RuntimePlan } from './plan.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function runtimePlan(): RuntimePlan {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return { node: process.execPath, argv: ['--import', pathToFileURL(tsx).href, join(repoRoot, 'src', 'runtime', 'main.ts')] };
}
