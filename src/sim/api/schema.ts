/**
 * The fields the API server knows for the kinds the simulator serves, with their JSON types, so that create
 * and update reject what a real server rejects: `strict decoding error: unknown field "..."` (kubectl 1.32
 * validates strictly by default) and `json: cannot unmarshal string into Go struct field ...`.
 * Leaves: s string, i integer, b boolean, n number, io int-or-string, q a resource quantity (a string or a
 * number that resource.ParseQuantity accepts), 0 anything (a sub-tree not checked).
 * Objects carry their Go type name in `$` (it appears in unmarshal errors). `{'*': x}` is a map of x.
 */

export type Leaf = 's' | 'i' | 'b' | 'n' | 'io' | 'q' | 0;
export type Schema = Leaf | [Schema] | { $?: string; [field: string]: Schema | string | undefined };

const map = (v: Schema = 's'): Schema => ({ '*': v });
const strs: Schema = ['s'];

const objectMeta: Schema = {
  $: 'ObjectMeta', name: 's', generateName: 's', namespace: 's', selfLink: 's', uid: 's', resourceVersion: 's', generation: 'i',
  creationTimestamp: 0, deletionTimestamp: 0, deletionGracePeriodSeconds: 'i', labels: map(), annotations: map(),
  ownerReferences: [0], finalizers: strs, managedFields: [0],
};

const selector: Schema = {
  $: 'LabelSelector', matchLabels: map(),
  matchExpressions: [{ $: 'LabelSelectorRequirement', key: 's', operator: 's', values: strs }],
};

const keyRef = (t: string): Schema => ({ $: t, name: 's', key: 's', optional: 'b' });
const envVarSource: Schema = {
  $: 'EnvVarSource',
  fieldRef: { $: 'ObjectFieldSelector', apiVersion: 's', fieldPath: 's' },
  resourceFieldRef: { $: 'ResourceFieldSelector', containerName: 's', resource: 's', divisor: 'io' },
  configMapKeyRef: keyRef('ConfigMapKeySelector'),
  secretKeyRef: keyRef('SecretKeySelector'),
};

const handler: Record<string, Schema> = {
  exec: { $: 'ExecAction', command: strs },
  httpGet: { $: 'HTTPGetAction', path: 's', port: 'io', host: 's', scheme: 's', httpHeaders: [{ $: 'HTTPHeader', name: 's', value: 's' }] },
  tcpSocket: { $: 'TCPSocketAction', port: 'io', host: 's' },
};

const probe: Schema = {
  $: 'Probe', ...handler, grpc: { $: 'GRPCAction', port: 'i', service: 's' },
  initialDelaySeconds: 'i', timeoutSeconds: 'i', periodSeconds: 'i', successThreshold: 'i', failureThreshold: 'i', terminationGracePeriodSeconds: 'i',
};

const resources: Schema = { $: 'ResourceRequirements', limits: map('q'), requests: map('q'), claims: [0] };

const container: Schema = {
  $: 'Container', name: 's', image: 's', command: strs, args: strs, workingDir: 's',
  ports: [{ $: 'ContainerPort', name: 's', hostPort: 'i', containerPort: 'i', protocol: 's', hostIP: 's' }],
  envFrom: [{ $: 'EnvFromSource', prefix: 's', configMapRef: { $: 'ConfigMapEnvSource', name: 's', optional: 'b' }, secretRef: { $: 'SecretEnvSource', name: 's', optional: 'b' } }],
  env: [{ $: 'EnvVar', name: 's', value: 's', valueFrom: envVarSource }],
  resources, resizePolicy: [0], restartPolicy: 's',
  volumeMounts: [{ $: 'VolumeMount', name: 's', readOnly: 'b', recursiveReadOnly: 's', mountPath: 's', subPath: 's', mountPropagation: 's', subPathExpr: 's' }],
  volumeDevices: [0], livenessProbe: probe, readinessProbe: probe, startupProbe: probe,
  lifecycle: { $: 'Lifecycle', postStart: 0, preStop: 0, stopSignal: 's' },
  terminationMessagePath: 's', terminationMessagePolicy: 's', imagePullPolicy: 's', securityContext: 0,
  stdin: 'b', stdinOnce: 'b', tty: 'b',
};

