import { describe, expect, it } from 'vitest';
import { authorize, serviceAccountUser } from '../../src/sim/api/rbac.js';
import { authenticate, issueToken } from '../../src/sim/api/tokens.js';
import { ApiError } from '../../src/sim/api/errors.js';
import { listObjects } from '../../src/sim/cli/query.js';
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
});
