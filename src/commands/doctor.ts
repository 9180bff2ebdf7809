/** `emqx-lab doctor [--json]`: preflight items, each ok | warn | fail with a fix. Exit 3 when any fails. */
import type { GlobalOptions } from '../context.js';
import { EXIT } from '../errors.js';
import { doctorMessages } from '../i18n/doctor.js';
import { makeStyle } from '../markdown/style.js';
import type { CommandContext } from '../engine/cli-kit.js';
import { runDoctor } from '../engine/doctor.js';
import { loadCourseOrFail, makeKube } from '../engine/session.js';
import { kubectlName } from '../kube/binary.js';

export async function doctor(ctx: CommandContext, opts: GlobalOptions): Promise<number> {
  const m = doctorMessages[ctx.lang];
  const course = loadCourseOrFail(ctx);
  const kube = makeKube(ctx, opts);
  try {
    const report = await runDoctor(kube, course, ctx.lang, { context: opts.context, kubectlName: kubectlName(opts, ctx.env) });
    if (opts.json) {
      ctx.io.stdout.write(`${JSON.stringify(report)}\n`);
    } else {
      const st = makeStyle(ctx.color);
      const mark = { ok: st.green('✔'), warn: st.yellow('!'), fail: st.red('✖') };
      const lines = [st.bold(m.title)];
      for (const i of report.items) {
        lines.push(`  ${mark[i.status]} ${i.id.padEnd(12)} ${i.message}`);
        if (i.fix && i.status !== 'ok') lines.push(`    ${' '.repeat(12)} ${st.dim(i.fix)}`);
      }
      const failed = report.items.filter((i) => i.status === 'fail').length;
      lines.push(failed ? st.red(m.someFailed(failed)) : st.green(m.allGood));
      ctx.io.stdout.write(`${lines.join('\n')}\n`);
    }
    return report.ok ? EXIT.ok : EXIT.environment;
  } finally {
    await kube.close();
  }
}
