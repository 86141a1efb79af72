// The benchmark: exemplar-panel (release build + the `bench` hooks) and uPlot
// draw the same data in the same Chromium page, interleaved A/B/B/A, and the
// medians, ranges and per-pair ratios go to BENCHMARKS.md.
//   node bench/run.mjs [--runs N] [--dist DIR] [--release-dist DIR]
// scripts/bench.sh builds both dists and runs this. No assertion here: the
// goals are reported next to the figures, never enforced by a test.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';

import { ROOT, freePort, launchChromium, serveStatic } from '../tests/e2e/harness.mjs';
import { sizeBreakdown } from './sizes.mjs';
import { exemplarsBody, panelConfig, rangeBody, POINTS, SERIES } from './data.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('runs', 15));
const WARMUP = 3;
const DIST = arg('dist', path.join(ROOT, 'target/bench-dist'));
const RELEASE = arg('release-dist', path.join(ROOT, 'target/bench-release'));

// ---- the Prometheus-API stand-in (this benchmark only) --------------------
const range = rangeBody();
const exemplars = { x100: exemplarsBody(100), x10000: exemplarsBody(10_000), x100000: exemplarsBody(100_000) };
// h: many panels, each 3 series × 11,000 points + 1,000 exemplars.
const PANELS = 20;
const PANEL_SERIES = 3;
const ranges = { h: rangeBody(PANEL_SERIES) };
exemplars.h = exemplarsBody(1_000, PANEL_SERIES);
const apiPort = await freePort();
const api = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const [, prefix, ...rest] = new URL(req.url, 'http://x').pathname.split('/');
    const endpoint = rest.join('/');
    const cors = { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' };
    if (endpoint === 'api/v1/query_range') return res.writeHead(200, cors).end(ranges[prefix] ?? range);
    if (endpoint === 'api/v1/query_exemplars' && exemplars[prefix]) return res.writeHead(200, cors).end(exemplars[prefix]);
    res.writeHead(404, cors).end('{"status":"error","errorType":"not_found","error":"no such endpoint"}');
  });
});
await new Promise((r) => api.listen(apiPort, '127.0.0.1', r));
const apiUrl = `http://127.0.0.1:${apiPort}`;

// ---- statistics -------------------------------------------------------------
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });

/** Runs `ours` and `theirs` alternately (A B, then B A), after warm-up; per-pair ratios. */
async function interleaved(ours, theirs, runs = RUNS) {
  const a = [];
  const b = [];
  for (let i = 0; i < WARMUP + runs; i++) {
    let x, y;
    if (i % 2 === 0) {
      x = await ours(i);
      y = await theirs(i);
    } else {
      y = await theirs(i);
      x = await ours(i);
    }
    if (i >= WARMUP) {
      a.push(x);
      b.push(y);
    }
  }
  return { ours: stats(a), uplot: stats(b), ratio: stats(a.map((v, i) => v / b[i])) };
}

// ---- the run ----------------------------------------------------------------
const site = await serveStatic(DIST);
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
await page.goto(`${site.url}/index.html`);
await page.waitForFunction(() => window.bench && window.wasmBindings, null, { timeout: 30_000 });
const info = await page.evaluate(
  (a) => window.bench.init(a),
  { api: apiUrl, config: panelConfig(`${apiUrl}/x10000`), range, exemplars: exemplars.x10000 },
);
console.log(`data: ${info.points} points in ${SERIES} series, ${info.exemplars} exemplars; dpr ${info.dpr}`);
const ev = (fn, ...args) => page.evaluate(([f, a]) => window.bench[f](...a), [fn, args]);

const results = {};
console.log('a. draw only');
results.draw = await interleaved(() => ev('oursDraw'), () => ev('uplotDraw'));
console.log('b. time to chart');
results.timeToChart = await interleaved(() => ev('oursTimeToChart', '/x10000'), () => ev('uplotTimeToChart'));
console.log('c. hover');
const MOVES = 200;
const hover = { ours100: [], ours100k: [], uplot: [], baseline: [] };
const setups = {};
for (const [key, prefix] of [['ours100', '/x100'], ['ours100k', '/x100000']]) {
  setups[key] = await ev('oursHoverSetup', prefix, 200);
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const v = await ev('oursHover', MOVES);
    if (i >= WARMUP) hover[key].push(v);
  }
  for (let i = 0; i < RUNS; i++) hover.baseline.push(await ev('hoverBaseline', MOVES));
}
await ev('uplotHoverSetup');
for (let i = 0; i < WARMUP + RUNS; i++) {
  const v = await ev('uplotHover', MOVES);
  if (i >= WARMUP) hover.uplot.push(v);
}
results.hover = {
  ours100: stats(hover.ours100),
  ours100k: stats(hover.ours100k),
  uplot: stats(hover.uplot),
  baseline: stats(hover.baseline),
  ratio100kTo100: stats(hover.ours100k.map((v, i) => v / hover.ours100[i])),
  positions: setups,
};
await ev('clear');

