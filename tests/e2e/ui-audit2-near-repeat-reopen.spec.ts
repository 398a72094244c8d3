/**
 * Acceptance audit 2, the near-repeat flags through save and reopen: after
 * a refill at 150 m the reopened workbench's form starts at 150 m, and a
 * line says what the flags are (crime type, distance, days, the day they
 * were refilled), with the same counts the refill reported before saving.
 */
import { expect, importThroughUi, test, writeDistrictExtract } from './fixtures';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

test('near-repeat flags refilled at 150 m reopen at 150 m with a line saying what they are', async ({ offlinePage: page }, testInfo) => {
  const { records, file } = writeDistrictExtract(testInfo, { seed: 31, records: 6_000, districts: ['Mansfield'] });
  await importThroughUi(page, [file]);
  await page.getByTestId('tab-repeats').click();
  // Before any refill: the defaults, filled on import.
  const line = page.getByTestId('near-repeat-flag-settings');
  await expect(line).toContainText('within 200 m and 7 days, the defaults, filled on import');
  await expect(page.getByTestId('near-repeat-flagSpace')).toHaveValue('200');

  await page.getByTestId('near-repeat-crime-type').selectOption('Burglary Dwelling');
  await page.getByTestId('near-repeat-permutations').fill('19');
  await page.getByTestId('near-repeat-flagSpace').fill('150');
  await page.getByTestId('near-repeat-run').click();
  await expect(page.getByTestId('near-repeat-share')).toContainText('within 150 m and 7 days');
  await page.getByTestId('near-repeat-flag-pivot').click();
  const summary = page.getByTestId('near-repeat-flag-summary');
  await expect(summary).toContainText('within 150 m and 7 days');
  const [, yes, assessed] = /: ([\d,]+) Yes of ([\d,]+) assessed/.exec(await summary.innerText()) ?? [];
  expect(yes).toBeDefined();
  const today = new Date().toISOString();
  const day = `${Number(today.slice(8, 10))} ${MONTHS[Number(today.slice(5, 7)) - 1] ?? ''} ${today.slice(0, 4)}`;
  const expected = `Near repeat flags: Burglary Dwelling, within 150 m and 7 days, refilled ${day} (${yes ?? ''} Yes of ${assessed ?? ''} assessed).`;
  await expect(line).toContainText(expected);

  // Save, start afresh (the form back to 200 m), reopen.
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('toolbar-save').click()]);
  const savedPath = testInfo.outputPath('near-repeat-150.workbench');
  await saved.saveAs(savedPath);
  await page.reload();
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', '0');
  await page.getByTestId('open-workbench-input').setInputFiles(savedPath);
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', String(records.length));
  await page.getByTestId('tab-repeats').click();
  await expect(line).toContainText(expected);
  await expect(page.getByTestId('near-repeat-flagSpace')).toHaveValue('150');
  await expect(page.getByTestId('near-repeat-flagDays')).toHaveValue('7');
  await expect(page.getByTestId('near-repeat-crime-type')).toHaveValue('Burglary Dwelling');
  await page.screenshot({ path: testInfo.outputPath('near-repeat-reopen.png'), fullPage: true });

  // Switching tabs keeps the analyst's edits to the form.
  await page.getByTestId('near-repeat-flagSpace').fill('120');
  await page.getByTestId('tab-pivot').click();
  await page.getByTestId('tab-repeats').click();
  await expect(page.getByTestId('near-repeat-flagSpace')).toHaveValue('120');
});
