/**
 * The pivot builder end to end: a nested pivot built by dragging fields
 * into Rows, Columns and Filters, another built by picking fields and the
 * Add buttons; both saved as views with their sort, the workbench saved,
 * reloaded and reopened, the views restored exactly, and the XLSX export
 * checked cell by cell against the grid and an independent count of the extracts.
 */
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { clearZone, downloadBytes, expect, filterBy, gridCell, importThroughUi, monthFile, pickField, readExtract, test } from './fixtures';
import { readGrid } from './ui-audit-grid';

// March and April 2023: either side of the financial year boundary (2022/23, 2023/24).
const MONTHS = ['2023-03', '2023-04'] as const;
const DISTRICTS = ['Ashfield', 'Mansfield'];
const TYPES = ['Burglary', 'Drugs', 'Robbery', 'Vehicle crime'];
const finYear = (month: string): string => (month >= '2023-04' ? '2023/24' : '2022/23');
const column = (month: string): string => `${finYear(month)} / ${month}`;
const whole = new Intl.NumberFormat('en-GB');
const oneDp = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Records by district, crime type and month, counted straight from the CSV files. */
function countRecords(): (district: string | null, type: string | null, month: string | null) => number {
  const counts = new Map<string, number>();
  for (const month of MONTHS) {
    for (const row of readExtract(monthFile(month))) {
      const key = `${(row['LSOA name'] ?? '').replace(/ \w+$/, '')}|${row['Crime type'] ?? ''}|${row.Month ?? ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return (district, type, month) =>
    DISTRICTS.filter((d) => district === null || d === district).reduce(
      (sum, d) =>
        sum +
        TYPES.filter((t) => type === null || t === type).reduce(
          (s, t) => s + MONTHS.filter((m) => month === null || m === month).reduce((n, m) => n + (counts.get(`${d}|${t}|${m}`) ?? 0), 0),
          0,
        ),
      0,
    );
}

/** Drops a field on a zone's title, so it goes at the end (dropping on a chip puts it before that chip). */
async function dragInto(page: Page, source: string, zone: string): Promise<void> {
  await page.getByTestId(source).dragTo(page.getByTestId(`pivot-zone-${zone}`), { targetPosition: { x: 12, y: 8 } });
}

function zoneChip(page: Page, zone: string, dimension: string) {
  return page.getByTestId(`pivot-zone-${zone}`).locator(`[data-testid="zone-chip"][data-dimension="${dimension}"]`);
}

/** Opens a filter chip's checklist (if closed) and returns the values ticked in it. */
async function tickedValues(page: Page, dimension: string): Promise<string[]> {
  const chip = zoneChip(page, 'filters', dimension);
  const toggle = chip.getByRole('button', { name: /^Choose .* values$/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const list = page.getByTestId(`filter-values-${dimension}`);
  await expect(list.getByRole('checkbox').first()).toBeVisible();
  const ticked: string[] = [];
  for (const box of await list.getByRole('checkbox').all()) {
    if (await box.isChecked()) ticked.push(((await box.locator('xpath=..').textContent()) ?? '').trim());
  }
  return ticked;
}

test('build nested pivots by drag and by pick, keep them as views, reopen and export XLSX', async ({ offlinePage: page }, testInfo) => {
  const count = countRecords();
  expect(count('Mansfield', 'Burglary', '2023-03')).toBeGreaterThan(0);
  await importThroughUi(
    page,
    MONTHS.map((m) => monthFile(m)),
  );
  const rowsZone = page.getByTestId('pivot-zone-rows');
  const columnsZone = page.getByTestId('pivot-zone-columns');
  const filtersZone = page.getByTestId('pivot-zone-filters');
  const views = page.getByTestId('views-panel');

  // ---- By drag: district then crime type down, financial year then month across. ----
  // Dropping a chip back on the field list takes it out of its zone.
  await zoneChip(page, 'rows', 'crime_type').dragTo(page.getByTestId('pivot-fields'));
  await zoneChip(page, 'columns', 'district').dragTo(page.getByTestId('pivot-fields'));
  await expect(rowsZone).toHaveAttribute('data-fields', '');
  await expect(columnsZone).toHaveAttribute('data-fields', '');
  await dragInto(page, 'pivot-field-crime_type', 'rows');
  await dragInto(page, 'pivot-field-district', 'rows');
  await expect(rowsZone).toHaveAttribute('data-fields', 'crime_type,district');
  // Reorder within the zone: district dropped on the crime type chip goes before it.
  await zoneChip(page, 'rows', 'district').dragTo(zoneChip(page, 'rows', 'crime_type'));
  await expect(rowsZone).toHaveAttribute('data-fields', 'district,crime_type');
  await dragInto(page, 'pivot-field-month', 'columns');
  await dragInto(page, 'pivot-field-fin_year', 'columns');
  await zoneChip(page, 'columns', 'fin_year').dragTo(zoneChip(page, 'columns', 'month'));
  await expect(columnsZone).toHaveAttribute('data-fields', 'fin_year,month');
  // Filters by drag: each opens its checklist of the values present; search narrows it.
  await dragInto(page, 'pivot-field-district', 'filters');
  const districtValues = page.getByTestId('filter-values-district');
  for (const district of DISTRICTS) {
    await districtValues.getByRole('searchbox').fill(district.slice(0, 5).toLowerCase());
    await expect(districtValues.getByRole('checkbox')).toHaveCount(1);
    await districtValues.getByRole('button', { name: 'Tick shown' }).click();
  }
  await districtValues.getByRole('searchbox').fill('');
  await dragInto(page, 'pivot-field-crime_type', 'filters');
  for (const type of TYPES) await page.getByTestId('filter-values-crime_type').getByRole('checkbox', { name: type, exact: true }).check();
  await expect(filtersZone).toHaveAttribute('data-fields', 'district,crime_type');
  // Filtering a field that is shown leaves it in Rows.
  await expect(rowsZone).toHaveAttribute('data-fields', 'district,crime_type');

  // Column groups: one header group per financial year, its months beneath.
  const header = page.getByTestId('pivot-grid').locator('.ag-header');
  await expect(header.locator('.ag-header-group-cell', { hasText: '2022/23' })).toHaveCount(1);
  await expect(header.locator('.ag-header-group-cell', { hasText: '2023/24' })).toHaveCount(1);
  await expect(header.locator(`.ag-header-cell[col-id="${column('2023-03')}"]`)).toContainText('2023-03');
  // Subtotals and cells against the records themselves.
  await expect(gridCell(page, 'group:Mansfield', column('2023-04'))).toHaveText(whole.format(count('Mansfield', null, '2023-04')));
  await expect(gridCell(page, 'Mansfield / Burglary', column('2023-03'))).toHaveText(whole.format(count('Mansfield', 'Burglary', '2023-03')));
  await expect(gridCell(page, 'group:Ashfield', '__total')).toHaveText(whole.format(count('Ashfield', null, null)));
  // Each year's subtotal column, under its year.
  await expect(header.locator('.ag-header-cell[col-id="2023/24 / Total"]')).toContainText('Total');
  await expect(gridCell(page, 'Mansfield / Drugs', '2023/24 / Total')).toHaveText(whole.format(count('Mansfield', 'Drugs', '2023-04')));
  // A year's subtotal drills into the whole year: as many records as the cell says.
  await gridCell(page, 'group:Mansfield', '2022/23 / Total').dblclick();
  const drill = page.getByTestId('drill-dialog');
  await expect(drill.getByTestId('drill-total')).toHaveAttribute('data-count', String(count('Mansfield', null, '2023-03')));
  await drill.getByRole('button', { name: 'Close' }).click();
  await expect(drill).toBeHidden();
  await expect(page.getByTestId('pivot-grid').locator('.ag-row-pinned .ag-cell[col-id="__total"]')).toHaveText(whole.format(count(null, null, null)));

  // Sort by Total, smallest first (numbers sort largest first on the first click): groups and their rows both follow.
  await page.getByTestId('sort-__total').click();
  await expect(page.getByTestId('sort-__total')).toHaveAttribute('data-sort', 'desc');
  await page.getByTestId('sort-__total').click();
  await expect(page.getByTestId('sort-__total')).toHaveAttribute('data-sort', 'asc');
  const byTotal = (values: string[], of: (v: string) => number): string[] => [...values].sort((a, b) => of(a) - of(b));
  const expectedDragOrder = byTotal(DISTRICTS, (d) => count(d, null, null)).flatMap((d) => [
    `group:${d}`,
    ...byTotal(TYPES, (t) => count(d, t, null)).map((t) => `${d} / ${t}`),
  ]);
  // The default order would be alphabetical; the planted check is that sorting changed it.
  expect(expectedDragOrder).not.toEqual(DISTRICTS.flatMap((d) => [`group:${d}`, ...TYPES.map((t) => `${d} / ${t}`)]));
  await expect.poll(async () => (await readGrid(page)).map((l) => l.id).filter((id) => id !== '__total')).toEqual(expectedDragOrder);
  await page.screenshot({ path: testInfo.outputPath('pivot-by-drag.png') });
  await page.getByTestId('view-name').fill('By drag');
  await page.getByTestId('view-save').click();
  await expect(views.getByTestId('view-entry')).toHaveCount(1);

  // ---- By pick: the keyboard way. Crime type then district down, % of row, two months, sorted by April. ----
  await clearZone(page, 'rows');
  await clearZone(page, 'columns');
  await clearZone(page, 'filters');
  await pickField(page, 'district', 'rows');
  await pickField(page, 'crime_type', 'rows');
  await zoneChip(page, 'rows', 'crime_type').getByRole('button', { name: 'Move Crime type earlier in Rows' }).click();
  await expect(rowsZone).toHaveAttribute('data-fields', 'crime_type,district');
  await pickField(page, 'fin_year', 'columns');
  await pickField(page, 'month', 'columns');
  await filterBy(page, 'crime_type', TYPES);
  await filterBy(page, 'district', DISTRICTS);
  await page.getByLabel('Measure', { exact: true }).selectOption('share_row');
  await page.getByTestId('range-from').fill('2023-03');
  await page.getByTestId('range-to').fill('2023-04');
  await page.getByLabel('Chart', { exact: true }).selectOption('table');
  const april = column('2023-04');
  await page.getByTestId(`sort-${april}`).click();
  await expect(page.getByTestId(`sort-${april}`)).toHaveAttribute('data-sort', 'desc');
  const share = (type: string, district: string | null, month: string): number => (count(district, type, month) / count(district, type, null)) * 100;
  const byAprilShare = <T,>(values: T[], of: (v: T) => number): T[] => [...values].sort((a, b) => of(b) - of(a));
  const expectedPickOrder = byAprilShare(TYPES, (t) => share(t, null, '2023-04')).flatMap((t) => [
    `group:${t}`,
    ...byAprilShare(DISTRICTS, (d) => share(t, d, '2023-04')).map((d) => `${t} / ${d}`),
  ]);
  await expect.poll(async () => (await readGrid(page)).map((l) => l.id).filter((id) => id !== '__total')).toEqual(expectedPickOrder);
  await expect(gridCell(page, 'Robbery / Mansfield', april)).toHaveText(`${oneDp.format(share('Robbery', 'Mansfield', '2023-04'))}%`);
  await expect(gridCell(page, 'group:Robbery', april)).toHaveText(`${oneDp.format(share('Robbery', null, '2023-04'))}%`);
  await page.screenshot({ path: testInfo.outputPath('pivot-by-pick.png') });
  await page.getByTestId('view-name').fill('By pick');
  await page.getByTestId('view-save').click();
  await expect(views.getByTestId('view-entry')).toHaveCount(2);

  // ---- Save the workbench, start afresh, reopen it. ----
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('toolbar-save').click()]);
  const savedPath = testInfo.outputPath('builder.workbench');
  await saved.saveAs(savedPath);
  await page.reload();
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', '0');
  await expect(views.getByTestId('view-entry')).toHaveCount(0);
  await page.getByTestId('open-workbench-input').setInputFiles(savedPath);
  await expect(views.getByTestId('view-entry')).toHaveCount(2);

  // The drag view restores exactly: fields in order, filters and their values, measure, sort, figures.
  await views.getByRole('button', { name: 'By drag', exact: true }).click();
  await expect(rowsZone).toHaveAttribute('data-fields', 'district,crime_type');
  await expect(columnsZone).toHaveAttribute('data-fields', 'fin_year,month');
  await expect(filtersZone).toHaveAttribute('data-fields', 'district,crime_type');
  await expect(page.getByLabel('Measure', { exact: true })).toHaveValue('count');
  await expect(page.getByTestId('range-from')).toHaveValue('');
  await expect(page.getByTestId('sort-__total')).toHaveAttribute('data-sort', 'asc');
  await expect.poll(async () => (await readGrid(page)).map((l) => l.id).filter((id) => id !== '__total')).toEqual(expectedDragOrder);
  expect(await tickedValues(page, 'district')).toEqual(DISTRICTS);
  expect(await tickedValues(page, 'crime_type')).toEqual(TYPES);

  // The pick view too, with its range, chart and sort on a month column.
  await views.getByRole('button', { name: 'By pick', exact: true }).click();
  await expect(rowsZone).toHaveAttribute('data-fields', 'crime_type,district');
  await expect(columnsZone).toHaveAttribute('data-fields', 'fin_year,month');
  await expect(filtersZone).toHaveAttribute('data-fields', 'crime_type,district');
  await expect(page.getByLabel('Measure', { exact: true })).toHaveValue('share_row');
  await expect(page.getByLabel('Chart', { exact: true })).toHaveValue('table');
  await expect(page.getByTestId('range-from')).toHaveValue('2023-03');
  await expect(page.getByTestId('range-to')).toHaveValue('2023-04');
  await expect(page.getByTestId(`sort-${april}`)).toHaveAttribute('data-sort', 'desc');
  await expect(page.getByTestId('sort-__total')).toHaveAttribute('data-sort', 'none');
  await expect.poll(async () => (await readGrid(page)).map((l) => l.id).filter((id) => id !== '__total')).toEqual(expectedPickOrder);

  // ---- Export XLSX: header block, then the table as the grid shows it, row for row. ----
  const grid = await readGrid(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-xlsx').click()]);
  expect(download.suggestedFilename()).toBe('crime_type-district-by-fin_year-month-2023-03-to-2023-04.xlsx');
  const bytes = await downloadBytes(download);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const sheet: unknown[][] = [];
  workbook.worksheets[0]?.eachRow({ includeEmpty: true }, (row) => sheet.push((row.values as unknown[]).slice(1)));
  const blank = sheet.findIndex((cells) => cells.length === 0);
  const headerBlock = sheet.slice(0, blank).map((cells) => String(cells[0]));
  expect(headerBlock[0]).toBe('Crime Analyst Workbench export');
  expect(headerBlock).toContain('Measure: % of row');
  expect(headerBlock).toContain('Rows: Crime type > District; columns: Financial year > Month');
  expect(headerBlock).toContain('Period: Mar 2023 to Apr 2023');
  expect(headerBlock).toContain(`Filters: Crime type = ${TYPES.join(' or ')}; District = ${DISTRICTS.join(' or ')}`);
  for (const month of MONTHS) expect(headerBlock.some((line) => line.startsWith(`Source: ${month}-nottinghamshire-street.csv`))).toBe(true);
  const columns = sheet[blank + 1] ?? [];
  // Each financial year's months, then its subtotal column; the grand total last.
  expect(columns).toEqual(['Crime type / District', column('2023-03'), '2022/23 / Total', april, '2023/24 / Total', 'Total']);
  const body = sheet.slice(blank + 2);
  expect(body.length).toBe(grid.length);
  for (const [i, line] of grid.entries()) {
    const cells = body[i] ?? [];
    const label = line.id === '__total' ? 'Total' : line.id.startsWith('group:') ? `${line.id.slice('group:'.length)} / Subtotal` : line.id;
    expect(cells[0]).toBe(label);
    for (const [c, name] of columns.entries()) {
      if (c === 0) continue;
      const id = name === 'Total' ? '__total' : String(name);
      const value = cells[c];
      const shown = typeof value === 'number' ? `${oneDp.format(value)}%` : '';
      expect(shown, `${label} × ${id}`).toBe(line.cells[id]);
    }
  }
  // And against the extracts themselves: the XLSX holds each figure as the grid shows it (one decimal place).
  const oneDecimal = (x: number): number => Math.round(x * 10) / 10;
  const robberyMansfield = body.find((cells) => cells[0] === 'Robbery / Mansfield') ?? [];
  expect(robberyMansfield[3]).toBeCloseTo(oneDecimal(share('Robbery', 'Mansfield', '2023-04')), 9);
  expect(robberyMansfield[4]).toBeCloseTo(oneDecimal(share('Robbery', 'Mansfield', '2023-04')), 9);
  expect(robberyMansfield[5]).toBeCloseTo(100, 9);

  // Swap rows and columns: months down, crime type then district across; % of row is now a share of the month.
  await page.getByTestId('pivot-swap').click();
  await expect(rowsZone).toHaveAttribute('data-fields', 'fin_year,month');
  await expect(columnsZone).toHaveAttribute('data-fields', 'crime_type,district');
  const aprilShare = (count('Mansfield', 'Robbery', '2023-04') / count(null, null, '2023-04')) * 100;
  await expect(gridCell(page, april, 'Robbery / Mansfield')).toHaveText(`${oneDp.format(aprilShare)}%`);
  await expect(page.getByTestId('pivot-grid').locator('.ag-header-group-cell', { hasText: 'Vehicle crime' })).toHaveCount(1);
});
