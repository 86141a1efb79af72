// End-to-end: pinning, exemplar-click, destinations, filters and the table,
// against a real Prometheus scraping the real demo service.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { openPanel, panelConfig, recordEvents, startStack, stopStack, waitFor } from './harness.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stopStack(stack);
});

// These tests are about interaction and filters: every exemplar is drawn
// (the sampler has its own test at the end).
const config = (patch = {}) => ({
  ...panelConfig({ promUrl: stack.prom.url, demoUrl: stack.demo.url }),
  exemplarSampling: 'all',
  ...patch,
});
const events = (page, type) => page.evaluate((t) => window.__events.filter((e) => e.type === t), type);

/** The table's rows as {index, value} after opening it. */
async function tableRows(page) {
  const table = page.getByTestId('exemplar-table');
  if (!(await table.isVisible())) await page.getByTestId('toggle-table').click();
  await table.waitFor();
  return page.locator('[data-testid=exemplar-row]').evaluateAll((rows) =>
    rows.map((r) => ({
      index: Number(r.dataset.index),
      time: r.children[0].textContent,
      value: r.children[1].textContent,
      series: r.children[2].textContent,
    })),
  );
}

/** Selects exemplars with ArrowRight; returns the selected details. */
async function walk(page, steps) {
  await page.getByTestId('plot').focus();
  for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowRight');
  return events(page, 'exemplar-select');
}

