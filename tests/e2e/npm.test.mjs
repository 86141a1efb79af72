// End-to-end: the npm package as a portal team uses it. The test command packs it
// (scripts/package.sh), installs the tarball into a plain Vite + TypeScript app
// (examples/vite-ts), type-checks it and builds it with Vite; here the Vite build
// is served as static files against a real Prometheus, and the types are checked
// to refuse a misspelled config field.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { ROOT, startStack, stopStack } from './harness.mjs';

const EXAMPLE = path.join(ROOT, 'examples/vite-ts');
const DIST = path.join(EXAMPLE, 'dist');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let stack;

before(async () => {
  assert.ok(existsSync(path.join(DIST, 'index.html')), `${DIST} is missing: scripts/test.sh builds it (npm run build)`);
  stack = await startStack({ dist: DIST });
});
after(() => stopStack(stack));

describe('the npm package in a Vite + TypeScript app (examples/vite-ts)', () => {
  test('is the packed tarball of this version, installed (not linked to the source tree)', () => {
    const version = /^\[package\][^[]*?^version = "([^"]+)"/m.exec(readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8'))[1];
    const installed = path.join(EXAMPLE, 'node_modules/exemplar-panel');
    assert.ok(!lstatSync(installed).isSymbolicLink(), 'a copy, as npm installs a tarball');
    const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'exemplar-panel');
    assert.equal(pkg.version, version);
    assert.ok(existsSync(path.join(ROOT, `target/npm/exemplar-panel-${version}.tgz`)));
    assert.ok(existsSync(path.join(ROOT, `target/npm/exemplar-panel-${version}-dist.zip`)));
    for (const wasm of ['exemplar-panel_bg.wasm', 'exemplar-panel-full_bg.wasm']) {
      const packed = readFileSync(path.join(ROOT, 'target/npm/package', wasm));
      assert.ok(packed.equals(readFileSync(path.join(installed, wasm))), `${wasm}: the wasm just packed`);
    }
    // `exemplar-panel/full`: the full bundle behind the same API and types.
    assert.deepEqual(pkg.exports['./full'], { types: './full.d.ts', default: './full.js' });
    for (const f of ['full.js', 'full.d.ts', 'load.js', 'exemplar-panel-full.js', 'exemplar-panel-full.d.ts']) {
      assert.ok(existsSync(path.join(installed, f)), f);
    }
  });

  test('a misspelled config field, a misspelled nested field, a wrong value and a mistyped listener do not compile', () => {
    const tsc = spawnSync(path.join(EXAMPLE, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.must-not-compile.json'], {
      cwd: EXAMPLE,
      encoding: 'utf8',
    });
    const output = `${tsc.stdout}${tsc.stderr}`;
    assert.notEqual(tsc.status, 0, `tsc accepted must-not-compile/:\n${output}`);
    assert.match(output, /misspelled-field\.ts\(\d+,\d+\): error TS\d+: .*'titel' does not exist in type 'PanelConfig'/);
    assert.match(output, /'ulr' does not exist in type 'PrometheusConfig'/);
    assert.match(output, /'"purple"' is not assignable to type 'ThemeChoice'/);
    // PanelHandle.on(): the listener's event type follows the name (must-not-compile/wrong-listener.ts).
    assert.match(output, /wrong-listener\.ts\(\d+,\d+\): error TS\d+: Property 'labels' does not exist on type 'ExemplarBoxDetail'/);
    assert.match(output, /wrong-listener\.ts\(\d+,\d+\): error TS\d+: .*'\(event: CustomEvent<TracePreviewDetail>\) => void'/);
    assert.match(output, /'"exemplar-hover"' is not assignable to parameter of type 'keyof PanelEventMap'/);
  });

  test('two panels reach ready, and TypeScript handles exemplar-click from each', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1300, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const files = [];
    page.on('request', (r) => files.push(new URL(r.url()).pathname));
    let popups = 0;
    page.context().on('page', () => popups++);

    await page.goto(`${stack.site.url}/?prom=${stack.prom.url}&traces=${stack.demo.url}&scrape=1s`);
    for (const slot of ['#element-slot', '#mounted']) {
      await page.waitForSelector(`${slot} [data-exemplar-panel][data-state="ready"]`, { timeout: 30_000 });
    }
    assert.ok(
      files.some((f) => /^\/assets\/exemplar-panel_bg-[\w-]+\.wasm$/.test(f)),
      `the wasm is Vite's asset: ${files.join(', ')}`,
    );
    const tag = await page.evaluate(() => document.querySelector('#element-slot > *').localName);
    assert.equal(tag, 'exemplar-panel');

    for (const [slot, source] of [
      ['#element-slot', 'element'],
      ['#mounted', 'mount()'],
    ]) {
      await page.locator(`${slot} [data-testid="plot"]`).focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await page.waitForFunction((s) => document.querySelector('#clicked [data-field="source"]').textContent === s, source);
      const traceId = await page.locator('#clicked [data-field="trace-id"]').innerText();
      assert.match(traceId, /^[0-9a-f]{32}$/, source);
      assert.equal(await page.locator('#clicked [data-field="link"]').innerText(), `${stack.demo.url}/trace/${traceId}`);
      assert.match(await page.locator('#clicked [data-field="value"]').innerText(), /^\d+\.\d ms$/);
      await page.keyboard.press('Escape');
      await page.evaluate(() => (document.querySelector('#clicked [data-field="source"]').textContent = ''));
    }
    await sleep(300);
    assert.equal(popups, 0, 'preventDefault() in the TypeScript handler: no tab');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
