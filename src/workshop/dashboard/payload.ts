/** What the page gets: the room as `status --json` has it, plus the words the grid shows, worded here. */
import type { Lang } from '../../i18n/lang.js';
import { workshopMessages } from '../../i18n/workshop.js';
import { failureText, whereText } from '../grid.js';
import type { RoomStatus } from '../status.js';

export function dashboardPayload(room: RoomStatus, lang: Lang): object {
  const m = workshopMessages[lang];
  const started = room.learners.filter((l) => l.started).length;
  const done = room.learners.filter((l) => l.done).length;
  return {
    ...room,
    summary: room.learners.length ? m.summary(room.learners.length, started, done) : m.noLearners(room.prefix),
    learners: room.learners.map((l) => ({ ...l, where: whereText(l, lang), failureText: failureText(l) })),
  };
}
