/** How kubectl fails: usage errors (`error: ...` + help hint, as kubectl words cobra's errors) and command errors (`error: ...`). */

/** A flag or argument problem cobra reports: `Error: <msg>` then `See 'kubectl <cmd> --help' for usage.` */
export class UsageError extends Error {}

/** A failure kubectl prints as is (the text already carries its `error: ` or `Error from server` prefix). */
export class CmdError extends Error {
  constructor(
    message: string,
    public readonly code = 1,
  ) {
    super(message);
  }
}

/** `error: <msg>` */
export function cmdError(msg: string, code = 1): CmdError {
  return new CmdError(`error: ${msg}`, code);
}

/** Problems with -f inputs, one kubectl line each. */
export class ManifestErrors extends Error {
  constructor(public readonly lines: string[]) {
    super(lines.join('\n'));
  }
}
