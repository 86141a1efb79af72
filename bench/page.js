// The page side of the benchmark (bench/run.mjs drives it): the same data
// drawn by exemplar-panel and by uPlot, each step timed with performance.now().
// Every measurement ends by reading one pixel back, which forces the raster.

const W = 1000;
const H = 400;
const DPR = window.devicePixelRatio || 1;
const COLORS = ['#1f78c1', '#eb7b18', '#37872d', '#c4162a', '#8f3bb8', '#12a19a'];

const started = new Promise((resolve) => {
  if (window.wasmBindings) resolve();
  else addEventListener('TrunkApplicationStarted', (e) => resolve(e.detail.wasm), { once: true });
});
let wasm; // the wasm exports (memory)
const ep = () => window.wasmBindings;

/** A macrotask boundary: every microtask (Leptos effects, uPlot commits) has run. */
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldTask = () => new Promise((r) => { waiting.push(r); channel.port2.postMessage(0); });

/**
 * Watches the main thread: a message posted to itself, again and again; the
 * longest gap between two of its turns is the longest stretch the page could
 * not have answered input (tasks, and the rendering steps between them).
 * Returns `stop()`, which gives that gap in ms.
 */
function watchMainThread() {
  const ch = new MessageChannel();
  let last = performance.now();
  let longest = 0;
  let on = true;
  ch.port1.onmessage = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (on) ch.port2.postMessage(0);
  };
  ch.port2.postMessage(0);
  return () => {
    on = false;
    ch.port1.close();
    return Math.max(longest, performance.now() - last);
  };
}

const readPixel = (canvas) => canvas.getContext('2d').getImageData(0, 0, 1, 1).data[3];

/** Resolves when the panel in `root` is ready and its base layer has painted (no polling). */
function painted(root) {
  const check = () => {
    const host = root.querySelector('[data-exemplar-panel]');
    const canvas = root.querySelector('.ep-base');
    if (host?.dataset.state === 'error') throw new Error(root.textContent);
    return host?.dataset.state === 'ready' && canvas?.dataset.paints ? canvas : null;
  };
  return new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      try {
        const canvas = check();
        if (canvas) {
          observer.disconnect();
          resolve(canvas);
        }
      } catch (e) {
        observer.disconnect();
        reject(e);
      }
    });
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-paints'] });
  });
}

function box() {
  const div = document.createElement('div');
  div.className = 'box';
  document.body.append(div);
  return div;
}

/** Prometheus matrix → uPlot's columns: [xs, ...ys], non-finite values as gaps. */
function columns(body) {
  const result = JSON.parse(body).data.result;
  const xs = new Float64Array(result[0].values.length);
  result[0].values.forEach((v, i) => { xs[i] = v[0]; });
  const ys = result.map((s) =>
    s.values.map((v) => {
      const n = Number(v[1]);
      return Number.isFinite(n) ? n : null;
    }),
  );
  return [xs, ...ys];
}

function uplotOptions(width = W, seriesCount = COLORS.length) {
  return {
    width,
    height: H,
    pxRatio: DPR,
    legend: { show: false },
    scales: { x: { time: true } },
    series: [{}, ...COLORS.slice(0, seriesCount).map((stroke) => ({ stroke, width: 1, points: { show: false } }))], // width 1 as ours (Grafana's default)
  };
}

const post = (url, form) => fetch(url, { method: 'POST', body: new URLSearchParams(form) });

const state = {};

