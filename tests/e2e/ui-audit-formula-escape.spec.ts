/**
 * Acceptance audit, formula injection: crime types, districts and locations
 * in an extract that a spreadsheet would run as formulas (= + - @) are
 * escaped in the pivot's CSV and XLSX and in the drill-through export.
 */
import { writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { csvDownloadText, downloadBytes, expect, importThroughUi, layPivot, monthFile, readExtract, splitCsvLine, test } from './fixtures';
import { readSheet } from './ui-audit-grid';

/** A grid cell by row id and column id, for labels holding quotes (the fixtures' gridCell takes plain ones). */
function cellOf(page: Page, rowId: string, columnId: string): Locator {
  // The grid writes its row ids HTML-escaped into the attribute.
  const attribute = (id: string): string => JSON.stringify(id.replace(/&/g, '&amp;').replace(/"/g, '&quot;'));
  return page.getByTestId('pivot-grid').locator(`.ag-row[row-id=${attribute(rowId)}] .ag-cell[col-id=${JSON.stringify(columnId)}]`);
}

function csvLines(text: string): string[][] {
  return text.trim().split('\r\n').map(splitCsvLine);
}

test('labels a spreadsheet would run as formulas are escaped in the CSV, the XLSX and the drill-through export', async ({ offlinePage: page }, testInfo) => {
  // A police.uk month with hostile text planted in the crime type, LSOA name (so the district) and location.
  const source = readExtract(monthFile('2023-01')).slice(0, 60);
  const header = ['Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude', 'Location', 'LSOA code', 'LSOA name', 'Crime type', 'Last outcome category', 'Context'];
  const planted = source.map((row, i): Record<string, string> => ({
    ...row,
    ...(i < 10 ? { 'Crime type': '=HYPERLINK("http://example.invalid","click")' } : {}),
    ...(i >= 10 && i < 20 ? { 'Crime type': '+SUM(1,2)', 'LSOA name': '-Evil 001A', Location: '@cmd' } : {}),
  }));
  const quote = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const file = testInfo.outputPath('2023-01-planted.csv');
  writeFileSync(file, [header.join(','), ...planted.map((r) => header.map((h) => quote(r[h] ?? '')).join(','))].join('\n') + '\n');
  await importThroughUi(page, [file]);
  const hyperlink = '=HYPERLINK("http://example.invalid","click")';
  await expect(cellOf(page, hyperlink, '__total')).toHaveText('10');

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-csv').click()]);
  const lines = csvLines(await csvDownloadText(csv));
  const columns = lines.find((l) => l[0] === 'Crime type') ?? [];
  expect(columns).toContain("'-Evil");
  expect(columns).not.toContain('-Evil');
  expect(lines.find((l) => l[0] === `'${hyperlink}`)?.at(-1)).toBe('10');
  expect(lines.find((l) => l[0] === "'+SUM(1,2)")?.[columns.indexOf("'-Evil")]).toBe('10');
  // No cell of the CSV starts with a formula character.
  for (const cell of lines.flat()) expect(cell, cell).not.toMatch(/^[=+\-@]/);

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-xlsx').click()]);
  const sheet = await readSheet(await downloadBytes(xlsx));
  const cells = sheet.flat();
  expect(cells.filter((c) => c.isFormula)).toEqual([]);
  const texts = cells.map((c) => c.value).filter((v): v is string => typeof v === 'string');
  expect(texts).toContain(`'${hyperlink}`);
  expect(texts).toContain("'-Evil");
  for (const text of texts) expect(text, text).not.toMatch(/^[=+\-@]/);

  // The records behind +SUM(1,2) × -Evil, exported: ten, each with its crime type and location escaped.
  await layPivot(page, { rows: ['crime_type'], columns: ['district'] });
  await cellOf(page, '+SUM(1,2)', '-Evil').dblclick();
  const dialog = page.getByTestId('drill-dialog');
  await expect(dialog.getByTestId('drill-total')).toHaveAttribute('data-count', '10');
  const [records] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('drill-export').click()]);
  const recordLines = csvLines(await csvDownloadText(records));
  const recordHeader = recordLines.findIndex((l) => l[0] === 'Reference');
  const body = recordLines.slice(recordHeader + 1);
  expect(body).toHaveLength(10);
  const at = (name: string): number => (recordLines[recordHeader] ?? []).indexOf(name);
  for (const line of body) {
    expect(line[at('Crime type')]).toBe("'+SUM(1,2)");
    expect(line[at('District')]).toBe("'-Evil");
    expect(line[at('Location')]).toBe("'@cmd");
  }
  for (const cell of recordLines.flat()) expect(cell, cell).not.toMatch(/^[=+@]|^-[^0-9.]/);
});
