// End-to-end: the in-panel trace view. The real demo service (its /api/pay
// incident held on) serves every request's trace as Jaeger, Tempo (OTLP JSON,
// base64 ids) and Zipkin; a real Prometheus scrapes its exemplars; the widget
// runs in Debian's Chromium. The slowest exemplar is pinned and previewed, and
// the view's spans are checked against the service's own record
// (/record/{id}). The failure rows run against a small trace stand-in below.
// Real Jaeger, Tempo and Zipkin cannot be installed here: the demo's answers
// follow their documented API shapes (see demo/service/src/traces.rs).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import path from 'node:path';

import { ROOT, axeViolations, freePort, launchChromium, startDemo, startPrometheus, waitForData } from './harness.mjs';
import { pinSlowest, serveTraceHost, traceConfig } from './tracehost.mjs';

const DIST = path.resolve(process.env.EXEMPLAR_DIST || path.join(ROOT, 'target/e2e-dist'));

/** A 10,000-span Zipkin trace: span i's parent is i-1, every tenth hangs from the root; every span
 * ends with the root, so each fits in its parent and clock-skew adjustment moves none. */
const BIG_TRACE = JSON.stringify(
  Array.from({ length: 10_000 }, (_, i) => ({
    traceId: 'big', id: i.toString(16).padStart(16, '0'), ...(i ? { parentId: (i % 10 ? i - 1 : 0).toString(16).padStart(16, '0') } : {}),
    name: `op-${i}`, timestamp: 1_700_000_000_000_000 + i * 10, duration: 100_000 - i * 10, localEndpoint: { serviceName: `svc-${i % 7}` },
  })),
);

/** A stand-in trace backend for the failure rows; `mode` is the first path segment. */
function standinHandler(seen) {
  const cors = { 'Access-Control-Allow-Origin': '*' };
  const trace = JSON.stringify([{ traceId: 'a', id: '0000000000000001', name: 'only', timestamp: 1, duration: 5, localEndpoint: { serviceName: 's' } }]);
  return (req, res) => {
    const mode = req.url.split('/')[1];
    seen.push({ mode, url: req.url, method: req.method, headers: req.headers });
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'Access-Control-Allow-Headers': '*' });
      return res.end();
    }
    switch (mode) {
      case 'notfound':
        res.writeHead(404, { ...cors, 'Content-Type': 'application/json' });
        return res.end('{"data":null,"errors":[{"code":404,"msg":"trace not found"}]}');
      case 'nocors': // as real Jaeger and Tempo answer by default
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end(trace);
      case 'bad':
        res.writeHead(200, { ...cors, 'Content-Type': 'text/html' });
        return res.end('<html><body>Sign in</body></html>');
      case 'truncated':
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
        return res.end(trace.slice(0, 40));
      case 'empty':
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
        return res.end('{"data":[]}');
      case 'large': // announces 60 MB, sends a little, then waits to be dropped
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json', 'Content-Length': String(60_000_000) });
        res.write('{"data":[');
        return setTimeout(() => res.destroy(), 10_000);
      case 'slow':
        return setTimeout(() => res.destroy(), 10_000);
      case 'big': // 10,000 spans in a chain of ten-span runs
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
        return res.end(BIG_TRACE);
      default: // echo: a valid one-span Zipkin trace
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
        return res.end(trace);
    }
  };
}

let demo, prom, site, standin, browser;
const seen = [];

before(async () => {
  process.env.EXEMPLAR_DEMO_INCIDENT = 'on';
  demo = await startDemo();
  prom = await startPrometheus([`127.0.0.1:${demo.port}`]);
  site = await serveTraceHost(DIST);
  const standinPort = await freePort();
  const standinServer = createServer(standinHandler(seen));
  await new Promise((r) => standinServer.listen(standinPort, '127.0.0.1', r));
  standin = { url: `http://127.0.0.1:${standinPort}`, stop: () => { standinServer.closeAllConnections(); return new Promise((r) => standinServer.close(r)); } };
  browser = await launchChromium();
  await waitForData(prom.url, 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[4s])) by (le))');
});

after(async () => {
  await browser?.close();
  await standin?.stop();
  await site?.stop();
  await prom?.stop();
  await demo?.stop();
});

const config = (type, extra = {}) => traceConfig({ promUrl: prom.url, demoUrl: demo.url, type, extra });

async function openPage(cfg, { state = 'ready', bundle } = {}) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.page(cfg, bundle));
  await page.waitForFunction(() => window.pageReady === true, null, { timeout: 30_000 });
  if (state) await page.waitForSelector(`[data-exemplar-panel][data-state="${state}"]`, { timeout: 30_000 });
  return { page, errors };
}

/** The view's rows: [spanId, name, service, durUs, current]. */
async function viewRows(page) {
  return page.getByTestId('trace-span').evaluateAll((rows) =>
    rows.map((r) => [r.dataset.spanId, r.querySelector('.ep-span-op').textContent, r.dataset.service, Number(r.dataset.durUs), r.getAttribute('aria-current')]),
  );
}

