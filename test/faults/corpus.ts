/**
 * The fault corpus (issue 14): cases as data in test/faults/*.yaml, each a command with the inputs or the
 * environment that make it go wrong, and what the lab must do about it: the documented exit code, within a
 * time bound, with a message a person can act on (one paragraph, never a stack trace), touching nothing
 * outside the lab's namespace and label.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** What a file holds: text, a repeated string (huge files), raw bytes, a folder, a symlink, permissions. */
const Content = z.union([
  z.string(),
  z.object({ repeat: z.string(), times: z.number(), prefix: z.string().optional(), suffix: z.string().optional() }).strict(),
  z.object({ hex: z.string() }).strict(),
  z.object({ dir: z.literal(true) }).strict(),
  z.object({ symlink: z.string() }).strict(),
  z.object({ text: z.string(), mode: z.number() }).strict(),
  /** A file of the repository, possibly re-encoded: CRLF line ends, a BOM, tab indentation, Latin-1 or UTF-16 bytes. */
  z.object({ copy: z.string(), mode: z.number().optional(), as: z.enum(['crlf', 'bom', 'tabs', 'latin1', 'utf16']).optional() }).strict(),
]);
export type Content = z.infer<typeof Content>;

export const FaultCase = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    /** Why the case exists (the issue and point, or the fault in a sentence). */
    about: z.string().optional(),
    /** `cli`: dist/cli.js; `sim`: the simulator's kubectl itself. Tokens: $WORK $HOME $COURSE $FAULT_KUBECTL $BIG(n). */
    bin: z.enum(['cli', 'sim']).default('cli'),
    argv: z.array(z.string()),
    env: z.record(z.string(), z.string()).optional(),
    /** Files in the case's work folder (the working directory). */
    files: z.record(z.string(), Content).optional(),
    /** A copy of the shipped course in $COURSE (EMQX_LAB_COURSE), with these files replaced or added. */
    course: z.object({ files: z.record(z.string(), Content).optional(), remove: z.array(z.string()).optional() }).strict().optional(),
    /** EMQX_LAB_HOME: a file, read-only, or a folder with these files. */
    home: z.union([z.enum(['file', 'readonly', 'under-file']), z.object({ files: z.record(z.string(), Content) }).strict()]).optional(),
    /**
     * The namespaces the command may change (a regular expression; default: exactly the lab's namespace).
     * Set for the trainer's kit, whose cluster-scoped applies (namespaces) are then judged by the state's diff.
     */
    scope: z.string().optional(),
    /** Commands of the lab run first (each must exit 0), e.g. `[apply, '1', --sim]`. */
    before: z.array(z.array(z.string())).optional(),
    /** The simulated cluster's state damaged after `before`. */
    simState: z.enum(['garbage', 'wrong-shape', 'wrong-shape-deep', 'lock-dir', 'lock-dead', 'lock-live', 'state-dir', 'empty']).optional(),
    /** The fault kubectl (test/faults/bin/kubectl) as EMQX_LAB_KUBECTL: its mode, after how many calls, for which verbs. */
    kubectl: z.object({ mode: z.string(), after: z.number().default(0), verbs: z.array(z.string()).optional() }).strict().optional(),
    /** Run as an unprivileged user (permissions mean nothing to root). */
    user: z.literal('nobody').optional(),
    /** Send this signal this many ms after the start. */
    signal: z.object({ after: z.number(), name: z.enum(['SIGINT', 'SIGTERM']) }).strict().optional(),
    /** The reader of stdout goes away at once (`| head -c0`). */
    stdoutClosed: z.boolean().optional(),
    /** The documented exit codes (src/errors.ts); 70, the lab's own bug, is never an answer. */
    exit: z.union([z.number(), z.array(z.number())]).refine((e) => ![e].flat().includes(70), 'exit 70 is a bug, never an expectation'),
    /** Regular expressions the output must match (multiline). */
    stderr: z.string().optional(),
    stdout: z.string().optional(),
    /** ...and must not. */
    notOutput: z.string().optional(),
    /**
     * Not handled yet, and why: the case still runs and counts against `faults: N/M handled`, but does not
     * fail the suite. Say it in the report; never use it to hide a regression.
     */
    known: z.string().optional(),
    /** Seconds the command may take at most. */
    within: z.number().default(20),
    /** At most this many non-empty lines on stderr (one paragraph, plus a line of what to do). */
    lines: z.number().default(6),
  })
  .strict();
export type FaultCase = z.infer<typeof FaultCase>;

const File = z.object({ cases: z.array(FaultCase) }).strict();

export const CORPUS_DIR = import.meta.dirname;

/** Every case of every test/faults/*.yaml, in file order; ids are unique across files. */
export function loadCorpus(dir = CORPUS_DIR): { file: string; c: FaultCase }[] {
  const out: { file: string; c: FaultCase }[] = [];
  const seen = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    const parsed = File.parse(parse(readFileSync(join(dir, f), 'utf8')));
    for (const c of parsed.cases) {
      if (seen.has(c.id)) throw new Error(`${f}: duplicate case id ${c.id}`);
      seen.add(c.id);
      out.push({ file: f, c });
    }
  }
  return out;
}
