/**
 * Extracts whose header matches no layout at all: a district extract is
 * guessed from what its columns hold and mapped in the dialog (with the
 * value or the reject reason under each field) before its records reach the
 * pivot; Cancel changes nothing; a file of no recognisable kind asks for
 * the kind first.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, gridCell, layPivot, recordCount, splitCsvLine, test } from './fixtures';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/extracts');
/** No name here is a field name or an alias the workbench knows. */
const UNKNOWN_NAMES: Readonly<Record<string, string>> = {
  record_ref: 'Occ No.',
  record_type: 'Kind',
  committed_date: 'When',
  crime_type: 'What',
  offence_code: 'HOC',
  district: 'Patch',
  ward: 'Beat',
  lsoa_code: 'Small area',
  easting: 'E',
  northing: 'N',
  victim_ref: 'Person',
  victim_age: 'Years',
  victim_sex: 'M/F',
  domestic: 'Dom abuse',
  hate: 'Prejudice',
  alcohol: 'Drink?',
  asb_category: 'ASB kind',
};

/** The clean district fixture with every header renamed, and its rows read independently. */
function renamedDistrict(dir: string): { file: string; rows: Record<string, string>[] } {
  const [header = '', ...lines] = readFileSync(path.join(FIXTURES, 'district-clean.csv'), 'utf8').trim().split(/\r?\n/);
  const names = header.split(',');
  const file = path.join(dir, 'force-export-april.csv');
  writeFileSync(file, [names.map((h) => UNKNOWN_NAMES[h] ?? h).join(','), ...lines].join('\n') + '\n');
  const rows = lines.map((line) => Object.fromEntries(splitCsvLine(line).map((cell, i) => [names[i] ?? '', cell])));
  return { file, rows };
}

test('a district extract with a header of no known layout is mapped in the dialog and its records reach the pivot', async ({ offlinePage: page }, testInfo) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cawb-unknown-'));
  const { file, rows } = renamedDistrict(dir);
  const first = rows[0] ?? {};
  const dialog = page.getByTestId('column-mapping');

  // Cancel: nothing imported, nothing saved, the workbench not even marked changed.
  await page.getByTestId('import-files-input').setInputFiles(file);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('map-kind')).toHaveValue('district');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('notice')).toContainText('Import cancelled');
  expect(await recordCount(page)).toBe(0);
  await expect(page).toHaveTitle('Untitled.workbench — Crime Analyst Workbench');

  // Again: the mapping was not saved, so the dialog comes back, with the guess.
  await page.getByTestId('import-files-input').setInputFiles(file);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('mapping-guess')).toContainText('district names in column F (Patch)');
  await expect(dialog.getByTestId('mapping-preview').locator('tbody tr')).toHaveCount(rows.length);
  // Guessed from the contents: the required fields already point at the right columns, and say what they read.
  await expect(dialog.getByTestId('map-district')).toHaveValue('5');
  await expect(dialog.getByTestId('parsed-district')).toHaveText(`reads as: ${first.district ?? ''}`);
  await expect(dialog.getByTestId('parsed-crime_type')).toHaveText(`reads as: ${first.crime_type ?? ''}`);
  await expect(dialog.getByTestId('parsed-committed_date')).toHaveText('reads as: 2014-04-03, hour 22:00-22:59');
  await expect(dialog.getByTestId('parsed-record_ref')).toHaveText(`reads as: ${first.record_ref ?? ''}`);

  // A wrong choice says why the rows would be rejected, under that field only.
  await dialog.getByTestId('map-victim_age').selectOption({ label: 'F: Patch' });
  await expect(dialog.getByTestId('parsed-victim_age')).toContainText(`rejected: bad age "${first.district ?? ''}"`);
  await expect(dialog.getByTestId('parsed-district')).toHaveText(`reads as: ${first.district ?? ''} (same column as victim_age)`);
  await dialog.getByTestId('map-victim_age').selectOption({ label: 'L: Years' });
  await expect(dialog.getByTestId('parsed-victim_age')).toHaveText(`reads as: ${first.victim_age ?? ''}`);
  await dialog.getByTestId('map-ward').selectOption({ label: 'G: Beat' });
  await expect(dialog.getByTestId('parsed-ward')).toHaveText(`reads as: ${first.ward ?? ''}`);
  await page.screenshot({ path: testInfo.outputPath('unknown-layout-mapping.png') });
  await dialog.getByTestId('mapping-ok').click();

  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible();
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText(String(rows.length));
  await expect(summary).toContainText('Column mapping saved in this workbench');
  await summary.getByRole('button', { name: 'Close' }).click();
  expect(await recordCount(page)).toBe(rows.length);
  await expect(page).toHaveTitle('● Untitled.workbench — Crime Analyst Workbench');

  // The pivot (crime type by district) counts each row of the file in its cell.
  const expected = new Map<string, number>();
  for (const row of rows) expected.set(`${row.crime_type ?? ''}|${row.district ?? ''}`, (expected.get(`${row.crime_type ?? ''}|${row.district ?? ''}`) ?? 0) + 1);
  for (const [key, count] of expected) {
    const [crimeType = '', district = ''] = key.split('|');
    await expect(gridCell(page, crimeType, district)).toHaveText(String(count));
  }
  // Ward was mapped too: the pivot by ward has them.
  await layPivot(page, { rows: ['ward'], columns: ['district'] });
  await expect(gridCell(page, first.ward ?? '', '__total')).toHaveText(String(rows.filter((r) => r.ward === first.ward).length));
});

test('a file of no recognisable kind asks for the kind, then the columns', async ({ offlinePage: page }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cawb-kind-'));
  const [, ...lines] = readFileSync(path.join(FIXTURES, 'population-long.csv'), 'utf8').trim().split(/\r?\n/);
  const file = path.join(dir, 'people.csv');
  writeFileSync(file, ['Code,Place,Mid,Group,G,People', ...lines].join('\n') + '\n');
  const dialog = page.getByTestId('column-mapping');

  await page.getByTestId('import-files-input').setInputFiles(file);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('mapping-choose-kind')).toBeVisible();
  await expect(dialog.getByTestId('mapping-ok')).toBeDisabled();
  await dialog.getByTestId('map-kind').selectOption('population');
  await expect(dialog.getByTestId('map-area_name')).toBeVisible();
  await dialog.getByTestId('map-area_code').selectOption({ label: 'A: Code' });
  await dialog.getByTestId('map-area_name').selectOption({ label: 'B: Place' });
  await dialog.getByTestId('map-year').selectOption({ label: 'C: Mid' });
  await dialog.getByTestId('map-age_band').selectOption({ label: 'D: Group' });
  await dialog.getByTestId('map-sex').selectOption({ label: 'E: G' });
  await dialog.getByTestId('map-population').selectOption({ label: 'F: People' });
  await expect(dialog.getByTestId('parsed-area_name')).toHaveText('reads as: Mansfield');
  await expect(dialog.getByTestId('parsed-population')).toHaveText('reads as: 11000');
  await dialog.getByTestId('mapping-ok').click();

  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible();
  // Every data row is accounted for: the "twenty" year is the one reject.
  await expect(summary.getByTestId('summary-total-read')).toHaveText(String(lines.length));
  await expect(summary.getByTestId('summary-total-rejected')).toHaveText('1');
  await expect(summary.getByTestId('import-rejects')).toContainText('year');
  await summary.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('data-panel')).toContainText('people.csv');
});
