/**
 * The pivot grid has the height at 1440 x 900 (the config's window): the
 * Trend panel is one header line until a row is selected, and the analyst
 * can hide the chart or drag / key its height, which is remembered.
 */
import type { Page } from '@playwright/test';
import { expect, gridCell, importThroughUi, layPivot, monthFile, test } from './fixtures';

/** Grid rows wholly inside the grid's scrolling viewport, below its header. */
async function visibleGridRows(page: Page): Promise<number> {
  return page.getByTestId('pivot-grid').evaluate((grid) => {
    const viewport = grid.querySelector('.ag-body-viewport, .ag-grid-viewport') ?? grid;
    const box = viewport.getBoundingClientRect();
    const header = grid.querySelector('.ag-header')?.getBoundingClientRect();
    const top = Math.max(box.top, header?.bottom ?? box.top);
    // The pinned Total row below the body is not a data row.
    const bottom = Math.min(box.bottom, grid.querySelector('.ag-floating-bottom')?.getBoundingClientRect().top ?? box.bottom);
    const rows = [...grid.querySelectorAll('.ag-row[row-id]')].filter((row) => row.closest('.ag-floating-bottom, .ag-floating-top') === null);
    return new Set(
      rows.filter((row) => {
        const r = row.getBoundingClientRect();
        return r.height > 0 && r.top >= top - 1 && r.bottom <= bottom + 1;
      }).map((row) => row.getAttribute('row-id')),
    ).size;
  });
}

test('at 1440 x 900 the grid shows well over 15 rows; the trend chart takes room only when shown, and can be hidden or resized', async ({ offlinePage: page }) => {
  expect(page.viewportSize()).toEqual({ width: 1440, height: 900 });
  await importThroughUi(page, [monthFile('2023-01')]);
  // Districts: the real file places records in far more districts than fit.
  await layPivot(page, { rows: ['district'], columns: [] });
  await expect(gridCell(page, 'Mansfield', '__row')).toBeVisible();
  const trend = page.getByTestId('trend-chart');

  // Nothing selected: the Trend panel is its header line.
  await expect(trend).toContainText('Select a row in the table to see its monthly trend.');
  expect((await trend.boundingBox())?.height ?? 0).toBeLessThan(60);
  const empty = await visibleGridRows(page);
  expect(empty).toBeGreaterThanOrEqual(20);

  // A row selected: the chart at its default height, the grid still a useful size.
  await gridCell(page, 'Mansfield', '__row').click();
  await expect(page.getByTestId('trend-canvas')).toHaveAttribute('data-title', 'Mansfield: records per month');
  const shown = (await trend.boundingBox())?.height ?? 0;
  expect(shown).toBeGreaterThan(250);
  expect(await visibleGridRows(page)).toBeLessThan(empty);
  expect(await visibleGridRows(page)).toBeGreaterThanOrEqual(10);

  // Hidden: back to one line, the grid has the height again; the choice is kept as a preference.
  const toggle = page.getByTestId('trend-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await toggle.click();
  await expect(toggle).toHaveText('Show chart');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(trend).toContainText('Mansfield: records per month (hidden)');
  await expect.poll(async () => (await trend.boundingBox())?.height ?? 0).toBeLessThan(60);
  expect(await visibleGridRows(page)).toBe(empty);
  expect(await page.evaluate(() => localStorage.getItem('caw-display-preferences'))).toContain('"isTrendCollapsed":true');
  await toggle.click();
  await expect(page.getByTestId('trend-canvas')).toBeVisible();

  // Resized by keyboard on its top edge: Home the least, arrows in steps, End the most.
  const resizer = page.getByTestId('trend-resizer');
  await expect(resizer).toHaveAttribute('role', 'separator');
  await resizer.focus();
  await page.keyboard.press('Home');
  await expect(resizer).toHaveAttribute('aria-valuenow', '160');
  await expect.poll(async () => (await trend.boundingBox())?.height ?? 0).toBeLessThan(170);
  expect(await visibleGridRows(page)).toBeGreaterThan(15);
  await page.keyboard.press('ArrowUp');
  await expect(resizer).toHaveAttribute('aria-valuenow', '180');

  // And by dragging: up makes the chart taller.
  const edge = await resizer.boundingBox();
  if (edge === null) throw new Error('no resize handle');
  await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2 - 100, { steps: 5 });
  await page.mouse.up();
  await expect(resizer).toHaveAttribute('aria-valuenow', '280');
  expect(await page.evaluate(() => localStorage.getItem('caw-display-preferences'))).toContain('"trendHeight":280');
});
