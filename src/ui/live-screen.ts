/**
 * The live part of a step screen: a title, the checks beside the namespace picture, extra lines (a failure,
 * a hint), and the key bar, redrawn in place while the learner watches. It owns the key reader, the spinner
 * timer and the loop that refreshes the picture, and ends all three in stop(): nothing keeps running or
 * holds the terminal after a screen is left.
 */
import type { CheckRow } from './checks-view.js';
import { renderChecks } from './checks-view.js';
import type { LabIo } from './io.js';
import { readKeys, type KeyName, type KeyReader } from './keys.js';
import { liveRegion, type LiveRegion } from './live.js';
import { emptyPicture, renderPicture, type NamespacePicture } from './picture.js';
import type { LabPort } from './port.js';
import { sideBySide } from './text.js';

/** How often the picture is re-read (one or two kubectl calls each time). */
export const PICTURE_EVERY_MS = 2_000;
const FRAME_MS = 120;
/** At this width the picture sits beside the checks; below it, under them. */
export const SIDE_BY_SIDE_COLS = 100;

type Io = Pick<LabIo, 'm' | 'style' | 'plain' | 'columns'>;

/** Checks and picture, beside each other on a wide terminal, one under the other on a narrow one. */
export function checksAndPicture(rows: CheckRow[], picture: NamespacePicture | undefined, frame: number, io: Io): string[] {
  const cols = io.columns() - 1;
  if (!picture) return renderChecks(rows, cols, frame, io);
  if (cols >= SIDE_BY_SIDE_COLS) {
    const right = Math.min(50, Math.floor(cols * 0.4));
    const left = cols - right - 3;
    return sideBySide(renderChecks(rows, left, frame, io), renderPicture(picture, right, io), left);
  }
  return [...renderChecks(rows, cols, frame, io), '', ...renderPicture(picture, cols, io)];
}

export interface LiveState {
  title: string;
  rows: CheckRow[];
  picture?: NamespacePicture;
  /** Lines under the checks (a failure summary, a hint, the workspace command). */
  extra: string[];
  /** The key bar. */
  keys: string;
}

export class LiveScreen {
  readonly state: LiveState;
  private frame = 0;
  private region: LiveRegion;
  private keysReader: KeyReader | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private pictures: Promise<void> | undefined;
  private readonly stopPictures = new AbortController();
  private wakePictures: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly io: LabIo,
    private readonly port: Pick<LabPort, 'picture' | 'namespace'>,
    state: Partial<LiveState> & Pick<LiveState, 'title' | 'rows'>,
    onKey: (k: KeyName) => void,
  ) {
    this.state = { extra: [], keys: '', ...state };
    this.region = liveRegion(io);
    this.keysReader = readKeys(io.input, onKey);
    if (!io.plain) this.timer = setInterval(() => this.tick(), FRAME_MS);
    this.pictures = this.refreshPictures();
    this.draw();
  }

  /** Change what is shown and redraw. */
  set(change: Partial<LiveState>): void {
    Object.assign(this.state, change);
    this.draw();
  }

  draw(final = false): void {
    if (this.stopped) return;
    // Without a terminal the picture is printed once at the end, not on every refresh.
    const picture = this.io.plain && !final ? undefined : this.state.picture;
    const lines = [
      this.io.style.bold(this.state.title),
      ...checksAndPicture(this.state.rows, picture, this.frame, this.io),
      ...(this.state.extra.length ? ['', ...this.state.extra] : []),
      ...(final || !this.state.keys ? [] : ['', this.io.style.dim(this.state.keys)]),
    ];
    if (final) this.region.done(lines);
    else this.region.update(lines);
  }

  private tick(): void {
    if (!this.state.rows.some((r) => r.state === 'running' || r.children.some((c) => c.state === 'running'))) return;
    this.frame += 1;
    this.draw();
  }

  private async refreshPictures(): Promise<void> {
    const signal = this.stopPictures.signal;
    while (!signal.aborted) {
      try {
        const picture = await this.port.picture(signal);
        if (signal.aborted) break;
        this.state.picture = picture;
      } catch (e) {
        if (signal.aborted) break;
        const msg = e instanceof Error ? e.message : String(e);
        this.state.picture = { ...(this.state.picture ?? emptyPicture(this.port.namespace)), error: msg };
      }
      if (!this.io.plain) this.draw();
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, PICTURE_EVERY_MS);
        this.wakePictures = done;
        signal.addEventListener('abort', done, { once: true });
        function done() {
          clearTimeout(t);
          signal.removeEventListener('abort', done);
          resolve();
        }
      });
      this.wakePictures = undefined;
    }
  }

  /** Read the picture again now (a check just ended: the namespace likely changed). */
  refreshPicture(): void {
    this.wakePictures?.();
  }

  /** Stop the keys, the spinner and the picture; leave the last frame on screen (without the key bar). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    if (this.timer) clearInterval(this.timer);
    this.keysReader?.detach();
    this.keysReader = undefined;
    this.stopPictures.abort();
    // A picture read in flight is not waited for (its answer is dropped); Ctrl-C and quit end its kubectl.
    void this.pictures;
    this.state.picture ??= emptyPicture(this.port.namespace);
    this.draw(true);
    this.stopped = true;
  }
}
