/**
 * Hostile extracts in the app: a quote left open is refused naming its file,
 * line and column, with the workbench on screen as it was; a file with mixed
 * line endings and a row wider than its header imports every row, the wide
 * one rejected with its line and field. Nothing shown says "undefined".
 */
import { writeFileSync } from 'node:fs';
import { csvDownloadText, expect, importThroughUi, recordCount, splitCsvLine, test } from './fixtures';

const HEADER = 'record_ref,committed_date,crime_type,district,ward';

test('a quote left open is refused plainly; mixed line endings and a too-wide row lose nothing', async ({ offlinePage: page }, testInfo) => {
  const good = testInfo.outputPath('good.csv');
  writeFileSync(good, `${HEADER}\r\nA1,01/04/2023,Shoplifting,Mansfield,Portland\r\nA2,02/04/2023,Shoplifting,Gedling,Carlton\r\n`);
  await importThroughUi(page, [good]);
  const records = await recordCount(page);
  expect(records).toBe(2);

  const open = testInfo.outputPath('open-quote.csv');
  writeFileSync(open, `${HEADER}\r\nB1,01/04/2023,Shoplifting,Mansfield,Portland\r\nB2,02/04/2023,"Shoplifting,Mansfield,Portland\r\nB3,03/04/2023,Shoplifting,Mansfield,Portland\r\n`);
  await page.getByTestId('import-files-input').setInputFiles(open);
  const dialog = page.getByTestId('error-dialog');
  await expect(dialog).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByRole('heading')).toHaveText('Could not import open-quote.csv');
  await expect(dialog.getByTestId('error-message')).toHaveText(
    'open-quote.csv line 3: the quoted cell in column 3 (C) is never closed, so every line after it would be read into that one cell. Fix the quoting and import the file again. Nothing was imported; the workbench is unchanged.',
  );
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();
  expect(await recordCount(page)).toBe(records);

  const mixed = testInfo.outputPath('mixed.csv');
  writeFileSync(mixed, `${HEADER}\r\nC1,01/04/2023,Shoplifting,Mansfield,Portland\nC2,02/04/2023,Shoplifting,Mansfield,Kirkby, Portland\rC3,03/04/2023,Shoplifting,Mansfield,Portland\r\n`);
  await page.getByTestId('import-files-input').setInputFiles(mixed);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(summary.getByTestId('summary-total-read')).toHaveText('3');
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText('2');
  await expect(summary.getByTestId('summary-total-rejected')).toHaveText('1');
  await expect(summary).toContainText('column 6');
  await expect(summary).toContainText('past the header’s 5 columns');
  await expect(summary).not.toContainText('undefined');
});

test('a reject after cells holding line breaks names the line a text editor shows, in the summary and the rejects CSV', async ({ offlinePage: page }, testInfo) => {
  // Wards with an LF, a CRLF and a lone CR inside quotes (Excel's Alt+Enter and other tools), in a file of mixed line endings.
  const rows = [
    HEADER,
    'D1,01/04/2023,Shoplifting,Mansfield,"Port\nland"',
    'D2,02/04/2023,Shoplifting,Mansfield,"Oak\r\nTree"',
    'D3,03/04/2023,Shoplifting,Mansfield,"Carl\rton"',
    'D4,04/04/2023,Shoplifting,Atlantis,Portland',
  ];
  const text = `${rows[0]}\r\n${rows[1]}\n${rows[2]}\r${rows[3]}\r\n${rows[4]}\r\n`;
  // Counted on the text: the line D4 starts on (row 5, line 8).
  const line = 1 + (text.slice(0, text.indexOf('D4,')).match(/\r\n|\r|\n/g)?.length ?? 0);
  expect(line).toBe(8);
  const file = testInfo.outputPath('line-breaks.csv');
  writeFileSync(file, text);
  await page.getByTestId('import-files-input').setInputFiles(file);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText('3');
  const reject = summary.getByTestId('import-rejects').locator('tbody tr');
  await expect(reject).toHaveCount(1);
  await expect(reject.locator('td')).toHaveText(['line-breaks.csv', String(line), 'district', 'unknown district "Atlantis"']);
  await expect(summary.getByTestId('import-rejects-line-note')).toContainText('as a text editor numbers lines');
  const [download] = await Promise.all([page.waitForEvent('download'), summary.getByRole('button', { name: 'Save rejects as CSV' }).click()]);
  const saved = (await csvDownloadText(download)).trim().split(/\r?\n/).map(splitCsvLine);
  expect(saved[0]?.slice(0, 4)).toEqual(['file', 'line', 'field', 'reason']);
  expect(saved[1]?.slice(0, 4)).toEqual(['line-breaks.csv', String(line), 'district', 'unknown district "Atlantis"']);
});
