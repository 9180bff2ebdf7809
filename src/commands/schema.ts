import type { Context } from '../context.js';
import { EXIT, usageError } from '../errors.js';
import { diagnosesJsonSchema, lessonJsonSchema } from '../course/schema.js';
import { cliMessages } from '../i18n/cli.js';

/** `emqx-lab schema [lesson|diagnoses]`: the JSON Schema editors use to complete lesson files. */
export async function schema(ctx: Pick<Context, 'io' | 'lang'>, _opts: unknown, which: unknown = 'lesson'): Promise<number> {
  const s = which === 'lesson' ? lessonJsonSchema() : which === 'diagnoses' ? diagnosesJsonSchema() : undefined;
  if (!s) throw usageError(cliMessages[ctx.lang].badSchemaWhich(String(which)));
  ctx.io.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
  return EXIT.ok;
}
