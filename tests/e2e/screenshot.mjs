// Takes the README screenshots of a running demo (scripts/demo.sh), light and dark:
//   node tests/e2e/screenshot.mjs [panel-url] [out-dir]
// It pins the slowest exemplar (the table's first row), so the tooltip shows.
import path from 'node:path';

import { ROOT, launchChromium } from './harness.mjs';

const url = process.argv[2] || 'http://127.0.0.1:8000/';
const out = process.argv[3] || path.join(ROOT, 'docs');

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 600 }, deviceScaleFactor: 1 });
  await page.goto(url);
  await page.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 30_000 });
  const pinSlowest = async () => {
    await page.getByTestId('toggle-table').click();
    await page.locator('[data-testid=exemplar-row]').first().click();
    await page.getByTestId('toggle-table').click();
    await page.waitForTimeout(200);
  };
  await pinSlowest();
  await page.locator('.ep-panel').screenshot({ path: path.join(out, 'screenshot.png') });
  await page.keyboard.press('Escape');
  await page.getByTestId('theme-toggle').click();
  await pinSlowest();
  await page.locator('.ep-panel').screenshot({ path: path.join(out, 'screenshot-dark.png') });
  console.log(`wrote ${out}/screenshot.png and screenshot-dark.png`);
} finally {
  await browser.close();
}
