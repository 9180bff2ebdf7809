/**
 * kubectl explain RESOURCE[.FIELD...] [--recursive] [--api-version GROUP/VERSION]: the API server's own
 * documentation of a kind or a field (src/sim/print/explain.ts).
 */
import { resolveType } from '../api/kinds.js';
import { ExplainError, explain } from '../print/explain.js';
import { bool, str } from './argv.js';
import type { Cli } from './cli.js';
import { CmdError, cmdError } from './errors.js';

export async function cmdExplain(c: Cli): Promise<number> {
  const p = c.p;
  if (p.args.length !== 1) throw cmdError('We accept only this format: explain RESOURCE\nSee \'kubectl explain -h\' for help and examples');
  const output = str(p, 'output') ?? 'plaintext';
  if (output !== 'plaintext') throw cmdError(`"kubectl explain --output=${output}" is not modelled by the emqx-lab simulator`);
  const [resource, ...path] = p.args[0].split('.');
  const k = resolveType(resource);
  if (!k) throw new CmdError(`the server doesn't have a resource type "${resource}"`);
  let group = k.group;
  let version = k.version;
  const apiVersion = str(p, 'api-version');
  if (apiVersion) {
    const i = apiVersion.lastIndexOf('/');
    [group, version] = i < 0 ? ['', apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
  }
  if (group !== k.group || version !== k.version) throw cmdError(`couldn't find resource for "${group ? `${group}/` : ''}${version}, Resource=${k.res}"`);
  try {
    c.out(explain({ group, version, resource: k.res }, path, bool(p, 'recursive')));
  } catch (err) {
    if (!(err instanceof ExplainError)) throw err;
    if (err.partial) c.out(err.partial);
    throw new CmdError(err.message.startsWith('error: ') ? err.message : `error: ${err.message}`);
  }
  return 0;
}
