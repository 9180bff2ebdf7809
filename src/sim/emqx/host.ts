/**
 * What lies outside the EMQX model and differs with where the model runs: the API server that ekka asks for
 * the Endpoints of service_name. In the simulator that is the simulator's own objects and RBAC; behind the
 * kwok pods of a real control plane (src/runtime) it is the real API server, asked with the pod's own
 * ServiceAccount token. A World carries its host as `emqxHost`; a World without one is the simulator's.
 */
import { authorize, serviceAccountUser } from '../api/rbac.js';
import type { World } from '../api/world.js';
import type { EmqxRt, Obj } from '../state/types.js';

/** What `GET /api/v1/namespaces/NS/endpoints/NAME` answered, or `pending` while the answer is not known yet. */
export type EndpointsAnswer = { code: 200; endpoints: Obj } | { code: number } | 'pending';

export interface EndpointsRequest {
  /** The pod the node runs in (its ServiceAccount makes the request). */
  pod: Obj | undefined;
  ns: string;
  name: string;
  /** automountServiceAccountToken: false: no token file, the request goes out anonymous. */
  tokenMissing: boolean;
}

export interface EmqxHost {
  endpoints(w: World, e: EmqxRt, req: EndpointsRequest): EndpointsAnswer;
  /** Changes whenever an answer changed: a discovery round whose inputs did not change is not run again. */
  revision(): string;
}

/** The simulator: its own RBAC decides, its own Endpoints answer. */
const simHost: EmqxHost = {
  endpoints(w, e, req) {
    const sa = req.pod?.spec.serviceAccountName ?? 'default';
    const user = req.tokenMissing ? { name: 'system:anonymous', groups: ['system:unauthenticated'] } : serviceAccountUser(e.ns, sa);
    if (!authorize(w, user, { verb: 'get', group: '', res: 'endpoints', ns: req.ns, name: req.name })) return { code: 403 };
    const ep = w.get('endpoints', req.ns, req.name);
    return ep ? { code: 200, endpoints: ep } : { code: 404 };
  },
  revision: () => '',
};

export function hostOf(w: World): EmqxHost {
  return (w as World & { emqxHost?: EmqxHost }).emqxHost ?? simHost;
}
