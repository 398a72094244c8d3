/**
 * axe-core scans (WCAG 2.1 A and AA, the standard the public sector
 * accessibility regulations apply) of every screen and dialog, each in the
 * state an analyst sees it: the first-launch demo, import and its dialogs,
 * the pivot with drill-through and saved views, the analysis screens with
 * results, and the error messages. Any violation fails the test unless
 * tests/e2e/a11y.ts excludes it with a reason.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { districtCsv, generateDistrictRecords } from '../../shared/generator';
import { expectNoAxeViolations } from './a11y';
import { expect, gridCell, importThroughUi, layPivot, monthFile, splitCsvLine, test, writeGeneratedExtracts } from './fixtures';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESPECT = path.resolve(HERE, '../fixtures/extracts/respect.csv');

test.describe('first launch', () => {
  test.use({ firstLaunch: true });

  test('the demo pivot, its trend chart and the heatmap', async ({ offlinePage: page }, testInfo) => {
    await expect(page.getByTestId('synthetic-banner')).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('.pivot-grid .ag-row').first()).toBeVisible();
    await expectNoAxeViolations(page, testInfo, 'demo pivot');
    // A row selected: its trend chart.
    await page.locator('.pivot-grid .ag-row .ag-cell[col-id="__row"]').first().click();
    await expect(page.getByTestId('trend-canvas')).toHaveAttribute('data-title', /: records per month$/);
    await expect(page.getByTestId('export-png')).toBeEnabled();
    await expectNoAxeViolations(page, testInfo, 'trend chart');
    await page.getByTestId('export-edit-text').click();
    await expectNoAxeViolations(page, testInfo, 'trend chart text editor');
    // The heatmap colours cells: their figures must keep their contrast.
    await page.getByLabel('Chart', { exact: true }).selectOption('heatmap');
    await expect(page.getByTestId('trend-chart')).toHaveCount(0);
    await expectNoAxeViolations(page, testInfo, 'heatmap');
  });
});

test('import: summary, Data panel, column mapping, sheet choice, reference data and the open-error messages', async ({ offlinePage: page }, testInfo) => {
  await expectNoAxeViolations(page, testInfo, 'empty workbench');
  await page.getByTestId('import-files-input').setInputFiles(monthFile('2023-01'));
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expectNoAxeViolations(page, testInfo, 'import summary');
  await summary.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('data-panel').locator('.import-entry')).toHaveCount(1);
  await expectNoAxeViolations(page, testInfo, 'Data panel');
  // A messy export: title rows, a totals row and rejected rows, listed in the summary.
  await page.getByTestId('import-files-input').setInputFiles(path.resolve(HERE, '../fixtures/extracts/district-messy.csv'));
  await expect(summary.getByTestId('import-rejects')).toBeVisible({ timeout: 60_000 });
  await expectNoAxeViolations(page, testInfo, 'import summary with rejected rows');
  await summary.getByRole('button', { name: 'Close' }).click();

  // A file of no known kind: the column-mapping dialog, asking what it is, then with a kind chosen.
  const custody = testInfo.outputPath('custody-extract.csv');
  writeFileSync(custody, 'Custody ID,Arrest date,Station\r\n1,2023-01-04,Bridewell\r\n');
  await page.getByTestId('import-files-input').setInputFiles(custody);
  const mapping = page.getByTestId('column-mapping');
  await expect(mapping.getByTestId('mapping-choose-kind')).toBeVisible();
  await expectNoAxeViolations(page, testInfo, 'column mapping, choose the kind');
  await mapping.getByRole('button', { name: 'Cancel' }).click();
  await expect(mapping).toBeHidden();
  // A district extract with unknown headers: the mapping with its preview and guesses.
  const [header = '', ...rows] = districtCsv(generateDistrictRecords({ seed: 2, records: 40, districts: ['Mansfield'] })).trim().split(/\r?\n/);
  const renamed = testInfo.outputPath('district-renamed.csv');
  writeFileSync(renamed, [header.split(',').map((h) => `Col ${h}`).join(','), ...rows].join('\n'));
  await page.getByTestId('import-files-input').setInputFiles(renamed);
  await expect(mapping.getByTestId('mapping-preview')).toBeVisible();
  await expectNoAxeViolations(page, testInfo, 'column mapping');
  await mapping.getByRole('button', { name: 'Cancel' }).click();

  // A two-sheet workbook: the sheet choice.
  const workbook = new ExcelJS.Workbook();
  for (const [name, seed] of [['2022-23', 3], ['2023-24', 4]] as const) {
    workbook.addWorksheet(name).addRows(districtCsv(generateDistrictRecords({ seed, records: 30, districts: ['Ashfield'] })).trim().split(/\r?\n/).map(splitCsvLine));
  }
  const xlsx = testInfo.outputPath('two-sheets.xlsx');
  writeFileSync(xlsx, new Uint8Array(await workbook.xlsx.writeBuffer()));
  await page.getByTestId('import-files-input').setInputFiles(xlsx);
  const sheets = page.getByTestId('sheet-choice');
  await expect(sheets).toBeVisible();
  await expectNoAxeViolations(page, testInfo, 'sheet choice');
  await sheets.getByTestId('sheet-choice-cancel').click();
  await expect(sheets).toBeHidden();

  await page.getByTestId('open-reference-data').click();
  const reference = page.getByTestId('reference-data');
  await expect(reference).toBeVisible();
  await expectNoAxeViolations(page, testInfo, 'reference data');
  for (const tab of await reference.getByRole('tab').all()) {
    await tab.click();
    await expectNoAxeViolations(page, testInfo, `reference data, ${await tab.innerText()}`);
  }
  await page.keyboard.press('Escape');
  await expect(reference).toBeHidden();

  // Opening a file that is not a workbench: the unsaved-changes question, then the error.
  const random = testInfo.outputPath('random.workbench');
  writeFileSync(random, 'not a database');
  await page.getByTestId('open-workbench-input').setInputFiles(random);
  const unsaved = page.getByTestId('unsaved-dialog');
  await expect(unsaved).toBeVisible();
  await expectNoAxeViolations(page, testInfo, 'unsaved changes');
  await unsaved.getByRole('button', { name: "Don't save" }).click();
  const error = page.getByTestId('error-dialog');
  await expect(error).toBeVisible();
  await expectNoAxeViolations(page, testInfo, 'open error');
  await error.getByRole('button', { name: 'OK' }).click();
  await expect(error).toBeHidden();
});

test('pivot: nested rows and columns, drill-through, saved views (rename, duplicate, delete)', async ({ offlinePage: page }, testInfo) => {
  await importThroughUi(page, [monthFile('2023-01'), monthFile('2023-02')]);
  await layPivot(page, { rows: ['district', 'crime_type'], columns: ['fin_year', 'month'] });
  await expect(gridCell(page, 'group:Ashfield', '__total')).toBeVisible();
  await expectNoAxeViolations(page, testInfo, 'nested pivot');
  await page.getByTestId('pivot-field-sex').click();
  await page.getByTestId('pivot-add-filters').click();
  await expectNoAxeViolations(page, testInfo, 'pivot with a filter checklist open');

  await gridCell(page, 'group:Ashfield', '__total').dblclick();
  const drill = page.getByTestId('drill-dialog');
  await expect(drill.getByTestId('drill-total')).not.toHaveText('…');
  await expect(drill.locator('.ag-row').first()).toBeVisible();
  await expectNoAxeViolations(page, testInfo, 'drill-through');
  await drill.getByRole('button', { name: 'Close' }).click();

  await page.getByTestId('view-name').fill('Districts by month');
  await page.getByTestId('view-save').click();
  const views = page.getByTestId('views-panel');
  await expect(views.getByTestId('view-entry')).toHaveCount(1);
  await expectNoAxeViolations(page, testInfo, 'saved views');
  await views.getByRole('button', { name: 'Duplicate Districts by month' }).click();
  await expect(views.getByTestId('view-entry')).toHaveCount(2);
  await views.getByRole('button', { name: 'Rename Districts by month (copy)' }).click();
  await expect(views.getByLabel('New name for Districts by month (copy)')).toBeFocused();
  await expectNoAxeViolations(page, testInfo, 'renaming a view');
  await views.getByRole('button', { name: 'Cancel' }).click();
  await views.getByRole('button', { name: 'Delete Districts by month (copy)' }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toBeVisible();
  await expectNoAxeViolations(page, testInfo, 'delete a view');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(views.getByTestId('view-entry')).toHaveCount(1);
});

test('Flags, Repeats, Near repeat, Charts, Profiles and Survey with their results', async ({ offlinePage: page }, testInfo) => {
  test.setTimeout(300_000);
  for (const tab of ['flags', 'repeats', 'survey', 'charts', 'profiles']) {
    await page.getByTestId(`tab-${tab}`).click();
    await expectNoAxeViolations(page, testInfo, `${tab}, empty workbench`);
  }
  const { files } = writeGeneratedExtracts(testInfo, { seed: 3, records: 10_000, districts: ['Mansfield', 'Ashfield'], iquantaAreas: ['Mansfield CSP'] });
  await importThroughUi(page, [files.district, files.population, files.iquanta]);

  await page.getByTestId('tab-flags').click();
  await page.getByTestId('flags-run').click();
  await expect(page.getByTestId('flags-progress')).toBeHidden({ timeout: 120_000 });
  await expect(page.getByTestId('flag-item').first()).toBeVisible();
  await expectNoAxeViolations(page, testInfo, 'flags');
  await page.getByTestId('flag-item').first().click();
  await expect(page.getByTestId('flag-trend-chart-canvas')).not.toHaveAttribute('data-title', '');
  await expectNoAxeViolations(page, testInfo, 'flag selected, its charts');

  await page.getByTestId('tab-repeats').click();
  await page.getByTestId('repeat-run').click();
  await expect(page.getByTestId('repeat-table')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('top-run').click();
  await page.getByTestId('top-victim').nth(0).click();
  await expect(page.getByTestId('victim-records')).toBeVisible();
  await page.getByTestId('locations-run').click();
  await expect(page.getByTestId('locations-table')).toBeVisible({ timeout: 60_000 });
  await expectNoAxeViolations(page, testInfo, 'repeats');
  await page.getByTestId('near-repeat-crime-type').selectOption('Burglary Dwelling');
  await page.getByTestId('near-repeat-permutations').fill('19');
  await page.getByTestId('near-repeat-run').click();
  await expect(page.getByTestId('knox-chart-canvas')).not.toHaveAttribute('data-title', '', { timeout: 60_000 });
  await expectNoAxeViolations(page, testInfo, 'near repeat');
  await page.getByTestId('top-export').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('personal data');
  await expectNoAxeViolations(page, testInfo, 'personal-data warning');
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();

  await page.getByTestId('tab-charts').click();
  const charts = page.getByTestId('charts-panel');
  await expect(charts.getByTestId('age-profile-chart-canvas')).not.toHaveAttribute('data-title', '');
  await charts.getByTestId('iquanta-area').selectOption('Mansfield CSP');
  await charts.getByTestId('iquanta-measure').selectOption('All crime');
  await expect(charts.getByTestId('iquanta-chart-table').locator('tbody tr').first()).toBeAttached();
  await expectNoAxeViolations(page, testInfo, 'charts');

  await page.getByTestId('tab-pivot').click();
  await layPivot(page, { rows: ['district'], columns: [] });
  await page.getByTestId('view-name').fill('Crime by district');
  await page.getByTestId('view-save').click();
  await page.getByTestId('tab-profiles').click();
  const profiles = page.getByTestId('profiles-panel');
  await profiles.getByTestId('profile-name').fill('Mansfield CSP profile');
  await profiles.getByTestId('profile-create').click();
  await profiles.getByTestId('profile-add-view').click();
  await profiles.getByTestId('profile-commentary').fill('Burglary fell this month.');
  await profiles.getByTestId('profile-add-text').click();
  await expect(profiles.getByTestId('profile-item')).toHaveCount(2);
  await expectNoAxeViolations(page, testInfo, 'profiles');

  await importThroughUi(page, [RESPECT]);
  await page.getByTestId('tab-survey').click();
  const survey = page.getByTestId('survey-panel');
  await survey.getByTestId('survey-question').selectOption('q_police_council_dealing');
  await survey.getByTestId('survey-by').selectOption('area');
  await survey.getByTestId('survey-run').click();
  await expect(survey.getByTestId('survey-results').locator('tbody tr').first()).toBeVisible();
  await expectNoAxeViolations(page, testInfo, 'survey');
});
