// End-to-end: the incident-grade chart (issue 13) against a real Prometheus and
// the real demo service, in Debian's Chromium, through the widget bundle's
// mount(): honest gaps and lone points (checked in the canvas's pixels), the
// log and symlog scales, the viewer's exemplar switch, the box of exemplars (mouse and keyboard), panels that
// move together, and axe on the new controls.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { ROOT, axeViolations, freePort, launchChromium, panelConfig, sendFile, startDemo, startPrometheus, waitForData } from './harness.mjs';

const DIST = path.resolve(process.env.EXEMPLAR_DIST || path.join(ROOT, 'target/e2e-dist'));

// A page that mounts panels on demand: window.mountPanel(id, config).
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>chart</title><link rel="icon" href="data:,"></head>
<body><main id="root"><h1>Chart</h1></main><script type="module" src="/chart.js"></script></body></html>`;
const PAGE_JS = `
import init, { mount } from './exemplar-panel.js';
await init();
window.handles = {};
window.mountPanel = (id, config) => {
  const el = document.createElement('div');
  el.id = id;
  document.getElementById('root').append(el);
  window.handles[id] = mount(el, config);
};
window.addElement = (id, config, attrs) => {
  const el = document.createElement('exemplar-panel');
  el.id = id;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.setAttribute('config', JSON.stringify(config));
  document.getElementById('root').append(el);
};
window.pageReady = true;
`;

let demo, prom, site, browser;

before(async () => {
  demo = await startDemo();
  prom = await startPrometheus([`127.0.0.1:${demo.port}`]);
  const port = await freePort();
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    if (pathname === '/chart.html' || pathname === '/chart.js') {
      res.writeHead(200, { 'Content-Type': pathname.endsWith('.js') ? 'text/javascript' : 'text/html' });
      return res.end(pathname.endsWith('.js') ? PAGE_JS : PAGE);
    }
    return sendFile(DIST, pathname, res);
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  site = { url: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => server.close(r)) };
  browser = await launchChromium();
  await waitForData(prom.url, 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[4s])) by (le))');
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await prom?.stop();
  await demo?.stop();
});

/** A new page with the mount() helper; collects page and console errors. */
async function openPage({ width = 1000, height = 900 } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${site.url}/chart.html`);
  await page.waitForFunction(() => window.pageReady === true, null, { timeout: 30_000 });
  return { page, errors };
}

/** Mounts a panel and waits until it is ready and painted. */
async function mountPanel(page, id, config) {
  await page.evaluate(([id, config]) => window.mountPanel(id, config), [id, config]);
  await page.waitForSelector(`#${id} [data-exemplar-panel][data-state="ready"]`, { timeout: 30_000 });
  await page.waitForFunction((id) => document.getElementById(id).shadowRoot?.querySelector('canvas.ep-base')?.dataset.paints, id);
  return page.locator(`#${id}`);
}

/** Adds an <exemplar-panel> with `config` and attributes; waits until it is ready. */
async function addElement(page, id, config, attrs) {
  await page.evaluate(([id, config, attrs]) => window.addElement(id, config, attrs), [id, config, attrs]);
  await page.waitForSelector(`#${id} [data-exemplar-panel][data-state="ready"]`, { timeout: 30_000 });
  await page.waitForFunction((id) => document.getElementById(id).shadowRoot?.querySelector('canvas.ep-base')?.dataset.paints, id);
  return page.locator(`#${id}`);
}

/** The overlay canvas's columns (device px) with any paint, and the base canvas's paint count. */
const overlayColumns = (page, id) =>
  page.evaluate((id) => {
    const root = document.getElementById(id).shadowRoot;
    const canvas = root.querySelector('canvas.ep-overlay');
    const { width, height } = canvas;
    const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    const cols = new Set();
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) cols.add(((i - 3) / 4) % width);
    return { cols: [...cols].sort((a, b) => a - b), paints: root.querySelector('canvas.ep-base').dataset.paints };
  }, id);

/** The demo's config (latency quantiles with exemplars), for `id`'s panel. */
const demoConfig = (extra = {}) => ({ ...panelConfig({ promUrl: prom.url, demoUrl: demo.url, from: 'now-3m' }), exemplarSampling: 'all', ...extra });

/**
 * The base canvas's columns (device px) holding a pixel of `rgb` painted on
 * white at ≥ 30 % coverage (antialiased edges included), grouped into runs of
 * neighbouring columns: a line is one wide run, separate points narrow runs.
 */