const volume: Schema = {
  $: 'Volume', name: 's',
  emptyDir: { $: 'EmptyDirVolumeSource', medium: 's', sizeLimit: 'q' },
  persistentVolumeClaim: { $: 'PersistentVolumeClaimVolumeSource', claimName: 's', readOnly: 'b' },
  configMap: { $: 'ConfigMapVolumeSource', name: 's', items: [0], defaultMode: 'i', optional: 'b' },
  secret: { $: 'SecretVolumeSource', secretName: 's', items: [0], defaultMode: 'i', optional: 'b' },
  hostPath: { $: 'HostPathVolumeSource', path: 's', type: 's' },
  projected: 0, downwardAPI: 0, nfs: 0, csi: 0, ephemeral: 0, image: 0,
};

export const podSpec: Schema = {
  $: 'PodSpec', volumes: [volume], initContainers: [container], containers: [container], ephemeralContainers: [0],
  restartPolicy: 's', terminationGracePeriodSeconds: 'i', activeDeadlineSeconds: 'i', dnsPolicy: 's', nodeSelector: map(),
  serviceAccountName: 's', serviceAccount: 's', automountServiceAccountToken: 'b', nodeName: 's', hostNetwork: 'b', hostPID: 'b',
  hostIPC: 'b', shareProcessNamespace: 'b', securityContext: 0, imagePullSecrets: [{ $: 'LocalObjectReference', name: 's' }],
  hostname: 's', subdomain: 's', affinity: 0, schedulerName: 's', tolerations: [0], hostAliases: [0], priorityClassName: 's',
  priority: 'i', dnsConfig: 0, readinessGates: [0], runtimeClassName: 's', enableServiceLinks: 'b', preemptionPolicy: 's',
  overhead: 0, topologySpreadConstraints: [0], setHostnameAsFQDN: 'b', os: 0, hostUsers: 'b', schedulingGates: [0],
  resourceClaims: [0], resources: 0,
};

const template: Schema = { $: 'PodTemplateSpec', metadata: objectMeta, spec: podSpec };

const pvcSpec: Schema = {
  $: 'PersistentVolumeClaimSpec', accessModes: strs, selector, resources: { $: 'VolumeResourceRequirements', limits: map('q'), requests: map('q') },
  volumeName: 's', storageClassName: 's', volumeMode: 's', dataSource: 0, dataSourceRef: 0, volumeAttributesClassName: 's',
};

const top = (name: string, fields: Record<string, Schema | string>): Schema => ({ $: name, apiVersion: 's', kind: 's', metadata: objectMeta, ...fields });

