/**
 * What EMQX 5.8.9 reads from its environment, as data. Sources (docs/facts.md §11): the open-source schema
 * apps/emqx_conf/src/emqx_conf_schema.erl, deploy/docker/docker-entrypoint.sh at tag v5.8.9, hocon 0.44.0.
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

/**
 * Enum-valued settings: accepted values, common wrong values with the right one, and wrong values that are
 * atoms in a running EMQX anyway (hocon then fails with not_a_enum_symbol instead of
 * unable_to_convert_to_enum_symbol: hocon_schema_builtin.erl:29-43, hocon_tconf.erl:1131-1138).
 */
export const ENUMS: Record<string, { values: readonly string[]; aliases: Record<string, string>; atoms?: readonly string[] }> = {
  'cluster.discovery_strategy': {
    values: ['manual', 'static', 'singleton', 'dns', 'etcd', 'k8s'],
    aliases: { kubernetes: 'k8s', kube: 'k8s', k8: 'k8s' },
  },
  'cluster.k8s.address_type': {
    values: ['ip', 'dns', 'hostname'],
    aliases: { hosname: 'hostname', host: 'hostname', ipaddress: 'ip', address: 'ip' },
  },
  // The next ones from the same schema file: fields "cluster", cluster_dns, node and the log_level type.
  'cluster.dns.record_type': { values: ['a', 'aaaa', 'srv'], aliases: {} },
  'cluster.proto_dist': { values: ['inet_tcp', 'inet6_tcp', 'inet_tls', 'inet6_tls'], aliases: {} },
  // [core] ++ injections: only the Enterprise edition adds replicant.
  'node.role': { values: ['core'], aliases: {}, atoms: ['replicant'] },
  // No `none`: the open-source log_level() stops at `all`.
  'log.console.level': {
    values: ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency', 'all'],
    aliases: { warn: 'warning', err: 'error', fatal: 'critical' },
    atoms: ['none'],
  },
};

/** Every key under cluster.k8s (5.x). Anything else there is ignored. */
export const K8S_KEYS = ['apiserver', 'service_name', 'address_type', 'namespace', 'suffix'] as const;

/**
 * Fields of the `cluster` root in the open-source 5.8.9 schema (no core_nodes: that is Enterprise). An
 * unknown key here is a warning: EMQX only logs unknown_env_vars and goes on with the default.
 */
export const CLUSTER_KEYS = [
  'name',
  'discovery_strategy',
  'autoclean',
  'autoheal',
  'proto_dist',
  'quic_lb_mode',
  'static',
  'dns',
  'etcd',
  'k8s',
  'prevent_overlapping_partitions',
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

/**
 * The default apiserver: resolves from every namespace, and the API server's certificate lists it. An IP
 * works only if the certificate lists it too; a loopback address is the pod itself (econnrefused).
 */
export const DEFAULT_APISERVER = 'https://kubernetes.default.svc:443';

/** Is this image EMQX's own (emqx/emqx, the enterprise image, or Docker Hub's library `emqx`)? */
export function isEmqxImage(image: string): boolean {
  return /^(?:[^/]+\/)*?(?:emqx\/emqx(?:-enterprise)?|emqx)(?:[:@]|$)/.test(image.replace(/^docker\.io\/(library\/)?/, ''));
}
