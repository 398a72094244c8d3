/**
 * The Flags panel's seasonality verdict is the Benjamini-Hochberg one, with
 * the raw p and the q shown: generated series with a planted summer peak and
 * twelve flat ones, one of them seasonal on its own p-value by chance. The
 * charts of a series say which trend test, control limits and forecast
 * model it got, and those follow the verdict listed.
 */
import { writeFileSync } from 'node:fs';
import { CHANCE_SEASONAL, PLANTED_SUMMER, seasonalSeriesCsv, seasonalSeriesWithChanceRiseCsv } from '../helpers/seasonal-series';
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

test('the charts of a series use the listed verdict: plain methods for the chance series, seasonal ones for the summer peak', async ({ offlinePage: page }, testInfo) => {
  // The chance series also rises here, so it is listed (as a trend) and its charts can be opened.
  const file = testInfo.outputPath('street-seasons-rise.csv');
  writeFileSync(file, seasonalSeriesWithChanceRiseCsv());
  await importThroughUi(page, [file]);

  await page.getByTestId('tab-flags').click();
  const panel = page.getByTestId('flags-panel');
  await expect(panel.getByTestId('flags-method')).toContainText('Only a series flagged seasonal gets the seasonal trend test, control limits and forecast.');
  await panel.getByTestId('flags-by').selectOption('crime_type');
  await panel.getByTestId('flags-run').click();
  const seasonal = panel.getByTestId('flag-item').and(panel.locator('[data-kind="seasonality"]'));
  await expect(seasonal).toHaveCount(1, { timeout: 60_000 });
  await expect(seasonal).toContainText(`${PLANTED_SUMMER}: seasonal`);

  const trendCanvas = panel.getByTestId('flag-trend-chart-canvas');
  const spcCanvas = panel.getByTestId('flag-spc-chart-canvas');

  // Not seasonal after adjustment (its raw p is below 0.05): the plain trend test, flat limits, Holt's linear forecast.
  const rising = panel.getByTestId('flag-item').filter({ hasText: `${CHANCE_SEASONAL}: rising` });
  await expect(rising).toHaveCount(1);
  await rising.click();
  await expect(trendCanvas).toHaveAttribute('data-title', `${CHANCE_SEASONAL}: records per month, Sen trend and forecast`);
  await expect(trendCanvas).toHaveAttribute('aria-label', /rising, p < 0\.001, q < 0\.001\) · Mann-Kendall test · 6-month forecast with 95% band \(Holt's linear trend, not seasonal\)/);
  await expect(trendCanvas).not.toHaveAttribute('aria-label', /seasonal Mann-Kendall|seasonal Holt-Winters/);
  await expect(spcCanvas).toHaveAttribute('aria-label', /XmR chart, 3-sigma limits not adjusted \(not seasonal\)/);
  await page.screenshot({ path: testInfo.outputPath('flags-chance-series.png') });

  // Seasonal after adjustment: the seasonal trend test, limits following the seasonal index, seasonal Holt-Winters.
  await seasonal.click();
  await expect(trendCanvas).toHaveAttribute('data-title', `${PLANTED_SUMMER}: records per month, Sen trend and forecast`);
  await expect(trendCanvas).toHaveAttribute('aria-label', / · seasonal Mann-Kendall test · 6-month forecast with 95% band \(seasonal Holt-Winters\)/);
  await expect(spcCanvas).toHaveAttribute('aria-label', /XmR chart, 3-sigma limits adjusted for seasonality/);
  await page.screenshot({ path: testInfo.outputPath('flags-summer-series.png') });
});
