/** Types of scripts/mistakes.mjs (the tests import it). */
export type Kubectl = (argv: string[], stdin?: string) => string;

export interface Variant {
  id: string;
  title: string;
  /** The step solved first. */
  after: number;
  /** The step verified. */
  verify: number;
  /** The diagnosis verify must show. */
  expect: string;
  make(kubectl: Kubectl): void;
}

export function asFile(o: object): object;
export const VARIANTS: Variant[];
