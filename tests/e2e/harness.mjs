// Test harness: starts and stops real servers on free loopback ports, with
// bounded waits. Used by the end-to-end tests and the screenshot script.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value, at most `timeoutMs`. */
export async function waitFor(what, check, timeoutMs = 30_000, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      if (/ exited \(/.test(e.message)) throw e;
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

function startProcess(name, cmd, args, opts = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  let log = '';
  const keep = (d) => {
    log = (log + d.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('error', (e) => keep(`spawn error: ${e.message}\n`));
  return {
    name,
    child,
    log: () => log,
    /** Throws when the process has exited, so waits fail fast. */
    alive() {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${name} exited (${child.exitCode ?? child.signalCode})`);
      }
      return true;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const exited = await Promise.race([
        new Promise((r) => child.once('exit', () => r(true))),
        sleep(5_000).then(() => false),
      ]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}

/** The instrumented demo service (built by the test command first). */
export async function startDemo({ rate = 60, textFormat = false } = {}) {
  const port = await freePort();
  const bin = process.env.EXEMPLAR_DEMO_BIN || path.join(ROOT, 'target/debug/exemplar-demo');
  const args = ['--listen', `127.0.0.1:${port}`, '--rate', String(rate), ...(textFormat ? ['--text-format'] : [])];
  const proc = startProcess('demo', bin, args);
  const url = `http://127.0.0.1:${port}`;
  await waitFor('the demo service', async () => proc.alive() && (await fetch(`${url}/metrics`)).ok, 20_000).catch((e) => {
    throw new Error(`${e.message}\n${proc.log()}`);
  });
  return { ...proc, port, url };
}

/** A real Prometheus scraping `targets` every second: with exemplar storage
 * (`maxExemplars` of them) unless `exemplars` is false; `selfScrape` adds a
 * job scraping its own /metrics (its exemplar storage gauges). */
export async function startPrometheus(targets, { exemplars = true, maxExemplars = 100000, selfScrape = false } = {}) {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'exemplar-prom-'));
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: demo',
    '    static_configs:',
    `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
    ...(selfScrape ? ['  - job_name: prometheus', '    static_configs:', `      - targets: ['127.0.0.1:${port}']`] : []),
    'storage:',
    '  exemplars:',
    `    max_exemplars: ${maxExemplars}`,
    '',
  ].join('\n');
  await writeFile(path.join(dir, 'prometheus.yml'), config);
  const bin = process.env.PROMETHEUS_BIN || 'prometheus';
  const url = `http://127.0.0.1:${port}`;
  const launch = async () => {
    const proc = startProcess('prometheus', bin, [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...(exemplars ? ['--enable-feature=exemplar-storage'] : []),
    ]);
    await waitFor('Prometheus to be ready', async () => proc.alive() && (await fetch(`${url}/-/ready`)).ok, 30_000).catch((e) => {
      throw new Error(`${e.message}\n${proc.log()}`);
    });
    return proc;
  };
  let proc = await launch();
  return {
    port,
    url,
    log: () => proc.log(),
    alive: () => proc.alive(),
    /** Stops the process and keeps its data (for a restart). */
    kill: () => proc.stop(),
    /** Starts it again on the same port and data. */
    async restart() {
      await proc.stop();
      proc = await launch();
    },
    async stop() {
      await proc.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's VictoriaMetrics scraping `targets` every second (it stores no exemplars). */
export async function startVictoria(targets) {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'exemplar-vm-'));
  const config = ['scrape_configs:', '  - job_name: demo', '    scrape_interval: 1s', '    static_configs:',
    `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`, ''].join('\n');
  await writeFile(path.join(dir, 'scrape.yml'), config);
  const url = `http://127.0.0.1:${port}`;
  const proc = startProcess('victoria-metrics', process.env.VICTORIA_BIN || 'victoria-metrics', [
    `-httpListenAddr=127.0.0.1:${port}`,
    `-storageDataPath=${path.join(dir, 'data')}`,
    `-promscrape.config=${path.join(dir, 'scrape.yml')}`,
    '-search.latencyOffset=0s',
  ]);
  await waitFor('VictoriaMetrics to be ready', async () => proc.alive() && (await fetch(`${url}/health`)).ok, 30_000).catch((e) => {
    throw new Error(`${e.message}\n${proc.log()}`);
  });
  return { ...proc, port, url, async stop() { await proc.stop(); await rm(dir, { recursive: true, force: true }); } };
}

export async function waitForData(promUrl, expr, { minPoints = 8, minExemplars = 10, timeoutMs = 60_000 } = {}) {
  await waitFor(
    `${minPoints} points and ${minExemplars} exemplars in Prometheus`,
    async () => {
      const end = Date.now() / 1000;
      const form = new URLSearchParams({ query: expr, start: String(end - 300), end: String(end), step: '1' });
      const range = await (await fetch(`${promUrl}/api/v1/query_range`, { method: 'POST', body: form })).json();
      const points = range?.data?.result?.[0]?.values?.filter((v) => v[1] !== 'NaN').length ?? 0;
      const exForm = new URLSearchParams({ query: expr, start: String(end - 300), end: String(end) });
      const ex = await (await fetch(`${promUrl}/api/v1/query_exemplars`, { method: 'POST', body: exForm })).json();
      const exemplars = (ex?.data ?? []).reduce((n, s) => n + s.exemplars.length, 0);
      return points >= minPoints && exemplars >= minExemplars;
    },
    timeoutMs,
    500,
  );
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** A static file server for `dir` (the built app), like any web server a user has. */
/** Answers `pathname` with the file under `dir` (index.html for a directory), or 404. */
export async function sendFile(dir, pathname, res, headers = {}) {
  try {
    let rel = decodeURIComponent(pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir)) throw new Error('outside');
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream', ...headers });
    res.end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  }
}

export async function serveStatic(dir, { headers = {} } = {}) {
  const port = await freePort();
  const server = createServer((req, res) => sendFile(dir, new URL(req.url, 'http://x').pathname, res, headers));
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { port, url: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => server.close(r)) };
}

/** Debian's Chromium through playwright-core, flags for root in a closed network. */
export async function launchChromium({ extraArgs = [], ...options } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
    ...options,
  });
}

/** The demo's panel config, pointing at the given Prometheus and demo service. */
export function panelConfig({ promUrl, demoUrl, from = 'now-5m', targets } = {}) {
  const q = (p) => `histogram_quantile(${p}, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (le))`;
  return {
    title: 'Request latency',
    prometheus: { url: promUrl },
    targets: targets ?? [
      { refId: 'A', expr: q('0.99'), legendFormat: 'p99' },
      { refId: 'B', expr: q('0.95'), legendFormat: 'p95' },
      { refId: 'C', expr: q('0.5'), legendFormat: 'p50' },
    ],
    time: { from, to: 'now' },
    scrapeInterval: '1s',
    unit: 's',
    exemplarTraceIdDestinations: [
      { name: 'trace_id', url: `${demoUrl}/trace/\${__value.raw}`, urlDisplayLabel: 'Open trace' },
    ],
  };
}

/** `index.html?config=<url-encoded JSON>`: the standalone page contract. */
export const pageUrl = (base, config) => `${base}/?config=${encodeURIComponent(JSON.stringify(config))}`;

/** The whole stack for a test file: demo service, Prometheus with data, the built app, Chromium. */
export async function startStack({ dist = process.env.EXEMPLAR_DIST || path.join(ROOT, 'target/e2e-dist') } = {}) {
  const stack = {};
  try {
    stack.demo = await startDemo();
    stack.prom = await startPrometheus([`127.0.0.1:${stack.demo.port}`]);
    stack.site = await serveStatic(dist);
    stack.browser = await launchChromium();
    await waitForData(stack.prom.url, 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[4s])) by (le))');
  } catch (e) {
    await stopStack(stack);
    throw e;
  }
  return stack;
}

