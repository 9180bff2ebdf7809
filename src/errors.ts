/**
 * Exit codes (PRODUCT.md): 0 ok / passed, 1 a check failed (the learner's state), 2 usage or content error,
 * 3 environment error (kubectl missing, cluster unreachable, context refused), 130 interrupted.
 *
 * A learner's failing check is a value, not an error. LabError is for a broken environment or bad input;
 * its message is already in the learner's language and is printed without a stack trace.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, environment: 3, interrupted: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class LabError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** Extra lines (what to do next), printed after the message. */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'LabError';
  }
}

export const usageError = (message: string, details: string[] = []) => new LabError(message, EXIT.usage, details);
export const envError = (message: string, details: string[] = []) => new LabError(message, EXIT.environment, details);
