/**
 * Acceptance audit, re-imports and the Data panel: the same file again adds
 * nothing (every row a duplicate); an overlapping extract adds only its new
 * records; a changed record is reported as updated and the pivot follows
 * it. The Data panel lists each import with its file, SHA-256, kind, counts
 * and time; removing one takes its records out and leaves the rest, and
 * removing a revision puts the records it changed back as they were.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { type GeneratedDistrictRecord, districtCsv, generateDistrictRecords } from '../../shared/generator';
import { expectNoAxeViolations } from './a11y';
import { expect, formatGb, gridCell, recordCount, test } from './fixtures';

const grandTotal = (page: Page) => page.getByTestId('pivot-grid').locator('.ag-row-pinned .ag-cell[col-id="__total"]');

interface Counts {
  read: number;
  accepted: number;
  rejected: number;
  duplicate: number;
  updated: number;
}

async function importExpecting(page: Page, file: string, counts: Counts): Promise<void> {
  await page.getByTestId('import-files-input').setInputFiles(file);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  for (const key of ['read', 'accepted', 'rejected', 'duplicate', 'updated'] as const) await expect(summary.getByTestId(`summary-total-${key}`), key).toHaveText(formatGb(counts[key]));
  await summary.getByRole('button', { name: 'Close' }).click();
  await expect(summary).toBeHidden();
}

function countBy(records: readonly GeneratedDistrictRecord[], field: 'crime_type'): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r[field], (counts.get(r[field]) ?? 0) + 1);
  return counts;
}

test('re-import adds nothing, an overlap adds only new records, a change is an update; removing an import leaves the rest', async ({ offlinePage: page }, testInfo) => {
  // The generator spreads its records force-wide and keeps these two districts' share.
  const all = [...generateDistrictRecords({ seed: 11, records: 5000, districts: ['Mansfield', 'Ashfield'] })].slice(0, 1000);
  expect(all).toHaveLength(1000);
  expect(new Set(all.map((r) => r.record_ref)).size).toBe(all.length);
  const first = all.slice(0, 600);
  const overlap = all.slice(400);
  // Five records of the first extract come back re-classified as criminal damage.
  const changedType = 'Criminal damage';
  const changedIndexes = first.flatMap((r, i) => (r.crime_type !== changedType && r.record_type === 'crime' ? [i] : [])).slice(0, 5);
  expect(changedIndexes).toHaveLength(5);
  const revised = first.map((r, i) => (changedIndexes.includes(i) ? { ...r, crime_type: changedType } : r));
  const files = { first: testInfo.outputPath('district-q1.csv'), overlap: testInfo.outputPath('district-q1-q2.csv'), revised: testInfo.outputPath('district-q1-revised.csv') };
  writeFileSync(files.first, districtCsv(first));
  writeFileSync(files.overlap, districtCsv(overlap));
  writeFileSync(files.revised, districtCsv(revised));

  await importExpecting(page, files.first, { read: 600, accepted: 600, rejected: 0, duplicate: 0, updated: 0 });
  await importExpecting(page, files.first, { read: 600, accepted: 0, rejected: 0, duplicate: 600, updated: 0 });
  expect(await recordCount(page)).toBe(600);
  await importExpecting(page, files.overlap, { read: 600, accepted: 400, rejected: 0, duplicate: 200, updated: 0 });
  expect(await recordCount(page)).toBe(1000);
  await expect(grandTotal(page)).toHaveText(formatGb(1000));
  await importExpecting(page, files.revised, { read: 600, accepted: 0, rejected: 0, duplicate: 595, updated: 5 });
  expect(await recordCount(page)).toBe(1000);
  // The pivot counts the revised records as their new crime type.
  const current = [...revised, ...all.slice(600)];
  await page.screenshot({ path: testInfo.outputPath('data-panel.png') });
  for (const [type, count] of countBy(current, 'crime_type')) await expect(gridCell(page, type, '__total'), type).toHaveText(formatGb(count));

  // The Data panel: one entry per import, with its file, kind, SHA-256, counts and time.
  const entries = page.getByTestId('data-panel').locator('.import-entry');
  await expect(entries).toHaveCount(4);
  const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  const expected = [
    { file: files.first, counts: 'read 600 · accepted 600 · rejected 0 · duplicate 0 · updated 0' },
    { file: files.first, counts: 'read 600 · accepted 0 · rejected 0 · duplicate 600 · updated 0' },
    { file: files.overlap, counts: 'read 600 · accepted 400 · rejected 0 · duplicate 200 · updated 0' },
    { file: files.revised, counts: 'read 600 · accepted 0 · rejected 0 · duplicate 595 · updated 5' },
  ];
  const today = new Date().toLocaleDateString('en-GB', { dateStyle: 'medium' });
  for (const [i, e] of expected.entries()) {
    const entry = entries.nth(i);
    await expect(entry.locator('.import-file')).toHaveText(e.file.split('/').pop() ?? '');
    await expect(entry).toContainText(`district profile extract · sha256 ${sha(e.file).slice(0, 10)}`);
    await expect(entry.locator(`[title="${sha(e.file)}"]`)).toBeVisible();
    await expect(entry).toContainText(today);
    await expect(entry).toContainText(e.counts);
  }

  // What the revision changed, from its change log: each re-classification with its records, nothing else.
  const revisedEntry = entries.nth(3);
  await expect(entries.nth(0).getByTestId('import-changes')).toHaveCount(0);
  await revisedEntry.getByTestId('import-changes').locator('summary').click();
  await expect(revisedEntry.getByTestId('import-changes')).toContainText('5 records changed.');
  const byType = new Map<string, number>();
  for (const i of changedIndexes) byType.set(first[i]?.crime_type ?? '', (byType.get(first[i]?.crime_type ?? '') ?? 0) + 1);
  const expectedChanges = [...byType].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([type, n]) => `Crime type: ${type} → ${changedType} (${n})`);
  await expect(revisedEntry.getByTestId('import-change')).toHaveText(expectedChanges);
  await expectNoAxeViolations(page, testInfo, 'Data panel with What changed open', { include: '[data-testid="data-panel"]' });

  /** Removes the entry through its button, checking the question and the notice, then the records and the pivot left. */
  const removeEntry = async (index: number, file: string, question: string, notice: string, left: readonly GeneratedDistrictRecord[]): Promise<void> => {
    await entries.nth(index).getByRole('button', { name: `Remove ${file}` }).click();
    const confirm = page.getByTestId('confirm-dialog');
    await expect(confirm).toContainText(question);
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByTestId('notice')).toHaveText(notice);
    expect(await recordCount(page)).toBe(600);
    await expect(grandTotal(page)).toHaveText(formatGb(600));
    for (const [type, count] of countBy(left, 'crime_type')) await expect(gridCell(page, type, '__total'), type).toHaveText(formatGb(count));
  };

  // Remove the overlapping extract: its 400 new records go, the first extract's 600 (as revised) stay.
  await removeEntry(2, 'district-q1-q2.csv', 'Remove district-q1-q2.csv and the 400 records that came with it?', 'Removed district-q1-q2.csv (400 records).', revised);
  await expect(entries).toHaveCount(3);
  await expect(entries.locator('.import-file')).toHaveText(['district-q1.csv', 'district-q1.csv', 'district-q1-revised.csv']);

  // Remove the revision: the five records it re-classified go back to their first crime type; none is lost.
  await removeEntry(
    2,
    'district-q1-revised.csv',
    'Remove district-q1-revised.csv? The 5 records it updated go back to how the earlier import had them; none came only with it.',
    'Removed district-q1-revised.csv: the 5 records it had updated are as the earlier import had them.',
    first,
  );
  await expect(entries).toHaveCount(2);
});
