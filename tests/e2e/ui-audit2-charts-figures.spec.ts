/**
 * Acceptance audit 2, the Charts tab's figures under the age profile: each
 * column keeps one number of decimal places (the population's 11.0% for
 * 18-24 was shown as "11" beside "20.6"), and the residents' shares are
 * those of the population estimates imported, worked out here.
 */
import { expect, importThroughUi, test, writeGeneratedExtracts } from './fixtures';

test('the age profile figures: residents as imported, shares to one decimal place and ratios to two, every row', async ({ offlinePage: page }, testInfo) => {
  // All eight districts: their 18-24s are 11.0% of residents (shared/generator/README.md), a whole number once rounded.
  const districts = ['Ashfield', 'Bassetlaw', 'Broxtowe', 'Gedling', 'Mansfield', 'Newark and Sherwood', 'Nottingham City', 'Rushcliffe'];
  const { population, files } = writeGeneratedExtracts(testInfo, { seed: 6, records: 3_000, districts });
  await importThroughUi(page, [files.district, files.population]);
  await page.getByTestId('tab-charts').click();
  const table = page.getByTestId('age-profile-chart-table');
  await expect(table.locator('tbody tr')).toHaveCount(7);

  // Residents of the two districts in the latest estimates, 18-24 against all ages.
  const latest = Math.max(...population.map((p) => p.year));
  const residents = population.filter((p) => p.year === latest && districts.includes(p.area_name));
  const all = residents.reduce((s, p) => s + p.population, 0);
  const young = residents.filter((p) => p.age_band === '18-24').reduce((s, p) => s + p.population, 0);
  const row = table.locator('tr[data-row="18-24"]');
  await expect(row.locator('td').nth(2)).toHaveText(new Intl.NumberFormat('en-GB').format(young));
  await expect(row.locator('td').nth(3)).toHaveText(((young / all) * 100).toFixed(1));

  const columns = await table.locator('thead th').allInnerTexts();
  const cells = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '')));
  for (const [k, name] of columns.slice(1).entries()) {
    const pattern = /^%/.test(name) ? /^\d{1,3}\.\d$/ : name === 'Ratio' ? /^\d+\.\d\d$/ : /^\d{1,3}(,\d{3})*$/;
    for (const line of cells) expect(line[k], `${name}: ${line[k]}`).toMatch(pattern);
  }
});
