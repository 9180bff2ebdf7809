/**
 * The dashboard page: one HTML document with its CSS and script inline (both carry the CSP nonce), no
 * framework, nothing fetched from elsewhere. Made for a projector at the back of a room: large type, white
 * on near-black, marks that differ in shape as well as colour (✔ ▸ ·), a font stack with Chinese faces.
 * It listens to /events (server-sent events; EventSource reconnects by itself) and redraws the grid. Hover a
 * learner's row, or click it to pin, and their last failure shows in full below the grid.
 */
import type { Lang } from '../../i18n/lang.js';
import { workshopMessages } from '../../i18n/workshop.js';

/** Embedding text in a <script>: JSON, with `<` escaped so no string can close the element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function html(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSS = `
:root { color-scheme: dark; --bg: #0b0c0e; --fg: #f5f5f5; --dim: #9aa0a6; --line: #2a2d33; --ok: #3ddc84; --now: #ffc83d; --bad: #ff6b6b; }
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--fg);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
  font-size: clamp(18px, 1.6vw, 30px); line-height: 1.35; }
header { display: flex; align-items: baseline; gap: 1.2em; padding: 0.6em 1em 0.2em; flex-wrap: wrap; }
h1 { font-size: 1.5em; margin: 0; }
#summary { color: var(--dim); }
#error { display: none; margin: 0.4em 1em; padding: 0.4em 0.8em; border: 2px solid var(--bad); color: var(--bad); }
table { border-collapse: collapse; margin: 0.4em 1em; width: calc(100% - 2em); table-layout: auto; }
th, td { padding: 0.25em 0.45em; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { color: var(--dim); font-weight: 600; }
th.step, td.step { text-align: center; width: 1.6em; font-size: 1.15em; }
td.step[data-state="passed"] { color: var(--ok); }
td.step[data-state="current"] { color: var(--now); font-weight: 700; }
td.step[data-state="locked"] { color: #7a8088; }
td.name { font-weight: 600; font-variant-numeric: tabular-nums; }
td.where { color: var(--fg); font-variant-numeric: tabular-nums; }
tr.idle td.where, tr.idle td.name { color: var(--dim); }
td.failure { color: var(--bad); max-width: 1px; width: 100%; overflow: hidden; text-overflow: ellipsis; }
tbody tr { cursor: pointer; }
tbody tr:hover, tbody tr.pinned { background: #1b1e24; }
#detail { margin: 0.6em 1em 1em; padding: 0.6em 0.9em; border-left: 6px solid var(--bad); background: #16181d; display: none; white-space: pre-wrap; word-break: break-word; }
#detail.shown { display: block; }
#detail .who { font-weight: 700; }
#detail .label { color: var(--dim); }
footer { color: var(--dim); padding: 0 1em 1em; font-size: 0.8em; }
`;

const SCRIPT = `
const M = JSON.parse(document.getElementById('m').textContent);
const token = new URLSearchParams(location.search).get('token');
let room = null, pinned = null, hovered = null;
const $ = (id) => document.getElementById(id);
function el(tag, attrs, text) { const e = document.createElement(tag); for (const k in attrs || {}) e.setAttribute(k, attrs[k]); if (text !== undefined) e.textContent = text; return e; }
const MARK = { passed: '✔', current: '▸', locked: '·' };
function showDetail() {
  const ns = pinned || hovered; const d = $('detail');
  const l = room && ns ? room.learners.find((x) => x.namespace === ns) : null;
  if (!l) { d.className = ''; d.textContent = ''; return; }
  d.className = 'shown'; d.textContent = '';
  d.append(el('div', { class: 'who' }, l.namespace + ' · ' + l.where));
  const f = l.lastFailure;
  if (!f) { d.append(el('div', { class: 'label' }, M.noFailure)); return; }
  const step = room.steps.find((s) => s.number === f.step);
  const rows = [[M.detailStep, (f.step || f.id) + (step ? ' · ' + step.title : '')], [M.detailCheck, f.check], [M.detailReason, f.reason], [M.detailAt, f.at]];
  for (const [k, v] of rows) { const line = el('div'); line.append(el('span', { class: 'label' }, k + ' '), el('span', { class: 'v' }, v)); d.append(line); }
}
function render() {
  if (!room) return;
  $('error').style.display = room.error ? 'block' : 'none';
  $('error').textContent = room.error || '';
  if (!room.learners) return;
  $('summary').textContent = room.summary;
  const head = $('head'); head.textContent = '';
  head.append(el('th', {}, M.colLearner));
  for (const s of room.steps) head.append(el('th', { class: 'step', title: s.number + ' · ' + s.title }, String(s.number)));
  head.append(el('th', {}, M.colWhere), el('th', {}, M.colFailure));
  const body = $('rows'); body.textContent = '';
  for (const l of room.learners) {
    const tr = el('tr', { 'data-ns': l.namespace, class: (l.started ? '' : 'idle') + (pinned === l.namespace ? ' pinned' : '') });
    tr.append(el('td', { class: 'name' }, l.namespace));
    l.cells.forEach((c, i) => tr.append(el('td', { class: 'step', 'data-step': String(i + 1), 'data-state': c, title: room.steps[i].title }, MARK[c])));
    tr.append(el('td', { class: 'where' }, l.where));
    tr.append(el('td', { class: 'failure', title: l.failureText }, l.failureText));
    tr.addEventListener('mouseenter', () => { hovered = l.namespace; showDetail(); });
    tr.addEventListener('mouseleave', () => { hovered = null; showDetail(); });
    tr.addEventListener('click', () => { pinned = pinned === l.namespace ? null : l.namespace; render(); });
    body.append(tr);
  }
  showDetail();
}
function take(data) { room = data; render(); }
fetch('/state?token=' + encodeURIComponent(token)).then((r) => r.json()).then(take).catch(() => {});
const es = new EventSource('/events?token=' + encodeURIComponent(token));
es.onmessage = (e) => take(JSON.parse(e.data));
es.onerror = () => { $('error').style.display = 'block'; $('error').textContent = M.disconnected; };
es.onopen = () => { if (room && !room.error) $('error').style.display = 'none'; };
`;

export function dashboardPage(lang: Lang, prefix: string, nonce: string): string {
  const m = workshopMessages[lang];
  const strings = {
    colLearner: m.colLearner,
    colWhere: m.colWhere,
    colFailure: m.colFailure,
    detailStep: m.detailStep,
    detailCheck: m.detailCheck,
    detailReason: m.detailReason,
    detailAt: m.detailAt,
    noFailure: m.noFailure,
    disconnected: m.disconnected,
  };
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${html(m.dashboardTitle(prefix))}</title>
<style nonce="${nonce}">${CSS}</style>
</head>
<body>
<header><h1>${html(m.dashboardTitle(prefix))}</h1><span id="summary"></span></header>
<div id="error" role="alert"></div>
<table><thead><tr id="head"></tr></thead><tbody id="rows"></tbody></table>
<div id="detail" aria-live="polite"></div>
<footer>${html(m.dashboardHint)}</footer>
<script type="application/json" id="m">${scriptJson(strings)}</script>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}
