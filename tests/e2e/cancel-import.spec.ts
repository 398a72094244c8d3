/** Cancel during a long import leaves the workbench exactly as it was. */
import { expect, importThroughUi, monthFile, recordCount, test } from './fixtures';

// Twelve months (~140,000 rows) take long enough that Cancel reliably lands mid-import.
const YEAR = ['2023-02', '2023-03', '2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12', '2024-01'].map(monthFile);

test('Cancel rolls the whole batch back', async ({ offlinePage: page }, testInfo) => {
  await importThroughUi(page, [monthFile('2023-01')]);
  const before = await recordCount(page);
  expect(before).toBeGreaterThan(0);
  const grandTotal = page.getByTestId('pivot-grid').locator('.ag-row-pinned .ag-cell[col-id="__total"]');
  const totalBefore = await grandTotal.innerText();

  await page.getByTestId('import-files-input').setInputFiles(YEAR);
  const progress = page.getByTestId('import-progress');
  await expect(progress).toBeVisible();
  // Wait until rows are actually being written, so the cancel exercises the rollback.
  await expect(progress).toContainText(/Importing file \d+ of 12/);
  await page.screenshot({ path: testInfo.outputPath('importing.png') });
  await progress.getByRole('button', { name: 'Cancel' }).click();

  // If the import had finished first, there would be a summary and no cancelled notice: the test fails.
  await expect(page.getByTestId('notice')).toHaveText('Import cancelled: the workbench is as it was.');
  await expect(progress).toBeHidden();
  await expect(page.getByTestId('import-summary')).toBeHidden();
  expect(await recordCount(page)).toBe(before);
  await expect(grandTotal).toHaveText(totalBefore);
  await expect(page.getByTestId('data-panel').locator('.import-entry')).toHaveCount(1);

  // The workbench still works after a cancel: a further import succeeds.
  const accepted = await importThroughUi(page, [monthFile('2023-02')]);
  expect(await recordCount(page)).toBe(before + accepted);
});
