/**
 * Acceptance audit, drill-through of the window measures: a financial year
 * to date or rolling 12 months cell counts the records of several months,
 * so its drill-through lists all of them, as many as the cell shows (it
 * listed only the cell's own month). Counted here from the extracts.
 */
import type { Page } from '@playwright/test';
import { csvDownloadText, expect, filterBy, gridCell, importThroughUi, layPivot, monthFile, readExtract, splitCsvLine, test } from './fixtures';

const MONTHS = ['2023-01', '2023-02', '2023-03', '2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12'];
const COUNT = new Intl.NumberFormat('en-GB');

async function drilledMonths(page: Page, cell: ReturnType<typeof gridCell>, expected: number): Promise<string[]> {
  await cell.dblclick();
  const dialog = page.getByTestId('drill-dialog');
  await expect(dialog.getByTestId('drill-total')).toHaveAttribute('data-count', String(expected));
  // The dialog's own account of the cell agrees with the list.
  await expect(dialog).toContainText(`(the cell shows ${COUNT.format(expected)})`);
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('drill-export').click()]);
  const lines = (await csvDownloadText(download)).trim().split('\r\n').map(splitCsvLine);
  const at = lines.findIndex((l) => l[0] === 'Reference');
  const month = (lines[at] ?? []).indexOf('Month');
  const body = lines.slice(at + 1);
  expect(body).toHaveLength(expected);
  await dialog.getByRole('button', { name: 'Close' }).click();
  return [...new Set(body.map((cells) => cells[month] ?? ''))].sort();
}

test('drill-through of financial year to date and rolling 12 months cells lists the whole window', async ({ offlinePage: page }) => {
  test.setTimeout(240_000);
  const rows = MONTHS.flatMap((m) => readExtract(monthFile(m)));
  const mansfield = (first: string, last: string): number =>
    rows.filter((r) => (r['LSOA name'] ?? '').startsWith('Mansfield ') && (r.Month ?? '') >= first && (r.Month ?? '') <= last).length;
  await importThroughUi(
    page,
    MONTHS.map((m) => monthFile(m)),
  );
  await layPivot(page, { rows: ['district'], columns: ['month'] });
  await filterBy(page, 'district', ['Mansfield']);
  const measure = page.getByTestId('pivot-measure');

  // Financial year to date in June: April, May and June.
  await page.getByTestId('range-from').fill('2023-05');
  await page.getByTestId('range-to').fill('2023-06');
  await measure.selectOption('fytd');
  const june = gridCell(page, 'Mansfield', '2023-06');
  await expect(june).toHaveText(COUNT.format(mansfield('2023-04', '2023-06')));
  expect(await drilledMonths(page, june, mansfield('2023-04', '2023-06'))).toEqual(['2023-04', '2023-05', '2023-06']);
  // The column total too.
  const total = page.getByTestId('pivot-grid').locator('.ag-row-pinned .ag-cell[col-id="2023-05"]');
  await expect(total).toHaveText(COUNT.format(mansfield('2023-04', '2023-05')));
  expect(await drilledMonths(page, total, mansfield('2023-04', '2023-05'))).toEqual(['2023-04', '2023-05']);

  // A window measure has no row total: the blank Total cell lists its months' own records, and says it is blank.
  await gridCell(page, 'Mansfield', '__total').dblclick();
  const dialog = page.getByTestId('drill-dialog');
  await expect(dialog.getByTestId('drill-total')).toHaveAttribute('data-count', String(mansfield('2023-05', '2023-06')));
  await expect(dialog).toContainText(`${COUNT.format(mansfield('2023-05', '2023-06'))} records (the cell is blank)`);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // By financial year, to June: 2023/24 to date is April to June.
  // Emptying Columns falls back to Count (fytd needs a period column): choose it again.
  await layPivot(page, { rows: ['district'], columns: ['fin_year'] });
  await measure.selectOption('fytd');
  const year = gridCell(page, 'Mansfield', '2023/24');
  await expect(year).toHaveText(COUNT.format(mansfield('2023-04', '2023-06')));
  expect(await drilledMonths(page, year, mansfield('2023-04', '2023-06'))).toEqual(['2023-04', '2023-05', '2023-06']);

  // Rolling 12 months in December: the whole calendar year.
  await layPivot(page, { rows: ['district'], columns: ['month'] });
  await expect(measure).toHaveValue('count');
  await page.getByTestId('range-from').fill('2023-12');
  await page.getByTestId('range-to').fill('2023-12');
  await measure.selectOption('rolling_12');
  const december = gridCell(page, 'Mansfield', '2023-12');
  await expect(december).toHaveText(COUNT.format(mansfield('2023-01', '2023-12')));
  expect(await drilledMonths(page, december, mansfield('2023-01', '2023-12'))).toEqual(MONTHS);

  // A plain count still drills into its own month.
  await measure.selectOption('count');
  await expect(december).toHaveText(COUNT.format(mansfield('2023-12', '2023-12')));
  expect(await drilledMonths(page, december, mansfield('2023-12', '2023-12'))).toEqual(['2023-12']);
});
