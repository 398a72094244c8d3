/**
 * Acceptance audit 2, the Flags tab's scope: the line beside Run flags said
 * the Pivot tab's current months and filters even over flags run before
 * they changed, so the list read as flags of data it was not run on. It now
 * names the scope the flags were run on, and says when the Pivot tab has
 * moved on since.
 */
import { expect, filterBy, importThroughUi, test, writeDistrictExtract } from './fixtures';

test('the flags say which months and filters they were run on, after the pivot changes', async ({ offlinePage: page }, testInfo) => {
  const { file } = writeDistrictExtract(testInfo, { seed: 13, records: 3_000, districts: ['Mansfield', 'Ashfield'] });
  await importThroughUi(page, [file]);
  await page.getByTestId('tab-flags').click();
  const panel = page.getByTestId('flags-panel');
  const scope = panel.getByTestId('flags-scope');
  await panel.getByTestId('flags-run').click();
  await expect(panel.getByTestId('flags-method')).toContainText(/across (all \d+ series|the \d+ series tested \(of \d+;)/);
  await expect(scope).toHaveText('Period: start of data to end of data · Filters: none (from the Pivot tab)');

  // The pivot filtered to Mansfield after the run: the flags on screen are still of both districts.
  await page.getByTestId('tab-pivot').click();
  await filterBy(page, 'district', ['Mansfield']);
  await page.getByTestId('tab-flags').click();
  await expect(scope).toHaveText('Period: start of data to end of data · Filters: none. The Pivot tab has changed since (Filters: District = Mansfield): Run flags to follow it.');
  await panel.getByTestId('flags-run').click();
  await expect(scope).toHaveText('Period: start of data to end of data · Filters: District = Mansfield (from the Pivot tab)');
});
