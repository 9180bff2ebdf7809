/**
 * EMQX 5.8.9 configuration from the container environment, with hocon 0.44.0's env-override rules: `EMQX_`
 * dropped, lower-cased, `__` → `.`; a root EMQX does not know is silently ignored; an unknown path under a
 * known root is dropped with one `unknown_env_vars` warning; a value outside an enum fails (the node does not
 * boot). Only the schema parts the simulator models are listed (open-source edition,
 * apps/emqx_conf/src/emqx_conf_schema.erl at v5.8.9); other known roots accept anything.
 */
import type { EmqxCfg } from '../state/types.js';

type Tree = { [k: string]: Tree | string[] | 'any' | 'str' | 'dur' | 'bool' };

const K8S: Tree = { apiserver: 'str', service_name: 'str', address_type: ['ip', 'dns', 'hostname'], namespace: 'str', suffix: 'str' };

/** Known schema (the parts modelled): enums as lists, 'any' for sub-trees taken as they come. */
const SCHEMA: Tree = {
  cluster: {
    name: 'str',
    discovery_strategy: ['manual', 'static', 'singleton', 'dns', 'etcd', 'k8s'],
    // No core_nodes in the open-source schema (it is an Enterprise field).
    autoclean: 'dur', autoheal: 'bool', proto_dist: ['inet_tcp', 'inet6_tcp', 'inet_tls', 'inet6_tls'],
    quic_lb_mode: 'any', static: { seeds: 'any' }, dns: { name: 'str', record_type: ['a', 'aaaa', 'srv'] },
    etcd: { server: 'any', prefix: 'str', node_ttl: 'dur', ssl_options: 'any', ssl: 'any' }, k8s: K8S,
    prevent_overlapping_partitions: 'bool',
  },
  node: {
    name: 'str', cookie: 'str', process_limit: 'any', max_ports: 'any', dist_buffer_size: 'any', max_ets_tables: 'any',
    data_dir: 'str', config_files: 'any', global_gc_interval: 'any', crash_dump_file: 'any', crash_dump_seconds: 'any',
    crash_dump_bytes: 'any', dist_net_ticktime: 'any', backtrace_depth: 'any', applications: 'any', etc_dir: 'any',
    // role: [core] ++ injections; only the Enterprise edition injects replicant.
    cluster_call: 'any', db_backend: ['mnesia', 'rlog'], role: ['core'], rpc_module: 'any', tlog_push_mode: 'any',
    default_bootstrap_batch_size: 'any', broker_pool_size: 'any', generic_pool_size: 'any', channel_cleanup_batch_size: 'any',
  },
  dashboard: {
    listeners: 'any', default_username: 'str', default_password: 'str', sample_interval: 'any', token_expired_time: 'any',
    cors: 'any', swagger_support: 'any', i18n_lang: 'any', bootstrap_users_file: 'any', password_expired_time: 'any',
    unsuccessful_login_interval: 'any', unsuccessful_login_lock_duration: 'any', unsuccessful_login_max_attempts: 'any',
  },
  log: {
    console: { enable: 'bool', level: ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency', 'all'], formatter: ['text', 'json'], time_offset: 'any', chars_limit: 'any', max_depth: 'any', single_line: 'any', sync_mode_qlen: 'any', drop_mode_qlen: 'any', flush_qlen: 'any', overload_kill: 'any', burst_limit: 'any', supervisor_reports: 'any', timestamp_format: 'any', payload_encode: 'any', path: 'any' },
    file: 'any', throttling: 'any',
  },
  rpc: 'any', listeners: 'any', mqtt: 'any', authentication: 'any', authorization: 'any', api_key: 'any', retainer: 'any',
  sys_topics: 'any', force_shutdown: 'any', overload_protection: 'any', force_gc: 'any', flapping_detect: 'any', broker: 'any',
  durable_sessions: 'any', durable_storage: 'any', session_persistence: 'any', conn_congestion: 'any', stats: 'any', alarm: 'any',
  sysmon: 'any', limiter: 'any', telemetry: 'any', delayed: 'any', rule_engine: 'any', bridges: 'any', connectors: 'any',
  actions: 'any', sources: 'any', gateway: 'any', prometheus: 'any', psk_authentication: 'any', slow_subs: 'any',
  opentelemetry: 'any', topic_metrics: 'any', auto_subscribe: 'any', exhook: 'any', plugins: 'any', banned: 'any',
  file_transfer: 'any', schema_registry: 'any', license: 'any', dashboard_sso: 'any', log_throttling: 'any', mqtt_streams: 'any',
  message_transformation: 'any', schema_validation: 'any', cluster_link: 'any', retention: 'any',
};

const SENSITIVE = /password|cookie|secret|token/;

export interface EnumError {
  path: string;
  value: string;
  /** hocon_tconf:check_enum_symbol: an existing atom outside the enum, or a string that is no atom at all. */
  reason: 'unable_to_convert_to_enum_symbol' | 'not_a_enum_symbol';
}

/**
 * Values that are atoms in a running EMQX for sure (other enums' symbols, and words EMQX's own code uses):
 * hocon turns those into atoms (binary_to_existing_atom), so they fail as not_a_enum_symbol. Anything else
 * stays a binary: unable_to_convert_to_enum_symbol.
 */
function existingAtom(value: string): boolean {
  if (['replicant', 'none', 'true', 'false', 'undefined', 'info', 'error'].includes(value)) return true;
  const enums: string[] = [];
  const walk = (t: Tree) => Object.values(t).forEach((v) => (Array.isArray(v) ? enums.push(...v) : typeof v === 'object' && walk(v)));
  walk(SCHEMA);
  return enums.includes(value);
}

export interface ParsedConfig {
  values: Map<string, string>;
  /** `VAR [path]: value` lines echoed at boot. */
  overrides: string[];
  unknown: string[];
  enumErrors: EnumError[];
}

function lookup(path: string[]): Tree | string[] | 'any' | 'str' | 'dur' | 'bool' | undefined {
  let node: Tree | string[] | string = SCHEMA;
  for (const seg of path) {
    if (node === 'any') return 'any';
    if (typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Tree)[seg];
    if (node === undefined) return undefined;
  }
  return node as Tree | string[] | 'any';
}

/** Strip hocon string quoting from an env value. */
function unquote(v: string): string {
  const t = v.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

export function parseEnvConfig(env: [string, string][]): ParsedConfig {
  const out: ParsedConfig = { values: new Map(), overrides: [], unknown: [], enumErrors: [] };
  for (const [name, raw] of env) {
    if (!name.startsWith('EMQX_') || name === 'EMQX_NAME' || name === 'EMQX_HOST' || name === 'EMQX_NODE_NAME') continue;
    const path = name.slice(5).toLowerCase().split('__');
    if (!(path[0] in SCHEMA)) continue;
    const spec = lookup(path);
    if (spec === undefined) {
      out.unknown.push(name);
      continue;
    }
    const value = unquote(raw);
    if (Array.isArray(spec) && !spec.includes(value)) {
      out.enumErrors.push({ path: path.join('.'), value, reason: existingAtom(value) ? 'not_a_enum_symbol' : 'unable_to_convert_to_enum_symbol' });
      continue;
    }
    out.values.set(path.join('.'), value);
    out.overrides.push(`${name} [${path.join('.')}]: ${SENSITIVE.test(path[path.length - 1]) ? '******' : value}`);
  }
  out.unknown.sort();
  return out;
}

function durationMs(v: string | undefined, def: number): number {
  if (!v) return def;
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(v.trim());
  if (!m) return def;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 'ms']!;
}

export function effectiveConfig(p: ParsedConfig, name: string): EmqxCfg {
  const v = (k: string, d: string) => p.values.get(k) ?? d;
  return {
    name,
    strategy: v('cluster.discovery_strategy', 'manual'),
    k8s: {
      apiserver: v('cluster.k8s.apiserver', 'https://kubernetes.default.svc:443'),
      service: v('cluster.k8s.service_name', 'emqx'),
      ns: v('cluster.k8s.namespace', 'default'),
      addressType: v('cluster.k8s.address_type', 'ip'),
      suffix: v('cluster.k8s.suffix', 'pod.local'),
    },
    dns: { name: v('cluster.dns.name', 'localhost'), recordType: v('cluster.dns.record_type', 'a') },
    seeds: v('cluster.static.seeds', '[]'),
    logLevel: v('log.console.level', 'warning'),
    dashUser: v('dashboard.default_username', 'admin'),
    dashPass: v('dashboard.default_password', 'public'),
    autoclean: durationMs(p.values.get('cluster.autoclean'), 86_400_000),
    cookie: v('node.cookie', 'emqxsecretcookie'),
    clusterName: v('cluster.name', 'emqxcl'),
  };
}

/** The escript crash bin/emqx prints when an enum value does not convert (facts §5.3). */
export function enumCrashLines(e: EnumError): string[] {
  const pad = ' '.repeat(38);
  return [
    `escript: exception throw: {emqx_conf_schema,[#{reason => ${e.reason},`,
    `${pad}value => ${e.reason === 'not_a_enum_symbol' ? e.value : `<<"${e.value}">>`},path => "${e.path}",`,
    `${pad}kind => validation_error}]}`,
    '  in function  hocon_tconf:assert/2 (hocon_tconf.erl, line 1227)',
    '  in call from hocon_tconf:map/4 (hocon_tconf.erl, line 303)',
    '  in call from hocon_cli:get_values/3 (hocon_cli.erl, line 194)',
    '  in call from hocon_cli:multi_get/2 (hocon_cli.erl, line 182)',
    '  in call from escript:run/2 (escript.erl, line 750)',
    '  in call from escript:start/1 (escript.erl, line 277)',
    '  in call from init:start_em/1',
    '  in call from init:do_boot/3',
    'ERROR: call_hocon_failed: -s emqx_conf_schema -c /opt/emqx/etc/emqx.conf multi_get node.data_dir node.name node.cookie node.db_backend cluster.proto_dist node.dist_net_ticktime',
  ];
}

const LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

/** Whether a line at `level` reaches the console with this configured level (log_level(): no `none`). */
export function shows(cfgLevel: string, level: string): boolean {
  if (cfgLevel === 'all') return true;
  return LEVELS.indexOf(level) >= LEVELS.indexOf(cfgLevel);
}
