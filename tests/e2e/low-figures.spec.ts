/**
 * A rate above nought that rounds to nought (5 arsons among 120,000
 * residents: 0.04 per 1,000) reads "[low]" in the grid, not "0.0" (which
 * says none); hovering it gives the figure (and its interval), and the CSV export writes
 * "[low]" too, with a line in its header saying what it means.
 */
import { writeFileSync } from 'node:fs';
import { LOW_FIGURE_NOTE } from '../../shared/export/csv';
import { csvDownloadText, expect, gridCell, importThroughUi, layPivot, splitCsvLine, test } from './fixtures';

test('a small positive rate shows as [low] in the grid and the export, with its figure on hover', async ({ offlinePage: page }, testInfo) => {
  const lines = ['record_ref,committed_date,crime_type,district'];
  for (let i = 0; i < 5; i++) lines.push(`R${i},15/06/2023,Arson,Rushcliffe`);
  for (let i = 0; i < 60; i++) lines.push(`M${i},15/06/2023,Burglary,Mansfield`);
  const district = testInfo.outputPath('district-low.csv');
  writeFileSync(district, lines.join('\n'));
  const population = testInfo.outputPath('population.csv');
  writeFileSync(population, ['area_name,year,age_band,population', 'Rushcliffe,2023,All ages,120000', 'Mansfield,2023,All ages,20000'].join('\n'));
  expect(await importThroughUi(page, [district])).toBe(65);
  await importThroughUi(page, [population]);

  await layPivot(page, { rows: ['district'], columns: ['year'] });
  await page.getByTestId('pivot-measure').selectOption('rate');
  await expect(gridCell(page, 'Mansfield', '2023')).toHaveText('3.0');
  const low = gridCell(page, 'Rushcliffe', '2023');
  await expect(low).toHaveText('[low]');
  await low.hover();
  await expect(page.locator('.ag-tooltip')).toHaveText(
    // Then its 95% interval: exact Poisson limits for 5 records, 1.62 and 11.67, over 120,000 residents.
    '[low]: above nought but below 0.05, so it would show as nought: 0.042 per 1,000. 95% confidence interval [low] to 0.1 per 1,000 (exact Poisson)',
    { timeout: 10_000 },
  );
  await page.screenshot({ path: testInfo.outputPath('low-figure.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-csv').click()]);
  const exported = (await csvDownloadText(download)).trim().split('\r\n').map(splitCsvLine);
  expect(exported.map((l) => l[0])).toContain(LOW_FIGURE_NOTE);
  expect(exported.find((l) => l[0] === 'Rushcliffe')?.[1]).toBe('[low]');
  expect(exported.find((l) => l[0] === 'Mansfield')?.[1]).toBe('3');
});
