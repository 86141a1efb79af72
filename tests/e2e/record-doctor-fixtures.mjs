// Records the exemplar doctor's fixtures from real servers scraping the demo
// service: `node tests/e2e/record-doctor-fixtures.mjs` (after `cargo build -p exemplar-demo`).
// Writes tests/fixtures/doctor/<case>.json: for each endpoint the doctor asks,
// the HTTP status, whether the answer carried a CORS header for another
// origin (asked with `Origin: http://elsewhere.example`), and the body as text.
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

import { ROOT, startDemo, startPrometheus, startVictoria, waitForData } from './harness.mjs';

const OUT = path.join(ROOT, 'tests/fixtures/doctor');
const P99 = 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[4s])) by (le))';
const SECONDS = Number(process.env.RECORD_SECONDS || 20);
// The same instant query as src/doctor/request.rs's STORAGE_QUERY.
const STORAGE =
  '{__name__=~"prometheus_tsdb_exemplar_(exemplars_in_storage|max_exemplars)"} or ' +
  'label_replace(increase(prometheus_tsdb_exemplar_out_of_order_exemplars_total[10m]), "doctor", "out_of_order_increase", "", "")';

async function record(name, base, { since }) {
  const end = Math.floor(Date.now() / 1000);
  const start = end - since;
  const ask = async (key, pathAndQuery) => {
    const res = await fetch(`${base}${pathAndQuery}`, { headers: { Origin: 'http://elsewhere.example' } });
    const cors = res.headers.get('access-control-allow-origin') !== null;
    return [key, { status: res.status, cors, contentType: res.headers.get('content-type'), body: await res.text() }];
  };
  const q = (params) => new URLSearchParams(params).toString();
  const answers = Object.fromEntries(
    await Promise.all([
      ask('buildinfo', '/api/v1/status/buildinfo'),
      ask('flags', '/api/v1/status/flags'),
      ask('config', '/api/v1/status/config'),
      ask('tsdb', '/api/v1/status/tsdb'),
      ask('targets', '/api/v1/targets?state=active'),
      ask('metadata', '/api/v1/metadata'),
      ask('labels', `/api/v1/labels?${q({ 'match[]': 'http_request_duration_seconds_bucket', start, end })}`),
      ask('storage', `/api/v1/query?${q({ query: STORAGE, time: end })}`),
      ask('metrics', '/metrics'),
      ask('series', `/api/v1/query?${q({ query: P99, time: end })}`),
      ask('exemplars', `/api/v1/query_exemplars?${q({ query: P99, start, end })}`),
      ask('buckets', `/api/v1/series?${q({ 'match[]': '{__name__=~".+_bucket"}', start, end })}`),
    ]),
  );
  // /metrics is large: keep only the exemplar storage lines the doctor reads.
  answers.metrics.body = answers.metrics.body
    .split('\n')
    .filter((l) => l.startsWith('prometheus_tsdb_exemplar_') || l.startsWith('# TYPE prometheus_tsdb_exemplar_'))
    .join('\n');
  const file = { recordedAt: end, since, query: P99, answers };
  await writeFile(path.join(OUT, `${name}.json`), JSON.stringify(file, null, 1) + '\n');
  console.log(`${name}: ${Object.entries(answers).map(([k, a]) => `${k} ${a.status}${a.cors ? '' : ' (no CORS)'}`).join(', ')}`);
}

await mkdir(OUT, { recursive: true });
const demo = await startDemo();
const textDemo = await startDemo({ textFormat: true });
const servers = [];
try {
  const target = [`127.0.0.1:${demo.port}`];
  const cases = {
    'prometheus': await startPrometheus(target, { selfScrape: true }),
    'prometheus-no-feature': await startPrometheus(target, { exemplars: false }),
    'prometheus-tiny-buffer': await startPrometheus(target, { maxExemplars: 10, selfScrape: true }),
    'prometheus-text-format': await startPrometheus([`127.0.0.1:${textDemo.port}`]),
    'victoria-metrics': await startVictoria(target),
  };
  servers.push(...Object.values(cases));
  await waitForData(cases.prometheus.url, P99);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  for (const [name, server] of Object.entries(cases)) await record(name, server.url, { since: SECONDS + 10 });
} finally {
  for (const s of servers) await s.stop();
  await demo.stop();
  await textDemo.stop();
}
