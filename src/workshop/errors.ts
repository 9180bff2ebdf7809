/**
 * A kubectl failure in the trainer's kit is the environment's (exit 3), worded as the engine words it; a call
 * Ctrl-C cancelled is an interruption (exit 130), not a bug.
 */
import { envError, EXIT, LabError } from '../errors.js';
import type { Lang } from '../i18n/lang.js';
import { workshopMessages } from '../i18n/workshop.js';
import { describeKubeError } from '../kube/describe.js';
import { KubeError } from '../kube/result.js';

export async function kubeOrEnv<T>(lang: Lang, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof KubeError) {
      if (e.kind === 'canceled') throw new LabError(workshopMessages[lang].interrupted, EXIT.interrupted);
      throw envError(describeKubeError(e, lang));
    }
    throw e;
  }
}
