// End-to-end: the exemplar doctor names the cause against the real servers
// that produce each one: Debian's Prometheus without the exemplar-storage
// feature, with a tiny ring buffer, scraping a target that serves the text
// format 0.0.4, and Debian's VictoriaMetrics from another origin and behind a
// same-origin proxy. One set of servers for the whole file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import path from 'node:path';

import {
  ROOT, axeViolations, freePort, launchChromium, openPanel, panelConfig, sendFile, startDemo, startPrometheus, startVictoria, waitFor,
} from './harness.mjs';

const DIST = path.resolve(process.env.EXEMPLAR_DIST || path.join(ROOT, 'target/e2e-dist'));
const P99 = 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[4s])) by (le))';
const s = {};

/** The built app, with `/api/v1/*` passed to `backend` (a same-origin proxy, as nginx would be). */
async function serveWithProxy(backend) {
  const port = await freePort();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith('/api/v1/')) return sendFile(DIST, url.pathname, res);
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const headers = { 'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded' };
    const body = req.method === 'POST' ? Buffer.concat(chunks) : undefined;
    try {
      const answer = await fetch(`${backend}${req.url}`, { method: req.method, headers, body, signal: AbortSignal.timeout(10_000) });
      res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'text/plain' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch (e) {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(String(e));
    }
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => server.close(r)) };
}

/** How many exemplars `prom` holds for P99 over the last 5 minutes. */
async function exemplarCount(prom) {
  const end = Date.now() / 1000;
  const form = new URLSearchParams({ query: P99, start: String(end - 300), end: String(end) });
  const ex = await (await fetch(`${prom}/api/v1/query_exemplars`, { method: 'POST', body: form })).json();
  return (ex?.data ?? []).reduce((n, series) => n + series.exemplars.length, 0);
}

/** Whether `base` has a P99 value now. */
async function hasSeries(base) {
  const r = await (await fetch(`${base}/api/v1/query?query=${encodeURIComponent(P99)}`)).json();
  return (r?.data?.result ?? []).length > 0;
}

before(async () => {
  s.demo = await startDemo();
  s.textDemo = await startDemo({ textFormat: true });
  const target = [`127.0.0.1:${s.demo.port}`];
  [s.noFeature, s.tiny, s.text, s.vm] = await Promise.all([
    startPrometheus(target, { exemplars: false }),
    startPrometheus(target, { maxExemplars: 10, selfScrape: true }),
    startPrometheus([`127.0.0.1:${s.textDemo.port}`]),
    startVictoria(target),
  ]);
  s.site = await serveWithProxy(s.vm.url);
  s.tinySite = await serveWithProxy(s.tiny.url);
  s.browser = await launchChromium();
  await waitFor('series in every backend, exemplars and storage gauges in the tiny one', async () => {
    const all = await Promise.all([s.noFeature, s.tiny, s.text, s.vm].map((b) => hasSeries(b.url)));
    const gauges = await (await fetch(`${s.tiny.url}/api/v1/query?query=prometheus_tsdb_exemplar_max_exemplars`)).json();
    return all.every(Boolean) && (await exemplarCount(s.tiny.url)) > 0 && gauges.data.result.length > 0;
  }, 60_000, 500);
});

after(async () => {
  await s.browser?.close();
  await s.site?.stop();
  await s.tinySite?.stop();
  for (const b of [s.noFeature, s.tiny, s.text, s.vm]) await b?.stop();
  await s.demo?.stop();
  await s.textDemo?.stop();
});

/** Opens a panel on `promUrl`, waits for it, opens the doctor; returns `{id: {status, text}}`. */
async function doctor(promUrl, { toolbar = true, label = 'trace_id' } = {}) {
  const config = { ...panelConfig({ promUrl, demoUrl: s.demo.url }), toolbar };
  config.exemplarTraceIdDestinations[0].name = label;
  const stack = { browser: s.browser, site: s.site };
  const { page, errors } = await openPanel(stack, config, { viewport: { width: 1100, height: 900 } });
  await page.click('[data-testid="doctor-open"]');
  await page.waitForSelector('[data-testid="exemplar-doctor"] [data-testid="doctor-check"]', { timeout: 20_000 });
  // `text` writes each <code> span back as `code`, so the findings read as the core wrote them;
  // `raw` is what the page shows: no backtick may be left in it.
  const checks = await page.$$eval('[data-testid="doctor-check"]', (els) =>
    Object.fromEntries(els.map((e) => {
      const c = e.cloneNode(true);
      c.querySelectorAll('code').forEach((k) => k.replaceWith(`\`${k.textContent}\``));
      return [e.dataset.check, { status: e.dataset.status, text: c.textContent, raw: e.textContent }];
    })),
  );
  for (const [id, c] of Object.entries(checks)) assert.ok(!c.raw.includes('`'), `${id} shows a backtick: ${c.raw}`);
  return { page, errors, checks };
}

