/**
 * Acceptance audit, drill-through under filters and a month range: a leaf
 * cell, a group row's subtotal, a column group's subtotal, a row total and
 * the grand total each open the records behind them, as many as the cell
 * counts, and the export lists exactly those records. Expected figures are
 * counted here from the extracts.
 */
import type { Page } from '@playwright/test';
import { csvDownloadText, expect, filterBy, gridCell, importThroughUi, layPivot, monthFile, readExtract, splitCsvLine, test } from './fixtures';

const MONTHS = ['2023-02', '2023-03', '2023-04'];
const DISTRICTS = ['Ashfield', 'Mansfield'];
const TYPES = ['Burglary', 'Drugs', 'Robbery'];
const COUNT = new Intl.NumberFormat('en-GB');

interface Drilled {
  total: number;
  records: Record<string, string>[];
}

/** Double-clicks a cell, reads the dialog's total, exports the records, closes. */
async function drill(page: Page, cell: ReturnType<typeof gridCell>, expected: number): Promise<Drilled> {
  await cell.dblclick();
  const dialog = page.getByTestId('drill-dialog');
  await expect(dialog.getByTestId('drill-total')).toHaveAttribute('data-count', String(expected));
  await expect(dialog.getByTestId('drill-total')).toHaveText(COUNT.format(expected));
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('drill-export').click()]);
  const lines = (await csvDownloadText(download)).trim().split('\r\n').map(splitCsvLine);
  const at = lines.findIndex((l) => l[0] === 'Reference');
  const header = lines[at] ?? [];
  const records = lines.slice(at + 1).map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  return { total: expected, records };
}

test('drill-through from leaf, subtotal, column subtotal, row total and grand total cells under filters and a month range', async ({ offlinePage: page }) => {
  const rows = MONTHS.flatMap((m) => readExtract(monthFile(m)));
  const districtOf = (r: Record<string, string>): string => (r['LSOA name'] ?? '').replace(/ \w+$/, '');
  const count = (district: string | null, type: string | null, months: readonly string[]): number =>
    rows.filter(
      (r) =>
        (district === null ? DISTRICTS.includes(districtOf(r)) : districtOf(r) === district) &&
        (type === null ? TYPES.includes(r['Crime type'] ?? '') : r['Crime type'] === type) &&
        months.includes(r.Month ?? ''),
    ).length;
  await importThroughUi(
    page,
    MONTHS.map((m) => monthFile(m)),
  );
  await layPivot(page, { rows: ['district', 'crime_type'], columns: ['fin_year', 'month'] });
  await filterBy(page, 'district', DISTRICTS);
  await filterBy(page, 'crime_type', TYPES);
  // March and April only: February is in the workbench but outside the range.
  await page.getByTestId('range-from').fill('2023-03');
  await page.getByTestId('range-to').fill('2023-04');
  const inRange = ['2023-03', '2023-04'];
  const april = '2023/24 / 2023-04';
  await expect(gridCell(page, 'group:Mansfield', april)).toHaveText(COUNT.format(count('Mansfield', null, ['2023-04'])));
  await expect(page.getByTestId('pivot-grid').locator('.ag-header-cell[col-id="2022/23 / 2023-02"]')).toHaveCount(0);

  const totalRow = (column: string) => page.getByTestId('pivot-grid').locator(`.ag-row-pinned .ag-cell[col-id="${column}"]`);
  const cases = [
    { name: 'leaf', cell: gridCell(page, 'Ashfield / Robbery', april), district: 'Ashfield', type: 'Robbery', months: ['2023-04'] },
    { name: 'group subtotal', cell: gridCell(page, 'group:Mansfield', april), district: 'Mansfield', type: null, months: ['2023-04'] },
    { name: 'column group subtotal', cell: gridCell(page, 'Mansfield / Burglary', '2022/23 / Total'), district: 'Mansfield', type: 'Burglary', months: ['2023-03'] },
    { name: 'row total of a subtotal', cell: gridCell(page, 'group:Ashfield', '__total'), district: 'Ashfield', type: null, months: inRange },
    { name: 'column total', cell: totalRow(april), district: null, type: null, months: ['2023-04'] },
    { name: 'grand total', cell: totalRow('__total'), district: null, type: null, months: inRange },
  ] as const;
  for (const c of cases) {
    const expected = count(c.district, c.type, c.months);
    expect(expected, c.name).toBeGreaterThan(0);
    await expect(c.cell, c.name).toHaveText(COUNT.format(expected));
    const { records } = await drill(page, c.cell, expected);
    // The export lists exactly the records behind the cell: as many, each inside the filters, range and cell.
    expect(records, c.name).toHaveLength(expected);
    expect(new Set(records.map((r) => r['Workbench record id'])).size, c.name).toBe(expected);
    for (const r of records) {
      expect(c.months, c.name).toContain(r.Month);
      expect(c.district === null ? DISTRICTS : [c.district], c.name).toContain(r.District);
      expect(c.type === null ? TYPES : [c.type], c.name).toContain(r['Crime type']);
    }
  }

  // With a share on screen the drill-through still lists the records the cell is computed from.
  await page.getByTestId('pivot-measure').selectOption('share_row');
  const share = gridCell(page, 'group:Mansfield', april);
  await expect(share).toHaveText(/%$/);
  const shareText = await share.innerText();
  await share.dblclick();
  // The dialog names the figure the cell shows, not a count the cell does not show.
  await expect(page.getByTestId('drill-dialog')).toContainText(`records (the cell shows ${shareText})`);
  await page.getByTestId('drill-dialog').getByRole('button', { name: 'Close' }).click();
  await drill(page, share, count('Mansfield', null, ['2023-04']));
});
