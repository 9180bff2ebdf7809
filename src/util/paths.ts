import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package folder (holds package.json, lessons/, manifests/, dist/), from src/ and from dist/ alike. */
export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** The simulator's kubectl entry point. Always the built file: it runs as its own process. */
export function simKubectlPath(): string {
  return join(packageRoot(), 'dist', 'sim', 'kubectl.js');
}
