/**
 * A workbook with a notes sheet first and the records on sheet 2, where the
 * analyst keeps the first sheet when asked which sheets to import: the
 * import stops on the notes sheet, the mapping dialog offers the workbook's
 * sheets, choosing "Records" previews that sheet, and the import reads it.
 */
import { writeFileSync } from 'node:fs';
import type { Page, TestInfo } from '@playwright/test';
import { districtCsv, generateDistrictRecords } from '../../shared/generator';
import { workbookBytes } from '../../shared/generator/xlsx';
import { expect, gridCell, monthFile, readExtract, recordCount, splitCsvLine, test } from './fixtures';

/**
 * Generated district records on sheet 2 of a workbook whose first sheet is
 * notes; `rename` gives some columns the names a force system might use.
 * Returns the file, its rows and the largest crime type with its count,
 * counted from the generated records themselves.
 */
async function twoSheetWorkbook(testInfo: TestInfo, name: string, rename: Record<string, string> = {}) {
  const records = [...generateDistrictRecords({ seed: 7, records: 400, districts: ['Mansfield', 'Ashfield'] })];
  const [header = [], ...rows] = districtCsv(records).trim().split(/\r?\n/).map(splitCsvLine);
  const file = testInfo.outputPath(name);
  writeFileSync(
    file,
    await workbookBytes([
      { name: 'Notes', rows: [['District profile extract, Mansfield and Ashfield'], ['Produced by the force performance team; records on the next sheet.']] },
      { name: 'Records', rows: [header.map((h) => rename[h] ?? h), ...rows] },
    ]),
  );
  const byCrimeType = new Map<string, number>();
  for (const r of records) byCrimeType.set(r.crime_type, (byCrimeType.get(r.crime_type) ?? 0) + 1);
  const [topType = '', topCount = 0] = [...byCrimeType].sort((a, b) => b[1] - a[1])[0] ?? [];
  return { file, records, rows, topType, topCount };
}

/** The question before the import lists both sheets; the analyst keeps the first (the notes) ticked. */
async function keepFirstSheet(page: Page, names: string[]): Promise<void> {
  const choice = page.getByTestId('sheet-choice');
  await expect(choice.getByTestId('sheet-option-name')).toHaveText(names);
  await expect(choice.getByTestId('sheet-option-1')).toBeChecked();
  await choice.getByTestId('sheet-choice-ok').click();
}

test('a two-sheet XLSX is imported from its second sheet, chosen in the mapping dialog', async ({ offlinePage: page }, testInfo) => {
  const { file, records, rows, topType, topCount } = await twoSheetWorkbook(testInfo, 'district-two-sheets.xlsx');

  await page.getByTestId('import-files-input').setInputFiles(file);
  await keepFirstSheet(page, ['Notes', 'Records']);
  const dialog = page.getByTestId('column-mapping');
  await expect(dialog).toBeVisible();
  const sheet = dialog.getByTestId('map-sheet');
  await expect(sheet).toHaveValue('Notes');
  await expect(sheet.locator('option')).toHaveText(['1: Notes — 1 row', `2: Records — ${records.length.toLocaleString('en-GB')} rows`]);
  await expect(dialog.getByTestId('mapping-ok')).toBeDisabled();
  await expect(dialog).toContainText(`the workbook's other sheets are "Records"`);

  await sheet.selectOption('Records');
  // The records sheet is a district extract with the canonical header: its rows and columns, ready to import.
  await expect(dialog.getByTestId('map-kind')).toHaveValue('district');
  await expect(dialog.getByTestId('mapping-preview').locator('thead th').first()).toHaveText('A: record_ref');
  await expect(dialog.getByTestId('mapping-preview').locator('tbody tr').first().locator('td').first()).toHaveText(rows[0]?.[0] ?? '');
  await expect(dialog.getByTestId('parsed-district')).toHaveText(`reads as: ${records[0]?.district ?? ''}`);
  await expect(dialog.getByTestId('mapping-ok')).toBeEnabled();
  await page.screenshot({ path: testInfo.outputPath('sheet-choice.png') });
  await dialog.getByTestId('mapping-ok').click();

  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible();
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText(records.length.toLocaleString('en-GB'));
  await expect(summary).toContainText('read sheet 2 ("Records")');
  // A known header is read as found: no column mapping is saved for it.
  await expect(summary).not.toContainText('Column mapping saved');
  await summary.getByRole('button', { name: 'Close' }).click();
  expect(await recordCount(page)).toBe(records.length);
  await expect(gridCell(page, topType, '__total')).toHaveText(topCount.toLocaleString('en-GB'));
  // Named for the sheet finally read, not the one first ticked.
  await expect(page.getByTestId('data-panel').locator('.import-file')).toHaveText(['district-two-sheets.xlsx [Records]']);
});

