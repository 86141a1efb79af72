// Accessibility: axe-core finds no violations on the standalone app and on the
// widget, in the light and the dark theme, with what a user opens in the
// panel showing: the exemplar table and a selected exemplar's tooltip with its
// links. (The doctor, the chart's controls and the trace view run axe on
// their own views in their own files.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { ROOT, axeViolations, openPanel, panelConfig, serveStatic, startStack, stopStack } from './harness.mjs';

let stack, portal;
before(async () => {
  stack = await startStack();
  portal = await serveStatic(process.env.EXEMPLAR_DIST || path.join(ROOT, 'target/e2e-dist'));
});
after(async () => {
  await portal?.stop();
  await stopStack(stack);
});

/** Opens the table and selects an exemplar by keyboard, inside `scope` (a locator). */
async function openEverything(scope) {
  await scope.getByTestId('toggle-table').click();
  await scope.getByTestId('exemplar-row').first().waitFor();
  await scope.getByTestId('plot').focus();
  await scope.getByTestId('plot').press('ArrowRight');
  await scope.getByTestId('tooltip').waitFor();
}

describe('axe-core on the app and the widget, light and dark', () => {
  for (const theme of ['light', 'dark']) {
    test(`the standalone app, ${theme}`, async () => {
      const config = { ...panelConfig({ promUrl: stack.prom.url, demoUrl: stack.demo.url }), theme };
      const { page, errors } = await openPanel(stack, config);
      await openEverything(page.locator('body'));
      assert.deepEqual(await axeViolations(page), [], `app, ${theme}`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('the widget: a light and a dark panel in one portal', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1200, height: 1000 } });
    await page.goto(`${portal.url}/embed.html?prom=${stack.prom.url}&traces=${stack.demo.url}&scrape=1s`);
    for (const id of ['panel-a', 'panel-b']) {
      await page.waitForSelector(`#${id} [data-exemplar-panel][data-state="ready"]`, { timeout: 30_000 });
      await openEverything(page.locator(`#${id}`));
      assert.deepEqual(await axeViolations(page, { within: `#${id}` }), [], id);
    }
    await page.close();
  });
});
