/**
 * Acceptance audit, validation: files with planted bad rows (the generator's
 * malformed set: an unknown district, unparseable and impossible dates, a
 * date in the future, missing required fields, a negative iQuanta count)
 * give exact counts in the summary, every reject with its line, field and
 * reason, and a rejects CSV whose rows are exactly those rows as they were
 * in the file. A failed batch leaves the workbench as it was. Windows-1252
 * text, a title row above the header and a totals row below the data are
 * told to the analyst in the summary.
 */
import { writeFileSync } from 'node:fs';
import type { Page, TestInfo } from '@playwright/test';
import { CP1252_WARD, districtCsv, generateDistrictRecords, malformedFiles } from '../../shared/generator';
import { kindLabel } from '../../shared/import/types';
import { csvDownloadText, expect, filterBy, importThroughUi, layPivot, monthFile, recordCount, splitCsvLine, test } from './fixtures';

const SEED = 1;

function writeMalformed(testInfo: TestInfo, name: string): { file: string; lines: string[] } {
  const set = malformedFiles(SEED);
  const found = set.files.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no malformed file ${name}`);
  const file = testInfo.outputPath(name);
  writeFileSync(file, found.bytes);
  // Latin-1 keeps each byte as one character: these files' only byte above 0x7f is Windows-1252's 0x92 (’).
  return { file, lines: Buffer.from(found.bytes).toString('latin1').replaceAll('\u0092', '\u2019').split(/\r?\n/) };
}

const grandTotal = (page: Page) => page.getByTestId('pivot-grid').locator('.ag-row-pinned .ag-cell[col-id="__total"]');

/** The field the importer names for a rejected column (the generator names the canonical column). */
const REASON_WORDS: Readonly<Record<string, RegExp>> = {
  'unknown district': /district/i,
  'unparseable date': /date/i,
  'date in the future': /future/i,
  'missing required field': /missing|required|empty|blank/i,
  'negative count': /negative|count/i,
};

test('planted bad rows: exact counts, each reject with line, field and reason, and a rejects CSV of exactly those rows', async ({ offlinePage: page }, testInfo) => {
  const expected = malformedFiles(SEED).expected;
  const district = writeMalformed(testInfo, 'district-bad-rows.csv');
  const iquanta = writeMalformed(testInfo, 'iquanta-bad-rows.csv');
  const districtExpected = expected['district-bad-rows.csv'];
  const iquantaExpected = expected['iquanta-bad-rows.csv'];
  if (districtExpected === undefined || iquantaExpected === undefined) throw new Error('no expectations');

  await page.getByTestId('import-files-input').setInputFiles([district.file, iquanta.file]);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  const rowOf = (name: string) => summary.locator('table').first().locator('tbody tr').filter({ hasText: name });
  for (const [name, exp] of [['district-bad-rows.csv', districtExpected], ['iquanta-bad-rows.csv', iquantaExpected]] as const) {
    await expect(rowOf(name).locator('td')).toHaveText([name, kindLabel(exp.kind), String(exp.dataRows), String(exp.accepted), String(exp.rejected), '0', '0']);
  }
  const rejectCount = districtExpected.rejected + iquantaExpected.rejected;
  await expect(summary.getByTestId('summary-total-read')).toHaveText(String(districtExpected.dataRows + iquantaExpected.dataRows));
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText(String(districtExpected.accepted + iquantaExpected.accepted));
  await expect(summary.getByTestId('summary-total-rejected')).toHaveText(String(rejectCount));
  await expect(summary.getByTestId('summary-total-duplicate')).toHaveText('0');
  await expect(summary.getByTestId('summary-total-updated')).toHaveText('0');

  // Every reject is listed: file, line, field and a reason in the analyst's words.
  const planted = [
    ...districtExpected.rejections.map((r) => ({ file: 'district-bad-rows.csv', ...r })),
    ...iquantaExpected.rejections.map((r) => ({ file: 'iquanta-bad-rows.csv', ...r })),
  ];
  const listed = summary.getByTestId('import-rejects').locator('tbody tr');
  await expect(listed).toHaveCount(planted.length);
  for (const [i, reject] of planted.entries()) {
    const cells = listed.nth(i).locator('td');
    await expect(cells.nth(0)).toHaveText(reject.file);
    await expect(cells.nth(1)).toHaveText(String(reject.line));
    await expect(cells.nth(2)).toHaveText(reject.column);
    await expect(cells.nth(3)).toHaveText(REASON_WORDS[reject.reason] ?? /./);
  }
  await page.screenshot({ path: testInfo.outputPath('rejects-summary.png') });

  // The rejects CSV: one row per reject, each the file's own row after file, line, field and reason.
  const [download] = await Promise.all([page.waitForEvent('download'), summary.getByRole('button', { name: 'Save rejects as CSV' }).click()]);
  const csv = (await csvDownloadText(download)).trim().split(/\r?\n/).map(splitCsvLine);
  const [header = [], ...rows] = csv;
  expect(header.slice(0, 4)).toEqual(['file', 'line', 'field', 'reason']);
  expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual(planted.map((p) => [p.file, String(p.line), p.column]));
  for (const [i, reject] of planted.entries()) {
    const source = reject.file === 'district-bad-rows.csv' ? district.lines : iquanta.lines;
    const original = splitCsvLine(source[reject.line - 1] ?? '');
    const values = (rows[i] ?? []).slice(4, 4 + original.length);
    // The victim reference is blanked (personal data never leaves in a rejects file).
    const victimColumn = reject.file === 'district-bad-rows.csv' ? splitCsvLine(source[0] ?? '').indexOf('victim_ref') : -1;
    // Cells a spreadsheet would run as a formula (-12 too) are escaped with an apostrophe, as in every export.
    expect(values, `reject on line ${reject.line}`).toEqual(original.map((v, k) => (k === victimColumn ? '' : /^[=+\-@]/.test(v) ? `'${v}` : v)));
  }
  await summary.getByRole('button', { name: 'Close' }).click();
  expect(await recordCount(page)).toBe(districtExpected.accepted);
});

