/**
 * Crash recovery in the browser build: a minute after an unsaved import the
 * workbench keeps a copy (IndexedDB); the page then goes away unsaved (a
 * reload stands in for a crash), and the next start offers the copy back.
 * Recover opens it with its changes unsaved, and a save removes the copy;
 * Discard deletes it. The page's clock is moved on rather than waited for.
 */
import type { Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { expect, importThroughUi, recordCount, test } from './fixtures';

/** The kept copy's name and size, read from the page's IndexedDB as the app stores it (recovery-idb.ts). */
function keptCopy(page: Page): Promise<{ name: string; size: number } | null> {
  return page.evaluate(
    () =>
      new Promise<{ name: string; size: number } | null>((resolve) => {
        const request = indexedDB.open('cawb-recovery', 1);
        request.onupgradeneeded = () => request.result.createObjectStore('copies');
        request.onerror = () => resolve(null);
        request.onsuccess = () => {
          const database = request.result;
          const get = database.transaction('copies', 'readonly').objectStore('copies').get('unsaved');
          get.onsuccess = () => {
            const copy = get.result as { name: string; bytes: Uint8Array } | undefined;
            database.close();
            resolve(copy === undefined ? null : { name: copy.name, size: copy.bytes.byteLength });
          };
          get.onerror = () => resolve(null);
        };
      }),
  );
}

test('unsaved work is kept aside, offered back after a crash, and gone once saved or discarded', async ({ offlinePage: page }, testInfo) => {
  test.setTimeout(120_000);
  const lines = ['record_ref,committed_date,crime_type,district'];
  for (let i = 0; i < 40; i++) lines.push(`R${i},15/06/2023,Burglary,Mansfield`);
  const district = testInfo.outputPath('district-recovery.csv');
  writeFileSync(district, lines.join('\n'));

  await page.clock.install();
  expect(await importThroughUi(page, [district])).toBe(40);
  await expect(page.getByTestId('file-name')).toContainText('unsaved changes');
  // Not kept at once: a minute after the change.
  expect(await keptCopy(page)).toBeNull();
  await page.clock.fastForward('01:05');
  await expect.poll(() => keptCopy(page), { timeout: 20_000 }).toEqual({ name: 'Untitled.workbench', size: expect.any(Number) });

  // The tab goes away without saving; the next start offers the copy.
  await page.reload();
  const dialog = page.getByTestId('recovery-dialog');
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('recovery-text')).toContainText('closed without saving the changes to Untitled.workbench. A copy of them was kept at');
  await page.screenshot({ path: testInfo.outputPath('recovery-offer.png') });
  await dialog.getByRole('button', { name: 'Recover' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => recordCount(page)).toBe(40);
  await expect(page.getByTestId('file-name')).toContainText('unsaved changes');

  // Saved: the copy goes, and the next start offers nothing.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('toolbar-save').click()]);
  expect(download.suggestedFilename()).toBe('Untitled.workbench');
  await expect(page.getByTestId('file-name')).not.toContainText('unsaved changes');
  await expect.poll(() => keptCopy(page)).toBeNull();
  await page.reload();
  await expect(page.getByTestId('record-count')).toBeVisible();
  await page.waitForTimeout(1000);
  await expect(dialog).toBeHidden();

  // Another unsaved change, kept, then discarded at the next start: nothing opens, nothing is offered again.
  expect(await importThroughUi(page, [district])).toBe(40);
  await page.clock.fastForward('01:05');
  await expect.poll(() => keptCopy(page), { timeout: 20_000 }).not.toBeNull();
  await page.reload();
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Discard' }).click();
  await expect(dialog).toBeHidden();
  expect(await recordCount(page)).toBe(0);
  await expect.poll(() => keptCopy(page)).toBeNull();
  await page.reload();
  await expect(page.getByTestId('record-count')).toBeVisible();
  await page.waitForTimeout(1000);
  await expect(dialog).toBeHidden();
});
