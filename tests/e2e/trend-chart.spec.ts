/** Selecting a pivot row shows its monthly trend, which exports as PNG and SVG. */
import { downloadBytes, expect, gridCell, importThroughUi, monthFile, readExtract, test } from './fixtures';

const MONTHS = ['2023-01', '2023-02', '2023-03'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('row selection shows the trend; PNG and SVG export', async ({ offlinePage: page }, testInfo) => {
  await importThroughUi(page, MONTHS.map(monthFile));
  const burglaryByMonth = MONTHS.map((m) => readExtract(monthFile(m)).filter((r) => r['Crime type'] === 'Burglary').length);

  await expect(page.getByTestId('export-png')).toBeDisabled();
  await gridCell(page, 'Burglary', '__row').click();
  const canvas = page.getByTestId('trend-canvas');
  await expect(canvas).toHaveAttribute('data-title', 'Burglary: records per month');
  await expect(canvas).toHaveAttribute('aria-label', /Jan 2023 to Mar 2023/);
  await expect(page.getByTestId('export-png')).toBeEnabled();

  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  expect(png.suggestedFilename()).toMatch(/^trend-burglary-.*\.png$/);
  const pngBytes = await downloadBytes(png);
  expect(pngBytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  // The default size preset: A4 full width, 170 x 100 mm at 300 dpi.
  // (ECharts rounds the layout size to whole CSS px, so a pixel or two may go.)
  expect(Math.abs(pngBytes.readUInt32BE(16) - 2008)).toBeLessThanOrEqual(3);
  expect(Math.abs(pngBytes.readUInt32BE(20) - 1181)).toBeLessThanOrEqual(3);
  await page.getByTestId('export-size').selectOption('slide');
  const [slide] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  const slideBytes = await downloadBytes(slide);
  expect([slideBytes.readUInt32BE(16), slideBytes.readUInt32BE(20)]).toEqual([1600, 900]);

  // The analyst's own title goes into the exports (here the SVG); Copy is offered.
  await page.getByTestId('export-edit-text').click();
  await page.getByTestId('export-text-editor').getByLabel('Title', { exact: true }).fill('Burglary: records per month (edited)');
  await expect(canvas).toHaveAttribute('data-title', 'Burglary: records per month (edited)');
  await expect(page.getByTestId('export-copy')).toBeEnabled();

  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  expect(svg.suggestedFilename()).toMatch(/\.svg$/);
  const svgText = (await downloadBytes(svg)).toString('utf8');
  expect(svgText).toContain('<svg');
  expect(svgText).toContain('Burglary: records per month (edited)');
  expect(svgText).toContain('Source Sans 3');
  expect(svgText).toContain('Jan 2023 to Mar 2023');

  // The trend covers the same records as the row: its three months add up to the row's total.
  const total = burglaryByMonth.reduce((a, b) => a + b, 0);
  await expect(gridCell(page, 'Burglary', '__total')).toHaveText(new Intl.NumberFormat('en-GB').format(total));

  await page.screenshot({ path: testInfo.outputPath('trend.png') });
});
