/**
 * Drill-through, sorted: a column header orders every record behind the
 * cell (not only the page on show), page after page, and the export keeps
 * the order and lists the extract's own references.
 */
import { csvDownloadText, expect, gridCell, importThroughUi, layPivot, splitCsvLine, test, writeDistrictExtract } from './fixtures';

test('a drill-through sorted by date, newest first, over every page, and exported in that order', async ({ offlinePage: page }, testInfo) => {
  const { records, file } = writeDistrictExtract(testInfo, { seed: 4, records: 20_000, districts: ['Gedling'] });
  await importThroughUi(page, [file]);
  await layPivot(page, { rows: ['crime_type'], columns: ['district'] });
  const behind = records.filter((r) => r.crime_type === 'Violence without injury' && r.district === 'Gedling');
  // More than a page of 100, so the sort must reach records the first page did not hold.
  expect(behind.length).toBeGreaterThan(100);
  const cell = gridCell(page, 'Violence without injury', 'Gedling');
  await cell.dblclick();
  const dialog = page.getByTestId('drill-dialog');
  await expect(dialog.getByTestId('drill-total')).toHaveAttribute('data-count', String(behind.length));

  // dd/mm/yyyy[ hh:mm] as the grid writes it.
  const isoDate = (uk: string): string => {
    const [d, m, y] = (uk.split(' ')[0] ?? '').split('/');
    return `${y}-${m}-${d}`;
  };
  const newest = behind.map((r) => isoDate(r.committed_date)).sort().at(-1);
  const dateHeader = dialog.locator('.ag-header-cell[col-id="date"]');
  await dateHeader.click();
  await dateHeader.click();
  await expect(dateHeader).toHaveAttribute('aria-sort', 'descending');
  const firstRow = dialog.locator('.ag-row[row-index="0"]');
  await expect(firstRow.locator('[col-id="date"]')).toHaveText(newest ?? '');
  await expect(dialog.getByTestId('drill-range')).toHaveText(`1–100 of ${behind.length}`);

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('drill-export').click()]);
  const lines = (await csvDownloadText(download)).trim().split('\r\n').map(splitCsvLine);
  const at = lines.findIndex((l) => l[0] === 'Reference');
  const header = lines[at] ?? [];
  const body = lines.slice(at + 1);
  expect(body).toHaveLength(behind.length);
  const dates = body.map((cells) => cells[header.indexOf('Date')] ?? '');
  expect(dates).toEqual([...dates].sort().reverse());
  expect(body.map((cells) => cells[0]).sort()).toEqual(behind.map((r) => r.record_ref).sort());
  // The grid's first row is the file's.
  await expect(firstRow.locator('[col-id="reference"]')).toHaveText(body[0]?.[0] ?? '');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
