/** A port-forward kept open across poll rounds, reopened when kubectl exits or the target changes. */
import type { PortForward } from '../kube/port-forward.js';
import type { CheckEnv } from './types.js';

export function keptForward(env: CheckEnv) {
  let pf: PortForward | undefined;
  let key = '';
  return {
    /** True when the next `open` for this key would start a new kubectl process. */
    needsOpen(target: string, port: number, id = target): boolean {
      return !pf || !pf.alive || key !== `${id}:${port}`;
    },
    async open(target: string, port: number, id = target): Promise<PortForward> {
      if (pf && pf.alive && key === `${id}:${port}`) return pf;
      await pf?.close();
      pf = undefined;
      pf = await env.kube.portForward(target, port);
      key = `${id}:${port}`;
      return pf;
    },
    async close(): Promise<void> {
      await pf?.close();
      pf = undefined;
    },
  };
}
