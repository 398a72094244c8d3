/**
 * A workbook with two clean district sheets ("2022-23", "2023-24"): the app
 * asks which sheet(s) to import before importing, showing each sheet's rows;
 * the second sheet alone imports that sheet's records, and both sheets import
 * as two imports named "file [sheet]" whose records add up. A one-sheet
 * workbook imports with no question. Hidden sheets are listed after the
 * visible ones, marked "(hidden)", in both the question and the mapping
 * dialog, and are never the default.
 */
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page, TestInfo } from '@playwright/test';
import { type GeneratedDistrictRecord, districtCsv, generateDistrictRecords } from '../../shared/generator';
import { expect, formatGb, recordCount, splitCsvLine, test } from './fixtures';

/** The records as sheet rows: header then one row per record, as the CSV extract has them. */
function sheetRows(records: readonly GeneratedDistrictRecord[]): string[][] {
  return districtCsv(records).trim().split(/\r?\n/).map(splitCsvLine);
}

/** An .xlsx written with exceljs: one sheet per entry, in order. */
async function writeWorkbook(file: string, sheets: { name: string; rows: string[][]; state?: 'hidden' | 'veryHidden' }[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const added = workbook.addWorksheet(sheet.name);
    added.addRows(sheet.rows);
    if (sheet.state !== undefined) added.state = sheet.state;
  }
  writeFileSync(file, new Uint8Array(await workbook.xlsx.writeBuffer()));
}

/** Two financial years of two districts, one per sheet; their record references cannot collide (each district has its own). */
async function yearsWorkbook(testInfo: TestInfo) {
  const first = [...generateDistrictRecords({ seed: 3, records: 900, districts: ['Mansfield'], firstFinancialYear: 2022, years: 1 })];
  const second = [...generateDistrictRecords({ seed: 4, records: 1400, districts: ['Ashfield'], firstFinancialYear: 2023, years: 1 })];
  const refs = new Set(first.map((r) => r.record_ref));
  expect(second.some((r) => refs.has(r.record_ref)), 'the two sheets hold different records').toBe(false);
  expect(first.length).not.toBe(second.length);
  const file = testInfo.outputPath('district-years.xlsx');
  await writeWorkbook(file, [
    { name: '2022-23', rows: sheetRows(first) },
    { name: '2023-24', rows: sheetRows(second) },
  ]);
  return { file, first, second };
}

const grandTotal = (page: Page) => page.getByTestId('pivot-grid').locator('.ag-row-pinned .ag-cell[col-id="__total"]');

async function closeSummary(page: Page, accepted: number): Promise<void> {
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText(formatGb(accepted));
  await summary.getByRole('button', { name: 'Close' }).click();
  await expect(summary).toBeHidden();
}

test('the second sheet of a two-sheet workbook is chosen before the import; the pivot total is its rows', async ({ offlinePage: page }, testInfo) => {
  const { file, first, second } = await yearsWorkbook(testInfo);
  await page.getByTestId('import-files-input').setInputFiles(file);
  const dialog = page.getByTestId('sheet-choice');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('sheet-option-name')).toHaveText(['2022-23', '2023-24']);
  await expect(dialog.getByTestId('sheet-option-rows')).toHaveText([`${formatGb(first.length)} rows`, `${formatGb(second.length)} rows`]);
  // The first sheet is ticked to begin with; nothing is imported while the question is open.
  await expect(dialog.getByTestId('sheet-option-1')).toBeChecked();
  await expect(dialog.getByTestId('sheet-option-2')).not.toBeChecked();
  expect(await recordCount(page)).toBe(0);

  await dialog.getByTestId('sheet-option-1').uncheck();
  await expect(dialog.getByTestId('sheet-choice-ok')).toBeDisabled();
  await dialog.getByTestId('sheet-option-2').check();
  await expect(dialog.getByTestId('sheet-choice-note')).toHaveText('Imported as district-years.xlsx [2023-24].');
  await page.screenshot({ path: testInfo.outputPath('sheet-choice-second.png') });
  await dialog.getByTestId('sheet-choice-ok').click();
  await expect(dialog).toBeHidden();

  await closeSummary(page, second.length);
  expect(await recordCount(page)).toBe(second.length);
  await expect(grandTotal(page)).toHaveText(formatGb(second.length));
  await expect(page.getByTestId('data-panel').locator('.import-file')).toHaveText(['district-years.xlsx [2023-24]']);
});

