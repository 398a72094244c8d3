/**
 * Exports safe to publish: with "Show counts below 5 as <5" on, the CSV and
 * XLSX of the pivot apply the profile pack's disclosure control. Counts of 1
 * to 4 (as counted here from the extracts) are "<5", partners "[c]", the
 * header says so and counts them, no hidden count can be worked out from the
 * published totals (the attacker's check in tests/helpers), and everything
 * the grid hides the exports hide. A % change on a month whose previous
 * month was a small count is blank in the grid and "[c]" in the export.
 */
import { type CheckedLayout, recoverableByLeaves } from '../helpers/disclosure-check';
import { csvDownloadText, downloadBytes, expect, filterBy, gridCell, importThroughUi, layPivot, monthFile, readExtract, splitCsvLine, test } from './fixtures';
import { cellText, readGrid, readSheet } from './ui-audit-grid';

const TWO_MONTHS = [monthFile('2023-01'), monthFile('2023-02')];

/** The district as police.uk's LSOA name gives it (the workbench's own words for Nottingham and for no LSOA). */
function districtOf(row: Record<string, string>): string {
  const name = (row['LSOA name'] ?? '').replace(/ \w+$/, '');
  return name === '' ? 'Unknown district' : name === 'Nottingham' ? 'Nottingham City' : name;
}

const isSmall = (n: number): boolean => n > 0 && n < 5;

