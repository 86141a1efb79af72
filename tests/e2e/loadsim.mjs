// Load simulation (not a test; `scripts/loadsim.sh` runs it): one page with
// 20 panels (10 distinct queries, each shown twice), auto-refresh 5 s, for
// 60 s, three ways: visible; hidden; and against a backend that answers every
// query_range with 429 and `Retry-After: 10`. It counts the requests that
// reach the backend (the real Prometheus's `prometheus_http_requests_total`;
// the stand-in's own log for the 429 run) and compares them with the naive
// count: 20 panels × 2 queries × 12 ticks = 480. Prints a Markdown table.
import { launchChromium, ROOT, servedCounts, startDemo, startPrometheus, VISIBILITY_SCRIPT, waitForData } from './harness.mjs';
import { startStandIn } from './standin.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const DIST = process.env.EXEMPLAR_DIST || `${ROOT}/target/e2e-dist`;
const SECONDS = Number(process.env.LOADSIM_SECONDS || 60);
const PANELS = 20;
const DISTINCT = 10;
const NAIVE = PANELS * 2 * Math.floor(SECONDS / 5);

// Small panels in a grid, so all 20 are on screen in the viewport.
const GRID = `document.body.style.cssText = 'margin:0;width:2400px;display:grid;grid-template-columns:repeat(5,460px);gap:8px';
document.documentElement.style.setProperty('--ep-plot-height', '120px');`;

/** Both API endpoints' counts at Prometheus, summed. */
async function served(promUrl) {
  const { range, exemplars } = await servedCounts(promUrl);
  return range + exemplars;
}

async function openPage(browser, standIn) {
  const page = await browser.newPage({ viewport: { width: 2400, height: 1400 } });
  await page.addInitScript(VISIBILITY_SCRIPT);
  await page.goto(standIn.pageUrl);
  await page.waitForFunction(() => window.pageReady === true, null, { timeout: 30_000 });
  await page.evaluate(GRID);
  return page;
}

const expr = (i) => `histogram_quantile(0.${90 + i}, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (le))`;

async function mountAll(page, promUrl, states = ['ready']) {
  for (let i = 0; i < PANELS; i++) {
    const config = {
      title: `panel ${i}`,
      prometheus: { url: promUrl },
      targets: [{ refId: 'A', expr: expr(i % DISTINCT) }],
      time: { from: 'now-5m', to: 'now' },
      scrapeInterval: '1s',
      refresh: '5s',
      toolbar: false,
    };
    await page.evaluate(([c, s]) => window.runCase(c, { keep: true, states: s, timeoutMs: 30000 }), [config, states]);
  }
}

const rows = [];
const demo = await startDemo();
const prom = await startPrometheus([`127.0.0.1:${demo.port}`]);
let calls = 0;
const standIn = await startStandIn(DIST, {
  limited: {
    query_range: () => {
      calls++;
      return { status: 429, json: { status: 'error', errorType: 'too_many_requests', error: 'slow down' }, headers: { 'Retry-After': '10', 'Access-Control-Expose-Headers': 'Retry-After' } };
    },
  },
});
const browser = await launchChromium();
try {
  await waitForData(prom.url, 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[4s])) by (le))');
  for (const mode of ['visible', 'hidden']) {
    const page = await openPage(browser, standIn);
    const t0 = await served(prom.url);
    await mountAll(page, prom.url);
    const t1 = await served(prom.url);
    if (mode === 'hidden') await page.evaluate(() => window.setVisible(false));
    await sleep(SECONDS * 1000);
    const t2 = await served(prom.url);
    const stats = await page.evaluate(async () => (await import('./exemplar-panel.js')).requestStats());
    rows.push({ mode, initial: t1 - t0, requests: t2 - t1, stats });
    await page.close();
  }
  {
    const page = await openPage(browser, standIn);
    const from = standIn.log.length;
    await mountAll(page, standIn.promUrl('limited'), ['error', 'ready', 'stale']);
    const initial = standIn.log.length - from;
    const mid = standIn.log.length;
    await sleep(SECONDS * 1000);
    const stats = await page.evaluate(async () => (await import('./exemplar-panel.js')).requestStats());
    rows.push({ mode: '429, Retry-After: 10', initial, requests: standIn.log.length - mid, stats });
    await page.close();
  }
} finally {
  await browser.close();
  await standIn.stop();
  await prom.stop();
  await demo.stop();
}

console.log(`\n${PANELS} panels (${DISTINCT} distinct queries), auto-refresh 5 s, ${SECONDS} s; naive: ${NAIVE} requests (${PANELS} panels × 2 queries × ${Math.floor(SECONDS / 5)} ticks)\n`);
console.log('| run | requests at the backend in 60 s | vs naive | first loads | sent / joined / reused (page counters, whole run) |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) {
  const ratio = `${((100 * r.requests) / NAIVE).toFixed(1)}%`;
  console.log(`| ${r.mode} | ${r.requests} | ${ratio} | ${r.initial} | ${r.stats.sent} / ${r.stats.joined} / ${r.stats.reused} |`);
}
console.log(`\n${JSON.stringify(rows)}`);
