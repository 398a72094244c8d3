/**
 * Repeat victims and Respect Survey results added to a local profile from
 * their tabs, and exported in the Word pack: the pack's tables carry the
 * figures the tabs show (run again at export, with disclosure control).
 */
import { writeFileSync } from 'node:fs';
import { RESPECT_COLUMNS, objectsToCsv, respectRows } from '../../shared/generator';
import { docxTables } from '../helpers/profile-tables';
import { downloadBytes, expect, importThroughUi, test, writeDistrictExtract } from './fixtures';

test('repeat victims and survey shares go from their tabs into the Word profile with the figures shown', async ({ offlinePage: page }, testInfo) => {
  test.setTimeout(180_000);
  const { file } = writeDistrictExtract(testInfo, { seed: 4, records: 12_000, districts: ['Mansfield', 'Gedling'] });
  // A small survey wave: most wards have enough respondents to publish, a few may not.
  const respect = testInfo.outputPath('respect.csv');
  writeFileSync(respect, objectsToCsv(RESPECT_COLUMNS, respectRows({ seed: 4, waves: [2023], respondentsPerWave: 300 })));
  await importThroughUi(page, [file, respect]);

  // Repeats tab: domestic abuse repeat victims by district, added to a new profile.
  await page.getByTestId('tab-repeats').click();
  await page.getByTestId('repeat-group').selectOption('domestic');
  await expect(page.getByTestId('repeat-profile-add')).toHaveCount(0);
  // Before Run, the section says what Run gives; the table replaces it.
  await expect(page.getByTestId('repeat-empty')).toContainText('within the window of one, by district');
  await page.getByTestId('repeat-run').click();
  const table = page.getByTestId('repeat-table');
  await expect(page.getByTestId('repeat-empty')).toHaveCount(0);
  await expect(table.locator('tbody tr')).toHaveCount(2);
  // At 1440 x 900 the table's 10 columns sit beside the chart, none under it.
  const tableBox = await table.boundingBox();
  const chartBox = await page.getByTestId('repeat-histogram').boundingBox();
  expect((tableBox?.x ?? 0) + (tableBox?.width ?? Infinity)).toBeLessThanOrEqual(chartBox?.x ?? 0);
  const shown = new Map<string, string[]>();
  for (const district of ['Mansfield', 'Gedling']) {
    const cells = await table.locator(`tr[data-series="${district}"] td`).allInnerTexts();
    shown.set(district, cells);
  }
  await page.getByTestId('repeat-profile-name').fill('Analysis profile');
  await page.getByTestId('repeat-profile-add').click();
  await expect(page.getByTestId('notice')).toContainText('Added to the profile "Analysis profile"');

  // The Knox table (not the scatter) into the same profile.
  await page.getByTestId('near-repeat-crime-type').selectOption('Burglary Dwelling');
  await page.getByTestId('near-repeat-permutations').fill('19');
  await page.getByTestId('near-repeat-run').click();
  await expect(page.getByTestId('knox-chart-canvas')).toHaveAttribute('data-title', 'Knox ratios: Burglary Dwelling near repeats');
  await page.getByTestId('knox-profile-name').fill('Analysis profile');
  await page.getByTestId('knox-profile-add').click();

  // Survey tab: the police and council question by area, into the same profile.
  await page.getByTestId('tab-survey').click();
  const survey = page.getByTestId('survey-panel');
  await survey.getByTestId('survey-question').selectOption('q_police_council_dealing');
  await survey.getByTestId('survey-by').selectOption('area');
  await survey.getByTestId('survey-run').click();
  await expect(survey.getByTestId('survey-estimate').first()).toHaveText(/^\d+\.\d%$/);
  // Each area's respondents and weighted % as the tab shows them.
  const areas = await survey.getByTestId('survey-results').locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.getAttribute('data-group') ?? '', tr.querySelector('td')?.textContent ?? '', tr.querySelector('[data-testid="survey-estimate"]')?.textContent ?? '']),
  );
  expect(areas.length).toBeGreaterThan(5);
  await survey.getByTestId('survey-profile-name').fill('Analysis profile');
  await survey.getByTestId('survey-profile-add').click();

  // Profiles tab lists both; the Word export carries their tables.
  await page.getByTestId('tab-profiles').click();
  const panel = page.getByTestId('profiles-panel');
  const items = panel.getByTestId('profile-item');
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toContainText('repeat victims (Domestic abuse)');
  await expect(items.nth(1)).toContainText('near repeats (Knox) (Burglary Dwelling)');
  await expect(items.nth(2)).toContainText('Respect Survey (Agree the police and council are dealing with anti-social behaviour and crime)');
  await expect(panel.getByTestId('profile-suppression')).toBeChecked();
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('profile-export').click()]);
  const docx = await downloadBytes(download);
  await download.saveAs(testInfo.outputPath('analysis-profile.docx'));
  const tables = docxTables(docx);
  const repeats = tables.find((t) => t[0]?.[0] === 'District');
  expect(repeats?.[0]?.slice(0, 3)).toEqual(['District', 'Victims', 'Repeat victims']);
  // Victims and repeat victims as the tab shows them, but 1-4 as "<5" (disclosure control is on) and any
  // other withheld as "[c]" so the All row cannot give a small one away; the rate only beside published counts.
  let published = 0;
  for (const [district, cells] of shown) {
    const row = repeats?.find((r) => r[0] === district);
    for (const k of [0, 1]) {
      const count = Number((cells[k] ?? '').replace(/,/g, ''));
      if (count > 0 && count < 5) expect(row?.[k + 1]).toBe('<5');
      else expect([cells[k], '[c]']).toContain(row?.[k + 1]);
      if (row?.[k + 1] === cells[k]) published += 1;
    }
    expect(row?.[3]).toBe(row?.[1] === cells[0] && row?.[2] === cells[1] ? cells[2] : '[c]');
  }
  expect(published).toBeGreaterThan(0);
  expect(repeats?.at(-1)?.[0]).toBe('All');
  // The Knox table: 6 distance bands by 6 day bands (5 of the form's width and one open-ended), no pair count from 1 to 4 printed.
  const knox = tables.find((t) => t[0]?.[0] === 'Distance (m)');
  expect(knox?.[0]).toEqual(['Distance (m)', 'Days apart', 'Pairs', 'Expected pairs', 'Knox ratio', 'p-value', 'Significant']);
  expect(knox?.slice(1)).toHaveLength(36);
  expect(knox?.slice(1).every((r) => !/^[1-4]$/.test(r[2] ?? ''))).toBe(true);
  const shares = tables.find((t) => t[0]?.[0] === 'Area');
  expect(shares?.slice(1).map((r) => r[0])).toEqual(areas.map(([area]) => area));
  let sharesPublished = 0;
  for (const [area, respondents, estimate] of areas) {
    const row = shares?.find((r) => r[0] === area);
    const n = Number((respondents ?? '').replace(/,/g, ''));
    expect(row?.[1]).toBe(n < 5 ? '<5' : respondents);
    // Shares from fewer than 10 respondents are withheld.
    expect(row?.[2]).toBe(n < 10 ? '[c]' : estimate);
    if (n >= 10) sharesPublished += 1;
  }
  expect(sharesPublished).toBeGreaterThan(0);
});
