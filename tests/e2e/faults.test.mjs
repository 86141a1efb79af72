// End-to-end: the bad-input table. Every row is a test: a Prometheus (or a
// proxy, or the network, or the config) misbehaves one way, and the panel
// shows a clear message inside itself, never panics, and keeps the page alive.
// The rows are the README's "Failure modes" table. Runs the widget bundle
// under a strict CSP (no eval, no inline script) in Debian's Chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { ROOT, freePort, launchChromium } from './harness.mjs';
import { exemplars, matrix, openFaultPage, startStandIn } from './standin.mjs';

const DIST = process.env.EXEMPLAR_DIST || path.join(ROOT, 'target/e2e-dist');
const EXPR = 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (le))';
const err = (errorType, status, error) => () => ({ status, json: { status: 'error', errorType, error } });
const ok = (data, extra = {}) => ({ json: { status: 'success', data, ...extra } });
const hang = () => new Promise(() => {}); // never answers

/** Writes half of a healthy answer, then drops the connection. */
const cut = ({ params, res }) => {
  const text = JSON.stringify(matrix(params));
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(text.length), 'Access-Control-Allow-Origin': '*' });
  res.write(text.slice(0, text.length / 2));
  setTimeout(() => res.destroy(), 50);
  return 'handled';
};

/** Announces an answer of 300 MB and sends only its first bytes (the panel must not wait for the rest). */
const huge = ({ res }) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '300000000', 'Access-Control-Allow-Origin': '*' });
  res.write('{"status":"success","data":{"resultType":"matrix","result":[');
  setTimeout(() => res.destroy(), 10_000);
  return 'handled';
};

const bigLabel = 'x'.repeat(200_000);

/**
 * The table. Each row: what goes wrong (`range`/`exemplars` handlers, a config
 * patch, or a raw config text), then what the user must see: the state, and
 * texts that must appear in the error or the notices.
 */
