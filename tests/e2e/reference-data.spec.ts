/**
 * Reference data from the Data panel: moving a crime type to another
 * offence group moves its records in the pivot by offence group; a new
 * victim age band set re-bands the records (a gap is refused with its
 * reason first); both mark the workbench changed and survive save/reopen.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadBytes, expect, gridCell, importThroughUi, layPivot, readExtract, test } from './fixtures';

const CLEAN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/extracts/district-clean.csv');

test('offence groups and age bands edited in Reference data change the pivot, and are saved in the workbench', async ({ offlinePage: page }, testInfo) => {
  const rows = readExtract(CLEAN);
  const damage = rows.filter((r) => r.crime_type === 'Criminal damage').length;
  const publicOrder = rows.filter((r) => r.crime_type === 'Public order').length;
  expect(damage).toBeGreaterThan(0);
  expect(await importThroughUi(page, [CLEAN])).toBe(rows.length);

  await layPivot(page, { rows: ['offence_group'], columns: ['district'] });
  await expect(gridCell(page, 'Criminal damage and arson', '__total')).toHaveText(String(damage));

  // Criminal damage -> Public order.
  await page.getByTestId('open-reference-data').click();
  const dialog = page.getByTestId('reference-data');
  await expect(dialog).toBeVisible();
  const table = dialog.getByTestId('offence-group-table');
  await expect(table.locator('tbody tr')).toHaveCount(new Set(rows.map((r) => r.crime_type)).size);
  const select = dialog.getByLabel('Offence group of Criminal damage', { exact: true });
  await expect(select).toHaveValue('Criminal damage and arson');
  await select.selectOption('Public order');
  await expect(select).toHaveValue('Public order');
  await expect(page.getByTestId('notice')).toContainText('Criminal damage is now in Public order');

  // Age bands: a gap is refused with its reason; a whole set is saved.
  await dialog.getByTestId('reference-tab-age-bands').click();
  const bands = dialog.getByTestId('age-band-table');
  await expect(bands.locator('tbody tr')).toHaveCount(8); // 7 bands and Unknown
  // Down to three bands: 0-29, 30-59, 60+.
  for (let i = 0; i < 4; i++) await dialog.getByRole('button', { name: 'Remove band 2' }).click();
  await dialog.getByTestId('band-0-to').fill('29');
  await dialog.getByTestId('band-1-from').fill('32');
  await dialog.getByTestId('band-1-to').fill('59');
  await dialog.getByTestId('band-2-from').fill('60');
  await expect(dialog.getByTestId('age-band-error')).toHaveText('Ages 30-31 are in no band: 0-29 ends at 29 and 32-59 starts at 32.');
  await expect(dialog.getByTestId('save-age-bands')).toBeDisabled();
  await dialog.getByTestId('band-1-from').fill('30');
  await expect(dialog.getByTestId('age-band-error')).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath('age-bands.png') });
  await dialog.getByTestId('save-age-bands').click();
  await expect(page.getByTestId('notice')).toContainText('Victim age bands are now 0-29, 30-59, 60+, Unknown');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // The pivot by offence group followed the change.
  await expect(gridCell(page, 'Public order', '__total')).toHaveText(String(publicOrder + damage));
  await expect(gridCell(page, 'Criminal damage and arson', '__total')).toHaveCount(0);
  await expect(page).toHaveTitle('● Untitled.workbench — Crime Analyst Workbench');

  // Age bands counted from the extract's ages, independently.
  const band = (age: string): string => (age === '' ? 'Unknown' : Number(age) <= 29 ? '0-29' : Number(age) <= 59 ? '30-59' : '60+');
  const expected = new Map<string, number>();
  for (const row of rows) expected.set(band(row.victim_age ?? ''), (expected.get(band(row.victim_age ?? '')) ?? 0) + 1);
  await layPivot(page, { rows: ['age_band'], columns: ['district'] });
  for (const [name, count] of expected) await expect(gridCell(page, name, '__total')).toHaveText(String(count));
  await expect(gridCell(page, '18-24', '__total')).toHaveCount(0);

  // Saved and opened again: the same bands and groups.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('toolbar-save').click()]);
  expect((await downloadBytes(download)).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
  const savedPath = testInfo.outputPath('reference.workbench');
  await download.saveAs(savedPath);
  await page.reload();
  await page.getByTestId('open-workbench-input').setInputFiles(savedPath);
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', String(rows.length));
  await layPivot(page, { rows: ['age_band'], columns: ['district'] });
  for (const [name, count] of expected) await expect(gridCell(page, name, '__total')).toHaveText(String(count));
  await layPivot(page, { rows: ['offence_group'], columns: ['district'] });
  await expect(gridCell(page, 'Public order', '__total')).toHaveText(String(publicOrder + damage));
  await page.getByTestId('open-reference-data').click();
  await expect(page.getByTestId('reference-data').getByLabel('Offence group of Criminal damage', { exact: true })).toHaveValue('Public order');
});
