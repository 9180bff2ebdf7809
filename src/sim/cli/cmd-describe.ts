/** kubectl describe TYPE [NAME...] | TYPE/NAME | -l | -f. */
import { ApiError, kubectlMessage } from '../api/errors.js';
import { describe } from '../print/describe.js';
import { bool, list, str } from './argv.js';
import type { Cli } from './cli.js';
import { allNamespaces, namespaceOf, userOf } from './context.js';
import { CmdError } from './errors.js';
import { objectsFromFiles } from './manifests.js';
import { getObject, listObjects } from './query.js';
import { parseResources, type Selection } from './resolve.js';
import { withWorld } from './session.js';

export async function cmdDescribe(c: Cli): Promise<number> {
  const p = c.p;
  let sels: Selection[] | undefined;
  const files = list(p, 'filename');
  if (files.length) {
    sels = (await objectsFromFiles(c, files, bool(p, 'recursive'))).map((d) => ({ kind: d.kind!, names: [d.obj.metadata.name] }));
  } else sels = parseResources(p.args);
  if (!sels) throw new CmdError('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  const res = await withWorld(c.env, false, (w) => {
    const user = userOf(w, c.target, p);
    const ns = namespaceOf(p, c.target, w);
    const texts: string[] = [];
    const errors: string[] = [];
    for (const s of sels!) {
      try {
        const objs = s.names.length
          ? s.names.map((n) => {
              try {
                return getObject(w, user, s.kind, ns, n);
              } catch (err) {
                if (err instanceof ApiError) errors.push(kubectlMessage(err));
                else throw err;
                return undefined;
              }
            }).filter((x) => x !== undefined)
          : listObjects(w, user, s.kind, allNamespaces(p) ? undefined : ns, { labels: str(p, 'selector') });
        for (const o of objs) texts.push(describe(w, o!, bool(p, 'show-events', true)));
      } catch (err) {
        if (err instanceof ApiError) errors.push(kubectlMessage(err));
        else throw err;
      }
    }
    return { texts, errors, ns };
  });
  if (res.texts.length) c.out(res.texts.join('\n\n'));
  else if (!res.errors.length) c.err(`No resources found in ${res.ns} namespace.\n`);
  if (res.errors.length) throw new CmdError(res.errors.join('\n'));
  return 0;
}
