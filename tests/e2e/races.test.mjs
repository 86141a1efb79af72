// End-to-end: races and faults over time. A query edited while one is in
// flight, auto-refresh against a slow Prometheus, Prometheus restarted under
// a refreshing panel, and a panel destroyed mid-request.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { ROOT, launchChromium, openPanel, panelConfig, startStack, stopStack, waitFor } from './harness.mjs';
import { matrix, openFaultPage, startStandIn } from './standin.mjs';

const DIST = process.env.EXEMPLAR_DIST || path.join(ROOT, 'target/e2e-dist');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const later = (ms, reply) => new Promise((r) => setTimeout(() => r(reply), ms));

let browser, standIn, fault;

before(async () => {
  standIn = await startStandIn(DIST, {
    // "old" queries answer after 2.5 s; anything else at once. Legends say which.
    edit: {
      query_range: ({ params }) => {
        const which = params.query.includes('old') ? 'old' : 'new';
        const reply = { json: matrix(params, { series: [{ v: which }] }) };
        return which === 'old' ? later(2500, reply) : reply;
      },
    },
    sluggish: { query_range: ({ params }) => later(2500, { json: matrix(params) }) },
    gone: { query_range: ({ params }) => later(2000, { json: matrix(params) }) },
  });
  browser = await launchChromium();
  fault = await openFaultPage(browser, standIn);
});
after(async () => {
  await browser?.close();
  await standIn?.stop();
});

const config = (name, extra = {}) => ({
  prometheus: { url: standIn.promUrl(name) },
  time: { from: 'now-1h', to: 'now' },
  targets: [{ refId: 'A', expr: 'old_query', legendFormat: '{{v}}' }],
  toolbar: false,
  ...extra,
});

describe('races and faults', () => {
  test('a query edited while one is in flight: the older request is aborted and its late answer never shown', async () => {
    const { page } = fault;
    const from = standIn.log.length;
    const { index } = await page.evaluate(([c]) => window.runCase(c, { keep: true, states: ['loading'] }), [config('edit')]);
    // Record every legend the panel ever shows.
    await page.evaluate((i) => {
      const p = window.panels[i];
      window.legendsSeen = [];
      const note = () => window.legendsSeen.push(window.report(p.panel()).legend.join('|'));
      window.legendObserver = new MutationObserver(note);
      window.legendObserver.observe(p.host.shadowRoot ?? p.host, { subtree: true, childList: true, characterData: true });
    }, index);
    await waitFor('the slow request to arrive', async () => standIn.log.slice(from).some((e) => e.params.query === 'old_query'), 5000, 20);
    await page.evaluate((i) => window.panels[i].handle.update({ targets: [{ refId: 'A', expr: 'new_query', legendFormat: '{{v}}' }] }), index);
    await waitFor('the new answer', async () => (await page.evaluate((i) => window.report(window.panels[i].panel()).legend.join('|'), index)) === 'new', 5000, 20);
    await sleep(3500); // past the old answer's time
    const seen = await page.evaluate(() => { window.legendObserver.disconnect(); return window.legendsSeen; });
    const now = await page.evaluate((i) => window.report(window.panels[i].panel()), index);
    assert.equal(now.legend.join('|'), 'new');
    assert.equal(now.state, 'ready');
    assert.ok(!seen.some((l) => l.includes('old')), `the old answer was never shown: ${seen.join(', ')}`);
    const old = standIn.log.slice(from).find((e) => e.params.query === 'old_query' && e.endpoint === 'query_range');
    assert.equal(old.aborted, true, 'the browser aborted the older request (AbortController)');
    await page.evaluate((i) => window.dropPanel(i), index);
  });

  test('auto-refresh every 1s against a 2.5s Prometheus never stacks requests', async () => {
    const { page } = fault;
    const from = standIn.log.length;
    const { index } = await page.evaluate(([c]) => window.runCase(c, { keep: true, states: ['ready'] }), [config('sluggish', { refresh: '1s' })]);
    await sleep(9000);
    await page.evaluate((i) => window.dropPanel(i), index);
    const ranges = standIn.log.slice(from).filter((e) => e.name === 'sluggish' && e.endpoint === 'query_range');
    // Each request answers 2.5 s after it starts: starts must be ≥ 2.5 s apart.
    const gaps = ranges.slice(1).map((e, i) => e.t - ranges[i].t);
    assert.ok(ranges.length >= 3 && ranges.length <= 5, `${ranges.length} requests in ~11.5 s`);
    assert.ok(gaps.every((g) => g >= 2400), `never two at once: gaps ${gaps.join(', ')} ms`);
  });

  test('a panel destroyed mid-request aborts it and leaves no error behind', async () => {
    const { page, errors } = fault;
    const before = errors.length;
    const from = standIn.log.length;
    const { index } = await page.evaluate(([c]) => window.runCase(c, { keep: true, states: ['loading'] }), [config('gone')]);
    await waitFor('the request to arrive', async () => standIn.log.slice(from).some((e) => e.name === 'gone'), 5000, 20);
    const left = await page.evaluate((i) => {
      window.panels[i].handle.destroy();
      return (window.panels[i].host.shadowRoot ?? window.panels[i].host).childNodes.length;
    }, index);
    await sleep(2500);
    assert.equal(left, 0, 'destroy() empties the host');
    const range = standIn.log.slice(from).find((e) => e.name === 'gone' && e.endpoint === 'query_range');
    assert.equal(range.aborted, true, 'the request was aborted');
    assert.deepEqual(errors.slice(before), [], 'no console error, no page error');
    const shown = await page.evaluate((i) => (window.panels[i].host.shadowRoot ?? window.panels[i].host).textContent, index);
    assert.equal(shown, '', 'no late error message appears');
  });
});

describe('Prometheus restarted under a refreshing panel (real Prometheus)', () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stopStack(stack);
  });

  test('the panel shows the error, keeps the last chart marked stale, and recovers by itself', async () => {
    const config = { ...panelConfig({ promUrl: stack.prom.url, demoUrl: stack.demo.url }), refresh: '1s' };
    const { page, errors } = await openPanel(stack, config);
    await stack.prom.kill();
    await page.waitForSelector('[data-exemplar-panel][data-state="stale"]', { timeout: 15_000 });
    const error = await page.getByTestId('error').textContent();
    // Usually "could not be reached"; a request cut at SIGTERM says so instead.
    assert.match(error, /Refresh failed at .*the backend at .* The chart still shows the data of/s);
    assert.ok(await page.locator('[data-testid=legend-item]').count() > 0, 'the last data stays on screen');
    await stack.prom.restart();
    await page.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 30_000 });
    assert.equal(await page.getByTestId('error').count(), 0, 'the error is gone');
    assert.deepEqual(errors.filter((e) => !/Failed to load resource|net::ERR_/.test(e)), [], 'only the browser’s own network lines');
    await page.close();
  });
});
