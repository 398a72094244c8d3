/**
 * The Flags panel's seasonality verdict is the Benjamini-Hochberg one, with
 * the raw p and the q shown: generated series with a planted summer peak and
 * twelve flat ones, one of them seasonal on its own p-value by chance.
 */
import { writeFileSync } from 'node:fs';
import { CHANCE_SEASONAL, PLANTED_SUMMER, seasonalSeriesCsv } from '../helpers/seasonal-series';
import { expect, importThroughUi, test } from './fixtures';

test('only the planted summer peak is listed as seasonal, with p and q; the chance one is not', async ({ offlinePage: page }, testInfo) => {
  const file = testInfo.outputPath('street-seasons.csv');
  writeFileSync(file, seasonalSeriesCsv());
  await importThroughUi(page, [file]);

  await page.getByTestId('tab-flags').click();
  const panel = page.getByTestId('flags-panel');
  await panel.getByTestId('flags-by').selectOption('crime_type');
  await panel.getByTestId('flags-run').click();
  const seasonal = panel.getByTestId('flag-item').and(panel.locator('[data-kind="seasonality"]'));
  await expect(seasonal).toHaveCount(1, { timeout: 60_000 });
  // The item starts with its kind label.
  await expect(seasonal).toHaveText(new RegExp(`^Seasonality${PLANTED_SUMMER}: seasonal, peak Jul \\(index [\\d.]+\\), p < 0\\.001, q < 0\\.001`));
  await expect(panel.getByTestId('flag-item').filter({ hasText: `${CHANCE_SEASONAL}: seasonal` })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('flags-seasonality.png') });
});
