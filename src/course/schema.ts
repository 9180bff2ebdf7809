/**
 * The lesson format: the single source of truth for lesson files (lessons/NN-id/lesson.yaml) and the
 * diagnosis catalogue (lessons/diagnoses.yaml). `emqx-lab schema` turns these into the JSON Schema that
 * every lesson file names in its `yaml-language-server` modeline.
 *
 * Strings may carry `${NAMESPACE}` (the learner's namespace) and, inside checks, `${RUN_ID}` (a short random
 * token fresh for each verify run); both are filled in by the engine, never by a shell.
 */
import { z } from 'zod';
import { schemaMessages } from '../i18n/schema.js';

/** Custom messages in English; the loader shows them in the learner's language (i18n/schema.ts). */
const says = schemaMessages.en;

/** The lesson format this program reads. A lesson with a higher `format` is refused with a clear message. */
export const FORMAT_VERSION = 1;

const id = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, says.kebabCase);

export const Localized = z
  .object({
    en: z.string().min(1).describe('English'),
    zh: z.string().min(1).describe('Chinese (简体中文)'),
  })
  .strict()
  .describe('A text in every language the lab speaks.');

const seconds = z.number().positive().max(3600);

/** A label selector in kubectl's syntax, e.g. `app.kubernetes.io/name=emqx`. */
const selector = z.string().min(1).describe('A label selector as kubectl takes it: `key=value,key2!=value`.');

export const ResourceRef = z
  .object({
    kind: z.string().regex(/^[A-Z][A-Za-z]+$/, says.kubernetesKind).describe('Kubernetes kind.'),
    name: z.string().min(1).describe('Object name in the lab namespace.'),
  })
  .strict()
  .describe('One object in the lab namespace.');

export const PodsRef = z
  .object({
    name: z.string().min(1).optional().describe('One pod by name.'),
    selector: selector.optional().describe('All pods matching this label selector.'),
  })
  .strict()
  .refine((p) => (p.name === undefined) !== (p.selector === undefined), says.nameOrSelector)
  .describe('Which pods: one by name, or all matching a selector.');

// ---------------------------------------------------------------------------------------------------------
// Actions: what a disruption experiment or a solve does to the cluster.

/**
 * What an exec writes to the command's standard input (`kubectl exec -i`), for what must not be on a command
 * line: the argv of kubectl is visible to every user of the learner's machine (`ps`) while it runs.
 */
const stdin = z
  .string()
  .optional()
  .describe('Written to the command\'s standard input (kubectl exec -i): for a secret, which must not be in the argv.');

const ExecAction = z
  .object({
    pod: PodsRef.describe('Runs in the first pod (by name order) that matches.'),
    container: z.string().optional(),
    command: z.array(z.string()).min(1).describe('argv, never run through a shell.'),
    stdin,
    expectContains: z.string().optional().describe('The action fails unless stdout contains this.'),
  })
  .strict();

export const Action = z
  .union([
    z
      .object({
        deletePod: PodsRef.describe('Delete these pods (all that match) and remember who they were.'),
      })
      .strict(),
    z
      .object({
        scale: z
          .object({ resource: ResourceRef, replicas: z.number().int().min(0).max(20) })
          .strict()
          .describe('Scale, then wait until the pods have reached that count (gone, or all Ready).'),
      })
      .strict(),
    z.object({ exec: ExecAction }).strict(),
    z
      .object({
        mergePatch: z
          .object({ resource: ResourceRef, patch: z.record(z.string(), z.unknown()) })
          .strict()
          .describe('A JSON merge patch (kubectl patch --type merge).'),
      })
      .strict(),
    z
      .object({
        rolloutRestart: z
          .object({ resource: ResourceRef })
          .strict()
          .describe('kubectl rollout restart, then wait until the rollout is complete.'),
      })
      .strict(),
  ])
  .describe('One thing done to the cluster: deletePod | scale | exec | mergePatch | rolloutRestart.');
export type Action = z.infer<typeof Action>;

// ---------------------------------------------------------------------------------------------------------
// Checks. Every check polls until its timeout, treats a missing field as "not ready yet", and keeps the
// last reason it saw.

