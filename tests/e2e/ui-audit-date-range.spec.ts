/**
 * Acceptance audit, the month range: From after To is said plainly beside
 * the fields (the pivot would otherwise go blank with no reason), and the
 * range in the right order filters the pivot to exactly those months.
 */
import { expect, gridCell, importThroughUi, layPivot, monthFile, readExtract, test } from './fixtures';

const MONTHS = ['2023-01', '2023-02', '2023-03'];

test('a From month after the To month is named as the problem; the range in order shows just its months', async ({ offlinePage: page }) => {
  const rows = MONTHS.flatMap((m) => readExtract(monthFile(m)));
  await importThroughUi(
    page,
    MONTHS.map((m) => monthFile(m)),
  );
  await layPivot(page, { rows: ['month'], columns: [] });
  await page.getByTestId('range-from').fill('2023-03');
  await page.getByTestId('range-to').fill('2023-01');
  const problem = page.getByTestId('range-problem');
  await expect(problem).toHaveText('From (Mar 2023) is after To (Jan 2023): no months are shown. Give the earlier month first.');
  await expect(problem).toHaveAttribute('role', 'alert');

  await page.getByTestId('range-from').fill('2023-02');
  await page.getByTestId('range-to').fill('2023-03');
  await expect(problem).toHaveCount(0);
  const inMonth = (m: string): number => rows.filter((r) => r.Month === m).length;
  await expect(gridCell(page, '2023-02', 'value')).toHaveText(new Intl.NumberFormat('en-GB').format(inMonth('2023-02')));
  await expect(gridCell(page, '2023-01', 'value')).toHaveCount(0);
  await expect(page.getByTestId('pivot-grid').locator('.ag-row-pinned .ag-cell[col-id="value"]')).toHaveText(
    new Intl.NumberFormat('en-GB').format(inMonth('2023-02') + inMonth('2023-03')),
  );
});
