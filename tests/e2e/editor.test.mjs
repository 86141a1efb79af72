// End-to-end: the standalone app's trace-link editor (tables, validation,
// preview, Grafana import, localStorage, export). It needs no Prometheus.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { ROOT, launchChromium, serveStatic } from './harness.mjs';

const SEED_YAML = await readFile(path.join(ROOT, 'tests/fixtures/grafana-datasources.yml'), 'utf8');

let site, browser;
before(async () => {
  site = await serveStatic(process.env.EXEMPLAR_DIST || path.join(ROOT, 'target/e2e-dist'));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await site?.stop();
});

async function openEditor(context) {
  const page = await context.newPage();
  await page.goto(`${site.url}/`);
  await page.locator('[data-testid=editor] > summary').click();
  return page;
}

const previewLinks = (page) => page.getByTestId('preview-link').locator('code').allInnerTexts();

describe('the link editor', () => {
  test('rows are validated as you type and the preview follows', async () => {
    const context = await browser.newContext();
    const page = await openEditor(context);
    assert.deepEqual(await previewLinks(page), ['http://127.0.0.1:8080/trace/4bf92f3577b34da6a3ce929d0e0e4736']);

    // The demo's destination resolves through its jaeger datasource (row 0 of three).
    await page.getByTestId('dest-uid-0').fill('');
    await page.getByTestId('dest-url-0').fill('javascript:alert(1)');
    assert.match(await page.locator('.ep-problem').first().innerText(), /must start with http/);
    assert.deepEqual(await previewLinks(page), []);
    assert.match(await page.getByTestId('preview-warning').first().innerText(), /refused link/);

    await page.getByTestId('dest-url-0').fill('');
    await page.getByTestId('dest-uid-0').fill('j');
    assert.match(await page.locator('.ep-problem').first().innerText(), /no datasource with uid "j"/);
    await page.getByTestId('add-datasource').click();
    await page.getByTestId('ds-uid-3').fill('j');
    await page.getByTestId('ds-name-3').fill('Jaeger');
    await page.getByTestId('ds-url-3').fill('http://jaeger:16686');
    assert.equal(await page.locator('.ep-problem').count(), 0);
    assert.deepEqual(await previewLinks(page), ['http://jaeger:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736']);
    assert.equal(await page.getByTestId('preview-link').locator('a').innerText(), 'Open trace');

    // Persisted: a reload keeps the tables.
    await page.reload();
    await page.locator('[data-testid=editor] > summary').click();
    assert.equal(await page.getByTestId('ds-url-3').inputValue(), 'http://jaeger:16686');
    assert.equal(await page.getByTestId('dest-uid-0').inputValue(), 'j');
    // Exported as config JSON.
    const exported = JSON.parse(await page.getByTestId('export').inputValue());
    assert.equal(exported.datasources[3].uid, 'j');
    assert.equal(exported.exemplarTraceIdDestinations[0].datasourceUid, 'j');
    await context.close();
  });

  test('a Grafana provisioning file imports, and says what it took', async () => {
    const context = await browser.newContext();
    const page = await openEditor(context);
    await page.getByTestId('grafana-import-text').fill(SEED_YAML);
    await page.getByTestId('grafana-import').click();
    const taken = await page.getByTestId('import-result').locator('li').allInnerTexts();
    assert.ok(taken.some((t) => t.startsWith('1 trace destination(s): trace_id')), taken.join('\n'));
    assert.ok(taken.some((t) => t.startsWith('datasource Tempo (tempo, uid tempo)')), taken.join('\n'));
    assert.equal(await page.getByTestId('dest-uid-0').inputValue(), 'tempo');
    assert.deepEqual(await previewLinks(page), ['http://tempo:3200/api/traces/4bf92f3577b34da6a3ce929d0e0e4736']);
    assert.equal(await page.getByTestId('preview-link').locator('a').innerText(), 'View Trace');

    await page.getByTestId('grafana-import-text').fill('apiVersion: 1\ndatasources:\n  - name: [x\n    type: prometheus\n');
    await page.getByTestId('grafana-import').click();
    assert.match(await page.getByTestId('import-error').innerText(), /line 4, column 9/);

    // 20,000 levels of YAML nesting in 40 KB: loaded, it would overflow the
    // wasm stack and kill the page; it is refused with a message instead.
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.getByTestId('grafana-import-text').fill(`${'- '.repeat(20_000)}x`);
    await page.getByTestId('grafana-import').click();
    assert.match(await page.getByTestId('import-error').innerText(), /nested deeper than 64 levels \(line 1, column 129\)/);
    await page.getByTestId('grafana-import-text').fill(SEED_YAML);
    await page.getByTestId('grafana-import').click();
    assert.equal(await page.getByTestId('dest-uid-0').inputValue(), 'tempo', 'the page lives on');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
