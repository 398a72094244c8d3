/**
 * Acceptance audit, the Data panel: every import is listed with its file,
 * SHA-256, kind, counts and when it came in; removing one takes out exactly
 * its records (the pivot's totals fall by that many) and leaves the others.
 * Figures are counted here from the files themselves.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { dataRowCount, expect, formatGb, gridCell, importThroughUi, monthFile, readExtract, recordCount, test, writeDistrictExtract } from './fixtures';

const POLICE = [monthFile('2023-01'), monthFile('2023-02')];

function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function importEntry(page: Page, file: string) {
  return page.getByTestId('data-panel').locator('.import-entry').filter({ has: page.getByText(path.basename(file), { exact: true }) });
}

async function grandTotal(page: Page): Promise<number> {
  const text = await page.getByTestId('pivot-grid').locator('.ag-row-pinned .ag-cell[col-id="__total"]').innerText();
  return Number(text.replace(/,/g, ''));
}

test('each import is listed with its file, sha256, kind, counts and time; removing one removes exactly its records', async ({ offlinePage: page }, testInfo) => {
  const { records: generated, file: districtFile } = writeDistrictExtract(testInfo, { seed: 7, records: 3_000, districts: ['Ashfield'] });
  const files = [...POLICE, districtFile];
  const before = new Date();
  await importThroughUi(page, POLICE);
  await importThroughUi(page, [districtFile]);
  const after = new Date();

  // Counted from the files: rows read, each police.uk row a record, the generated rows all valid.
  const read = new Map(files.map((f) => [f, dataRowCount(f)]));
  expect(read.get(districtFile)).toBe(generated.length);
  const total = files.reduce((sum, f) => sum + (read.get(f) ?? 0), 0);
  expect(await recordCount(page)).toBe(total);
  await expect.poll(() => grandTotal(page)).toBe(total);

  const panel = page.getByTestId('data-panel');
  await expect(panel.locator('.import-entry')).toHaveCount(3);
  // Each kind in the analyst's words; the code stays on the element as data-kind.
  const street = { label: 'police.uk street-level file', code: 'police-uk' };
  const kinds: Record<string, { label: string; code: string }> = {
    [POLICE[0] ?? '']: street,
    [POLICE[1] ?? '']: street,
    [districtFile]: { label: 'district profile extract', code: 'district' },
  };
  // The time is shown the en-GB way: the day it was imported, in the browser's clock.
  const days = new Set([before, after].map((d) => d.toLocaleDateString('en-GB', { dateStyle: 'medium' })));
  for (const file of files) {
    const entry = importEntry(page, file);
    await expect(entry).toHaveCount(1);
    const sha = sha256Of(file);
    // The short hash is shown, the full one in its tooltip.
    await expect(entry.locator(`span[title="${sha}"]`)).toHaveText(`sha256 ${sha.slice(0, 10)}`);
    const meta = entry.locator('.import-meta');
    await expect(meta.first()).toContainText(`${kinds[file]?.label ?? '(unknown file)'} · sha256`);
    await expect(meta.first()).toHaveAttribute('data-kind', kinds[file]?.code ?? '(unknown file)');
    await expect(meta.first()).not.toContainText(`${kinds[file]?.code ?? '(unknown file)'} ·`);
    const metaText = (await meta.first().textContent()) ?? '';
    expect([...days].some((day) => metaText.includes(day)), `${metaText} names the day of import`).toBe(true);
    const n = formatGb(read.get(file) ?? 0);
    await expect(meta.nth(1)).toHaveText(`read ${n} · accepted ${n} · rejected 0 · duplicate 0 · updated 0`);
  }

  // A cell that mixes both police.uk months: Burglary in Mansfield.
  const mansfieldBurglary = (file: string): number =>
    readExtract(file).filter((r) => r['Crime type'] === 'Burglary' && (r['LSOA name'] ?? '').startsWith('Mansfield ')).length;
  const [january = '', february = ''] = POLICE;
  await expect(gridCell(page, 'Burglary', 'Mansfield')).toHaveText(formatGb(mansfieldBurglary(january) + mansfieldBurglary(february)));

  // Remove February: asked first; Cancel changes nothing.
  await page.getByRole('button', { name: `Remove ${path.basename(february)}` }).click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText(`${formatGb(read.get(february) ?? 0)} records`);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  expect(await recordCount(page)).toBe(total);
  await page.getByRole('button', { name: `Remove ${path.basename(february)}` }).click();
  await confirm.getByRole('button', { name: 'Remove' }).click();

  // The totals fall by exactly February's rows; January and the district extract stay, with their own entries.
  const afterFebruary = total - (read.get(february) ?? 0);
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', String(afterFebruary));
  await expect.poll(() => grandTotal(page)).toBe(afterFebruary);
  await expect(panel.locator('.import-entry')).toHaveCount(2);
  await expect(importEntry(page, february)).toHaveCount(0);
  await expect(importEntry(page, january)).toHaveCount(1);
  await expect(importEntry(page, districtFile)).toHaveCount(1);
  await expect(gridCell(page, 'Burglary', 'Mansfield')).toHaveText(formatGb(mansfieldBurglary(january)));
  // The generated records are still all there: Ashfield is January's police.uk rows plus the extract's.
  const januaryAshfield = readExtract(january).filter((r) => (r['LSOA name'] ?? '').startsWith('Ashfield ')).length;
  await expect(gridCell(page, 'Burglary', 'Ashfield')).toBeVisible();
  const ashfield = page.getByTestId('pivot-grid').locator('.ag-row-pinned .ag-cell[col-id="Ashfield"]');
  await expect(ashfield).toHaveText(formatGb(januaryAshfield + generated.length));

  // Remove the district extract too: only January is left, to the record.
  await page.getByRole('button', { name: `Remove ${path.basename(districtFile)}` }).click();
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('record-count')).toHaveAttribute('data-count', String(read.get(january)));
  await expect.poll(() => grandTotal(page)).toBe(read.get(january));
  await expect(ashfield).toHaveText(formatGb(januaryAshfield));
  await expect(panel.locator('.import-entry')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('data-panel.png') });
});
