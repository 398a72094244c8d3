/**
 * Acceptance audit 2, the grid's edges: where the browser draws no scrollbar
 * of its own (overlay scrollbars, as in headless Chromium or on a Mac), AG
 * Grid lays its own 16 px bars over the grid. Scrolled fully right and fully
 * down, the Total column and the last row must still be wholly visible, not
 * tucked under those bars.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, importThroughUi, layPivot, test, writeDistrictExtract } from './fixtures';

interface Edges {
  /** The Total column header's right edge and the grid viewport's visible right edge (left of any vertical bar). */
  totalRight: number;
  visibleRight: number;
  /** The last body row's bottom edge and the visible bottom of the rows (above any horizontal bar). */
  lastRowBottom: number;
  visibleBottom: number;
  /** What the page shows just inside the last row's Total cell's right edge, and just above that row's bottom edge. */
  atTotalEdge: string;
  atLastRowEdge: string;
}

/** Scrolls the grid fully right and down, then measures its edges against its overlay scrollbars. */
async function scrolledEdges(page: Page, grid: Locator, lastColumn: string): Promise<Edges> {
  const viewport = grid.locator('.ag-grid-viewport');
  await viewport.evaluate((el) => {
    el.scrollLeft = el.scrollWidth;
    el.scrollTop = el.scrollHeight;
  });
  // The grid renders the rows and columns scrolled into view on its next frames.
  await page.waitForTimeout(300);
  return grid.evaluate((root, lastColumnId): Edges => {
    const box = (selector: string): DOMRect | null => root.querySelector(selector)?.getBoundingClientRect() ?? null;
    const shown = (selector: string): DOMRect | null => {
      const el = root.querySelector<HTMLElement>(selector);
      return el === null || el.offsetParent === null || getComputedStyle(el).display === 'none' ? null : el.getBoundingClientRect();
    };
    const grid = box('.ag-grid-viewport');
    const total = box(`.ag-header-cell[col-id="${lastColumnId}"]`);
    const rows = Array.from(root.querySelectorAll<HTMLElement>('.ag-grid-scrolling-rows .ag-row'));
    const last = rows.reduce<HTMLElement | null>((a, r) => (a === null || Number(r.getAttribute('row-index')) > Number(a.getAttribute('row-index')) ? r : a), null);
    // Below the rows: the pinned Total row where there is one, else the viewport's bottom.
    const pinned = root.querySelector('.ag-grid-pinned-bottom-rows .ag-row') === null ? grid : box('.ag-grid-pinned-bottom-rows');
    if (grid === null || total === null || last === null || pinned === null) throw new Error('grid parts not found');
    const lastBox = last.getBoundingClientRect();
    const lastTotal = last.querySelector(`.ag-cell[col-id="${lastColumnId}"]`)?.getBoundingClientRect();
    if (lastTotal === undefined) throw new Error('the last row has no Total cell');
    const vertical = shown('.ag-body-vertical-scroll');
    const horizontal = shown('.ag-body-horizontal-scroll');
    const describe = (x: number, y: number): string => {
      const el = document.elementFromPoint(x, y);
      return el?.closest('.ag-body-vertical-scroll, .ag-body-horizontal-scroll') ? 'scrollbar' : el?.closest('.ag-header-cell, .ag-row') ? 'grid' : 'other';
    };
    return {
      totalRight: total.right,
      visibleRight: vertical === null ? grid.right : Math.min(grid.right, vertical.left),
      lastRowBottom: lastBox.bottom,
      visibleBottom: horizontal === null ? (pinned === grid ? grid.bottom : pinned.top) : Math.min(pinned === grid ? grid.bottom : pinned.top, horizontal.top),
      atTotalEdge: describe(lastTotal.right - 3, lastTotal.top + lastTotal.height / 2),
      atLastRowEdge: describe(lastTotal.left + 10, lastBox.bottom - 3),
    };
  }, lastColumn);
}

test('scrolled fully right and down, the Total column and the last row are not under the scrollbars', async ({ offlinePage: page }, testInfo) => {
  // Crime types by month over two years: wider and taller than the grid.
  const { file } = writeDistrictExtract(testInfo, { seed: 7, records: 3_000, districts: ['Mansfield', 'Ashfield'] });
  await importThroughUi(page, [file]);
  await layPivot(page, { rows: ['crime_type'], columns: ['month'] });
  await expect(page.getByTestId('pivot-grid').locator('.ag-header-cell[col-id="__total"]')).toHaveCount(1);
  const edges = await scrolledEdges(page, page.getByTestId('pivot-grid'), '__total');
  testInfo.annotations.push({ type: 'edges', description: JSON.stringify(edges) });
  expect(edges.atTotalEdge, 'the Total cell is what shows at its right edge').toBe('grid');
  expect(edges.totalRight).toBeLessThanOrEqual(edges.visibleRight + 0.5);
  expect(edges.atLastRowEdge, 'the last row is what shows at its bottom edge').toBe('grid');
  expect(edges.lastRowBottom).toBeLessThanOrEqual(edges.visibleBottom + 0.5);
});

test('the drill-through list, scrolled fully right and down, shows its last column and record whole', async ({ offlinePage: page }, testInfo) => {
  const { file } = writeDistrictExtract(testInfo, { seed: 7, records: 3_000, districts: ['Mansfield'] });
  await importThroughUi(page, [file]);
  await layPivot(page, { rows: ['crime_type'], columns: [] });
  await page.getByTestId('pivot-grid').locator('.ag-row[row-id="Shoplifting"] .ag-cell[col-id="value"]').dblclick();
  const grid = page.locator('.drill-grid');
  await expect(grid.locator('.ag-row').first()).toBeVisible();
  const last = await grid.locator('.ag-header-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('col-id') ?? '').at(-1) ?? '');
  const edges = await scrolledEdges(page, grid, last);
  testInfo.annotations.push({ type: 'edges', description: JSON.stringify(edges) });
  expect(edges.atTotalEdge, 'the last column is what shows at its right edge').toBe('grid');
  expect(edges.atLastRowEdge, 'the last record is what shows at its bottom edge').toBe('grid');
});
