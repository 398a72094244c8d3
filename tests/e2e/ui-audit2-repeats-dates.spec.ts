/**
 * Acceptance audit 2, the most-repeated victims and repeat locations: dates
 * as UK analysts write them ("8 Jun 2023", months "Jun 2023"), not ISO, and
 * the top victim's records as the extract has them, counted here.
 */
import { expect, importThroughUi, test, writeDistrictExtract } from './fixtures';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `08/06/2023 14:05` (the extract's committed date) as `8 Jun 2023`. */
const ukDay = (committed: string): string => `${Number(committed.slice(0, 2))} ${MONTHS[Number(committed.slice(3, 5)) - 1] ?? ''} ${committed.slice(6, 10)}`;
const isoDay = (committed: string): string => `${committed.slice(6, 10)}-${committed.slice(3, 5)}-${committed.slice(0, 2)}`;

test('top victims and repeat locations show UK dates; the top victim has the most records in the year', async ({ offlinePage: page }, testInfo) => {
  const { records, file } = writeDistrictExtract(testInfo, { seed: 12, records: 8_000, districts: ['Mansfield', 'Gedling'] });
  await importThroughUi(page, [file]);
  await page.getByTestId('tab-repeats').click();
  await page.getByTestId('repeat-group').selectOption('domestic');
  await page.getByTestId('top-run').click();
  const top = page.getByTestId('top-table');
  await expect(top.locator('tbody tr').first()).toBeVisible();

  // By hand: domestic records with a victim, April 2023 to March 2024 (the latest 12 months), per victim.
  const inYear = records.filter((r) => r.domestic === 'Y' && r.victim_ref !== '' && isoDay(r.committed_date) >= '2023-04-01' && isoDay(r.committed_date) <= '2024-03-31');
  const byVictim = new Map<string, typeof inYear>();
  for (const r of inYear) byVictim.set(r.victim_ref, [...(byVictim.get(r.victim_ref) ?? []), r]);
  const most = Math.max(...[...byVictim.values()].map((list) => list.length));
  const firsts = new Set(
    [...byVictim.values()].filter((list) => list.length === most).map((list) => ukDay(list.map((r) => r.committed_date).sort((a, b) => isoDay(a).localeCompare(isoDay(b)))[0] ?? '')),
  );
  const first = top.locator('tbody tr').first();
  await expect(first.locator('td').nth(0)).toHaveText(String(most));
  expect(firsts).toContain(await first.locator('td').nth(2).innerText());

  const day = /^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$/;
  await page.getByTestId('top-victim').first().click();
  // The date is the second column, after the record's reference.
  for (const cell of await page.getByTestId('victim-records').locator('tbody tr td:nth-child(2)').allInnerTexts()) expect(cell).toMatch(day);
  await page.getByTestId('locations-run').click();
  const places = page.getByTestId('locations-table').locator('tbody tr');
  await expect(places.first()).toBeVisible();
  for (const cells of await places.evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent ?? '').slice(-2)))) {
    for (const cell of cells) expect(cell).toMatch(day);
  }
});
