/** First launch opens the synthetic demo workbench, labelled as such; later launches start empty. */
import { expect, recordCount, test } from './fixtures';

test.use({ firstLaunch: true });

test('the first launch opens the demo with a synthetic-data banner', async ({ offlinePage: page }, testInfo) => {
  const banner = page.getByTestId('synthetic-banner');
  await expect(banner).toBeVisible({ timeout: 60_000 });
  await expect(banner).toContainText('Synthetic demo data — not real crimes or people');
  await expect(page.getByTestId('file-name')).toHaveText('Demo (synthetic data).workbench');
  expect(await recordCount(page)).toBeGreaterThan(0);
  await expect(page.locator('.pivot-grid .ag-row').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('demo.png') });

  // The app has now launched once: a reload starts with an empty workbench.
  await page.reload();
  // Give a (wrong) demo load time to arrive before checking that none did.
  await page.waitForTimeout(2_000);
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', '0');
  await expect(banner).toBeHidden();
  await expect(page.getByTestId('file-name')).toHaveText('Untitled.workbench');
});
