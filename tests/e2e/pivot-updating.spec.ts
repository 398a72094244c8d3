/**
 * While a pivot re-runs, the figures on screen are the last spec's: after an
 * import (the cubes are rebuilt first) the grid says it is updating, and
 * stops saying so once the new figures are in.
 */
import { expect, formatGb, importThroughUi, test, writeDistrictExtract } from './fixtures';

test('the grid says it is updating while a pivot re-runs after an import', async ({ offlinePage: page }, testInfo) => {
  const { records, file } = writeDistrictExtract(testInfo, { seed: 21, records: 40_000, districts: ['Mansfield', 'Ashfield', 'Gedling'] });
  const grid = page.getByTestId('pivot-grid');
  await expect(grid).toBeVisible();
  await expect(page.getByTestId('pivot-updating')).toHaveCount(0);
  // Whether the notice was ever in the page, seen by a MutationObserver (a quick pivot shows it only briefly).
  await page.evaluate(() => {
    const seen = { updating: false };
    (window as unknown as { seen: typeof seen }).seen = seen;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="pivot-updating"]') !== null) seen.updating = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await importThroughUi(page, [file]);
  const grandTotal = grid.locator('.ag-row-pinned .ag-cell[col-id="__total"]');
  await expect(grandTotal).toHaveText(formatGb(records.length), { timeout: 60_000 });
  await expect(page.getByTestId('pivot-updating')).toHaveCount(0);
  await expect(grid).toHaveAttribute('aria-busy', 'false');
  expect(await page.evaluate(() => (window as unknown as { seen: { updating: boolean } }).seen.updating)).toBe(true);
});
