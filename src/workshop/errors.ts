/** A kubectl failure in the trainer's kit is the environment's (exit 3), worded as the engine words it. */
import { envError } from '../errors.js';
import type { Lang } from '../i18n/lang.js';
import { describeKubeError } from '../kube/describe.js';
import { KubeError } from '../kube/result.js';

export async function kubeOrEnv<T>(lang: Lang, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof KubeError && e.kind !== 'canceled') throw envError(describeKubeError(e, lang));
    throw e;
  }
}
