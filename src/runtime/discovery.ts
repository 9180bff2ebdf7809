/**
 * The EMQX model's host for k8s discovery on a real control plane: ekka's `GET
 * /api/v1/namespaces/NS/endpoints/NAME` goes to the real API server with the pod's own ServiceAccount token
 * (a TokenRequest bound to the pod, as the kubelet mounts it), so RBAC, a missing Service and the Endpoints
 * controller are the real ones. The model decides first whether the address it was given reaches the API
 * server at all (kubernetes.default.svc, the `kubernetes` Service IP, loopback...); what does is sent here.
 * The model runs synchronously: answers are fetched in the background, kept per pod and request, refreshed
 * while the node keeps asking, and a changed answer makes the model run its next round.
 */
import type { World } from '../sim/api/world.js';
import type { EmqxHost, EndpointsAnswer, EndpointsRequest } from '../sim/emqx/host.js';
import type { EmqxRt, Obj } from '../sim/state/types.js';
import type { Api } from './api.js';
import { canonical } from './world.js';

const enc = encodeURIComponent;
/** How often an answer in use is asked again (ekka asks every round, 5 s plus a pause). */
const REFRESH_MS = 1000;
/** An answer nobody asked for this long is dropped. */
const IDLE_MS = 30_000;

interface Need {
  ns: string;
  pod: string;
  podUid: string;
  sa: string;
  target: { ns: string; name: string };
  tokenMissing: boolean;
  answer?: EndpointsAnswer;
  sig?: string;
  askedAt: number;
  fetchedAt?: number;
  busy?: boolean;
}

export class Discovery implements EmqxHost {
  private rev = 0;
  private readonly needs = new Map<string, Need>();
  private readonly tokens = new Map<string, { token: string; until: number }>();

  constructor(
    private readonly api: Api,
    private readonly changed: () => void,
    private readonly log: (line: string) => void,
  ) {}

  revision(): string {
    return String(this.rev);
  }

  endpoints(_w: World, e: EmqxRt, req: EndpointsRequest): EndpointsAnswer {
    const key = `${e.podUid}|${req.ns}/${req.name}|${req.tokenMissing}`;
    let need = this.needs.get(key);
    if (!need) {
      need = { ns: e.ns, pod: e.pod, podUid: e.podUid, sa: req.pod?.spec.serviceAccountName ?? 'default', target: { ns: req.ns, name: req.name }, tokenMissing: req.tokenMissing, askedAt: Date.now() };
      this.needs.set(key, need);
      this.refresh();
    }
    need.askedAt = Date.now();
    return need.answer ?? 'pending';
  }

  /** Ask the API server again for every answer in use whose time has come. */
  refresh(): void {
    const now = Date.now();
    for (const [key, need] of this.needs) {
      if (now - need.askedAt > IDLE_MS) {
        this.needs.delete(key);
        if (![...this.needs.values()].some((n) => n.podUid === need.podUid)) for (const t of this.tokens.keys()) if (t.startsWith(`${need.podUid}|`)) this.tokens.delete(t);
        continue;
      }
      if (need.busy || (need.fetchedAt !== undefined && now - need.fetchedAt < REFRESH_MS)) continue;
      need.busy = true;
      void this.fetch(need)
        .then((answer) => {
          const sig = canonical(answer === 'pending' || !('endpoints' in answer) ? answer : { code: 200, subsets: answer.endpoints.subsets ?? [] });
          need.fetchedAt = Date.now();
          if (sig !== need.sig) {
            need.sig = sig;
            need.answer = answer;
            this.rev += 1;
            this.changed();
          }
        })
        .catch((err: Error) => this.log(`discovery for ${need.ns}/${need.pod}: ${err.message}`))
        .finally(() => (need.busy = false));
    }
  }

  /** The pod's token as the kubelet gets it: a TokenRequest for its ServiceAccount, bound to the pod. */
  private async token(need: Need): Promise<string | undefined> {
    const key = `${need.podUid}|${need.sa}`;
    const have = this.tokens.get(key);
    if (have && have.until > Date.now()) return have.token;
    const r = await this.api.request('POST', `/api/v1/namespaces/${enc(need.ns)}/serviceaccounts/${enc(need.sa)}/token`, {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3607, boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: need.pod, uid: need.podUid } } },
    });
    if (r.status !== 201 && r.status !== 200) return undefined;
    this.tokens.set(key, { token: r.body.status.token, until: Date.now() + 3000_000 });
    return r.body.status.token as string;
  }

  private async fetch(need: Need): Promise<EndpointsAnswer> {
    // No token file (automountServiceAccountToken: false): ekka sends no Authorization header.
    // A token the API server would not issue (the account is gone) is one it does not accept either: 401.
    const token = need.tokenMissing ? null : ((await this.token(need)) ?? 'invalid');
    const r = await this.api.request('GET', `/api/v1/namespaces/${enc(need.target.ns)}/endpoints/${enc(need.target.name)}`, { token });
    if (r.status === 200) return { code: 200, endpoints: Object.assign({ apiVersion: 'v1', kind: 'Endpoints' }, r.body) as Obj };
    return { code: r.status };
  }
}
