/**
 * Rates per 1,000 by victim sex in the workbench: planted records and a
 * population by sex for Mansfield (1,000 females, 2,000 males) but persons
 * only for Gedling, imported through the UI; the grid divides by each sex's
 * residents, and the notes above it say why Gedling's and the unknown sex's
 * cells are blank.
 */
import { writeFileSync } from 'node:fs';
import { expect, filterBy, gridCell, importThroughUi, layPivot, test } from './fixtures';

test('rates by victim sex divide by that sex; persons-only population and unknown sex are blank with notes', async ({ offlinePage: page }, testInfo) => {
  const lines = ['record_ref,committed_date,crime_type,district,victim_sex'];
  // Mansfield: 30 female, 40 male, 5 not recorded; Gedling: 20 female, 10 male; all June 2023.
  const planted: [string, string, number][] = [
    ['Mansfield', 'F', 30],
    ['Mansfield', 'M', 40],
    ['Mansfield', '', 5],
    ['Gedling', 'F', 20],
    ['Gedling', 'M', 10],
  ];
  let ref = 0;
  for (const [district, sex, n] of planted) for (let i = 0; i < n; i++) lines.push(`E${ref++},15/06/2023,Burglary,${district},${sex}`);
  const district = testInfo.outputPath('district-sex.csv');
  writeFileSync(district, lines.join('\n'));
  const population = testInfo.outputPath('population-2023.csv');
  writeFileSync(population, ['area_name,year,age_band,sex,population', 'Mansfield,2023,All ages,F,1000', 'Mansfield,2023,All ages,M,2000', 'Gedling,2023,All ages,,5000'].join('\n'));
  expect(await importThroughUi(page, [district])).toBe(105);
  await importThroughUi(page, [population]);

  await layPivot(page, { rows: ['district'], columns: ['sex'] });
  await page.getByTestId('pivot-measure').selectOption('rate');
  // 30 of 1,000 females and 40 of 2,000 males per 1,000, to one decimal place.
  await expect(gridCell(page, 'Mansfield', 'Female')).toHaveText('30.0');
  await expect(gridCell(page, 'Mansfield', 'Male')).toHaveText('20.0');
  await expect(gridCell(page, 'Mansfield', 'Unknown')).toHaveText('');
  await expect(gridCell(page, 'Gedling', 'Female')).toHaveText('');
  await expect(gridCell(page, 'Gedling', 'Male')).toHaveText('');
  const notes = page.getByTestId('pivot-notes');
  await expect(notes).toContainText('The population loaded for Gedling has no figures by sex (persons only): its rates by victim sex are blank.');
  await expect(notes).toContainText('Victims whose sex is not recorded have no population to divide by');
  await page.screenshot({ path: testInfo.outputPath('rate-by-sex.png') });

  // Sex as a filter instead: Mansfield's females over its females only; no sex in the layout, Gedling by persons.
  await layPivot(page, { rows: ['district'], columns: [] });
  await expect(gridCell(page, 'Gedling', 'value')).toHaveText('6.0');
  await expect(notes).toBeHidden();
  await filterBy(page, 'sex', ['Female']);
  await expect(gridCell(page, 'Mansfield', 'value')).toHaveText('30.0');
  await expect(gridCell(page, 'Gedling', 'value')).toHaveText('');
  await expect(notes).toContainText('Gedling has no figures by sex');
});