window.bench = {
  async init({ api, config, range, exemplars }) {
    wasm = await started;
    state.api = api;
    state.config = config;
    state.rangeText = range;
    state.data = columns(range);
    state.model = ep().benchParse(JSON.stringify(config), range, exemplars, W);
    return { exemplars: state.model.exemplarCount, points: state.model.pointCount, dpr: DPR };
  },

  // a. Draw only: parsed data → pixels.
  oursDraw() {
    const div = box();
    const canvas = document.createElement('canvas');
    canvas.style.cssText = `width:${W}px;height:${H}px`;
    div.append(canvas);
    const t0 = performance.now();
    ep().benchDraw(canvas, state.model, W, H, DPR);
    readPixel(canvas);
    const ms = performance.now() - t0;
    div.remove();
    return ms;
  },
  async uplotDraw() {
    const div = box();
    const t0 = performance.now();
    const u = new uPlot(uplotOptions(), state.data, div);
    await Promise.resolve(); // uPlot commits in a microtask
    readPixel(u.ctx.canvas);
    const ms = performance.now() - t0;
    u.destroy();
    div.remove();
    return ms;
  },

  // b. Time to chart: config → fetch → parse → drawn.
  async oursTimeToChart(prefix) {
    const div = box();
    const config = { ...state.config, prometheus: { url: state.api + prefix } };
    const t0 = performance.now();
    const handle = ep().mount(div, config);
    const canvas = await painted(div.shadowRoot);
    readPixel(canvas);
    const ms = performance.now() - t0;
    handle.destroy();
    div.remove();
    return ms;
  },
  async uplotTimeToChart() {
    const div = box();
    const t0 = performance.now();
    const now = Date.now() / 1000;
    const res = await post(`${state.api}/x10000/api/v1/query_range`, { query: 'q', start: now - 3600, end: now, step: 1 });
    const data = columns(await res.text());
    const u = new uPlot(uplotOptions(), data, div);
    await Promise.resolve();
    readPixel(u.ctx.canvas);
    const ms = performance.now() - t0;
    u.destroy();
    div.remove();
    return ms;
  },

  // c. Hover: one pointer move through hit-test and overlay redraw.
  async oursHoverSetup(prefix, positions = 200) {
    state.hover?.handle.destroy();
    state.hover?.div.remove();
    const div = box();
    const handle = ep().mount(div, { ...state.config, prometheus: { url: state.api + prefix } });
    const root = div.shadowRoot;
    await painted(root);
    const plot = root.querySelector('[data-testid=plot]');
    const points = [];
    div.addEventListener('exemplar-select', (e) => points.push([e.detail.x, e.detail.y]));
    for (let i = 0; i < positions; i++) {
      plot.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      await yieldTask();
    }
    plot.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await yieldTask();
    state.hover = { div, handle, plot, points, overlay: root.querySelector('.ep-overlay') };
    return points.length;
  },
  async oursHover(moves) {
    const { plot, points, overlay } = state.hover;
    const rect = plot.getBoundingClientRect();
    const t0 = performance.now();
    for (let i = 0; i < moves; i++) {
      const [x, y] = points[i % points.length];
      plot.dispatchEvent(new PointerEvent('pointermove', { clientX: rect.left + x, clientY: rect.top + y, bubbles: true }));
      await yieldTask();
      readPixel(overlay);
    }
    return (performance.now() - t0) / moves;
  },
  uplotHoverSetup() {
    state.uhover?.u.destroy();
    state.uhover?.div.remove();
    const div = box();
    const u = new uPlot(uplotOptions(), state.data, div);
    state.uhover = { div, u };
  },
  async uplotHover(moves) {
    const { u } = state.uhover;
    const rect = u.over.getBoundingClientRect();
    const t0 = performance.now();
    for (let i = 0; i < moves; i++) {
      const x = rect.left + ((i * 37) % Math.floor(rect.width));
      const y = rect.top + rect.height / 2;
      u.over.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
      await yieldTask();
      readPixel(u.ctx.canvas);
    }
    return (performance.now() - t0) / moves;
  },
  /** The harness alone: a yield and a readback, no pointer event. */
  async hoverBaseline(moves) {
    const canvas = state.hover.overlay;
    const t0 = performance.now();
    for (let i = 0; i < moves; i++) {
      await yieldTask();
      readPixel(canvas);
    }
    return (performance.now() - t0) / moves;
  },

  // d. Redraw after a resize (the data stays parsed).
  oursResize(width) {
    if (!state.resize) {
      const div = box();
      const canvas = document.createElement('canvas');
      div.append(canvas);
      state.resize = { div, canvas };
    }
    const { canvas } = state.resize;
    canvas.style.cssText = `width:${width}px;height:${H}px`;
    const t0 = performance.now();
    ep().benchDraw(canvas, state.model, width, H, DPR);
    readPixel(canvas);
    return performance.now() - t0;
  },
  async uplotResize(width) {
    state.uresize ??= new uPlot(uplotOptions(), state.data, box());
    const u = state.uresize;
    const t0 = performance.now();
    u.setSize({ width, height: H });
    await Promise.resolve();
    readPixel(u.ctx.canvas);
    return performance.now() - t0;
  },

  // f. Memory over refresh cycles.
  async oursRefreshSetup(prefix) {
    const div = box();
    const handle = ep().mount(div, { ...state.config, prometheus: { url: state.api + prefix } });
    state.refresh = { div, handle, canvas: await painted(div.shadowRoot) };
  },
  async oursRefresh(cycles) {
    const { handle, canvas } = state.refresh;
    for (let i = 0; i < cycles; i++) {
      const before = Number(canvas.dataset.paints);
      handle.refresh();
      while (Number(canvas.dataset.paints) === before) await new Promise((r) => setTimeout(r, 1));
    }
  },
  async uplotRefreshSetup() {
    state.urefresh = new uPlot(uplotOptions(), state.data, box());
  },
  async uplotRefresh(cycles) {
    for (let i = 0; i < cycles; i++) {
      const now = Date.now() / 1000;
      const res = await post(`${state.api}/x10000/api/v1/query_range`, { query: 'q', start: now - 3600, end: now, step: 1 });
      state.urefresh.setData(columns(await res.text()));
      await Promise.resolve();
    }
  },

  // g. The longest main-thread task during one refresh (the panel of f).
  async oursRefreshLongest() {
    const { handle, canvas } = state.refresh;
    const before = Number(canvas.dataset.paints);
    const stop = watchMainThread();
    handle.refresh();
    while (Number(canvas.dataset.paints) === before) await yieldTask();
    readPixel(canvas);
    await yieldTask();
    return stop();
  },
  async uplotRefreshLongest() {
    const stop = watchMainThread();
    const now = Date.now() / 1000;
    const res = await post(`${state.api}/x10000/api/v1/query_range`, { query: 'q', start: now - 3600, end: now, step: 1 });
    state.urefresh.setData(columns(await res.text()));
    await Promise.resolve();
    readPixel(state.urefresh.ctx.canvas);
    await yieldTask();
    return stop();
  },

  // h. Many panels on one page: `n` panels, each its own query (so no request
  // is shared), until every one has painted. Memory is taken by run.mjs.
  async oursPanels(n, prefix) {
    const t0 = performance.now();
    const mounted = [];
    for (let i = 0; i < n; i++) {
      const div = box();
      const target = { ...state.config.targets[0], expr: `${state.config.targets[0].expr} + ${i} * 0` };
      const handle = ep().mount(div, { ...state.config, targets: [target], prometheus: { url: state.api + prefix } });
      mounted.push({ div, handle, painted: painted(div.shadowRoot) });
    }
    for (const m of mounted) readPixel(await m.painted);
    state.panels = mounted;
    return performance.now() - t0;
  },
  async uplotPanels(n, prefix) {
    const t0 = performance.now();
    const now = Date.now() / 1000;
    const charts = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const res = await post(`${state.api}${prefix}/api/v1/query_range`, { query: `q + ${i} * 0`, start: now - 3600, end: now, step: 1 });
        const data = columns(await res.text());
        const div = box();
        // One uPlot series per answered series (h's answers have 3, not 6).
        return { div, u: new uPlot(uplotOptions(W, data.length - 1), data, div) };
      }),
    );
    await Promise.resolve();
    for (const c of charts) readPixel(c.u.ctx.canvas);
    state.uplots = charts;
    return performance.now() - t0;
  },
  wasmMemoryBytes: () => wasm?.memory?.buffer.byteLength ?? 0,
  clear() {
    for (const key of ['hover', 'refresh']) {
      state[key]?.handle.destroy();
      state[key]?.div.remove();
      delete state[key];
    }
    for (const key of ['uhover']) {
      state[key]?.u.destroy();
      state[key]?.div.remove();
      delete state[key];
    }
    state.urefresh?.destroy();
    delete state.urefresh;
  },
};

window.bench.oursDrawStages = () => {
  const div = box();
  const canvas = document.createElement('canvas');
  canvas.style.cssText = `width:${W}px;height:${H}px`;
  div.append(canvas);
  const stages = Array.from(ep().benchDrawStages(canvas, state.model, W, H, DPR));
  const t0 = performance.now();
  readPixel(canvas);
  stages.push(performance.now() - t0);
  div.remove();
  return stages;
};
