/**
 * Kubernetes discovery across objects: the ServiceAccount the pods run as, the RoleBindings and Roles that
 * must allow get on endpoints (wildcards count, ClusterRoles cannot be judged), variables that envFrom
 * builds from a prefix, and EMQX_HOST under the governing Service. Course mode: problems are errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lintManifests } from '../../src/lint/manifests.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emqx-lab-lint-discovery-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const L = `  labels: {app.kubernetes.io/part-of: emqx-lab}\n`;
const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: emqx-headless\n${L}spec:\n  clusterIP: None\n  selector: {app: emqx}\n  ports: [{port: 4370}]\n`;
const sa = (name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n${L}`;
const role = (name: string, rules: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${name}\n${L}rules:\n${rules}`;
const GET = `  - {apiGroups: [""], resources: [endpoints], verbs: [get]}\n`;
const binding = (name: string, roleKind: string, roleName: string, subject: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ${name}\n${L}roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${roleName}}\nsubjects:\n  - {kind: ServiceAccount, name: ${subject}}\n`;
const conf = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: emqx-env\n${L}data:\n  CLUSTER__DISCOVERY_STRATEGY: k8s\n  CLUSTER__K8S__SERVICE_NAME: emqx-headless\n  CLUSTER__K8S__ADDRESS_TYPE: hostname\n  CLUSTER_AUTOHEAL: "true"\n`;
/** A StatefulSet whose discovery settings come from the ConfigMap above with the prefix EMQX_. */
const sts = (saLine: string, host = '$(POD_NAME).emqx-headless.${NAMESPACE}.svc.cluster.local') =>
  `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: emqx\n${L}spec:\n  serviceName: emqx-headless\n  selector: {matchLabels: {app: emqx}}\n  template:\n    metadata: {labels: {app: emqx}}\n    spec:\n${saLine}      containers:\n        - name: emqx\n          image: emqx/emqx:5.8.9\n          envFrom:\n            - {prefix: EMQX_, configMapRef: {name: emqx-env}}\n          env:\n            - {name: EMQX_HOST, value: "${host}"}\n            - {name: EMQX_CLUSTER_AUTOCLEAN, value: 5m}\n`;

async function lint(...docs: string[]): Promise<string[]> {
  const p = join(dir, 'm.yaml');
  writeFileSync(p, docs.join('---\n'));
  const r = await lintManifests([p], { lang: 'en', course: true });
  return r.problems.map((x) => `${x.line}:${x.col} ${x.severity} ${x.rule} ${x.message}`);
}