export async function stopStack({ browser, site, prom, demo } = {}) {
  await browser?.close();
  await site?.stop();
  await prom?.stop();
  await demo?.stop();
}

/** Opens `config` in a new page; collects page errors and console errors. */
export async function openPanel(stack, config, { viewport = { width: 1100, height: 700 }, state = 'ready' } = {}) {
  const page = await stack.browser.newPage({ viewport });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(pageUrl(stack.site.url, config));
  if (state) await page.waitForSelector(`[data-exemplar-panel][data-state="${state}"]`, { timeout: 30_000 });
  return { page, errors };
}

/**
 * An init script that lets a test hide and show the page: headless Chromium
 * cannot hide a tab, so `document.visibilityState` and `document.hidden` are
 * overridden before the bundle loads, and `window.setVisible(v)` fires
 * `visibilitychange`, exactly what the panel reads.
 */
export const VISIBILITY_SCRIPT = `
window.__visible = true;
Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get() { return window.__visible ? 'visible' : 'hidden'; } });
Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get() { return !window.__visible; } });
window.setVisible = (v) => { window.__visible = v; document.dispatchEvent(new Event('visibilitychange')); };
`;

/** How many requests Prometheus has answered on `handler` so far: its own
 * `prometheus_http_requests_total`, read from its /metrics (summed over codes). */
