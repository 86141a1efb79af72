// The benchmark's data, in the exact shape of Prometheus's HTTP API answers
// (as recorded from the demo's Prometheus: tests/fixtures/), at the sizes the
// issue sets: 6 series × 11,000 points (Prometheus's per-query maximum) and
// 100 / 10,000 / 100,000 exemplars. Deterministic (a seeded PRNG), so every
// run draws the same pictures.

export const SERIES = 6;
export const POINTS = 11_000;
export const STEP_S = 1;
export const T0_S = 1_790_000_000; // a fixed start, so runs compare
export const ROUTES = ['/api/pay', '/api/users', '/api/cart', '/api/search', '/api/login', '/healthz'];
const LE = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];

/** mulberry32: a small, well-known 32-bit PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (rand, n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const base = (s) => 0.04 + 0.05 * s; // each route's typical p99, seconds

/** query_range: p99 by route, with incidents and a few gaps (NaN), values as strings. */
export function rangeBody(series = SERIES) {
  const rand = prng(42);
  const result = ROUTES.slice(0, series).map((route, s) => {
    const values = new Array(POINTS);
    let level = base(s);
    for (let i = 0; i < POINTS; i++) {
      level += (base(s) - level) * 0.05 + (rand() - 0.5) * 0.01;
      const incident = i % 1800 > 1700 && s === 0 ? 1.5 : 0;
      const v = Math.max(0.001, level + incident + (rand() < 0.01 ? rand() * 0.8 : 0));
      values[i] = [T0_S + i * STEP_S, i % 997 === 500 ? 'NaN' : v.toFixed(6)];
    }
    return { metric: { route }, values };
  });
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}

/** query_exemplars: `n` exemplars spread over the range, grouped by series as Prometheus does. */
export function exemplarsBody(n, series = SERIES) {
  const rand = prng(7 + n);
  const groups = new Map();
  for (let k = 0; k < n; k++) {
    const s = Math.floor(rand() * series);
    const value = base(s) * Math.exp((rand() - 0.3) * 2.5);
    const le = LE.find((b) => b === '+Inf' || Number(b) >= value);
    const key = `${s}/${le}`;
    if (!groups.has(key)) {
      groups.set(key, {
        seriesLabels: {
          __name__: 'http_request_duration_seconds_bucket',
          instance: '127.0.0.1:8080',
          job: 'demo',
          le,
          route: ROUTES[s],
        },
        exemplars: [],
      });
    }
    const t = T0_S + rand() * (POINTS - 1) * STEP_S;
    groups.get(key).exemplars.push({
      labels: { trace_id: hex(rand, 32), span_id: hex(rand, 16) },
      value: value.toFixed(6),
      timestamp: Math.round(t * 1000) / 1000,
    });
  }
  for (const g of groups.values()) g.exemplars.sort((a, b) => a.timestamp - b.timestamp);
  return JSON.stringify({ status: 'success', data: [...groups.values()] });
}

/** The panel config for a stand-in at `url` (its path prefix picks the exemplar count). */
export function panelConfig(url) {
  return {
    title: 'benchmark',
    prometheus: { url },
    targets: [
      {
        refId: 'A',
        expr: 'histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket[$__rate_interval])))',
        legendFormat: '{{route}}',
      },
    ],
    time: { from: String(T0_S * 1000), to: String((T0_S + (POINTS - 1) * STEP_S) * 1000) },
    scrapeInterval: '1s',
    unit: 's',
    exemplarSampling: 'all', // draw every exemplar: the benchmark's point
    exemplarTraceIdDestinations: [{ name: 'trace_id', url: 'https://jaeger.example/trace/${__value.raw}' }],
  };
}
