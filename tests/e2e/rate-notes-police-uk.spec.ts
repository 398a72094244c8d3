/**
 * A rate on police.uk data with the force's population loaded: the records
 * over the border fall in dozens of districts with no population, and their
 * notes share one line, in a box that scrolls rather than pushing the grid
 * off the screen (a note each used to take the whole height at 1440 x 900).
 */
import { writeFileSync } from 'node:fs';
import { POPULATION_COLUMNS, objectsToCsv, populationRows } from '../../shared/generator';
import { expect, gridCell, importThroughUi, layPivot, monthFile, test } from './fixtures';

test('rates on police.uk: the districts without population share one note and the grid keeps its rows', async ({ offlinePage: page }, testInfo) => {
  await importThroughUi(page, [monthFile('2023-01')]);
  const population = testInfo.outputPath('population.csv');
  writeFileSync(population, objectsToCsv(POPULATION_COLUMNS, populationRows({ years: [2022, 2023] })));
  await importThroughUi(page, [population]);
  await layPivot(page, { rows: ['district'], columns: [] });
  await page.getByTestId('pivot-measure').selectOption('rate');
  await expect(gridCell(page, 'Mansfield', 'value')).toHaveText(/^\d+\.\d$/);
  await expect(gridCell(page, 'Bolsover', 'value')).toHaveText('');

  const notes = page.getByTestId('pivot-notes');
  const noPopulation = notes.locator('li').filter({ hasText: /^No population loaded for/ });
  await expect(noPopulation).toHaveCount(1);
  await expect(noPopulation).toHaveText(/^No population loaded for \d+ districts \(.+ and \d+ more\): their rates are blank\.$/);
  await expect(notes.locator('li').filter({ hasText: /^Rates across districts .* are left out/ })).toHaveCount(1);
  // The notes stay a few lines high; the grid below still shows well over 10 districts
  // (over the border, alphabetically after the force's 8: Doncaster is the 16th row).
  expect((await notes.boundingBox())?.height ?? 1000).toBeLessThan(120);
  await expect(gridCell(page, 'Rushcliffe', '__row')).toBeInViewport();
  await expect(gridCell(page, 'Doncaster', '__row')).toBeInViewport();

  // The row's trend plots record counts, not rates: its title says so.
  await gridCell(page, 'Mansfield', '__row').click();
  await expect(page.getByTestId('trend-canvas')).toHaveAttribute('data-title', 'Mansfield: records per month (counts, not the rate per 1,000 population shown in the grid)');
});
