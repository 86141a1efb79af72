// End-to-end: the complete panel against a real Prometheus: several targets
// and the legend, the time picker, drag-to-zoom, auto-refresh, the URL state,
// themes, HiDPI, the query editor and a panel moved over from Grafana.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { pageUrl, panelConfig, startStack, stopStack, waitFor } from './harness.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stopStack(stack);
});

const byRoute = (q) =>
  `histogram_quantile(${q}, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (le, route))`;
const config = (patch = {}) => ({ ...panelConfig({ promUrl: stack.prom.url, demoUrl: stack.demo.url }), ...patch });
const routesConfig = () =>
  config({ targets: [{ refId: 'A', expr: byRoute('0.99'), legendFormat: '{{route}}' }], exemplarSampling: 'all' });

/** Opens a config and records every query_range / query_exemplars form. */
async function openRecorded(cfg, { viewport = { width: 1100, height: 700 } } = {}) {
  const requests = [];
  const errors = [];
  const page = await stack.browser.newPage({ viewport });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('request', (r) => {
    const m = r.url().match(/\/api\/v1\/(query_range|query_exemplars)/);
    if (m) requests.push({ kind: m[1], form: new URLSearchParams(r.postData() ?? '') });
  });
  await page.goto(pageUrl(stack.site.url, cfg));
  await ready(page);
  return { page, errors, requests };
}

const ranges = (requests) => requests.filter((r) => r.kind === 'query_range');
const span = (form) => Number(form.get('end')) - Number(form.get('start'));
const tableCount = async (page) => {
  const table = page.getByTestId('exemplar-table');
  if (!(await table.isVisible())) await page.getByTestId('toggle-table').click();
  return page.locator('[data-testid=exemplar-row]').count();
};
const ready = (page) => page.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 30_000 });

