import { describe, expect, it } from 'vitest';
import { apply, cluster, namespace, pass } from './helpers.js';

const deploy = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
${spec}`;

describe('API validation', () => {
  it('unknown apiVersion/kind: mapping error, other objects still applied', async () => {
    const w = await cluster();
    namespace(w);
    const r = apply(w, 'apiVersion: apps/v1beta1\nkind: Deployment\nmetadata: {name: d}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: v1\nkind: Foo\nmetadata: {name: f, namespace: lab}\n');
    expect(r.lines).toEqual(['configmap/c created']);
    expect(r.errors).toEqual([
      'resource mapping not found for name: "d" namespace: "" from "test.yaml": no matches for kind "Deployment" in version "apps/v1beta1"\nensure CRDs are installed first',
      'resource mapping not found for name: "f" namespace: "lab" from "test.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first',
    ]);
  });

  it('strict decoding: unknown fields and wrong types', async () => {
    const w = await cluster();
    namespace(w);
    const base = '  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers:\n      - name: c\n        image: busybox\n';
    expect(apply(w, deploy(`${base}        envv: []\n`)).errors).toEqual(['Error from server (BadRequest): error when creating "test.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].envv"']);
    expect(apply(w, deploy(`${base}        env:\n        - {name: PORT, value: 1883}\n`)).errors).toEqual(['Error from server (BadRequest): error when creating "test.yaml": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string']);
  });

  it('a volumeMount that names no volume', async () => {
    const w = await cluster();
    namespace(w);
    const r = apply(w, deploy('  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      volumes: [{name: data, emptyDir: {}}]\n      containers:\n      - name: c\n        image: busybox\n        volumeMounts: [{name: emqx-data, mountPath: /opt/emqx/data}]\n'));
    expect(r.errors).toEqual(['The Deployment "d" is invalid: spec.template.spec.containers[0].volumeMounts[0].name: Not found: "emqx-data"']);
  });

  it('a selector that does not match the template labels; a missing selector', async () => {
    const w = await cluster();
    namespace(w);
    expect(apply(w, deploy('  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: busybox}]}\n')).errors).toEqual([
      'The Deployment "d" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`',
    ]);
    expect(apply(w, deploy('  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: busybox}]}\n')).errors).toEqual([
      'The Deployment "d" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`',
    ]);
  });

  it('YAML 1.1 scalars as kubectl reads them: an unquoted y is a boolean', async () => {
    const w = await cluster();
    namespace(w);
    expect(apply(w, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: {enabled: yes}}\n').errors).toEqual([
      'Error from server (BadRequest): error when creating "test.yaml": ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string',
    ]);
  });

  it('required fields, names and port names', async () => {
    const w = await cluster();
    namespace(w);
    const r = apply(w, 'apiVersion: v1\nkind: Pod\nmetadata: {name: Bad_Name}\nspec:\n  containers:\n  - name: c\n    ports: [{name: mqtt-over-websocket, containerPort: 8083}]\n');
    expect(r.errors[0]).toContain('The Pod "Bad_Name" is invalid: \n* metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of');
    expect(r.errors[0]).toContain('* spec.containers[0].image: Required value');
    expect(r.errors[0]).toContain('* spec.containers[0].ports[0].name: Invalid value: "mqtt-over-websocket": must be no more than 15 characters');
  });

  it('namespaces: objects in a missing namespace are refused; a deleted namespace is Terminating, then gone', async () => {
    const w = await cluster();
    expect(apply(w, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n', 'nowhere').errors).toEqual(['Error from server (NotFound): error when creating "test.yaml": namespaces "nowhere" not found']);
    namespace(w);
    apply(w, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: busybox, command: [sleep, infinity]}]}\n');
    pass(w, 20);
    const { apiDelete } = await import('../../src/sim/api/server.js');
    const { ADMIN } = await import('../../src/sim/api/rbac.js');
    apiDelete(w, ADMIN, w.get('namespaces', undefined, 'lab')!);
    pass(w, 1);
    expect(w.get('namespaces', undefined, 'lab')!.status.phase).toBe('Terminating');
    expect(apply(w, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c2}\n').errors[0]).toContain('unable to create new content in namespace lab because it is being terminated');
    pass(w, 60);
    expect(w.get('namespaces', undefined, 'lab')).toBeUndefined();
    expect(w.list('pods', 'lab')).toEqual([]);
  });
});
