/**
 * Pod Security admission as k8s.io/pod-security-admission v0.32 words it: each check's message, the order
 * of the checks, restricted replacing the baseline checks it overrides, and the course's own pods passing
 * baseline (learner namespaces of a workshop enforce it).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourse } from '../../src/course/load.js';
import { declaredObjects } from '../../src/engine/objects.js';
import { evaluatePod, namespacePolicy, podTemplateOf } from '../../src/sim/api/pod-security.js';

const c = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: 'busybox', ...extra });

describe('Pod Security checks', () => {
  const baseline: [string, Record<string, unknown>, string | undefined][] = [
    ['plain pod', { containers: [c('a')] }, undefined],
    ['host namespaces', { hostIPC: true, hostPID: true, containers: [c('a')] }, 'host namespaces (hostPID=true, hostIPC=true)'],
    ['host ports', { containers: [c('a', { ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81, hostPort: 443 }] })] }, 'hostPort (container "a" uses hostPorts 443, 8080)'],
    [
      'capabilities',
      { containers: [c('a', { securityContext: { capabilities: { add: ['NET_ADMIN', 'CHOWN', 'SYS_ADMIN'] } } }), c('b', { securityContext: { capabilities: { add: ['NET_ADMIN'] } } })] },
      'non-default capabilities (containers "a", "b" must not include "NET_ADMIN", "SYS_ADMIN" in securityContext.capabilities.add)',
    ],
    [
      'seccomp Unconfined on pod and container',
      { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [c('a', { securityContext: { seccompProfile: { type: 'Unconfined' } } })] },
      'seccompProfile (pod and container "a" must not set securityContext.seccompProfile.type to "Unconfined")',
    ],
    ['sysctls', { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }, { name: 'kernel.msgmax', value: '1' }] }, containers: [c('a')] }, 'forbidden sysctls (kernel.msgmax)'],
    ['procMount', { containers: [c('a', { securityContext: { procMount: 'Unmasked' } })] }, 'procMount (container "a" must not set securityContext.procMount to "Unmasked")'],
    [
      'several checks, in the registry order',
      { hostNetwork: true, volumes: [{ name: 'h', hostPath: { path: '/' } }, { name: 'e', emptyDir: {} }], initContainers: [c('i', { securityContext: { privileged: true } })], containers: [c('a', { securityContext: { privileged: true } })] },
      'host namespaces (hostNetwork=true), hostPath volumes (volume "h"), privileged (containers "i", "a" must not set securityContext.privileged=true)',
    ],
  ];
  it.each(baseline)('baseline: %s', (_name, spec, want) => {
    expect(evaluatePod('baseline', {}, spec)).toBe(want);
    expect(evaluatePod('privileged', {}, spec)).toBeUndefined();
  });

  it('restricted adds its own checks after the baseline ones and replaces the ones it overrides', () => {
    expect(evaluatePod('restricted', {}, { volumes: [{ name: 'h', hostPath: { path: '/' } }], containers: [c('a', { securityContext: { capabilities: { add: ['SYS_ADMIN'] } } })] })).toBe(
      'allowPrivilegeEscalation != false (container "a" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "a" must set securityContext.capabilities.drop=["ALL"]; container "a" must not include "SYS_ADMIN" in securityContext.capabilities.add), ' +
        'restricted volume types (volume "h" uses restricted volume type "hostPath"), ' +
        'runAsNonRoot != true (pod or container "a" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    const hardened = {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [c('a', { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } })],
      volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'x' } }],
    };
    expect(evaluatePod('restricted', {}, hardened)).toBeUndefined();
    expect(evaluatePod('restricted', {}, { ...hardened, securityContext: { ...hardened.securityContext, runAsUser: 0 } })).toBe('runAsUser=0 (pod must not set runAsUser=0)');
  });

  it("a namespace's labels give the levels and the version the messages name", () => {
    expect(namespacePolicy(undefined)).toEqual({ enforce: { level: 'privileged', label: 'privileged:latest' }, warn: { level: 'privileged', label: 'privileged:latest' } });
    expect(namespacePolicy({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'v1.32' })).toEqual({
      enforce: { level: 'baseline', label: 'baseline:latest' },
      warn: { level: 'restricted', label: 'restricted:v1.32' },
    });
  });

  it("every pod the course makes passes baseline (a workshop's learner namespaces enforce it)", () => {
    const { course } = loadCourse(join(import.meta.dirname, '..', '..'));
    let seen = 0;
    for (const step of course.steps) {
      for (const o of declaredObjects(step, 'lab', 'en') as unknown as { kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown> }[]) {
        const res = { Pod: 'pods', Deployment: 'deployments', StatefulSet: 'statefulsets' }[o.kind];
        if (!res) continue;
        const t = res === 'pods' ? { meta: o.metadata, spec: o.spec } : podTemplateOf(res, o);
        expect(t, `${step.id} ${o.kind}`).toBeDefined();
        expect(evaluatePod('baseline', t!.meta, t!.spec), `${step.id} ${o.kind}`).toBeUndefined();
        seen++;
      }
    }
    expect(seen).toBeGreaterThanOrEqual(9);
  });
});
