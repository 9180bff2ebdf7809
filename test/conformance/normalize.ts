/**
 * What two clusters may legitimately print differently, and nothing else: values that are random by nature
 * (names with hashes and random suffixes, UIDs, resource versions, IPs, ports a kernel picked, timestamps,
 * ages, tokens, certificates, the API server's address, which worker the scheduler picked among equals).
 * Both outputs go through the same rules; whatever differs after that is a difference.
 */

/** The alphabet of generated names (k8s.io/apimachinery/pkg/util/rand: no vowels, no 0/1/3). */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';

const RULES: [RegExp, string][] = [
  // client-go's WebSocket exec stream logs a frame that arrives after its stream closed, now and then
  // (remotecommand/websocket.go: "Unknown stream id N, discarding message"): a race of timing, not output.
  [/^E\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ websocket\.go:\d+\] Unknown stream id \d+, discarding message\n?/gm, ''],
  // Certificates and tokens (ServiceAccount tokens are JWTs).
  [/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\\?n?/g, '<cert>'],
  [/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '<token>'],
  // The API server's address: a random port on this machine, or the simulator's name for itself.
  [/https:\/\/127\.0\.0\.1:\d+/g, '<server>'],
  [/https:\/\/sim\.emqx-lab\.invalid/g, '<server>'],
  // Timestamps: RFC 3339 (JSON, YAML), RFC 1123 (describe), Go's time.Time String (some errors).
  [/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, '<time>'],
  [/(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d{4}/g, '<time>'],
  [/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4} \w+/g, '<time>'],
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>'],
  [/("resourceVersion":\s*)"\d+"/g, '$1"<rv>"'],
  [/(resourceVersion:\s*)"?\d+"?/g, '$1<rv>'],
  [/("generation":\s*)\d+/g, '$1<gen>'],
  // IPv4 addresses (pods, services, nodes); IPv6 loopback in port-forward lines.
  [/\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b/g, '<ip>'],
  [/\[::1\]:\d+/g, '[::1]:<port>'],
  [/<ip>:(\d{5})\b/g, '<ip>:<port>'],
  // Generated names: Deployment pods (name-<hash>-<id>), ReplicaSets and revisions (name-<hash>), generateName.
  [new RegExp(`\\b([a-z0-9]([-a-z0-9]*[a-z0-9])?)-${SAFE}{6,10}-${SAFE}{5}\\b`, 'g'), '$1-<hash>-<id>'],
  [new RegExp(`(pod-template-hash|controller-revision-hash)(["':=\\s]+)([a-z0-9-]*?-)?${SAFE}{6,10}\\b`, 'g'), '$1$2$3<hash>'],
  [new RegExp(`\\b(emqx|${'[a-z][-a-z0-9]*'})-${SAFE}{8,10}\\b`, 'g'), '$1-<hash>'],
  [new RegExp(`\\bkube-api-access-${SAFE}{5}\\b`, 'g'), 'kube-api-access-<id>'],
  // Other generated names (an EndpointSlice's `<service>-xxxxx`).
  [new RegExp(`\\b([a-z][-a-z0-9]*)-${SAFE}{5}\\b`, 'g'), '$1-<id>'],
  // The pod a provisioner runs in, before its identity's UUID (`…-<hash>-xxxxx_<uid>`).
  [new RegExp(`-${SAFE}{5}_`, 'g'), '-<id>_'],
  // Erlang references in EMQX's log lines (#Ref<0.1475436034.502651723.122214>).
  [/#Ref<[\d.]+>/g, '#Ref<ref>'],
  // Container and image ids a runtime gave.
  [/\b(containerd|docker|kwok):\/\/[0-9a-f]{12,}/g, '$1://<id>'],
  // Which worker the scheduler chose among equals (it breaks ties at random).
  [/\bemqx-lab-worker2?\b/g, '<worker>'],
];

/** Column headers whose cells are ages or durations (get tables, describe's Events, rollout history). */
const AGE_HEADERS = new Set(['AGE', 'LAST SEEN', 'FIRST SEEN', 'Age', 'DURATION', 'LAST SCHEDULE']);
const AGE_CELL = /^((\d+(\.\d+)?(ms|s|m|h|d|y))+|<invalid>|<unknown>)( \(x\d+ over ((\d+(\.\d+)?(ms|s|m|h|d|y))+|<invalid>)\))?$/;

/**
 * kubectl pads table columns to the widest cell, so a longer random name shifts every column after it:
 * runs of two or more spaces inside a line count as one column gap (leading indentation is kept). Cells
 * under an age header, and `(5s ago)` in RESTARTS, are ages.
 */
function tables(text: string): string {
  let ages: number[] | undefined;
  return text
    .split('\n')
    .map((line) => {
      const indent = /^ */.exec(line)![0];
      const cells = line.slice(indent.length).split(/ {2,}|\t+/);
      if (cells.length >= 2 && cells.some((c) => AGE_HEADERS.has(c.trim()))) ages = cells.flatMap((c, j) => (AGE_HEADERS.has(c.trim()) ? [j] : []));
      else if (!line.trim()) ages = undefined;
      else if (ages) for (const j of ages) if (cells[j] !== undefined && AGE_CELL.test(cells[j].trim())) cells[j] = '<age>';
      return (indent + cells.join('  ')).replace(/\(((\d+(ms|s|m|h|d))+) ago\)/g, '(<age> ago)');
    })
    .join('\n');
}

