#!/usr/bin/env node
// Writes src/sim/print/openapi-v3.json.gz: the OpenAPI v3 documents of the group-versions the simulator
// serves, as the real API server (v1.32.5, test/control-plane) publishes them at /openapi/v3/<gv>, cut down
// to what `kubectl explain` reads: the request paths of the simulator's resources (for their GVK) and every
// schema reachable from those kinds, with description, type, properties, items, additionalProperties,
// allOf, $ref, required, enum and x-kubernetes-group-version-kind. Kubernetes API reference text, Apache-2.0.
// Run with a plane up: KUBECONFIG=$(node scripts/control-plane.mjs env | cut -d= -f2) node test/sim/tools/gen-openapi.mjs
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = join(import.meta.dirname, '..', '..', '..');
const kubectl = process.env.EMQX_LAB_TEST_KUBECTL || '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
const { KINDS } = await import(join(root, 'dist', 'sim', 'api', 'kinds.js'));
const raw = (path) => JSON.parse(execFileSync(kubectl, ['get', '--raw', path], { encoding: 'utf8', maxBuffer: 64 << 20 }));
const KEEP = ['description', 'type', 'properties', 'items', 'additionalProperties', 'allOf', '$ref', 'required', 'enum', 'x-kubernetes-group-version-kind'];

function slim(s) {
  if (!s || typeof s !== 'object') return s;
  const out = {};
  for (const k of KEEP) {
    if (!(k in s)) continue;
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(s.properties).map(([n, v]) => [n, slim(v)]));
    else if (k === 'items' || (k === 'additionalProperties' && typeof s[k] === 'object')) out[k] = slim(s[k]);
    else if (k === 'allOf') out.allOf = s.allOf.map(slim);
    else out[k] = s[k];
  }
  return out;
}

function refsOf(s, into) {
  if (!s || typeof s !== 'object') return;
  if (typeof s.$ref === 'string') into.add(s.$ref.split('/').pop());
  for (const v of Object.values(s)) if (v && typeof v === 'object') refsOf(v, into);
}

const docs = {};
const byGv = new Map();
for (const k of KINDS) {
  const gv = k.group ? `apis/${k.group}/${k.version}` : `api/${k.version}`;
  byGv.set(gv, [...(byGv.get(gv) ?? []), k]);
}
for (const [gv, kinds] of byGv) {
  const doc = raw(`/openapi/v3/${gv}`);
  const prefix = `/${gv}`;
  const paths = {};
  const wanted = new Set();
  for (const k of kinds) {
    for (const p of [`${prefix}/${k.res}`, `${prefix}/${k.res}/{name}`, `${prefix}/namespaces/{namespace}/${k.res}`, `${prefix}/namespaces/{namespace}/${k.res}/{name}`]) {
      const el = doc.paths[p];
      if (!el) continue;
      const method = ['get', 'post', 'put', 'patch', 'delete'].find((m) => el[m]?.['x-kubernetes-group-version-kind']);
      if (method) paths[p] = { [method]: { 'x-kubernetes-group-version-kind': el[method]['x-kubernetes-group-version-kind'] } };
    }
    for (const [name, s] of Object.entries(doc.components.schemas)) {
      if ((s['x-kubernetes-group-version-kind'] ?? []).some((g) => g.kind === k.kind && g.group === k.group && g.version === k.version)) wanted.add(name);
    }
  }
  const keep = new Set();
  const queue = [...wanted];
  while (queue.length) {
    const n = queue.pop();
    if (keep.has(n) || !doc.components.schemas[n]) continue;
    keep.add(n);
    const refs = new Set();
    refsOf(doc.components.schemas[n], refs);
    queue.push(...refs);
  }
  const schemas = {};
  for (const n of [...keep].sort()) schemas[n] = slim(doc.components.schemas[n]);
  docs[gv] = { paths, components: { schemas } };
  console.log(`${gv}: ${Object.keys(paths).length} paths, ${keep.size} schemas`);
}
const json = JSON.stringify(docs);
const out = join(root, 'src', 'sim', 'print', 'openapi-v3.json.gz');
writeFileSync(out, gzipSync(json, { level: 9 }));
console.log(`wrote ${out}: ${json.length} bytes of JSON, gzipped`);