describe('discovery', () => {
  it('a User subject does not bind the ServiceAccount; plain envFrom keys are reported once, at the ConfigMap', async () => {
    const userBinding = binding('b', 'Role', 'r', 'emqx-sa').replace('kind: ServiceAccount, name: emqx-sa', 'kind: User, name: emqx-sa');
    expect(await lint(svc, sa('emqx-sa'), role('r', GET), userBinding, conf, sts('      serviceAccountName: emqx-sa\n'))).toEqual([
      '64:16 error emqx-env EMQX_CLUSTER_AUTOCLEAN is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOCLEAN',
      '43:3 error emqx-env EMQX_CLUSTER_AUTOHEAL is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOHEAL',
      '56:7 error emqx-discovery the pods run as ServiceAccount "emqx-sa", which no RoleBinding here binds: discovery\'s GET on endpoints fails with 403',
    ]);
    const plain = conf.replace(/\n  (CLUSTER)/g, '\n  EMQX_$1');
    const plainSts = sts('      serviceAccountName: emqx-sa\n').replace('{prefix: EMQX_, configMapRef', '{configMapRef');
    expect(await lint(svc, sa('emqx-sa'), role('r', GET), binding('b', 'Role', 'r', 'emqx-sa'), plain, plainSts)).toEqual([
      '43:3 error emqx-env EMQX_CLUSTER_AUTOHEAL is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOHEAL',
      '64:16 error emqx-env EMQX_CLUSTER_AUTOCLEAN is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOCLEAN',
    ]);
  });

  it('ServiceAccount, bindings, roles, prefixed envFrom variables and EMQX_HOST in one course set each', async () => {
    const cases: Record<string, string[]> = {
      ok: [svc, sa('emqx-sa'), role('r', GET), binding('b', 'Role', 'r', 'emqx-sa'), conf, sts('      serviceAccountName: emqx-sa\n')],
      legacySa: [svc, sa('emqx-sa'), role('r', GET), binding('b', 'Role', 'r', 'emqx-sa'), conf, sts('      serviceAccount: emqx-sa\n')],
      unboundField: [svc, sa('emqx-sa'), sa('other'), role('r', GET), binding('b', 'Role', 'r', 'other'), conf, sts('      serviceAccountName: emqx-sa\n')],
      unboundDefault: [svc, role('r', GET), binding('b', 'Role', 'r', 'emqx-sa'), sa('emqx-sa'), conf, sts('')],
      wildcard: [svc, sa('emqx-sa'), role('r', `  - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}\n`), binding('b', 'Role', 'r', 'emqx-sa'), conf, sts('      serviceAccountName: emqx-sa\n')],
      mixed: [svc, sa('emqx-sa'), role('r', `  - {apiGroups: [""], resources: [pods], verbs: [get]}\n`), binding('b', 'Role', 'r', 'emqx-sa'), binding('c', 'ClusterRole', 'view', 'emqx-sa'), conf, sts('      serviceAccountName: emqx-sa\n')],
      twoRoles: [svc, sa('emqx-sa'), role('r', `  - {apiGroups: [""], resources: [pods], verbs: [get]}\n`), role('r2', `  - {apiGroups: [apps], resources: [endpoints], verbs: [get]}\n${GET}`), binding('b', 'Role', 'r', 'emqx-sa'), binding('c', 'Role', 'r2', 'emqx-sa'), conf, sts('      serviceAccountName: emqx-sa\n')],
      noGet: [svc, sa('emqx-sa'), role('r', `  - {apiGroups: [""], resources: [endpoints], verbs: [list]}\n`), binding('b', 'Role', 'r', 'emqx-sa'), conf, sts('      serviceAccountName: emqx-sa\n')],
      host: [svc, sa('emqx-sa'), role('r', GET), binding('b', 'Role', 'r', 'emqx-sa'), conf, sts('      serviceAccountName: emqx-sa\n', 'node.$(POD_NAME).other.svc')],
      host2: [svc, sa('emqx-sa'), role('r', GET), binding('b', 'Role', 'r', 'emqx-sa'), conf, sts('      serviceAccountName: emqx-sa\n', '$(POD_NAME).other.svc')],
    };
    const out: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(cases)) out[k] = await lint(...v);
    expect(out).toEqual({
      ok: [
        '64:16 error emqx-env EMQX_CLUSTER_AUTOCLEAN is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOCLEAN',
        '43:3 error emqx-env EMQX_CLUSTER_AUTOHEAL is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOHEAL',
      ],
      legacySa: [
        '64:16 error emqx-env EMQX_CLUSTER_AUTOCLEAN is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOCLEAN',
        '43:3 error emqx-env EMQX_CLUSTER_AUTOHEAL is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOHEAL',
      ],
      unboundField: [
        '70:16 error emqx-env EMQX_CLUSTER_AUTOCLEAN is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOCLEAN',
        '49:3 error emqx-env EMQX_CLUSTER_AUTOHEAL is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOHEAL',
        "62:7 error emqx-discovery the pods run as ServiceAccount \"emqx-sa\", which no RoleBinding here binds: discovery's GET on endpoints fails with 403",
      ],
      unboundDefault: [
        '63:16 error emqx-env EMQX_CLUSTER_AUTOCLEAN is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOCLEAN',
        '43:3 error emqx-env EMQX_CLUSTER_AUTOHEAL is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOHEAL',
        "55:5 error emqx-discovery the pods run as ServiceAccount \"default\", which no RoleBinding here binds: discovery's GET on endpoints fails with 403",
      ],
      wildcard: [
        '64:16 error emqx-env EMQX_CLUSTER_AUTOCLEAN is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOCLEAN',
        '43:3 error emqx-env EMQX_CLUSTER_AUTOHEAL is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOHEAL',
      ],
      mixed: [
        '73:16 error emqx-env EMQX_CLUSTER_AUTOCLEAN is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOCLEAN',
        '52:3 error emqx-env EMQX_CLUSTER_AUTOHEAL is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOHEAL',
      ],
      twoRoles: [
        '82:16 error emqx-env EMQX_CLUSTER_AUTOCLEAN is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOCLEAN',
        '61:3 error emqx-env EMQX_CLUSTER_AUTOHEAL is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOHEAL',
      ],
      noGet: [
        '64:16 error emqx-env EMQX_CLUSTER_AUTOCLEAN is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOCLEAN',
        '43:3 error emqx-env EMQX_CLUSTER_AUTOHEAL is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOHEAL',
        '22:1 error emqx-discovery Role "r" does not allow get on endpoints, the one call discovery makes: it fails with 403',
      ],
      host: [
        '64:16 error emqx-env EMQX_CLUSTER_AUTOCLEAN is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOCLEAN',
        '43:3 error emqx-env EMQX_CLUSTER_AUTOHEAL is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOHEAL',
      ],
      host2: [
        '64:16 error emqx-env EMQX_CLUSTER_AUTOCLEAN is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOCLEAN',
        '43:3 error emqx-env EMQX_CLUSTER_AUTOHEAL is not read by EMQX: levels are separated by double underscores: use EMQX_CLUSTER__AUTOHEAL',
        "63:33 error emqx-discovery EMQX_HOST names Service \"other\", but the pods' DNS names are under \"emqx-headless\": the other nodes cannot reach this name (\"not responding to pings\"): use emqx-headless",
      ],
    });
  });
});