test('a second sheet with unknown column names is chosen, then mapped; the mapping is saved for its header', async ({ offlinePage: page }, testInfo) => {
  const rename = { record_ref: 'Occurrence', committed_date: 'When', crime_type: 'What', district: 'Area' };
  const { file, records, topType, topCount } = await twoSheetWorkbook(testInfo, 'district-renamed-sheets.xlsx', rename);

  await page.getByTestId('import-files-input').setInputFiles(file);
  await keepFirstSheet(page, ['Notes', 'Records']);
  const dialog = page.getByTestId('column-mapping');
  await expect(dialog.getByTestId('map-sheet')).toHaveValue('Notes');
  await dialog.getByTestId('map-sheet').selectOption({ label: `2: Records — ${records.length.toLocaleString('en-GB')} rows` });
  await expect(dialog.getByTestId('mapping-preview').locator('thead th').first()).toHaveText('A: Occurrence');
  // Whatever was guessed, the analyst sets the four required columns.
  await dialog.getByTestId('map-kind').selectOption('district');
  await dialog.getByTestId('map-record_ref').selectOption({ label: 'A: Occurrence' });
  await dialog.getByTestId('map-committed_date').selectOption({ label: 'C: When' });
  await dialog.getByTestId('map-crime_type').selectOption({ label: 'F: What' });
  await dialog.getByTestId('map-district').selectOption({ label: 'G: Area' });
  await expect(dialog.getByTestId('parsed-district')).toHaveText(`reads as: ${records[0]?.district ?? ''}`);
  await dialog.getByTestId('mapping-ok').click();

  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible();
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText(records.length.toLocaleString('en-GB'));
  await expect(summary).toContainText('read sheet 2 ("Records")');
  await expect(summary).toContainText('Column mapping saved in this workbench');
  await summary.getByRole('button', { name: 'Close' }).click();
  expect(await recordCount(page)).toBe(records.length);
  await expect(gridCell(page, topType, '__total')).toHaveText(topCount.toLocaleString('en-GB'));
});

test('a police.uk street-level file on the second sheet imports as found once the sheet is chosen', async ({ offlinePage: page }, testInfo) => {
  const rows = readExtract(monthFile('2023-01')).slice(0, 300);
  const header = Object.keys(rows[0] ?? {});
  const file = testInfo.outputPath('street-two-sheets.xlsx');
  writeFileSync(
    file,
    await workbookBytes([
      { name: 'About', rows: [['Street-level crime, Nottinghamshire, January 2023'], ['Source: data.police.uk']] },
      { name: 'Street', rows: [header, ...rows.map((row) => header.map((h) => row[h] ?? ''))] },
    ]),
  );
  const byType = new Map<string, number>();
  for (const row of rows) byType.set(row['Crime type'] ?? '', (byType.get(row['Crime type'] ?? '') ?? 0) + 1);
  const [topType = '', topCount = 0] = [...byType].sort((a, b) => b[1] - a[1])[0] ?? [];

  await page.getByTestId('import-files-input').setInputFiles(file);
  await keepFirstSheet(page, ['About', 'Street']);
  const dialog = page.getByTestId('column-mapping');
  await dialog.getByTestId('map-sheet').selectOption('Street');
  await expect(dialog.getByTestId('map-kind')).toHaveValue('police-uk');
  await expect(dialog.getByTestId('mapping-ok')).toBeEnabled();
  await dialog.getByTestId('mapping-ok').click();

  const summary = page.getByTestId('import-summary');
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText(String(rows.length));
  await expect(summary).toContainText('read sheet 2 ("Street")');
  await summary.getByRole('button', { name: 'Close' }).click();
  expect(await recordCount(page)).toBe(rows.length);
  await expect(gridCell(page, topType, '__total')).toHaveText(String(topCount));
});
