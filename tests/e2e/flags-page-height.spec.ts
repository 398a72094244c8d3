/**
 * Flags by district on a year of police.uk data list many flags: the list and
 * charts scroll inside the Flags panel, the app itself stays the window's
 * height (the page used to grow to 1,205 px in a 900 px window, leaving an
 * empty band under the status bar).
 */
import { expect, flagsByDistrictOver2023, test } from './fixtures';

test('flags by district scroll inside their panel; the page stays the window height', async ({ offlinePage: page }) => {
  test.setTimeout(480_000);
  const panel = await flagsByDistrictOver2023(page);

  // The charts beside the list are taller than the panel, so they scroll inside it...
  const charts = await panel.locator('.flag-charts').evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight }));
  expect(charts.scroll).toBeGreaterThan(charts.client);
  // ...and the page does not: nothing to scroll, the status bar sits on the window's bottom edge.
  const size = await page.evaluate(() => ({ inner: window.innerHeight, scroll: document.scrollingElement?.scrollHeight ?? Infinity }));
  expect(size.inner).toBe(900);
  expect(size.scroll).toBeLessThanOrEqual(size.inner);
  const status = await page.getByRole('contentinfo').boundingBox();
  expect(Math.round((status?.y ?? 0) + (status?.height ?? 0))).toBe(900);
});