// Where the time goes: a CPU profile (CDP) of draws and charts, self time by
// function, on the profiling build (the same code without wasm-opt, so the
// wasm keeps its function names).
const profileSite = await serveStatic(arg('profile-dist', path.join(ROOT, 'target/bench-profile')));
const profilePage = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
await profilePage.goto(`${profileSite.url}/index.html`); // trunk names its output index.html
await profilePage.waitForFunction(() => window.bench && window.wasmBindings, null, { timeout: 30_000 });
await profilePage.evaluate((a) => window.bench.init(a), { api: apiUrl, config: panelConfig(`${apiUrl}/x10000`), range, exemplars: exemplars.x10000 });
const pev = (fn, ...args) => profilePage.evaluate(([f, a]) => window.bench[f](...a), [fn, args]);
async function profile(label, fn, times) {
  for (let i = 0; i < 3; i++) await fn(); // warm up
  const session = await profilePage.context().newCDPSession(profilePage);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  for (let i = 0; i < times; i++) await fn();
  const { profile: p } = await session.send('Profiler.stop');
  await session.detach();
  const dt = new Map();
  p.timeDeltas.forEach((d, i) => dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + d));
  const self = new Map();
  let total = 0;
  for (const node of p.nodes) {
    const us = dt.get(node.id) ?? 0;
    total += us;
    const name = node.callFrame.functionName || `(${node.callFrame.url.split('/').pop() || 'native'})`;
    if (['(idle)', '(program)'].includes(name)) continue;
    self.set(name, (self.get(name) ?? 0) + us);
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  return { label, total_ms: total / 1000, top: top.map(([name, us]) => ({ name: name.replace(/::h[0-9a-f]{16}$/, ''), ms: us / 1000 / times })) };
}
results.profiles = [
  await profile('a. draw only, per draw', () => pev('oursDraw'), 20),
  await profile('b. time to chart, per chart', () => pev('oursTimeToChart', '/x10000'), 10),
];
await profilePage.close();
await profileSite.stop();

console.log('d. redraw after a resize');
const width = (i) => (i % 2 ? 900 : 1000);
results.resize = await interleaved((i) => ev('oursResize', width(i)), (i) => ev('uplotResize', width(i)));

console.log('g. longest main-thread task during one refresh');
await ev('oursRefreshSetup', '/x10000');
await ev('uplotRefreshSetup');
results.longest = await interleaved(() => ev('oursRefreshLongest'), () => ev('uplotRefreshLongest'));
await ev('clear');

console.log('e. size');
const gz = async (file) => {
  const body = await readFile(file);
  return { bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
};
// The lean widget bundle (what a portal loads by default); the full widget
// (trace view, doctor, YAML) and the standalone app are reported beside it.
const oursWasm = await gz(path.join(RELEASE, 'exemplar-panel_bg.wasm'));
const oursJs = await gz(path.join(RELEASE, 'exemplar-panel.js'));
const fullWasm = await gz(path.join(RELEASE, 'exemplar-panel-full_bg.wasm'));
const fullJs = await gz(path.join(RELEASE, 'exemplar-panel-full.js'));
const appWasm = await gz(path.join(RELEASE, 'exemplar-panel-app_bg.wasm'));
const appJs = await gz(path.join(RELEASE, 'exemplar-panel-app.js'));
const uplotJs = await gz(path.join(ROOT, 'bench/node_modules/uplot/dist/uPlot.iife.min.js'));
const uplotCss = await gz(path.join(ROOT, 'bench/node_modules/uplot/dist/uPlot.min.css'));
results.size = { oursWasm, oursJs, fullWasm, fullJs, appWasm, appJs, uplotJs, uplotCss };
results.sizeBreakdown = sizeBreakdown(arg('sizes-wasm', path.join(ROOT, 'target/bench-sizes/exemplar-panel_bg.wasm')));

console.log('f. memory over refresh cycles');
// A fresh page per library, so the earlier measurements' garbage and the wasm
// memory's high-water mark from 100,000 exemplars do not count.
async function freshPage() {
  const p = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  p.on('pageerror', (e) => errors.push(e.message));
  p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await p.goto(`${site.url}/index.html`);
  await p.waitForFunction(() => window.bench && window.wasmBindings, null, { timeout: 30_000 });
  await p.evaluate((a) => window.bench.init(a), { api: apiUrl, config: panelConfig(`${apiUrl}/x10000`), range, exemplars: exemplars.x10000 });
  const cdp = await p.context().newCDPSession(p);
  const call = (fn, ...args) => p.evaluate(([f, a]) => window.bench[f](...a), [fn, args]);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return { js: usedSize, wasm: await call('wasmMemoryBytes') };
  };
  return { p, call, heap };
}
const CYCLES = Number(arg('cycles', 500));
const oursPage = await freshPage();
await oursPage.call('oursRefreshSetup', '/x10000');
await oursPage.call('oursRefresh', 10);
const ours10 = await oursPage.heap();
await oursPage.call('oursRefresh', CYCLES - 10);
const oursN = await oursPage.heap();
await oursPage.p.close();
const uplotPage = await freshPage();
await uplotPage.call('uplotRefreshSetup');
await uplotPage.call('uplotRefresh', 10);
const uplot10 = await uplotPage.heap();
await uplotPage.call('uplotRefresh', CYCLES - 10);
const uplotN = await uplotPage.heap();
await uplotPage.p.close();
results.memory = { cycles: CYCLES, ours10, oursN, uplot10, uplotN };