async function colourRuns(page, id, rgb) {
  return page.evaluate(
    ([id, rgb]) => {
      const canvas = document.getElementById(id).shadowRoot.querySelector('canvas.ep-base');
      const { width, height } = canvas;
      const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
      const hit = new Array(width).fill(false);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4;
          const a = (255 - data[i + 2]) / (255 - rgb[2]); // coverage, from the channel that moves most
          const near = [0, 1, 2].every((c) => Math.abs(data[i + c] - (255 - a * (255 - rgb[c]))) <= 12);
          if (a >= 0.3 && near) hit[x] = true;
        }
      }
      const runs = [];
      for (let x = 0; x < width; x++) {
        if (!hit[x]) continue;
        if (runs.length && runs[runs.length - 1].end === x - 1) runs[runs.length - 1].end = x;
        else runs.push({ start: x, end: x });
      }
      return runs.map((r) => ({ ...r, width: r.end - r.start + 1 }));
    },
    [id, rgb],
  );
}

/** Pixels of the base canvas that are not the background. */
async function inkedPixels(page, id) {
  return page.evaluate((id) => {
    const canvas = document.getElementById(id).shadowRoot.querySelector('canvas.ep-base');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const [r, g, b] = [data[0], data[1], data[2]];
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] !== r || data[i + 1] !== g || data[i + 2] !== b) n++;
    return n;
  }, id);
}

/** The pointer on the first dot (found by the keyboard) shows its tooltip; then it leaves the plot. */
async function hoverFirstDot(page, id, panel) {
  const [dot] = await walkAll(page, id);
  const box = await panel.locator('[data-testid=plot]').boundingBox();
  await page.mouse.move(box.x + dot.x + 1, box.y + dot.y - 1);
  const tooltip = panel.getByTestId('tooltip');
  await tooltip.waitFor();
  assert.ok((await tooltip.innerText()).includes(dot.labels.trace_id), `the hovered exemplar (${id})`);
  await page.mouse.move(box.x + 2, box.y + box.height + 80);
}

const ticks = (page, id, axis) =>
  page.evaluate(([id, axis]) => document.getElementById(id).shadowRoot.querySelector('canvas.ep-base').dataset[`${axis}Ticks`].split('|'), [id, axis]);

/** Records the panels' host events (select, box) in window.__events. */
async function recordEvents(page) {
  await page.evaluate(() => {
    window.__events = [];
    for (const type of ['exemplar-select', 'exemplar-box']) {
      document.addEventListener(type, (e) => window.__events.push({ type, target: e.target.id, detail: e.detail }));
    }
  });
}
const events = (page, type) => page.evaluate((type) => window.__events.filter((e) => e.type === type), type);

/** Every exemplar the keyboard reaches in panel `id`, with its position (CSS px in the plot). */
async function walkAll(page, id) {
  await recordEvents(page);
  await page.locator(`#${id} [data-testid=plot]`).focus();
  const key = (d) => `${d.timestamp}|${d.labels.trace_id}`;
  const seen = new Map();
  for (let round = 0; round < 40; round++) {
    for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowRight');
    const selected = (await events(page, 'exemplar-select')).filter((e) => e.target === id);
    const before = seen.size;
    for (const e of selected) seen.set(key(e.detail), e.detail);
    if (seen.size === before) break; // the last one again: the end
  }
  await page.keyboard.press('Escape');
  await page.evaluate(() => (window.__events = []));
  return [...seen.values()];
}

/** The RGB sum of the base canvas's pixel at CSS (x, y) of the plot. */
const brightness = (page, id, x, y) =>
  page.evaluate(
    ([id, x, y]) => {
      const canvas = document.getElementById(id).shadowRoot.querySelector('canvas.ep-base');
      const dpr = canvas.width / canvas.clientWidth;
      const [r, g, b] = canvas.getContext('2d').getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data;
      return r + g + b;
    },
    [id, x, y],
  );

// Palette colour 0 of the light theme (src/render/theme.rs).
const BLUE = [0x1f, 0x78, 0xc1];
// One sample every 2 minutes at a 15 s step: Prometheus leaves 7 of 8 steps out.
const SPARSE = 'vector(0.5) and on() (vector(time() % 120) == 0)';

