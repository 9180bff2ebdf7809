/**
 * The registry as the simulator knows it: which repositories and tags exist (so a typo in a tag fails to
 * pull, as it would on Docker Hub), their sizes (so the first pull on a node takes time), and the errors
 * containerd reports otherwise.
 */

function range(prefix: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(`${prefix}${i}`);
  return out;
}

const EMQX_TAGS = [
  ...range('5.0.', 0, 26), ...range('5.1.', 0, 6), '5.2.0', '5.2.1', ...range('5.3.', 0, 2), '5.4.0', '5.4.1', '5.5.0', '5.5.1',
  '5.6.0', '5.6.1', ...range('5.7.', 0, 2), ...range('5.8.', 0, 9), '5.9.0', '5.9.1', ...range('5.10.', 0, 1), '6.0.0', '6.0.1',
  '5.0', '5.1', '5.2', '5.3', '5.4', '5.5', '5.6', '5.7', '5.8', '5', 'latest',
  ...range('4.4.', 0, 19), ...range('4.3.', 0, 22), ...range('v4.0.', 0, 13), 'v4.1.0', 'v4.1.1', 'v4.1-rc.1', 'v4.2.0',
];

interface Repo {
  tags: string[] | '*';
  size: number;
  /** Seconds a first pull takes on a kind node with a decent connection. */
  pull: number;
}

const REPOS: Record<string, Repo> = {
  'docker.io/emqx/emqx': { tags: EMQX_TAGS, size: 94371782, pull: 14 },
  'docker.io/library/emqx': { tags: EMQX_TAGS.filter((t) => !t.startsWith('v')), size: 94371782, pull: 14 },
  'docker.io/library/busybox': { tags: ['latest', 'stable', '1', '1.36', '1.36.1', '1.37', '1.37.0', 'musl', 'glibc', 'uclibc'], size: 2155910, pull: 2 },
  'docker.io/library/alpine': { tags: ['latest', '3', '3.19', '3.20', '3.21', '3.22'], size: 3645218, pull: 2 },
  'docker.io/library/debian': { tags: ['latest', 'bookworm', 'bookworm-slim', '12', '12-slim', 'trixie'], size: 28230000, pull: 5 },
  'docker.io/library/ubuntu': { tags: ['latest', '22.04', '24.04', 'jammy', 'noble'], size: 29710000, pull: 5 },
  'docker.io/library/nginx': { tags: ['latest', 'stable', 'alpine', '1.27', '1.27.5', '1.28', '1.29'], size: 72160000, pull: 8 },
  'docker.io/library/eclipse-mosquitto': { tags: ['latest', '2', '2.0', '2.0.18', '2.0.20', '2.0.21'], size: 9000000, pull: 3 },
  'docker.io/curlimages/curl': { tags: ['latest', '8.10.1', '8.11.1', '8.12.1', '8.13.0', '8.14.1'], size: 10500000, pull: 3 },
  'docker.io/emqx/mqttx-cli': { tags: ['latest', 'v1.11.0', 'v1.11.1', 'v1.12.0'], size: 60000000, pull: 7 },
  'registry.k8s.io/pause': { tags: ['3.9', '3.10'], size: 320368, pull: 1 },
};

/** docker.io/library/busybox:latest and friends: the fully qualified reference containerd uses. */
export function normalizeImage(image: string): { repo: string; tag: string; ref: string; digest?: string } {
  let name = image;
  let digest: string | undefined;
  const at = name.indexOf('@');
  if (at >= 0) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
  }
  let tag = 'latest';
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  const first = name.split('/')[0];
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repo = hasRegistry ? name : `docker.io/${name.includes('/') ? name : `library/${name}`}`;
  if (repo.startsWith('index.docker.io/')) repo = `docker.io/${repo.slice('index.docker.io/'.length)}`;
  return { repo, tag, digest, ref: digest ? `${repo}@${digest}` : `${repo}:${tag}` };
}

export interface PullPlan {
  ok: boolean;
  seconds: number;
  size: number;
  error?: string;
}

/** What pulling `image` does: how long, how big, or containerd's error. */
export function planPull(image: string): PullPlan {
  const n = normalizeImage(image);
  const repo = REPOS[n.repo];
  if (!repo) {
    const reason = n.repo.startsWith('docker.io/')
      ? `pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`
      : `failed to do request: Head "https://${n.repo.split('/')[0]}/v2/${n.repo.split('/').slice(1).join('/')}/manifests/${n.tag}": dial tcp: lookup ${n.repo.split('/')[0]}: no such host`;
    return { ok: false, seconds: 1, size: 0, error: `rpc error: code = Unknown desc = failed to pull and unpack image "${n.ref}": failed to resolve reference "${n.ref}": ${reason}` };
  }
  if (!n.digest && repo.tags !== '*' && !repo.tags.includes(n.tag)) {
    return { ok: false, seconds: 1, size: 0, error: `rpc error: code = NotFound desc = failed to pull and unpack image "${n.ref}": failed to resolve reference "${n.ref}": ${n.ref}: not found` };
  }
  return { ok: true, seconds: repo.pull, size: repo.size };
}

/** A stable fake digest for an image reference (shown as imageID). */
export function digestOf(ref: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; round < 8; round++) {
    for (let i = 0; i < ref.length; i++) h = Math.imul(h ^ ref.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ round, 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return `sha256:${out}`;
}

/** Repository names whose image runs EMQX. */
export function isEmqxImage(image: string): boolean {
  const { repo } = normalizeImage(image);
  return repo === 'docker.io/emqx/emqx' || repo === 'docker.io/library/emqx';
}

/** The EMQX version a tag runs (`latest` and bare majors resolve to the newest of their line). */
export function emqxVersionOf(image: string): string {
  const { tag } = normalizeImage(image);
  const t = tag.replace(/^v/, '');
  if (t === 'latest') return '6.0.1';
  if (/^\d+(\.\d+)?$/.test(t)) return EMQX_TAGS.filter((x) => x.startsWith(`${t}.`) && /^\d+\.\d+\.\d+$/.test(x)).pop() ?? t;
  return t;
}

/** The containerd ID of a container instance (stable for the instance). */
export function containerId(inst: string): string {
  return `containerd://${digestOf(inst).slice(7)}`;
}
