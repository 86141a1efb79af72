// End to end, the everyday panel (issue 26) against a real Prometheus and the
// demo service: exemplars credited to every quantile of their histogram, the
// values under the cursor, a pin that survives refreshes, Grafana's units and
// thresholds, legend values, the toolbar's shifts and refresh, a failed new
// query that clears the lines and a failed refresh that greys them, and the
// first minute (an empty ?config=). Tests that read pixels wait for the paint
// they check (the base canvas counts its paints in data-paints).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { axeViolations, openPanel, pageUrl, panelConfig, startStack, stopStack, waitFor } from './harness.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(() => stopStack(stack));

const config = (patch = {}) => ({ ...panelConfig({ promUrl: stack.prom.url, demoUrl: stack.demo.url }), ...patch });

/** The number of base paints so far. */
const paints = (page) => page.evaluate(() => Number(document.querySelector('canvas.ep-base')?.dataset.paints ?? 0));

/** Waits for a base paint after `n`. */
const paintedAfter = (page, n) =>
  page.waitForFunction((k) => Number(document.querySelector('canvas.ep-base')?.dataset.paints ?? 0) > k, n, { timeout: 30_000 });

/** The number of exemplars the header counts ("12 exemplars", "showing 5 of 12 exemplars"). */
async function shownCount(page) {
  const text = await page.getByTestId('count').innerText();
  const m = text.match(/^(?:showing (\d+) of \d+|(\d+)) exemplars?$/);
  return m ? Number(m[1] ?? m[2]) : NaN;
}

/** Records every query_range answer, by the legend name of the query that asked. */
function recordRanges(page, names) {
  const answers = {};
  let count = 0;
  page.on('response', async (r) => {
    if (!r.url().includes('/api/v1/query_range')) return;
    count++;
    const expr = new URLSearchParams(r.request().postData() ?? '').get('query') ?? '';
    const name = Object.entries(names).find(([, q]) => expr.includes(q))?.[0];
    try {
      if (name) answers[name] = (await r.json()).data.result;
    } catch {
      /* a refused or aborted answer */
    }
  });
  return { answers, count: () => count };
}

