/**
 * The Respect Survey tab's wave choice: the latest wave by default, any
 * wave held, or all waves pooled (named as such in the caption); the
 * respondents are that wave's, counted from the generated file.
 */
import { writeFileSync } from 'node:fs';
import { RESPECT_COLUMNS, objectsToCsv, respectRows } from '../../shared/generator';
import { expect, importThroughUi, test } from './fixtures';

test('a chosen wave counts that wave\'s respondents; All waves pools them and says so', async ({ offlinePage: page }, testInfo) => {
  const rows = respectRows({ seed: 7, waves: [2021, 2022, 2023], respondentsPerWave: 900 });
  const file = testInfo.outputPath('respect-waves.csv');
  writeFileSync(file, objectsToCsv(RESPECT_COLUMNS, rows));
  await importThroughUi(page, [file]);
  await page.getByTestId('tab-survey').click();
  const panel = page.getByTestId('survey-panel');
  await panel.getByTestId('survey-question').selectOption('q_drug_dealing_problem');
  await panel.getByTestId('survey-by').selectOption('area');
  // The latest wave by default.
  await expect(panel.getByTestId('survey-wave')).toHaveValue('2023');
  const answered = (wave: number | null, area: string): number =>
    rows.filter((r) => (wave === null || r.wave === wave) && r.area === area && r.q_drug_dealing_problem !== "Don't know" && r.q_drug_dealing_problem !== '').length;
  const area = String(rows[0]?.area);
  const table = panel.getByTestId('survey-results');
  for (const wave of [2022, null] as const) {
    await panel.getByTestId('survey-wave').selectOption(wave === null ? 'all' : String(wave));
    await panel.getByTestId('survey-run').click();
    await expect(panel.getByTestId('survey-caption')).toContainText(wave === null ? 'all waves pooled' : `${wave} wave`);
    const respondents = table.locator(`tr[data-group="${area}"] td`).first();
    await expect(respondents).toHaveText(new Intl.NumberFormat('en-GB').format(answered(wave, area)));
  }
  expect(answered(2022, area)).toBeLessThan(answered(null, area));
});
