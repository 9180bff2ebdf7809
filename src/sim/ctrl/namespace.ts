/**
 * Namespaces: every active one gets its `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap; a
 * deleted one is Terminating while its content goes (pods terminate gracefully), then disappears.
 */
import { kindByRes, KINDS } from '../api/kinds.js';
import { apiDelete } from '../api/server.js';
import { msOf, World } from '../api/world.js';
import { CONTROLLER } from './util.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIemqxbGFic2ltMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNVBAMTCmt1YmVybmV0ZXMw\n-----END CERTIFICATE-----\n';
const MIN_TERMINATING_MS = 5000;

export function syncNamespaces(w: World): void {
  for (const ns of w.list('namespaces')) {
    const name = ns.metadata.name;
    if (ns.status?.phase === 'Terminating') {
      let left = 0;
      for (const k of KINDS) {
        if (!k.namespaced) continue;
        for (const o of w.list(k.res, name)) {
          left++;
          if (k.res === 'pods') apiDelete(w, CONTROLLER, o);
          else if (k.res === 'events') w.remove(o);
          else if (k.res === 'persistentvolumeclaims') apiDelete(w, CONTROLLER, o);
          else w.remove(o);
        }
      }
      const since = msOf(ns.metadata.deletionTimestamp);
      if (left === 0 && w.now - since >= MIN_TERMINATING_MS) w.remove(ns);
      else w.wake(`ns/${name}`, Math.max(w.now + 1000, since + MIN_TERMINATING_MS));
      continue;
    }
    if (!w.get('serviceaccounts', name, 'default')) {
      w.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
    }
    if (!w.get('configmaps', name, 'kube-root-ca.crt')) {
      w.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kube-root-ca.crt', namespace: name, annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
        data: { 'ca.crt': CA },
      });
    }
  }
  void kindByRes;
}