console.log(`h. ${PANELS} panels on one page`);
// A fresh page per run; memory is what the page holds after every chart has
// painted minus what it held before (JS heap + wasm memory, after GC).
const panelBytes = { ours: [], uplot: [] };
async function panels(which, into) {
  const fp = await freshPage();
  const before = await fp.heap();
  const ms = await fp.call(which, PANELS, '/h');
  const after = await fp.heap();
  await fp.p.close();
  into.push(after.js + after.wasm - before.js - before.wasm);
  return ms;
}
const PANEL_RUNS = Number(arg('panel-runs', 5));
results.panels = await interleaved(() => panels('oursPanels', panelBytes.ours), () => panels('uplotPanels', panelBytes.uplot), PANEL_RUNS);
// interleaved() drops its warm-up runs; drop the same from the memory figures.
for (const k of ['ours', 'uplot']) panelBytes[k] = panelBytes[k].slice(WARMUP);
results.panels.bytes = {
  ours: stats(panelBytes.ours),
  uplot: stats(panelBytes.uplot),
  ratio: stats(panelBytes.ours.map((v, i) => v / panelBytes.uplot[i])),
};

await browser.close();
await site.stop();
api.close();

// ---- the report -------------------------------------------------------------
const chromium = (() => {
  try {
    return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'chromium (version unknown)';
  }
})();
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const f = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const ms = (s) => `${f(s.median)} ms (${f(s.min)}–${f(s.max)})`;
const x = (s) => `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const mb = (n) => `${(n / 1048576).toFixed(1)} MiB`;
const mbs = (s) => `${mb(s.median)} (${mb(s.min)}–${mb(s.max)})`;
const oursTotal10 = ours10.js + ours10.wasm;
const oursTotalN = oursN.js + oursN.wasm;
const h = results.hover;
const rows = [
  ['a. draw only (parsed data → pixels)', ms(results.draw.ours), ms(results.draw.uplot), x(results.draw.ratio), '≤ 0.5×'],
  ['b. time to chart (config → fetch → parse → pixels)', ms(results.timeToChart.ours), ms(results.timeToChart.uplot), x(results.timeToChart.ratio), '≤ 0.5×'],
  ['c. hover, one pointer move, 100 exemplars', ms(h.ours100), ms(h.uplot), (h.ours100.median / h.uplot.median).toFixed(2) + '×', ''],
  ['c. hover, one pointer move, 100,000 exemplars', ms(h.ours100k), ms(h.uplot), (h.ours100k.median / h.uplot.median).toFixed(2) + '×', '100k / 100 ≤ 2: ' + x(h.ratio100kTo100)],
  ['d. redraw after a resize', ms(results.resize.ours), ms(results.resize.uplot), x(results.resize.ratio), ''],
  ['e. size, gzip -9 (the lean widget: wasm + js / js + css)', kb(oursWasm.gzip + oursJs.gzip), kb(uplotJs.gzip + uplotCss.gzip), ((oursWasm.gzip + oursJs.gzip) / (uplotJs.gzip + uplotCss.gzip)).toFixed(1) + '×', '≤ 250 KB'],
  [`f. memory after ${CYCLES} refreshes / after 10 (JS heap + wasm memory)`, `${mb(oursTotalN)} / ${mb(oursTotal10)} = ${(oursTotalN / oursTotal10).toFixed(3)}×`, `${mb(uplotN.js)} / ${mb(uplot10.js)} = ${(uplotN.js / uplot10.js).toFixed(3)}×`, '', '≤ 1.05×'],
  ['g. longest main-thread task during one refresh', ms(results.longest.ours), ms(results.longest.uplot), x(results.longest.ratio), '≤ 16 ms'],
  [`h. ${PANELS} panels (${PANEL_SERIES} × 11,000 points + 1,000 exemplars each): all painted`, ms(results.panels.ours), ms(results.panels.uplot), x(results.panels.ratio), ''],
  [`h. ${PANELS} panels: memory they hold`, mbs(results.panels.bytes.ours), mbs(results.panels.bytes.uplot), x(results.panels.bytes.ratio), ''],
];
const table = [
  '| measure | exemplar-panel: median (min–max) | uPlot: median (min–max) | ours / uPlot, per pair | goal |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
const date = new Date().toISOString().slice(0, 10);
const report = `# Benchmarks