/** axe on the whole page; the app page has no h1 (a page-level rule, not the panel's). */
const axe = (page) => axeViolations(page, { disable: ['page-has-heading-one'] });

const problems = (checks) => Object.entries(checks).filter(([, c]) => c.status === 'problem').map(([id]) => id).sort();

describe('the exemplar doctor against real backends', () => {
  test('Prometheus without --enable-feature=exemplar-storage: the control shows by itself and names the flag', async () => {
    const { page, errors, checks } = await doctor(s.noFeature.url, { toolbar: false });
    assert.equal(await page.locator('.ep-doctor-hint').count(), 1, 'shown because no exemplars came, not by the toolbar');
    assert.equal(checks['exemplar-storage'].status, 'problem');
    assert.match(checks['exemplar-storage'].text, /Prometheus 2\.\d+.* runs without `--enable-feature=exemplar-storage`/);
    assert.deepEqual(problems(checks), ['exemplar-storage'], 'only the cause, not its consequences');
    assert.equal(checks.cors.status, 'ok');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a tiny ring buffer: coverage names max_exemplars and the chart shades the gap', async () => {
    const { page, checks } = await doctor(s.tiny.url);
    assert.equal(checks.coverage.status, 'problem', checks.coverage.text);
    assert.match(checks.coverage.text, /exemplars exist only since \d\d:\d\d:\d\d: the ring buffer of 10 has dropped older ones/);
    assert.match(checks.coverage.text, /Raise `max_exemplars`/);
    assert.equal(checks.storage.status, 'ok', 'its own gauges are scraped');
    const band = await page.locator('[data-testid="coverage-gap"]').boundingBox();
    const plot = await page.locator('[data-testid="plot"]').boundingBox();
    assert.ok(band && band.width > plot.width / 2, `the gap covers most of 5 minutes: ${JSON.stringify(band)}`);
    await page.close();
  });

  test('a target serving the text format 0.0.4: series without exemplars, naming the OpenMetrics Content-Type', async () => {
    const { page, checks } = await doctor(s.text.url);
    assert.equal(checks['exemplar-storage'].status, 'ok');
    assert.equal(checks['series-without-exemplars'].status, 'problem');
    assert.match(checks['series-without-exemplars'].text, /Content-Type: application\/openmetrics-text/);
    assert.equal(checks['scrape-targets'].status, 'ok');
    assert.match(checks['scrape-targets'].text, /demo http:\/\/127\.0\.0\.1:\d+\/metrics up/);
    await page.close();
  });

  test('the wrong label: the doctor names the label the exemplars carry', async () => {
    const { page, checks } = await doctor(s.tiny.url, { label: 'traceID' });
    assert.equal(checks['trace-label'].status, 'problem');
    assert.match(checks['trace-label'].text, /your exemplars carry `trace_id`; destination 1 expects `traceID`/);
    await page.close();
  });

  test('VictoriaMetrics from another origin: named from status/tsdb, CORS per endpoint', async () => {
    const { page, checks } = await doctor(s.vm.url);
    assert.match(checks.backend.text, /VictoriaMetrics answers .*`totalSeries`.*stores no exemplars/);
    assert.equal(checks.cors.status, 'problem');
    assert.match(checks.cors.text, /`status\/buildinfo`.*`query_exemplars`.*without CORS headers/);
    assert.match(checks.cors.text, /VictoriaMetrics sends none on query_exemplars/);
    const error = await page.locator('[data-testid="notice"]').allTextContents();
    assert.ok(error.join(' ').includes('the backend at'), `the panel names no "Prometheus": ${error}`);
    await page.close();
  });

  test('VictoriaMetrics behind a same-origin proxy: named from its empty buildinfo, no CORS problem', async () => {
    const { page, checks } = await doctor('');
    assert.equal(checks.backend.status, 'problem');
    assert.match(checks.backend.text, /VictoriaMetrics answers \(its buildinfo is empty\); it stores no exemplars/);
    assert.equal(checks.cors.status, 'ok');
    assert.equal(checks['exemplar-storage'].status, 'problem');
    await page.close();
  });

  test('axe: no violations with the doctor open (ok, problem and unknown checks, the gap band), light and dark', async () => {
    for (const prom of [s.tiny, s.noFeature]) {
      const { page, checks } = await doctor(prom.url, { label: 'traceID' });
      if (prom === s.tiny) await page.waitForSelector('[data-testid="coverage-gap"]');
      else assert.ok(Object.values(checks).some((c) => c.status === 'unknown'));
      assert.deepEqual(await axe(page), [], 'light');
      await page.click('[data-testid="theme-toggle"]');
      await page.waitForSelector('[data-exemplar-panel][data-theme="dark"]');
      assert.deepEqual(await axe(page), [], 'dark');
      await page.close();
    }
  });

  test('panel.diagnose() resolves to the same checks as JSON', async () => {
    const page = await s.browser.newPage();
    await page.goto(`${s.site.url}/blank`);
    const report = await page.evaluate(async ({ promUrl, config }) => {
      const m = await import('/exemplar-panel-full.js');
      await m.default();
      const el = document.createElement('div');
      document.body.append(el);
      const panel = m.mount(el, { ...config, prometheus: { url: promUrl } });
      return await panel.diagnose();
    }, { promUrl: s.noFeature.url, config: panelConfig({ promUrl: s.noFeature.url, demoUrl: s.demo.url }) });
    assert.match(report.backend, /^Prometheus 2\./);
    assert.equal(report.checks.length, 8);
    const storage = report.checks.find((c) => c.id === 'exemplar-storage');
    assert.equal(storage.status, 'problem');
    assert.match(storage.fix, /--enable-feature=exemplar-storage/);
    await page.close();
  });
});

