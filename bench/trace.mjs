// The trace view's benchmark: a 10,000-span Jaeger trace (generated here, in
// the documented shape) previewed in the release widget in headless Chromium.
// Measures, over N runs: previewTrace() → `trace-preview` (fetch over loopback
// + parse + layout), previewTrace() → the first frame with rows (the above +
// first paint), and one scroll step (scrollTop moves 5 rows, started from a task
// of its own: the scroll handler and the new window's rows, until the next task;
// the browser's own style, layout and paint of the frame after are not in it). Appends a section to
// BENCHMARKS.md. Not a test: nothing here fails on a slow figure.
//   node bench/trace.mjs [--runs N] [--release-dist DIR]
import { createServer } from 'node:http';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';

import { ROOT, freePort, launchChromium } from '../tests/e2e/harness.mjs';
import { serveTraceHost } from '../tests/e2e/tracehost.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('runs', 15));
const DIST = path.resolve(arg('release-dist', path.join(ROOT, 'target/bench-release')));
const SPANS = 10_000;

// Jaeger's query API shape: a root, each span the child of the one before it
// except every tenth, which hangs from span i/10; 8 services, a few tags each.
const hex = (i) => i.toString(16).padStart(16, '0');
const body = JSON.stringify({
  data: [{
    traceID: 'b1g', processes: Object.fromEntries(Array.from({ length: 8 }, (_, p) => [`p${p}`, { serviceName: `svc-${p}` }])),
    spans: Array.from({ length: SPANS }, (_, i) => ({
      traceID: 'b1g', spanID: hex(i), operationName: `op-${i % 50}`,
      references: i ? [{ refType: 'CHILD_OF', spanID: hex(i % 10 ? i - 1 : Math.floor(i / 10)) }] : [],
      startTime: 1_700_000_000_000_000 + i * 10, duration: 1_000_000 - i * 10, processID: `p${i % 8}`,
      tags: [{ key: 'http.route', type: 'string', value: '/api/pay' }, { key: 'i', type: 'int64', value: i }], logs: [],
    })),
  }],
});

const apiPort = await freePort();
const api = createServer((req, res) => {
  res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' });
  res.end(body);
});
await new Promise((r) => api.listen(apiPort, '127.0.0.1', r));
const site = await serveTraceHost(DIST);
const browser = await launchChromium();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => `${median(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  const config = {
    targets: [{ expr: 'up' }], prometheus: { url: `http://127.0.0.1:${apiPort}` },
    datasources: [{ uid: 't', type: 'jaeger', url: `http://127.0.0.1:${apiPort}` }],
  };
  await page.goto(site.page(config));
  await page.waitForFunction(() => window.pageReady === true);
  await page.waitForTimeout(1_000);
  const results = { ready: [], paint: [], scroll: [] };
  for (let run = 0; run < RUNS + 2; run++) {
    const r = await page.evaluate(async () => {
      const root = document.querySelector('#root').shadowRoot;
      root.querySelector('[data-testid=trace-close]')?.click();
      await new Promise((r) => setTimeout(r, 50));
      const nextTask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
      const t0 = performance.now();
      let ready = 0;
      const readyAt = new Promise((r) => document.addEventListener('trace-preview', () => r(performance.now()), { once: true }));
      window.panel.previewTrace('b1g');
      ready = (await readyAt) - t0;
      await new Promise((r) => { const check = () => (root.querySelector('[data-testid=trace-span]') ? r() : requestAnimationFrame(check)); check(); });
      await new Promise((r) => requestAnimationFrame(() => r()));
      const paint = performance.now() - t0;
      const rows = root.querySelector('.ep-trace-rows');
      const steps = [];
      for (let i = 1; i <= 20; i++) {
        const ids = () => [...root.querySelectorAll('[data-testid=trace-span]')].map((r) => r.dataset.spanId).join();
        const before = ids();
        await nextTask(); // out of the frame's rendering steps: only the panel's work is timed
        const s0 = performance.now();
        rows.scrollTop = i * 5 * 22;
        rows.dispatchEvent(new Event('scroll'));
        await nextTask();
        steps.push(performance.now() - s0);
        if (ids() === before) throw new Error('the rows did not move');
        await new Promise((r) => requestAnimationFrame(() => r()));
      }
      return { ready, paint, steps, inDom: root.querySelectorAll('[data-testid=trace-span]').length };
    });
    if (run < 2) continue; // warm-up
    results.ready.push(r.ready);
    results.paint.push(r.paint);
    results.scroll.push(median(r.steps));
    results.inDom = r.inDom;
  }
  const section = `
## Trace view: a ${SPANS.toLocaleString('en')}-span trace (bench/trace.mjs)

Release widget, headless Chromium, ${RUNS} runs (median, min–max); the trace is Jaeger's shape, served on loopback (~${(body.length / 1e6).toFixed(1)} MB).

| measure | figure | goal |
| --- | --- | --- |
| previewTrace() → \`trace-preview\` (fetch + parse + layout) | ${fmt(results.ready)} |  |
| previewTrace() → first frame with rows (the above + first paint) | ${fmt(results.paint)} | ≤ 100 ms |
| one scroll step (5 rows: handler + new rows, to the next task; not the browser's paint) | ${fmt(results.scroll)} | ≤ 4 ms |
| rows in the DOM | ${results.inDom} of ${SPANS.toLocaleString('en')} |  |
`;
  console.log(section);
  if (!process.argv.includes('--no-write')) await appendFile(path.join(ROOT, 'BENCHMARKS.md'), section);
} finally {
  await browser.close();
  await site.stop();
  await new Promise((r) => api.close(r));
}
