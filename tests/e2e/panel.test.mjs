// End-to-end: a real Prometheus scraping the real demo service, the built app
// served as static files, Debian's Chromium driven by playwright-core.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';

import { ROOT, freePort, openPanel, panelConfig, recordEvents, startStack, stopStack } from './harness.mjs';

const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');

let stack, demo, prom;

before(async () => {
  stack = await startStack();
  ({ demo, prom } = stack);
  await mkdir(ARTIFACTS, { recursive: true });
});

after(async () => {
  await stopStack(stack);
});

const open = (config, state = null) => openPanel(stack, config, { viewport: { width: 1100, height: 600 }, state });
const readyConfig = () => panelConfig({ promUrl: prom.url, demoUrl: demo.url });
const openReady = () => openPanel(stack, readyConfig(), { viewport: { width: 1100, height: 600 } });

describe('against a real Prometheus', () => {
  test('the panel reaches data-state=ready and paints series colours', async () => {
    // Lines only (exemplars off) over the last minute, so every line is visible.
    const config = readyConfig();
    config.time.from = 'now-1m';
    for (const t of config.targets) t.exemplar = false;
    const { page, errors } = await open(config);
    await page.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'lines.png') });
    const counts = await page.evaluate(() => {
      const canvas = document.querySelector('[data-testid="plot"] canvas');
      const ctx = canvas.getContext('2d');
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const swatches = [...document.querySelectorAll('.ep-legend .ep-swatch')].map((s) =>
        getComputedStyle(s).backgroundColor.match(/\d+/g).map(Number),
      );
      // Lines are 1 px and anti-aliased: a line pixel is the background mixed
      // with the series colour, p = bg + a·(c − bg). Count the pixels that are
      // at least 30% of the way from the background to one colour, and on it.
      const bg = [data[0], data[1], data[2]];
      const onColour = (i, c) => {
        const d = [0, 1, 2].map((k) => c[k] - bg[k]);
        const p = [0, 1, 2].map((k) => data[i + k] - bg[k]);
        const len2 = d.reduce((s, v) => s + v * v, 0);
        const a = p.reduce((s, v, k) => s + v * d[k], 0) / len2;
        const off = Math.hypot(...p.map((v, k) => v - a * d[k]));
        return a > 0.3 && a < 1.1 && off < 10;
      };
      return swatches.map((rgb) => {
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (onColour(i, rgb)) n++;
        return n;
      });
    });
    assert.equal(counts.length, 3, 'three legend entries: p99, p95, p50');
    for (const n of counts) assert.ok(n > 50, `each series colour is painted (pixel counts ${counts})`);
    const legend = await page.locator('.ep-legend').innerText();
    assert.match(legend, /p99[\s\S]*p95[\s\S]*p50/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('ArrowRight selects an exemplar the service really emitted; hovering it shows its link', async () => {
    const { page, errors } = await openReady();
    await page.screenshot({ path: path.join(ARTIFACTS, 'ready.png') });
    await recordEvents(page);
    const plot = page.getByTestId('plot');
    await plot.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.__events.length >= 2);
    const events = await page.evaluate(() => window.__events);
    const { detail } = events.at(-1);
    assert.equal(events.at(-1).type, 'exemplar-select');
    assert.notEqual(events[0].detail.timestamp > events[1].detail.timestamp, true, 'time order');
    const traceId = detail.labels.trace_id;
    assert.match(traceId, /^[0-9a-f]{32}$/);
    assert.match(detail.labels.span_id, /^[0-9a-f]{16}$/);
    assert.equal(detail.seriesLabels.__name__, 'http_request_duration_seconds_bucket');
    assert.ok(detail.seriesLabels.le, 'series labels carry the bucket');
    assert.ok(['p99', 'p95', 'p50'].includes(detail.series), detail.series);
    assert.ok(detail.value > 0 && Number.isFinite(detail.value));
    assert.ok(Math.abs(detail.timestamp - Date.now()) < 10 * 60_000, 'timestamp in ms');
    assert.deepEqual(detail.links, [{ title: 'Open trace', url: `${demo.url}/trace/${traceId}` }]);
    assert.deepEqual(Object.keys(detail).sort(), ['labels', 'links', 'series', 'seriesLabels', 'seriesNames', 'timestamp', 'value', 'x', 'y']);
    assert.deepEqual(detail.seriesNames, ['p99', 'p95', 'p50'], 'every quantile of the histogram owns it');
    const emitted = await fetch(`${demo.url}/record/${traceId}`);
    assert.equal(emitted.status, 200, 'the demo service emitted this trace id');
    const record = await emitted.json();
    assert.ok(Math.abs(record.duration_seconds - detail.value) < 1e-9, 'the dot sits at the observed value');

    const tooltip = page.getByTestId('tooltip');
    assert.match(await tooltip.innerText(), new RegExp(traceId));
    await page.keyboard.press('Escape');
    await tooltip.waitFor({ state: 'detached' });

    // Hover at the event's x/y (CSS px relative to the plot element).
    const box = await plot.boundingBox();
    await page.mouse.move(box.x + detail.x, box.y + detail.y);
    await tooltip.waitFor();
    const link = tooltip.getByRole('link', { name: 'Open trace' });
    assert.equal(await link.getAttribute('href'), `${demo.url}/trace/${traceId}`);
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    await page.screenshot({ path: path.join(ARTIFACTS, 'tooltip.png') });

    // Move onto the tooltip (it must stay), then follow the link: a new tab with the trace.
    const linkBox = await link.boundingBox();
    await page.mouse.move(linkBox.x + 5, linkBox.y + 5, { steps: 8 });
    const [popup] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await popup.waitForLoadState();
    assert.equal(popup.url(), `${demo.url}/trace/${traceId}`);
    assert.equal(await popup.locator('#trace-id').innerText(), traceId);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('bad PromQL gives data-state=error with Prometheus’s parse error', async () => {
    const config = panelConfig({
      promUrl: prom.url,
      demoUrl: demo.url,
      targets: [{ refId: 'A', expr: 'histogram_quantile(0.99, sum(rate(x_bucket[5m])) by (le)' }],
    });
    const { page } = await open(config);
    await page.waitForSelector('[data-exemplar-panel][data-state="error"]', { timeout: 30_000 });
    const text = await page.getByTestId('error').innerText();
    assert.match(text, /bad_data/);
    assert.match(text, /parse error/);
    await page.close();
  });

  test('an unreachable Prometheus gives an error naming its URL', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const { page } = await open(panelConfig({ promUrl: closed, demoUrl: demo.url }));
    await page.waitForSelector('[data-exemplar-panel][data-state="error"]', { timeout: 30_000 });
    const text = await page.getByTestId('error').innerText();
    assert.ok(text.includes(`${closed}/api/v1/query_range`), text);
    assert.match(text, /could not be reached/);
    await page.close();
  });

  test('a bad config is shown in the panel, not thrown', async () => {
    const page = await stack.browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${stack.site.url}/?config=${encodeURIComponent('{"targets": [')}`);
    await page.waitForSelector('[data-exemplar-panel][data-state="error"]', { timeout: 30_000 });
    assert.match(await page.getByTestId('error').innerText(), /config is not valid: .*line 1, column 13/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
