/**
 * Which lab objects solve removes before applying a step: every lab-labelled object of the course's kinds
 * that the step does not declare — except PVCs (the learner's data), pods owned by a controller (the
 * controller handles them) and records (`emqx-lab.io/record`, e.g. the progress ConfigMap). Pure.
 */
import type { ObjectRef } from '../kube/kube.js';
import type { LiveObject } from '../kube/objects.js';
import { RECORD_LABEL_KEY } from '../progress/record.js';

export function pruneSelection(live: LiveObject[], declared: ObjectRef[]): ObjectRef[] {
  const keep = new Set(declared.map((d) => `${d.kind}/${d.name}`));
  return live
    .filter((o) => o.kind && !keep.has(`${o.kind}/${o.metadata.name}`))
    .filter((o) => o.kind !== 'PersistentVolumeClaim')
    .filter((o) => !(o.kind === 'Pod' && (o.metadata.ownerReferences?.length ?? 0) > 0))
    .filter((o) => o.metadata.labels?.[RECORD_LABEL_KEY] === undefined)
    .filter((o) => !o.metadata.deletionTimestamp)
    .map((o) => ({ kind: o.kind!, name: o.metadata.name }));
}

/**
 * PVCs that a step's state would not have: claims no StatefulSet of `manifests` makes (its claims are named
 * `<template>-<statefulset>-<ordinal>`). Solve never prunes PVCs (the learner's data), but the self-test must
 * go back to the state before a step honestly, or a claim made by the step itself hides a mistake.
 */
export function strayClaims(pvcs: LiveObject[], manifests: { kind: string; metadata: { name: string }; spec?: unknown }[]): ObjectRef[] {
  const prefixes = manifests
    .filter((o) => o.kind === 'StatefulSet')
    .flatMap((s) => ((s.spec as { volumeClaimTemplates?: { metadata?: { name?: string } }[] } | undefined)?.volumeClaimTemplates ?? []).map((t) => `${t.metadata?.name}-${s.metadata.name}-`));
  return pvcs
    .filter((p) => !prefixes.some((pre) => p.metadata.name.startsWith(pre) && /^\d+$/.test(p.metadata.name.slice(pre.length))))
    .map((p) => ({ kind: 'PersistentVolumeClaim', name: p.metadata.name }));
}
