// The soak: one panel auto-refreshing every second against the real
// Prometheus and the demo service, for N refresh cycles (default 500).
// Measures, after 10 cycles and after N: JS heap + wasm memory (after forced
// garbage collection, CDP), DOM nodes and event listeners (CDP
// Memory.getDOMCounters), and live timers (setTimeout/setInterval, counted by
// a wrapper installed before the app). Fails if memory grows more than 5%,
// listeners or timers grow at all, or the console shows an error.
// Not a test in the suite (it takes ~11 min): run it with scripts/soak.sh.
// Writes target/soak.json.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { ROOT, panelConfig, pageUrl, startStack, stopStack, waitFor } from './harness.mjs';

const CYCLES = Number(process.argv[2] ?? 500);
const EARLY = 10;

const COUNT_TIMERS = `
(() => {
  const live = new Map();
  const [st, ct, si, ci] = [setTimeout, clearTimeout, setInterval, clearInterval];
  window.setTimeout = function (fn, ms, ...a) {
    const id = st.call(window, (...x) => { live.delete(id); if (typeof fn === 'function') fn(...x); }, ms, ...a);
    live.set(id, 'timeout');
    return id;
  };
  window.clearTimeout = function (id) { live.delete(id); return ct.call(window, id); };
  window.setInterval = function (fn, ms, ...a) { const id = si.call(window, fn, ms, ...a); live.set(id, 'interval'); return id; };
  window.clearInterval = function (id) { live.delete(id); return ci.call(window, id); };
  window.liveTimers = () => {
    const kinds = [...live.values()];
    return { timeouts: kinds.filter((k) => k === 'timeout').length, intervals: kinds.filter((k) => k === 'interval').length };
  };
  addEventListener('TrunkApplicationStarted', (e) => { window.wasmExports = e.detail.wasm; });
})();
`;

// The panel shows the last 2 minutes; it opens once Prometheus holds 2
// minutes of data, so cycle 10 and cycle N draw the same amount of data and
// any growth is the panel's.
const WINDOW_S = 120;
const started = Date.now();
const stack = await startStack();
const result = { cycles: CYCLES, refresh: '1s', window: `now-${WINDOW_S / 60}m` };
try {
  const config = { ...panelConfig({ promUrl: stack.prom.url, demoUrl: stack.demo.url, from: result.window }), refresh: '1s' };
  const fill = started + (WINDOW_S + 10) * 1000 - Date.now();
  if (fill > 0) {
    console.log(`  waiting ${Math.round(fill / 1000)} s for ${WINDOW_S} s of data`);
    await new Promise((r) => setTimeout(r, fill));
  }
  const targets = config.targets.length;
  const page = await stack.browser.newPage({ viewport: { width: 1100, height: 700 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  let ranges = 0;
  let failed = 0;
  page.on('response', (r) => {
    if (!r.url().endsWith('/api/v1/query_range')) return;
    ranges++;
    if (!r.ok()) failed++;
  });
  await page.addInitScript(COUNT_TIMERS);
  await page.goto(pageUrl(stack.site.url, config));
  await page.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 30_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Memory.enable').catch(() => {});
  const cycles = () => Math.floor(ranges / targets);

  const measure = async () => {
    // Between refreshes, so no answer is half parsed.
    const at = ranges;
    await waitFor('a refresh to land', async () => ranges > at, 10_000, 20);
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const dom = await cdp.send('Memory.getDOMCounters');
    const page_ = await page.evaluate(() => ({
      wasm: window.wasmExports?.memory?.buffer.byteLength ?? 0,
      timers: window.liveTimers(),
      state: document.querySelector('[data-exemplar-panel]')?.dataset.state,
    }));
    return {
      cycle: cycles(),
      jsHeap: heap.usedSize,
      wasm: page_.wasm,
      total: heap.usedSize + page_.wasm,
      nodes: dom.nodes,
      listeners: dom.jsEventListeners,
      ...page_.timers,
      state: page_.state,
    };
  };

  const t0 = Date.now();
  await waitFor(`${EARLY} cycles`, async () => cycles() >= EARLY, 120_000, 100);
  result.early = await measure();
  let last = Date.now();
  await waitFor(`${CYCLES} cycles`, async () => {
    if (Date.now() - last > 30_000) {
      last = Date.now();
      console.log(`  ${cycles()} cycles, ${Math.round((Date.now() - t0) / 1000)} s`);
    }
    return cycles() >= CYCLES;
  }, CYCLES * 5_000, 250);
  result.late = await measure();
  result.seconds = Math.round((Date.now() - t0) / 1000);
  result.failedResponses = failed;
  result.consoleErrors = errors;
  result.memoryRatio = result.late.total / result.early.total;
  result.jsHeapRatio = result.late.jsHeap / result.early.jsHeap;
  await page.close();
} finally {
  await stopStack(stack);
}

await writeFile(path.join(ROOT, 'target/soak.json'), JSON.stringify(result, null, 2));
const mb = (b) => `${(b / 1048576).toFixed(2)} MB`;
const { early, late } = result;
console.log(`soak: ${result.cycles} refresh cycles (every ${result.refresh}) in ${result.seconds} s against the real Prometheus`);
console.log(`| | after ${early.cycle} cycles | after ${late.cycle} cycles | ratio |`);
console.log('| --- | --- | --- | --- |');
console.log(`| JS heap + wasm memory | ${mb(early.total)} | ${mb(late.total)} | ${result.memoryRatio.toFixed(3)}× |`);
console.log(`| JS heap | ${mb(early.jsHeap)} | ${mb(late.jsHeap)} | ${result.jsHeapRatio.toFixed(3)}× |`);
console.log(`| wasm memory | ${mb(early.wasm)} | ${mb(late.wasm)} | ${(late.wasm / early.wasm).toFixed(3)}× |`);
console.log(`| DOM nodes | ${early.nodes} | ${late.nodes} | |`);
console.log(`| event listeners | ${early.listeners} | ${late.listeners} | |`);
console.log(`| live timeouts / intervals | ${early.timeouts} / ${early.intervals} | ${late.timeouts} / ${late.intervals} | |`);
console.log(`| console errors | ${result.consoleErrors.length} | | |`);
const problems = [];
if (result.memoryRatio > 1.05) problems.push(`memory grew ${result.memoryRatio.toFixed(3)}×`);
if (late.listeners > early.listeners) problems.push(`listeners grew ${early.listeners} → ${late.listeners}`);
if (late.timeouts + late.intervals > early.timeouts + early.intervals) problems.push('timers grew');
if (late.nodes > early.nodes * 1.05) problems.push(`DOM nodes grew ${early.nodes} → ${late.nodes}`);
if (result.consoleErrors.length) problems.push(`console errors: ${result.consoleErrors.slice(0, 3).join(' | ')}`);
if (late.state !== 'ready') problems.push(`panel state ${late.state}`);
if (problems.length) {
  console.error(`soak FAILED: ${problems.join('; ')}`);
  process.exit(1);
}
console.log('soak passed');
