/**
 * Progress and Cancel for repeat victims, top victims, repeat locations and
 * the near-repeat flag refill. A long Knox test keeps the worker busy so each Cancel is sure
 * to land before the request finishes (the worker-side cancel mid-run is unit
 * tested in shared/analytics/repeats-cancel.test.ts); what was on screen and
 * in the pivot stays.
 */
import { expect, importThroughUi, test, writeDistrictExtract } from './fixtures';

test('Cancel on repeat victims, top victims, repeat locations and the flag refill leaves the screen and the pivot as they were', async ({ offlinePage: page }, testInfo) => {
  const { records: rows, file } = writeDistrictExtract(testInfo, { seed: 4, records: 40_000, districts: ['Mansfield', 'Gedling'] });
  expect(await importThroughUi(page, [file])).toBe(rows.length);
  await page.getByTestId('tab-repeats').click();

  // First results to keep: repeat victims, top victims, locations, a Knox test and its flags on the pivot.
  await page.getByTestId('repeat-run').click();
  await expect(page.getByTestId('repeat-table').locator('tbody tr')).toHaveCount(2);
  const firstRepeats = (await page.getByTestId('repeat-table').textContent()) ?? '';
  await page.getByTestId('top-count').fill('5');
  await page.getByTestId('top-run').click();
  await expect(page.getByTestId('top-victim')).toHaveCount(5);
  const firstVictims = await page.getByTestId('top-victim').allInnerTexts();
  await page.getByTestId('locations-run').click();
  await expect(page.getByTestId('locations-table').locator('tbody tr')).toHaveCount(5);
  const firstLocations = (await page.getByTestId('locations-table').textContent()) ?? '';
  await page.getByTestId('near-repeat-crime-type').selectOption('Burglary Dwelling');
  await page.getByTestId('near-repeat-permutations').fill('99');
  await page.getByTestId('near-repeat-run').click();
  await expect(page.getByTestId('near-repeat-share')).toBeVisible();
  await page.getByTestId('near-repeat-flag-pivot').click();
  const summary = page.getByTestId('near-repeat-flag-summary');
  await expect(summary).toContainText('within 200 m and 7 days');
  const firstSummary = await summary.innerText();

  // A long Knox test holds the worker; everything asked for meanwhile waits behind it.
  await page.getByTestId('near-repeat-permutations').fill('99999');
  await page.getByTestId('near-repeat-run').click();
  await expect(page.getByTestId('near-repeat-cancel')).toBeVisible();

  await page.getByTestId('repeat-window').fill('30');
  await page.getByTestId('repeat-run').click();
  await expect(page.getByTestId('repeat-progress')).toBeVisible();
  await expect(page.getByTestId('repeat-run')).toBeDisabled();
  await page.getByTestId('repeat-cancel').click();
  await expect(page.getByTestId('notice')).toHaveText('Repeat victims cancelled.');
  await expect(page.getByTestId('repeat-progress')).toBeHidden();
  await expect(page.getByTestId('repeat-table')).toHaveText(firstRepeats);

  await page.getByTestId('top-count').fill('8');
  await page.getByTestId('top-run').click();
  await expect(page.getByTestId('top-victims-progress')).toBeVisible();
  await expect(page.getByTestId('top-run')).toBeDisabled();
  await page.getByTestId('top-victims-cancel').click();
  await expect(page.getByTestId('notice')).toHaveText('Top victims cancelled.');
  await expect(page.getByTestId('top-victims-progress')).toBeHidden();
  expect(await page.getByTestId('top-victim').allInnerTexts()).toEqual(firstVictims);

  await page.getByTestId('location-grid').fill('100');
  await page.getByTestId('locations-run').click();
  await expect(page.getByTestId('locations-progress')).toBeVisible();
  await page.getByTestId('locations-cancel').click();
  await expect(page.getByTestId('notice')).toHaveText('Repeat locations cancelled.');
  await expect(page.getByTestId('locations-table')).toHaveText(firstLocations);

  await page.getByTestId('near-repeat-flagSpace').fill('400');
  await page.getByTestId('near-repeat-flag-pivot').click();
  await expect(page.getByTestId('flags-progress')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('repeats-cancel.png'), fullPage: true });
  await page.getByTestId('flags-cancel').click();
  await expect(page.getByTestId('notice')).toHaveText('Near-repeat flags cancelled.');
  await expect(summary).toHaveText(firstSummary);

  // Stop the Knox test; the workbench still answers, and the flags were not refilled meanwhile.
  await page.getByTestId('near-repeat-cancel').click();
  await expect(page.getByTestId('near-repeat-cancel')).toBeHidden();
  await page.getByTestId('top-run').click();
  await expect(page.getByTestId('top-victim')).toHaveCount(8);
  // The cancelled 30-day run, asked for again, does answer (fewer repeats within 30 days than 365).
  await page.getByTestId('repeat-run').click();
  await expect(page.getByTestId('repeat-table')).not.toHaveText(firstRepeats);
  await expect(page.getByTestId('repeat-table').locator('tbody tr')).toHaveCount(2);
  await page.getByTestId('near-repeat-flag-pivot').click();
  await expect(summary).toContainText('within 400 m and 7 days');
  await expect(summary).not.toHaveText(firstSummary);
});
