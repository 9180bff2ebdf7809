/** Names every part of the lab agrees on (kept dependency-free: start-up imports them). */

/** The label on everything the lab creates; reset and prune touch nothing without it. */
export const LAB_LABEL_KEY = 'app.kubernetes.io/part-of';
export const LAB_LABEL_VALUE = 'emqx-lab';
export const LAB_SELECTOR = `${LAB_LABEL_KEY}=${LAB_LABEL_VALUE}`;
export const DEFAULT_NAMESPACE = 'emqx-lab';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A namespace name Kubernetes accepts (RFC 1123 label, at most 63 characters). */
export function isValidNamespace(ns: string): boolean {
  return ns.length <= 63 && DNS1123_LABEL.test(ns);
}
