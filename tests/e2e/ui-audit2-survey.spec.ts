/**
 * Acceptance audit 2, the Respect Survey tab: picking the drug dealing
 * question offers its own answers ("a very or fairly big problem", the
 * Plan's measure) and the weighted shares match the respondents counted by
 * hand; answers no respondent gave, or none at all, are refused with the
 * answers the question has, rather than charted as 0%.
 */
import { writeFileSync } from 'node:fs';
import { RESPECT_COLUMNS, objectsToCsv, respectRows } from '../../shared/generator';
import { expect, importThroughUi, test } from './fixtures';

const BIG_PROBLEM = ['Very big problem', 'Fairly big problem'];

test('the drug dealing question counts "a very or fairly big problem", as the respondents give; unknown answers are refused', async ({ offlinePage: page }, testInfo) => {
  const rows = respectRows({ seed: 4, waves: [2022, 2023], respondentsPerWave: 1_200 });
  const file = testInfo.outputPath('respect-survey.csv');
  writeFileSync(file, objectsToCsv(RESPECT_COLUMNS, rows));
  await importThroughUi(page, [file]);
  await page.getByTestId('tab-survey').click();
  const panel = page.getByTestId('survey-panel');
  // Questions in words, as the chart titles them.
  await expect(panel.getByTestId('survey-question').locator('option[value="q_drug_dealing_problem"]')).toHaveText('People using or dealing drugs as a problem');
  await panel.getByTestId('survey-question').selectOption('q_drug_dealing_problem');
  await expect(panel.getByTestId('survey-positive')).toHaveValue(BIG_PROBLEM.join(', '));
  await panel.getByTestId('survey-by').selectOption('wave');
  await panel.getByTestId('survey-run').click();

  // By hand: weighted share of "big problem" among those who answered (Don't know left out), per wave.
  const table = panel.getByTestId('survey-results');
  for (const wave of ['2022', '2023']) {
    const answered = rows.filter((r) => String(r.wave) === wave && r.q_drug_dealing_problem !== "Don't know" && r.q_drug_dealing_problem !== '');
    const weight = (list: typeof answered): number => list.reduce((s, r) => s + Number(r.weight), 0);
    const share = weight(answered.filter((r) => BIG_PROBLEM.includes(r.q_drug_dealing_problem))) / weight(answered);
    const row = table.locator(`tr[data-group="${wave}"]`);
    await expect(row.getByTestId('survey-estimate')).toHaveText(`${(share * 100).toFixed(1)}%`);
    expect(share).toBeGreaterThan(0.2);
    // Weighted n the UK way: "1,203.4".
    const weighted = weight(rows.filter((r) => String(r.wave) === wave && r.q_drug_dealing_problem !== "Don't know"));
    await expect(row.getByTestId('survey-weighted-n')).toHaveText(new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(weighted));
    expect(weighted).toBeGreaterThan(1_000);
  }
  await expect(panel.getByTestId('survey-chart-canvas')).toHaveAttribute('data-title', 'People using or dealing drugs as a problem');

  // A misspelt answer matches no respondent: say so, with the answers the question has, instead of 0% everywhere.
  await panel.getByTestId('survey-positive').fill('Very big problm');
  await panel.getByTestId('survey-run').click();
  const error = panel.getByTestId('survey-error');
  await expect(error).toContainText('No respondent answered "Very big problm"');
  await expect(error).toContainText('Fairly big problem');
  await expect(table).toHaveCount(0);
  // No answers at all: say what to enter.
  await panel.getByTestId('survey-positive').fill(' ');
  await panel.getByTestId('survey-run').click();
  await expect(error).toContainText('Enter the answers to count');
});
