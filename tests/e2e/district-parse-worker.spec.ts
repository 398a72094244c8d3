/**
 * A large district extract is read by the database worker's own parse
 * worker (a nested Web Worker from the app's files, allowed by the CSP) and
 * every record arrives: the count, the pivot's grand total and a re-import
 * (all duplicates) agree with the file.
 */
import { writeFileSync } from 'node:fs';
import { districtCsv, generateDistrictRecords } from '../../shared/generator';
import { expect, test } from './fixtures';

test('a 30,000-row force-wide district extract is read by the parse worker and every record arrives', async ({ offlinePage: page }, testInfo) => {
  const rows = [...generateDistrictRecords({ seed: 21, records: 30_000 })];
  const file = testInfo.outputPath('district-force.csv');
  writeFileSync(file, districtCsv(rows));
  await page.getByTestId('import-files-input').setInputFiles([file]);
  // Read by the parse worker, not by the database worker after a failed start.
  await expect(page.getByTestId('import-summary').locator('tbody tr')).toHaveAttribute('data-read-by', 'parse worker', { timeout: 90_000 });
  await page.getByTestId('import-summary').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', String(rows.length));
  const grandTotal = page.getByTestId('pivot-grid').locator('.ag-row-pinned .ag-cell[col-id="__total"]');
  await expect(grandTotal).toHaveText(new Intl.NumberFormat('en-GB').format(rows.length));

  // The same file again: nothing added, every row a duplicate.
  await page.getByTestId('import-files-input').setInputFiles([file]);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 90_000 });
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText('0');
  await expect(summary.getByTestId('summary-total-duplicate')).toHaveText(new Intl.NumberFormat('en-GB').format(rows.length));
});
