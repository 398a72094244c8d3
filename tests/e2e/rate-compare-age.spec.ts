/**
 * Age bands against all ages, in the demo workbench: its planted
 * over-representation of 18-24 year olds among victims (shared/generator
 * README, effect 4) is marked ▲, against the rate over victims of known age
 * (the demo's ASB incidents have no victim and so no age), which the tooltip
 * names with its figure; the screen passes axe, heatmap on or off.
 */
import { expectNoAxeViolations } from './a11y';
import { expect, gridCell, layPivot, test } from './fixtures';

test.use({ firstLaunch: true });

test('the planted 18-24 over-representation reads significantly higher than all age bands', async ({ offlinePage: page }, testInfo) => {
  await expect(page.getByTestId('synthetic-banner')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.pivot-grid .ag-row').first()).toBeVisible();
  await layPivot(page, { rows: ['age_band'], columns: [] });
  await page.getByTestId('pivot-measure').selectOption('rate');
  await page.getByTestId('toggle-comparesWithTotal').check();
  await expect(page.getByTestId('rate-compare-legend')).toContainText('than the rate across all age bands in its column (victims of unknown age left out');
  const young = gridCell(page, '18-24', 'value');
  await expect(young.locator('[data-mark]')).toHaveAttribute('data-mark', 'higher');
  await expect(young).toContainText('significantly higher than all age bands');
  await expect(gridCell(page, '65+', 'value').locator('[data-mark]')).toHaveAttribute('data-mark', 'lower');
  await expect(gridCell(page, 'Unknown', 'value').locator('[data-mark]')).toHaveCount(0);
  await young.hover();
  await expect(page.locator('.ag-tooltip')).toHaveText(/: significantly higher than all age bands \(\d+\.\d\)$/, { timeout: 10_000 });
  await page.screenshot({ path: testInfo.outputPath('rate-compare-age.png') });
  // The legend, the marks and their words pass axe, on plain cells and on the heatmap's colours.
  await page.mouse.move(0, 0);
  await expect(page.locator('.ag-tooltip')).toHaveCount(0, { timeout: 10_000 });
  await expectNoAxeViolations(page, testInfo, 'rates compared with all ages');
  await page.getByTestId('toggle-isHeatmap').check();
  await expectNoAxeViolations(page, testInfo, 'rates compared, on the heatmap');
});
