/** API errors as the server returns them (a Status), and how kubectl prints them. */

export interface Cause {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    public readonly code: number,
    public readonly reason: string,
    message: string,
    public readonly details: { kind?: string; name?: string; group?: string; causes?: Cause[] } = {},
  ) {
    super(message);
  }

  /** The Status object, as the API server would send it. */
  status(): Record<string, unknown> {
    const details: Record<string, unknown> = {};
    if (this.details.name) details.name = this.details.name;
    if (this.details.group) details.group = this.details.group;
    if (this.details.kind) details.kind = this.details.kind;
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, details, code: this.code };
  }
}

export function notFound(qualifiedRes: string, name: string, kindForDetails?: string, group?: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedRes} "${name}" not found`, { name, kind: kindForDetails ?? qualifiedRes.split('.')[0], group });
}

export function alreadyExists(qualifiedRes: string, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualifiedRes} "${name}" already exists`, { name });
}

export function forbidden(message: string): ApiError {
  return new ApiError(403, 'Forbidden', message);
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** An Invalid (422) error with field causes: kubectl prints `The Kind "name" is invalid: ...`. */
export function invalid(kind: string, name: string, causes: Cause[], group?: string): ApiError {
  const text = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(', ');
  const qual = group ? `${kind}.${group}` : kind;
  const msg = causes.length > 1 ? `${qual} "${name}" is invalid: [${text}]` : `${qual} "${name}" is invalid: ${text}`;
  return new ApiError(422, 'Invalid', msg, { kind, name, group, causes });
}

/** kubectl's rendering of an API error (cmdutil.CheckErr), without the trailing newline. */
export function kubectlMessage(e: ApiError): string {
  if (e.reason === 'Invalid' && e.details.causes?.length) {
    const prefix = `The ${e.details.kind} "${e.details.name}" is invalid: `;
    const cs = e.details.causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    return cs.length === 1 ? prefix + cs[0] : `${prefix}\n${cs.map((c) => `* ${c}`).join('\n')}`;
  }
  return `Error from server (${e.reason}): ${e.message}`;
}
