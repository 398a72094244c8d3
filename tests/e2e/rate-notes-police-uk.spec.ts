/**
 * A rate on police.uk data with the force's population loaded: the records
 * over the border fall in dozens of districts with no population, and their
 * notes share one line, in a box that scrolls rather than pushing the grid
 * off the screen (a note each used to take the whole height at 1440 x 900).
 */
import { writeFileSync } from 'node:fs';
import { POPULATION_COLUMNS, objectsToCsv, populationRows } from '../../shared/generator';
import { downloadBytes, expect, gridCell, importThroughUi, layPivot, monthFile, test } from './fixtures';

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

  // The row's trend plots the grid's rate per 1,000 month by month; with one month loaded, its one point is the grid's figure.
  const gridRate = await gridCell(page, 'Mansfield', 'value').innerText();
  await gridCell(page, 'Mansfield', '__row').click();
  await expect(page.getByTestId('trend-canvas')).toHaveAttribute('data-title', 'Mansfield: rate per 1,000 population per month');
  await page.getByTestId('trend-data').locator('summary').click();
  const table = page.getByTestId('trend-data').locator('table');
  await expect(table.locator('thead th').nth(1)).toHaveText('Rate per 1,000 population');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table.locator('tbody th')).toHaveText('Jan 2023');
  const plotted = Number(await table.locator('tbody td').first().innerText());
  // The table shows two decimals, the grid one: the same figure to within the grid's rounding.
  expect(Math.abs(plotted - Number(gridRate))).toBeLessThanOrEqual(0.055);
  expect(plotted).toBeGreaterThan(0);
  // The SVG export carries the same title and axis.
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  const svgText = (await downloadBytes(svg)).toString('utf8');
  expect(svgText).toContain('Mansfield: rate per 1,000 population per month');
  expect(svgText).toContain('Rate per 1,000 population');

  // A district with no population loaded: the trend says so rather than plotting an empty line.
  await gridCell(page, 'Bolsover', '__row').click();
  await expect(page.getByTestId('trend-no-rate')).toHaveText('Bolsover: rate per 1,000 population per month: No population loaded for Bolsover: its rates are blank.');
  await expect(page.getByTestId('export-svg')).toBeDisabled();

  // A share has no monthly meaning: the trend plots counts, and its title says so.
  await page.getByTestId('pivot-measure').selectOption('share_total');
  await gridCell(page, 'Mansfield', '__row').click();
  await expect(page.getByTestId('trend-canvas')).toHaveAttribute('data-title', 'Mansfield: records per month (counts, not the % of grand total shown in the grid)');
});
