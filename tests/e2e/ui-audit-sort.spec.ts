/**
 * Acceptance audit, sorting on a generated column: a financial year's
 * subtotal column sorts the rows (largest first, then smallest first), and
 * the CSV export lists them in that order. Counted from the extracts.
 */
import { csvDownloadText, expect, filterBy, importThroughUi, layPivot, monthFile, readExtract, splitCsvLine, test } from './fixtures';
import { readGrid } from './ui-audit-grid';

const MONTHS = ['2023-03', '2023-04'];
const TYPES = ['Burglary', 'Drugs', 'Public order', 'Robbery', 'Shoplifting', 'Vehicle crime'];

test("a financial year's subtotal column sorts the rows both ways, and the export follows", async ({ offlinePage: page }) => {
  const rows = MONTHS.flatMap((m) => readExtract(monthFile(m)));
  const march = (type: string): number => rows.filter((r) => r['Crime type'] === type && r.Month === '2023-03').length;
  await importThroughUi(
    page,
    MONTHS.map((m) => monthFile(m)),
  );
  await layPivot(page, { rows: ['crime_type'], columns: ['fin_year', 'month'] });
  await filterBy(page, 'crime_type', TYPES);
  const byMarch = [...TYPES].sort((a, b) => march(b) - march(a));
  // Distinct counts, so the order is decided by the figures alone, and not already alphabetical.
  expect(new Set(TYPES.map(march)).size).toBe(TYPES.length);
  expect(byMarch).not.toEqual(TYPES);

  const header = page.getByTestId('sort-2022/23 / Total');
  await header.click();
  await expect(header).toHaveAttribute('data-sort', 'desc');
  await expect.poll(async () => (await readGrid(page)).map((l) => l.id).filter((id) => id !== '__total')).toEqual(byMarch);
  await header.click();
  await expect(header).toHaveAttribute('data-sort', 'asc');
  await expect.poll(async () => (await readGrid(page)).map((l) => l.id).filter((id) => id !== '__total')).toEqual([...byMarch].reverse());

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-csv').click()]);
  const lines = (await csvDownloadText(csv)).trim().split('\r\n').map(splitCsvLine);
  const at = lines.findIndex((l) => l[0] === 'Crime type');
  const columns = lines[at] ?? [];
  const body = lines.slice(at + 1, -1);
  expect(body.map((l) => l[0])).toEqual([...byMarch].reverse());
  expect(body.map((l) => Number(l[columns.indexOf('2022/23 / Total')]))).toEqual([...byMarch].reverse().map(march));
});