test('with <5 on, CSV and XLSX exports withhold small counts and what would give them away, and say so', async ({ offlinePage: page }) => {
  const records = TWO_MONTHS.flatMap((file) => readExtract(file).map((row) => ({ row, month: file.includes('2023-01') ? '2023-01' : '2023-02' })));
  const counts = new Map<string, number>();
  const add = (key: string): void => {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (const { row } of records) {
    const type = row['Crime type'] ?? '';
    const district = districtOf(row);
    add(`${type}|${district}`);
    add(`${type}|`);
    add(`|${district}`);
    add('|');
  }
  const smallInTable = [...counts.values()].filter(isSmall).length;
  expect(smallInTable, 'the extracts hold small counts').toBeGreaterThan(3);

  await importThroughUi(page, TWO_MONTHS);
  await expect(gridCell(page, 'Burglary', 'Mansfield')).not.toHaveText('');
  const toggle = page.getByTestId('toggle-showsSmallCounts');
  await expect(page.getByTestId('export-disclosure-note')).toHaveCount(0);
  await toggle.check();
  // The rule, where the setting is.
  await expect(page.locator('label', { has: toggle })).toHaveAttribute('title', /exports then apply full disclosure control/);
  await expect(page.getByTestId('export-disclosure-note')).toHaveText('Exports apply disclosure control');
  const grid = await readGrid(page);
  expect(grid.some((line) => Object.values(line.cells).includes('<5')), 'the grid shows <5').toBe(true);

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-csv').click()]);
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-xlsx').click()]);
  const lines = (await csvDownloadText(csvDownload)).trim().split('\r\n').map(splitCsvLine);
  const blank = lines.findIndex((l) => l.length === 1 && l[0] === '');
  const header = lines.slice(0, blank).map((l) => l[0] ?? '');
  const columns = lines[blank + 1] ?? [];
  const body = lines.slice(blank + 2);
  expect(columns[0]).toBe('Crime type');
  expect(columns.at(-1)).toBe('Total');
  const districts = columns.slice(1, -1);

  let withheld = 0;
  const hidden = body.map((cells) => {
    const type = cells[0] === 'Total' ? '' : (cells[0] ?? '');
    return columns.slice(1).map((name, k) => {
      const n = counts.get(`${type}|${name === 'Total' ? '' : name}`) ?? 0;
      const cell = cells[k + 1];
      if (isSmall(n)) expect(cell, `${type || 'Total'} × ${name}`).toBe('<5');
      else if (cell === '[c]') withheld += 1;
      else expect(Number(cell), `${type || 'Total'} × ${name}`).toBe(n);
      return cell === '<5' || cell === '[c]';
    });
  });
  expect(withheld, 'partners withheld').toBeGreaterThan(0);
  expect(header).toContain('Disclosure control: counts from 1 to 4 are shown as <5; [c] marks figures withheld so that they cannot be worked out from the totals and subtotals.');
  expect(header).toContain(`Withheld in this table: ${smallInTable} figures on counts below 5 and ${withheld} more ([c]) to protect them.`);

  // No hidden count can be worked out from what the export publishes.
  const layout: CheckedLayout = {
    rows: body.map((cells) => (cells[0] === 'Total' ? { kind: 'total' as const, key: [] } : { kind: 'row' as const, key: [cells[0] ?? ''] })),
    columns: districts.map((d) => ({ labels: [d], isSubtotal: false })),
    hasTotalColumn: true,
  };
  expect(recoverableByLeaves(layout, hidden)).toEqual([]);

  // Everything the grid hides, the export hides; the export hides more only as [c], which its header explains.
  for (const line of grid) {
    const exported = body.find((cells) => cells[0] === (line.id === '__total' ? 'Total' : line.label));
    expect(exported, line.label).toBeDefined();
    for (const [colId, text] of Object.entries(line.cells)) {
      const k = colId === '__total' ? columns.length - 1 : columns.indexOf(colId);
      if (k < 1) continue;
      if (text === '<5') expect(exported?.[k], `${line.label} × ${colId}`).toBe('<5');
      else if (exported?.[k] !== '[c]') expect(exported?.[k], `${line.label} × ${colId}`).toBe(text.replace(/,/g, ''));
    }
  }

  // The XLSX holds the same header and cells.
  const sheet = await readSheet(await downloadBytes(xlsxDownload));
  const sheetBlank = sheet.findIndex((cells) => cells.length === 0 || cells.every((c) => c.value === null || c.value === undefined));
  expect(sheet.slice(0, sheetBlank).map((cells) => cellText(cells[0]?.value))).toEqual(header);
  expect(sheet.slice(sheetBlank + 1).map((cells) => cells.map((c) => cellText(c.value)))).toEqual([columns, ...body]);
});

test('with <5 on, a % change on a month after a small count is blank in the grid and [c] in the export', async ({ offlinePage: page }) => {
  // A crime type and district with 1 to 4 records in January and 5 or more in February.
  const byMonth = new Map<string, number>();
  for (const file of TWO_MONTHS) {
    const month = file.includes('2023-01') ? '2023-01' : '2023-02';
    for (const row of readExtract(file)) {
      const key = `${row['Crime type'] ?? ''}|${districtOf(row)}|${month}`;
      byMonth.set(key, (byMonth.get(key) ?? 0) + 1);
    }
  }
  const pair = [...byMonth.keys()]
    .filter((k) => k.endsWith('|2023-01') && isSmall(byMonth.get(k) ?? 0))
    .map((k) => k.split('|'))
    .find(([type, district]) => (byMonth.get(`${type}|${district}|2023-02`) ?? 0) >= 5);
  expect(pair, 'a small January before a larger February').toBeDefined();
  const [type = '', district = ''] = pair ?? [];

  await importThroughUi(page, TWO_MONTHS);
  await layPivot(page, { rows: ['district'], columns: ['month'] });
  await filterBy(page, 'crime_type', [type]);
  await page.getByTestId('pivot-measure').selectOption('change_prev');
  const february = gridCell(page, district, '2023-02');
  // Off, the change shows: it gives January's small count away against February's.
  await expect(february).toHaveText(/%$/);
  await page.getByTestId('toggle-showsSmallCounts').check();
  await expect(february).toHaveText('');
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-csv').click()]);
  const lines = (await csvDownloadText(csvDownload)).trim().split('\r\n').map(splitCsvLine);
  const columns = lines.find((l) => l[0] === 'District') ?? [];
  const row = lines.find((l) => l[0] === district) ?? [];
  expect(row[columns.indexOf('2023-02')]).toBe('[c]');
  // Withheld with a partner in February, so the Total row's change cannot give it away.
  const february2 = columns.indexOf('2023-02');
  expect(lines.filter((l) => l[february2] === '[c]').length).toBeGreaterThanOrEqual(2);
});
