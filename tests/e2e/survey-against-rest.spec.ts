/**
 * The Respect Survey tab sets each area against the rest of the respondents:
 * with every wave pooled, the ward planted with more drug dealing concern
 * (shared/generator README, effect 6) reads "Higher", and the table says how
 * the comparison is made.
 */
import { writeFileSync } from 'node:fs';
import { PLANTED, RESPECT_COLUMNS, objectsToCsv, respectRows } from '../../shared/generator';
import { expect, importThroughUi, test } from './fixtures';

test('each area against the rest: the planted ward is higher on drug dealing', async ({ offlinePage: page }, testInfo) => {
  const file = testInfo.outputPath('respect-survey.csv');
  writeFileSync(file, objectsToCsv(RESPECT_COLUMNS, respectRows({ seed: 1 })));
  await importThroughUi(page, [file]);
  await page.getByTestId('tab-survey').click();
  const panel = page.getByTestId('survey-panel');
  await panel.getByTestId('survey-question').selectOption(PLANTED.respectSurvey.question);
  await panel.getByTestId('survey-by').selectOption('area');
  await panel.getByTestId('survey-wave').selectOption('all');
  // Before Run, the tab says what Run gives; the results replace it.
  await expect(panel.getByTestId('survey-empty')).toContainText('by area, with 95% intervals, and each one against the rest');
  await panel.getByTestId('survey-run').click();
  await expect(panel.getByTestId('survey-empty')).toHaveCount(0);

  const table = panel.getByTestId('survey-results');
  await expect(table.locator('th', { hasText: 'Against the rest' })).toBeVisible();
  const ward = table.locator(`tr[data-group="${PLANTED.respectSurvey.ward}"]`).getByTestId('survey-against-rest');
  await expect(ward).toHaveAttribute('data-verdict', 'higher');
  await expect(ward).toHaveText(/^Higher \(\+\d+\.\d points\)$/);
  await expect(table.locator('tr[data-group="Bulwell"]').getByTestId('survey-against-rest')).toHaveText('No clear difference');
  await expect(panel.getByTestId('survey-against-rest-note')).toContainText('Benjamini-Hochberg');
  await page.screenshot({ path: testInfo.outputPath('survey-against-rest.png'), fullPage: true });

  // By wave there is no rest to set a wave against: no column.
  await panel.getByTestId('survey-by').selectOption('wave');
  await panel.getByTestId('survey-run').click();
  await expect(table.locator('tr[data-group="2023"]')).toBeVisible();
  await expect(table.locator('th', { hasText: 'Against the rest' })).toHaveCount(0);
});
