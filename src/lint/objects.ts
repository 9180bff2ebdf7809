/**
 * The objects of a manifest set as lint sees them: each with its file, document and plain value, and the
 * few structural facts the rules share (where the pod spec sits, which containers it has).
 */
import type { Document } from 'yaml';
import type { Rule, Severity } from './types.js';
import type { YamlFile } from './yaml-file.js';

export type Obj = Record<string, unknown>;

export interface ManifestObject {
  f: YamlFile;
  doc: Document.Parsed;
  /** The object as written (placeholders such as ${NAMESPACE} still in it). */
  raw: Obj;
  kind: string;
  name: string;
}

/** A place inside one object: rules report at a path (and optionally a child key) of its document. */
export interface Loc {
  o: ManifestObject;
  path: PropertyKey[];
  key?: string;
}

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function getIn(value: unknown, path: readonly PropertyKey[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Where the pod spec of a workload kind sits. */
export function podSpecPath(kind: string): PropertyKey[] | undefined {
  switch (kind) {
    case 'Pod':
      return ['spec'];
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      return ['spec', 'template', 'spec'];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    default:
      return undefined;
  }
}

/** The labels pods of this object get (a Pod's own labels, a template's labels). */
export function podLabelsPath(kind: string): PropertyKey[] | undefined {
  const spec = podSpecPath(kind);
  if (!spec) return undefined;
  return [...spec.slice(0, -1), 'metadata', 'labels'];
}

export interface ContainerAt {
  c: Obj;
  path: PropertyKey[];
}

export function containersOf(o: ManifestObject): ContainerAt[] {
  const spec = podSpecPath(o.kind);
  if (!spec) return [];
  const out: ContainerAt[] = [];
  for (const field of ['initContainers', 'containers']) {
    asArray(getIn(o.raw, [...spec, field])).forEach((c, i) => {
      if (isObj(c)) out.push({ c, path: [...spec, field, i] });
    });
  }
  return out;
}

export function labelsOf(o: ManifestObject): Record<string, unknown> {
  const l = getIn(o.raw, ['metadata', 'labels']);
  return isObj(l) ? l : {};
}

/** A Service's plain `key: value` selector against pod labels. */
export function mapSelects(selector: Obj, labels: Record<string, unknown>): boolean {
  return Object.entries(selector).every(([k, v]) => k in labels && String(labels[k]) === String(v));
}

/** How rules report: the place, and what is wrong there. */
export type Report = (loc: Loc, severity: Severity, rule: Rule, message: string) => void;
