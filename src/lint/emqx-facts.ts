/**
 * What EMQX 5.8.9 reads from its environment, as data. Sources: shared/reference/emqx-5-on-kubernetes.md
 * (read from apps/emqx_conf/src/emqx_conf_schema.erl, docker-entrypoint.sh and ekka at tag v5.8.9).
 *
 * Env mapping: drop `EMQX_`, lowercase, `__` separates levels. An unknown key under a known root is
 * dropped with only a warning log (`unknown_env_vars`); a bad enum value fails conversion
 * (`unable_to_convert_to_enum_symbol`).
 */

/** The image this course pins: the last Apache-2.0 release (5.9+ is BSL and needs a licence to cluster). */
export const PINNED_IMAGE = 'emqx/emqx:5.8.9';
export const PINNED_VERSION = '5.8.9';
/** From this version on, a cluster of more than one node needs a commercial licence. */
export const LICENCE_FROM = { major: 5, minor: 9 } as const;

/** Enum-valued settings: their env name, accepted values, and common wrong values with the right one. */
export const ENUMS: Record<string, { values: readonly string[]; aliases: Record<string, string> }> = {
  'cluster.discovery_strategy': {
    values: ['manual', 'static', 'singleton', 'dns', 'etcd', 'k8s'],
    aliases: { kubernetes: 'k8s', kube: 'k8s', k8: 'k8s' },
  },
  'cluster.k8s.address_type': {
    values: ['ip', 'dns', 'hostname'],
    aliases: { hosname: 'hostname', host: 'hostname', ipaddress: 'ip', address: 'ip' },
  },
  // The next three from the same schema file (fields "cluster", cluster_dns, and the log_level type).
  'cluster.dns.record_type': { values: ['a', 'srv'], aliases: {} },
  'cluster.proto_dist': { values: ['inet_tcp', 'inet6_tcp', 'inet_tls'], aliases: {} },
  'log.console.level': {
    values: ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency', 'all'],
    aliases: { warn: 'warning', err: 'error', fatal: 'critical' },
  },
};

/** Every key under cluster.k8s (5.x). Anything else there is ignored. */
export const K8S_KEYS = ['apiserver', 'service_name', 'address_type', 'namespace', 'suffix'] as const;

/**
 * Fields of the `cluster` root that we know of. The list may be incomplete for 5.8.9, so an unknown key
 * here is a warning, not an error (unlike under cluster.k8s, which is complete).
 */
export const CLUSTER_KEYS = [
  'name',
  'discovery_strategy',
  'core_nodes',
  'autoclean',
  'autoheal',
  'proto_dist',
  'static',
  'dns',
  'etcd',
  'k8s',
] as const;

/** 4.x names that 5.x silently ignores, and what replaces them (undefined: nothing; see `note`). */
export const RENAMED: Record<string, { use?: string; note: 'strategy' | 'appName' }> = {
  EMQX_CLUSTER__DISCOVERY: { use: 'EMQX_CLUSTER__DISCOVERY_STRATEGY', note: 'strategy' },
  EMQX_CLUSTER__K8S__APP_NAME: { note: 'appName' },
};

/**
 * Variables docker-entrypoint.sh reads itself: single underscores are right for these.
 * EMQX_NAME is the node name prefix (default emqx); EMQX_HOST the host part.
 */
export const ENTRYPOINT_VARS = new Set(['EMQX_NAME', 'EMQX_HOST', 'EMQX_NODE_NAME', 'EMQX_NODE_COOKIE']);

/**
 * Double-underscore names we know are right, so that a single-underscore spelling of one of them can be
 * corrected (`EMQX_CLUSTER_DISCOVERY_STRATEGY` -> `EMQX_CLUSTER__DISCOVERY_STRATEGY`).
 */
export const KNOWN_ENV = [
  ...CLUSTER_KEYS.filter((k) => k !== 'k8s' && k !== 'static' && k !== 'dns' && k !== 'etcd').map(
    (k) => `EMQX_CLUSTER__${k.toUpperCase()}`,
  ),
  ...K8S_KEYS.map((k) => `EMQX_CLUSTER__K8S__${k.toUpperCase()}`),
  'EMQX_CLUSTER__STATIC__SEEDS',
  'EMQX_CLUSTER__DNS__NAME',
  'EMQX_CLUSTER__DNS__RECORD_TYPE',
  'EMQX_NODE__NAME',
  'EMQX_NODE__COOKIE',
  'EMQX_NODE__DATA_DIR',
  'EMQX_DASHBOARD__DEFAULT_USERNAME',
  'EMQX_DASHBOARD__DEFAULT_PASSWORD',
  'EMQX_LOG__CONSOLE__LEVEL',
  'EMQX_RPC__PORT_DISCOVERY',
];

/** Ports: 8081 (the 4.x management API, `mgmt`) is gone since 5.1; the REST API is on 18083. */
export const REMOVED_PORTS: Record<number, { name: string; since: string; use: number }> = {
  8081: { name: 'mgmt', since: '5.1', use: 18083 },
};

/** The default apiserver; an IP address there fails TLS hostname verification (bad_cert). */
export const DEFAULT_APISERVER = 'https://kubernetes.default.svc:443';

/** Is this image EMQX's own (emqx/emqx, the enterprise image, or Docker Hub's library `emqx`)? */
export function isEmqxImage(image: string): boolean {
  return /^(?:[^/]+\/)*?(?:emqx\/emqx(?:-enterprise)?|emqx)(?:[:@]|$)/.test(image.replace(/^docker\.io\/(library\/)?/, ''));
}
