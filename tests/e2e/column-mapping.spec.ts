/**
 * Column mapping: a district extract whose headers the workbench does not
 * know asks for a mapping; the mapped import fills the pivot, and the next
 * file with the same header imports without asking.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvDownloadText, dataRowCount, expect, gridCell, recordCount, splitCsvLine, test } from './fixtures';

const CLEAN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/extracts/district-clean.csv');
const RENAMED = { record_ref: 'Ref No', committed_date: 'When', crime_type: 'What', district: 'Area' } as const;

/** district-clean.csv with four headers renamed; `refPrefix` keeps the second file's references distinct. */
function writeExtract(dir: string, name: string, refPrefix: string): string {
  const [header = '', ...rows] = readFileSync(CLEAN, 'utf8').trim().split(/\r?\n/);
  const renamed = header.split(',').map((h) => (h in RENAMED ? RENAMED[h as keyof typeof RENAMED] : h));
  const file = path.join(dir, name);
  writeFileSync(file, [renamed.join(','), ...rows.map((row) => `${refPrefix}${row}`)].join('\n') + '\n');
  return file;
}

test('an extract with unknown headers is mapped once, then imported automatically', async ({ offlinePage: page }, testInfo) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cawb-mapping-'));
  const first = writeExtract(dir, 'district-renamed.csv', '');
  const second = writeExtract(dir, 'district-renamed-2.csv', 'B');
  const rows = dataRowCount(first);

  await page.getByTestId('import-files-input').setInputFiles(first);
  const dialog = page.getByTestId('column-mapping');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('mapping-preview').locator('tbody tr')).toHaveCount(rows);
  // No header name is known: the columns are guessed from what they hold, for the analyst to check.
  await expect(dialog.getByTestId('mapping-guess')).toBeVisible();
  await expect(dialog.getByTestId('map-district')).toHaveValue('5');
  await dialog.getByTestId('map-district').selectOption({ label: '— not in this file —' });
  await expect(dialog.getByTestId('mapping-ok')).toBeDisabled();

  // Cancel leaves the workbench unchanged.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('notice')).toContainText('Import cancelled');
  expect(await recordCount(page)).toBe(0);

  await page.getByTestId('import-files-input').setInputFiles(first);
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('map-record_ref').selectOption({ label: 'A: Ref No' });
  await dialog.getByTestId('map-committed_date').selectOption({ label: 'C: When' });
  await dialog.getByTestId('map-crime_type').selectOption({ label: 'D: What' });
  await dialog.getByTestId('map-district').selectOption({ label: 'F: Area' });
  // The value each mapped field is read as, from the first row.
  await expect(dialog.getByTestId('parsed-committed_date')).toHaveText('reads as: 2014-04-03, hour 22:00-22:59');
  await expect(dialog.getByTestId('parsed-district')).toHaveText('reads as: Mansfield');
  await page.screenshot({ path: testInfo.outputPath('column-mapping.png') });
  await dialog.getByTestId('mapping-ok').click();

  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible();
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText(String(rows));
  await summary.getByRole('button', { name: 'Close' }).click();
  expect(await recordCount(page)).toBe(rows);
  await expect(gridCell(page, 'Violence with injury', '__total')).toHaveText('1');
  // The record behind it, as the analyst looks it up in the source system: the extract's reference and fields, no victim.
  await gridCell(page, 'Violence with injury', '__total').dblclick();
  const drill = page.getByTestId('drill-dialog');
  await expect(drill.getByTestId('drill-total')).toHaveAttribute('data-count', '1');
  await expect(drill.getByRole('gridcell', { name: '14000123/14' })).toBeVisible();
  // The grid scrolls across the rest; the export has every field.
  const [download] = await Promise.all([page.waitForEvent('download'), drill.getByTestId('drill-export').click()]);
  const lines = (await csvDownloadText(download)).trim().split('\r\n').map(splitCsvLine);
  const header = lines.findIndex((l) => l[0] === 'Reference');
  const exported = Object.fromEntries((lines[header] ?? []).map((name, i) => [name, lines[header + 1]?.[i] ?? '']));
  expect(lines.length - header - 1).toBe(1);
  expect(exported).toMatchObject({ Reference: '14000123/14', Date: '2014-04-03', Time: '22:00-22:59', Ward: 'Portland', 'Victim age band': '18-24', 'Victim sex': 'F', Domestic: 'Y', Alcohol: 'Y', 'Offence code': '008/01', Easting: '453120' });
  expect(lines.flat().join(',')).not.toContain('NOM-88213');
  await expect(drill).not.toContainText('NOM-88213');
  await drill.getByRole('button', { name: 'Close' }).click();
  await expect(drill).toBeHidden();

  // Same header again: no dialog, the saved mapping is applied and said so.
  await page.getByTestId('import-files-input').setInputFiles(second);
  await expect(summary).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(summary).toContainText('Column mapping saved on');
  await summary.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('notice')).toContainText('Column mapping saved on');
  expect(await recordCount(page)).toBe(rows * 2);
});
