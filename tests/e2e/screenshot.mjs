// Takes the README screenshot of a running demo (scripts/demo.sh):
//   node tests/e2e/screenshot.mjs [panel-url] [out.png]
// It pins the slowest exemplar (the table's first row), so the tooltip shows.
import path from 'node:path';

import { ROOT, launchChromium } from './harness.mjs';

const url = process.argv[2] || 'http://127.0.0.1:8000/';
const out = process.argv[3] || path.join(ROOT, 'docs/screenshot.png');

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 540 }, deviceScaleFactor: 1 });
  await page.goto(url);
  await page.waitForSelector('[data-exemplar-panel][data-state="ready"]', { timeout: 30_000 });
  await page.getByTestId('toggle-table').click();
  await page.locator('[data-testid=exemplar-row]').first().click();
  await page.getByTestId('toggle-table').click();
  await page.waitForTimeout(200);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