const checkBase = {
  id: id.describe('Unique within the lesson.'),
  title: Localized.describe('What the check proves, as the learner reads it.'),
  timeout: seconds.optional().describe('Seconds to keep polling before the check fails (default per kind).'),
  holdFor: seconds
    .optional()
    .describe('Seconds the condition must keep holding before the check passes (stability, not a glimpse).'),
};
const hintsField = z
  .array(id)
  .min(1)
  .describe("Ids of this lesson's hints for this check, mildest first; `emqx-lab hint` escalates through them.");

const regex = z.string().min(1).describe('A JavaScript regular expression.');

export const ExecExpect = z
  .union([
    z
      .object({
        emqxStatus: z
          .object({
            started: z.boolean().default(true).describe('`emqx ctl status` says the node is started.'),
            nodeName: regex.optional().describe('The node name must match this.'),
          })
          .strict(),
      })
      .strict(),
    z
      .object({
        emqxClusterStatus: z
          .object({
            running: z.number().int().min(0).optional().describe('Exactly this many running nodes.'),
            stopped: z.number().int().min(0).optional().describe('Exactly this many stopped nodes.'),
            nodeNames: regex.optional().describe('Every running node name must match this.'),
          })
          .strict()
          .describe('Parses `emqx ctl cluster status` in its --json and its Erlang-map forms.'),
      })
      .strict(),
    z
      .object({
        text: z
          .object({
            contains: z.array(z.string()).optional(),
            notContains: z.array(z.string()).optional(),
            matches: regex.optional(),
          })
          .strict(),
      })
      .strict(),
  ])
  .describe('How to read the command output: emqxStatus | emqxClusterStatus | text.');

/** The fields of each plain check kind (everything but the common ones). */
const kinds = {
  resource: {
    kind: z.literal('resource'),
    resource: ResourceRef,
    match: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('A partial object: maps match by key, arrays when every expected item matches some item.'),
    absent: z.boolean().optional().describe('Pass when the object does NOT exist.'),
  },
  podsReady: {
    kind: z.literal('podsReady'),
    selector,
    count: z.number().int().min(0).max(50).describe('Exactly this many pods, all Ready, none terminating.'),
  },
  rollout: {
    kind: z.literal('rollout'),
    resource: ResourceRef.describe('A Deployment or StatefulSet.'),
  },
  exec: {
    kind: z.literal('exec'),
    pods: PodsRef,
    container: z.string().optional(),
    command: z.array(z.string()).min(1).describe('argv, never run through a shell.'),
    stdin,
    expect: ExecExpect,
    on: z.enum(['each', 'any']).default('each').describe('Must every matching pod satisfy it, or one?'),
    minPods: z.number().int().min(1).default(1).describe('Fail while fewer pods than this match.'),
  },
  logs: {
    kind: z.literal('logs'),
    pods: PodsRef,
    container: z.string().optional(),
    matches: regex.describe('A line of the log must match this.'),
    absent: z.boolean().optional().describe('Pass when NO line matches.'),
    on: z.enum(['each', 'any']).default('any'),
    tail: z.number().int().min(1).max(5000).default(500),
  },
  canI: {
    kind: z.literal('canI'),
    as: z.object({ serviceAccount: z.string().min(1) }).strict().describe('Ask as this ServiceAccount.'),
    verb: z.string().min(1),
    resource: z.string().min(1).describe('Plural resource, e.g. endpoints.'),
    name: z.string().optional(),
    allowed: z.boolean().default(true),
  },
  http: {
    kind: z.literal('http'),
    service: z.object({ name: z.string(), port: z.number().int() }).strict().optional(),
    pod: PodsRef.optional(),
    port: z.number().int().optional().describe('Container port when `pod` is given.'),
    via: z
      .enum(['proxy', 'portForward'])
      .default('proxy')
      .describe('proxy: GET through the API server (kubectl get --raw); portForward: any method via 127.0.0.1.'),
    method: z.enum(['GET', 'POST']).default('GET'),
    path: z.string().startsWith('/'),
    body: z.record(z.string(), z.unknown()).optional().describe('JSON body for POST.'),
    expect: z
      .object({
        status: z.number().int().default(200),
        bodyContains: z.string().optional(),
      })
      .strict(),
  },
  mqtt: {
    kind: z.literal('mqtt'),
    service: z
      .object({ name: z.string(), port: z.number().int() })
      .strict()
      .optional()
      .describe('Subscribe and publish through one port-forward to this Service.'),
    acrossPods: z
      .object({ selector, port: z.number().int() })
      .strict()
      .optional()
      .describe('Subscribe on one pod and publish on a different pod.'),
    delivered: z.boolean().default(true).describe('false: prove the message does NOT arrive.'),
  },
} as const;

