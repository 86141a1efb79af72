// Takes the exemplar doctor's screenshot for the README (docs/doctor.png): the
// demo service scraped by a real Prometheus with a ring buffer of 10
// exemplars, so the coverage check finds a problem and the gap is shaded.
//   node tests/e2e/doctor-screenshot.mjs [out-dir]   (EXEMPLAR_DIST: the built app)
import path from 'node:path';

import { ROOT, launchChromium, pageUrl, panelConfig, serveStatic, startDemo, startPrometheus, waitFor } from './harness.mjs';

const out = process.argv[2] || path.join(ROOT, 'docs');
const demo = await startDemo();
const prom = await startPrometheus([`127.0.0.1:${demo.port}`], { maxExemplars: 10, selfScrape: true });
const site = await serveStatic(path.resolve(process.env.EXEMPLAR_DIST || path.join(ROOT, 'target/e2e-dist')));
const browser = await launchChromium();
try {
  await waitFor('the storage gauges', async () => {
    const r = await (await fetch(`${prom.url}/api/v1/query?query=prometheus_tsdb_exemplar_max_exemplars`)).json();
    return r.data.result.length > 0;
  }, 30_000, 500);
  await new Promise((r) => setTimeout(r, 20_000)); // some lines to draw
  const config = { ...panelConfig({ promUrl: prom.url, demoUrl: demo.url, from: 'now-1m' }), title: 'Request latency: the exemplar doctor' };
  config.exemplarTraceIdDestinations[0].name = 'traceID';
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 }, deviceScaleFactor: 1 });
  await page.goto(pageUrl(site.url, config));
  await page.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 30_000 });
  await page.click('[data-testid="doctor-open"]');
  await page.waitForSelector('[data-testid="doctor-check"][data-check="coverage"]', { timeout: 20_000 });
  await page.waitForTimeout(300);
  await page.locator('.ep-panel').screenshot({ path: path.join(out, 'doctor.png') });
  console.log(`wrote ${out}/doctor.png`);
} finally {
  await browser.close();
  await site.stop();
  await prom.stop();
  await demo.stop();
}