describe('a complete panel against a real Prometheus', () => {
  test('several series with a legend: click hides one, Ctrl-click isolates one', async () => {
    const { page, errors } = await openRecorded(routesConfig());
    const items = page.getByTestId('legend-item');
    await waitFor('three routes', async () => (await items.count()) >= 3, 20_000);
    const names = await items.allInnerTexts();
    const all = await tableCount(page);
    const payIndex = names.findIndex((n) => n.includes('/api/pay'));
    assert.ok(payIndex >= 0, names.join());

    await items.nth(payIndex).click();
    assert.equal(await items.nth(payIndex).getAttribute('aria-pressed'), 'false');
    const withoutPay = await tableCount(page);
    assert.ok(withoutPay < all, `hiding /api/pay hides its exemplars: ${withoutPay} of ${all}`);
    const routes = await page.locator('[data-testid=exemplar-row] td[data-col="label:route"]').allInnerTexts();
    assert.ok(!routes.some((r) => r.includes('/api/pay')), routes.join());

    await items.nth(payIndex).click({ modifiers: ['Control'] });
    const pressed = await items.evaluateAll((els) => els.map((e) => e.getAttribute('aria-pressed')));
    assert.deepEqual(pressed.map((p, i) => (i === payIndex ? p === 'true' : p === 'false')), pressed.map(() => true));
    const onlyPay = await page.locator('[data-testid=exemplar-row] td[data-col="label:route"]').allInnerTexts();
    assert.ok(onlyPay.length > 0 && onlyPay.every((r) => r.includes('/api/pay')), onlyPay.join());
    await items.nth(payIndex).click({ modifiers: ['Control'] });
    assert.equal(await tableCount(page), all, 'isolating again shows all');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the table has a column per label that varies, and every column sorts', async () => {
    const { page, errors } = await openRecorded(config({ exemplarSampling: 'all' }));
    await waitFor('exemplars', async () => (await tableCount(page)) >= 3, 30_000);
    const heads = await page.locator('[data-testid=exemplar-table] th').evaluateAll((ths) => ths.map((t) => t.dataset.col ?? ''));
    // The demo's histogram is split by route, method and status; le is the same on all and trace ids have their own column.
    assert.ok(heads.includes('label:route') && heads.includes('label:status'), heads.join());
    assert.ok(!heads.includes('series') && !heads.includes('label:le') && !heads.includes('label:trace_id'), heads.join());
    const cells = (col) => page.locator(`[data-testid=exemplar-row] td[data-col="${col}"]`).allInnerTexts();
    const routeHead = page.locator('th[data-col="label:route"]');
    await routeHead.getByRole('button').click();
    await waitFor('sorted by route', async () => (await routeHead.getAttribute('aria-sort')) === 'ascending');
    let routes = await cells('label:route');
    assert.deepEqual(routes, [...routes].sort(), 'A to Z');
    assert.equal(await page.getByTestId('sort').inputValue(), 'column', 'the quick order says a header sorts');
    await routeHead.getByRole('button').press('Enter');
    await waitFor('reversed', async () => (await routeHead.getAttribute('aria-sort')) === 'descending');
    routes = await cells('label:route');
    assert.deepEqual(routes, [...routes].sort().reverse(), 'Z to A');
    assert.equal(await page.locator('th[aria-sort]').count(), 1, 'one column sorts');
    await page.getByTestId('sort-time').click();
    await waitFor('newest first', async () => (await page.getByTestId('sort').inputValue()) === 'newest');
    const keys = await page.locator('[data-testid=exemplar-row]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.key.split('\u001f')[0])));
    assert.deepEqual(keys, [...keys].sort((a, b) => b - a), 'newest first by the exemplar times');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the time picker: presets, free text, and a clear error', async () => {
    const { page, requests } = await openRecorded(config());
    await page.getByTestId('time-preset').selectOption('now-15m');
    await waitFor('a 15m query', async () => ranges(requests).some((r) => Math.abs(span(r.form) - 900) < 60));
    await page.getByTestId('time-from').fill('now-90m');
    await page.getByTestId('time-from').press('Enter');
    await waitFor('a 90m query', async () => ranges(requests).some((r) => Math.abs(span(r.form) - 5400) < 120));
    assert.equal(await page.getByTestId('time-preset').inputValue(), '', 'a custom range');
    await page.getByTestId('time-from').fill('yesterday-ish');
    await page.getByTestId('time-from').press('Enter');
    assert.match(await page.locator('.ep-toolbar [role=status]').innerText(), /from: .*yesterday-ish/);
    await page.close();
  });

  test('drag-to-zoom narrows the range; zoom back and reset restore it', async () => {
    const { page, requests } = await openRecorded(config({ time: { from: 'now-10m', to: 'now' } }));
    const box = await page.getByTestId('plot').boundingBox();
    const before = ranges(requests).length;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
    await page.mouse.up();
    await waitFor('the zoomed query', async () => ranges(requests).length > before);
    await ready(page);
    const zoomed = ranges(requests).at(-1).form;
    assert.ok(span(zoomed) < 200, `about a fifth of 10 minutes: ${span(zoomed)} s`);
    // An absolute range, shown as local times (never epoch ms) that name the zoomed range.
    const fromText = await page.getByTestId('time-from').inputValue();
    assert.match(fromText, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{3})?$/, fromText);
    assert.match(await page.getByTestId('time-to').inputValue(), /^\d{4}-\d\d-\d\d \d\d:\d\d/);
    const shownMs = new Date(fromText.replace(' ', 'T')).getTime(); // read as local time, like the panel
    assert.ok(Math.abs(shownMs - Number(zoomed.get('start')) * 1000) < 60_000, `${fromText} is the zoomed start`);
    assert.equal(await page.getByTestId('zoom-out').innerText(), 'Zoom back');
    assert.equal(await page.getByTestId('tooltip').count(), 0, 'a drag is not a click');

    await page.getByTestId('zoom-out').click();
    await waitFor('the range before the zoom', async () => Math.abs(span(ranges(requests).at(-1).form) - 600) < 30);
    assert.equal(await page.getByTestId('time-from').inputValue(), 'now-10m');
    await page.getByTestId('zoom-out').click();
    await waitFor('twice the range', async () => Math.abs(span(ranges(requests).at(-1).form) - 1200) < 60);
    await page.getByTestId('zoom-reset').click();
    await waitFor('the config range', async () => Math.abs(span(ranges(requests).at(-1).form) - 600) < 30);
    await page.close();
  });

  test('auto-refresh queries again on its interval, never stacking', async () => {
    const { page, requests } = await openRecorded(config());
    const before = ranges(requests).length;
    await page.getByTestId('refresh').selectOption('5s');
    await waitFor('two refreshes', async () => ranges(requests).length >= before + 2 * 3, 20_000, 200);
    await page.getByTestId('refresh').selectOption('');
    const stopped = ranges(requests).length;
    await page.waitForTimeout(6_000);
    assert.ok(ranges(requests).length <= stopped + 3, 'off stops it (one refresh may have been in flight)');
    await page.close();
  });

  test('the URL keeps the view: a copied URL reproduces it, Back walks the zooms', async () => {
    const { page } = await openRecorded(config());
    await page.getByTestId('time-preset').selectOption('now-15m');
    await page.getByTestId('filter-labels').fill('route="/api/pay"');
    await page.getByTestId('refresh').selectOption('1m');
    await page.getByTestId('show-all').check();
    await waitFor('the URL', async () => {
      const c = JSON.parse(new URL(page.url()).searchParams.get('config') ?? '{}');
      return c.time?.from === 'now-15m' && c.filters?.labels === 'route="/api/pay"' && c.refresh === '1m' && c.exemplarSampling === 'all';
    });
    const copied = page.url();

    const other = await stack.browser.newPage({ viewport: { width: 1100, height: 700 } });
    await other.goto(copied);
    await ready(other);
    assert.equal(await other.getByTestId('time-preset').inputValue(), 'now-15m');
    assert.equal(await other.getByTestId('filter-labels').inputValue(), 'route="/api/pay"');
    assert.equal(await other.getByTestId('refresh').inputValue(), '1m');
    assert.ok(await other.getByTestId('show-all').isChecked());
    assert.match(await other.getByTestId('count').innerText(), /^showing \d+ of \d+ exemplars$/, 'the label filter applies');
    await other.close();

    // Zoom (a new history entry), then Back.
    const box = await page.getByTestId('plot').boundingBox();
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.3, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, y, { steps: 5 });
    await page.mouse.up();
    await waitFor('the zoom in the URL', async () => /^\d{13}$/.test(JSON.parse(new URL(page.url()).searchParams.get('config')).time.from));
    await page.goBack();
    await waitFor('Back restores the range', async () => (await page.getByTestId('time-from').inputValue()) === 'now-15m');
    await page.close();
  });

  test('dark and light differ; the theme follows the toggle', async () => {
    const { page } = await openRecorded(config({ theme: 'light' }));
    const host = page.locator('[data-exemplar-panel]');
    assert.equal(await host.getAttribute('data-theme'), 'light');
    const light = await page.getByTestId('plot').screenshot();
    await page.getByTestId('theme-toggle').click();
    await waitFor('dark', async () => (await host.getAttribute('data-theme')) === 'dark');
    await page.waitForTimeout(100);
    const dark = await page.getByTestId('plot').screenshot();
    assert.notDeepEqual(light, dark);
    const corner = await page.evaluate(() => Array.from(document.querySelector('.ep-base').getContext('2d').getImageData(2, 2, 1, 1).data));
    assert.ok(corner[0] < 80 && corner[1] < 80 && corner[2] < 80, `a dark background: ${corner}`);
    await page.close();
  });

  test('HiDPI: the backing store is CSS size × devicePixelRatio', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 900, height: 600 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto(pageUrl(stack.site.url, config()));
    await ready(page);
    const sizes = await page.evaluate(() => {
      const c = document.querySelector('.ep-base');
      return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight, dpr: devicePixelRatio };
    });
    assert.equal(sizes.dpr, 2);
    assert.equal(sizes.w, sizes.cw * 2);
    assert.equal(sizes.h, sizes.ch * 2);
    await context.close();
  });

  test('the query editor: Ctrl-Enter runs an edited query, a new query adds a legend entry', async () => {
    const { page, requests } = await openRecorded(config({ targets: [{ refId: 'A', expr: byRoute('0.99'), legendFormat: '__auto' }] }));
    const expr = page.getByTestId('query-expr').first();
    await expr.fill(byRoute('0.5'));
    await expr.press('Control+Enter');
    await waitFor('the edited query', async () => ranges(requests).some((r) => r.form.get('query').startsWith('histogram_quantile(0.5,')));
    await ready(page);
    const before = await page.getByTestId('legend-item').count();
    await page.getByTestId('query-add').click();
    await page.getByTestId('query-expr').nth(1).fill('histogram_quantile(0.9, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (le))');
    await page.getByTestId('query-run').click();
    await waitFor('one more legend entry', async () => (await page.getByTestId('legend-item').count()) === before + 1);
    await page.close();
  });

  test('a Grafana panel moved over: the same series, legends and step; exemplars fetched once per histogram', async () => {
    const seed = {
      panels: [
        {
          title: 'Request Duration',
          type: 'timeseries',
          datasource: 'Prometheus',
          targets: [
            { expr: 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))', legendFormat: 'p99', exemplar: true },
            { expr: 'histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))', legendFormat: 'p95', exemplar: true },
          ],
          options: { tooltip: { mode: 'single' } },
        },
      ],
    };
    const cfg = { prometheus: { url: stack.prom.url }, scrapeInterval: '1s', time: { from: 'now-5m', to: 'now' }, exemplarSampling: 'grafana', grafanaPanel: seed };
    const { page, requests, errors } = await openRecorded(cfg);
    assert.equal(await page.locator('.ep-title').innerText(), 'Request Duration');
    assert.deepEqual(await page.getByTestId('legend-item').allInnerTexts(), ['p99', 'p95']);
    const [a, b] = ranges(requests);
    assert.equal(a.form.get('step'), b.form.get('step'), 'one step for both, as in Grafana');
    assert.equal(requests.filter((r) => r.kind === 'query_exemplars').length, 1, 'the second target reuses the histogram');
    const notices = await page.getByTestId('notice').allInnerTexts();
    assert.ok(notices.some((n) => n.includes('not used: ') && n.includes('datasource')), notices.join('\n'));
    assert.deepEqual(errors, []);
    await page.close();
  });
});
