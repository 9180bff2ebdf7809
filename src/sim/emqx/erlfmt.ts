/** Erlang's ~p layout for the shapes `emqx ctl` prints, and jiffy's pretty JSON (facts §1.4, §1.5). */

const WIDTH = 80;

function atomList(items: string[]): string {
  return `[${items.map((n) => `'${n}'`).join(',')}]`;
}

/** A list at column `col`: on one line if it fits before `trail`, else one element per line. */
function list(items: string[], col: number, trail: number): string {
  const one = atomList(items);
  if (col + one.length + trail <= WIDTH || items.length <= 1) return one;
  const pad = ' '.repeat(col + 1);
  return `[${items.map((n) => `'${n}'`).join(`,\n${pad}`)}]`;
}

/** `Cluster status: #{running_nodes => [...],stopped_nodes => [...]}` wrapped like OTP does. */
export function clusterStatusMap(running: string[], stopped: string[]): string {
  const prefix = 'Cluster status: ';
  const pairs: [string, string[]][] = [['running_nodes', running], ['stopped_nodes', stopped]];
  const one = `#{${pairs.map(([k, v]) => `${k} => ${atomList(v)}`).join(',')}}`;
  if (prefix.length + one.length <= WIDTH) return prefix + one;
  const col = prefix.length + 2;
  const lines = pairs.map(([k, v], i) => {
    const trail = i === pairs.length - 1 ? 1 : 1;
    const head = `${k} => `;
    if (col + head.length + atomList(v).length + trail <= WIDTH) return head + atomList(v);
    const vcol = col + 4;
    return `${k} =>\n${' '.repeat(vcol)}${list(v, vcol, trail)}`;
  });
  return `${prefix}#{${lines.join(`,\n${' '.repeat(col)}`)}}`;
}

/** jiffy `[pretty]`: 2-space indent, " : " separators, empty arrays as `[`, an indented blank line, `]`. */
export function jiffyPretty(obj: Record<string, string[]>): string {
  const keys = Object.keys(obj);
  const parts = keys.map((k) => {
    const v = obj[k];
    const body = v.length ? v.map((x) => `    ${JSON.stringify(x)}`).join(',\n') : '    ';
    return `  ${JSON.stringify(k)} : [\n${body}\n  ]`;
  });
  return `{\n${parts.join(',\n')}\n}`;
}
