/**
 * The analyst's main path: import a real police.uk extract, read the pivot,
 * export it as CSV and XLSX, save the workbench, reload, open it again and see the same figures.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import {
  csvDownloadText,
  dataRowCount,
  downloadBytes,
  expect,
  formatGb,
  gridCell,
  importThroughUi,
  layPivot,
  monthFile,
  readExtract,
  recordCount,
  splitCsvLine,
  test,
} from './fixtures';

const FILE = monthFile('2023-01');

test('import, pivot, export CSV, save, reload and reopen', async ({ offlinePage: page }, testInfo) => {
  const expectedRows = dataRowCount(FILE);
  const burglaryMansfield = readExtract(FILE).filter(
    (row) => row['Crime type'] === 'Burglary' && (row['LSOA name'] ?? '').startsWith('Mansfield '),
  ).length;
  expect(burglaryMansfield).toBeGreaterThan(0);

  // Import through the hidden file input the toolbar's Import button uses.
  await expect(page).toHaveTitle('Untitled.workbench — Crime Analyst Workbench');
  await page.getByTestId('import-files-input').setInputFiles(FILE);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText(formatGb(expectedRows));
  await expect(summary.getByTestId('summary-total-read')).toHaveText(formatGb(expectedRows));
  await expect(summary.getByTestId('summary-total-rejected')).toHaveText('0');
  await expect(summary).toContainText('2023-01-nottinghamshire-street.csv');
  await page.screenshot({ path: testInfo.outputPath('import-summary.png') });
  await summary.getByRole('button', { name: 'Close' }).click();

  // Unsaved changes show in the title.
  await expect(page).toHaveTitle('● Untitled.workbench — Crime Analyst Workbench');
  expect(await recordCount(page)).toBe(expectedRows);
  await expect(page.getByTestId('date-range')).toHaveText('Jan 2023');

  // Default pivot: crime type down, district across.
  const cell = gridCell(page, 'Burglary', 'Mansfield');
  await expect(cell).toHaveText(formatGb(burglaryMansfield));
  await expect(gridCell(page, 'Burglary', '__row')).toHaveText('Burglary');

  // Export CSV: the visible pivot under a header block (sources, period, filters), by the shared exporter.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('toolbar-export-csv').click()]);
  expect(csvDownload.suggestedFilename()).toBe('crime_type-by-district.csv');
  const csvLines = (await csvDownloadText(csvDownload)).trim().split('\r\n').map(splitCsvLine);
  const blank = csvLines.findIndex((cells) => cells.length === 1 && cells[0] === '');
  const headerBlock = csvLines.slice(0, blank).map((cells) => cells[0] ?? '');
  expect(headerBlock[0]).toBe('Crime Analyst Workbench export');
  expect(headerBlock).toContain('Measure: Count');
  expect(headerBlock).toContain('Rows: Crime type; columns: District');
  expect(headerBlock).toContain('Period: Jan 2023');
  expect(headerBlock).toContain('Filters: none');
  expect(headerBlock).toContain('Data covers Jan 2023');
  expect(headerBlock.find((line) => line.startsWith('Source: '))).toMatch(
    new RegExp(`^Source: 2023-01-nottinghamshire-street\\.csv \\(police\\.uk street-level file, ${formatGb(expectedRows)} records, imported \\d{1,2} [A-Z][a-z]{2} \\d{4}, sha256 [0-9a-f]{12}\\)$`),
  );
  // Small counts are shown as they are unless the analyst asks for "<5".
  expect(headerBlock.some((line) => line.includes('shown as <5'))).toBe(false);
  const header = csvLines[blank + 1] ?? [];
  expect(header[0]).toBe('Crime type');
  expect(header).toContain('Mansfield');
  expect(header[header.length - 1]).toBe('Total');
  const burglaryLine = csvLines.find((cells) => cells[0] === 'Burglary') ?? [];
  expect(burglaryLine[header.indexOf('Mansfield')]).toBe(String(burglaryMansfield));
  const totalLine = csvLines[csvLines.length - 1] ?? [];
  expect(totalLine[0]).toBe('Total');
  expect(totalLine[totalLine.length - 1]).toBe(String(expectedRows));

  // Export XLSX: a real workbook (zip, "PK") with the same header block and figures.
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pivot-xlsx').click()]);
  expect(xlsxDownload.suggestedFilename()).toBe('crime_type-by-district.xlsx');
  const xlsxBytes = await downloadBytes(xlsxDownload);
  expect(xlsxBytes.subarray(0, 2).toString('latin1')).toBe('PK');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsxBytes.buffer.slice(xlsxBytes.byteOffset, xlsxBytes.byteOffset + xlsxBytes.byteLength) as ArrayBuffer);
  const sheetRows: unknown[][] = [];
  workbook.worksheets[0]?.eachRow((row) => sheetRows.push((row.values as unknown[]).slice(1)));
  expect(sheetRows[0]).toEqual(['Crime Analyst Workbench export']);
  const xlsxHeader = sheetRows.find((cells) => cells[0] === 'Crime type') ?? [];
  const xlsxBurglary = sheetRows.find((cells) => cells[0] === 'Burglary') ?? [];
  expect(xlsxBurglary[xlsxHeader.indexOf('Mansfield')]).toBe(burglaryMansfield);

  // Save: a browser save is a download of the SQLite file.
  const [saveDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('toolbar-save').click()]);
  const saved = await downloadBytes(saveDownload);
  expect(saved.subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
  const savedPath = testInfo.outputPath('saved.workbench');
  await saveDownload.saveAs(savedPath);
  await expect(page).toHaveTitle('Untitled.workbench — Crime Analyst Workbench');

  // Reload: an empty workbench again.
  await page.reload();
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', '0');

  // Open the saved workbench: same records, same pivot.
  await page.getByTestId('open-workbench-input').setInputFiles(savedPath);
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', String(expectedRows));
  await expect(page).toHaveTitle('saved.workbench — Crime Analyst Workbench');
  await expect(gridCell(page, 'Burglary', 'Mansfield')).toHaveText(formatGb(burglaryMansfield));
  await expect(page.getByTestId('data-panel')).toContainText('2023-01-nottinghamshire-street.csv');
  expect(readFileSync(savedPath).length).toBe(saved.length);

  await page.screenshot({ path: testInfo.outputPath('reopened.png'), fullPage: true });
});

test('changing the pivot re-runs it: districts down, measure % of row', async ({ offlinePage: page }) => {
  const rows = readExtract(FILE);
  const mansfield = rows.filter((r) => (r['LSOA name'] ?? '').startsWith('Mansfield '));
  const burglary = mansfield.filter((r) => r['Crime type'] === 'Burglary').length;
  await importThroughUi(page, [FILE]);

  await layPivot(page, { rows: ['district'], columns: ['crime_type'] });
  await page.getByLabel('Measure', { exact: true }).selectOption('share_row');
  const share = (burglary / mansfield.length) * 100;
  const expected = `${new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share)}%`;
  await expect(gridCell(page, 'Mansfield', 'Burglary')).toHaveText(expected);
  await expect(gridCell(page, 'Mansfield', '__total')).toHaveText('100.0%');

  // A change measure needs a period column.
  await expect(page.getByRole('option', { name: /% change on previous period/ })).toBeDisabled();
  await layPivot(page, { rows: ['district'], columns: ['month'] });
  await expect(page.getByRole('option', { name: /% change on previous period/ })).toBeEnabled();
});
