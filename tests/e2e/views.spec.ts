/** Saved views: save, change the pivot, reopen; rename, duplicate, delete; they survive save and reopen. */
import { downloadBytes, expect, gridCell, importThroughUi, layPivot, monthFile, readExtract, test } from './fixtures';

const FILE = monthFile('2023-01');

test('saved views restore the pivot and live in the workbench file', async ({ offlinePage: page }, testInfo) => {
  const rows = readExtract(FILE);
  const mansfield = rows.filter((r) => (r['LSOA name'] ?? '').startsWith('Mansfield '));
  const share = (mansfield.filter((r) => r['Crime type'] === 'Burglary').length / mansfield.length) * 100;
  const expected = `${new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share)}%`;
  await importThroughUi(page, [FILE]);

  // A pivot worth keeping: districts down, crime types across, % of row, one month, bar chart.
  await layPivot(page, { rows: ['district'], columns: ['crime_type'] });
  await page.getByLabel('Measure', { exact: true }).selectOption('share_row');
  await page.getByTestId('range-from').fill('2023-01');
  await page.getByLabel('Chart', { exact: true }).selectOption('bar');
  await expect(gridCell(page, 'Mansfield', 'Burglary')).toHaveText(expected);
  await page.getByTestId('view-name').fill('Districts by type');
  await page.getByTestId('view-save').click();
  const views = page.getByTestId('views-panel');
  await expect(views.getByTestId('view-entry')).toHaveCount(1);

  // Change everything, then reopen the view: the same spec and the same figures.
  await layPivot(page, { rows: ['crime_type'], columns: ['month'] });
  await page.getByLabel('Measure', { exact: true }).selectOption('count');
  await page.getByLabel('Chart', { exact: true }).selectOption('line');
  await expect(gridCell(page, 'Mansfield', 'Burglary')).toHaveCount(0);
  await views.getByRole('button', { name: 'Districts by type', exact: true }).click();
  await expect(page.getByTestId('pivot-zone-rows')).toHaveAttribute('data-fields', 'district');
  await expect(page.getByTestId('pivot-zone-columns')).toHaveAttribute('data-fields', 'crime_type');
  await expect(page.getByLabel('Measure', { exact: true })).toHaveValue('share_row');
  await expect(page.getByLabel('Chart', { exact: true })).toHaveValue('bar');
  await expect(page.getByTestId('range-from')).toHaveValue('2023-01');
  await expect(gridCell(page, 'Mansfield', 'Burglary')).toHaveText(expected);

  // Duplicate, rename the copy, delete the original.
  await views.getByRole('button', { name: 'Duplicate Districts by type' }).click();
  await expect(views.getByTestId('view-entry')).toHaveCount(2);
  await views.getByRole('button', { name: 'Rename Districts by type (copy)' }).click();
  await views.getByLabel('New name for Districts by type (copy)').fill('Burglary share');
  await views.getByRole('button', { name: 'OK' }).click();
  await expect(views.getByTestId('view-entry').nth(0)).toHaveAttribute('data-name', 'Burglary share');
  await views.getByRole('button', { name: 'Delete Districts by type' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(views.getByTestId('view-entry')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('views.png') });

  // Save the workbench, start again, open it: the view is still there and still restores the pivot.
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('toolbar-save').click()]);
  const savedPath = testInfo.outputPath('views.workbench');
  await saved.saveAs(savedPath);
  expect((await downloadBytes(saved)).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
  await page.reload();
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', '0');
  await expect(views.getByTestId('view-entry')).toHaveCount(0);
  await page.getByTestId('open-workbench-input').setInputFiles(savedPath);
  await expect(views.getByTestId('view-entry')).toHaveCount(1);
  await views.getByRole('button', { name: 'Burglary share', exact: true }).click();
  await expect(page.getByLabel('Measure', { exact: true })).toHaveValue('share_row');
  await expect(gridCell(page, 'Mansfield', 'Burglary')).toHaveText(expected);
});