describe('interaction against a real Prometheus', () => {
  test('a click pins and never navigates; the trace opens from the pinned tooltip; Enter goes into it; Escape and × unpin', async () => {
    const { page, errors } = await openPanel(stack, config());
    await recordEvents(page);
    let popups = 0;
    page.context().on('page', () => popups++);
    const [first] = await walk(page, 1);
    const plot = page.getByTestId('plot');
    const box = await plot.boundingBox();
    await page.keyboard.press('Escape');

    // Click the dot: pinned and exemplar-click, and no tab.
    await page.mouse.click(box.x + first.detail.x, box.y + first.detail.y);
    const tooltip = page.getByTestId('tooltip');
    await page.waitForSelector('[data-testid=tooltip][data-pinned=true]');
    const clicks = await events(page, 'exemplar-click');
    assert.equal(clicks.length, 1);
    assert.equal(clicks[0].cancelable, true);
    const id = clicks[0].detail.labels.trace_id;
    await page.waitForTimeout(300);
    assert.equal(popups, 0, 'a click on a dot only pins');

    // The trace opens from the pinned tooltip's link.
    const [popup] = await Promise.all([page.context().waitForEvent('page'), tooltip.locator('a.ep-link').first().click()]);
    await popup.waitForLoadState();
    assert.equal(popup.url(), `${stack.demo.url}/trace/${id}`);
    assert.equal(await popup.locator('#trace-id').innerText(), id);
    await popup.close();
    // A pinned tooltip stays when the pointer leaves the plot.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height + 150);
    assert.equal(await tooltip.getAttribute('data-pinned'), 'true');
    await page.getByTestId('tooltip-close').click();
    await tooltip.waitFor({ state: 'detached' });

    // Keyboard: select, Enter pins (exemplar-click, no tab), Enter again goes into
    // the tooltip, Enter on its link opens the trace, Escape unpins and returns to the plot.
    await plot.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=tooltip][data-pinned=true]');
    assert.equal((await events(page, 'exemplar-click')).length, 2);
    assert.equal(popups, 1, 'Enter on the dot only pins');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => {
      const root = document.querySelector('[data-exemplar-panel]');
      return root?.querySelector('.ep-tooltip')?.contains(document.activeElement);
    });
    const [popup2] = await Promise.all([page.context().waitForEvent('page'), page.keyboard.press('Enter')]);
    await popup2.close();
    await page.keyboard.press('Escape');
    await tooltip.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'plot', 'back on the plot');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Enter and Space on the tooltip\'s buttons act on the button only', async () => {
    const { page } = await openPanel(stack, config());
    await recordEvents(page);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    let popups = 0;
    page.context().on('page', () => popups++);
    await walk(page, 1);
    await page.keyboard.press('Enter');
    const copy = page.getByTestId('copy-trace-id');
    await copy.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid=copy-trace-id]')?.textContent.includes('Copied'));
    await page.getByTestId('tooltip-close').focus();
    await page.keyboard.press('Space');
    await page.getByTestId('tooltip').waitFor({ state: 'detached' });
    await page.waitForTimeout(300);
    assert.equal(popups, 0, 'no button opened a trace tab');
    await page.close();
  });

  test('preventDefault on exemplar-click keeps the panel from pinning (the host shows the trace itself)', async () => {
    const { page } = await openPanel(stack, config());
    await recordEvents(page, { preventClick: true });
    let popups = 0;
    page.context().on('page', () => popups++);
    const [first] = await walk(page, 1);
    await page.keyboard.press('Enter');
    const box = await page.getByTestId('plot').boundingBox();
    await page.mouse.click(box.x + first.detail.x, box.y + first.detail.y);
    await page.waitForTimeout(500);
    assert.equal((await events(page, 'exemplar-click')).length, 2);
    assert.equal(popups, 0, 'no tab opened');
    assert.equal(await page.locator('[data-testid=tooltip][data-pinned=true]').count(), 0, 'not pinned');
    await page.close();
  });

  test('a datasourceUid destination resolves through the datasource table', async () => {
    const { page } = await openPanel(
      stack,
      config({
        exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: 'demo-jaeger' }],
        datasources: [{ uid: 'demo-jaeger', name: 'Demo traces', type: 'jaeger', url: stack.demo.url }],
      }),
    );
    await recordEvents(page);
    const [sel] = await walk(page, 1);
    const id = sel.detail.labels.trace_id;
    assert.deepEqual(sel.detail.links, [{ title: 'Query with Demo traces', url: `${stack.demo.url}/trace/${id}` }]);
    const link = page.getByTestId('tooltip').getByRole('link', { name: 'Query with Demo traces' });
    assert.equal(await link.getAttribute('href'), `${stack.demo.url}/trace/${id}`);
    assert.equal((await fetch(`${stack.demo.url}/api/traces/${id}`)).status, 200);
    await page.close();
  });

  test('a javascript: template gives no link and a visible warning', async () => {
    const { page } = await openPanel(
      stack,
      config({ exemplarTraceIdDestinations: [{ name: 'trace_id', url: 'javascript:alert(`${__value.raw}`)' }] }),
    );
    await recordEvents(page);
    const [sel] = await walk(page, 1);
    assert.deepEqual(sel.detail.links, []);
    assert.equal(await page.getByTestId('tooltip').locator('a').count(), 0);
    const notices = await page.getByTestId('notice').allInnerTexts();
    assert.ok(notices.some((n) => /refused link "javascript:/.test(n)), notices.join('\n'));
    await page.close();
  });

  test('the table sorts slowest first or newest first, and a row selects its dot', async () => {
    const { page } = await openPanel(stack, config());
    await recordEvents(page);
    const rows = await tableRows(page);
    assert.ok(rows.length >= 10, `${rows.length} rows`);
    const count = await page.getByTestId('count').innerText();
    assert.match(count, new RegExp(`^${rows.length} exemplars$`));
    const seconds = (v) => (v.endsWith(' ms') ? parseFloat(v) / 1000 : v.endsWith(' µs') ? parseFloat(v) / 1e6 : parseFloat(v));
    const values = rows.map((r) => seconds(r.value));
    assert.deepEqual(values, [...values].sort((a, b) => b - a), 'slowest first');

    await page.getByTestId('sort').selectOption('newest');
    const newest = await tableRows(page);
    assert.equal(newest.length, rows.length);
    const times = newest.map((r) => r.time);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');

    const row = page.locator('[data-testid=exemplar-row]').nth(3);
    const index = Number(await row.getAttribute('data-index'));
    await row.click();
    assert.equal(await row.getAttribute('aria-selected'), 'true');
    const tooltip = page.getByTestId('tooltip');
    assert.equal(await tooltip.getAttribute('data-pinned'), 'true');
    const [selected] = (await events(page, 'exemplar-select')).slice(-1);
    assert.ok(Math.abs(seconds(await row.locator('td').nth(1).innerText()) - selected.detail.value) < 0.01 * selected.detail.value + 1e-6);
    assert.equal(newest.find((r) => r.index === index)?.index, index);
    await page.close();
  });

  test('a refresh rebuilds the rows and the keyboard focus stays on the same exemplar', async () => {
    const { page } = await openPanel(stack, config({ refresh: '2s' }));
    await tableRows(page);
    // Newest first: the exemplars that arrive go above, the focused one moves down.
    await page.getByTestId('sort').selectOption('newest');
    // A row's identity across refreshes: its time, value, series and trace id.
    await page.locator('[data-testid=exemplar-row] a').evaluateAll((links) => links.forEach((a) => (a.__old = true)));
    const link = page.locator('[data-testid=exemplar-row]').nth(2).locator('a').first();
    const before = await link.evaluate((a) => {
      a.focus();
      return [...a.closest('tr').children].slice(0, 4).map((c) => c.textContent).join('|');
    });
    await waitFor('the rows rebuilt by a refresh', () => page.locator('[data-testid=exemplar-row] a').first().evaluate((a) => !a.__old), 20_000);
    const after = await page.evaluate(() => {
      const a = document.activeElement;
      const row = a.closest('tr');
      return { tag: a.tagName, old: Boolean(a.__old), key: row && [...row.children].slice(0, 4).map((c) => c.textContent).join('|') };
    });
    assert.deepEqual(after, { tag: 'A', old: false, key: before }, 'the same exemplar\'s link, in the new rows');
    await page.close();
  });

  test('each filter changes the set of dots, the table and the keyboard order alike', async () => {
    // The demo makes a slow request (≥ 0.5 s) every few seconds: wait until Prometheus holds one.
    await waitFor('a slow exemplar in Prometheus', async () => {
      const end = Date.now() / 1000;
      const url = `${stack.prom.url}/api/v1/query_exemplars?query=http_request_duration_seconds_bucket&start=${end - 300}&end=${end}`;
      const body = await (await fetch(url)).json();
      return body.data.some((s) => s.exemplars.some((e) => Number(e.value) >= 0.25));
    }, 60_000, 500);
    // The p50 line first: a histogram's exemplars are fetched once, for its first target,
    // and placed on that target's line, so "above the line" is above p50 here, where the
    // slow exemplar waited for is sure to be (above p99 it may not be: a CI run once
    // found none of 122).
    const q = (p) => `histogram_quantile(${p}, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (le))`;
    const targets = [
      { refId: 'A', expr: q('0.5'), legendFormat: 'p50' },
      { refId: 'B', expr: q('0.99'), legendFormat: 'p99' },
    ];
    const { page } = await openPanel(stack, config({ targets }));
    await recordEvents(page);
    const all = await tableRows(page);
    const total = all.length;

    // Threshold: only exemplars ≥ 250ms.
    await page.getByTestId('filter-min').fill('250ms');
    const slow = await tableRows(page);
    assert.ok(slow.length < total && slow.length > 0, `≥ 250ms: ${slow.length} of ${total}`);
    assert.match(await page.getByTestId('count').innerText(), new RegExp(`^showing ${slow.length} of ${total} exemplars$`));
    await page.getByTestId('plot').focus();
    const before = (await events(page, 'exemplar-select')).length;
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    const walked = (await events(page, 'exemplar-select')).slice(before);
    assert.ok(walked.length > 0 && walked.every((e) => e.detail.value >= 0.25), 'the keyboard only visits kept exemplars');
    await page.keyboard.press('Escape');
    await page.getByTestId('filter-min').fill('');

    // Label matcher: a route that does not exist → nothing; a real one → fewer.
    await page.getByTestId('filter-labels').fill('route="/nope"');
    assert.equal((await tableRows(page)).length, 0);
    await page.getByTestId('filter-labels').fill('route="/api/pay"');
    const pay = await tableRows(page);
    assert.ok(pay.length > 0 && pay.length < total, `/api/pay: ${pay.length} of ${total}`);
    await page.getByTestId('filter-labels').fill('route=');
    await page.getByTestId('filter-labels').fill('route="/api/pay');
    assert.match(await page.locator('.ep-filter-error').innerText(), /quote is not closed/);
    await page.getByTestId('filter-labels').fill('');

    // Above the line only: a strict subset (the slow exemplar is over the p50 line, the
    // fast ones under it). The table is read until it has followed the switch, and a
    // failure says what the panel counted and showed.
    await page.getByTestId('filter-above').check();
    let above = [];
    const strictSubset = async () => {
      above = await tableRows(page);
      return above.length > 0 && above.length < total;
    };
    const settled = await waitFor('the table to follow "above the line"', strictSubset, 10_000, 200).then(() => true, () => false);
    const count = await page.getByTestId('count').innerText();
    assert.ok(settled, `above the line: ${above.length} of ${total} (${count}); values: ${above.map((r) => r.value).join(', ')}`);
    await page.getByTestId('filter-above').uncheck();
    await waitFor('the table to show every exemplar again', async () => (await tableRows(page)).length === total, 10_000, 200);
    await page.close();
  });

  test('the default sampler draws fewer exemplars; "All exemplars" draws every one', async () => {
    const { page } = await openPanel(stack, config({ exemplarSampling: undefined }));
    const sampled = await tableRows(page);
    const count = await page.getByTestId('count').innerText();
    const [, shown, total] = count.match(/^showing (\d+) of (\d+) exemplars$/) ?? [];
    assert.ok(shown, `sampled: ${count}`);
    assert.equal(Number(shown), sampled.length);
    assert.ok(Number(shown) < Number(total), count);
    await page.getByTestId('show-all').check();
    await page.waitForFunction((t) => document.querySelector('[data-testid=count]')?.textContent === `${t} exemplars`, total);
    const all = await tableRows(page);
    assert.equal(all.length, Number(total));
    // The slowest exemplar survives sampling.
    const slowest = (rows) => rows[0].value;
    assert.equal(slowest(sampled), slowest(all));
    await page.close();
  });
});