export const KIND_SCHEMAS: Record<string, Schema> = {
  Pod: top('Pod', { spec: podSpec, status: 0 }),
  Deployment: top('Deployment', {
    spec: {
      $: 'DeploymentSpec', replicas: 'i', selector, template,
      strategy: { $: 'DeploymentStrategy', type: 's', rollingUpdate: { $: 'RollingUpdateDeployment', maxUnavailable: 'io', maxSurge: 'io' } },
      minReadySeconds: 'i', revisionHistoryLimit: 'i', paused: 'b', progressDeadlineSeconds: 'i',
    },
    status: 0,
  }),
  ReplicaSet: top('ReplicaSet', { spec: { $: 'ReplicaSetSpec', replicas: 'i', minReadySeconds: 'i', selector, template }, status: 0 }),
  StatefulSet: top('StatefulSet', {
    spec: {
      $: 'StatefulSetSpec', replicas: 'i', selector, template, serviceName: 's', podManagementPolicy: 's', minReadySeconds: 'i',
      volumeClaimTemplates: [{ $: 'PersistentVolumeClaim', apiVersion: 's', kind: 's', metadata: objectMeta, spec: pvcSpec, status: 0 }],
      updateStrategy: { $: 'StatefulSetUpdateStrategy', type: 's', rollingUpdate: { $: 'RollingUpdateStatefulSetStrategy', partition: 'i', maxUnavailable: 'io' } },
      revisionHistoryLimit: 'i', persistentVolumeClaimRetentionPolicy: { $: 'StatefulSetPersistentVolumeClaimRetentionPolicy', whenDeleted: 's', whenScaled: 's' },
      ordinals: { $: 'StatefulSetOrdinals', start: 'i' },
    },
    status: 0,
  }),
  DaemonSet: top('DaemonSet', {
    spec: {
      $: 'DaemonSetSpec', selector, template, minReadySeconds: 'i', revisionHistoryLimit: 'i',
      updateStrategy: { $: 'DaemonSetUpdateStrategy', type: 's', rollingUpdate: { $: 'RollingUpdateDaemonSet', maxUnavailable: 'io', maxSurge: 'io' } },
    },
    status: 0,
  }),
  Service: top('Service', {
    spec: {
      $: 'ServiceSpec', ports: [{ $: 'ServicePort', name: 's', protocol: 's', appProtocol: 's', port: 'i', targetPort: 'io', nodePort: 'i' }],
      selector: map(), clusterIP: 's', clusterIPs: strs, type: 's', externalIPs: strs, sessionAffinity: 's', loadBalancerIP: 's',
      loadBalancerSourceRanges: strs, externalName: 's', externalTrafficPolicy: 's', healthCheckNodePort: 'i', publishNotReadyAddresses: 'b',
      sessionAffinityConfig: 0, ipFamilies: strs, ipFamilyPolicy: 's', allocateLoadBalancerNodePorts: 'b', loadBalancerClass: 's',
      internalTrafficPolicy: 's', trafficDistribution: 's',
    },
    status: 0,
  }),
  Endpoints: top('Endpoints', { subsets: [0] }),
  ConfigMap: top('ConfigMap', { data: map(), binaryData: map(), immutable: 'b' }),
  Secret: top('Secret', { data: map(), stringData: map(), type: 's', immutable: 'b' }),
  ServiceAccount: top('ServiceAccount', { secrets: [0], imagePullSecrets: [{ $: 'LocalObjectReference', name: 's' }], automountServiceAccountToken: 'b' }),
  PersistentVolumeClaim: top('PersistentVolumeClaim', { spec: pvcSpec, status: 0 }),
  PersistentVolume: top('PersistentVolume', { spec: 0, status: 0 }),
  Namespace: top('Namespace', { spec: { $: 'NamespaceSpec', finalizers: strs }, status: 0 }),
  Node: top('Node', { spec: 0, status: 0 }),
  Event: top('Event', {
    involvedObject: 0, reason: 's', message: 's', source: 0, firstTimestamp: 0, lastTimestamp: 0, count: 'i', type: 's', eventTime: 0,
    series: 0, action: 's', related: 0, reportingComponent: 's', reportingInstance: 's',
  }),
  ResourceQuota: top('ResourceQuota', { spec: { $: 'ResourceQuotaSpec', hard: map('q'), scopes: strs, scopeSelector: 0 }, status: 0 }),
  LimitRange: top('LimitRange', {
    spec: {
      $: 'LimitRangeSpec',
      limits: [{ $: 'LimitRangeItem', type: 's', max: map('q'), min: map('q'), default: map('q'), defaultRequest: map('q'), maxLimitRequestRatio: map('q') }],
    },
  }),
  Role: top('Role', { rules: [{ $: 'PolicyRule', verbs: strs, apiGroups: strs, resources: strs, resourceNames: strs, nonResourceURLs: strs }] }),
  ClusterRole: top('ClusterRole', {
    rules: [{ $: 'PolicyRule', verbs: strs, apiGroups: strs, resources: strs, resourceNames: strs, nonResourceURLs: strs }],
    aggregationRule: 0,
  }),
  RoleBinding: top('RoleBinding', {
    subjects: [{ $: 'Subject', kind: 's', apiGroup: 's', name: 's', namespace: 's' }],
    roleRef: { $: 'RoleRef', apiGroup: 's', kind: 's', name: 's' },
  }),
  ClusterRoleBinding: top('ClusterRoleBinding', {
    subjects: [{ $: 'Subject', kind: 's', apiGroup: 's', name: 's', namespace: 's' }],
    roleRef: { $: 'RoleRef', apiGroup: 's', kind: 's', name: 's' },
  }),
  StorageClass: top('StorageClass', {
    provisioner: 's', parameters: map(), reclaimPolicy: 's', mountOptions: strs, allowVolumeExpansion: 'b', volumeBindingMode: 's', allowedTopologies: [0],
  }),
  ControllerRevision: top('ControllerRevision', { data: 0, revision: 'i' }),
  EndpointSlice: top('EndpointSlice', { addressType: 's', endpoints: 0, ports: 0 }),
};
