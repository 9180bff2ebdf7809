/**
 * The EMQX rules called directly: each variable name and value, apiserver URLs, images and tags, and the
 * variables a container or a ConfigMap/Secret yields. Every report is recorded with its place, severity,
 * rule and message (worded by the lint messages, in English and Chinese).
 */
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/i18n/lang.js';
import { lintMessages } from '../../src/i18n/lint.js';
import { isEmqxImage, PINNED_IMAGE } from '../../src/lint/emqx-facts.js';
import { checkImage, checkPorts, checkSetting, containerEnv, dataEnv, isEmqxContainer, type EnvSetting } from '../../src/lint/emqx-rules.js';
import type { Loc, ManifestObject, Obj } from '../../src/lint/objects.js';

const en = lintMessages.en;
const zh = lintMessages.zh;

function obj(kind: string, raw: Obj = {}): ManifestObject {
  // Only kind and raw are read by these rules; file and document are for positions, which lint computes later.
  return { kind, name: 'x', raw } as unknown as ManifestObject;
}

const where = (l: Loc) => `${l.path.map(String).join('.')}${l.key === undefined ? '' : `#${l.key}`}`;

function run(fn: (report: (loc: Loc, severity: string, rule: string, message: string) => void, lang: Lang) => void, lang: Lang = 'en', course = false): string[] {
  const out: string[] = [];
  fn((loc, severity, rule, message) => out.push(`${where(loc)} ${severity} ${rule} ${message}`), lang);
  void course;
  return out;
}

/** Reports for one variable, as a container would have it at env[0]. */
function setting(name: string, value: string | undefined, opts: { lang?: Lang; course?: boolean } = {}): string[] {
  const o = obj('Pod');
  const s: EnvSetting = { name, value, nameAt: { o, path: ['env', 0, 'name'] }, valueAt: { o, path: ['env', 0, 'value'] } };
  return run((report) => checkSetting(s, { lang: opts.lang ?? 'en', course: opts.course ?? false, report }), opts.lang);
}

describe('checkSetting: names', () => {
  it('only EMQX_ variables are read, even when they would collapse to a known one', () => {
    expect(setting('EMQXCLUSTER_NAME', 'x')).toEqual([]);
    expect(setting('FOO', 'x')).toEqual([]);
  });

  it('the entrypoint variables are left alone; others with single underscores get the double-underscore name', () => {
    expect(setting('EMQX_NODE_NAME', 'emqx@x')).toEqual([]);
    expect(setting('EMQX_HOST', 'x')).toEqual([]);
    expect(setting('EMQX_CLUSTER_DISCOVERY_STRATEGY', 'k8s')).toEqual([
      `env.0.name error emqx-env ${en.emqxSingleUnderscore('EMQX_CLUSTER_DISCOVERY_STRATEGY', 'EMQX_CLUSTER__DISCOVERY_STRATEGY')}`,
    ]);
    expect(setting('EMQX_CLUSTER_FOO', 'x')).toEqual([`env.0.name error emqx-env ${en.emqxSingleUnderscore('EMQX_CLUSTER_FOO', 'EMQX_CLUSTER__FOO')}`]);
    expect(setting('EMQX_FOO', 'x')).toEqual([]);
    // Names are compared after upper-casing (ß upper-cases to SS).
    expect(setting('EMQX_CLUSTER_K8S_ADDREß_TYPE', 'ip')).toEqual([
      `env.0.name error emqx-env ${en.emqxSingleUnderscore('EMQX_CLUSTER_K8S_ADDREß_TYPE', 'EMQX_CLUSTER__K8S__ADDRESS_TYPE')}`,
    ]);
  });

  it('EMQX_NAME ending in digits is reported with the digits (and a separator) dropped', () => {
    expect(setting('EMQX_NAME', 'a1b-23')).toEqual([`env.0.value error emqx-value ${en.emqxNameDigits('a1b-23', 'a1b')}`]);
    expect(en.emqxNameDigits('a1b-23', 'a1b')).toContain('a1b');
    expect(setting('EMQX_NAME', 'emqx1a')).toEqual([]);
    expect(setting('EMQX_NAME', '7')).toEqual([`env.0.value error emqx-value ${en.emqxNameDigits('7', 'emqx')}`]);
  });

  it('cluster keys: known ones pass, unknown ones are warned with a guess', () => {
    expect(setting('EMQX_CLUSTER__NAME', 'emqxcl')).toEqual([]);
    expect(setting('EMQX_CLUSTER__DISCOVERY_STRATEGY', 'k8s')).toEqual([]);
    expect(setting('EMQX_CLUSTER__NAMES', 'x')).toEqual([
      `env.0.name warning emqx-env ${en.emqxUnknownClusterKey('EMQX_CLUSTER__NAMES', 'EMQX_CLUSTER__NAME')}`,
    ]);
  });

  it('k8s keys: exactly one known key below k8s', () => {
    const keys = 'apiserver, service_name, address_type, namespace, suffix';
    expect(setting('EMQX_CLUSTER__K8S__NAMESPACE', '${NAMESPACE}')).toEqual([]);
    expect(setting('EMQX_CLUSTER__K8S__NAMESPACE__X', 'x')).toEqual([
      `env.0.name error emqx-env ${en.emqxUnknownK8sKey('EMQX_CLUSTER__K8S__NAMESPACE__X', undefined, keys)}`,
    ]);
    expect(setting('EMQX_CLUSTER__K8S__NAMESPAC__X', 'x')).toEqual([
      `env.0.name error emqx-env ${en.emqxUnknownK8sKey('EMQX_CLUSTER__K8S__NAMESPAC__X', undefined, keys)}`,
    ]);
    expect(setting('EMQX_CLUSTER__K8S__NAMESPAC', 'x')).toEqual([
      `env.0.name error emqx-env ${en.emqxUnknownK8sKey('EMQX_CLUSTER__K8S__NAMESPAC', 'EMQX_CLUSTER__K8S__NAMESPACE', keys)}`,
    ]);
  });
});

