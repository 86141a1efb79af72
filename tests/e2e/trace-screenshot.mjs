// Takes the README's trace view screenshot (docs/screenshot-trace.png): the
// demo service with its /api/pay incident held on, a real Prometheus, the
// widget; pins the slowest exemplar and previews its trace (Tempo's shape).
//   EXEMPLAR_DIST=<dist with the widget> node tests/e2e/trace-screenshot.mjs [out-file]
import path from 'node:path';

import { ROOT, launchChromium, startDemo, startPrometheus, waitForData } from './harness.mjs';
import { pinSlowest, serveTraceHost, traceConfig } from './tracehost.mjs';

const out = process.argv[2] || path.join(ROOT, 'docs/screenshot-trace.png');
process.env.EXEMPLAR_DEMO_INCIDENT = 'on';
const demo = await startDemo();
const prom = await startPrometheus([`127.0.0.1:${demo.port}`]);
const site = await serveTraceHost(path.resolve(process.env.EXEMPLAR_DIST || path.join(ROOT, 'target/e2e-dist')));
const browser = await launchChromium();
try {
  await waitForData(prom.url, 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[4s])) by (le))');
  await new Promise((r) => setTimeout(r, 8_000)); // a few more points for the lines
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 }, deviceScaleFactor: 1 });
  const config = traceConfig({ promUrl: prom.url, demoUrl: demo.url, type: 'tempo', extra: { title: 'Checkout latency' } });
  config.time = { from: 'now-1m', to: 'now' };
  await page.goto(site.page(config));
  await page.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 30_000 });
  await pinSlowest(page);
  await page.getByTestId('preview-trace').click();
  await page.getByTestId('span-details').waitFor();
  await page.getByTestId('toggle-table').click();
  await page.locator('.ep-panel').screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await site.stop();
  await prom.stop();
  await demo.stop();
}
