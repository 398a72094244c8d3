/**
 * Flags over two years of police.uk data: the September 2024 drop in
 * anti-social behaviour (800 records) is an exception; its control chart
 * shows and exports; the pivot's row gets a badge.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DATA_DIR, downloadBytes, expect, test } from './fixtures';

const ALL_MONTHS = readdirSync(DATA_DIR)
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .map((f) => path.join(DATA_DIR, f));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('flags by crime type find the ASB exception; its control chart exports', async ({ offlinePage: page }, testInfo) => {
  // 24 files (about 280,000 rows) take minutes on a slow machine.
  test.setTimeout(600_000);
  expect(ALL_MONTHS).toHaveLength(24);
  await page.getByTestId('import-files-input').setInputFiles(ALL_MONTHS);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 480_000 });
  await summary.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('date-range')).toHaveText('Jan 2023 to Dec 2024');

  await page.getByTestId('tab-flags').click();
  const panel = page.getByTestId('flags-panel');
  await expect(panel.getByTestId('flags-method')).toContainText('Benjamini-Hochberg, false discovery rate 5%');
  await panel.getByTestId('flags-by').selectOption('crime_type');
  await panel.getByTestId('flags-run').click();
  const exception = panel.getByTestId('flag-item').filter({ hasText: 'Anti-social behaviour: exception in Sep 2024: 800 (expected' });
  await expect(exception).toHaveCount(1, { timeout: 60_000 });
  await expect(exception).toHaveAttribute('data-kind', 'exceptions');

  // Filtering by kind: exceptions off hides it.
  await panel.getByTestId('flags-kind-exceptions').uncheck();
  await expect(exception).toHaveCount(0);
  await panel.getByTestId('flags-kind-exceptions').check();

  await exception.click();
  const spc = panel.getByTestId('flag-spc-chart');
  await expect(spc.getByTestId('flag-spc-chart-canvas')).toHaveAttribute('data-title', 'Anti-social behaviour: control chart');
  await expect(panel.getByTestId('flag-trend-chart-canvas')).toHaveAttribute('data-title', /^Anti-social behaviour: records per month/);
  await expect(panel.getByTestId('flag-seasonal-heatmap-canvas')).toHaveAttribute('data-title', 'Seasonal index by month');
  // Two years of ASB are not seasonal (as flags seasonality says): the plain trend test and flat limits, and too short to forecast.
  await expect(panel.getByTestId('flag-trend-chart-canvas')).toHaveAttribute('aria-label', / · Mann-Kendall test · no forecast: needs at least 30 months of data, has 24/);
  await expect(spc.getByTestId('flag-spc-chart-canvas')).toHaveAttribute('aria-label', /XmR chart, 3-sigma limits not adjusted \(not seasonal\)/);
  await page.screenshot({ path: testInfo.outputPath('flags.png') });

  const [png] = await Promise.all([page.waitForEvent('download'), spc.getByTestId('flag-spc-chart-png').click()]);
  expect(png.suggestedFilename()).toBe('flags-spc-anti-social-behaviour-a4.png');
  expect((await downloadBytes(png)).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const [svg] = await Promise.all([page.waitForEvent('download'), spc.getByTestId('flag-spc-chart-svg').click()]);
  expect((await downloadBytes(svg)).toString('utf8')).toContain('Anti-social behaviour: control chart');

  // Back on the pivot, the flagged row carries an exceptions badge.
  await page.getByTestId('tab-pivot').click();
  const badges = page.getByTestId('pivot-grid').locator('.ag-row[row-id="Anti-social behaviour"] [data-testid="row-badges"]');
  await expect(badges.getByLabel(/exception/)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('pivot-badges.png') });
});
