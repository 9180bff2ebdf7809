/**
 * `start` without a usable local progress record, while the namespace's progress record shows passes: the
 * lab asks before taking them back (verify and list do it with a notice; see engine/restore.ts).
 */
import type { Context } from '../context.js';
import { restoreFromRecord } from '../engine/restore.js';
import type { Session } from '../engine/session.js';
import { safetyMessages } from '../i18n/safety.js';
import { askYesNo } from './leave.js';
import type { LabIo } from './io.js';
import { print } from './step-screen.js';

export async function offerRestore(ctx: Pick<Context, 'home' | 'now' | 'lang'>, session: Session, io: LabIo): Promise<void> {
  const m = safetyMessages[ctx.lang];
  const restored = await restoreFromRecord(
    { kube: session.kube, home: ctx.home, progressKey: session.progressKey, namespace: session.namespace, stepIds: session.course.steps.map((s) => s.id), now: ctx.now },
    (n) => askYesNo(io, m.offerRestore(n, session.namespace), true),
  );
  if (restored.length) print(io, [io.style.green(m.restoredFromCluster(restored.length, session.namespace))]);
}
