// A good citizen of the backend: hidden pages and off-screen panels do not
// refresh, identical queries on one page share one request, and a 429 with
// Retry-After holds every request until then. Counts come from the real
// Prometheus's own `prometheus_http_requests_total`; the 429 comes from the
// stand-in (a real Prometheus does not rate-limit).
//
// The page's visibility is driven through `document.visibilityState` and the
// `visibilitychange` event, overridden before the bundle loads: headless
// Chromium has no way to hide a tab, and the panel reads exactly these two.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchChromium, ROOT, servedCounts as counts, startDemo, startPrometheus, VISIBILITY_SCRIPT, waitFor, waitForData } from './harness.mjs';
import { matrix, startStandIn } from './standin.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const DIST = process.env.EXEMPLAR_DIST || `${ROOT}/target/e2e-dist`;

const q = (p, route) =>
  `histogram_quantile(${p}, sum(rate(http_request_duration_seconds_bucket{route="${route}"}[$__rate_interval])) by (le))`;

describe('a good citizen of the backend (real Prometheus)', () => {
  let demo, prom, standIn, browser, page;
  const errors = [];
  before(async () => {
    demo = await startDemo();
    prom = await startPrometheus([`127.0.0.1:${demo.port}`]);
    standIn = await startStandIn(DIST, {});
    browser = await launchChromium();
    await waitForData(prom.url, 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[4s])) by (le))');
    page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.addInitScript(VISIBILITY_SCRIPT);
    await page.goto(standIn.pageUrl);
    await page.waitForFunction(() => window.pageReady === true, null, { timeout: 30_000 });
  });
  after(async () => {
    await browser?.close();
    await standIn?.stop();
    await prom?.stop();
    await demo?.stop();
  });

  const config = (expr, extra = {}) => ({
    prometheus: { url: prom.url },
    targets: [{ refId: 'A', expr }],
    time: { from: 'now-5m', to: 'now' },
    scrapeInterval: '1s',
    unit: 's',
    refresh: '5s',
    ...extra,
  });
  const mount = (c, opts = {}) => page.evaluate(([c, o]) => window.runCase(c, { keep: true, states: ['ready'], ...o }), [c, opts]);
  const dropAll = () => page.evaluate(() => { while (window.panels.length) { window.dropPanel(window.panels.length - 1); window.panels.pop(); } });
  const noticesOf = (i) => page.evaluate((i) => window.report(window.panels[i].panel()).notices, i);

  test('a hidden page sends no query for 60 s, then one catch-up per distinct query', async () => {
    // Four panels, two distinct queries.
    for (const route of ['/api/pay', '/api/cart', '/api/pay', '/api/cart']) {
      const r = await mount(config(q('0.99', route)));
      assert.equal(r.state, 'ready', JSON.stringify(r));
    }
    await page.evaluate(() => window.setVisible(false));
    await sleep(500);
    const hidden = await counts(prom.url);
    assert.match((await noticesOf(0)).join(' | '), /paused: not visible/);
    await sleep(60_000);
    const later = await counts(prom.url);
    assert.deepEqual(later, hidden, 'no query while hidden');
    await page.evaluate(() => window.setVisible(true));
    // The catch-up counts as a tick: the next one is at least 2.5 s away, after this count.
    await sleep(800);
    const shown = await counts(prom.url);
    assert.equal(shown.range - hidden.range, 2, 'one catch-up query_range per distinct query');
    assert.equal(shown.exemplars - hidden.exemplars, 2, 'one catch-up query_exemplars per distinct query');
    assert.doesNotMatch((await noticesOf(0)).join(' | '), /paused/);
    await dropAll();
  });

  test('two panels with the same query send one request per tick', async () => {
    const c = config(q('0.95', '/api/pay'), { refresh: '2s' });
    await mount(c);
    await mount(c);
    await sleep(1_000);
    const from = await counts(prom.url);
    await sleep(10_000);
    const to = await counts(prom.url);
    const ticks = 5; // 10 s at 2 s
    const range = to.range - from.range;
    assert.ok(range >= ticks - 1 && range <= ticks + 1, `${range} query_range in ${ticks} ticks of two panels`);
    await dropAll();
  });

  test('an off-screen panel stops refreshing and resumes when scrolled into view', async () => {
    await page.evaluate(() => {
      const spacer = document.createElement('div');
      spacer.id = 'spacer';
      spacer.style.height = '3000px';
      document.body.prepend(spacer);
      window.scrollTo(0, 0);
    });
    const r = await mount(config(q('0.9', '/api/pay'), { refresh: '4s' }));
    assert.equal(r.state, 'ready', 'an off-screen panel still loads once');
    await sleep(1_500);
    const from = await counts(prom.url);
    assert.match((await noticesOf(0)).join(' | '), /paused: not visible/);
    await sleep(8_000);
    assert.deepEqual(await counts(prom.url), from, 'no refresh while off screen');
    await page.evaluate(() => window.panels[0].host.scrollIntoView());
    await sleep(500); // the next tick is at least 2 s after the catch-up
    const caught = await counts(prom.url);
    assert.equal(caught.range - from.range, 1, 'one catch-up when scrolled into view');
    await sleep(5_000);
    const resumed = await counts(prom.url);
    assert.ok(resumed.range - caught.range >= 1, 'and it refreshes again');
    await dropAll();
    await page.evaluate(() => document.getElementById('spacer').remove());
  });

  test('after a 429 with Retry-After: 10, no request arrives before 10 s have passed', async () => {
    let throttled = false;
    const cases = {
      throttled: {
        query_range: ({ params }) => {
          if (!throttled) {
            throttled = true;
            return {
              status: 429,
              json: { status: 'error', errorType: 'too_many_requests', error: 'slow down' },
              headers: { 'Retry-After': '10', 'Access-Control-Expose-Headers': 'Retry-After' },
            };
          }
          return { json: matrix(params) };
        },
      },
    };
    const limited = await startStandIn(DIST, cases);
    try {
      const p = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      await p.goto(limited.pageUrl);
      await p.waitForFunction(() => window.pageReady === true, null, { timeout: 30_000 });
      const c = { ...config('up', { refresh: '1s' }), prometheus: { url: limited.promUrl('throttled') } };
      const r = await p.evaluate(([c]) => window.runCase(c, { keep: true, states: ['error', 'ready'] }), [c]);
      const first = limited.log.find((e) => e.endpoint === 'query_range');
      assert.ok(first, JSON.stringify(r));
      const notice = (await p.evaluate(() => window.report(window.panels[0].panel()).notices)).join(' | ');
      assert.match(notice, /the backend asked us to slow down; next try at \d\d:\d\d:\d\d/);
      await waitFor('the next query_range', async () => limited.log.filter((e) => e.endpoint === 'query_range').length >= 2, 20_000, 100);
      const second = limited.log.filter((e) => e.endpoint === 'query_range')[1];
      assert.ok(second.t - first.t >= 9_900, `the next request came ${second.t - first.t} ms after the 429`);
      await p.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 10_000 }).catch(() => {});
      const state = await p.evaluate(() => window.report(window.panels[0].panel()));
      assert.equal(state.state, 'ready', 'back to normal after a success');
      assert.ok(!state.notices.some((n) => /slow down/.test(n)), state.notices.join(' | '));
      await p.close();
    } finally {
      await limited.stop();
    }
  });

  test('no console errors', () => {
    assert.deepEqual(errors.filter((e) => !/Failed to load resource|net::ERR_|429/.test(e)), []);
  });
});