test('both sheets import as two imports, one per sheet, and the pivot total is the sum of their rows', async ({ offlinePage: page }, testInfo) => {
  const { file, first, second } = await yearsWorkbook(testInfo);
  await page.getByTestId('import-files-input').setInputFiles(file);
  const dialog = page.getByTestId('sheet-choice');
  await dialog.getByTestId('sheet-option-2').check();
  await expect(dialog.getByTestId('sheet-choice-ok')).toHaveText('Import 2 sheets');
  await dialog.getByTestId('sheet-choice-ok').click();

  await closeSummary(page, first.length + second.length);
  expect(await recordCount(page)).toBe(first.length + second.length);
  await expect(grandTotal(page)).toHaveText(formatGb(first.length + second.length));
  const entries = page.getByTestId('data-panel').locator('.import-entry');
  await expect(entries.locator('.import-file')).toHaveText(['district-years.xlsx [2022-23]', 'district-years.xlsx [2023-24]']);
  await expect(entries.nth(0)).toContainText(`accepted ${formatGb(first.length)}`);
  await expect(entries.nth(1)).toContainText(`accepted ${formatGb(second.length)}`);

  // Cancel at the question imports nothing more.
  await page.getByTestId('import-files-input').setInputFiles(file);
  await page.getByTestId('sheet-choice').getByTestId('sheet-choice-cancel').click();
  await expect(page.getByTestId('sheet-choice')).toBeHidden();
  expect(await recordCount(page)).toBe(first.length + second.length);
  await expect(entries).toHaveCount(2);
});

test('a one-sheet workbook imports with no question, named as the file', async ({ offlinePage: page }, testInfo) => {
  const records = [...generateDistrictRecords({ seed: 5, records: 600, districts: ['Gedling'], firstFinancialYear: 2023, years: 1 })];
  const file = testInfo.outputPath('district-one-sheet.xlsx');
  await writeWorkbook(file, [{ name: 'Records', rows: sheetRows(records) }]);
  await page.getByTestId('import-files-input').setInputFiles(file);
  await closeSummary(page, records.length);
  await expect(page.getByTestId('sheet-choice')).toHaveCount(0);
  await expect(grandTotal(page)).toHaveText(formatGb(records.length));
  await expect(page.getByTestId('data-panel').locator('.import-file')).toHaveText(['district-one-sheet.xlsx']);
});

test('hidden sheets are never the default: one visible sheet imports with no question; with two, a hidden one is listed, marked and not ticked', async ({ offlinePage: page }, testInfo) => {
  const old = [...generateDistrictRecords({ seed: 6, records: 300, districts: ['Broxtowe'], firstFinancialYear: 2021, years: 1 })];
  const records = [...generateDistrictRecords({ seed: 7, records: 500, districts: ['Gedling'], firstFinancialYear: 2023, years: 1 })];
  const file = testInfo.outputPath('district-hidden.xlsx');
  await writeWorkbook(file, [
    { name: 'Old extract', rows: sheetRows(old), state: 'hidden' },
    { name: 'Records', rows: sheetRows(records) },
  ]);
  await page.getByTestId('import-files-input').setInputFiles(file);
  await closeSummary(page, records.length);
  await expect(page.getByTestId('sheet-choice')).toHaveCount(0);
  expect(await recordCount(page)).toBe(records.length);

  const { first, second } = await yearsWorkbook(testInfo);
  const years = testInfo.outputPath('district-years-hidden.xlsx');
  await writeWorkbook(years, [
    { name: 'Lookup', rows: sheetRows(old), state: 'veryHidden' },
    { name: '2022-23', rows: sheetRows(first) },
    { name: '2023-24', rows: sheetRows(second) },
  ]);
  await page.getByTestId('import-files-input').setInputFiles(years);
  const dialog = page.getByTestId('sheet-choice');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('has 2 sheets with data (and 1 hidden in Excel, marked below)');
  // Visible sheets first, the hidden one after them, marked.
  await expect(dialog.getByTestId('sheet-option-name')).toHaveText(['2022-23', '2023-24', 'Lookup']);
  await expect(dialog.getByTestId('sheet-option-hidden')).toHaveCount(1);
  await expect(dialog.locator('label').filter({ hasText: 'Lookup' }).getByTestId('sheet-option-hidden')).toHaveText('(hidden)');
  await expect(dialog.locator('label').filter({ hasText: 'Lookup' }).getByTestId('sheet-option-rows')).toHaveText(`${formatGb(old.length)} rows`);
  await expect(dialog.getByTestId('sheet-option-1')).not.toBeChecked();
  await expect(dialog.getByTestId('sheet-option-2')).toBeChecked();
  await expect(dialog.getByTestId('sheet-option-3')).not.toBeChecked();
  await dialog.getByTestId('sheet-choice-ok').click();
  await closeSummary(page, first.length);
  expect(await recordCount(page)).toBe(records.length + first.length);
});

