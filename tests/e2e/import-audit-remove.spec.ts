/**
 * Acceptance audit, removing imports of the aggregate kinds: the question
 * names what goes (iQuanta figures, survey respondents, population figures,
 * not "0 records"), and once removed the iQuanta rows, the survey and the
 * rates per 1,000 go with them while the district records stay.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import {
  IQUANTA_COLUMNS,
  IquantaCounter,
  POPULATION_COLUMNS,
  RESPECT_COLUMNS,
  districtCsv,
  generateDistrictRecords,
  iquantaRows,
  objectsToCsv,
  populationRows,
  respectRows,
} from '../../shared/generator';
import { expect, formatGb, gridCell, importThroughUi, layPivot, recordCount, test } from './fixtures';

async function remove(page: Page, file: string, question: string, notice: string): Promise<void> {
  await page.getByTestId('data-panel').getByRole('button', { name: `Remove ${file}` }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText(question);
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('notice')).toHaveText(notice);
}

test('removing an iQuanta, survey or population import says what it takes, and takes only that', async ({ offlinePage: page }, testInfo) => {
  const records = [...generateDistrictRecords({ seed: 71, records: 3000, districts: ['Gedling'] })];
  const iquanta = iquantaRows({ seed: 71, counts: new IquantaCounter().addAll(records) }).filter((r) => r.area === 'Gedling CSP');
  const survey = respectRows({ seed: 71, waves: [2019], respondentsPerWave: 250 });
  const population = populationRows({ years: [2019, 2020, 2021, 2022, 2023] });
  const files = {
    district: testInfo.outputPath('district-gedling.csv'),
    iquanta: testInfo.outputPath('iquanta-gedling.csv'),
    survey: testInfo.outputPath('respect-2019.csv'),
    population: testInfo.outputPath('population.csv'),
  };
  writeFileSync(files.district, districtCsv(records));
  writeFileSync(files.iquanta, objectsToCsv(IQUANTA_COLUMNS, iquanta));
  writeFileSync(files.survey, objectsToCsv(RESPECT_COLUMNS, survey));
  writeFileSync(files.population, objectsToCsv(POPULATION_COLUMNS, population));
  await importThroughUi(page, Object.values(files));
  expect(await recordCount(page)).toBe(records.length);

  await layPivot(page, { rows: ['iq_area'], columns: ['iq_measure'] });
  await expect(page.getByTestId('pivot-grid').locator('.ag-row[row-id="Gedling CSP"]')).toBeVisible();
  await remove(page, 'iquanta-gedling.csv', `Remove iquanta-gedling.csv and the ${formatGb(iquanta.length)} iQuanta figures that came with it?`, `Removed iquanta-gedling.csv (${formatGb(iquanta.length)} iQuanta figures).`);
  await expect(page.getByTestId('pivot-grid').locator('.ag-row[row-id="Gedling CSP"]')).toHaveCount(0);

  await remove(page, 'respect-2019.csv', `Remove respect-2019.csv and the ${formatGb(survey.length)} survey respondents that came with it?`, `Removed respect-2019.csv (${formatGb(survey.length)} survey respondents).`);
  await page.getByRole('tab', { name: 'Respect Survey' }).click();
  await expect(page.getByTestId('survey-panel')).toContainText('The workbench holds no Respect Survey answers');
  await page.getByRole('tab', { name: 'Pivot' }).click();

  await layPivot(page, { rows: ['district'], columns: ['year'] });
  await page.getByLabel('Measure', { exact: true }).selectOption('rate');
  await expect(gridCell(page, 'Gedling', '2020')).toHaveText(/^\d+(\.\d+)?$/);
  await remove(page, 'population.csv', `Remove population.csv and the ${formatGb(population.length)} population figures that came with it?`, `Removed population.csv (${formatGb(population.length)} population figures).`);
  await expect(gridCell(page, 'Gedling', '2020')).toHaveText('');

  // The district records are untouched.
  expect(await recordCount(page)).toBe(records.length);
  await expect(page.getByTestId('data-panel').locator('.import-file')).toHaveText(['district-gedling.csv']);
});
