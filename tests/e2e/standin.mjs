// A Prometheus stand-in for the fault, security and race tests: it answers
// each case's way (bad bodies, errors, slowness, cut connections, no CORS)
// where a real Prometheus cannot be made to. It also serves the widget bundle
// and a test page under a strict CSP, so one browser page runs every case.
//
// URLs: `${pageOrigin}/faults.html` is the page; `${promUrl(name)}` is case
// `name`'s Prometheus on another origin (so CORS is real), and
// `${sameOriginPromUrl(name)}` the same case on the page's origin.
import { createServer } from 'node:http';

import { freePort, sendFile } from './harness.mjs';

export const CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>faults</title>
<style>body{margin:0;width:900px}</style><script src="/hooks.js"></script></head>
<body><script type="module" src="/faults.js"></script></body></html>`;

// Runs before the bundle: records every HTML-parsing write, so a test can
// show that no data from Prometheus or the config is ever parsed as HTML.
const HOOKS_JS = `
window.htmlWrites = [];
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
for (const proto of [Element.prototype, ShadowRoot.prototype]) {
  for (const prop of ['innerHTML', 'outerHTML']) {
    const d = Object.getOwnPropertyDescriptor(proto, prop);
    if (!d || !d.set) continue;
    Object.defineProperty(proto, prop, { ...d, set(v) { window.htmlWrites.push(String(v)); return d.set.call(this, v); } });
  }
}
const insert = Element.prototype.insertAdjacentHTML;
Element.prototype.insertAdjacentHTML = function (where, html) { window.htmlWrites.push(String(html)); return insert.call(this, where, html); };
const write = Document.prototype.write;
Document.prototype.write = function (...a) { window.htmlWrites.push(a.join('')); return write.apply(this, a); };
`;

// The page's helpers: mount a panel (or an <exemplar-panel> element), wait
// until it settles, and report what the user sees.
const PAGE_JS = `
import init, { mount } from './exemplar-panel.js';
await init();
const settled = ['ready', 'error', 'stale'];
const panelIn = (host) => {
  const el = host.querySelector('exemplar-panel') ?? host;
  return (el.shadowRoot ?? el).querySelector('[data-exemplar-panel]');
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
window.panels = [];
window.report = (p) => ({
  state: p?.dataset.state ?? null,
  error: p?.querySelector('[data-testid=error]')?.textContent ?? '',
  notices: [...(p?.querySelectorAll('[data-testid=notice]') ?? [])].map((n) => n.textContent),
  count: p?.querySelector('[data-testid=count]')?.textContent ?? '',
  legend: [...(p?.querySelectorAll('[data-testid=legend-item]') ?? [])].map((n) => n.textContent),
  html: p?.innerHTML.length ?? 0,
});
/** The tooltip of the first exemplar in keyboard order (ArrowRight on the plot). */
async function selectFirst(p) {
  const plot = p.querySelector('[data-testid=plot]');
  plot.focus();
  plot.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }));
  for (let i = 0; i < 100 && !p.querySelector('[data-testid=tooltip]'); i++) await sleep(20);
  const tip = p.querySelector('[data-testid=tooltip]');
  if (!tip) return null;
  const box = tip.getBoundingClientRect();
  return { text: tip.textContent, width: Math.round(box.width), right: Math.round(box.right), links: tip.querySelectorAll('a').length };
}
/** Mounts config; options: element (use <exemplar-panel>), keep (do not destroy), states to wait for, select (open the first tooltip). */
window.runCase = async (config, { element = false, keep = false, select = false, states = settled, timeoutMs = 20000 } = {}) => {
  const host = document.createElement('div');
  document.body.append(host);
  let handle = null, thrown = null;
  if (element) {
    const el = document.createElement('exemplar-panel');
    el.setAttribute('config', typeof config === 'string' ? config : JSON.stringify(config));
    host.append(el);
  } else {
    try { handle = mount(host, config); } catch (e) { thrown = String(e?.message ?? e); }
  }
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs && !thrown) {
    const p = panelIn(host);
    if (p && states.includes(p.dataset.state)) break;
    await sleep(25);
  }
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30)));
  const result = { thrown, ms: Math.round(performance.now() - t0), ...window.report(panelIn(host)) };
  if (select && panelIn(host)) result.tooltip = await selectFirst(panelIn(host));
  if (keep) {
    window.panels.push({ host, handle, panel: () => panelIn(host) });
    result.index = window.panels.length - 1;
  } else {
    handle?.destroy();
    host.remove();
  }
  return result;
};
/** Destroys a kept panel (the last one by default) and removes its host. */
window.dropPanel = (i = window.panels.length - 1) => {
  const p = window.panels[i];
  p.handle?.destroy();
  p.host.remove();
};
window.pageReady = true;
`;

/** Reads a request body. */
const bodyOf = (req) =>
  new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', () => resolve(''));
  });

/** Query parameters of a GET or form POST. */
function paramsOf(req, body) {
  const url = new URL(req.url, 'http://x');
  const form = new URLSearchParams(req.method === 'POST' ? body : url.search);
  return Object.fromEntries(form);
}

/** A healthy matrix over the asked range: one series per name, value `v`. */
export function matrix(params, { series = [{}], value = (i) => 0.1 + (i % 10) / 100 } = {}) {
  const start = Number(params.start), end = Number(params.end), step = Number(params.step) || 15;
  const result = series.map((metric) => {
    const values = [];
    for (let t = start, i = 0; t <= end && i < 11000; t += step, i++) values.push([t, String(value(i))]);
    return { metric, values };
  });
  return { status: 'success', data: { resultType: 'matrix', result } };
}

/** Exemplars spread over the asked range. */
export function exemplars(params, { n = 20, labels = (i) => ({ trace_id: `trace${i}` }), seriesLabels = {} } = {}) {
  const start = Number(params.start), end = Number(params.end);
  const list = [];
  for (let i = 0; i < n; i++) {
    const t = start + ((end - start) * (i + 0.5)) / n;
    list.push({ labels: labels(i), value: String(0.1 + (i % 7) / 50), timestamp: Math.round(t * 1000) / 1000 });
  }
  return { status: 'success', data: [{ seriesLabels, exemplars: list }] };
}

/**
 * Starts the stand-in. `cases` maps a case name to `{ query_range?, query_exemplars?, cors? }`,
 * each handler `(ctx) => reply` where ctx = { params, req, res } and reply is
 * `{ status?, json?, text?, headers? }`, or `'handled'` when the handler wrote `res` itself.
 * Unset handlers answer healthy data. `log` records every API request:
 * { name, endpoint, params, aborted, t }.
 */
export async function startStandIn(dist, cases) {
  const log = [];
  const handler = async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const origin = req.headers.origin;
    const api = url.pathname.match(/^\/c\/([^/]+)\/api\/v1\/(query_range|query_exemplars)$/);
    if (!api) return serveFile(url.pathname, res, dist);
    const [, name, endpoint] = api;
    const c = cases[name] ?? {};
    const cors = c.cors === false ? {} : { 'Access-Control-Allow-Origin': origin ?? '*', 'Access-Control-Allow-Headers': '*' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET, POST' });
      return res.end();
    }
    const body = await bodyOf(req);
    const params = paramsOf(req, body);
    const entry = { name, endpoint, params, headers: req.headers, aborted: false, answered: false, t: Date.now() };
    log.push(entry);
    res.on('close', () => {
      if (!res.writableFinished) entry.aborted = true;
    });
    const fn = c[endpoint] ?? (endpoint === 'query_range' ? ({ params }) => ({ json: matrix(params) }) : ({ params }) => ({ json: exemplars(params) }));
    let reply;
    try {
      reply = await fn({ params, req, res, entry });
    } catch (e) {
      reply = { status: 599, text: `stand-in failed: ${e}` };
    }
    if (reply === 'handled' || res.destroyed || res.writableEnded) return;
    const text = reply.json !== undefined ? JSON.stringify(reply.json) : reply.text ?? '';
    const type = reply.json !== undefined ? 'application/json' : 'text/plain';
    entry.answered = true;
    res.writeHead(reply.status ?? 200, { 'Content-Type': type, ...cors, ...(reply.headers ?? {}) });
    res.end(text);
  };
  const listen = async () => {
    const port = await freePort();
    const server = createServer(handler);
    server.keepAliveTimeout = 1000;
    await new Promise((r) => server.listen(port, '127.0.0.1', r));
    return { server, url: `http://127.0.0.1:${port}` };
  };
  const page = await listen();
  const prom = await listen();
  return {
    log,
    pageUrl: `${page.url}/faults.html`,
    promUrl: (name) => `${prom.url}/c/${name}`,
    sameOriginPromUrl: (name) => `${page.url}/c/${name}`,
    async stop() {
      for (const s of [page.server, prom.server]) {
        s.closeAllConnections?.();
        await new Promise((r) => s.close(r));
      }
    },
  };
}

const PAGES = { '/faults.html': ['text/html', PAGE], '/hooks.js': ['text/javascript', HOOKS_JS], '/faults.js': ['text/javascript', PAGE_JS] };

async function serveFile(pathname, res, dist) {
  const headers = { 'Content-Security-Policy': CSP };
  const page = PAGES[pathname];
  if (!page) return sendFile(dist, pathname, res, headers);
  res.writeHead(200, { 'Content-Type': page[0], ...headers });
  res.end(page[1]);
}

/** Opens the test page in a new browser page; collects page errors and console errors. */
export async function openFaultPage(browser, standIn) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const errors = [];
  const consoleLines = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    consoleLines.push(m.text());
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(standIn.pageUrl);
  await page.waitForFunction(() => window.pageReady === true, null, { timeout: 30_000 });
  return { page, errors, consoleLines };
}
