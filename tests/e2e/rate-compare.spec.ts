/**
 * Rates per 1,000 against the Total, in the workbench: a rate cell gives its
 * 95% confidence interval on hover, and with "Compare with the Total" on,
 * the district planted high is marked ▲, the one planted low ▼, and the one
 * near the Total's rate is left unmarked, with districts as rows and as
 * columns. A pivot without a compared dimension alone on an axis says how
 * to get the comparison instead of marking anything. The CSV export then carries
 * each rate's limits beside it and the comparison in words.
 */
import { writeFileSync } from 'node:fs';
import { csvDownloadText, expect, gridCell, importThroughUi, layPivot, splitCsvLine, test } from './fixtures';

test('districts significantly above or below the Total are marked, each rate cell with its interval', async ({ offlinePage: page }, testInfo) => {
  // 1,000 residents each: Mansfield 400 records (400 per 1,000), Gedling 230 (230), Ashfield 100 (100); the Total is 730 over 3,000 (243.3).
  const lines = ['record_ref,committed_date,crime_type,district'];
  for (const [district, n] of [['Mansfield', 400], ['Gedling', 230], ['Ashfield', 100]] as const) {
    for (let i = 0; i < n; i++) lines.push(`${district.slice(0, 1)}${i},15/06/2023,Burglary,${district}`);
  }
  const district = testInfo.outputPath('district-rates.csv');
  writeFileSync(district, lines.join('\n'));
  const population = testInfo.outputPath('population.csv');
  writeFileSync(population, ['area_name,year,age_band,population', 'Mansfield,2023,All ages,1000', 'Gedling,2023,All ages,1000', 'Ashfield,2023,All ages,1000'].join('\n'));
  expect(await importThroughUi(page, [district])).toBe(730);
  await importThroughUi(page, [population]);

  await layPivot(page, { rows: ['district'], columns: [] });
  // Only a rate has intervals to compare.
  await expect(page.getByTestId('toggle-comparesWithTotal')).toHaveCount(0);
  await page.getByTestId('pivot-measure').selectOption('rate');
  await expect(gridCell(page, 'Mansfield', 'value')).toHaveText('400.0');
  await expect(page.locator('[data-mark]')).toHaveCount(0);

  // Byar's limits for 400 events: 361.8 and 441.2.
  await gridCell(page, 'Mansfield', 'value').hover();
  await expect(page.locator('.ag-tooltip')).toHaveText("95% confidence interval 361.8 to 441.2 per 1,000 (Byar's method)", { timeout: 10_000 });
  await page.mouse.move(0, 0);
  await expect(page.locator('.ag-tooltip')).toHaveCount(0, { timeout: 10_000 });

  await page.getByTestId('toggle-comparesWithTotal').check();
  await expect(page.getByTestId('rate-compare-legend')).toContainText("than its column's Total");
  await expect(gridCell(page, 'Mansfield', 'value').locator('[data-mark]')).toHaveAttribute('data-mark', 'higher');
  await expect(gridCell(page, 'Mansfield', 'value')).toHaveText('400.0▲, significantly higher than the Total');
  await expect(gridCell(page, 'Ashfield', 'value').locator('[data-mark]')).toHaveAttribute('data-mark', 'lower');
  await expect(gridCell(page, 'Gedling', 'value').locator('[data-mark]')).toHaveCount(0);
  // The Total is the benchmark, never marked against itself.
  await expect(page.locator('.ag-floating-bottom [data-mark]')).toHaveCount(0);
  await gridCell(page, 'Gedling', 'value').hover();
  await expect(page.locator('.ag-tooltip')).toHaveText(/^95% confidence interval 201\.\d to 261\.\d per 1,000 \(Byar's method\): not significantly different from the Total \(243\.3\)$/, { timeout: 10_000 });
  await page.screenshot({ path: testInfo.outputPath('rate-compare-rows.png') });

  // The export carries the limits as figures and the comparison in words.
  await expect(page.getByTestId('export-intervals-note')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-csv').click()]);
  const exported = (await csvDownloadText(download)).trim().split('\r\n').map(splitCsvLine);
  expect(exported.find((l) => l[0] === 'District')?.slice(2)).toEqual([
    'Rate per 1,000 population: lower 95% limit',
    'Rate per 1,000 population: upper 95% limit',
    'Rate per 1,000 population: against the Total',
  ]);
  expect(exported.find((l) => l[0] === 'Mansfield')).toEqual(['Mansfield', '400', '361.8', '441.2', 'Higher']);
  expect(exported.find((l) => l[0] === 'Gedling')?.[4]).toBe('Similar');

  // Districts as columns: each against its row's Total.
  await layPivot(page, { rows: ['crime_type'], columns: ['district'] });
  await expect(page.getByTestId('rate-compare-legend')).toContainText("than its row's Total");
  await expect(gridCell(page, 'Burglary', 'Mansfield').locator('[data-mark]')).toHaveAttribute('data-mark', 'higher');
  await expect(gridCell(page, 'Burglary', 'Ashfield').locator('[data-mark]')).toHaveAttribute('data-mark', 'lower');
  await expect(gridCell(page, 'Burglary', 'Gedling').locator('[data-mark]')).toHaveCount(0);
  await expect(gridCell(page, 'Burglary', '__total').locator('[data-mark]')).toHaveCount(0);

  // Nested under crime type, a district's benchmark would be its group's: no marks, and the legend says how to compare.
  await layPivot(page, { rows: ['crime_type', 'district'], columns: [] });
  await expect(page.getByTestId('rate-compare-legend')).toHaveText('To compare with the Total, put District, Victim age band or Victim sex alone in Rows or alone in Columns.');
  await expect(page.locator('[data-mark]')).toHaveCount(0);

  // A count has no interval: the setting and its legend go.
  await page.getByTestId('pivot-measure').selectOption('count');
  await expect(page.getByTestId('toggle-comparesWithTotal')).toHaveCount(0);
  await expect(page.getByTestId('rate-compare-legend')).toHaveCount(0);
});
