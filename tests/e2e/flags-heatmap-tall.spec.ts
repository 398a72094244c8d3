/**
 * A seasonality heatmap of more series than its panel fits: in the app
 * every row is drawn at a legible height and the panel scrolls (by mouse or,
 * focused, by keyboard); an export keeps its print size (what it does with
 * more rows than fit is checked in electron/cli/chart-render.test.ts).
 */
import { readFileSync } from 'node:fs';
import { seriesVolume } from '../../shared/analytics/series';
import { expect, importThroughUi, test, writeDistrictExtract } from './fixtures';

test('a tall seasonality heatmap scrolls in the app; its A4 export draws the rows that fit and says so', async ({ offlinePage: page }, testInfo) => {
  test.setTimeout(300_000);
  const { records, file } = writeDistrictExtract(testInfo, { seed: 11, records: 60_000, districts: ['Mansfield', 'Ashfield'] });
  // The heatmap draws the series that were tested: those with records enough for the volume rule (the rarest types are not).
  const first = Math.min(...records.map((r) => r.monthIndex));
  const months = Math.max(...records.map((r) => r.monthIndex)) - first + 1;
  const byType = new Map<string, number[]>();
  for (const r of records) {
    const counts = byType.get(r.crime_type) ?? new Array<number>(months).fill(0);
    counts[r.monthIndex - first] = (counts[r.monthIndex - first] ?? 0) + 1;
    byType.set(r.crime_type, counts);
  }
  const crimeTypes = new Set([...byType].filter(([, counts]) => seriesVolume(counts).testable).map(([type]) => type));
  expect(crimeTypes.size).toBeLessThan(byType.size);
  // More series than the panel's 380 px fits at 16 px a screen row ((380 - 170) / 16 = 13), few enough (21) that all are drawn, in the app and on A4.
  expect(crimeTypes.size).toBeGreaterThan(13);
  expect(crimeTypes.size).toBeLessThanOrEqual(21);
  await importThroughUi(page, [file]);

  await page.getByTestId('tab-flags').click();
  const panel = page.getByTestId('flags-panel');
  await panel.getByTestId('flags-by').selectOption('crime_type');
  await panel.getByTestId('flags-run').click();
  const chart = page.getByTestId('flag-seasonal-heatmap');
  await expect(chart.getByTestId('flag-seasonal-heatmap-canvas')).toHaveAttribute('data-title', 'Seasonal index by month', { timeout: 120_000 });

  // The rare types are listed apart, each with its records and months, not flagged.
  const untested = panel.getByTestId('flags-untested');
  await expect(untested).toContainText(`${byType.size - crimeTypes.size} series not tested: too few records`);
  await untested.locator('summary').click();
  await expect(untested.getByTestId('flags-untested-item')).toHaveCount(byType.size - crimeTypes.size);
  await expect(untested.getByTestId('flags-untested-item').first()).toHaveText(/^[^:]+: too few records to test \(\d+ records over \d+ months\)$/);
  // The multiple-comparison note counts the series tested, not all of them.
  await expect(panel.getByTestId('flags-method')).toContainText(`Seasonality and trend across the ${crimeTypes.size} series tested (of ${byType.size}; the rest have too few records) are controlled`);

  // Every series a row of at least 13 px: the canvas is taller than its panel, which scrolls and takes focus.
  const host = chart.getByTestId('flag-seasonal-heatmap-host');
  const sizes = await host.evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight, canvas: el.querySelector('canvas')?.clientHeight ?? 0 }));
  expect(sizes.scroll).toBeGreaterThan(sizes.client);
  expect(sizes.canvas).toBeGreaterThanOrEqual(crimeTypes.size * 13 + 150);
  await host.focus();
  await page.keyboard.press('PageDown');
  await expect.poll(() => host.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);

  // The figures under the chart list every series.
  await chart.getByText('Figures in this chart (table)').click();
  await expect(chart.locator('table tbody tr')).toHaveCount(crimeTypes.size);

  // The A4 SVG keeps its print size and still names every series (up to 21 fit at 11 px a row), with no note of rows left out.
  const [download] = await Promise.all([page.waitForEvent('download'), chart.getByTestId('flag-seasonal-heatmap-svg').click()]);
  const svg = readFileSync(await download.path(), 'utf8');
  const named = [...crimeTypes].filter((t) => svg.includes(`>${t.replace(/&/g, '&amp;')}<`));
  expect(named).toHaveLength(crimeTypes.size);
  expect(svg).not.toContain('with the most records are drawn');
});