describe('the incident-grade chart against a real Prometheus', () => {
  test('missing steps break the line: the sparse query draws separate points, a steady one a line', async () => {
    const { page, errors } = await openPage();
    const base = { prometheus: { url: prom.url }, scrapeInterval: '15s', theme: 'light', time: { from: 'now-10m', to: 'now' } };
    await mountPanel(page, 'sparse', { ...base, targets: [{ refId: 'A', expr: SPARSE, exemplar: false, legendFormat: 'sparse' }] });
    await mountPanel(page, 'steady', { ...base, targets: [{ refId: 'A', expr: 'vector(0.5)', exemplar: false, legendFormat: 'steady' }] });
    const sparse = await colourRuns(page, 'sparse', BLUE);
    assert.ok(sparse.length >= 4 && sparse.length <= 6, `one point every 2 min over 10 min: ${JSON.stringify(sparse)}`);
    assert.ok(sparse.every((r) => r.width >= 3 && r.width <= 9), `dots (2.5 CSS px radius), not a line: ${JSON.stringify(sparse)}`);
    const gaps = sparse.slice(1).map((r, i) => r.start - sparse[i].start);
    assert.ok(Math.max(...gaps) - Math.min(...gaps) <= 3, `evenly spaced: ${gaps}`);
    const steady = await colourRuns(page, 'steady', BLUE);
    assert.ok(steady.length === 1 && steady[0].width > 500, `the control is one line: ${JSON.stringify(steady)}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a series with one sample draws one visible point', async () => {
    const { page, errors } = await openPage();
    // A 2-minute window around one instant that is a multiple of 120 s: one sample.
    const t = Math.floor(Date.now() / 120_000) * 120_000 - 240_000;
    const config = {
      prometheus: { url: prom.url },
      scrapeInterval: '15s',
      theme: 'light',
      time: { from: String(t - 60_000), to: String(t + 59_000) },
      targets: [{ refId: 'A', expr: SPARSE.replace('0.5', '0.25'), exemplar: false, legendFormat: 'young' }],
    };
    const panel = await mountPanel(page, 'one', config);
    assert.equal(await panel.locator('[data-testid=legend-item]').count(), 1);
    const runs = await colourRuns(page, 'one', BLUE);
    assert.equal(runs.length, 1, JSON.stringify(runs));
    assert.ok(runs[0].width >= 3, `a visible dot: ${JSON.stringify(runs)}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('log scale: labels per decade, hover hits the dots, the toolbar switches back to linear', async () => {
    const { page, errors } = await openPage();
    const panel = await mountPanel(page, 'log', demoConfig({ theme: 'light', scaleDistribution: { type: 'log', log: 10 } }));
    const labels = await ticks(page, 'log', 'y');
    const seconds = labels.map((l) => {
      const m = l.match(/^([\d.]+) (µs|ms|s)$/);
      assert.ok(m, `a latency label: ${l}`);
      return Number(m[1]) * { µs: 1e-6, ms: 1e-3, s: 1 }[m[2]];
    });
    const decades = seconds.filter((s) => Math.abs(Math.log10(s) - Math.round(Math.log10(s))) < 1e-9);
    assert.ok(decades.length >= 2, `powers of ten: ${labels}`);
    assert.ok(seconds.every((s) => /^[125]$/.test(String(Math.round(s / 10 ** Math.floor(Math.log10(s) + 1e-9))))), `1, 2, 5 × 10ⁿ: ${labels}`);
    assert.equal(await panel.getByTestId('scale-toggle').getAttribute('aria-pressed'), 'true');
    // CHART_SCREENSHOT=docs/chart-log.png: the docs' picture of the log scale.
    if (process.env.CHART_SCREENSHOT) await panel.locator('.ep-panel').screenshot({ path: process.env.CHART_SCREENSHOT });

    await hoverFirstDot(page, 'log', panel);

    // Switch to linear: the axis starts at 0 and the dot moves.
    await panel.getByTestId('scale-toggle').click();
    await page.waitForFunction(() => document.getElementById('log').shadowRoot.querySelector('canvas.ep-base').dataset.yTicks.startsWith('0 s'));
    assert.equal(await panel.getByTestId('scale-toggle').getAttribute('aria-pressed'), 'false');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("symlog scale (Grafana's): 0 on the axis, powers of ten above the threshold, hover hits the dots", async () => {
    const { page, errors } = await openPage();
    const scaleDistribution = { type: 'symlog', log: 10, linearThreshold: 0.01 };
    const panel = await mountPanel(page, 'symlog', demoConfig({ theme: 'light', scaleDistribution }));
    const labels = await ticks(page, 'symlog', 'y');
    assert.equal(labels[0], '0 s', `the axis starts at 0: ${labels}`);
    assert.ok(labels.includes('10 ms') && labels.includes('100 ms'), `powers of ten: ${labels}`);
    assert.equal(await panel.getByTestId('scale-toggle').getAttribute('aria-pressed'), 'true');
    await hoverFirstDot(page, 'symlog', panel);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('tick labels: whole at 240 px and 1000 px, and no wider in Chromium than the layout reckons', async () => {
    for (const width of [240, 1000]) {
      const { page } = await openPage({ width });
      await mountPanel(page, 'narrow', demoConfig({ toolbar: false }));
      const x = await ticks(page, 'narrow', 'x');
      const y = await ticks(page, 'narrow', 'y');
      assert.ok(x.length >= 1 && x.every((l) => /^\d\d:\d\d(:\d\d)?$/.test(l)), `${width}: ${x}`);
      // The layout places labels by a width per character (`char_width_css` in
      // src/render/layout.rs, mirrored here; the property test there proves no clipping
      // or overlap with it): the real text must be no wider.
      const widths = await page.evaluate((labels) => {
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = '11px sans-serif';
        return labels.map((l) => [l, ctx.measureText(l).width]);
      }, [...x, ...y]);
      const charWidth = (c) =>
        /[0-9µhn]/.test(c) ? 7.1 : /[:. /iIf]/.test(c) ? 4.0 : c === '-' ? 4.1 : c === 's' ? 5.9 : c === 'm' ? 10.9 : c === 'M' ? 9.6 : c === '+' ? 9.3 : 8.4;
      for (const [label, w] of widths) {
        const reckoned = [...label].reduce((sum, c) => sum + charWidth(c), 0);
        assert.ok(w <= reckoned, `${label}: ${w} px, reckoned ${reckoned}`);
      }
      await page.close();
    }
  });

  test('the exemplar switch hides and shows every dot without querying again', async () => {
    const { page, errors } = await openPage();
    // A fixed range in the past: the same data before and after.
    const now = Date.now();
    const panel = await mountPanel(page, 'switch', demoConfig({ theme: 'light', time: { from: String(now - 120_000), to: String(now - 10_000) } }));
    let queries = 0;
    page.on('request', (r) => r.url().includes('/api/v1/') && queries++);
    const count = panel.getByTestId('count');
    const before = await inkedPixels(page, 'switch');
    const total = Number((await count.innerText()).match(/(\d+) exemplars/)[1]);
    assert.ok(total > 0);
    const toggle = panel.getByTestId('exemplar-toggle');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await toggle.click();
    await page.waitForFunction(() => document.getElementById('switch').shadowRoot.querySelector('[data-testid=count]').textContent.includes('hidden'));
    assert.equal(await count.innerText(), `${total} exemplars hidden`);
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    const hidden = await inkedPixels(page, 'switch');
    assert.ok(hidden < before - 100, `the dots are gone: ${before} → ${hidden}`);
    await toggle.click();
    await page.waitForFunction(() => !document.getElementById('switch').shadowRoot.querySelector('[data-testid=count]').textContent.includes('hidden'));
    assert.equal(await inkedPixels(page, 'switch'), before, 'the same picture as before');
    assert.equal(queries, 0, 'no query ran');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('shift-drag boxes exemplars: the table lists exactly those inside, the rest are dimmed, Escape clears', async () => {
    const { page, errors } = await openPage({ width: 1000, height: 1200 });
    const now = Date.now();
    const panel = await mountPanel(page, 'box', demoConfig({ theme: 'light', time: { from: String(now - 50_000), to: String(now - 5_000) } }));
    const dots = await walkAll(page, 'box');
    assert.ok(dots.length >= 6, `enough exemplars: ${dots.length}`);
    // A box over the middle of the dots in time and value, edges clear of every dot by 2 px.
    const xs = dots.map((d) => d.x).sort((a, b) => a - b);
    const ys = dots.map((d) => d.y).sort((a, b) => a - b);
    const clear = (v, all) => {
      while (all.some((a) => Math.abs(a - v) < 2)) v += 1;
      return v;
    };
    const x0 = clear(xs[Math.floor(xs.length * 0.2)] - 1, xs);
    const x1 = clear(xs[Math.floor(xs.length * 0.8)] + 1, xs);
    const y0 = clear(Math.max(ys[0] - 3, 10), ys); // inside the plot (its top is at 8 px)
    const y1 = clear(ys[Math.floor(ys.length * 0.7)] + 1, ys);
    const inside = dots.filter((d) => d.x > x0 && d.x < x1 && d.y > y0 && d.y < y1);
    const outside = dots.filter((d) => !inside.includes(d));
    assert.ok(inside.length >= 1 && outside.length >= 1, `${inside.length} in, ${outside.length} out`);
    const out = outside[0];
    const before = await brightness(page, 'box', out.x, out.y);

    await recordEvents(page);
    const plot = await panel.locator('[data-testid=plot]').boundingBox();
    await page.keyboard.down('Shift');
    await page.mouse.move(plot.x + x0, plot.y + y0);
    await page.mouse.down();
    await page.mouse.move(plot.x + x1, plot.y + y1, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');

    const count = panel.getByTestId('count');
    const want = `${inside.length} exemplar${inside.length === 1 ? '' : 's'} in the box`;
    await page.waitForFunction(([id, want]) => document.getElementById(id).shadowRoot.querySelector('[data-testid=count]').textContent === want, ['box', want]);
    const ids = (list) => list.map((d) => d.labels.trace_id).sort();
    const rows = await panel.locator('[data-testid=exemplar-row] td.ep-mono').allInnerTexts();
    assert.deepEqual(rows.sort(), ids(inside), 'the table lists exactly the exemplars inside');
    const [boxEvent] = await events(page, 'exemplar-box');
    assert.equal(boxEvent.detail.count, inside.length);
    assert.deepEqual(ids(boxEvent.detail.exemplars), ids(inside), 'the host hears the same');
    assert.ok(boxEvent.detail.box.from < boxEvent.detail.box.to && boxEvent.detail.box.min < boxEvent.detail.box.max);
    assert.ok((await brightness(page, 'box', out.x, out.y)) > before, 'a dot outside is dimmed');
    assert.ok(!(await panel.getByTestId('zoom-out').innerText()).includes('back'), 'a box is no zoom');

    await panel.locator('[data-testid=plot]').focus();
    await page.keyboard.press('Escape');
    await page.waitForFunction((id) => !document.getElementById(id).shadowRoot.querySelector('[data-testid=count]').textContent.includes('box'), 'box');
    const cleared = (await events(page, 'exemplar-box')).at(-1);
    assert.deepEqual([cleared.detail.box, cleared.detail.count], [null, 0]);
    assert.equal(await brightness(page, 'box', out.x, out.y), before, 'undimmed');
    assert.match(await count.innerText(), /^\d+ exemplars$/);

    // The toolbar's box mode: the same box by a plain drag (no Shift key).
    await panel.getByTestId('box-mode').click();
    assert.equal(await panel.getByTestId('box-mode').getAttribute('aria-pressed'), 'true');
    await page.mouse.move(plot.x + x0, plot.y + y0);
    await page.mouse.down();
    await page.mouse.move(plot.x + x1, plot.y + y1, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(([id, want]) => document.getElementById(id).shadowRoot.querySelector('[data-testid=count]').textContent === want, ['box', want]);
    assert.deepEqual(ids((await events(page, 'exemplar-box')).at(-1).detail.exemplars), ids(inside));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Shift+arrows box exemplars by keyboard: the table lists exactly those between the two times, Escape clears', async () => {
    const { page, errors } = await openPage({ width: 1000, height: 1200 });
    const now = Date.now();
    const panel = await mountPanel(page, 'kbox', demoConfig({ theme: 'light', time: { from: String(now - 50_000), to: String(now - 5_000) } }));
    const dots = await walkAll(page, 'kbox'); // in keyboard (time) order
    assert.ok(dots.length >= 6, `enough exemplars: ${dots.length}`);
    // walkAll records the events (window.__events) and leaves the plot focused, nothing selected.
    await panel.locator('[data-testid=plot]').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    // Anchored at the second exemplar, extended to the fifth.
    const [from, to] = [dots[1].timestamp, dots[4].timestamp];
    await page.waitForFunction(
      ([from, to]) => window.__events.some((e) => e.type === 'exemplar-box' && e.detail.box?.from === from && e.detail.box?.to === to),
      [from, to],
    );
    const boxEvent = (await events(page, 'exemplar-box')).at(-1);
    assert.deepEqual([boxEvent.detail.box.from, boxEvent.detail.box.to], [from, to], 'the last box is the widest');
    const ids = (list) => list.map((d) => d.labels.trace_id).sort();
    const between = dots.filter((d) => d.timestamp >= from && d.timestamp <= to);
    assert.ok(between.length >= 4, `${between.length} between`);
    assert.deepEqual(ids(boxEvent.detail.exemplars), ids(between), 'every exemplar between the two times, whatever its value');
    assert.equal(boxEvent.detail.count, between.length);
    const want = `${between.length} exemplars in the box`;
    await page.waitForFunction(([id, want]) => document.getElementById(id).shadowRoot.querySelector('[data-testid=count]').textContent === want, ['kbox', want]);
    const rows = await panel.locator('[data-testid=exemplar-row] td.ep-mono').allInnerTexts();
    assert.deepEqual(rows.sort(), ids(between), 'the table lists exactly the exemplars inside');
    const said = await panel.getByTestId('box-announcement').textContent();
    assert.match(said, new RegExp(`^Box: ${between.length} exemplars from \\d\\d:\\d\\d:\\d\\d to \\d\\d:\\d\\d:\\d\\d$`));
    // Without Shift the arrows move the selection and leave the box alone.
    const boxes = (await events(page, 'exemplar-box')).length;
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((t) => window.__events.some((e) => e.type === 'exemplar-select' && e.detail.timestamp === t), dots[5].timestamp);
    assert.equal(await panel.getByTestId('count').innerText(), want);
    assert.equal((await events(page, 'exemplar-box')).length, boxes, 'no new box');
    await page.keyboard.press('Escape');
    await page.waitForFunction((id) => !document.getElementById(id).shadowRoot.querySelector('[data-testid=count]').textContent.includes('box'), 'kbox');
    const cleared = (await events(page, 'exemplar-box')).at(-1);
    assert.deepEqual([cleared.detail.box, cleared.detail.count], [null, 0]);
    assert.equal(await panel.getByTestId('box-announcement').textContent(), 'Box cleared');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a sync group shares the crosshair and, with syncTime, the zoom; other groups and destroyed panels stay out', async () => {
    const { page, errors } = await openPage({ width: 900, height: 1400 });
    // The same steady series over the same fixed range: the three plots have the same axes.
    const now = Date.now();
    const steady = (extra) => ({
      prometheus: { url: prom.url },
      scrapeInterval: '15s',
      theme: 'light',
      time: { from: String(now - 600_000), to: String(now) },
      targets: [{ refId: 'A', expr: 'vector(0.5)', exemplar: false }],
      ...extra,
    });
    const a = await mountPanel(page, 'a', steady({ syncGroup: 'latency', syncTime: true }));
    const b = await addElement(page, 'b', steady({ syncTime: true }), { 'sync-group': 'latency' });
    const c = await mountPanel(page, 'c', steady({ syncGroup: 'errors', syncTime: true }));
    const before = await overlayColumns(page, 'b');
    assert.deepEqual(before.cols, [], 'nothing on b’s overlay yet');

    // Hover a: b draws a crosshair at that time; c does not.
    const box = await a.locator('[data-testid=plot]').boundingBox();
    const x = Math.round(box.width * 0.5);
    await page.mouse.move(box.x + x, box.y + box.height - 30);
    await page.waitForFunction(() => {
      const c = document.getElementById('b').shadowRoot.querySelector('canvas.ep-overlay');
      return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0);
    });
    const onB = await overlayColumns(page, 'b');
    const dpr = await page.evaluate(() => window.devicePixelRatio);
    assert.ok(onB.cols.length >= 1 && onB.cols.length <= 3, `one thin line: ${onB.cols}`);
    assert.ok(Math.abs(onB.cols[0] / dpr - x) <= 2, `at the same time (same range and width): ${onB.cols[0]} vs ${x}`);
    assert.equal(onB.paints, before.paints, 'the base layer was not repainted');
    assert.deepEqual((await overlayColumns(page, 'c')).cols, [], 'another group hears nothing');
    // Off every plot (below a is b's plot, where b's own hover draws its own crosshair).
    await page.mouse.move(box.x + x, 2);
    await page.waitForFunction(() => {
      const c = document.getElementById('b').shadowRoot.querySelector('canvas.ep-overlay');
      return !c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0);
    });

    // Zoom a by dragging: b follows its range, c does not.
    const ticks0 = { b: await ticks(page, 'b', 'x'), c: await ticks(page, 'c', 'x') };
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => document.getElementById('a').shadowRoot.querySelector('[data-testid=zoom-out]').textContent.includes('back'));
    await page.waitForFunction((t) => document.getElementById('b').shadowRoot.querySelector('canvas.ep-base').dataset.xTicks !== t, ticks0.b.join('|'));
    await page.waitForSelector('#b [data-exemplar-panel][data-state="ready"]');
    await page.waitForFunction(() => {
      const t = (id) => document.getElementById(id).shadowRoot.querySelector('canvas.ep-base').dataset.xTicks;
      return t('a') === t('b');
    });
    assert.deepEqual(await ticks(page, 'c', 'x'), ticks0.c, 'another group keeps its range');

    // a goes away: b and c keep working, and hovering b reaches no one.
    await page.evaluate(() => window.handles.a.destroy());
    const bBox = await b.locator('[data-testid=plot]').boundingBox();
    await page.mouse.move(bBox.x + bBox.width / 2, bBox.y + bBox.height - 30);
    await page.waitForTimeout(200);
    assert.deepEqual((await overlayColumns(page, 'c')).cols, []);
    assert.equal(await c.locator('[data-exemplar-panel]').getAttribute('data-state'), 'ready');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the standalone page keeps the scale, the switch and the box (mouse or keyboard) in its URL', async (t) => {
    if (!existsSync(path.join(DIST, 'index.html'))) return t.skip('a widget-only dist (no app page)');
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const config = demoConfig({ theme: 'light', time: { from: String(Date.now() - 60_000), to: String(Date.now() - 5_000) } });
    await page.goto(`${site.url}/?config=${encodeURIComponent(JSON.stringify(config))}`);
    await page.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 30_000 });
    const urlConfig = () => JSON.parse(new URL(page.url()).searchParams.get('config') ?? '{}');
    await page.getByTestId('scale-toggle').click();
    await page.getByTestId('exemplar-toggle').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('config')?.includes('hideExemplars'));
    assert.deepEqual(urlConfig().scaleDistribution, { type: 'log', log: 10 });
    assert.equal(urlConfig().hideExemplars, true);
    await page.getByTestId('exemplar-toggle').click();
    const plot = await page.getByTestId('plot').boundingBox();
    await page.keyboard.down('Shift');
    await page.mouse.move(plot.x + plot.width * 0.3, plot.y + 20);
    await page.mouse.down();
    await page.mouse.move(plot.x + plot.width * 0.7, plot.y + plot.height - 40, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('config')?.includes('exemplarBox'));
    const kept = urlConfig().exemplarBox;
    assert.ok(kept.from < kept.to && kept.min < kept.max, JSON.stringify(kept));
    // The URL restores all of it.
    await page.reload();
    await page.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 30_000 });
    assert.equal(await page.getByTestId('scale-toggle').getAttribute('aria-pressed'), 'true');
    assert.match(await page.getByTestId('count').innerText(), /in the box$/);
    // By keyboard: Escape takes the box out of the URL, Shift+→ puts a new one in.
    const urlBox = () => JSON.parse(new URL(location.href).searchParams.get('config') ?? '{}').exemplarBox ?? null;
    await page.getByTestId('plot').focus();
    await page.keyboard.press('Escape');
    await page.waitForFunction(`(${urlBox})() === null`);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.waitForFunction(`(${urlBox})() !== null`);
    const keyed = urlConfig().exemplarBox;
    assert.ok(keyed.from <= keyed.to && keyed.min < keyed.max, JSON.stringify(keyed));
    await page.getByTestId('count').filter({ hasText: /in the box$/ }).waitFor({ timeout: 10_000 });
    await page.close();
  });

  test('axe: no violations on the panel with its new controls, light and dark', async () => {
    const { page } = await openPage();
    await mountPanel(page, 'light', demoConfig({ theme: 'light', scaleDistribution: { type: 'log', log: 10 } }));
    await mountPanel(page, 'dark', demoConfig({ theme: 'dark', hideExemplars: true }));
    assert.deepEqual(await axeViolations(page), []);
    await page.close();
  });
});
