// End-to-end: the embed example (www/embed.html) served as static files under
// a strict CSP, two panels (custom element + mount()), against a real Prometheus.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { ROOT, serveStatic, startStack, stopStack } from './harness.mjs';

const CSP = "script-src 'self' 'wasm-unsafe-eval'";
let stack, portal;

before(async () => {
  stack = await startStack();
  portal = await serveStatic(process.env.EXEMPLAR_DIST || path.join(ROOT, 'target/e2e-dist'), {
    headers: { 'Content-Security-Policy': CSP },
  });
});
after(async () => {
  await portal?.stop();
  await stopStack(stack);
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Opens the portal; counts query_range requests per panel (A: by (le), B: by (le, route)). */
async function openPortal() {
  const page = await stack.browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const requests = { a: [], b: [], files: [] };
  page.on('request', (r) => {
    requests.files.push(new URL(r.url()).pathname);
    if (!r.url().endsWith('/api/v1/query_range')) return;
    const form = new URLSearchParams(r.postData() ?? '');
    (form.get('query').includes('by (le, route)') ? requests.b : requests.a).push(form);
  });
  const url = `${portal.url}/embed.html?prom=${stack.prom.url}&traces=${stack.demo.url}&scrape=1s`;
  await page.goto(url);
  for (const id of ['panel-a', 'panel-b']) {
    await page.waitForSelector(`#${id} [data-exemplar-panel][data-state="ready"]`, { timeout: 30_000 });
  }
  return { page, errors, requests };
}

describe('embedding under a strict CSP', () => {
  test('two panels reach ready, isolated in shadow roots, themed apart, with no console errors', async () => {
    const { page, errors, requests } = await openPortal();
    assert.ok(requests.files.includes('/exemplar-panel_bg.wasm'), 'the widget bundle');
    assert.ok(!requests.files.some((f) => f.includes('exemplar-panel-app')), 'not the app bundle');
    const info = await page.evaluate(() =>
      ['#panel-a', '#panel-b'].map((sel) => {
        const host = document.querySelector(sel).shadowRoot.querySelector('[data-exemplar-panel]');
        const button = host.querySelector('button');
        return { theme: host.dataset.theme, border: getComputedStyle(button).borderTopStyle, ids: host.querySelectorAll('[id]').length };
      }),
    );
    assert.deepEqual(info.map((i) => i.theme), ['light', 'dark']);
    // data-state on the host elements too (the custom element and mount()'s element), observable outside the shadow root.
    const hosts = await page.evaluate(() => ['#panel-a', '#panel-b'].map((sel) => document.querySelector(sel).dataset.state));
    assert.deepEqual(hosts, ['ready', 'ready']);
    assert.ok(info.every((i) => i.border !== 'dotted'), 'the portal’s `button {border: dotted}` does not leak in');
    assert.ok(info.every((i) => i.ids === 0), 'no ids to collide');
    const portalButton = await page.evaluate(() => getComputedStyle(document.querySelector('[data-range]')).borderTopStyle);
    assert.equal(portalButton, 'dotted', 'and ours do not leak out');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('update() re-queries one panel only, and only when the query changes', async () => {
    const { page, requests } = await openPortal();
    const [a0, b0] = [requests.a.length, requests.b.length];
    await page.evaluate(() => window.portal.b.update({ title: 'Renamed', exemplarTraceIdDestinations: [] }));
    await sleep(1000);
    assert.equal(requests.b.length, b0, 'a title or link change does not query');
    const title = await page.evaluate(() => document.querySelector('#panel-b').shadowRoot.querySelector('.ep-title').textContent);
    assert.equal(title, 'Renamed');
    await page.evaluate(() =>
      window.portal.b.update({
        targets: [{ refId: 'A', expr: 'histogram_quantile(0.9, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (le, route))' }],
      }),
    );
    await page.waitForSelector('#panel-b [data-exemplar-panel][data-state="ready"]');
    await sleep(500);
    assert.equal(requests.b.length, b0 + 1);
    assert.match(requests.b.at(-1).get('query'), /histogram_quantile\(0\.9,/);
    assert.equal(requests.a.length, a0, 'panel A is untouched');
    await page.close();
  });

  test('setTimeRange through the portal’s control changes both panels', async () => {
    const { page, requests } = await openPortal();
    const [a0, b0] = [requests.a.length, requests.b.length];
    await page.getByRole('button', { name: '1 hour' }).click();
    await sleep(1500);
    assert.equal(requests.a.length, a0 + 2, 'p99 and p50 of panel A');
    assert.equal(requests.b.length, b0 + 1);
    const now = Date.now() / 1000;
    for (const form of [requests.a.at(-1), requests.b.at(-1)]) {
      const span = Number(form.get('end')) - Number(form.get('start'));
      assert.ok(Math.abs(span - 3600) < 60, `range ${span}s`);
      assert.ok(Math.abs(Number(form.get('end')) - now) < 60);
    }
    await page.close();
  });

  test('destroy() stops everything: no requests after, no errors', async () => {
    const { page, errors, requests } = await openPortal();
    await page.evaluate(() => window.portal.b.update({ refresh: '1s' }));
    const b0 = requests.b.length;
    await sleep(2500);
    assert.ok(requests.b.length >= b0 + 1, `auto-refresh queries (${requests.b.length - b0})`);
    const unsubscribed = await page.evaluate(() => {
      let calls = 0;
      const off = window.portal.b.on('exemplar-select', () => calls++);
      off();
      window.portal.b.destroy();
      return [typeof off, calls];
    });
    assert.deepEqual(unsubscribed, ['function', 0]);
    const b1 = requests.b.length;
    await sleep(2500);
    assert.equal(requests.b.length, b1, 'no requests after destroy()');
    const left = await page.evaluate(() => document.querySelector('#panel-b').shadowRoot.querySelectorAll('*').length);
    assert.equal(left, 0, 'the panel is gone');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('removing the element cleans it up', async () => {
    const { page, errors, requests } = await openPortal();
    await page.evaluate(() => window.portal.a.setAttribute('refresh', '1s'));
    await page.waitForSelector('#panel-a [data-exemplar-panel][data-state="ready"]');
    const a0 = requests.a.length;
    await sleep(2500);
    assert.ok(requests.a.length > a0, 'auto-refresh from the attribute');
    await page.evaluate(() => window.portal.a.remove());
    const a1 = requests.a.length;
    await sleep(2500);
    assert.equal(requests.a.length, a1, 'no requests after removal');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the side box receives the clicked exemplar, and no tab opens', async () => {
    const { page } = await openPortal();
    let popups = 0;
    page.context().on('page', () => popups++);
    const plot = page.locator('#panel-a [data-testid="plot"]');
    await plot.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const traceId = page.locator('#side-details [data-field="trace id"]');
    await traceId.waitFor();
    assert.match(await traceId.innerText(), /^[0-9a-f]{32}$/);
    assert.equal(await page.locator('#side-details [data-field="link"]').innerText(), `${stack.demo.url}/trace/${await traceId.innerText()}`);
    await sleep(300);
    assert.equal(popups, 0);
    await page.close();
  });

  test('a bad config throws a JS Error; a hidden container waits and draws when shown', async () => {
    const { page, errors } = await openPortal();
    const thrown = await page.evaluate(() => {
      try {
        window.portal.mount(document.createElement('div'), { targets: [] });
        return null;
      } catch (e) {
        return [e instanceof Error, e.message];
      }
    });
    assert.deepEqual(thrown, [true, 'config has no visible target: add one to `targets`, e.g. {"refId": "A", "expr": "up"}']);
    const state = () => page.evaluate(() => window.hidden.shadowRoot.querySelector('[data-exemplar-panel]').dataset.state);
    await page.evaluate((prom) => {
      const div = document.createElement('div');
      div.style.display = 'none';
      document.body.append(div);
      window.hidden = div;
      window.portal.mount(div, { prometheus: { url: prom }, scrapeInterval: '1s', targets: [{ expr: 'up' }] });
    }, stack.prom.url);
    await sleep(1000);
    assert.equal(await state(), 'loading', 'no error while hidden');
    await page.evaluate(() => (window.hidden.style.display = 'block'));
    await page.waitForFunction(() => window.hidden.shadowRoot.querySelector('[data-exemplar-panel]').dataset.state === 'ready');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