describe('the everyday panel', () => {
  test('exemplars belong to their histogram: hiding p99 keeps the dots, isolating p50 shows them, the tooltip names every owner', async () => {
    const { page, errors } = await openPanel(stack, config({ exemplarSampling: 'all' }));
    await waitFor('exemplars', async () => (await shownCount(page)) > 0, 30_000);
    const all = await shownCount(page);
    const items = page.getByTestId('legend-item');
    await items.nth(0).click(); // hide p99
    assert.equal(await items.nth(0).getAttribute('aria-pressed'), 'false');
    assert.ok((await shownCount(page)) >= all, `p90 and p50 still own them: ${await page.getByTestId('count').innerText()}`);
    await items.nth(2).click({ modifiers: ['Control'] }); // isolate p50
    assert.ok((await shownCount(page)) >= all, 'p50 alone still shows every exemplar of the histogram');
    await items.nth(2).click({ modifiers: ['Control'] }); // all back
    const plot = page.getByTestId('plot');
    await plot.focus();
    await page.keyboard.press('ArrowRight');
    const owners = await page.getByTestId('tooltip-owners').innerText();
    assert.equal(owners, 'on p99 · p95 · p50', 'one dot, three owners');
    const head = await page.locator('.ep-tt-series-name').innerText();
    assert.ok(!/^p\d\d$/.test(head), `the tooltip's head is the exemplar's own series, not a legend name: ${head}`);
    // The table shows what tells the exemplars apart, never a quantile's name.
    await page.getByTestId('toggle-table').click();
    const routes = await page.locator('[data-testid=exemplar-row] td[data-col="label:route"]').allInnerTexts();
    assert.ok(routes.length > 0 && routes.every((r) => r.startsWith('/api/')), routes.slice(0, 5).join());
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('values under the cursor: every shown series at its nearest sample, largest first, as Prometheus sent it', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1100, height: 700 } });
    const rec = recordRanges(page, { p99: '0.99', p95: '0.95', p50: '0.5' });
    await page.goto(pageUrl(stack.site.url, config({ time: { from: 'now-2m', to: 'now' } })));
    await page.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 30_000 });
    await waitFor('three answers', () => Object.keys(rec.answers).length === 3);
    const box = await page.getByTestId('plot').boundingBox();
    await page.mouse.move(box.x + box.width * 0.85, box.y + box.height * 0.4);
    const readout = page.getByTestId('readout');
    await readout.waitFor();
    const rows = await page.getByTestId('readout-row').evaluateAll((els) => els.map((e) => ({ series: e.dataset.series, value: e.dataset.value })));
    assert.deepEqual(rows.map((r) => r.series).sort(), ['p50', 'p95', 'p99'], JSON.stringify(rows));
    const numbers = rows.map((r) => Number(r.value));
    assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a), 'largest first');
    for (const { series, value } of rows) {
      const sent = rec.answers[series].flatMap((s) => s.values.map(([, v]) => v));
      assert.ok(sent.includes(value), `${series}=${value} is a value Prometheus sent`);
    }
    assert.match(await readout.innerText(), /\d+(\.\d+)? (ms|s)/, 'in the panel unit');
    // On a dot the tooltip opens and the readout moves into it: one readout, never two boxes.
    await page.getByTestId('plot').focus();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('tooltip').waitFor();
    await waitFor('the readout in the tooltip', async () => (await page.locator('[data-testid=tooltip] [data-testid=readout]').count()) === 1);
    assert.equal(await page.getByTestId('readout').count(), 1);
    await page.close();
  });

  test('a pin survives every refresh while its exemplar is in range', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1100, height: 700 } });
    const rec = recordRanges(page, {});
    await page.goto(pageUrl(stack.site.url, config({ refresh: '1s', time: { from: 'now-10m', to: 'now' } })));
    await page.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 30_000 });
    await page.getByTestId('plot').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const tooltip = page.locator('[data-testid=tooltip][data-pinned=true]');
    await tooltip.waitFor();
    const id = await tooltip.locator('.ep-tt-labels td').first().innerText();
    const before = rec.count();
    await waitFor('three refreshes', () => rec.count() >= before + 9, 30_000); // three queries per refresh
    assert.equal(await tooltip.count(), 1, 'still pinned');
    assert.equal(await tooltip.locator('.ep-tt-labels td').first().innerText(), id, 'the same exemplar');
    await page.close();
  });

  test("Grafana's units and thresholds: ms scale to s, a threshold line is drawn in its colour", async () => {
    const q = 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (le)) * 1000';
    const base = config({ unit: 'ms', targets: [{ refId: 'A', expr: q, legendFormat: 'p99' }] });
    const green = (page) =>
      page.evaluate(() => {
        const c = document.querySelector('canvas.ep-base');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 60 && d[i + 1] > 200 && d[i + 2] < 60 && d[i + 3] > 200) n++;
        return n;
      });
    const plain = await openPanel(stack, base);
    await paintedAfter(plain.page, 0);
    const ticks = (await plain.page.locator('canvas.ep-base').getAttribute('data-y-ticks')).split('|');
    assert.ok(ticks.length >= 2 && ticks.every((t) => /^\d+(\.\d+)? (ms|s)$/.test(t)), ticks.join());
    assert.ok(ticks.some((t) => / ms$/.test(t)), `milliseconds read as ms: ${ticks}`);
    const axis = await plain.page.getByTestId('y-axis').textContent();
    assert.ok(ticks.every((t) => axis.includes(t)), `the screen reader's list holds the labels: ${axis}`);
    assert.equal(await green(plain.page), 0, 'no pure green without thresholds');
    await plain.page.close();

    const thresholds = { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: '#00ff00', value: 5 }] };
    const lined = await openPanel(stack, { ...base, thresholds, thresholdsStyle: { mode: 'line' } });
    await paintedAfter(lined.page, 0);
    const width = await lined.page.evaluate(() => document.querySelector('canvas.ep-base').width);
    assert.ok((await green(lined.page)) > width * 0.5, 'a line across the plot at 5 ms');
    assert.deepEqual(lined.errors, []);
    await lined.page.close();
  });

  test('nine series split by route and quantile take nine distinct colours, light and dark', async () => {
    const q = (p) => `histogram_quantile(${p}, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (le, route))`;
    const targets = ['0.99', '0.9', '0.5'].map((p, i) => ({ refId: 'ABC'[i], expr: q(p), legendFormat: `{{route}} ${p}` }));
    for (const theme of ['light', 'dark']) {
      const { page } = await openPanel(stack, config({ targets, theme }));
      const swatches = page.locator('[data-testid=legend-item] .ep-swatch');
      await waitFor('nine series', async () => (await swatches.count()) === 9, 30_000);
      const colours = await swatches.evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
      assert.equal(new Set(colours).size, 9, `${theme}: ${colours.join(' ')}`);
      await page.close();
    }
  });

  test('legend values as a table: min, max, mean and last per series, in the unit; axe light and dark', async () => {
    const legend = { displayMode: 'table', calcs: ['min', 'max', 'mean', 'lastNotNull'] };
    for (const theme of ['light', 'dark']) {
      const { page, errors } = await openPanel(stack, config({ legend, theme }));
      const cells = page.getByTestId('legend-value');
      await waitFor('values', async () => (await cells.count()) === 12);
      const table = await page.locator('.ep-legend-table tbody tr').evaluateAll((trs) =>
        trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('[data-calc]')].map((td) => [td.dataset.calc, td.textContent]))),
      );
      const seconds = (t) => (t.endsWith(' ms') ? parseFloat(t) / 1000 : t.endsWith(' µs') ? parseFloat(t) / 1e6 : parseFloat(t));
      for (const row of table) {
        assert.deepEqual(Object.keys(row), ['min', 'max', 'mean', 'lastNotNull']);
        assert.ok(seconds(row.min) <= seconds(row.mean) && seconds(row.mean) <= seconds(row.max), JSON.stringify(row));
        assert.ok(Object.values(row).every((v) => /^\d+(\.\d+)? (µs|ms|s)$/.test(v)), JSON.stringify(row));
      }
      // The readout shown too, for axe.
      const box = await page.getByTestId('plot').boundingBox();
      await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2);
      await page.getByTestId('readout').waitFor();
      assert.deepEqual(await axeViolations(page), [], `axe, ${theme}`);
      assert.deepEqual(errors, []);
      await page.close();
    }
  });

  test('the toolbar: ← and → shift by half the range, ×2 wider doubles it, Refresh now queries again', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1100, height: 700 } });
    const forms = [];
    page.on('request', (r) => r.url().includes('/api/v1/query_range') && forms.push(new URLSearchParams(r.postData() ?? '')));
    await page.goto(pageUrl(stack.site.url, config({ time: { from: 'now-10m', to: 'now' } })));
    await page.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 30_000 });
    const last = () => forms.at(-1);
    const end0 = Number(last().get('end'));
    let n = forms.length;
    await page.getByTestId('shift-back').click();
    await waitFor('a shifted query', () => forms.length > n);
    assert.ok(Math.abs(Number(last().get('end')) - (end0 - 300)) < 30, `5 minutes earlier: ${last().get('end')} vs ${end0}`);
    assert.ok(Math.abs(Number(last().get('end')) - Number(last().get('start')) - 600) < 30, 'the same span');
    assert.match(await page.getByTestId('time-to').inputValue(), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, 'a local time');
    n = forms.length;
    await page.getByTestId('shift-forward').click();
    await waitFor('shifted back', () => forms.length > n);
    assert.ok(Math.abs(Number(last().get('end')) - end0) < 30);
    n = forms.length;
    await page.getByTestId('zoom-wider').click();
    await waitFor('a wider query', () => forms.length > n);
    assert.ok(Math.abs(Number(last().get('end')) - Number(last().get('start')) - 1200) < 60, 'twice the span');
    n = forms.length;
    await page.getByTestId('refresh-now').click();
    await waitFor('a refresh', () => forms.length > n);
    await page.close();
  });

  test('Copy link gives a short URL that restores the view; PNG and CSV save what is drawn', async () => {
    const { page, errors } = await openPanel(stack, config({ time: { from: 'now-10m', to: 'now' }, exemplarSampling: 'all' }));
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await paintedAfter(page, 0);
    const saved = async (testid) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
      const { readFile } = await import('node:fs/promises');
      return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
    };
    const csvFile = await saved('export-csv');
    assert.match(csvFile.name, /^request-latency-\d{8}T\d{6}Z\.csv$/);
    const lines = csvFile.bytes.toString('utf8').split('\r\n');
    assert.equal(lines[0], 'kind,series,timestamp_ms,time,value,labels');
    assert.ok(lines.some((l) => l.startsWith('sample,p99,')) && lines.some((l) => l.startsWith('exemplar,')));
    const count = await shownCount(page);
    assert.equal(lines.filter((l) => l.startsWith('exemplar,')).length, count, 'every shown exemplar');

    const png = await saved('export-png');
    assert.match(png.name, /\.png$/);
    assert.equal(png.bytes.subarray(1, 4).toString('latin1'), 'PNG');
    const [w, h] = [png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)];
    const canvas = await page.locator('canvas.ep-base').evaluate((c) => [c.width, c.height]);
    assert.equal(w, canvas[0], 'at device resolution');
    assert.ok(h > canvas[1], `with the legend under the chart: ${h} > ${canvas[1]}`);
    // A view to restore: shifted (an absolute range).
    await page.getByTestId('shift-back').click();
    await page.waitForSelector('[data-exemplar-panel][data-state="ready"]');
    const from = await page.getByTestId('time-from').inputValue();
    await page.getByTestId('copy-link').click();
    await page.getByTestId('copy-link').filter({ hasText: 'copied' }).waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(link.startsWith(`${stack.site.url}/?c=`), link.slice(0, 80));
    assert.ok(link.length < 2000, `a short link: ${link.length} characters`);
    console.log(`copy link: ${link.length} characters`);
    const other = await stack.browser.newPage({ viewport: { width: 1100, height: 700 } });
    await other.goto(link);
    await other.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 30_000 });
    assert.equal(await other.getByTestId('time-from').inputValue(), from, 'the same range');
    assert.deepEqual(await other.getByTestId('legend-item').allInnerTexts(), await page.getByTestId('legend-item').allInnerTexts());
    await other.close();

    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a failed new query clears the old lines; a failed refresh greys them and the legend says why', async () => {
    const { page } = await openPanel(stack, config({ refresh: '1s' }));
    await paintedAfter(page, 0);
    // A refresh that fails: the lines stay, greyed, and the legend says why.
    await page.route('**/api/v1/query_range', (route) => route.abort('connectionrefused'));
    await page.waitForSelector('[data-exemplar-panel][data-state="stale"]', { timeout: 20_000 });
    const why = await page.getByTestId('legend-stale').innerText();
    assert.match(why, /^Greyed: data of \d\d:\d\d:\d\d; the refresh failed: /, why);
    const filter = await page.locator('canvas.ep-base').evaluate((c) => getComputedStyle(c).filter);
    assert.match(filter, /grayscale/, 'greyed');
    await page.unroute('**/api/v1/query_range');
    await page.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 20_000 });
    assert.equal(await page.getByTestId('legend-stale').count(), 0, 'fresh again');

    // A new query that fails: no lines left drawn.
    const before = await paints(page);
    await page.getByTestId('query-expr').first().fill('sum(rate(');
    await page.getByTestId('query-run').click();
    await page.waitForSelector('[data-exemplar-panel][data-state="error"]', { timeout: 20_000 });
    await paintedAfter(page, before);
    const inked = await page.evaluate(() => {
      const c = document.querySelector('canvas.ep-base');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
      return n;
    });
    assert.equal(inked, 0, 'the canvas is cleared');
    assert.equal(await page.locator('canvas.ep-base').getAttribute('data-y-ticks'), '');
    assert.equal(await page.getByTestId('legend-item').count(), 0);
    await page.close();
  });

  test('the first minute: an empty ?config= starts at the open metric browser, with no error', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1000, height: 800 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${stack.site.url}/?config=`);
    const browser = page.locator('details.ep-metrics');
    await browser.waitFor();
    assert.equal(await browser.evaluate((d) => d.open), true, 'expanded');
    await page.waitForSelector('[data-exemplar-panel]');
    await page.waitForTimeout(500);
    const failure = await page.getByTestId('error').allInnerTexts();
    assert.ok(!failure.some((t) => /EOF|not valid/.test(t)), failure.join());
    assert.deepEqual(errors, []);
    await page.close();
  });
});
