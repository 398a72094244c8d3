/** Respect Survey: weighted % with Wilson intervals by area, charted with error bars and the 60% target line. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadBytes, expect, importThroughUi, test } from './fixtures';

const RESPECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/extracts/respect.csv');

test('survey results by area with intervals and the target line', async ({ offlinePage: page }, testInfo) => {
  await importThroughUi(page, [RESPECT]);
  await page.getByTestId('tab-survey').click();
  const panel = page.getByTestId('survey-panel');
  await panel.getByTestId('survey-question').selectOption('q_police_council_dealing');
  await expect(panel.getByTestId('survey-positive')).toHaveValue('Strongly agree, Tend to agree');
  await panel.getByTestId('survey-by').selectOption('area');
  await panel.getByTestId('survey-run').click();

  const table = panel.getByTestId('survey-results');
  await expect(table.locator('tr[data-group="Arboretum"]')).toBeVisible();
  await expect(table.locator('tr[data-group="Arboretum"]').getByTestId('survey-estimate')).toHaveText(/^\d+\.\d%$/);
  const canvas = panel.getByTestId('survey-chart-canvas');
  await expect(canvas).toHaveAttribute('data-title', 'Agree the police and council are dealing with anti-social behaviour and crime');
  await page.screenshot({ path: testInfo.outputPath('survey.png') });

  // The agreement question carries the plan's 60% target line.
  const [svg] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('survey-chart-svg').click()]);
  const svgText = (await downloadBytes(svg)).toString('utf8');
  expect(svgText).toContain('Target 60%');
  expect(svgText).toContain('95% confidence interval');
});
