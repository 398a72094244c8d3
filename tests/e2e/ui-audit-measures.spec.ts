/**
 * Acceptance audit, measures and filters not checked elsewhere: % of column
 * and of grand total, change on the previous period and on the same period
 * last year (number and %), the Flags filters with a month range, and the
 * iQuanta count and most similar group average. Every expected figure is
 * counted here from the files the workbench imported.
 */
import type { Page } from '@playwright/test';
import { expect, filterBy, gridCell, importThroughUi, layPivot, monthFile, pickField, readExtract, test, writeGeneratedExtracts } from './fixtures';

const MONTHS = ['2023-01', '2023-02', '2024-01', '2024-02'] as const;
const ONE_DP = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const TWO_DP = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const CHANGE = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const DIFF = new Intl.NumberFormat('en-GB', { signDisplay: 'exceptZero' });
const COUNT = new Intl.NumberFormat('en-GB');

const pct = (n: number, d: number): string => `${ONE_DP.format((n / d) * 100)}%`;
const change = (now: number, before: number): string => `${CHANGE.format(((now - before) / before) * 100)}%`;

/** The bottom-right cell: the Total column's, or the single value column's when no field is in Columns. */
function grandTotalCell(page: Page, column = '__total') {
  return page.getByTestId('pivot-grid').locator(`.ag-row-pinned .ag-cell[col-id="${column}"]`);
}

test('% of column and of grand total, change on previous period and same period last year, on police.uk months', async ({ offlinePage: page }) => {
  const rows = MONTHS.flatMap((m) => readExtract(monthFile(m)));
  const district = (r: Record<string, string>): string => (r['LSOA name'] ?? '').replace(/ \w+$/, '');
  const count = (where: (r: Record<string, string>) => boolean): number => rows.filter(where).length;
  await importThroughUi(
    page,
    MONTHS.map((m) => monthFile(m)),
  );
  const measure = page.getByTestId('pivot-measure');

  // Default layout, crime type by district. The grand total is over a thousand: UK thousands separators.
  expect(rows.length).toBeGreaterThan(1000);
  await expect(grandTotalCell(page)).toHaveText(COUNT.format(rows.length));
  expect(COUNT.format(rows.length)).toContain(',');

  const mansfield = count((r) => district(r) === 'Mansfield');
  const burglaryMansfield = count((r) => district(r) === 'Mansfield' && r['Crime type'] === 'Burglary');
  const burglary = count((r) => r['Crime type'] === 'Burglary');
  await measure.selectOption('share_col');
  await expect(gridCell(page, 'Burglary', 'Mansfield')).toHaveText(pct(burglaryMansfield, mansfield));
  // The Total column of % of column: the row's share of all records.
  await expect(gridCell(page, 'Burglary', '__total')).toHaveText(pct(burglary, rows.length));
  await expect(page.getByTestId('pivot-grid').locator('.ag-row-pinned .ag-cell[col-id="Mansfield"]')).toHaveText('100.0%');
  await measure.selectOption('share_total');
  await expect(gridCell(page, 'Burglary', 'Mansfield')).toHaveText(pct(burglaryMansfield, rows.length));
  await expect(gridCell(page, 'Burglary', '__total')).toHaveText(pct(burglary, rows.length));
  await expect(grandTotalCell(page)).toHaveText('100.0%');

  // Districts by month, 2024 only: each month against the one before and against the same month of 2023.
  await measure.selectOption('count');
  await layPivot(page, { rows: ['district'], columns: ['month'] });
  // Two districts keep both rows within the grid's rendered window.
  await filterBy(page, 'district', ['Ashfield', 'Mansfield']);
  await page.getByTestId('range-from').fill('2024-01');
  await page.getByTestId('range-to').fill('2024-02');
  const inMonth = (d: string, month: string): number => count((r) => district(r) === d && r.Month === month);
  for (const d of ['Mansfield', 'Ashfield']) {
    await expect(gridCell(page, d, '2024-02')).toHaveText(COUNT.format(inMonth(d, '2024-02')));
  }
  await measure.selectOption('change_prev');
  await expect(gridCell(page, 'Mansfield', '2024-02')).toHaveText(change(inMonth('Mansfield', '2024-02'), inMonth('Mansfield', '2024-01')));
  await measure.selectOption('diff_prev');
  await expect(gridCell(page, 'Ashfield', '2024-02')).toHaveText(DIFF.format(inMonth('Ashfield', '2024-02') - inMonth('Ashfield', '2024-01')));
  await measure.selectOption('change_year');
  for (const [d, month] of [
    ['Mansfield', '2024-01'],
    ['Ashfield', '2024-02'],
  ] as const) {
    await expect(gridCell(page, d, month)).toHaveText(change(inMonth(d, month), inMonth(d, month.replace('2024', '2023'))));
  }
  await measure.selectOption('diff_year');
  await expect(gridCell(page, 'Mansfield', '2024-02')).toHaveText(DIFF.format(inMonth('Mansfield', '2024-02') - inMonth('Mansfield', '2023-02')));
});

