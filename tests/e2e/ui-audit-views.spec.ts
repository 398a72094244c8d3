/**
 * Acceptance audit, saved views beyond views.spec.ts: a view holding nested
 * columns, a Flags filter, a value filter, a month range, a sort on the row
 * labels and the heatmap chart; its duplicate and the renamed duplicate keep
 * all of it, through saving the workbench and opening it again. Figures are
 * counted here from the generated records.
 */
import type { Page } from '@playwright/test';
import { expect, filterBy, gridCell, importThroughUi, layPivot, test, writeDistrictExtract } from './fixtures';
import { readGrid } from './ui-audit-grid';

const DISTRICTS = ['Ashfield', 'Gedling', 'Mansfield'];
const COUNT = new Intl.NumberFormat('en-GB');

async function expectRestored(page: Page, expected: { ashfieldAprilToJune: string; order: string[] }): Promise<void> {
  await expect(page.getByTestId('pivot-zone-rows')).toHaveAttribute('data-fields', 'district');
  await expect(page.getByTestId('pivot-zone-columns')).toHaveAttribute('data-fields', 'fin_year,quarter');
  await expect(page.getByTestId('pivot-zone-filters')).toHaveAttribute('data-fields', 'domestic,district');
  await expect(page.getByTestId('flag-domestic')).toHaveValue('Yes');
  await expect(page.getByTestId('pivot-measure')).toHaveValue('count');
  await expect(page.getByTestId('pivot-chart')).toHaveValue('heatmap');
  await expect(page.getByTestId('range-from')).toHaveValue('2021-04');
  await expect(page.getByTestId('range-to')).toHaveValue('2022-03');
  await expect(page.getByTestId('sort-__row')).toHaveAttribute('data-sort', 'desc');
  await expect(gridCell(page, 'Ashfield', '2021/22 / 2021-Q2')).toHaveText(expected.ashfieldAprilToJune);
  await expect.poll(async () => (await readGrid(page)).map((l) => l.id)).toEqual(expected.order);
  // The heatmap chart colours the body cells.
  await expect(gridCell(page, 'Mansfield', '2021/22 / 2021-Q2')).not.toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
}

test('a view with nested columns, flags, filters, range, label sort and heatmap survives duplicate, rename, save and reopen', async ({ offlinePage: page }, testInfo) => {
  const { records, file } = writeDistrictExtract(testInfo, { seed: 9, records: 16_000, districts: [...DISTRICTS, 'Bassetlaw'] });
  await importThroughUi(page, [file]);
  const month = (committed: string): string => `${committed.slice(6, 10)}-${committed.slice(3, 5)}`;
  const aprilToJune = records.filter((r) => r.district === 'Ashfield' && r.domestic === 'Y' && month(r.committed_date) >= '2021-04' && month(r.committed_date) <= '2021-06').length;
  expect(aprilToJune).toBeGreaterThan(0);

  await layPivot(page, { rows: ['district'], columns: ['fin_year', 'quarter'] });
  await page.getByTestId('flag-domestic').selectOption('Yes');
  await filterBy(page, 'district', DISTRICTS);
  await page.getByTestId('range-from').fill('2021-04');
  await page.getByTestId('range-to').fill('2022-03');
  await page.getByTestId('pivot-chart').selectOption('heatmap');
  // Row labels sort A to Z first, then Z to A.
  await page.getByTestId('sort-__row').click();
  await page.getByTestId('sort-__row').click();
  const expected = { ashfieldAprilToJune: COUNT.format(aprilToJune), order: [...[...DISTRICTS].reverse(), '__total'] };
  await expectRestored(page, expected);
  const views = page.getByTestId('views-panel');
  await page.getByTestId('view-name').fill('Domestic by quarter');
  await page.getByTestId('view-save').click();
  await expect(views.getByTestId('view-entry')).toHaveCount(1);

  // Duplicate, then rename the copy; the original goes.
  await views.getByRole('button', { name: 'Duplicate Domestic by quarter' }).click();
  await views.getByRole('button', { name: 'Rename Domestic by quarter (copy)' }).click();
  await views.getByLabel('New name for Domestic by quarter (copy)').fill('Domestic, Z to A');
  await views.getByRole('button', { name: 'OK' }).click();
  await views.getByRole('button', { name: 'Delete Domestic by quarter' }).click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(views.getByTestId('view-entry')).toHaveCount(1);
  await expect(views.getByTestId('view-entry').first()).toHaveAttribute('data-name', 'Domestic, Z to A');

  // Save, start afresh (every setting back to its default), reopen, open the renamed copy.
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('toolbar-save').click()]);
  const savedPath = testInfo.outputPath('views-audit.workbench');
  await saved.saveAs(savedPath);
  await page.reload();
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', '0');
  await page.getByTestId('open-workbench-input').setInputFiles(savedPath);
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', String(records.length));
  await expect(page.getByTestId('flag-domestic')).toHaveValue('any');
  await views.getByRole('button', { name: 'Domestic, Z to A', exact: true }).click();
  await expectRestored(page, expected);
});