test('a batch that fails leaves the pivot total, the record count and the Data panel as they were', async ({ offlinePage: page }, testInfo) => {
  await importThroughUi(page, [monthFile('2023-01')]);
  const before = await recordCount(page);
  const totalBefore = await grandTotal(page).innerText();
  const panelBefore = await page.getByTestId('data-panel').locator('.import-entry').allInnerTexts();

  // A good file with a damaged workbook: the batch is one transaction, so the good file is not kept either.
  const broken = testInfo.outputPath('broken.xlsx');
  writeFileSync(broken, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
  await page.getByTestId('import-files-input').setInputFiles([monthFile('2023-02'), broken]);
  const error = page.getByTestId('error-dialog');
  await expect(error).toBeVisible({ timeout: 60_000 });
  await expect(error).toContainText('broken.xlsx');
  await expect(error).toContainText('Nothing was imported; the workbench is unchanged.');
  await error.getByRole('button', { name: /close|ok/i }).first().click();
  await expect(error).toBeHidden();

  expect(await recordCount(page)).toBe(before);
  await expect(grandTotal(page)).toHaveText(totalBefore);
  expect(await page.getByTestId('data-panel').locator('.import-entry').allInnerTexts()).toEqual(panelBefore);
});

test('Windows-1252 text, a title row and a totals row are told to the analyst', async ({ offlinePage: page }, testInfo) => {
  const expected = malformedFiles(SEED).expected;
  const cp1252 = writeMalformed(testInfo, 'district-aliases-cp1252.csv');
  const titled = malformedFiles(SEED).files.find((f) => expected[f.name]?.notData.some((n) => n.what === 'title row') === true);
  if (titled === undefined) throw new Error('no file with a title row');
  const titledFile = testInfo.outputPath(titled.name);
  writeFileSync(titledFile, titled.bytes);
  const titledExpected = expected[titled.name];
  if (titledExpected === undefined) throw new Error('no expectations');
  const totalsLine = titledExpected.notData.find((n) => n.what === 'totals row')?.line;

  await page.getByTestId('import-files-input').setInputFiles([cp1252.file, titledFile]);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(summary.locator('.warnings')).toContainText('district-aliases-cp1252.csv is not UTF-8; read it as Windows-1252 text');
  await expect(summary.locator('.warnings')).toContainText(`${titled.name}: the header is on line ${titledExpected.headerLine}`);
  await expect(summary.locator('.warnings')).toContainText(`${titled.name} line ${totalsLine ?? 0}: totals row skipped`);
  await expect(summary.locator('table').first().locator('tbody tr').filter({ hasText: titled.name }).locator('td').nth(3)).toHaveText(String(titledExpected.accepted));
  await summary.getByRole('button', { name: 'Close' }).click();
  // The curly apostrophe survived: the ward reads as Excel wrote it, on every row that has it.
  const wardRows = cp1252.lines.filter((line) => line.includes(CP1252_WARD)).length;
  expect(wardRows).toBeGreaterThan(0);
  await layPivot(page, { rows: ['ward'], columns: ['district'] });
  await filterBy(page, 'ward', [CP1252_WARD]);
  await expect(grandTotal(page)).toHaveText(String(wardRows));
});

test('every reject of a file with dozens of them is listed in the summary, not only the first twenty', async ({ offlinePage: page }, testInfo) => {
  const records = [...generateDistrictRecords({ seed: 61, records: 2000, districts: ['Rushcliffe'] })].slice(0, 200);
  // Every fourth record is keyed against a district no force has.
  const bad = new Set(records.flatMap((_, i) => (i % 4 === 3 ? [i] : [])));
  const file = testInfo.outputPath('district-westshire.csv');
  writeFileSync(file, districtCsv(records.map((r, i) => (bad.has(i) ? { ...r, district: 'Westshire' } : r))));

  await page.getByTestId('import-files-input').setInputFiles(file);
  const summary = page.getByTestId('import-summary');
  await expect(summary.getByTestId('summary-total-rejected')).toHaveText(String(bad.size), { timeout: 60_000 });
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText(String(records.length - bad.size));
  const listed = summary.getByTestId('import-rejects').locator('tbody tr');
  await expect(listed).toHaveCount(bad.size);
  // Line = header (1) + position in the file.
  expect(await listed.locator('td:nth-child(2)').allInnerTexts()).toEqual([...bad].map((i) => String(i + 2)));
  await expect(listed.locator('td:nth-child(3)')).toHaveText([...bad].map(() => 'district'));
  await expect(summary).toContainText(`Rejected rows (${bad.size})`);
});

test('a Windows-1252 file that needs its columns mapped previews the text as Excel wrote it and still warns after the mapping', async ({ offlinePage: page }, testInfo) => {
  const source = malformedFiles(SEED).files.find((f) => f.name === 'district-aliases-cp1252.csv');
  if (source === undefined) throw new Error('no Windows-1252 file');
  // The same bytes with its first four headers renamed to names no layout knows (the header is plain ASCII),
  // and the first row with the curly apostrophe moved to the top, where the dialog previews it.
  const text = Buffer.from(source.bytes).toString('latin1');
  const [headerLine = '', ...lines] = text.split('\r\n');
  const header = headerLine.split(',');
  const renamed = header.map((h, i) => (i < 4 ? `Col ${i + 1} (${h.length})` : h));
  const data = lines.filter((l) => l !== '');
  const withWard = data.findIndex((l) => l.includes('\u0092'));
  expect(withWard).toBeGreaterThanOrEqual(0);
  const rows = [data[withWard] ?? '', ...data.filter((_, i) => i !== withWard)];
  const file = testInfo.outputPath('force-export-cp1252.csv');
  writeFileSync(file, Buffer.from(`${[renamed.join(','), ...rows].join('\r\n')}\r\n`, 'latin1'));
  const wardColumn = header.indexOf('ward');

  await page.getByTestId('import-files-input').setInputFiles(file);
  const dialog = page.getByTestId('column-mapping');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('mapping-preview').locator('tbody tr').first().locator('td').nth(wardColumn)).toHaveText(CP1252_WARD);
  await dialog.getByTestId('map-record_ref').selectOption({ label: `A: ${renamed[0] ?? ''}` });
  await dialog.getByTestId('map-committed_date').selectOption({ label: `C: ${renamed[2] ?? ''}` });
  await dialog.getByTestId('map-crime_type').selectOption({ label: `F: ${header[5] ?? ''}` });
  await dialog.getByTestId('map-district').selectOption({ label: `G: ${header[6] ?? ''}` });
  await dialog.getByTestId('mapping-ok').click();
  const summary = page.getByTestId('import-summary');
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText(String(rows.length), { timeout: 60_000 });
  await expect(summary.locator('.warnings')).toContainText('force-export-cp1252.csv is not UTF-8; read it as Windows-1252 text');
});