const oneOf =
  (a: string, b: string) =>
  (c: Record<string, unknown>): boolean =>
    (c[a] === undefined) !== (c[b] === undefined);

/** The plain check kinds over a base shape (hints required at top level, optional in a disruption). */
function plainChecks<B extends z.ZodRawShape>(base: B) {
  return [
    z.object({ ...base, ...kinds.resource }).strict(),
    z.object({ ...base, ...kinds.podsReady }).strict(),
    z.object({ ...base, ...kinds.rollout }).strict(),
    z.object({ ...base, ...kinds.exec }).strict(),
    z.object({ ...base, ...kinds.logs }).strict(),
    z.object({ ...base, ...kinds.canI }).strict(),
    z
      .object({ ...base, ...kinds.http })
      .strict()
      .refine(oneOf('service', 'pod'), says.serviceOrPod),
    z
      .object({ ...base, ...kinds.mqtt })
      .strict()
      .refine(oneOf('service', 'acrossPods'), says.serviceOrAcrossPods),
  ] as const;
}

/** A check inside a disruption experiment: every kind except a disruption, hints optional. */
export const FollowUpCheck = z.discriminatedUnion('kind', plainChecks({ ...checkBase, hints: hintsField.optional() }));

const DisruptionCheck = z
  .object({
    ...checkBase,
    hints: hintsField,
    kind: z.literal('disruption'),
    setup: z.array(Action).optional().describe('Done first, e.g. create something that must survive.'),
    action: z.array(Action).min(1).describe('The disruption itself, in order.'),
    then: z.array(FollowUpCheck).min(1).describe('Checks polled after the disruption.'),
    replacement: z
      .enum(['sameName', 'newName'])
      .optional()
      .describe('Each pod the action removed must come back with the same name (new uid), or a new name.'),
    cleanup: z.array(Action).optional().describe('Done at the end, whatever the outcome.'),
  })
  .strict();

export const Check = z.discriminatedUnion('kind', [...plainChecks({ ...checkBase, hints: hintsField }), DisruptionCheck]);
export type Check = z.infer<typeof Check>;
export type FollowUpCheck = z.infer<typeof FollowUpCheck>;
/** Any check that is not a disruption: what a check runner evaluates in one poll. */
export type PlainCheck = Exclude<Check, { kind: 'disruption' }> | FollowUpCheck;
export type CheckKind = Check['kind'];

// ---------------------------------------------------------------------------------------------------------
// Mistakes: a manifest change that a learner makes, and the diagnosis the lab must produce for it.

export const JsonPatchOp = z
  .object({
    op: z.enum(['add', 'remove', 'replace']),
    path: z.string().regex(/^(\/[^/]*)+$/, says.jsonPointer),
    value: z.unknown().optional(),
  })
  .strict();

export const ManifestChange = z
  .object({
    file: z.string().describe('A manifest file of this lesson.'),
    target: ResourceRef.optional().describe('The document to change (required when the file has several).'),
    patch: z.array(JsonPatchOp).optional().describe('RFC 6902 operations on that document.'),
    omit: z.boolean().optional().describe('Leave the whole file out.'),
  })
  .strict()
  .refine((c) => (c.patch === undefined) !== (c.omit === undefined), says.patchOrOmit);

export const Mistake = z
  .object({
    id,
    title: Localized,
    changes: z.array(ManifestChange).min(1),
    expect: z
      .object({
        diagnosis: id.describe('The diagnosis (lessons/diagnoses.yaml) this mistake must produce.'),
      })
      .strict(),
  })
  .strict();
export type Mistake = z.infer<typeof Mistake>;

