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
  // Headings wrap between words, never inside one ("Nottingha / m City"): each word's letters lie on one line,
  // the sorted column's too, with its arrow beside them.
  const brokenWords = (): Promise<string[]> => grid.evaluate((el) => {
    const broken: string[] = [];
    for (const cell of el.querySelectorAll('.ag-header-cell[col-id]')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const match of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  });
  expect(await brokenWords()).toEqual([]);
  await page.getByTestId('sort-Nottingham City').click();
  await expect(page.getByTestId('sort-Nottingham City')).toHaveAttribute('data-sort', 'desc');
  await expect.poll(brokenWords).toEqual([]);
  // Nothing to scroll to sideways.
  const scrolls = await grid.locator('.ag-body-horizontal-scroll-viewport').evaluate((v) => v.scrollWidth > v.clientWidth + 1);
  expect(scrolls).toBe(false);
});