exemplar-panel against [uPlot](https://github.com/leeoniya/uPlot) ${JSON.parse(await readFile(path.join(ROOT, 'bench/node_modules/uplot/package.json'), 'utf8')).version}, the renderer Grafana itself uses, in one page of headless ${chromium} (playwright-core), ${cpu}, ${os.cpus().length} cores, ${date}. Produced by \`scripts/bench.sh\`; the numbers below are that run's, copied as printed.

**Data** (\`bench/data.mjs\`, in the exact shape of Prometheus's API answers, served from loopback by a stand-in for this benchmark only): ${SERIES} series × ${POINTS.toLocaleString('en')} points (Prometheus's per-query maximum), with 10,000 exemplars (100 and 100,000 for hover). Plot ${1000}×${400} CSS px, devicePixelRatio ${info.dpr}. uPlot draws the lines only; exemplar-panel draws the lines **and** the exemplars. ${RUNS} measured runs each after ${WARMUP} warm-up runs, interleaved A B / B A; the ratio column is the median (and range) of the per-pair ratios.

${table}

How each figure is taken (\`bench/page.js\`):
- **a.** ours: \`benchDraw\` (layout, filters, scene with M4 decimation, hit index, paint) onto a fresh canvas; uPlot: \`new uPlot(opts, columns, el)\` and its commit. Both end by reading one pixel back.
- **b.** ours: \`mount(el, config)\` until \`data-state=ready\` and the base layer has painted (both queries, parse, match, draw, and the wait for the element's size); uPlot: \`fetch\` of the same query_range body, \`JSON.parse\`, conversion to columns, \`new uPlot\`.
- **c.** one synthetic pointer move (at an exemplar's position, so every move changes the selection and redraws the overlay), then a task boundary so every effect has run, then a one-pixel read of the overlay. The harness alone (task boundary + read) costs ${ms(h.baseline)}; it is inside every hover figure, ours and uPlot's. uPlot's figure is its cursor move over the lines (it has no exemplars).
- **d.** the same parsed data redrawn at 1000 ↔ 900 px: ours \`benchDraw\`, uPlot \`setSize\`.
- **e.** the release build (\`scripts/build.sh\`), the lean widget bundle a portal loads (\`exemplar-panel.js\`): ${kb(oursWasm.gzip)} wasm + ${kb(oursJs.gzip)} js gzip -9 (${kb(oursWasm.bytes)} + ${kb(oursJs.bytes)} raw). The full widget (\`exemplar-panel-full.js\`: plus the trace view, the doctor and YAML): ${kb(fullWasm.gzip + fullJs.gzip)}. The standalone app (with its editors): ${kb(appWasm.gzip + appJs.gzip)}. uPlot's minified IIFE + CSS: ${kb(uplotJs.gzip)} + ${kb(uplotCss.gzip)}.
- **f.** one panel refreshed ${CYCLES} times against the stand-in (each refresh: both queries, parse, a new model, a repaint), heap measured after two forced garbage collections (CDP): JS heap ${mb(ours10.js)} → ${mb(oursN.js)}, wasm linear memory ${mb(ours10.wasm)} → ${mb(oursN.wasm)} (a wasm memory never shrinks: it is the high-water mark). uPlot: \`fetch\` + parse + \`setData\`, JS heap only.
- **g.** during one refresh of the panel of **f** (both queries, parse, model, paint), a watcher posts a message to itself again and again; the longest gap between two of its turns is the longest stretch the page could not answer input (a task, or the rendering between tasks). uPlot: the same watcher around \`fetch\` + \`JSON.parse\` + \`setData\` + paint. Goal: one frame, 16 ms.
- **h.** a fresh page per run: ${PANELS} panels mounted at once, each with its own query (so no request is shared), each answer ${PANEL_SERIES} series × 11,000 points and 1,000 exemplars, until every panel has painted; uPlot: ${PANELS} \`fetch\` + \`JSON.parse\` + \`new uPlot\`. Memory: JS heap + wasm memory after GC, after minus before. ${PANEL_RUNS} measured runs after ${WARMUP} warm-up runs, interleaved.

## Reading the figures

- Chromium runs headless with \`--disable-gpu\`, so every canvas is rastered on the CPU (Skia), ours and uPlot's alike; the one-pixel readback is where that raster is paid.
- **a, b, d**: we draw 10,000 exemplars on top of the lines uPlot draws, and uPlot draws its lines as we do: a min/max-per-pixel decimation stroked by the browser's canvas. The goal (≤ 0.5× uPlot) is not reached, and on this design it cannot be: half of uPlot's time for uPlot's whole work plus 10,000 markers needs a line raster at half the cost of Chromium's own stroke of the same decimated path, and our own raster (one pixel buffer per paint, thin lines by column spans: docs/performance.md, \"One pixel buffer per paint\") brings the lines to about 2–3 ms, with the markers, the frame and the put of the whole canvas still on top. The profile below names the rest. In b, parsing is now a byte scanner for Prometheus's own answers (\`src/prom/fast.rs\`); what remains besides the draw is allocating the exemplars' labels and the model.
- **c**: each of our moves changes the selection, so it rebuilds the tooltip (a few dozen DOM nodes, placed inside the viewport, which reads layout twice), fires \`exemplar-select\` with its detail, updates the aria-live text and repaints the overlay. uPlot moves its cursor and needs none of that. The goal is about scaling: 100,000 exemplars cost the same as 100.
- **e**: the goal (≤ 250 KB) is not reached, and on this stack it cannot be. Measured by building less of the lean widget (docs/performance.md, \"Sizes\"): the pipeline alone (config, parse, model, frame, scene, raster, paint; no UI, no fetch) is 189 KB, a minimal Leptos app on top of it 211 KB; the panel as it ships but with its view cut to the plot (canvases and their pointer and key wiring: no title, error line, notices, toolbar, filters, tooltip, legend or table) is **291 KB**, 41 KB over the goal before any UI; Leptos's reactive graph is 13% of that build's code, so even without Leptos it would be about 253 KB. So what is over is not the view code: it is the pipeline (with serde for the config and plotters for the axes), Leptos's runtime, and the client, machine and element wired with it, as the house plan builds the shell. \`opt-level\` \`"s"\` is 12% and \`3\` 50% larger, neither faster; \`wasm-opt -Oz --converge\`, \`--gufa\` or \`-O4\` save nothing more; Leptos's \`erase_components\` saves 2.5 KB.

## Where the bytes go

twiggy's items of the widget's wasm after wasm-bindgen, before wasm-opt (${kb(results.sizeBreakdown.total)} of code and data, names aside; wasm-opt then takes it to ${kb(oursWasm.bytes)}), summed by the first crate named in each item (\`<A as B>\` items by A; generic \`<T as B>\` by B):

| crate | KiB | share |
| --- | --- | --- |
${results.sizeBreakdown.crates.map((c) => `| \`${c.crate}\` | ${(c.bytes / 1024).toFixed(1)} | ${((100 * c.bytes) / results.sizeBreakdown.total).toFixed(1)}% |`).join('\n')}

The largest items:

| item | KiB |
| --- | --- |
${results.sizeBreakdown.items.map((i) => `| \`${i.name.replace(/\|/g, '\\|').slice(0, 110)}\` | ${(i.bytes / 1024).toFixed(1)} |`).join('\n')}

## Where the time goes

A CPU profile of our side (Chromium's sampling profiler through CDP, 0.1 ms interval, on \`bench/profile.html\`: the same build without wasm-opt, so wasm functions keep their names), self time per call, top entries:

${results.profiles
  .map(
    (p) => `**${p.label}**\n\n| function | ms |\n| --- | --- |\n${p.top.map((t) => `| \`${t.name.replace(/\|/g, '\\|').slice(0, 110)}\` | ${t.ms.toFixed(2)} |`).join('\n')}`,
  )
  .join('\n\n')}

Console errors during the run: ${errors.length ? errors.join('; ') : 'none'}.
`;
await writeFile(path.join(ROOT, 'BENCHMARKS.md'), report);
await writeFile(path.join(ROOT, 'target/bench-results.json'), JSON.stringify({ info, results, errors }, null, 2));
console.log(`\n${table}\n\nwrote BENCHMARKS.md`);
