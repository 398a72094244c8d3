/**
 * Long work reaches a screen reader through live regions: import, flags and
 * the repeat analyses say that they started and how they ended, errors are
 * alerts, and the progress bars' every step is not read out. A recorder in
 * the page notes each change of text in any live region.
 */
import type { Page } from '@playwright/test';
import { expect, formatGb, monthFile, readExtract, test, writeDistrictExtract } from './fixtures';

/** Must match PROGRESS_GAP_MS in renderer/src/state/announcements.ts. */
const PROGRESS_GAP_MS = 10_000;

interface Spoken {
  region: string;
  text: string;
  at: number;
}

declare global {
  interface Window {
    spoken: Spoken[];
  }
}

/** Records, from page load, each new text of a live region (role status, alert or log, or aria-live not off). */
async function recordLiveRegions(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.spoken = [];
    const last = new Map<Element, string>();
    const LIVE = '[role="status"], [role="alert"], [role="log"], [aria-live]:not([aria-live="off"])';
    const note = (): void => {
      for (const region of document.querySelectorAll(LIVE)) {
        const text = (region.textContent ?? '').trim();
        if (text !== (last.get(region) ?? '') && text !== '') {
          const name = region.getAttribute('data-testid') ?? `${region.tagName.toLowerCase()}.${region.className}`;
          window.spoken.push({ region: name, text, at: performance.now() });
        }
        last.set(region, text);
      }
    };
    new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['role', 'aria-live'] });
  });
}

const spokenSince = (page: Page, from: number): Promise<Spoken[]> => page.evaluate((t) => window.spoken.filter((s) => s.at >= t), from);
const now = (page: Page): Promise<number> => page.evaluate(() => performance.now());

test.beforeEach(async ({ page }) => recordLiveRegions(page));

test('an import says it started and what it imported, without reading out each progress step', async ({ offlinePage: page }) => {
  const months = ['2023-01', '2023-02', '2023-03'];
  const files = months.map((m) => monthFile(m));
  const records = files.reduce((n, f) => n + readExtract(f).length, 0);
  const from = await now(page);
  await page.getByTestId('import-files-input').setInputFiles(files);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 90_000 });
  const accepted = (await summary.getByTestId('summary-total-accepted').innerText()).trim();
  expect(accepted).toBe(formatGb(records));
  const until = await now(page);
  const spoken = await spokenSince(page, from);
  const texts = spoken.map((s) => s.text);
  const announced = spoken.filter((s) => s.region === 'announcer').map((s) => s.text);
  expect(announced[0]).toBe('Import started.');
  expect(announced.at(-1)).toBe(`Import finished: 3 files, ${accepted} records accepted, 0 rejected, 0 duplicate.`);
  // Start, end, and progress at most once per gap: the bar moves every 5,000 rows (more than a dozen times here).
  // The pivot's own "Updating the pivot…" status may be said once too.
  const others = spoken.filter((s) => s.region !== 'announcer');
  expect(others.map((s) => s.text).filter((t) => t !== 'Updating the pivot…'), JSON.stringify(texts)).toEqual([]);
  expect(announced.length, JSON.stringify(texts)).toBeLessThanOrEqual(2 + Math.ceil((until - from) / PROGRESS_GAP_MS));
  await summary.getByRole('button', { name: 'Close' }).click();
});

test('flags and the repeat analyses say when they finish; their errors are alerts', async ({ offlinePage: page }, testInfo) => {
  test.setTimeout(240_000);
  // police.uk months first: the repeat screen's error for data without dates.
  await page.getByTestId('import-files-input').setInputFiles(monthFile('2023-01'));
  await page.getByTestId('import-summary').getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('tab-repeats').click();
  await page.getByTestId('repeat-run').click();
  await expect(page.getByRole('alert').filter({ hasText: 'needs a district extract with dates' })).toBeVisible();

  const { file } = writeDistrictExtract(testInfo, { seed: 5, records: 12_000, districts: ['Mansfield', 'Ashfield'] });
  await page.getByTestId('toolbar-new').click();
  await page.getByTestId('unsaved-dialog').getByRole('button', { name: "Don't save" }).click();
  await page.getByTestId('import-files-input').setInputFiles(file);
  await page.getByTestId('import-summary').getByRole('button', { name: 'Close' }).click();

  let from = await now(page);
  await page.getByTestId('tab-flags').click();
  await page.getByTestId('flags-by').selectOption('crime_type');
  await page.getByTestId('flags-run').click();
  const items = page.getByTestId('flag-item');
  await expect(page.getByTestId('flags-progress')).toBeHidden({ timeout: 120_000 });
  const flagCount = await items.count();
  const method = /across (?:all ([\d,]+) series|the [\d,]+ series tested \(of ([\d,]+);)/.exec(await page.getByTestId('flags-method').innerText());
  const series = Number((method?.[1] ?? method?.[2])?.replace(/,/g, ''));
  let texts = (await spokenSince(page, from)).filter((s) => s.region === 'announcer').map((s) => s.text);
  expect(texts[0]).toBe('Flags running.');
  expect(texts.at(-1)).toBe(`Flags finished: ${formatGb(flagCount)} ${flagCount === 1 ? 'flag' : 'flags'} across ${formatGb(series)} series.`);

  from = await now(page);
  await page.getByTestId('tab-repeats').click();
  await page.getByTestId('repeat-run').click();
  await expect(page.getByTestId('repeat-table')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('near-repeat-crime-type').selectOption('Burglary Dwelling');
  await page.getByTestId('near-repeat-permutations').fill('19');
  await page.getByTestId('near-repeat-run').click();
  await expect(page.getByTestId('near-repeat-share')).toBeVisible({ timeout: 60_000 });
  await expect.poll(async () => (await spokenSince(page, from)).filter((s) => s.region === 'announcer').map((s) => s.text).at(-1)).toBe('Near-repeat test finished.');
  texts = (await spokenSince(page, from)).filter((s) => s.region === 'announcer').map((s) => s.text);
  expect(texts).toContain('Repeat victims finished.');
});