describe('the standalone app without a config', () => {
  test('starts at the metric browser; three clicks reach a working exemplar panel', async () => {
    const page = await s.browser.newPage({ viewport: { width: 1100, height: 1200 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${s.tinySite.url}/`);
    const rows = page.locator('[data-testid="metric-browser"] [data-testid="metric"]');
    await rows.first().waitFor({ timeout: 20_000 });
    // The demo's histogram, and Prometheus's own (it scrapes itself), one row per family.
    const names = await rows.allTextContents();
    assert.ok(names.includes('http_request_duration_seconds') && names.includes('prometheus_http_request_duration_seconds'), `${names}`);
    assert.ok(!names.some((n) => n.endsWith('_bucket')), 'families, not series');
    const marked = await page.$$eval('[data-testid="metric"][data-exemplars="true"]', (els) => els.map((e) => e.textContent));
    assert.deepEqual(marked, ['http_request_duration_seconds'], 'only the demo histogram has exemplars in the range');
    await page.fill('[data-testid="metric-filter"]', 'nothing-like-this');
    assert.equal(await rows.count(), 0, 'the filter hides what does not match');
    await page.fill('[data-testid="metric-filter"]', 'TSDB');
    assert.ok((await rows.allTextContents()).every((n) => n.includes('tsdb')));
    await page.fill('[data-testid="metric-filter"]', '');
    // Click 1: choose the family.
    // The whole row picks it, not only the name's text: click its far right.
    const row = rows.filter({ hasText: /^http_request_duration_seconds$/ });
    const rowBox = await row.boundingBox();
    await row.click({ position: { x: rowBox.width - 6, y: rowBox.height / 2 } });
    const legend = page.locator('[data-testid="legend-item"]');
    await waitFor('p99, p90 and p50', async () => (await legend.count()) === 3, 20_000);
    assert.deepEqual((await legend.allTextContents()).map((t) => t.trim().slice(0, 3)), ['p99', 'p90', 'p50']);
    await page.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 20_000 });
    await waitFor('exemplar dots', async () => /\d/.test(await page.locator('[data-testid="count"]').textContent()), 20_000);
    // Click 2: split by route.
    await waitFor('the split-by labels', async () => (await page.locator('[data-testid="split-by"] option').count()) > 2, 10_000);
    await page.selectOption('[data-testid="split-by"]', 'route');
    await waitFor('one line per route and quantile', async () => (await legend.count()) === 9, 20_000);
    assert.ok((await legend.allTextContents()).some((t) => t.includes('p99 /api/pay')));
    assert.deepEqual(errors, []);
    assert.deepEqual(await axe(page), [], 'the metric browser and the panel');
    await page.close();
  });

  test('the link editor fixes the wrong label in one click', async () => {
    const config = panelConfig({ promUrl: s.tiny.url, demoUrl: s.demo.url });
    config.exemplarTraceIdDestinations[0].name = 'traceID';
    const { page } = await openPanel({ browser: s.browser, site: s.site }, config, { viewport: { width: 1100, height: 1200 } });
    await page.locator('[data-testid=editor] > summary').click();
    await page.click('[data-testid="label-check"]');
    await page.waitForSelector('[data-testid="label-fix"]', { timeout: 20_000 });
    const result = page.getByTestId('label-check-result');
    assert.match(await result.textContent(), /carry trace_id; destination 1 expects traceID/);
    assert.deepEqual(await result.locator('code').allTextContents(), ['trace_id', 'traceID']);
    await page.click('[data-testid="label-fix"]');
    await waitFor('the destination renamed', async () => (await page.inputValue('[data-testid="dest-name-0"]')) === 'trace_id', 5_000);
    await page.close();
  });
});