describe('checkSetting: values', () => {
  it('only the apiserver value is read as a URL', () => {
    expect(setting('EMQX_CLUSTER__DNS__NAME', 'http://localhost')).toEqual([]);
  });

  it('apiserver: loopback (any case, bracketed IPv6, 127/8), plain http, a bare IP', () => {
    const api = (v: string, lang: Lang = 'en') => setting('EMQX_CLUSTER__K8S__APISERVER', v, { lang });
    expect(api('https://kubernetes.default.svc:443')).toEqual([]);
    expect(api('https://LocalHost:6443')).toEqual([`env.0.value error emqx-value ${en.emqxApiserverLoopback('https://LocalHost:6443')}`]);
    expect(api('https://[::1]:6443')).toEqual([`env.0.value error emqx-value ${en.emqxApiserverLoopback('https://[::1]:6443')}`]);
    expect(api('https://127.0.0.1:6443', 'zh')).toEqual([`env.0.value error emqx-value ${zh.emqxApiserverLoopback('https://127.0.0.1:6443')}`]);
    expect(api('https://127.example.com:443')).toEqual([]);
    expect(api('https://[[::1]:443')).toEqual([]);
    expect(api('https://local]host:443')).toEqual([]);
    expect(api('see https://localhost')).toEqual([]);
    expect(api('http://kubernetes.default.svc')).toEqual([`env.0.value warning emqx-value ${en.emqxApiserverHttp('http://kubernetes.default.svc')}`]);
    expect(api('https://10.96.0.1:443')).toEqual([`env.0.value warning emqx-value ${en.emqxApiserverIp('https://10.96.0.1:443')}`]);
    expect(api('https://[fd00::1]:443')).toEqual([`env.0.value warning emqx-value ${en.emqxApiserverIp('https://[fd00::1]:443')}`]);
  });

  it('a hard-coded k8s namespace is a course error only', () => {
    expect(setting('EMQX_CLUSTER__K8S__NAMESPACE', 'lab1')).toEqual([]);
    expect(setting('EMQX_CLUSTER__K8S__NAMESPACE', 'lab1', { course: true })).toEqual([
      `env.0.value error lab-namespace ${en.hardcodedNamespace('EMQX_CLUSTER__K8S__NAMESPACE', 'lab1')}`,
    ]);
  });
});

