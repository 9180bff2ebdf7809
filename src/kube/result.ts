/**
 * What one kubectl process did, and what kind of failure it was. Classification reads kubectl's stderr
 * (`Error from server (Reason): ...` and the client-side texts in docs/facts.md), so a person gets
 * "the cluster is unreachable" instead of a Go error chain.
 */
import { kubeMessages } from '../i18n/kube.js';
import type { Lang } from '../i18n/lang.js';
import { plainText } from '../util/terminal-text.js';

export interface RunResult {
  args: string[];
  /** undefined when the process never ran (binary missing) or was killed. */
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  canceled: boolean;
  /** The binary does not exist (ENOENT). */
  missing: boolean;
}

export type KubeErrorKind =
  | 'notInstalled'
  | 'config'
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'timeout'
  | 'canceled'
  | 'immutable'
  | 'invalid'
  | 'conflict'
  | 'other';

/** The lab's own words for a failure, in each language (kubectl's words are never translated). */
export type KubeWords = (lang: Lang) => string;

/**
 * A failed kubectl call. `detail` is kubectl's own wording (first meaningful stderr line), or, when kubectl
 * said nothing useful, the lab's `words` in English (`kubeDetail` gives them in the learner's language).
 */
export class KubeError extends Error {
  constructor(
    readonly kind: KubeErrorKind,
    readonly detail: string,
    readonly args: string[],
    /** What kubectl printed on stdout before failing (apply prints the objects it did change). */
    readonly stdout = '',
    /** All of stderr, cleaned of client-side log noise. */
    readonly stderr = detail,
    readonly words?: KubeWords,
  ) {
    super(`kubectl ${kind}: ${detail}`);
    this.name = 'KubeError';
  }
}

/** A failure worded by the lab itself (kubectl exited without a word, printed the wrong thing). */
export function labKubeError(kind: KubeErrorKind, words: KubeWords, args: string[], stdout = '', stderr?: string): KubeError {
  const detail = words('en');
  return new KubeError(kind, detail, args, stdout, stderr ?? detail, words);
}

/** The detail in the learner's language: kubectl's words as they are, the lab's own translated. */
export function kubeDetail(e: KubeError, lang: Lang): string {
  return e.words ? e.words(lang) : e.detail;
}

/** The error of a failed process: kubectl's explanation, else (it said nothing) its exit code. */
export function failedRun(kind: KubeErrorKind, r: RunResult, explanation = detailOf(r)): KubeError {
  const stderr = cleanStderr(r.stderr);
  if (explanation) return new KubeError(kind, explanation, r.args, r.stdout, stderr);
  return labKubeError(kind, (lang) => kubeMessages[lang].exitCode(String(r.exitCode ?? '?')), r.args, r.stdout, stderr);
}

export function isKubeError(e: unknown, kind?: KubeErrorKind): e is KubeError {
  return e instanceof KubeError && (kind === undefined || e.kind === kind);
}

/** kubectl's stderr without klog lines (`E1127 19:52:04.176629 ... memcache.go`) and deprecation warnings. */
export function cleanStderr(stderr: string): string {
  // What the API server relays (a webhook's message, an object's name) reaches a terminal: plain text only.
  return plainText(stderr)
    .split('\n')
    .filter((l) => l.trim() && !/^[EIWF]\d{4} \d\d:\d\d:\d\d\.\d+\s/.test(l) && !/^Warning: /.test(l))
    .join('\n')
    .trim();
}

const SERVER_REASON = /Error from server \((\w+)\)/;

/** The kubeconfig is missing, names no context, or names one that does not exist. */
const CONFIG = [
  /current-context is not set/,
  /current-context must exist/,
  /context was not found for specified context/,
  /cannot locate context/,
  /Error in configuration/,
  /error loading config file/,
  /^error: stat .*: no such file or directory/m,
];

const UNREACHABLE = [
  /Unable to connect to the server/,
  /The connection to the server .* was refused/,
  /connect: connection refused/,
  /no such host/,
  /i\/o timeout/,
  /TLS handshake timeout/,
  /couldn't get current server API group list/,
  /dial tcp/,
  /no route to host/,
  /network is unreachable/,
];

/** Which kind of failure a finished kubectl process reports (undefined: it succeeded). */
export function classify(r: RunResult): KubeErrorKind | undefined {
  if (r.missing) return 'notInstalled';
  if (r.canceled) return 'canceled';
  if (r.timedOut) return 'timeout';
  if (r.exitCode === 0) return undefined;
  const err = cleanStderr(r.stderr);
  // Deployment selector, Service clusterIP, StatefulSet spec, a Pod's spec beyond its image: delete and re-create.
  if (/field is immutable|Forbidden: updates to|pod updates may not change fields/.test(err)) return 'immutable';
  const reason = SERVER_REASON.exec(err)?.[1];
  if (reason || /Error from server/.test(err)) {
    // The API server answered: whatever follows (a proxied backend's "dial tcp ...") is not OUR connection.
    switch (reason) {
      case 'NotFound':
        return 'notFound';
      case 'Forbidden':
        return 'forbidden';
      case 'Unauthorized':
        return 'unauthorized';
      case 'Timeout':
      case 'ServerTimeout':
      case 'GatewayTimeout':
        return 'timeout';
      case 'AlreadyExists':
      case 'Conflict':
        return 'conflict';
      case 'Invalid':
      case 'BadRequest':
        return 'invalid';
      default:
        return 'other';
    }
  }
  if (CONFIG.some((re) => re.test(err))) return 'config';
  if (/You must be logged in|Unauthorized/.test(err)) return 'unauthorized';
  if (/is forbidden|\(Forbidden\)/.test(err)) return 'forbidden';
  if (/net\/http: request canceled|Client\.Timeout exceeded|context deadline exceeded/.test(err)) {
    return /Unable to connect to the server/.test(err) ? 'unreachable' : 'timeout';
  }
  if (UNREACHABLE.some((re) => re.test(err))) return 'unreachable';
  if (
    /is invalid|error validating|unknown field|strict decoding error|error parsing|unable to recognize|no matches for kind|resource mapping not found|doesn't have a resource type|error converting YAML/.test(err)
  ) {
    return 'invalid';
  }
  if (/\bNotFound\b/.test(err)) return 'notFound';
  return 'other';
}

/** The line a person needs from kubectl's stderr. */
export function detailOf(r: RunResult): string {
  const err = cleanStderr(r.stderr);
  const lines = err.split('\n');
  return (lines.find((l) => /^(Error|error|The connection)/.test(l)) ?? lines[0] ?? '').trim();
}

/** Throw a KubeError for a failed process; return the result when it succeeded. */
export function check(r: RunResult): RunResult {
  const kind = classify(r);
  if (kind === undefined) return r;
  throw failedRun(kind, r);
}
