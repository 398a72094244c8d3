/**
 * The grid's colour scale on a change measure: centred on no change, so a
 * fall is blue, a rise red and no change the neutral middle, rather than
 * the smallest change (a fall) painted white like a nought.
 */
import { expect, gridCell, importThroughUi, layPivot, monthFile, readExtract, test } from './fixtures';

const MONTHS = ['2023-01', '2023-02'] as const;

/** The red, green and blue of a CSS colour as the browser reports it. */
function channels(colour: string): number[] {
  return (colour.match(/\d+/g) ?? []).slice(0, 3).map(Number);
}

test('a heatmap of % change on the previous month: falls blue, rises red, no change neutral', async ({ offlinePage: page }, testInfo) => {
  // Records per crime type in each month, force-wide, to know which types rose and which fell.
  const counts = MONTHS.map((month) => {
    const byType = new Map<string, number>();
    for (const row of readExtract(monthFile(month))) byType.set(row['Crime type'] ?? '', (byType.get(row['Crime type'] ?? '') ?? 0) + 1);
    return byType;
  });
  const change = (type: string): number => ((counts[1]?.get(type) ?? 0) - (counts[0]?.get(type) ?? 0)) / (counts[0]?.get(type) ?? 1);
  const types = [...(counts[0]?.keys() ?? [])].filter((type) => (counts[0]?.get(type) ?? 0) >= 50 && (counts[1]?.get(type) ?? 0) >= 50);
  const fall = types.reduce((a, b) => (change(b) < change(a) ? b : a));
  const rise = types.reduce((a, b) => (change(b) > change(a) ? b : a));
  expect(change(fall), 'a crime type that fell').toBeLessThan(-0.05);
  expect(change(rise), 'a crime type that rose').toBeGreaterThan(0.05);

  await importThroughUi(page, MONTHS.map(monthFile));
  await layPivot(page, { rows: ['crime_type'], columns: ['month'] });
  await page.getByTestId('pivot-measure').selectOption('change_prev');
  await page.getByTestId('toggle-isHeatmap').check();
  const fallen = gridCell(page, fall, '2023-02');
  const risen = gridCell(page, rise, '2023-02');
  await expect(fallen).toHaveText(/^-\d/);
  await expect(risen).toHaveText(/^\+\d/);
  await expect(fallen).not.toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
  const [fallR = 0, , fallB = 0] = channels(await fallen.evaluate((cell) => getComputedStyle(cell).backgroundColor));
  const [riseR = 0, , riseB = 0] = channels(await risen.evaluate((cell) => getComputedStyle(cell).backgroundColor));
  expect(fallB, 'a fall is blue').toBeGreaterThan(fallR);
  expect(riseR, 'a rise is red').toBeGreaterThan(riseB);
  await page.getByTestId('pivot-grid').screenshot({ path: testInfo.outputPath('change-heatmap.png') });

  // Counts stay on the single-hue scale from the smallest figure: blue-ish, the largest darkest.
  await page.getByTestId('pivot-measure').selectOption('count');
  const [countR = 0, , countB = 0] = channels(await risen.evaluate((cell) => getComputedStyle(cell).backgroundColor));
  expect(countB).toBeGreaterThanOrEqual(countR);
});
