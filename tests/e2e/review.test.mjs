// The panel as a user sees it at 400, 1000 and 1400 px, light and dark, with
// the readout under the cursor and a pinned exemplar: screenshots kept in
// tests/e2e/artifacts/review-<width>-<theme>.png for review, and the layout
// checked: at 400 px nothing overlaps or blocks a control, the tooltip stays
// inside the plot, at 1400 px the legend uses the width.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ROOT, openPanel, panelConfig, startStack, stopStack } from './harness.mjs';

const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');
let stack;

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  stack = await startStack();
});
after(() => stopStack(stack));

/** The panel's demo-like config: three quantiles and a split by route. */
function config(theme) {
  const q = (p, by = 'le') => `histogram_quantile(${p}, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (${by}))`;
  return {
    ...panelConfig({ promUrl: stack.prom.url, demoUrl: stack.demo.url }),
    theme,
    legend: { calcs: ['max', 'lastNotNull'] },
    targets: [
      { refId: 'A', expr: q('0.99'), legendFormat: 'p99' },
      { refId: 'B', expr: q('0.9'), legendFormat: 'p90' },
      { refId: 'C', expr: q('0.5'), legendFormat: 'p50' },
      { refId: 'D', expr: q('0.99', 'le, route'), legendFormat: 'p99 {{route}}' },
    ],
  };
}

/** Waits for the base canvas to be painted at least `n` times. */
async function painted(page, n = 1) {
  await page.waitForFunction((k) => Number(document.querySelector('canvas.ep-base')?.dataset.paints ?? 0) >= k, n);
}

/** Whether two boxes overlap. */
const overlap = (a, b) => a && b && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('the panel at 400, 1000 and 1400 px, light and dark', () => {
  for (const width of [400, 1000, 1400]) {
    for (const theme of ['light', 'dark']) {
      test(`${width} px, ${theme}: readout and pinned tooltip, nothing overlaps`, async () => {
        const { page, errors } = await openPanel(stack, config(theme), { viewport: { width, height: 900 } });
        await painted(page);
        const plot = page.getByTestId('plot');
        const box = await plot.boundingBox();
        // The readout, off the dots, mid-plot.
        await page.mouse.move(box.x + box.width * 0.55, box.y + box.height - 30);
        await page.getByTestId('readout').waitFor();
        assert.ok((await page.getByTestId('readout-row').count()) >= 3, 'a row per shown series');
        // Pin the slowest exemplar from the table, then close the table.
        await page.getByTestId('toggle-table').click();
        await page.locator('[data-testid=exemplar-row]').first().click();
        await page.waitForSelector('[data-testid=tooltip][data-pinned=true]');
        await page.getByTestId('toggle-table').click();
        await page.waitForTimeout(150); // the tooltip is placed once measured
        await page.screenshot({ path: path.join(ARTIFACTS, `review-${width}-${theme}.png`), fullPage: true });

        // Label names never break ("trace_i/d"): each header cell of the tooltip is one line.
        const broken = await page.locator('[data-testid=tooltip] .ep-tt-labels th').evaluateAll((ths) =>
          ths.filter((th) => th.getBoundingClientRect().height > 1.9 * parseFloat(getComputedStyle(th).fontSize)).map((th) => th.textContent),
        );
        assert.deepEqual(broken, [], `label names wrapped at ${width} px`);
        const tooltip = await page.getByTestId('tooltip').boundingBox();
        const plotBox = await plot.boundingBox();
        assert.ok(tooltip.x >= plotBox.x - 1 && tooltip.x + tooltip.width <= plotBox.x + plotBox.width + 1, `the tooltip stays inside the plot: ${JSON.stringify(tooltip)} in ${JSON.stringify(plotBox)}`);
        for (const id of ['toggle-table', 'time-from', 'time-to']) {
          const control = page.getByTestId(id).first();
          const b = await control.boundingBox();
          assert.ok(!overlap(tooltip, b), `the tooltip covers ${id} at ${width} px`);
          const hit = await control.evaluate((el) => {
            const r = el.getBoundingClientRect();
            const root = el.getRootNode();
            const at = (root.elementFromPoint ? root : document).elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            return el === at || el.contains(at);
          });
          assert.ok(hit, `${id} can be clicked at ${width} px`);
        }
        for (const item of await page.getByTestId('legend-item').all()) {
          assert.ok(!overlap(tooltip, await item.boundingBox()), `the tooltip covers a legend item at ${width} px`);
        }
        // Nothing is wider than the page.
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scroll <= width, `the page scrolls sideways at ${width} px: ${scroll}`);
        if (width === 1400) {
          const legend = await page.locator('.ep-legend').boundingBox();
          assert.ok(legend.width > 1000, `the legend uses the width at 1400 px: ${legend.width}`);
        }
        assert.deepEqual(errors, []);
        await page.close();
      });
    }
  }
});
