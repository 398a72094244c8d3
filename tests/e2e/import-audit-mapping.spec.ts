/**
 * Acceptance audit, column mapping across a save: a mapping made in the
 * dialog is saved in the workbench against the file's header; after the
 * workbench is saved, the page reloaded and the file opened again, the next
 * extract with that header imports with no dialog and the notice "Column
 * mapping saved on <date> applied" in the summary and after it; so does a
 * workbook with that header.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { TestInfo } from '@playwright/test';
import { type GeneratedDistrictRecord, districtCsv, generateDistrictRecords } from '../../shared/generator';
import { workbookBytes } from '../../shared/generator/xlsx';
import { expect, formatGb, gridCell, recordCount, splitCsvLine, test } from './fixtures';

const RENAMED: Readonly<Record<string, string>> = { record_ref: 'Occurrence', committed_date: 'Date/time from', crime_type: 'Offence title', district: 'CSP' };

function renamedExtract(testInfo: TestInfo, name: string, records: readonly GeneratedDistrictRecord[]): string {
  const [header = '', ...lines] = districtCsv(records).trim().split(/\r?\n/);
  const file = testInfo.outputPath(name);
  writeFileSync(file, [splitCsvLine(header).map((h) => RENAMED[h] ?? h).join(','), ...lines].join('\n') + '\n');
  return file;
}

test('a mapping saved in the workbench still applies, with a notice, after the workbench is saved and reopened', async ({ offlinePage: page }, testInfo) => {
  const records = [...generateDistrictRecords({ seed: 31, records: 3000, districts: ['Newark and Sherwood'] })];
  const half = Math.floor(records.length / 2);
  const third = records.length - 100;
  const first = renamedExtract(testInfo, 'force-export-1.csv', records.slice(0, half));
  const second = renamedExtract(testInfo, 'force-export-2.csv', records.slice(half, third));
  // The same header in a workbook: the mapping is for the header, whichever the file type.
  const workbook = testInfo.outputPath('force-export-3.xlsx');
  const [sheetHeader = '', ...sheetLines] = readFileSync(renamedExtract(testInfo, 'force-export-3.csv', records.slice(third)), 'utf8').trim().split(/\r?\n/);
  writeFileSync(workbook, await workbookBytes([{ name: 'Export', rows: [splitCsvLine(sheetHeader), ...sheetLines.map(splitCsvLine)] }]));
  const header = splitCsvLine(districtCsv([]).trim());
  const column = (field: string) => `${String.fromCharCode(65 + header.indexOf(field))}: ${RENAMED[field] ?? field}`;

  await page.getByTestId('import-files-input').setInputFiles(first);
  const dialog = page.getByTestId('column-mapping');
  await expect(dialog).toBeVisible();
  for (const field of Object.keys(RENAMED)) await dialog.getByTestId(`map-${field}`).selectOption({ label: column(field) });
  await expect(dialog.getByTestId('parsed-district')).toHaveText('reads as: Newark and Sherwood');
  await expect(dialog.getByTestId('parsed-crime_type')).toHaveText(`reads as: ${records[0]?.crime_type ?? ''}`);
  await dialog.getByTestId('mapping-ok').click();
  const summary = page.getByTestId('import-summary');
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText(formatGb(half));
  await summary.getByRole('button', { name: 'Close' }).click();

  // Save (a download in the browser), reload to an empty workbench, open the saved file.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('toolbar-save').click()]);
  const saved = testInfo.outputPath('mapped.workbench');
  await download.saveAs(saved);
  await page.reload();
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', '0');
  await page.getByTestId('open-workbench-input').setInputFiles(saved);
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', String(half));

  // The second extract: no dialog, the saved mapping applied and said so, in the summary and after it.
  const today = new Date().toISOString().slice(0, 10);
  await page.getByTestId('import-files-input').setInputFiles(second);
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(dialog).toBeHidden();
  await expect(summary).toContainText(`force-export-2.csv: Column mapping saved on ${today} applied.`);
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText(formatGb(third - half));
  await summary.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('notice')).toContainText(`Column mapping saved on ${today} applied`);
  await page.getByTestId('import-files-input').setInputFiles(workbook);
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(dialog).toBeHidden();
  await expect(summary).toContainText(`force-export-3.xlsx: Column mapping saved on ${today} applied.`);
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText(formatGb(records.length - third));
  await summary.getByRole('button', { name: 'Close' }).click();
  expect(await recordCount(page)).toBe(records.length);
  const byType = new Map<string, number>();
  for (const r of records) byType.set(r.crime_type, (byType.get(r.crime_type) ?? 0) + 1);
  for (const [type, count] of byType) await expect(gridCell(page, type, '__total'), type).toHaveText(formatGb(count));
});