async function served(promUrl, handler) {
  const text = await (await fetch(`${promUrl}/metrics`)).text();
  let n = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('prometheus_http_requests_total{') && line.includes(`handler="${handler}"`)) n += Number(line.split(' ').pop());
  }
  return n;
}

/** Prometheus's `query_range` and `query_exemplars` counts, read until they
 * stop moving (they count finished requests). */
export async function servedCounts(promUrl) {
  let last = null;
  for (let i = 0; i < 20; i++) {
    const now = [await served(promUrl, '/api/v1/query_range'), await served(promUrl, '/api/v1/query_exemplars')];
    if (last && now[0] === last[0] && now[1] === last[1]) return { range: now[0], exemplars: now[1] };
    last = now;
    await sleep(300);
  }
  return { range: last[0], exemplars: last[1] };
}

/** Records exemplar-select / exemplar-click events in `window.__events`. */
export async function recordEvents(page, { preventClick = false } = {}) {
  await page.evaluate((prevent) => {
    window.__events = [];
    for (const type of ['exemplar-select', 'exemplar-click']) {
      document.addEventListener(type, (e) => {
        window.__events.push({ type, detail: e.detail, cancelable: e.cancelable });
        if (prevent && type === 'exemplar-click') e.preventDefault();
      });
    }
  }, preventClick);
}

const AXE = path.join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js');

/**
 * axe-core's violations on `page` (it reaches into open shadow roots), as
 * `rule: target` lines; `within` narrows it to the first element matching a
 * selector (searched through shadow roots). Page-level rules that are the
 * host page's business, not the panel's, can be turned off with `disable`.
 */
export async function axeViolations(page, { within = null, disable = [] } = {}) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE });
  return page.evaluate(
    async ([selector, off]) => {
      const find = (root) => {
        const hit = root.querySelector(selector);
        if (hit) return hit;
        for (const el of root.querySelectorAll('*')) {
          const inner = el.shadowRoot && find(el.shadowRoot);
          if (inner) return inner;
        }
        return null;
      };
      const context = selector ? find(document) : document;
      if (!context) return [`(nothing matches ${selector})`];
      const rules = Object.fromEntries(off.map((id) => [id, { enabled: false }]));
      const result = await window.axe.run(context, { resultTypes: ['violations'], rules });
      return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
    },
    [within, disable],
  );
}
