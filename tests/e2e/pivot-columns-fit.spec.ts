/**
 * The demo's first pivot (crime type by district) at 1440 x 900: every
 * district and the Total are on screen without scrolling sideways; the
 * value columns share the grid's width rather than running off its edge.
 */
import { expect, test } from './fixtures';

test.use({ firstLaunch: true });

test('at 1440 x 900 the demo pivot shows every district column and the Total inside the grid', async ({ offlinePage: page }) => {
  expect(page.viewportSize()).toEqual({ width: 1440, height: 900 });
  await expect(page.getByTestId('synthetic-banner')).toBeVisible({ timeout: 60_000 });
  const grid = page.getByTestId('pivot-grid');
  await expect(grid.locator('.ag-header-cell[col-id="__total"]')).toBeVisible();
  const { viewport, headers } = await grid.evaluate((el) => {
    const root = el.querySelector('.ag-root') ?? el;
    const box = root.getBoundingClientRect();
    return {
      viewport: { left: box.left, right: box.right },
      headers: [...el.querySelectorAll('.ag-header-cell[col-id]')].map((cell) => {
        const r = cell.getBoundingClientRect();
        return { id: cell.getAttribute('col-id') ?? '', text: (cell.textContent ?? '').trim(), left: r.left, right: r.right };
      }),
    };
  });
  const districts = headers.filter((h) => h.id !== '__row' && h.id !== '__total');
  // The demo's districts, Rushcliffe the last, then the Total.
  expect(districts.map((h) => h.id)).toContain('Rushcliffe');
  expect(districts.length).toBeGreaterThanOrEqual(8);
  for (const h of [...districts, ...headers.filter((x) => x.id === '__total')]) {
    expect(h.left, h.id).toBeGreaterThanOrEqual(viewport.left - 1);
    expect(h.right, h.id).toBeLessThanOrEqual(viewport.right + 1);
    // Headings wrap to their full text; none is cut to "Newark a…".
    expect(h.text, h.id).not.toContain('…');
  }
  // Nothing to scroll to sideways.
  const scrolls = await grid.locator('.ag-body-horizontal-scroll-viewport').evaluate((v) => v.scrollWidth > v.clientWidth + 1);
  expect(scrolls).toBe(false);
});