describe('the lean widget (exemplar-panel.js) leaves the trace view and the doctor to the full one', () => {
  test('no Preview trace, no doctor; previewTrace() and diagnose() name exemplar-panel-full.js', async () => {
    const { page, errors } = await openPage(config('zipkin'), { bundle: 'exemplar-panel' });
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.getByTestId('toggle-table').click();
    const row = page.getByTestId('exemplar-row').first();
    await row.waitFor();
    await row.click();
    await page.getByTestId('copy-trace-id').waitFor();
    assert.equal(await page.getByTestId('preview-trace').count(), 0, 'no Preview trace in the tooltip');
    assert.equal(await page.getByTestId('row-preview-trace').count(), 0, 'nor on the rows');
    assert.equal(await page.getByTestId('doctor-open').count(), 0, 'no doctor control');
    const why = await page.evaluate(() => window.panel.diagnose().then(() => 'resolved', (e) => e.message));
    assert.match(why, /exemplar-panel-full\.js/);
    await page.evaluate(() => window.panel.previewTrace('abc'));
    await page.waitForTimeout(100);
    assert.ok(warnings.some((w) => /previewTrace\(\).*exemplar-panel-full\.js/.test(w)), warnings.join('\n'));
    assert.equal(await page.getByTestId('trace-view').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('the trace view in the demo', () => {
  for (const type of ['jaeger', 'tempo', 'zipkin']) {
    test(`${type}: the slowest exemplar's preview shows the spans the service recorded`, async () => {
      const { page, errors } = await openPage(config(type));
      const traceId = await pinSlowest(page);
      await page.getByTestId('preview-trace').click();
      await page.getByTestId('trace-span').first().waitFor({ timeout: 10_000 });
      const record = await (await fetch(`${demo.url}/record/${traceId}`)).json();
      const expected = record.spans.map((s) => [s.span_id, s.name, s.service, s.duration_us, s.parent_id ? null : 'true']);
      const rows = await viewRows(page);
      const bySpan = (a, b) => a[0].localeCompare(b[0]);
      assert.deepEqual([...rows].sort(bySpan), [...expected].sort(bySpan), 'names and durations equal the record');
      assert.equal(rows[0][1], `${record.method} ${record.route}`, 'the root first');
      const title = await page.getByTestId('trace-title').innerText();
      assert.equal(title, `${record.method} ${record.route}`);
      const facts = await page.getByTestId('trace-facts').innerText();
      const services = new Set(record.spans.map((s) => s.service)).size;
      assert.match(facts, new RegExp(`^${services} services · ${record.spans.length} spans · `));
      const open = page.getByTestId('trace-view').getByRole('link', { name: /^Open in / });
      assert.equal(await open.getAttribute('rel'), 'noopener noreferrer');
      const previews = await page.evaluate(() => window.previews);
      assert.deepEqual(previews, [{ traceId, spanCount: record.spans.length, durationMs: record.spans[0].duration_us / 1000 }]);
      if (record.route === '/api/pay') {
        const lock = record.spans.find((s) => s.name === 'db.lock_wait');
        assert.ok(lock.duration_us > record.spans[0].duration_us / 2, 'the incident: the lock wait is most of the request');
      }
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('the table row offers the preview too', async () => {
    const { page } = await openPage(config('zipkin'));
    await page.getByTestId('toggle-table').click();
    const row = page.getByTestId('exemplar-row').nth(1);
    const traceId = (await row.locator('.ep-mono').innerText()).trim();
    await row.getByTestId('row-preview-trace').click();
    await page.getByTestId('trace-span').first().waitFor();
    assert.deepEqual(await page.evaluate(() => window.previews.map((p) => p.traceId)), [traceId]);
    await page.close();
  });

  test('keyboard: ↓ moves, ← collapses, → expands, Enter shows details as text, Escape closes', async () => {
    const { page } = await openPage(config('jaeger'));
    await pinSlowest(page);
    await page.getByTestId('preview-trace').click();
    const spans = page.getByTestId('trace-span');
    await spans.first().waitFor();
    const total = await spans.count();
    assert.ok(total >= 4, `${total} spans`);
    // Focus moves on the next animation frame, once the row is rendered.
    const focusOn = (id) => page.waitForFunction((id) => document.activeElement?.shadowRoot?.activeElement?.dataset?.spanId === id, id, { timeout: 5_000 });
    await spans.first().focus();
    assert.equal(await spans.first().getAttribute('aria-current'), 'true', 'the exemplar’s span is the root here');
    await page.keyboard.press('ArrowDown');
    const second = await spans.nth(1).getAttribute('data-span-id');
    await focusOn(second);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.querySelector('#root').shadowRoot.querySelectorAll('[data-testid=trace-span]').length === 1);
    assert.equal(await spans.first().getAttribute('aria-expanded'), 'false');
    const rootRow = await spans.first().elementHandle();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((n) => document.querySelector('#root').shadowRoot.querySelectorAll('[data-testid=trace-span]').length === n, total);
    // Collapsing and expanding keep the row element, so the DOM focus never leaves it
    // (a key pressed at once lands in the tree, not on the page).
    assert.ok(await rootRow.evaluate((el) => el.isConnected), 'the same row element after expanding');
    const focused = await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.dataset?.spanId);
    assert.equal(focused, await spans.first().getAttribute('data-span-id'), 'the focus stays on the row');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const details = await page.getByTestId('span-details').innerText();
    assert.match(details, /auth\.check/);
    assert.match(details, /Self time/);
    assert.match(details, /token\.validated/, 'events');
    await page.keyboard.press('Escape');
    await page.getByTestId('trace-view').waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.dataset?.testid), 'plot', 'the keys go back to the chart');
    await page.close();
  });

  // The view itself (the rest of the panel is axe-checked by the panel's own tests).
  test('axe: no violations on the open trace view, light and dark', async () => {
    for (const theme of ['light', 'dark']) {
      const { page } = await openPage(config('zipkin', { theme }));
      await pinSlowest(page);
      await page.getByTestId('preview-trace').click();
      await page.getByTestId('span-details').waitFor();
      assert.deepEqual(await axeViolations(page, { within: '[data-testid=trace-view]' }), [], theme);
      await page.close();
    }
  });
});

describe('trace failure rows: each a clear message in the view', () => {
  let page;
  before(async () => {
    ({ page } = await openPage(config('jaeger'), { state: null }));
  });
  after(async () => page?.close());

  /** Points the trace datasource at `url` and previews `id`; returns the message shown. */
  async function failure(url, id = 'abc123', extra = {}) {
    await page.evaluate(([url, extra]) => window.panel.update({ datasources: [{ uid: 'traces', type: 'jaeger', url, timeout: '1s', ...extra }] }), [url, extra]);
    await page.evaluate((id) => window.panel.previewTrace(id), id);
    const error = page.getByTestId('trace-error');
    await error.waitFor({ timeout: 10_000 });
    const text = await error.innerText();
    await page.getByTestId('trace-close').click();
    return text;
  }

  test('404: not found yet, retry', async () => {
    assert.equal(await failure(`${standin.url}/notfound`, 'abc123'), 'trace abc123 not found yet; the trace backend may still be ingesting it — retry');
  });
  test('unreachable', async () => {
    const closed = await freePort();
    assert.match(await failure(`http://127.0.0.1:${closed}`), /could not be reached: nothing answered/);
  });
  test('CORS: the proxy fix is named', async () => {
    const text = await failure(`${standin.url}/nocors`);
    assert.match(text, /without CORS headers/);
    assert.match(text, /reverse proxy/);
    assert.match(text, /apiUrl/);
  });
  test('a body that is not JSON', async () => {
    assert.match(await failure(`${standin.url}/bad`), /is not a trace \(not JSON/);
  });
  test('a truncated body', async () => {
    assert.match(await failure(`${standin.url}/truncated`), /ends early \(truncated JSON/);
  });
  test('an empty trace', async () => {
    assert.match(await failure(`${standin.url}/empty`), /empty trace \(no spans\)/);
  });
  test('over the size limit, refused by its Content-Length', async () => {
    assert.match(await failure(`${standin.url}/large`), /too large to show here: 60 MB, over the panel's limit of 50 MB/);
  });
  test('a timeout', async () => {
    assert.match(await failure(`${standin.url}/slow`), /did not answer within 1s/);
  });
  test('10,000 spans: only the rows in view are in the DOM, and scrolling brings the last', async () => {
    await page.evaluate((url) => window.panel.update({ datasources: [{ uid: 'traces', type: 'zipkin', url }] }), `${standin.url}/big`);
    await page.evaluate(() => window.panel.previewTrace('big'));
    await page.getByTestId('trace-span').first().waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('trace-facts').innerText(), /7 services · 10000 spans/);
    const inDom = await page.getByTestId('trace-span').count();
    assert.ok(inDom > 10 && inDom < 60, `${inDom} rows in the DOM`);
    await page.locator('.ep-trace-rows').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await page.locator('[data-testid=trace-span][data-span-id="000000000000270f"]').waitFor({ timeout: 5_000 });
    assert.ok((await page.getByTestId('trace-span').count()) < 60);
    await page.getByTestId('trace-close').click();
  });

  test('an id that needs encoding is percent-encoded; headers go to that datasource only', async () => {
    seen.length = 0;
    await page.evaluate((url) => window.panel.update({ datasources: [{ uid: 'traces', type: 'zipkin', url, headers: { 'X-Scope-OrgID': 'team-a' } }] }), `${standin.url}/echo`);
    await page.evaluate(() => window.panel.previewTrace('a/b?c#d e'));
    await page.getByTestId('trace-span').first().waitFor({ timeout: 10_000 });
    const asked = seen.find((s) => s.mode === 'echo' && s.method === 'GET');
    assert.equal(asked.url, '/echo/api/v2/trace/a%2Fb%3Fc%23d%20e');
    assert.equal(asked.headers['x-scope-orgid'], 'team-a');
    await page.getByTestId('trace-close').click();
  });
});