const ROWS = [
  // ---- bodies
  ['body: an HTML error page from a proxy (502)', { range: () => ({ status: 502, text: '<html><body><h1>502 Bad Gateway</h1>nginx</body></html>' }) },
    { state: 'error', error: ['not Prometheus JSON', '502 Bad Gateway', 'proxy could not reach Prometheus'] }],
  ['body: an HTML login page with HTTP 200', { range: () => ({ text: '<!doctype html><title>Sign in</title>' }) },
    { state: 'error', error: ['not Prometheus JSON', 'Sign in', 'base URL'] }],
  ['body: 401 from an auth proxy', { range: () => ({ status: 401, text: 'Unauthorized' }) },
    { state: 'error', error: ['HTTP 401', 'prometheus.headers'] }],
  ['body: truncated JSON', { range: ({ params }) => ({ text: JSON.stringify(matrix(params)).slice(0, 120) }) },
    { state: 'error', error: ['stops after 120 bytes', 'next refresh'] }],
  ['body: query_range answers 204 with an empty body', { range: () => ({ status: 204 }) },
    { state: 'error', error: ['HTTP 204', 'is empty'] }],
  ['body: query_exemplars answers 204 with an empty body', { exemplars: () => ({ status: 204 }) },
    { state: 'ready', notice: ['returned no exemplars'] }],
  ['errorType bad_data (400)', { range: err('bad_data', 400, '1:13: parse error: unexpected <by>') },
    { state: 'error', error: ['bad_data', 'HTTP 400', 'parse error: unexpected <by>', 'check the PromQL'] }],
  ['errorType execution (422)', { range: err('execution', 422, 'expected type range vector in call to function "rate"') },
    { state: 'error', error: ['execution', 'HTTP 422', 'argument types'] }],
  ['errorType timeout (503)', { range: err('timeout', 503, 'query timed out in expression evaluation') },
    { state: 'error', error: ['timeout', 'HTTP 503', 'query timed out', '--query.timeout'] }],
  ['errorType canceled (499)', { range: err('canceled', 499, 'context canceled') },
    { state: 'error', error: ['canceled', 'HTTP 499', 'next refresh'] }],
  ['errorType internal (500)', { range: err('internal', 500, 'unexpected error: disk full') },
    { state: 'error', error: ['internal', 'HTTP 500', 'disk full', 'its log'] }],
  ['errorType not_found (404)', { range: err('not_found', 404, 'not found') },
    { state: 'error', error: ['not_found', 'HTTP 404', 'prometheus.url'] }],
  ['errorType not_acceptable (406)', { range: err('not_acceptable', 406, 'not acceptable') },
    { state: 'error', error: ['not_acceptable', 'HTTP 406', 'GET'] }],
  ['errorType unavailable (503)', { range: err('unavailable', 503, 'TSDB not ready') },
    { state: 'error', error: ['unavailable', 'TSDB not ready', 'not ready'] }],
  ['an error envelope without errorType or error', { range: () => ({ status: 500, json: { status: 'error' } }) },
    { state: 'error', error: ['unknown', 'HTTP 500'] }],
  // ---- shapes
  ['shape: a vector where a matrix was expected', { range: () => ok({ resultType: 'vector', result: [{ metric: {}, value: [1, '1'] }] }) },
    { state: 'error', error: ['expected a `matrix`', 'vector'] }],
  ['shape: a scalar where a matrix was expected', { range: () => ok({ resultType: 'scalar', result: [1, '1'] }) },
    { state: 'error', error: ['expected a `matrix`', 'scalar'] }],
  ['shape: `data` missing', { range: () => ({ json: { status: 'success' } }) },
    { state: 'error', error: ['`data` is missing'] }],
  ['shape: a series with native `histograms` only', { range: ({ params }) => ok({ resultType: 'matrix', result: [{ metric: { le: 'x' }, histograms: [[Number(params.start), { count: '1', sum: '1', buckets: [] }]] }] }) },
    { state: 'ready', notice: ['native histograms only', 'histogram_quantile()'] }],
  ['values "NaN", "+Inf", "-Inf" among numbers', { range: ({ params }) => ({ json: matrix(params, { value: (i) => ['NaN', '+Inf', '-Inf', '0.2', '0.3'][i % 5] }) }) },
    { state: 'ready', legend: 1, noError: true }],
  ['values "1e-07" and "1e+21"', { range: ({ params }) => ({ json: matrix(params, { value: (i) => (i % 2 ? '1e-07' : '1e+21') }) }) },
    { state: 'ready', legend: 1, noError: true }],
  ['timestamps as integers', { range: ({ params }) => ok({ resultType: 'matrix', result: [{ metric: {}, values: [[Math.floor(Number(params.start)) + 1, '1'], [Math.floor(Number(params.start)) + 2, '2']] }] }) },
    { state: 'ready', legend: 1, noError: true }],
  ['timestamps as floats with milliseconds', { range: ({ params }) => ok({ resultType: 'matrix', result: [{ metric: {}, values: [[Number(params.start) + 1.25, '1'], [Number(params.start) + 2.5, '2']] }] }) },
    { state: 'ready', legend: 1, noError: true }],
  ['duplicate and unsorted timestamps', { range: ({ params }) => { const s = Number(params.start); return ok({ resultType: 'matrix', result: [{ metric: {}, values: [[s + 30, '3'], [s + 10, '1'], [s + 30, '4'], [s + 20, '2']] }] }); } },
    { state: 'ready', legend: 1, noError: true }],
  ['malformed samples among good ones', { range: ({ params }) => { const s = Number(params.start); return ok({ resultType: 'matrix', result: [{ metric: {}, values: [[s + 1, '1'], ['x', '2'], [s + 3], [s + 4, 'abc'], [s + 5, '5']] }] }); } },
    { state: 'ready', notice: ['skipped 3 malformed samples'] }],
  ['an empty result', { range: () => ok({ resultType: 'matrix', result: [] }) },
    { state: 'ready', notice: ['returned no series'] }],
  ['Prometheus warnings and infos are shown', { range: ({ params }) => ({ json: { ...matrix(params), warnings: ['PromQL warning: ok'], infos: ['PromQL info: metric might not be a counter'] } }) },
    { state: 'ready', notice: ['PromQL warning: ok', 'metric might not be a counter'] }],
  // ---- exemplars
  ['exemplars with no labels at all (prometheus#14208)', { exemplars: ({ params }) => ({ json: exemplars(params, { labels: () => ({}) }) }) },
    { state: 'ready', count: '20 exemplars', noError: true, tooltip: { links: 0, text: ['p99'] } }],
  ['exemplars without the destination’s label', { exemplars: ({ params }) => ({ json: exemplars(params, { labels: (i) => ({ span_id: `s${i}` }) }) }) },
    { state: 'ready', count: '20 exemplars', noError: true, tooltip: { links: 0, text: ['span_id', 's0'] } }],
  ['exemplars with 200 KB label values', { exemplars: ({ params }) => ({ json: exemplars(params, { n: 5, labels: () => ({ trace_id: bigLabel }) }) }) },
    { state: 'ready', count: '5 exemplars', noError: true, tooltip: { links: 1, text: ['xxxxxxxxxx'], withinPage: true } }],
  ['exemplars with unicode labels', { exemplars: ({ params }) => ({ json: exemplars(params, { labels: (i) => ({ trace_id: `трасса-${i}-🚀`, 'naïve': 'ü' }) }) }) },
    { state: 'ready', count: '20 exemplars', noError: true }],
  ['exemplars outside the range', { exemplars: ({ params }) => { const e = exemplars(params, { n: 4 }); e.data[0].exemplars[0].timestamp = Number(params.start) - 3600; e.data[0].exemplars[3].timestamp = Number(params.end) + 3600; return { json: e }; } },
    { state: 'ready', count: '2 exemplars', notice: ['2 exemplars outside the time range were left out'] }],
  ['100,000 exemplars', { exemplars: ({ params }) => ({ json: exemplars(params, { n: 100_000 }) }) },
    { state: 'ready', count: 'of 100000 exemplars', noError: true }],
  ['malformed exemplars among good ones', { exemplars: ({ params }) => { const e = exemplars(params, { n: 3 }); e.data[0].exemplars[1].value = 'abc'; e.data[0].exemplars[2].timestamp = 'soon'; return { json: e }; } },
    { state: 'ready', count: '1 exemplars', notice: ['skipped 2 malformed exemplars'] }],
  ['query_exemplars fails while query_range works', { exemplars: err('execution', 422, 'exemplar storage is not enabled') },
    { state: 'ready', notice: ['exemplars could not be loaded', 'exemplar storage is not enabled'] }],
  // ---- Prometheus's own limits
  ['limit: the 11,000-points error from a backend with a lower limit', { range: err('bad_data', 400, 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)') },
    { state: 'error', error: ['11,000 points', 'zoom in', '`interval`'] }],
  ['limit: too many samples', { range: err('execution', 422, 'query processing would load too many samples into memory in query execution') },
    { state: 'error', error: ['too many samples', '--query.max-samples', 'shorten the range'] }],
  // ---- network
  ['network: connection refused', { url: 'refused' },
    { state: 'error', error: ['could not be reached', 'connection refused', 'Is it running'] }],
  ['network: a host name that does not resolve', { url: 'http://prometheus.invalid:9090' },
    { state: 'error', error: ['could not be reached', 'does not', 'resolve'] }],
  ['network: a server that never answers (prometheus.timeout 1s)', { range: hang, config: { prometheus: { timeout: '1s' } } },
    { state: 'error', error: ['did not answer within 1s', 'prometheus.timeout'] }],
  ['limit: an answer announced over 256 MB is refused before it is read', { range: huge },
    { state: 'error', error: ['sent an answer of 287 MB', "over the panel's limit of 256 MB", 'fewer series'] }],
  ['network: the server closes mid-body', { range: cut },
    { state: 'error', error: ['closed the connection while sending', 'incomplete'] }],
  ['network: CORS refusal', { cors: false },
    { state: 'error', error: ['CORS', 'Trunk proxy', '--web.cors.origin'] }],
  ['network: an error page without CORS headers (Prometheus starting up: 503)', { cors: false, range: () => ({ status: 503, text: 'Service Unavailable' }) },
    { state: 'error', error: ['without CORS headers', 'error page', 'still starting up', 'next refresh'] }],
  ['network: the connection reset on the page’s own origin (no CORS probe)', { url: 'same-origin', range: ({ res }) => { res.socket.destroy(); return 'handled'; } },
    { state: 'error', error: ['could not be reached', 'Is it running'], absent: ['CORS'] }],
  ['network: the exemplar query never answers (prometheus.timeout 1s)', { exemplars: hang, config: { prometheus: { timeout: '1s' } } },
    { state: 'ready', legend: 1, notice: ['exemplars could not be loaded', 'did not answer within 1s'] }],
  // ---- config (through <exemplar-panel config="…">: the message is in the panel)
  ['config: unknown fields warn', { config: { titel: 'x', prometheus: { timout: '5s' } } },
    { state: 'ready', notice: ['unknown field `titel`', 'unknown field `prometheus.timout`'] }],
  ['config: a wrong type', { text: '{"targets": "up"}' },
    { state: 'error', error: ['config is not valid', 'invalid type', 'line 1'] }],
  ['config: not JSON at all', { text: 'targets: [up]' },
    { state: 'error', error: ['config is not valid', 'line 1, column'] }],
  ['config: an empty targets list', { text: '{"targets": []}' },
    { state: 'error', error: ['no visible target'] }],
  ['config: a bad time expression', { config: { time: { from: 'yesterday-ish', to: 'now' } } },
    { state: 'error', error: ['`time.from` is not a time', 'yesterday-ish'] }],
  ['config: a bad refresh interval', { config: { refresh: 'often' } },
    { state: 'error', error: ['`refresh` is not a duration', 'often'] }],
  ['config: a bad prometheus.url', { config: { prometheus: { url: 'javascript:alert(1)' } } },
    { state: 'error', error: ['`prometheus.url` must be empty', 'http://'] }],
  ['config: a header the browser would refuse', { config: { prometheus: { headers: { 'Bad Name': 'v' } } } },
    { state: 'error', error: ['prometheus.headers', 'Bad Name', 'not a valid header name'] }],
  ['config: a secret header value with a line break is refused, never shown', { config: { prometheus: { headers: { Authorization: 'Bearer s3cret\nX-Evil: 1' } } } },
    { state: 'error', error: ['prometheus.headers', 'Authorization'], absent: ['s3cret'] }],
  ['config: a password in prometheus.url is refused, never shown', { config: { prometheus: { url: 'http://admin:s3cret@127.0.0.1:9/' } } },
    { state: 'error', error: ['must not hold a user name or password', 'Authorization'], absent: ['s3cret'] }],
  ['config: headers given as a string are a type error that hides the string', { config: { prometheus: { headers: 'Bearer s3cret' } } },
    { state: 'error', error: ['config is not valid', 'a string'], absent: ['s3cret'] }],
  // The stand-in page loads the lean widget, which reads provisioning as JSON only
  // (YAML's line and column are tested natively and in the app).
  ['config: Grafana YAML in the lean widget (names the bundle that reads it)', { config: { grafanaDatasources: 'apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n' } },
    { state: 'error', error: ['grafanaDatasources', 'YAML', 'exemplar-panel-full.js'] }],
  ['config: bad Grafana provisioning JSON (line and column)', { config: { grafanaDatasources: '{"datasources": [\n  {"name": }\n]}' } },
    { state: 'error', error: ['grafanaDatasources', 'line 2'] }],
  ['config: a bad Grafana panel', { config: { grafanaPanel: '{"type": "timeseries", "targets": 5' } },
    { state: 'error', error: ['Grafana', 'line 1'] }],
];

let browser, standIn, fault, refusedUrl;

before(async () => {
  const cases = {};
  ROWS.forEach(([, spec], i) => {
    cases[`r${i}`] = { query_range: spec.range, query_exemplars: spec.exemplars, cors: spec.cors };
  });
  cases.healthy = {};
  standIn = await startStandIn(DIST, cases);
  refusedUrl = `http://127.0.0.1:${await freePort()}`; // nothing listens there
  // A name that does not resolve, without waiting on this machine's DNS.
  browser = await launchChromium({ extraArgs: ['--host-resolver-rules=MAP *.invalid ~NOTFOUND'] });
  fault = await openFaultPage(browser, standIn);
});
after(async () => {
  await browser?.close();
  await standIn?.stop();
});

/** The config of row i. */
function configOf(i, spec) {
  const url = spec.url === 'refused' ? refusedUrl : spec.url === 'same-origin' ? standIn.sameOriginPromUrl(`r${i}`) : spec.url ?? standIn.promUrl(`r${i}`);
  const base = {
    title: `row ${i}`,
    prometheus: { url },
    scrapeInterval: '15s',
    time: { from: 'now-1h', to: 'now' },
    targets: [{ refId: 'A', expr: EXPR, legendFormat: 'p99' }],
    exemplarTraceIdDestinations: [{ name: 'trace_id', url: 'http://127.0.0.1:1/trace/${__value.raw}' }],
    exemplarSampling: 'outliers',
    toolbar: false,
  };
  const patch = spec.config ?? {};
  return { ...base, ...patch, prometheus: { ...base.prometheus, ...(patch.prometheus ?? {}) } };
}

describe(`the bad-input table (${ROWS.length} rows): a clear message in the panel, never a panic`, () => {
  ROWS.forEach(([name, spec, want], i) => {
    test(name, async () => {
      const config = spec.text ?? JSON.stringify(configOf(i, spec));
      const seen = await fault.page.evaluate(([c, select]) => window.runCase(c, { element: true, select }), [config, Boolean(want.tooltip)]);
      const where = `${name}: ${JSON.stringify({ ...seen, notices: seen.notices })}`;
      assert.equal(seen.state, want.state, where);
      for (const text of want.error ?? []) assert.ok(seen.error.includes(text), `error lacks ${JSON.stringify(text)} — ${where}`);
      for (const text of want.notice ?? []) assert.ok(seen.notices.some((n) => n.includes(text)), `no notice ${JSON.stringify(text)} — ${where}`);
      if (want.noError) assert.equal(seen.error, '', where);
      if (want.count) assert.ok(seen.count.includes(want.count), `count ${JSON.stringify(seen.count)} — ${where}`);
      if (want.legend) assert.equal(seen.legend.length, want.legend, where);
      for (const text of want.absent ?? []) assert.ok(!JSON.stringify(seen).includes(text), `${JSON.stringify(text)} must not show — ${where}`);
      if (want.tooltip) {
        const tip = seen.tooltip;
        assert.ok(tip, `a tooltip opens — ${where}`);
        assert.equal(tip.links, want.tooltip.links, `links in the tooltip — ${JSON.stringify(tip).slice(0, 300)}`);
        for (const text of want.tooltip.text) assert.ok(tip.text.includes(text), `tooltip lacks ${text}`);
        if (want.tooltip.withinPage) assert.ok(tip.width <= 600 && tip.right <= 1000, `the tooltip wraps: ${tip.width} px wide, right edge ${tip.right}`);
      }
      const fatal = fault.errors.filter((e) => /panicked|RuntimeError|unreachable executed|exemplar-panel: cannot mount/.test(e));
      assert.deepEqual(fatal, [], 'no panic, no wasm trap');
      assert.deepEqual(fault.errors.filter((e) => !/Failed to load resource|blocked by CORS policy|net::ERR_/.test(e)), [], 'no other console errors');
    });
  });

  test('mount() throws the same message as an Error for a bad config, and the page lives on', async () => {
    const seen = await fault.page.evaluate(() => window.runCase({ targets: [] }));
    assert.match(seen.thrown ?? '', /no visible target/);
    const alive = await fault.page.evaluate(([c]) => window.runCase(c), [configOf(0, { url: standIn.promUrl('healthy') })]);
    assert.equal(alive.state, 'ready', 'a later panel on the same page still works');
  });
});