/**
 * Sections kubectl prints by ranging over a Go map, so in random order: a ConfigMap's Data blocks
 * (`KEY:\n----\nVALUE\n`), a Secret's Data lines, a LimitRange's rows. Their items are sorted.
 */
function goMapOrder(text: string): string {
  let out = text.replace(/(\nData\n====\n)([\s\S]*?)(\n\nBinaryData\n)/, (_m, head: string, body: string, tail: string) => {
    const blocks = body.split(/\n\n(?=[^\n]*:\n----\n)/).map((x) => x.replace(/\n+$/, ''));
    return `${head}${blocks.sort().join('\n\n')}\n${tail}`;
  });
  out = out.replace(/(\nData\n====\n)((?:[^\n]+:\s+\d+ bytes\n?)+)/, (_m, head: string, body: string) => head + body.trimEnd().split('\n').sort().join('\n') + (body.endsWith('\n') ? '\n' : ''));
  out = out.replace(/((?:^ ?(?:Container|Pod|PersistentVolumeClaim)[ \t].*\n)+)/gm, (rows: string) => `${rows.trimEnd().split('\n').sort().join('\n')}\n`);
  return out;
}

/**
 * Table rows are sorted by name; a name with a random part sorts at random. Within a table whose names
 * carry a generated part, the rows are sorted after normalising (the header stays first).
 */
function randomNameOrder(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let block: string[] = [];
  const flush = () => {
    if (block.length > 2 && block.slice(1).some((l) => /<id>|<hash>/.test(l.split('  ')[0]))) out.push(block[0], ...block.slice(1).sort());
    else out.push(...block);
    block = [];
  };
  for (const l of lines) {
    if (/^[A-Z][A-Z ()/-]*(  [A-Z][A-Z ()/-]*)+$/.test(l)) {
      flush();
      block.push(l);
    } else if (block.length && l.trim()) block.push(l);
    else {
      flush();
      out.push(l);
    }
  }
  flush();
  return out.join('\n');
}

/**
 * Events that happened in the same second are listed in no particular order (describe sorts by time with
 * an unstable sort): the rows of an Events section are sorted after normalising.
 */
function eventOrder(text: string): string {
  return text.replace(/(Events:\n  Type  Reason  Age  From  Message\n  ----  ------  ----  ----  -------\n)((?:  \S.*\n?)+)/g, (_m, head: string, rows: string) => {
    const list = rows.replace(/\n$/, '').split('\n').sort();
    return `${head}${list.join('\n')}${rows.endsWith('\n') ? '\n' : ''}`;
  });
}

/**
 * The API server appends a go-cmp diff to a refused pod update; go-cmp makes that text unstable on purpose
 * (it varies its whitespace at random so that nobody depends on it), so the block is compared as present.
 */
function goCmpDiff(text: string): string {
  return text.replace(/\n[ \u00a0]{2}core\.PodSpec\{\n[\s\S]*?\n[ \u00a0]{2}\}\n?/g, '\n<go-cmp diff>\n');
}

/**
 * Log lines a node repeats on a timer (`Discovery error: …` every round): how many were written depends on
 * how long the pod has run. Consecutive identical timestamped lines count once.
 */
function repeatedLogLines(text: string): string {
  const out: string[] = [];
  for (const l of text.split('\n')) if (!(l.includes('<time>') && out[out.length - 1] === l)) out.push(l);
  return out.join('\n');
}

/**
 * The node that joins a cluster restarts its listeners (EMQX logs `Stop listener …` then each listener
 * stopped and started again). Which node joins which is decided by their start order within the same
 * moment, so which pod's log holds the block is random by nature: the block is left out.
 */
function listenerRestart(text: string): string {
  return text.replace(/^Stop listener http:dashboard on :18083 successfully\.\n(?:Listener \S+ on \S+ stopped\.\n)+(?:Listener \S+ on \S+ started\.\n?)+/gm, '');
}

/**
 * `emqx ctl cluster status` (the map form) lists running nodes in the order they joined, which the moment
 * each node came up decides: the node names in those lists are compared in sorted order.
 */
function joinOrder(text: string): string {
  return text.replace(/((?:running|stopped)_nodes\s*=>\s*\[)([^\]]*)(\])/g, (_m, open: string, body: string, close: string) => {
    const names = body.match(/'[^']*'/g) ?? [];
    const sorted = [...names].sort();
    let i = 0;
    return open + body.replace(/'[^']*'/g, () => sorted[i++]) + close;
  });
}

export function normalize(text: string): string {
  let out = joinOrder(goCmpDiff(text));
  for (const [re, to] of RULES) out = out.replace(re, to);
  return repeatedLogLines(listenerRestart(eventOrder(randomNameOrder(tables(goMapOrder(out))))));
}