describe('images', () => {
  const image = (img: string, lang: Lang = 'en') => run((report) => checkImage(obj('Pod'), ['spec', 'containers', 0], { image: img }, { lang, course: false, report }));
  const at = 'spec.containers.0.image';

  it('which images are EMQX', () => {
    expect([isEmqxImage('emqx:5'), isEmqxImage('emqx/emqx:5.8.9'), isEmqxImage('quay.io/emqx/emqx:5'), isEmqxImage('docker.io/emqx:5')]).toEqual([true, true, true, true]);
    expect([isEmqxImage('mydocker.io/emqx:5'), isEmqxImage('emqx@sha256:ab'), isEmqxImage('emqx')]).toEqual([true, true, true]);
    expect([isEmqxImage('notemqx'), isEmqxImage('emqxx:5'), isEmqxImage('nginx')]).toEqual([false, false, false]);
  });

  it('tags: none, latest, licensed, old, floating, other, the pinned one', () => {
    expect(image('emqx')).toEqual([`${at} error emqx-image ${en.emqxImageNoTag('emqx', PINNED_IMAGE)}`]);
    expect(image('emqx/emqx:5.8.9')).toEqual([]);
    expect(image('emqx/emqx@sha256:00')).toEqual([]);
    expect(image('emqx:x5.8.9')).toEqual([`${at} warning emqx-image ${en.emqxImageOther('emqx:x5.8.9', PINNED_IMAGE)}`]);
    expect(image('emqx:10.0.0')).toEqual([`${at} error emqx-image ${en.emqxImageLicensed('emqx:10.0.0', PINNED_IMAGE)}`]);
    expect(image('emqx:5.10.0')).toEqual([`${at} error emqx-image ${en.emqxImageLicensed('emqx:5.10.0', PINNED_IMAGE)}`]);
    expect(image('emqx:5', 'zh')).toEqual([`${at} error emqx-image ${zh.emqxImageLicensed('emqx:5', PINNED_IMAGE)}`]);
    expect(image('emqx:4')).toEqual([`${at} warning emqx-image ${en.emqxImageOld('emqx:4', PINNED_IMAGE)}`]);
    expect(image('emqx:5.8')).toEqual([`${at} warning emqx-image ${en.emqxImageFloating('emqx:5.8', PINNED_IMAGE)}`]);
    expect(image('emqx:v5.7.2')).toEqual([`${at} warning emqx-image ${en.emqxImageOther('emqx:v5.7.2', PINNED_IMAGE)}`]);
  });
});

describe('what a container and a ConfigMap/Secret yield', () => {
  it('containerEnv: names and values where they are written, valueFrom when there is no value', () => {
    const o = obj('Pod');
    const env = containerEnv(o, ['spec', 'containers', 0], { env: [{ name: 'A', value: 5 }, { name: 'B', valueFrom: {} }, 'junk', { value: 'x' }] });
    expect(env.map((s) => [s.name, s.value, where(s.nameAt), where(s.valueAt)])).toEqual([
      ['A', '5', 'spec.containers.0.env.0.name', 'spec.containers.0.env.0.value'],
      ['B', undefined, 'spec.containers.0.env.1.name', 'spec.containers.0.env.1.valueFrom'],
    ]);
  });

  it('dataEnv: a ConfigMap data, a Secret stringData, nothing for other kinds; null values are no value', () => {
    const cm = dataEnv(obj('ConfigMap', { data: { EMQX_A: 'x', EMQX_B: null, EMQX_C: 1 } }), 'P_');
    expect(cm.map((s) => [s.name, s.value, where(s.nameAt)])).toEqual([
      ['P_EMQX_A', 'x', 'data#EMQX_A'],
      ['P_EMQX_B', undefined, 'data#EMQX_B'],
      ['P_EMQX_C', '1', 'data#EMQX_C'],
    ]);
    expect(dataEnv(obj('Secret', { stringData: { K: 'v' } })).map((s) => s.name)).toEqual(['K']);
    expect(dataEnv(obj('Pod', { stringData: { K: 'v' }, data: { K: 'v' } }))).toEqual([]);
  });

  it('an enum variable with no value is not checked', () => {
    const o = obj('ConfigMap', { data: { EMQX_CLUSTER__DISCOVERY_STRATEGY: null } });
    const out = run((report) => {
      for (const s of dataEnv(o)) checkSetting(s, { lang: 'en', course: false, report });
    });
    expect(out).toEqual([]);
  });

  it('isEmqxContainer: by image, or by an EMQX_ variable; junk env entries are skipped', () => {
    expect(isEmqxContainer({ env: [null, 'x', { name: 'EMQX_NODE__COOKIE' }] })).toBe(true);
    expect(isEmqxContainer({ env: [null, { name: 'OTHER' }] })).toBe(false);
    expect(isEmqxContainer({ image: 'emqx:5.8.9' })).toBe(true);
  });

  it('the removed mgmt port is reported only on EMQX containers', () => {
    const ports = (c: Obj) => run((report) => checkPorts(obj('Pod'), ['spec', 'containers', 0], c, { lang: 'en', course: false, report }));
    expect(ports({ env: [{ name: 'OTHER' }], ports: [{ containerPort: 8081 }] })).toEqual([]);
    expect(ports({ env: [{ name: 'EMQX_X' }], ports: ['junk', { containerPort: 8081 }] })).toEqual([
      `spec.containers.0.ports.1.containerPort warning emqx-port ${en.emqxRemovedPort(8081, 'mgmt', '5.1', 18083)}`,
    ]);
  });
});
