/**
 * A workbench saved by the first builds (tests/fixtures/old-workbenches) opened
 * in the app: the status area says it was brought up from its older format,
 * its records and saved views are there, the same police.uk extract imported
 * again adds nothing, and once saved it reopens with no notice.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, gridCell, importThroughUi, recordCount, test } from './fixtures';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/old-workbenches');

test('a schema 1 workbench from the first builds opens with a notice, takes a re-import without doubling, and saves current', async ({ offlinePage: page }, testInfo) => {
  const oldPath = testInfo.outputPath('first-build.workbench');
  writeFileSync(oldPath, gunzipSync(readFileSync(resolve(FIXTURES, 'cf3b7b1-police-uk.workbench.gz'))));
  await page.getByTestId('open-workbench-input').setInputFiles(oldPath);
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', '800');
  await expect(page.getByTestId('notice')).toContainText('first-build.workbench was saved by version 0.1.0 of Crime Analyst Workbench in an older file format (schema 1)');
  await expect(page.getByTestId('notice')).toContainText('the file on disk is unchanged until you save it');
  await expect(page.getByTestId('view-entry')).toHaveCount(2);
  await expect(page.locator('[data-testid="view-entry"][data-name="Types by district"]')).toBeVisible();

  // The old build counted 44 Burglary records in Ashfield (its pivot, in the fixture's JSON).
  await page.locator('[data-testid="view-entry"][data-name="Types by district"]').getByRole('button', { name: 'Types by district', exact: true }).click();
  await expect(gridCell(page, 'Burglary', 'Ashfield')).toHaveText('44');

  // February again: every row is already there.
  expect(await importThroughUi(page, [resolve(FIXTURES, 'extracts/2023-02-excerpt.csv')])).toBe(0);
  expect(await recordCount(page)).toBe(800);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('toolbar-save').click()]);
  const savedPath = testInfo.outputPath('saved.workbench');
  await download.saveAs(savedPath);
  await page.reload();
  await page.getByTestId('open-workbench-input').setInputFiles(savedPath);
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', '800');
  await expect(page.getByTestId('notice')).not.toContainText('older file format');
  await expect(page.getByTestId('view-entry')).toHaveCount(2);
});