export const Hint = z
  .object({
    id,
    when: z.array(id).optional().describe('Diagnosis ids: this hint comes first when one of them is seen.'),
    text: Localized,
  })
  .strict();
export type Hint = z.infer<typeof Hint>;

export const SolveAction = z
  .object({
    delete: ResourceRef.describe('Delete this object if it exists.'),
    unlessMatches: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Keep it when it already matches this partial object.'),
  })
  .strict();

export const Lesson = z
  .object({
    format: z.number().int().min(1).describe('Lesson format version.'),
    id: id.describe('Step id, used on the command line and in progress files.'),
    title: Localized,
    summary: Localized.describe('One line for the step list.'),
    manifests: z
      .array(z.string().regex(/^[\w.-]+\.ya?ml$/, says.manifestFileName))
      .min(1)
      .describe('The complete desired state of the namespace after this step, applied in order.'),
    solve: z
      .object({ before: z.array(SolveAction).optional().describe('Done before applying the manifests.') })
      .strict()
      .optional(),
    failFirst: z.boolean().default(true).describe('The self-test expects verify to fail before solve.'),
    checks: z.array(Check).min(1),
    hints: z.array(Hint).min(1),
    mistakes: z.array(Mistake).optional(),
  })
  .strict();
export type Lesson = z.infer<typeof Lesson>;

// ---------------------------------------------------------------------------------------------------------
// The diagnosis catalogue: failure signatures matched against evidence collected when a check fails.

const Matcher = z
  .object({
    log: regex.optional().describe('A line in the recent logs of a lab pod (current or previous container).'),
    podWaiting: regex.optional().describe('A container waiting reason, e.g. ImagePullBackOff.'),
    podTerminated: regex.optional().describe('A last-terminated reason, e.g. Error or OOMKilled.'),
    podUnschedulable: z.boolean().optional().describe('A pod is Pending with PodScheduled=False.'),
    event: regex.optional().describe('An event (reason and message) on a lab object.'),
    envName: regex.optional().describe('An env name given to a lab container (env, envFrom ConfigMap/Secret).'),
    envValue: z
      .object({ name: regex, value: regex })
      .strict()
      .optional()
      .describe('An env entry whose name and value both match.'),
    applyError: regex.optional().describe('The error kubectl apply printed.'),
    pvcPending: z.boolean().optional().describe('A lab PVC is Pending.'),
    noDefaultStorageClass: z.boolean().optional().describe('No StorageClass is marked default.'),
    namespaceTerminating: z.boolean().optional(),
    nothingRuns: z
      .boolean()
      .optional()
      .describe('No pod in the namespace and no Deployment or StatefulSet asking for one: nothing was applied yet.'),
  })
  .strict()
  .refine((m) => Object.keys(m).length === 1, says.oneCondition);

export const Diagnosis = z
  .object({
    id,
    match: z.array(Matcher).min(1).describe('Matches when ALL these matchers match.'),
    title: Localized.describe('The known mistake or failure, named.'),
    explain: Localized.describe('Why it happens.'),
    hint: Localized.describe('What to do about it.'),
    endsWait: z
      .boolean()
      .default(false)
      .describe(
        'A check that keeps failing may stop waiting once this matches, stably, in a settled namespace (no rollout in progress, ' +
          'pods on the current template): true for a mistake only the learner can undo (a wrong name or value); false ' +
          '(the default) for a state a controller or time may still cure (pods starting, an image being pulled, a node ' +
          'waiting for its peers).',
      ),
  })
  .strict();
export type Diagnosis = z.infer<typeof Diagnosis>;

export const DiagnosisCatalogue = z
  .object({
    format: z.number().int().min(1),
    diagnoses: z.array(Diagnosis).min(1),
  })
  .strict();
export type DiagnosisCatalogue = z.infer<typeof DiagnosisCatalogue>;

/** The draft-7 JSON Schemas editors use (yaml-language-server supports draft 7). */
export function lessonJsonSchema(): object {
  return z.toJSONSchema(Lesson, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
}

export function diagnosesJsonSchema(): object {
  return z.toJSONSchema(DiagnosisCatalogue, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
}
