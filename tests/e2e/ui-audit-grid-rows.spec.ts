/**
 * Acceptance audit, the grid's rows: Hide empty rows hides the months with
 * no records on screen and in the export (which, like the grid, has no Total
 * column when nothing is in Columns), and the row headers stay pinned while
 * a wide pivot scrolls.
 */
import { csvDownloadText, expect, filterBy, gridCell, importThroughUi, layPivot, monthFile, readExtract, splitCsvLine, test } from './fixtures';

/** The district as police.uk's LSOA name gives it (the workbench's own words for Nottingham and for no LSOA). */
function districtOf(row: Record<string, string>): string {
  const name = (row['LSOA name'] ?? '').replace(/ \w+$/, '');
  return name === '' ? 'Unknown district' : name === 'Nottingham' ? 'Nottingham City' : name;
}

function csvLines(text: string): string[][] {
  return text.trim().split('\r\n').map(splitCsvLine);
}

test('hide empty rows hides months with no records on screen and in the export; row headers stay pinned as columns scroll', async ({ offlinePage: page }, testInfo) => {
  const months = ['2023-01', '2023-02', '2024-01', '2024-02'];
  const rows = months.flatMap((m) => readExtract(monthFile(m)));
  await importThroughUi(
    page,
    months.map((m) => monthFile(m)),
  );
  // Months down for Mansfield: the months between the extracts are zeros until hidden.
  await layPivot(page, { rows: ['month'], columns: [] });
  await filterBy(page, 'district', ['Mansfield']);
  const mansfield = (month: string): number => rows.filter((r) => r.Month === month && districtOf(r) === 'Mansfield').length;
  await expect(gridCell(page, '2023-03', 'value')).toHaveText('0');
  const exportRows = async (): Promise<string[][]> => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-csv').click()]);
    const lines = csvLines(await csvDownloadText(csv));
    return lines.slice(lines.findIndex((l) => l[0] === 'Month') + 1, -1);
  };
  // 2023-01 to 2024-02: fourteen months shown, ten of them empty.
  expect((await exportRows()).map((l) => l[0])).toHaveLength(14);
  await page.getByTestId('toggle-hidesEmptyRows').check();
  await expect(gridCell(page, '2023-03', 'value')).toHaveCount(0);
  await expect(gridCell(page, '2024-02', 'value')).toHaveText(new Intl.NumberFormat('en-GB').format(mansfield('2024-02')));
  expect(await exportRows()).toEqual(months.map((m) => [m, String(mansfield(m))]));
  await page.getByTestId('toggle-hidesEmptyRows').uncheck();
  await expect(gridCell(page, '2023-03', 'value')).toHaveText('0');

  // Crime types by month: wider than the grid. Scrolled to the far right, the row labels are still where they were.
  await layPivot(page, { rows: ['crime_type'], columns: ['month'] });
  await page.getByTestId('pivot-zone-filters').getByRole('button', { name: 'Remove District from Filters' }).click();
  const label = gridCell(page, 'Burglary', '__row');
  await expect(label).toHaveText('Burglary');
  const before = await label.boundingBox();
  await expect(page.getByTestId('pivot-grid').locator('.ag-row[row-id="Burglary"] .ag-grid-pinned-left-cells .ag-cell[col-id="__row"]')).toHaveCount(1);
  // AG Grid 36 scrolls rows and header together in one viewport; the pinned cells stay put within it.
  const viewport = page.getByTestId('pivot-grid').locator('.ag-grid-viewport');
  const scrolled = await viewport.evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
    return el.scrollWidth > el.clientWidth;
  });
  expect(scrolled, 'fourteen months are wider than the grid').toBe(true);
  await expect(gridCell(page, 'Burglary', '__total')).toBeInViewport();
  const after = await label.boundingBox();
  expect(after?.x).toBe(before?.x);
  await expect(label).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath('pinned-row-headers.png') });
});
