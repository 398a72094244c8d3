/**
 * police.uk data has no dates or victims: the repeat screen says so plainly
 * instead of failing. A district extract gives the full view.
 */
import { csvDownloadText, expect, importThroughUi, monthFile, test, writeDistrictExtract } from './fixtures';

test('repeat and near-repeat explain what police.uk data lacks', async ({ offlinePage: page }, testInfo) => {
  await importThroughUi(page, [monthFile('2023-01')]);
  await page.getByTestId('tab-repeats').click();
  await expect(page.getByRole('tab', { name: 'Repeat victimisation' })).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('repeat-run').click();
  await expect(page.getByTestId('repeat-error')).toContainText('needs a district extract with dates');
  await expect(page.getByTestId('repeat-table')).toHaveCount(0);

  // The burglary type is chosen for the Knox test; police.uk gives months, not dates.
  await expect(page.getByTestId('near-repeat-crime-type')).toHaveValue('Burglary');
  await expect(page.getByTestId('near-repeat-permutations')).toHaveValue('999');
  await page.getByTestId('near-repeat-run').click();
  await expect(page.getByTestId('near-repeat-error')).toContainText('needs event dates');
  await page.screenshot({ path: testInfo.outputPath('repeats.png') });

  // Keyboard: the tabs move with the arrow keys.
  await page.getByTestId('tab-repeats').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('tab-flags')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('flags-panel')).toBeVisible();
});

test('district extract: year-on-year table, top victims with the personal-data warning, locations, Knox heatmap and near-repeat scatter', async ({ offlinePage: page }, testInfo) => {
  // A generated district extract with raw victim references, written where the file picker can read it.
  const { records: rows, file } = writeDistrictExtract(testInfo, { seed: 4, records: 40_000, districts: ['Mansfield', 'Gedling'] });
  const refs = [...new Set(rows.map((r) => r.victim_ref).filter((v) => v !== ''))];
  const leaked = (text: string): string[] => refs.filter((ref) => text.includes(ref));
  expect(await importThroughUi(page, [file])).toBe(rows.length);

  await page.getByTestId('tab-repeats').click();
  await page.getByTestId('repeat-group').selectOption('domestic');
  await page.getByTestId('repeat-run').click();
  const table = page.getByTestId('repeat-table');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  // No pivot months: the latest 12 months of data against the 12 before.
  await expect(page.getByTestId('repeat-period')).toContainText('Apr 2023 to Mar 2024 against the same months a year earlier (Apr 2022 to Mar 2023)');
  await expect(table.getByTestId('repeat-previous-rate').first()).toHaveText(/^\d+\.\d%$/);
  await expect(table.getByTestId('repeat-rate-change').first()).toHaveText(/^[+-−]?\d+\.\d$/);
  // A change in repeat victims to one decimal place, as every change in the app reads (not "+50%" beside "+86.7%").
  for (const text of await table.getByTestId('repeat-victims-change').allInnerTexts()) expect(text).toMatch(/^([+-−]\d[\d,]*\.\d%|0\.0%)?$/);
  await expect(page.getByTestId('repeat-histogram-canvas')).toHaveAttribute('data-title', 'Time to repeat: domestic abuse');

  // Most-repeated victims: pseudonyms only; selecting one shows their records.
  await page.getByTestId('top-count').fill('10');
  await page.getByTestId('top-run').click();
  const victims = page.getByTestId('top-victim');
  await expect(victims).toHaveCount(10);
  await victims.nth(1).click();
  const records = page.getByTestId('victim-records');
  await expect(records).toBeVisible();
  expect(await records.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
  await expect(records.locator('thead')).toContainText('ReferenceDateCrime typeDistrictWardRepeat');
  // Each record by the extract's own reference: a record of this victim in the file.
  const recordRefs = new Set(rows.map((r) => r.record_ref));
  for (const ref of await records.locator('tbody tr td:first-child').allInnerTexts()) expect(recordRefs.has(ref), ref).toBe(true);

  // Export warns first; Cancel exports nothing, confirming downloads the CSV.
  await page.getByTestId('top-export').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('This export contains personal data');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await page.getByTestId('top-export').click();
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export personal data' }).click()]);
  expect(download.suggestedFilename()).toBe('repeat-victims-domestic-personal-data.csv');
  const csv = (await csvDownloadText(download));
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toBe('victim_pseudonym,victim_records,victim_repeat_records,record_ref,date,crime_type,district,ward,repeat_record');
  expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(10);
  expect(lines.slice(1).every((l) => /^[0-9a-f]{32},/.test(l))).toBe(true);
  expect(leaked(csv)).toEqual([]);

  // Repeat locations.
  await page.getByTestId('locations-run').click();
  await expect(page.getByTestId('locations-table').locator('tbody tr')).toHaveCount(10);
  await expect(page.getByTestId('locations-summary')).toContainText('places were victimised again');

  // Near repeats: Knox heatmap and the scatter on the shared theme; then flag them on the pivot.
  await page.getByTestId('near-repeat-crime-type').selectOption('Burglary Dwelling');
  await page.getByTestId('near-repeat-permutations').fill('99');
  await page.getByTestId('near-repeat-run').click();
  await expect(page.getByTestId('near-repeat-share')).toContainText('within 200 m and 7 days');
  await expect(page.getByTestId('knox-chart-canvas')).toHaveAttribute('data-title', 'Knox ratios: Burglary Dwelling near repeats');
  await expect(page.getByTestId('near-repeat-scatter-canvas')).toHaveAttribute('data-title', 'Near repeats: Burglary Dwelling');
  await expect(page.getByTestId('near-repeat-scatter')).toBeVisible();
  await page.getByTestId('near-repeat-flag-pivot').click();
  await expect(page.getByTestId('near-repeat-flag-summary')).toContainText(/Pivot dimension Near repeat: \d+ Yes of \d+ assessed \(Burglary Dwelling/);
  // Flagging keeps the results on screen.
  await expect(page.getByTestId('knox-chart-canvas')).toHaveAttribute('data-title', 'Knox ratios: Burglary Dwelling near repeats');
  await page.screenshot({ path: testInfo.outputPath('repeats-district.png'), fullPage: true });

  // Nothing on screen shows a raw reference.
  expect(leaked(await page.content())).toEqual([]);
});
