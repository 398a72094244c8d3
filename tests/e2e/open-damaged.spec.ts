/**
 * A saved workbench carries a digest of its bytes, so reopening it skips the
 * full quick_check; a saved file damaged afterwards (cut short, a page
 * overwritten) is still refused plainly and the workbench on screen stays.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import initSqlJs from 'sql.js';
import { isIntactSave, workbenchDigest } from '../../shared/workbench';
import { expect, formatGb, gridCell, importThroughUi, monthFile, readExtract, recordCount, test } from './fixtures';

const FILE = monthFile('2023-01');

test('a saved workbench reopens through its digest; damaged copies of it are refused', async ({ offlinePage: page }, testInfo) => {
  const burglaryMansfield = readExtract(FILE).filter(
    (row) => row['Crime type'] === 'Burglary' && (row['LSOA name'] ?? '').startsWith('Mansfield '),
  ).length;
  await importThroughUi(page, [FILE]);
  const records = await recordCount(page);

  // Save (in the browser, a download of the file the worker exported): it carries its digest.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('toolbar-save').click()]);
  const savedPath = testInfo.outputPath('saved.workbench');
  await download.saveAs(savedPath);
  const saved = new Uint8Array(readFileSync(savedPath));
  expect(isIntactSave(saved)).toBe(true);
  expect(new DataView(saved.buffer).getUint32(60)).toBe(workbenchDigest(saved));

  // The records' b-tree root page, to overwrite its page type.
  const SQL = await initSqlJs();
  const probe = new SQL.Database(saved);
  const pageSize = Number(probe.exec('PRAGMA page_size')[0]?.values[0]?.[0]);
  const root = Number(probe.exec("SELECT rootpage FROM sqlite_master WHERE name = 'record'")[0]?.values[0]?.[0]);
  probe.close();
  const overwritten = saved.slice();
  overwritten[(root - 1) * pageSize + (root === 1 ? 100 : 0)] = 0x77;
  const cases = [
    { name: 'cut-short.workbench', bytes: saved.slice(0, saved.length - 100) },
    { name: 'page-gone.workbench', bytes: saved.slice(0, saved.length - pageSize) },
    { name: 'overwritten.workbench', bytes: overwritten },
  ];
  for (const { name, bytes } of cases) {
    const file = testInfo.outputPath(name);
    writeFileSync(file, bytes);
    await page.getByTestId('open-workbench-input').setInputFiles(file);
    const dialog = page.getByTestId('error-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading')).toHaveText(`Could not open ${name}`);
    await expect(dialog.getByTestId('error-message')).toContainText(`${name} is damaged and cannot be opened`);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog).toBeHidden();
    // The imported (and saved) workbench is still the one on screen.
    expect(await recordCount(page)).toBe(records);
    await expect(gridCell(page, 'Burglary', 'Mansfield')).toHaveText(formatGb(burglaryMansfield));
  }

  // The intact save opens, with the same figures.
  await page.reload();
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', '0');
  await page.getByTestId('open-workbench-input').setInputFiles(savedPath);
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', String(records));
  await expect(gridCell(page, 'Burglary', 'Mansfield')).toHaveText(formatGb(burglaryMansfield));
});
