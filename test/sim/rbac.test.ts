import { describe, expect, it } from 'vitest';
import { authorize, requestAttrs, serviceAccountUser } from '../../src/sim/api/rbac.js';
import { apiCreate, apiDelete, apiUpdate } from '../../src/sim/api/server.js';
import { authenticate, issueToken } from '../../src/sim/api/tokens.js';
import { ApiError } from '../../src/sim/api/errors.js';
import { copy, getObject, listObjects } from '../../src/sim/cli/query.js';
import { resolveType } from '../../src/sim/api/kinds.js';
import { apply, cluster, namespace, pass, RBAC } from './helpers.js';

describe('RBAC, ServiceAccounts and tokens', () => {
  it('every namespace gets a default ServiceAccount; a Role + RoleBinding grants exactly its rules', async () => {
    const w = await cluster();
    namespace(w);
    expect(w.get('serviceaccounts', 'lab', 'default')).toBeDefined();
    const sa = serviceAccountUser('lab', 'reader');
    apply(w, RBAC('reader'));
    expect(authorize(w, sa, { verb: 'get', group: '', res: 'endpoints', ns: 'lab', name: 'x' })).toBe(true);
    expect(authorize(w, sa, { verb: 'list', group: '', res: 'endpoints', ns: 'lab' })).toBe(true);
    expect(authorize(w, sa, { verb: 'get', group: '', res: 'pods', ns: 'lab' })).toBe(false);
    expect(authorize(w, sa, { verb: 'get', group: '', res: 'endpoints', ns: 'other' })).toBe(false);
    expect(authorize(w, serviceAccountUser('lab', 'default'), { verb: 'get', group: '', res: 'endpoints', ns: 'lab' })).toBe(false);
  });

  it('a wrong roleRef apiGroup is rejected as the API server rejects it', async () => {
    const w = await cluster();
    namespace(w);
    const r = apply(w, RBAC('x').replace(/roleRef:\n  apiGroup: rbac.authorization.k8s.io/, 'roleRef:\n  apiGroup: rbac.authorization.kubernetes.io'));
    expect(r.errors).toEqual(['The RoleBinding "x" is invalid: roleRef.apiGroup: Unsupported value: "rbac.authorization.kubernetes.io": supported values: "rbac.authorization.k8s.io"']);
    const r2 = apply(w, RBAC('bob').replace('apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n', 'apiVersion: rbac.authorization.kubernetes.io/v1\nkind: Role\n'));
    expect(r2.errors).toContain('resource mapping not found for name: "bob" namespace: "" from "test.yaml": no matches for kind "Role" in version "rbac.authorization.kubernetes.io/v1"\nensure CRDs are installed first');
    expect(r2.lines).toContain('serviceaccount/bob created');
  });

  it('a token authenticates as its ServiceAccount until it expires or the account is gone', async () => {
    const w = await cluster();
    namespace(w);
    apply(w, 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: learner}\n');
    const sa = w.get('serviceaccounts', 'lab', 'learner')!;
    const token = issueToken(w, sa, 3600);
    expect(authenticate(w, token)?.name).toBe('system:serviceaccount:lab:learner');
    expect(authenticate(w, `${token.slice(0, -2)}xx`)).toBeUndefined();
    pass(w, 3601);
    expect(authenticate(w, token)).toBeUndefined();
  });

  it('a token user is authorized on every request: the real Forbidden text', async () => {
    const w = await cluster();
    namespace(w);
    namespace(w, 'other');
    apply(w, 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: learner}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: learner-edit}\nsubjects: [{kind: ServiceAccount, name: learner, namespace: lab}]\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}\n');
    const u = authenticate(w, issueToken(w, w.get('serviceaccounts', 'lab', 'learner')!, 3600))!;
    expect(listObjects(w, u, resolveType('pods')!, 'lab', {})).toEqual([]);
    let err: unknown;
    try {
      listObjects(w, u, resolveType('pods')!, 'other', {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe('pods is forbidden: User "system:serviceaccount:lab:learner" cannot list resource "pods" in API group "" in the namespace "other"');
    const r = apply(w, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n', 'other', u);
    expect(r.errors[0]).toMatch(/^Error from server \(Forbidden\): error when retrieving current configuration of:\nResource: "\/v1, Resource=configmaps", GroupVersionKind: "\/v1, Kind=ConfigMap"\nName: "c", Namespace: "other"\nfrom server for: "test.yaml": configmaps "c" is forbidden: User "system:serviceaccount:lab:learner" cannot get resource "configmaps" in API group "" in the namespace "other"$/);
  });

  it('the Namespace object is requested in its own namespace: a Role there can grant get/patch/delete on it', async () => {
    const w = await cluster();
    namespace(w);
    namespace(w, 'other');
    apply(w, `apiVersion: v1
kind: ServiceAccount
metadata: {name: viewer}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: ns-reader}
rules:
- {apiGroups: [""], resources: [namespaces], verbs: [get, patch, delete, list, create]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: viewer}
subjects: [{kind: ServiceAccount, name: viewer, namespace: lab}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: ns-reader}
`);
    const u = authenticate(w, issueToken(w, w.get('serviceaccounts', 'lab', 'viewer')!, 3600))!;
    const nsKind = resolveType('namespaces')!;
    const fail = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ApiError);
        return (e as ApiError).message;
      }
      throw new Error('no error');
    };
    // GET /api/v1/namespaces/lab is a request in namespace lab, whatever namespace kubectl is pointed at.
    expect(getObject(w, u, nsKind, 'other', 'lab').metadata.name).toBe('lab');
    expect(fail(() => getObject(w, u, nsKind, 'lab', 'other'))).toBe('namespaces "other" is forbidden: User "system:serviceaccount:lab:viewer" cannot get resource "namespaces" in API group "" in the namespace "other"');
    // PATCH and DELETE of the namespace are namespaced the same way.
    const lab = w.get('namespaces', undefined, 'lab')!;
    const next = copy(lab);
    next.metadata.labels = { ...next.metadata.labels, team: 'a' };
    expect(apiUpdate(w, u, lab, next, 'patch').metadata.labels?.team).toBe('a');
    const other = w.get('namespaces', undefined, 'other')!;
    expect(fail(() => apiDelete(w, u, other))).toBe('namespaces "other" is forbidden: User "system:serviceaccount:lab:viewer" cannot delete resource "namespaces" in API group "" in the namespace "other"');
    // Listing and creating namespaces are cluster-scope requests: the Role in lab does not reach them.
    expect(fail(() => listObjects(w, u, nsKind, 'lab', {}))).toBe('namespaces is forbidden: User "system:serviceaccount:lab:viewer" cannot list resource "namespaces" in API group "" at the cluster scope');
    const fresh = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'third' } };
    expect(fail(() => apiCreate(w, u, fresh))).toBe('namespaces is forbidden: User "system:serviceaccount:lab:viewer" cannot create resource "namespaces" in API group "" at the cluster scope');
    apiDelete(w, u, lab);
    expect(w.get('namespaces', undefined, 'lab')!.status.phase).toBe('Terminating');
    // The rule is about URLs: other kinds keep their own namespace, and an access review is taken as asked.
    expect(requestAttrs({ verb: 'get', group: '', res: 'pods', ns: 'lab', name: 'x' })).toEqual({ verb: 'get', group: '', res: 'pods', ns: 'lab', name: 'x' });
    expect(requestAttrs({ verb: 'get', group: '', res: 'namespaces', sub: 'status', name: 'lab' }).ns).toBe('lab');
    expect(requestAttrs({ verb: 'create', group: '', res: 'namespaces', name: 'lab' }).ns).toBeUndefined();
    expect(authorize(w, serviceAccountUser('lab', 'viewer'), { verb: 'get', group: '', res: 'namespaces', name: 'lab' })).toBe(false);
    expect(authorize(w, serviceAccountUser('lab', 'viewer'), { verb: 'get', group: '', res: 'namespaces', ns: 'lab', name: 'lab' })).toBe(true);
  });
});
