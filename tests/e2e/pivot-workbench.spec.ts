/**
 * The pivot workbench: heatmap, small counts as "<5" (on screen and in the
 * export), nested rows with subtotals, and drill-through to the records
 * behind a cell, page by page.
 */
import {
  csvDownloadText,
  expect,
  filterBy,
  formatGb,
  gridCell,
  importThroughUi,
  layPivot,
  monthFile,
  readExtract,
  splitCsvLine,
  test,
} from './fixtures';

// Two months: enough burglaries in Mansfield (over 100) to page through.
const FILES = [monthFile('2023-01'), monthFile('2023-02')];

function districtOf(row: Record<string, string>): string {
  return (row['LSOA name'] ?? '').replace(/ \w+$/, '');
}

test('heatmap, small counts, nested rows and drill-through', async ({ offlinePage: page }, testInfo) => {
  const rows = FILES.flatMap(readExtract);
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = `${row['Crime type'] ?? ''}|${districtOf(row)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const burglaryMansfield = counts.get('Burglary|Mansfield') ?? 0;
  expect(burglaryMansfield).toBeGreaterThan(100);
  const small = [...counts.entries()].find(([, n]) => n > 0 && n < 5);
  expect(small, 'the extracts have a small count to hide').toBeDefined();
  const [smallType = '', smallDistrict = ''] = (small?.[0] ?? '').split('|');
  await importThroughUi(page, FILES);

  // Heatmap: a colour-scaled background on body cells, off again when unticked.
  const cell = gridCell(page, 'Burglary', 'Mansfield');
  await expect(cell).toHaveText(formatGb(burglaryMansfield));
  await page.getByTestId('toggle-isHeatmap').check();
  await expect(cell).toHaveCSS('background-color', /^rgb\(/);
  const heated = await cell.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(heated).not.toBe('rgba(0, 0, 0, 0)');
  await page.screenshot({ path: testInfo.outputPath('pivot-heatmap.png') });
  await page.getByTestId('toggle-isHeatmap').uncheck();

  // Small counts: off by default; on, the grid and the CSV show "<5" (the CSV under disclosure control, which its header says).
  const smallCell = gridCell(page, smallType, smallDistrict);
  await expect(smallCell).toHaveText(String(small?.[1]));
  await page.getByTestId('toggle-showsSmallCounts').check();
  await expect(smallCell).toHaveText('<5');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-csv').click()]);
  const lines = (await csvDownloadText(csv)).trim().split('\r\n').map(splitCsvLine);
  expect(lines.some((l) => (l[0] ?? '').startsWith('Disclosure control: counts from 1 to 4 are shown as <5; [c] marks figures withheld'))).toBe(true);
  const header = lines.find((l) => l[0] === 'Crime type') ?? [];
  expect((lines.find((l) => l[0] === smallType) ?? [])[header.indexOf(smallDistrict)]).toBe('<5');
  await page.getByTestId('toggle-showsSmallCounts').uncheck();

  // Drill-through: the records behind Burglary x Mansfield, as many as the cell says, 100 a page.
  await cell.dblclick();
  const dialog = page.getByTestId('drill-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('drill-total')).toHaveAttribute('data-count', String(burglaryMansfield));
  await expect(dialog.getByTestId('drill-range')).toHaveText(`1–100 of ${formatGb(burglaryMansfield)}`);
  await expect(dialog.locator('.ag-row')).not.toHaveCount(0);
  await dialog.getByTestId('drill-next').click();
  await expect(dialog.getByTestId('drill-range')).toHaveText(`101–${Math.min(200, burglaryMansfield)} of ${formatGb(burglaryMansfield)}`);
  await expect(dialog.locator('.ag-row .ag-cell[col-id="crimeType"]').first()).toHaveText('Burglary');
  await expect(dialog.locator('.ag-row .ag-cell[col-id="district"]').first()).toHaveText('Mansfield');
  await page.screenshot({ path: testInfo.outputPath('drill-through.png') });
  await dialog.getByTestId('drill-previous').click();
  await expect(dialog.getByTestId('drill-range')).toHaveText(`1–100 of ${formatGb(burglaryMansfield)}`);
  const [records] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('drill-export').click()]);
  const recordLines = (await csvDownloadText(records)).trim().split('\r\n').map(splitCsvLine);
  expect(recordLines.map((l) => l[0])).toContain(`Records behind: Burglary × Mansfield (${formatGb(burglaryMansfield)} records)`);
  expect(recordLines.some((l) => (l[0] ?? '').includes('victims are not identified'))).toBe(true);
  const recordHeader = recordLines.findIndex((l) => l[0] === 'Reference');
  expect(recordLines.length - recordHeader - 1).toBe(burglaryMansfield);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // A total cell drills too: the Mansfield column total.
  const mansfieldTotal = rows.filter((r) => districtOf(r) === 'Mansfield').length;
  await page.getByTestId('pivot-grid').locator('.ag-row-pinned .ag-cell[col-id="Mansfield"]').dblclick();
  await expect(dialog.getByTestId('drill-total')).toHaveAttribute('data-count', String(mansfieldTotal));
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Nested rows: district, then crime type: group rows carry subtotals, children sit beneath.
  await layPivot(page, { rows: ['district', 'crime_type'], columns: [] });
  // Two districts keep every row within the grid's rendered window.
  await filterBy(page, 'district', ['Ashfield', 'Mansfield']);
  await expect(gridCell(page, 'group:Ashfield', '__row').locator('.row-label')).toHaveText('Ashfield');
  await expect(gridCell(page, 'group:Mansfield', 'value')).toHaveText(formatGb(mansfieldTotal));
  await expect(gridCell(page, 'Mansfield / Burglary', 'value')).toHaveText(formatGb(burglaryMansfield));
  await expect(gridCell(page, 'Mansfield / Burglary', '__row')).toHaveText('Burglary');
  await page.screenshot({ path: testInfo.outputPath('pivot-nested.png') });
  // Collapsing a group hides its rows but keeps its subtotal.
  await page.getByRole('button', { name: 'Collapse Mansfield' }).click();
  await expect(gridCell(page, 'Mansfield / Burglary', 'value')).toHaveCount(0);
  await expect(gridCell(page, 'group:Mansfield', 'value')).toHaveText(formatGb(mansfieldTotal));
});
