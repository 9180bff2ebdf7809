/**
 * Mistakes made another way than a lesson's declared manifests: the state is what matters, not how it was
 * reached. Each starts from step `after` solved, is made with kubectl as a learner would, and `verify
 * <verify>` must fail with the diagnosis `expect`, well before any check's timeout. Used by `npm run bench`
 * (time to diagnosis) and test/engine/variants.test.ts (diagnosed within 60 s).
 *
 * `make(kubectl)` gets a synchronous kubectl on the lab namespace: `kubectl(argv, stdin?)` returns stdout.
 */

/** A live object as a learner's file would hold it (no status, no server-set metadata). */
export function asFile(o) {
  const { status: _status, ...rest } = o;
  const { resourceVersion: _rv, uid: _uid, creationTimestamp: _ct, generation: _g, managedFields: _mf, ...metadata } = o.metadata;
  if (metadata.annotations) {
    const { 'kubectl.kubernetes.io/last-applied-configuration': _last, 'deployment.kubernetes.io/revision': _rev, ...annotations } = metadata.annotations;
    metadata.annotations = annotations;
  }
  return { ...rest, metadata };
}

const getJson = (kubectl, kind, name) => JSON.parse(kubectl(['get', kind, name, '-o', 'json']));

export const VARIANTS = [
  {
    id: '4x-names-on-deployment',
    title: 'After step 6, EMQX_CLUSTER__DISCOVERY_STRATEGY renamed back to the 4.x EMQX_CLUSTER__DISCOVERY on the Deployment, applied',
    after: 6,
    verify: 6,
    expect: 'emqx4-env-names',
    make(kubectl) {
      const d = getJson(kubectl, 'deployment', 'emqx');
      const env = d.spec.template.spec.containers[0].env;
      env.find((e) => e.name === 'EMQX_CLUSTER__DISCOVERY_STRATEGY').name = 'EMQX_CLUSTER__DISCOVERY';
      kubectl(['apply', '-f', '-'], JSON.stringify(asFile(d)));
    },
  },
  {
    id: 'rolebinding-deleted',
    title: 'After step 6, the RoleBinding deleted and the pods restarted',
    after: 6,
    verify: 6,
    expect: 'discovery-forbidden',
    make(kubectl) {
      kubectl(['delete', 'rolebinding', 'emqx']);
      kubectl(['rollout', 'restart', 'deployment/emqx']);
    },
  },
  {
    id: 'hostname-mode-clusterip-service',
    title: 'After step 8, the ConfigMap names the ClusterIP Service emqx in hostname mode, pods restarted',
    after: 8,
    verify: 8,
    expect: 'hostname-badkey',
    make(kubectl) {
      kubectl(['patch', 'configmap', 'emqx-config', '--type', 'merge', '-p', JSON.stringify({ data: { EMQX_CLUSTER__K8S__SERVICE_NAME: 'emqx' } })]);
      kubectl(['rollout', 'restart', 'statefulset/emqx']);
    },
  },
  {
    id: 'kubernetes-strategy-in-configmap',
    title: 'After step 7, the ConfigMap says EMQX_CLUSTER__DISCOVERY_STRATEGY=kubernetes, pods restarted',
    after: 7,
    verify: 7,
    expect: 'discovery-strategy-invalid',
    make(kubectl) {
      kubectl(['patch', 'configmap', 'emqx-config', '--type', 'merge', '-p', JSON.stringify({ data: { EMQX_CLUSTER__DISCOVERY_STRATEGY: 'kubernetes' } })]);
      kubectl(['rollout', 'restart', 'deployment/emqx']);
    },
  },
  {
    id: 'claim-template-name-unused',
    title: "After step 8, the StatefulSet recreated with a claim template `data` while the mount still names emqx-data",
    after: 8,
    verify: 9,
    expect: 'volume-mount-unknown',
    make(kubectl) {
      const s = asFile(getJson(kubectl, 'statefulset', 'emqx'));
      s.spec.template.spec.containers[0].volumeMounts = [{ name: 'emqx-data', mountPath: '/opt/emqx/data' }];
      s.spec.volumeClaimTemplates = [
        {
          metadata: { name: 'data', labels: { 'app.kubernetes.io/name': 'emqx', 'app.kubernetes.io/part-of': 'emqx-lab' } },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ];
      // Claim templates cannot change in place: delete the StatefulSet (its pods go with it), apply the new one.
      kubectl(['delete', 'statefulset', 'emqx']);
      kubectl(['apply', '-f', '-'], JSON.stringify(s));
    },
  },
];