test('Flags filters with a month range, and the iQuanta count and most similar group average', async ({ offlinePage: page }, testInfo) => {
  const { records, iquanta, files } = writeGeneratedExtracts(testInfo, { seed: 5, records: 8_000, districts: ['Ashfield', 'Bassetlaw'], iquantaAreas: ['Ashfield CSP'] });
  await importThroughUi(page, [files.district, files.iquanta]);
  const monthOf = (committed: string): string => `${committed.slice(6, 10)}-${committed.slice(3, 5)}`;

  await layPivot(page, { rows: ['district'], columns: [] });
  await page.getByTestId('flag-domestic').selectOption('Yes');
  // The flag shows in Filters as a filter with one value, and the figures follow it.
  await expect(page.getByTestId('pivot-zone-filters')).toHaveAttribute('data-fields', 'domestic');
  const domestic = (d: string): number => records.filter((r) => r.district === d && r.domestic === 'Y').length;
  expect(domestic('Ashfield')).toBeGreaterThan(0);
  await expect(gridCell(page, 'Ashfield', 'value')).toHaveText(COUNT.format(domestic('Ashfield')));
  await page.getByTestId('flag-hate').selectOption('No');
  await page.getByTestId('range-from').fill('2021-04');
  await page.getByTestId('range-to').fill('2022-03');
  const inYear = (d: string): number =>
    records.filter((r) => r.district === d && r.domestic === 'Y' && r.hate === 'N' && monthOf(r.committed_date) >= '2021-04' && monthOf(r.committed_date) <= '2022-03').length;
  expect(inYear('Bassetlaw')).toBeGreaterThan(0);
  expect(inYear('Bassetlaw')).toBeLessThan(domestic('Bassetlaw'));
  await expect(gridCell(page, 'Bassetlaw', 'value')).toHaveText(COUNT.format(inYear('Bassetlaw')));
  await expect(grandTotalCell(page, 'value')).toHaveText(COUNT.format(inYear('Ashfield') + inYear('Bassetlaw')));
  // Any again lifts the flag filter.
  await page.getByTestId('flag-domestic').selectOption('any');
  await page.getByTestId('flag-hate').selectOption('any');
  await expect(page.getByTestId('pivot-zone-filters')).toHaveAttribute('data-fields', '');
  await page.getByRole('button', { name: 'All months' }).click();
  await expect(grandTotalCell(page, 'value')).toHaveText(COUNT.format(records.length));

  // iQuanta: one area by month for its first measure, count and MSG average as published.
  const figures = iquanta.filter((r) => r.area === 'Ashfield CSP');
  const iqMeasure = figures[0]?.measure ?? '';
  const months = [...new Set(figures.filter((r) => r.measure === iqMeasure).map((r) => r.period))].sort().slice(0, 3);
  await layPivot(page, { rows: ['iq_area'], columns: ['month'] });
  await pickField(page, 'iq_measure', 'filters');
  await page.getByTestId('filter-values-iq_measure').getByRole('checkbox', { name: iqMeasure, exact: true }).check();
  await page.getByTestId('range-from').fill(months[0] ?? '');
  await page.getByTestId('range-to').fill(months[2] ?? '');
  const measure = page.getByTestId('pivot-measure');
  await measure.selectOption('iq_value');
  for (const month of months) {
    const figure = figures.find((r) => r.measure === iqMeasure && r.period === month);
    await expect(gridCell(page, 'Ashfield CSP', month)).toHaveText(COUNT.format(figure?.count ?? Number.NaN));
  }
  await measure.selectOption('iq_msg_average');
  for (const month of months) {
    const figure = figures.find((r) => r.measure === iqMeasure && r.period === month);
    await expect(gridCell(page, 'Ashfield CSP', month)).toHaveText(TWO_DP.format(figure?.msg_average ?? Number.NaN));
  }
});
