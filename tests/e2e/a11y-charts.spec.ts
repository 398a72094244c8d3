/**
 * Every chart has a text alternative: its name (title and period) on the
 * picture, and the figures it draws as a table under it. The trend's table
 * is checked against counts made here from the extracts.
 */
import { expect, gridCell, importThroughUi, monthFile, readExtract, test, writeDistrictExtract } from './fixtures';

const MONTHS = ['2023-01', '2023-02', '2023-03'];

test('the trend chart carries its figures as a table: each month\'s count', async ({ offlinePage: page }) => {
  await importThroughUi(page, MONTHS.map(monthFile));
  const burglary = MONTHS.map((m) => readExtract(monthFile(m)).filter((r) => r['Crime type'] === 'Burglary').length);
  await gridCell(page, 'Burglary', '__row').click();
  const canvas = page.getByRole('img', { name: /^Burglary: records per month, Jan 2023 to Mar 2023/ });
  await expect(canvas).toBeVisible();
  const figures = page.getByTestId('trend-data');
  await figures.getByText('Figures in this chart (table)').click();
  const rows = figures.getByRole('row');
  // Header, then a row per month with its count.
  await expect(rows).toHaveCount(MONTHS.length + 1);
  await expect(figures.getByRole('columnheader')).toHaveText(['Category', 'Records']);
  const months = ['Jan 2023', 'Feb 2023', 'Mar 2023'];
  for (const [i, month] of months.entries()) {
    await expect(figures.getByRole('row', { name: new RegExp(`^${month}`) }).getByRole('cell')).toHaveText(new Intl.NumberFormat('en-GB').format(burglary[i] ?? -1));
  }

});

test('each flag chart has its figures as a table', async ({ offlinePage: page }, testInfo) => {
  test.setTimeout(180_000);
  const { file } = writeDistrictExtract(testInfo, { seed: 7, records: 8_000, districts: ['Mansfield'] });
  await importThroughUi(page, [file]);
  await page.getByTestId('tab-flags').click();
  await page.getByTestId('flags-run').click();
  await expect(page.getByTestId('flags-progress')).toBeHidden({ timeout: 120_000 });
  await page.getByTestId('flag-item').first().click();
  const panel = page.getByTestId('flags-panel');
  // The table is built when opened (not on every render): open it to count the trend's months, then fold it again.
  const trendTable = panel.getByTestId('flag-trend-chart-data');
  await trendTable.getByText('Figures in this chart (table)').click();
  // Built on opening: wait for it before counting its rows (counting at once could find none).
  await expect(trendTable.locator('tbody tr').first()).toBeVisible();
  const months = await trendTable.locator('tbody tr').count();
  await trendTable.getByText('Figures in this chart (table)').click();
  await expect(trendTable.getByRole('table')).toHaveCount(0);
  expect(months).toBeGreaterThanOrEqual(12);
  for (const chart of ['flag-trend-chart', 'flag-spc-chart', 'flag-seasonal-heatmap']) {
    const canvas = panel.getByTestId(`${chart}-canvas`);
    await expect(canvas).not.toHaveAttribute('data-title', '');
    await expect(canvas).toHaveAccessibleName(/\S/);
    const table = panel.getByTestId(`${chart}-data`);
    await table.getByText('Figures in this chart (table)').click();
    await expect(table.getByRole('table')).toBeVisible();
    expect(await table.locator('tbody tr').count(), chart).toBeGreaterThan(0);
  }
  // The control chart's table has the series' months; the trend's adds any forecast months after them.
  const spcMonths = await panel.getByTestId('flag-spc-chart-data').locator('tbody tr').count();
  expect(spcMonths).toBeGreaterThanOrEqual(12);
  expect(spcMonths).toBeLessThanOrEqual(months);
});
