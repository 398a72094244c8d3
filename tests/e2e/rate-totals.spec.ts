/**
 * A rate per 1,000 over two financial years in the workbench: the Total
 * column is headed "Total per year" and divides all the records by the
 * person-years (each year's own residents), the note beside the grid says
 * so, and the export carries the same figure and label.
 */
import { writeFileSync } from 'node:fs';
import { PERSON_YEARS_NOTE } from '../../shared/pivot/population';
import { csvDownloadText, expect, gridCell, importThroughUi, layPivot, splitCsvLine, test } from './fixtures';

test('a rate Total across financial years is per resident per year, labelled and explained', async ({ offlinePage: page }, testInfo) => {
  // Mansfield: 36 records in 2022/23 (1,000 residents), 60 in 2023/24 (2,000 residents).
  const lines = ['record_ref,committed_date,crime_type,district'];
  let ref = 0;
  for (const [year, n] of [[2022, 3], [2023, 5]] as const) {
    for (let k = 0; k < 12; k++) {
      const month = 4 + k;
      const date = `15/${String(((month - 1) % 12) + 1).padStart(2, '0')}/${month > 12 ? year + 1 : year}`;
      for (let i = 0; i < n; i++) lines.push(`T${ref++},${date},Burglary,Mansfield`);
    }
  }
  const district = testInfo.outputPath('district-two-years.csv');
  writeFileSync(district, lines.join('\n'));
  const population = testInfo.outputPath('population.csv');
  writeFileSync(population, ['area_name,year,age_band,sex,population', 'Mansfield,2022,All ages,,1000', 'Mansfield,2023,All ages,,2000', 'Mansfield,2024,All ages,,4000'].join('\n'));
  expect(await importThroughUi(page, [district])).toBe(96);
  await importThroughUi(page, [population]);

  await layPivot(page, { rows: ['district'], columns: ['fin_year'] });
  await page.getByTestId('pivot-measure').selectOption('rate');
  await expect(gridCell(page, 'Mansfield', '2022/23')).toHaveText('36.0');
  await expect(gridCell(page, 'Mansfield', '2023/24')).toHaveText('30.0');
  // 96 records over 3,000 person-years; over the latest year's 4,000 residents it was 24.0, over 2023's 48.0.
  await expect(gridCell(page, 'Mansfield', '__total')).toHaveText('32.0');
  await expect(page.getByTestId('sort-__total')).toHaveText(/Total per year/);
  await expect(page.getByTestId('pivot-notes')).toContainText(PERSON_YEARS_NOTE);
  await page.screenshot({ path: testInfo.outputPath('rate-total-per-year.png') });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-csv').click()]);
  const exported = (await csvDownloadText(download)).trim().split('\r\n').map(splitCsvLine);
  expect(exported.map((l) => l[0])).toContain(`Note: ${PERSON_YEARS_NOTE}`);
  expect(exported.find((l) => l[0] === 'District')).toEqual(['District', '2022/23', '2023/24', 'Total per year']);
  expect(Number(exported.find((l) => l[0] === 'Mansfield')?.[3])).toBe(32);

  // Counts across the same years are a plain Total.
  await page.getByTestId('pivot-measure').selectOption('count');
  await expect(gridCell(page, 'Mansfield', '__total')).toHaveText('96');
  await expect(page.getByTestId('sort-__total')).toHaveText(/^Total/);
  await expect(page.getByTestId('sort-__total')).not.toHaveText(/per year/);
});
