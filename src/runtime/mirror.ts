/**
 * The API objects the kubelet and EMQX model read, kept in step with the real API server: one list and then a
 * watch per resource (a new list when the watch's resourceVersion is too old). Every change lands in the
 * RuntimeWorld and wakes the runtime's loop.
 */
import type { Obj } from '../sim/state/types.js';
import type { Api } from './api.js';
import type { RuntimeWorld } from './world.js';

/** What the model reads: nodes (pod CIDRs, addresses), pods, and what pods refer to or resolve. */
const RESOURCES: [res: string, path: string, kind: string][] = [
  ['nodes', '/api/v1/nodes', 'Node'],
  ['namespaces', '/api/v1/namespaces', 'Namespace'],
  ['pods', '/api/v1/pods', 'Pod'],
  ['services', '/api/v1/services', 'Service'],
  ['endpoints', '/api/v1/endpoints', 'Endpoints'],
  ['configmaps', '/api/v1/configmaps', 'ConfigMap'],
  ['secrets', '/api/v1/secrets', 'Secret'],
  ['persistentvolumeclaims', '/api/v1/persistentvolumeclaims', 'PersistentVolumeClaim'],
  ['persistentvolumes', '/api/v1/persistentvolumes', 'PersistentVolume'],
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Mirror {
  private readonly abort = new AbortController();

  constructor(
    private readonly api: Api,
    private readonly w: RuntimeWorld,
    private readonly changed: (res: string) => void,
    private readonly log: (line: string) => void,
  ) {}

  /** Start every list-and-watch; resolves once each resource has been listed. */
  async start(): Promise<void> {
    await Promise.all(RESOURCES.map(([res, path, kind]) => new Promise<void>((listed) => void this.follow(res, path, kind, listed))));
  }

  private async follow(res: string, path: string, kind: string, listed: () => void): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        const list = await this.api.request('GET', path);
        if (list.status !== 200) throw new Error(`list ${path}: ${list.status} ${list.body.message ?? ''}`);
        this.replaceAll(res, kind, list.body.items ?? []);
        listed();
        let rv: string = list.body.metadata.resourceVersion;
        for (;;) {
          let gone = false;
          const status = await this.api.watch(`${path}?watch=1&allowWatchBookmarks=true&timeoutSeconds=300&resourceVersion=${rv}`, (ev) => {
            if (ev.type === 'ERROR') {
              gone = true;
              return;
            }
            rv = ev.object.metadata?.resourceVersion ?? rv;
            if (ev.type === 'BOOKMARK') return;
            const o = Object.assign({ apiVersion: 'v1', kind }, ev.object) as Obj;
            if (ev.type === 'DELETED') this.w.unmirror(res, o.metadata.namespace, o.metadata.name);
            else this.w.mirror(res, o);
            this.changed(res);
          }, signal);
          if (signal.aborted) return;
          if (gone || status !== 200) break;
        }
      } catch (e) {
        if (signal.aborted) return;
        this.log(`mirror ${res}: ${(e as Error).message}`);
        await sleep(1000);
      }
    }
  }

  private replaceAll(res: string, kind: string, items: Obj[]): void {
    const seen = new Set<string>();
    for (const item of items) {
      const o = Object.assign({ apiVersion: 'v1', kind }, item) as Obj;
      seen.add(`${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      this.w.mirror(res, o);
    }
    for (const o of this.w.list(res)) if (!seen.has(`${o.metadata.namespace ?? ''}/${o.metadata.name}`)) this.w.unmirror(res, o.metadata.namespace, o.metadata.name);
    this.changed(res);
  }

  stop(): void {
    this.abort.abort();
  }
}
