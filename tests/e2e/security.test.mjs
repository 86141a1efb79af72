// End-to-end: never injects. Link templates with dangerous schemes give no
// link, trace ids are percent-encoded, labels holding HTML are text, nothing
// from Prometheus or the config is parsed as HTML, everything runs under a
// strict CSP, and `prometheus.headers` reach Prometheus only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import path from 'node:path';

import { ROOT, freePort, launchChromium, waitFor } from './harness.mjs';
import { exemplars, matrix, openFaultPage, startStandIn } from './standin.mjs';

const DIST = process.env.EXEMPLAR_DIST || path.join(ROOT, 'target/e2e-dist');
const SECRET = 's3cret-token-7f3a';
const NASTY_ID = `a"b<c>d'e/f?g#h&i%j\nk l\u00e9`;
const HTML_LABEL = '<img src=x onerror="window.pwned=1">';
const SCRIPT_LABEL = '<script>window.pwned=2</script><b>bold</b>';

/** RFC 3986 unreserved kept, every other UTF-8 byte as %XX: what a trace id becomes in a URL. */
const encodeComponent = (s) =>
  [...new TextEncoder().encode(s)].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

let browser, standIn, fault, traces;

before(async () => {
  standIn = await startStandIn(DIST, {
    nasty: {
      query_range: ({ params }) => ({ json: matrix(params, { series: [{ route: HTML_LABEL }] }) }),
      query_exemplars: ({ params }) => ({
        json: exemplars(params, {
          n: 3,
          labels: (i) => [{ trace_id: NASTY_ID, note: HTML_LABEL, script: SCRIPT_LABEL }, { trace_id: 'javascript:alert(1)', note: SCRIPT_LABEL }, { trace_id: 'plain' }][i],
          seriesLabels: { route: HTML_LABEL },
        }),
      }),
    },
  });
  // The trace backend: records what a click sends it.
  const port = await freePort();
  const seen = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url, headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('a trace');
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  traces = { url: `http://127.0.0.1:${port}`, seen, stop: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
  browser = await launchChromium();
  fault = await openFaultPage(browser, standIn);
});
after(async () => {
  await browser?.close();
  await standIn?.stop();
  await traces?.stop();
});

const BAD_TEMPLATES = [
  'javascript:alert(document.domain)//${__value.raw}',
  'JaVaScRiPt:alert(1)//${__value.raw}',
  '  javascript:alert(1)//${__value.raw}',
  '\tjavascript:alert(1)//${__value.raw}',
  'java\nscript:alert(1)//${__value.raw}',
  'data:text/html,<script>alert(1)</script>${__value.raw}',
  'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  '//evil.example/${__value.raw}',
  '/\\evil.example/${__value.raw}',
  'https:/evil.example/${__value.raw}',
  '${__value.raw}', // a trace id `javascript:alert(1)` is encoded, so it cannot become a scheme
];

function config(extra = {}) {
  return {
    title: 'security',
    prometheus: { url: standIn.promUrl('nasty'), headers: { Authorization: `Bearer ${SECRET}`, 'X-Scope-OrgID': `tenant-${SECRET}` } },
    time: { from: 'now-1h', to: 'now' },
    targets: [{ refId: 'A', expr: 'histogram_quantile(0.99, sum(rate(x_bucket[5m])) by (le, route))', legendFormat: '{{route}}' }],
    exemplarSampling: 'all',
    exemplarTraceIdDestinations: [
      { name: 'trace_id', url: `${traces.url}/trace/\${__value.raw}`, urlDisplayLabel: 'Open trace' },
      { name: 'trace_id', datasourceUid: 'jaeger' },
      ...BAD_TEMPLATES.map((url) => ({ name: 'trace_id', url })),
    ],
    datasources: [{ uid: 'jaeger', type: 'jaeger', url: 'javascript:alert(1)' }],
    ...extra,
  };
}

/** Mounts the nasty config, opens the exemplar table, and reads what a user sees. */
async function openNasty() {
  const seen = await fault.page.evaluate(([c]) => window.runCase(c, { keep: true }), [config()]);
  assert.equal(seen.state, 'ready', JSON.stringify(seen));
  const panel = fault.page.locator('[data-exemplar-panel]').last();
  await panel.getByTestId('toggle-table').click();
  await waitFor('three rows', async () => (await panel.getByTestId('exemplar-row').count()) === 3, 10_000);
  return { seen, panel };
}

describe('never injects', () => {
  test('dangerous link templates give no link, only a visible warning; every href is http(s)', async () => {
    const { seen, panel } = await openNasty();
    const hrefs = await panel.locator('a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), rel: a.rel, target: a.target })));
    assert.ok(hrefs.length >= 3, JSON.stringify(hrefs)); // one good link per exemplar row
    for (const a of hrefs) {
      assert.match(a.href, /^http:\/\/127\.0\.0\.1:\d+\/trace\//, JSON.stringify(a));
      assert.equal(a.rel, 'noopener noreferrer');
      assert.equal(a.target, '_blank');
    }
    const refused = seen.notices.filter((n) => n.includes('refused link') || n.includes('only http'));
    assert.ok(refused.length >= BAD_TEMPLATES.length, `${refused.length} warnings for ${BAD_TEMPLATES.length} bad templates:\n${seen.notices.join('\n')}`);
    assert.ok(seen.notices.some((n) => n.startsWith('destination 2 (') && n.includes('refused')), `the javascript: datasource URL is refused too:\n${seen.notices.join('\n')}`);
    await fault.page.evaluate(() => window.dropPanel());
  });

  test('a trace id with "<>\'/?#&% and a newline is percent-encoded into one path segment', async () => {
    const { panel } = await openNasty();
    const hrefs = await panel.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const want = `${traces.url}/trace/${encodeComponent(NASTY_ID)}`;
    assert.ok(hrefs.includes(want), `${want} in ${hrefs.join('\n')}`);
    assert.ok(hrefs.includes(`${traces.url}/trace/javascript%3Aalert%281%29`), hrefs.join('\n'));
    await fault.page.evaluate(() => window.dropPanel());
  });

  test('labels holding HTML or script are shown as text; nothing from the data is parsed as HTML', async () => {
    await fault.page.evaluate(() => { window.htmlWrites.length = 0; });
    const { panel } = await openNasty();
    // The tooltip too: focus the plot and step to the first exemplar.
    await panel.getByTestId('plot').focus();
    await fault.page.keyboard.press('ArrowRight');
    await panel.getByTestId('tooltip').waitFor({ timeout: 5000 });
    const text = await panel.evaluate((p) => p.textContent);
    assert.ok(text.includes(HTML_LABEL), 'the legend, table and tooltip show the label as text');
    assert.ok(text.includes(SCRIPT_LABEL), 'the script label as text');
    const injected = await panel.evaluate((p) => p.querySelectorAll('img, script, b, iframe, object').length);
    assert.equal(injected, 0, 'no element made from a label');
    assert.equal(await fault.page.evaluate(() => window.pwned), undefined);
    const writes = await fault.page.evaluate(() => window.htmlWrites);
    const leaked = writes.filter((w) => /pwned|onerror|trace_id|s3cret|plain/.test(w));
    assert.deepEqual(leaked, [], `HTML parsing of data: ${leaked.join('\n')}`);
    await fault.page.evaluate(() => window.dropPanel());
  });

  test('prometheus.headers go to Prometheus only: not to trace links, not to the console, not into the page', async () => {
    // Past request sharing's reuse window (prom/share.rs, REUSE_MS = 250): a panel opened
    // sooner may be served the previous test's answers and ask the stand-in nothing.
    await new Promise((r) => setTimeout(r, 400));
    const before = standIn.log.length;
    const { panel } = await openNasty();
    const api = standIn.log.slice(before).filter((e) => e.name === 'nasty');
    assert.ok(api.length >= 2, 'both queries ran');
    for (const e of api) {
      assert.equal(e.headers.authorization, `Bearer ${SECRET}`, 'Prometheus gets the credentials');
      assert.equal(e.headers['x-scope-orgid'], `tenant-${SECRET}`);
    }
    // A click on a trace link opens the trace host without credentials or referrer.
    const popup = fault.page.context().waitForEvent('page');
    await panel.locator(`a[href^="${traces.url}/trace/plain"]`).first().click();
    const tab = await popup;
    await waitFor('the trace host to be asked', async () => traces.seen.length > 0, 10_000);
    await tab.close();
    for (const r of traces.seen) assert.ok(!JSON.stringify(r).includes(SECRET), `trace host got ${JSON.stringify(r)}`);
    const trace = traces.seen.find((r) => r.url === '/trace/plain');
    assert.ok(trace, traces.seen.map((r) => r.url).join());
    assert.equal(trace.headers.authorization, undefined);
    assert.equal(trace.headers.referer, undefined, 'noreferrer: the panel’s page is not sent');
    const dom = await fault.page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('*')].map((e) => e.shadowRoot?.innerHTML ?? '').join(''));
    assert.ok(!dom.includes(SECRET), 'the secret is not in the page');
    assert.ok(!fault.consoleLines.some((l) => l.includes(SECRET)), 'nor in the console');
    await fault.page.evaluate(() => window.dropPanel());
  });

  test('the bundle runs under script-src \'self\' \'wasm-unsafe-eval\' with no CSP violation', async () => {
    const violations = await fault.page.evaluate(() => window.cspViolations ?? null);
    assert.deepEqual(violations, [], 'no securitypolicyviolation event');
    assert.deepEqual(fault.errors.filter((e) => /Content Security Policy|EvalError|panicked/.test(e)), []);
  });
});
