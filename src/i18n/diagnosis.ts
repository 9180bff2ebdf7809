import { defineMessages } from './lang.js';

/**
 * The lab's own words around the evidence a diagnosis matched (diagnosis/match.ts, diagnose.ts). What they
 * frame (a log line, a waiting reason, an event) is the cluster's, quoted as it is.
 */
export const diagnosisMessages = defineMessages({
  en: {
    /** A log line of the container's previous run (after a restart). */
    previousLog: (pod: string) => `${pod} (previous)`,
    exitCode: (code: number) => ` (exit code ${code})`,
    noPodUnschedulable: 'no pod is unschedulable',
    noPvcPending: 'no PVC is Pending',
    storageClasses: (names: string) => `StorageClasses: ${names}`,
    noStorageClasses: '(none)',
    namespacePhase: (phase: string) => `namespace: ${phase}`,
    phaseUnknown: 'unknown',
    nothingRuns: 'pods: 0; Deployments/StatefulSets with replicas > 0: 0',
    podCount: (n: number) => `pods: ${n}`,
  },
  zh: {
    previousLog: (pod: string) => `${pod}（上一次运行）`,
    exitCode: (code: number) => `（退出码 ${code}）`,
    noPodUnschedulable: '没有无法调度的 Pod',
    noPvcPending: '没有处于 Pending 的 PVC',
    storageClasses: (names: string) => `存储类（StorageClass）：${names}`,
    noStorageClasses: '（无）',
    namespacePhase: (phase: string) => `命名空间：${phase}`,
    phaseUnknown: '未知',
    nothingRuns: 'Pod 数：0；replicas > 0 的 Deployment/StatefulSet 数：0',
    podCount: (n: number) => `Pod 数：${n}`,
  },
});
