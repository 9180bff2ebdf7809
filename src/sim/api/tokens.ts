/**
 * ServiceAccount tokens as `kubectl create token` issues them: JWTs signed with the simulated cluster's key,
 * valid until their expiry (simulated time) and only while the ServiceAccount (same uid) exists.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Obj } from '../state/types.js';
import { serviceAccountUser, type User } from './rbac.js';
import type { World } from './world.js';

const ISS = 'https://kubernetes.default.svc.cluster.local';

function b64url(s: string | Buffer): string {
  return Buffer.from(s).toString('base64url');
}

export function issueToken(w: World, sa: Obj, seconds: number): string {
  const iat = Math.floor(w.now / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', kid: 'emqx-lab-sim' }));
  const payload = b64url(JSON.stringify({
    aud: [ISS],
    exp: iat + seconds,
    iat,
    iss: ISS,
    jti: randomUUID(),
    'kubernetes.io': { namespace: sa.metadata.namespace, serviceaccount: { name: sa.metadata.name, uid: sa.metadata.uid } },
    nbf: iat,
    sub: `system:serviceaccount:${sa.metadata.namespace}:${sa.metadata.name}`,
  }));
  const sig = createHmac('sha256', w.s.key).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${sig}`;
}

/** The user a bearer token authenticates, or undefined (401) when it is forged, expired or orphaned. */
export function authenticate(w: World, token: string): User | undefined {
  const [h, p, sig] = token.split('.');
  if (!h || !p || !sig) return undefined;
  if (createHmac('sha256', w.s.key).update(`${h}.${p}`).digest('base64url') !== sig) return undefined;
  let claims: { exp: number; 'kubernetes.io': { namespace: string; serviceaccount: { name: string; uid: string } } };
  try {
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (claims.exp * 1000 <= w.now) return undefined;
  const k = claims['kubernetes.io'];
  const sa = w.get('serviceaccounts', k.namespace, k.serviceaccount.name);
  if (!sa || sa.metadata.uid !== k.serviceaccount.uid) return undefined;
  return serviceAccountUser(k.namespace, k.serviceaccount.name);
}
