/**
 * Acceptance audit, small counts and number formats in the exports: with
 * the display setting on, counts 1 to 4 are "<5" in the XLSX as in the CSV
 * (every cell checked against counts of the extracts), and the workbook's
 * figures read as the grid shows them (whole counts, shares to one decimal place with %).
 */
import { csvDownloadText, downloadBytes, expect, gridCell, importThroughUi, monthFile, readExtract, splitCsvLine, test } from './fixtures';
import { cellText, readSheet } from './ui-audit-grid';

const TWO_MONTHS = [monthFile('2023-01'), monthFile('2023-02')];
/** The district as police.uk's LSOA name gives it (the workbench's own words for Nottingham and for no LSOA). */
function districtOf(row: Record<string, string>): string {
  const name = (row['LSOA name'] ?? '').replace(/ \w+$/, '');
  return name === '' ? 'Unknown district' : name === 'Nottingham' ? 'Nottingham City' : name;
}

function csvLines(text: string): string[][] {
  return text.trim().split('\r\n').map(splitCsvLine);
}

test('small counts show as <5 in the XLSX as in the CSV, and the workbook formats numbers as the grid does', async ({ offlinePage: page }) => {
  const rows = TWO_MONTHS.flatMap(readExtract);
  const counts = new Map<string, number>();
  const add = (key: string): void => {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (const row of rows) {
    add(`${row['Crime type'] ?? ''}|${districtOf(row)}`);
    add(`${row['Crime type'] ?? ''}|`);
    add(`|${districtOf(row)}`);
  }
  const shown = (n: number): string | number => (n > 0 && n < 5 ? '<5' : n);
  expect([...counts.values()].filter((n) => n > 0 && n < 5).length, 'the extracts hold small counts').toBeGreaterThan(3);
  await importThroughUi(page, TWO_MONTHS);
  await expect(gridCell(page, 'Burglary', 'Mansfield')).not.toHaveText('');

  // Off: every count as it is. The workbook's count cells read as whole numbers with thousands separators.
  const [plain] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-xlsx').click()]);
  const plainSheet = await readSheet(await downloadBytes(plain));
  const plainHeader = plainSheet.findIndex((cells) => cells[0]?.value === 'Crime type');
  const plainTotal = plainSheet[plainSheet.length - 1] ?? [];
  expect(plainTotal[0]?.value).toBe('Total');
  expect(plainTotal[plainTotal.length - 1]?.value).toBe(rows.length);
  for (const cells of plainSheet.slice(plainHeader + 1)) {
    for (const cell of cells.slice(1)) expect(cell.numFmt, `count cell ${cellText(cell.value)}`).toBe('#,##0');
  }

  // On: the grid, the CSV and the XLSX all show 1 to 4 as "<5", totals included; the exports, under disclosure
  // control, withhold partners as "[c]" too (tests/e2e/export-disclosure.spec.ts checks they protect the small counts).
  await page.getByTestId('toggle-showsSmallCounts').check();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-csv').click()]);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-xlsx').click()]);
  const lines = csvLines(await csvDownloadText(csv));
  const sheet = await readSheet(await downloadBytes(xlsx));
  const blank = sheet.findIndex((cells) => cells.length === 0 || cells.every((c) => c.value === null || c.value === undefined));
  const headerBlock = sheet.slice(0, blank).map((cells) => cellText(cells[0]?.value));
  expect(headerBlock.some((line) => line.startsWith('Disclosure control: counts from 1 to 4 are shown as <5'))).toBe(true);
  const header = (sheet[blank + 1] ?? []).map((c) => cellText(c.value));
  expect(header[0]).toBe('Crime type');
  expect(header[header.length - 1]).toBe('Total');
  const body = sheet.slice(blank + 2);
  const csvBody = lines.slice(lines.findIndex((l) => l[0] === 'Crime type') + 1);
  expect(body.length).toBe(csvBody.length);
  let small = 0;
  for (const [i, cells] of body.entries()) {
    const type = cellText(cells[0]?.value);
    for (const [c, name] of header.entries()) {
      if (c === 0) continue;
      const key = type === 'Total' ? `|${name === 'Total' ? '' : name}` : `${type}|${name === 'Total' ? '' : name}`;
      const expected = type === 'Total' && name === 'Total' ? rows.length : shown(counts.get(key) ?? 0);
      if (expected === '<5') small++;
      const withheld = expected !== '<5' && cells[c]?.value === '[c]';
      expect(cells[c]?.value, `${type} × ${name}`).toBe(withheld ? '[c]' : expected);
      expect(csvBody[i]?.[c], `CSV ${type} × ${name}`).toBe(withheld ? '[c]' : String(expected));
    }
  }
  expect(small).toBe([...counts.values()].filter((n) => n > 0 && n < 5).length);
  await page.getByTestId('toggle-showsSmallCounts').uncheck();

  // A share is a percentage to one decimal place, as on screen.
  await page.getByTestId('pivot-measure').selectOption('share_row');
  await expect(gridCell(page, 'Burglary', '__total')).toHaveText('100.0%');
  const [shares] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-xlsx').click()]);
  const shareSheet = await readSheet(await downloadBytes(shares));
  const burglary = shareSheet.find((cells) => cells[0]?.value === 'Burglary') ?? [];
  expect(burglary[burglary.length - 1]?.value).toBe(100);
  expect(burglary[burglary.length - 1]?.numFmt).toBe('0.0"%"');
});
