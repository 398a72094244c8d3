/**
 * The pivot's one value column is headed by the measure's full name: with
 * rows only, "Rate per 1,000 population" wraps to fit rather than being cut to "Rate per …".
 */
import { writeFileSync } from 'node:fs';
import { POPULATION_COLUMNS, objectsToCsv, populationRows } from '../../shared/generator';
import { expect, gridCell, importThroughUi, layPivot, monthFile, test } from './fixtures';

test('the measure heading the value column is shown in full', async ({ offlinePage: page }, testInfo) => {
  await importThroughUi(page, [monthFile('2023-01')]);
  const population = testInfo.outputPath('population.csv');
  writeFileSync(population, objectsToCsv(POPULATION_COLUMNS, populationRows({ years: [2022, 2023] })));
  await importThroughUi(page, [population]);
  await layPivot(page, { rows: ['district'], columns: [] });
  for (const [measure, name] of [
    ['rate', 'Rate per 1,000 population'],
    ['share_total', '% of grand total'],
  ] as const) {
    await page.getByTestId('pivot-measure').selectOption(measure);
    const label = page.getByTestId('sort-value').locator('.sort-label');
    await expect(label).toHaveText(name);
    await expect(gridCell(page, 'Mansfield', '__row')).toBeVisible();
    const fit = await label.evaluate((el) => {
      const header = el.closest('.ag-header-cell')?.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return { scrollW: el.scrollWidth, clientW: el.clientWidth, scrollH: el.scrollHeight, clientH: el.clientHeight, inside: header !== undefined && box.top >= header.top - 0.5 && box.bottom <= header.bottom + 0.5 };
    });
    expect(fit.scrollW).toBeLessThanOrEqual(fit.clientW);
    expect(fit.scrollH).toBeLessThanOrEqual(fit.clientH);
    // Every line within the header cell, which grew to hold them.
    expect(fit.inside).toBe(true);
  }
});
