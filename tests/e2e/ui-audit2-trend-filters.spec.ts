/**
 * Acceptance audit 2, the trend chart: its subtitle names the pivot's filters
 * as the exports' header does ("Domestic: Yes"), not their bare values, so an
 * exported chart says what it is of; the months it draws add up to the row's
 * total in the grid.
 */
import { downloadBytes, expect, filterBy, gridCell, importThroughUi, layPivot, test, writeDistrictExtract } from './fixtures';

test('the trend of a filtered row names its filters in the subtitle and its export', async ({ offlinePage: page }, testInfo) => {
  const { records, file } = writeDistrictExtract(testInfo, { seed: 8, records: 3_000, districts: ['Mansfield', 'Ashfield', 'Gedling'] });
  await importThroughUi(page, [file]);
  await layPivot(page, { rows: ['crime_type'], columns: [] });
  await page.getByTestId('flag-domestic').selectOption('Yes');
  await filterBy(page, 'district', ['Mansfield', 'Ashfield']);
  const expected = records.filter((r) => r.crime_type === 'Violence with injury' && r.domestic === 'Y' && ['Mansfield', 'Ashfield'].includes(r.district)).length;
  await expect(gridCell(page, 'Violence with injury', 'value')).toHaveText(new Intl.NumberFormat('en-GB').format(expected));
  await gridCell(page, 'Violence with injury', '__row').click();
  const canvas = page.getByTestId('trend-canvas');
  await expect(canvas).toHaveAttribute('data-title', 'Violence with injury: records per month');
  await expect(canvas).toHaveAttribute('aria-label', /· Domestic: Yes; District: Mansfield or Ashfield$/);
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  expect((await downloadBytes(svg)).toString('utf8')).toContain('Domestic: Yes; District: Mansfield or Ashfield');
});
