// Records the unit-test fixtures from a real Prometheus scraping the demo
// service: `node tests/e2e/record-fixtures.mjs` (after `cargo build -p exemplar-demo`).
// Writes tests/fixtures/*.json; run it again when the API shapes change.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { ROOT, startDemo, startPrometheus, waitForData } from './harness.mjs';

const OUT = path.join(ROOT, 'tests/fixtures');
const P99 = 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[4s])) by (le))';
const BY_ROUTE = 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[4s])) by (le, route))';
const SECONDS = Number(process.env.RECORD_SECONDS || 60);

const demo = await startDemo();
const prom = await startPrometheus([`127.0.0.1:${demo.port}`]);
try {
  await waitForData(prom.url, P99);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const end = Math.floor(Date.now() / 1000);
  const start = end - SECONDS;
  const call = async (endpoint, params) => {
    const res = await fetch(`${prom.url}/api/v1/${endpoint}`, { method: 'POST', body: new URLSearchParams(params) });
    return { status: res.status, body: await res.text() };
  };
  const range = { start: String(start), end: String(end), step: '1' };
  const files = {
    'query_range_p99.json': await call('query_range', { query: P99, ...range }),
    'query_range_p99_by_route.json': await call('query_range', { query: BY_ROUTE, ...range }),
    // The same selector as both range queries, so both share these exemplars.
    'query_exemplars.json': await call('query_exemplars', { query: P99, start: range.start, end: range.end }),
    // An unclosed parenthesis: Prometheus answers 400 bad_data.
    'query_range_bad_data.json': await call('query_range', { query: P99.slice(0, -1), ...range }),
  };
  for (const [name, { status, body }] of Object.entries(files)) {
    await writeFile(path.join(OUT, name), body);
    console.log(`${name}: HTTP ${status}, ${body.length} bytes`);
  }
} finally {
  await prom.stop();
  await demo.stop();
}
