/**
 * Sends what the kubelet code wrote to the real API server, as a kubelet would: pod status (a merge patch
 * carrying the pod's uid, so a status meant for a pod never lands on its successor of the same name), the
 * final deletion of a pod whose containers stopped (grace period 0, uid precondition), and events (created,
 * then patched with a new count and lastTimestamp when they repeat). One request per object at a time.
 */
import type { Obj } from '../sim/state/types.js';
import type { Api } from './api.js';
import type { RuntimeWorld, Write } from './world.js';

const enc = encodeURIComponent;

export class Outbox {
  private running = false;

  constructor(
    private readonly api: Api,
    private readonly w: RuntimeWorld,
    private readonly log: (line: string) => void,
  ) {}

  get idle(): boolean {
    return !this.running && this.w.outbox.size === 0;
  }

  kick(): void {
    if (this.running || !this.w.outbox.size) return;
    this.running = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.w.outbox.size) {
        const batch = [...this.w.outbox.entries()];
        this.w.outbox.clear();
        await Promise.all(batch.map(([key, write]) => this.send(key, write).catch((e: Error) => this.log(`${key}: ${e.message}`))));
      }
    } finally {
      this.running = false;
    }
  }

  private async send(key: string, write: Write): Promise<void> {
    if (write.op === 'status') return this.status(key, write.pod);
    if (write.op === 'delete') return this.deletePod(write.pod);
    return this.event(write.event, write.created);
  }

  private podPath(p: Obj): string {
    return `/api/v1/namespaces/${enc(p.metadata.namespace!)}/pods/${enc(p.metadata.name)}`;
  }

  private async status(key: string, pod: Obj): Promise<void> {
    const uid = pod.metadata.uid!;
    const r = await this.api.request('PATCH', `${this.podPath(pod)}/status`, { body: { metadata: { uid }, status: pod.status }, contentType: 'application/merge-patch+json' });
    if (this.w.outbox.has(key)) return;
    this.w.writing.delete(uid);
    if (r.status === 200) this.w.mirror('pods', { apiVersion: 'v1', kind: 'Pod', ...r.body } as Obj);
    else if (r.status !== 404 && r.status !== 409) this.log(`status of pod ${pod.metadata.namespace}/${pod.metadata.name}: ${r.status} ${r.body.message ?? ''}`);
  }

  private async deletePod(pod: Obj): Promise<void> {
    this.w.writing.delete(pod.metadata.uid!);
    const body = { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } };
    const r = await this.api.request('DELETE', this.podPath(pod), { body });
    if (![200, 202, 404, 409].includes(r.status)) this.log(`delete pod ${pod.metadata.namespace}/${pod.metadata.name}: ${r.status} ${r.body.message ?? ''}`);
  }

  private async event(e: Obj, created: boolean): Promise<void> {
    const base = `/api/v1/namespaces/${enc(e.metadata.namespace!)}/events`;
    // The model's events carry its own time; the API server's are wall time.
    const times = { firstTimestamp: this.w.clock.wallIso(e.firstTimestamp), lastTimestamp: this.w.clock.wallIso(e.lastTimestamp) };
    const post = () => {
      const { uid: _u, resourceVersion: _r, creationTimestamp: _c, ...meta } = e.metadata;
      return this.api.request('POST', base, { body: { ...e, ...times, metadata: meta } });
    };
    const patch = () => this.api.request('PATCH', `${base}/${enc(e.metadata.name)}`, { body: { count: e.count, lastTimestamp: times.lastTimestamp, message: e.message }, contentType: 'application/merge-patch+json' });
    let r = created ? await post() : await patch();
    if (created && r.status === 409) r = await patch();
    else if (!created && r.status === 404) r = await post();
    if (r.status >= 300 && r.status !== 404) this.log(`event ${e.metadata.name}: ${r.status} ${r.body.message ?? ''}`);
  }
}
