/**
 * A workbench saved by the first builds (tests/fixtures/old-workbenches) opened
 * in the app: the status area says it was brought up from its older format,
 * its records and saved views are there, the same police.uk extract imported
 * again adds nothing, and once saved it reopens with no notice. A schema 1
 * file with a Respect Survey and a saved column mapping runs its survey and
 * applies the mapping to the next file with that header.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, formatGb, gridCell, importThroughUi, recordCount, test } from './fixtures';

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

/** Respondents who answered a question (not blank, not "Don't know"), counted from the extract itself. */
function answered(file: string, question: string): number {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const column = (header ?? '').split(',').indexOf(question);
  return lines.filter((line) => !['', "Don't know"].includes(line.split(',')[column] ?? '')).length;
}

test('a schema 1 workbench with a Respect Survey and a saved column mapping: the survey runs, and the next file with that header imports with the mapping, saying so', async ({ offlinePage: page }, testInfo) => {
  const oldPath = testInfo.outputPath('survey-mapping.workbench');
  writeFileSync(oldPath, gunzipSync(readFileSync(resolve(FIXTURES, 'c41a734-schema1-survey-mapping.workbench.gz'))));
  await page.getByTestId('open-workbench-input').setInputFiles(oldPath);
  await expect(page.getByTestId('notice')).toContainText('in an older file format (schema 1)');

  const runByWave = async (): Promise<void> => {
    await page.getByTestId('tab-survey').click();
    const survey = page.getByTestId('survey-panel');
    await survey.getByTestId('survey-question').selectOption('q_safe_after_dark');
    await survey.getByTestId('survey-positive').fill('Very safe, Fairly safe');
    await survey.getByTestId('survey-by').selectOption('wave');
    await survey.getByTestId('survey-run').click();
  };
  const rows = page.getByTestId('survey-results').locator('tbody tr');
  const first = resolve(FIXTURES, 'extracts/survey-renamed-2019.csv');
  const second = resolve(FIXTURES, 'extracts/survey-renamed-2020.csv');
  await runByWave();
  await expect(rows.locator('th')).toHaveText(['2019']);
  await expect(rows.locator('td').first()).toHaveText(formatGb(answered(first, 'q_safe_after_dark')));

  // Another wave under the same force header: no mapping dialog, the saved mapping is applied and the summary and notice say so.
  await page.getByTestId('import-files-input').setInputFiles(second);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('column-mapping')).toHaveCount(0);
  await expect(summary.getByTestId('summary-total-accepted')).toHaveText('400');
  await expect(summary).toContainText('Column mapping saved on');
  await summary.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('notice')).toContainText('Column mapping saved on');

  await runByWave();
  await expect(rows.locator('th')).toHaveText(['2019', '2020']);
  await expect(rows.nth(1).locator('td').first()).toHaveText(formatGb(answered(second, 'q_safe_after_dark')));
  await page.screenshot({ path: testInfo.outputPath('old-survey.png') });
});
