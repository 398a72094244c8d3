/**
 * `pivot --measure rate --totals` over two financial years: the Total column
 * is the records over person-years (each year's own residents), not over the
 * latest year's, and stderr says what the Total means; `export` of a saved
 * view labels it "Total per year". Planted records and a population that
 * differs year by year, computed by hand.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { byarsLimits } from '../../shared/analytics/rate-interval';
import { PERSON_YEARS_NOTE } from '../../shared/pivot/population';
import { readCsvFile } from '../../tests/helpers/csv-file';
import { runCli } from './run-cli';

let dir: string;
let workbench: string;
const csv = (text: string): string[][] => text.trim().split(/\r\n/).map((line) => line.split(','));

// Mansfield records per month: 3 a month April 2022 to March 2023, 5 a month April 2023 to March 2024.
const MONTHLY: [number, number][] = [...Array.from({ length: 12 }, (_, i) => [2022 * 12 + 3 + i, 3] as [number, number]), ...Array.from({ length: 12 }, (_, i) => [2023 * 12 + 3 + i, 5] as [number, number])];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-cli-rate-totals-'));
  workbench = join(dir, 'r.workbench');
  const lines = ['record_ref,committed_date,crime_type,district'];
  let ref = 0;
  for (const [month, n] of MONTHLY) {
    const date = `15/${String((month % 12) + 1).padStart(2, '0')}/${Math.floor(month / 12)}`;
    for (let i = 0; i < n; i++) lines.push(`R${ref++},${date},Burglary,Mansfield`);
  }
  writeFileSync(join(dir, 'district.csv'), lines.join('\n'));
  writeFileSync(join(dir, 'population.csv'), ['area_name,year,age_band,sex,population', 'Mansfield,2022,All ages,,1000', 'Mansfield,2023,All ages,,2000', 'Mansfield,2024,All ages,,4000'].join('\n'));
  const imported = await runCli(['import', workbench, join(dir, 'district.csv'), join(dir, 'population.csv')]);
  expect(imported.exitCode, imported.stderr).toBe(0);
});

describe('pivot --measure rate --totals across periods', () => {
  it('financial year columns: Total = all records over the sum of each year\'s residents, with a note', async () => {
    const out = await runCli(['pivot', workbench, '--rows', 'district', '--cols', 'fin_year', '--measure', 'rate', '--totals']);
    expect(out.exitCode).toBe(0);
    const [header, mansfield] = csv(out.stdout);
    expect(header).toEqual(['district', '2022/23', '2023/24', 'Total']);
    // 36 records over 1,000 residents, 60 over 2,000; the Total 96 over 3,000 person-years (not 96 over 2,000).
    expect(mansfield?.slice(1).map(Number)).toEqual([36, 30, 32]);
    expect(out.stderr).toContain(`Note: ${PERSON_YEARS_NOTE}`);
  });

  it('month columns: each month a twelfth of its calendar year\'s residents', async () => {
    const out = await runCli(['pivot', workbench, '--rows', 'district', '--cols', 'month', '--measure', 'rate', '--totals', '--format', 'json']);
    expect(out.exitCode).toBe(0);
    const result = JSON.parse(out.stdout) as { data: { district: string; total: number }[]; grandTotal: number };
    // 9 months of 2022 (1,000), 12 of 2023 (2,000), 3 of 2024 (4,000): 750 + 2,000 + 1,000 = 3,750 person-years.
    expect(result.data[0]?.total).toBeCloseTo((96 / 3750) * 1000, 9);
  });

  it("--intervals: each rate's 95% limits after it in CSV; JSON carries the intervals always", async () => {
    const out = await runCli(['pivot', workbench, '--rows', 'district', '--cols', 'fin_year', '--measure', 'rate', '--totals', '--intervals']);
    expect(out.exitCode, out.stderr).toBe(0);
    const [header, mansfield, total] = csv(out.stdout);
    expect(header).toEqual(['district', '2022/23', '2022/23: lower 95% limit', '2022/23: upper 95% limit', '2023/24', '2023/24: lower 95% limit', '2023/24: upper 95% limit', 'Total', 'Total: lower 95% limit', 'Total: upper 95% limit']);
    // 36 records over 1,000 residents; 60 over 2,000; the Total 96 over 3,000 person-years (the CSV writes 6 decimals).
    const [lower36, upper36] = [byarsLimits(36).lower, byarsLimits(36).upper];
    expect(Number(mansfield?.[2])).toBeCloseTo(lower36, 5);
    expect(Number(mansfield?.[3])).toBeCloseTo(upper36, 5);
    expect(Number(mansfield?.[6])).toBeCloseTo(byarsLimits(60).upper / 2, 5);
    expect(Number(mansfield?.[9])).toBeCloseTo(byarsLimits(96).upper / 3, 5);
    expect(total?.slice(7).map(Number)).toEqual(mansfield?.slice(7).map(Number));

    const json = await runCli(['pivot', workbench, '--rows', 'district', '--cols', 'fin_year', '--measure', 'rate', '--format', 'json']);
    const result = JSON.parse(json.stdout) as { data: { intervals: Record<string, { lower: number; upper: number; method: string }>; totalInterval: { upper: number } }[]; grandTotalInterval: { upper: number } };
    expect(result.data[0]?.intervals['2022/23']).toEqual({ lower: expect.closeTo(lower36, 9) as number, upper: expect.closeTo(upper36, 9) as number, method: 'byars', count: 36, persons: 1000 });
    expect(result.grandTotalInterval.upper).toBeCloseTo(byarsLimits(96).upper / 3, 9);

    const counts = await runCli(['pivot', workbench, '--rows', 'district', '--intervals']);
    expect(counts.exitCode).not.toBe(0);
    expect(counts.stderr).toContain('--intervals applies to --measure rate');
    // Counts carry no intervals in JSON.
    const plain = JSON.parse((await runCli(['pivot', workbench, '--rows', 'district', '--format', 'json'])).stdout) as { data: Record<string, unknown>[] };
    expect(plain.data[0]).not.toHaveProperty('intervals');
  });

  it('an exported view labels the per-year Total and carries the note', async () => {
    const saved = await runCli(['view', 'save', workbench, '--name', 'Rates by year', '--rows', 'district', '--cols', 'fin_year', '--measure', 'rate']);
    expect(saved.exitCode, saved.stderr).toBe(0);
    const file = join(dir, 'rates.csv');
    const exported = await runCli(['export', workbench, '--view', 'Rates by year', '--out', file]);
    expect(exported.exitCode, exported.stderr).toBe(0);
    const text = readCsvFile(file);
    expect(text).toContain(PERSON_YEARS_NOTE.includes(',') ? `"Note: ${PERSON_YEARS_NOTE}"` : `Note: ${PERSON_YEARS_NOTE}`);
    const lines = csv(text);
    expect(lines.find((l) => l[0] === 'District')).toEqual(['District', '2022/23', '2023/24', 'Total per year']);
    expect(Number(lines.find((l) => l[0] === 'Mansfield')?.[3])).toBe(32);
  });

  it("--intervals: each rate's 95% limits beside it, the same as the engine's; a count view is refused", async () => {
    const file = join(dir, 'rates-intervals.csv');
    const exported = await runCli(['export', workbench, '--view', 'Rates by year', '--out', file, '--intervals']);
    expect(exported.exitCode, exported.stderr).toBe(0);
    const lines = csv(readCsvFile(file));
    expect(lines.find((l) => l[0] === 'District')?.slice(0, 5)).toEqual(['District', '2022/23', '2022/23: lower 95% limit', '2022/23: upper 95% limit', '2022/23: against the Total']);
    // 36 records over 1,000 residents: Byar's limits, to one decimal as rates are written.
    const limits = byarsLimits(36);
    expect(lines.find((l) => l[0] === 'Mansfield')?.slice(1, 4)).toEqual(['36', limits.lower.toFixed(1), limits.upper.toFixed(1)]);

    const counted = await runCli(['view', 'save', workbench, '--name', 'Counts', '--rows', 'district', '--measure', 'count']);
    expect(counted.exitCode, counted.stderr).toBe(0);
    const refused = await runCli(['export', workbench, '--view', 'Counts', '--out', join(dir, 'counts.csv'), '--intervals']);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain('--intervals applies to a rate per 1,000');
  });
});
