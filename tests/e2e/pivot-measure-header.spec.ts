/**
 * Headings are shown in full: with rows only, the one value column's
 * "Rate per 1,000 population" wraps to fit rather than being cut to
 * "Rate per …"; with Columns, so do the column values under their groups
 * ("Criminal damage and arson", not "Criminal …").
 */
import { writeFileSync } from 'node:fs';
import type { Page, TestInfo } from '@playwright/test';
import { POPULATION_COLUMNS, objectsToCsv, populationRows } from '../../shared/generator';
import { expect, gridCell, importThroughUi, layPivot, monthFile, test } from './fixtures';

async function importPopulation(page: Page, testInfo: TestInfo): Promise<void> {
  const population = testInfo.outputPath('population.csv');
  writeFileSync(population, objectsToCsv(POPULATION_COLUMNS, populationRows({ years: [2022, 2023] })));
  await importThroughUi(page, [population]);
}

test('the measure heading the value column is shown in full', async ({ offlinePage: page }, testInfo) => {
  await importThroughUi(page, [monthFile('2023-01')]);
  await importPopulation(page, testInfo);
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

test('with Columns, the column values heading the figures and their groups are shown in full', async ({ offlinePage: page }, testInfo) => {
  // March and April 2023: two financial years, each a group over the crime types.
  await importThroughUi(page, [monthFile('2023-03'), monthFile('2023-04')]);
  await importPopulation(page, testInfo);
  // Crime types under each year, and (a change on last year needs the period last) years under each crime type.
  for (const [columns, measure, leaf] of [
    [['fin_year', 'crime_type'], 'rate', '2022/23 / Criminal damage and arson'],
    [['crime_type', 'fin_year'], 'change_year', 'Criminal damage and arson / 2023/24'],
  ] as const) {
    await layPivot(page, { rows: ['district'], columns: [...columns] });
    await page.getByTestId('pivot-measure').selectOption(measure);
    await expect(gridCell(page, 'Mansfield', '__row')).toBeVisible();
    await expect(page.getByTestId(`sort-${leaf}`)).toBeVisible();
    const headings = await page.getByTestId('pivot-grid').evaluate((grid) =>
      [...grid.querySelectorAll<HTMLElement>('.ag-header-cell .sort-label, .ag-header-group-cell .ag-header-group-text')].map((el) => {
        const cell = el.closest('.ag-header-cell, .ag-header-group-cell')?.getBoundingClientRect();
        const box = el.getBoundingClientRect();
        const isInside = cell !== undefined && box.top >= cell.top - 0.5 && box.bottom <= cell.bottom + 0.5 && box.left >= cell.left - 0.5 && box.right <= cell.right + 0.5;
        return { text: el.textContent, isCut: el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight || !isInside };
      }),
    );
    expect(headings.map((h) => h.text)).toEqual(expect.arrayContaining(['Criminal damage and arson', '2023/24', 'Violence and sexual offences']));
    expect(headings.filter((h) => h.isCut).map((h) => h.text)).toEqual([]);
    // The header grows to the longest heading's lines, not past them: the grid keeps its rows.
    const header = await page.getByTestId('pivot-grid').locator('.ag-header').boundingBox();
    expect(header?.height ?? 0).toBeLessThan(110);
  }
});
