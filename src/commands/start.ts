/**
 * `emqx-lab start`: the interactive lab. Without a terminal (or under CI) it explains the non-interactive
 * commands and exits 2 instead of waiting for keys that will never come. Ctrl-C — as SIGINT in cooked
 * mode, or as a key while a screen reads keys in raw mode — aborts one controller that every prompt, check
 * and kubectl call listens to; the lab then closes the cluster session and exits 130.
 */
import type { Context, GlobalOptions } from '../context.js';
import { EXIT } from '../errors.js';
import { uiMessages } from '../i18n/ui.js';
import type { Mode } from '../progress/settings.js';
import { introLine, labState, runLab } from '../ui/app.js';
import { canPrompt, makeLabIo } from '../ui/io.js';
import { Leave } from '../ui/leave.js';
import { openLab } from '../ui/open.js';

export async function start(ctx: Context, opts: GlobalOptions & { mode?: Mode }): Promise<number> {
  if (!canPrompt(ctx.io, ctx.env)) {
    const m = uiMessages[ctx.lang];
    ctx.io.stderr.write(`${m.needsTerminal}\n${m.nonInteractiveCommands}\n`);
    return EXIT.usage;
  }
  const state = labState(ctx, opts);
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (ctx.signal.aborted) controller.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const io = makeLabIo({
    input: ctx.io.stdin,
    output: ctx.io.stdout,
    controller,
    lang: state.lang,
    color: ctx.color,
    env: ctx.env,
  });
  try {
    introLine(io);
    let port;
    try {
      port = await openLab(ctx, opts, io);
    } catch (e) {
      if (!(e instanceof Leave) && !controller.signal.aborted) throw e;
      const interrupted = (io.leaving() ?? (e instanceof Leave ? e.reason : 'interrupt')) === 'interrupt';
      io.output.write(`${interrupted ? io.m.interrupted : io.m.byeShort}\n`);
      return interrupted ? EXIT.interrupted : EXIT.ok;
    }
    return await runLab(port, state, { home: ctx.home, env: ctx.env }, io);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    io.dispose();
  }
}