test('a hidden first sheet is listed last, marked "(hidden)", in the question and the mapping dialog; the first visible sheet with data is the default', async ({ offlinePage: page }, testInfo) => {
  const old = [...generateDistrictRecords({ seed: 8, records: 250, districts: ['Broxtowe'], firstFinancialYear: 2021, years: 1 })];
  const records = [...generateDistrictRecords({ seed: 9, records: 700, districts: ['Rushcliffe'], firstFinancialYear: 2023, years: 1 })];
  const file = testInfo.outputPath('district-hidden-first.xlsx');
  await writeWorkbook(file, [
    { name: 'Old extract', rows: sheetRows(old), state: 'hidden' },
    { name: 'Cover', rows: [] },
    { name: 'Notes', rows: [['Rushcliffe extract, 2023-24'], ['Records on the sheet after this one.']] },
    { name: 'Records', rows: sheetRows(records) },
  ]);
  await page.getByTestId('import-files-input').setInputFiles(file);
  const choice = page.getByTestId('sheet-choice');
  await expect(choice).toBeVisible();
  // The empty cover is not offered; the hidden sheet comes after the visible ones.
  await expect(choice.getByTestId('sheet-option-name')).toHaveText(['Notes', 'Records', 'Old extract']);
  await expect(choice.getByTestId('sheet-option-rows')).toHaveText(['1 row', `${formatGb(records.length)} rows`, `${formatGb(old.length)} rows`]);
  await expect(choice.locator('label').filter({ hasText: 'Old extract' }).getByTestId('sheet-option-hidden')).toHaveText('(hidden)');
  await expect(choice.getByTestId('sheet-option-hidden')).toHaveCount(1);
  await expect(choice.getByTestId('sheet-option-3')).toBeChecked();
  await expect(choice.getByTestId('sheet-option-1')).not.toBeChecked();
  await expect(choice.getByTestId('sheet-option-4')).not.toBeChecked();
  await choice.getByTestId('sheet-choice-ok').click();

  // The notes sheet is no extract: the mapping dialog lists every sheet the same way, on the one first read.
  const dialog = page.getByTestId('column-mapping');
  await expect(dialog).toBeVisible();
  const sheet = dialog.getByTestId('map-sheet');
  await expect(sheet).toHaveValue('Notes');
  await expect(sheet.locator('option')).toHaveText(['2: Cover — empty', '3: Notes — 1 row', `4: Records — ${formatGb(records.length)} rows`, `1: Old extract — ${formatGb(old.length)} rows (hidden)`]);
  await page.screenshot({ path: testInfo.outputPath('mapping-hidden-first.png') });
  await sheet.selectOption('Records');
  await expect(dialog.getByTestId('map-kind')).toHaveValue('district');
  await dialog.getByTestId('mapping-ok').click();
  await closeSummary(page, records.length);
  expect(await recordCount(page)).toBe(records.length);
  await expect(grandTotal(page)).toHaveText(formatGb(records.length));
});
