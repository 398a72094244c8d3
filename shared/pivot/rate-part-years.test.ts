/**
 * Rates per 1,000 over data that starts and ends mid financial year (January
 * 2023 to December 2024, as the police.uk files do): the Total per year
 * counts each period's population only for the months the data covers, so
 * financial years, calendar years, quarters and months give the same Total
 * (the records over two years of residents). A part year's own column is a
 * rate over its months, and the notes say so; the note on estimates names
 * the year used and the periods it is used for.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { workbenchOf } from '../../tests/helpers/import-tests';
import { pivotExportTable } from '../export/pivot-table';
import { type PivotResult, runPivot } from './run-pivot';
import type { PivotSpec } from './spec';

let SQL: SqlJsStatic;

/** Records a month, Jan 2023 (0) to Dec 2024 (23): uneven, so the part years are not simply a share of the whole. */
const perMonth = (district: string, i: number): number => (district === 'Ashfield' ? 10 + (i % 5) * 3 : 20 + (i % 3));
const MONTHS = Array.from({ length: 24 }, (_, i) => ({ i, mm: String((i % 12) + 1).padStart(2, '0'), yyyy: 2023 + Math.floor(i / 12) }));
const RECORDS = [
  'record_ref,record_type,committed_date,crime_type,district',
  ...['Ashfield', 'Mansfield'].flatMap((district) =>
    MONTHS.flatMap(({ i, mm, yyyy }) => Array.from({ length: perMonth(district, i) }, (_, k) => `${district}-${i}-${k},crime,15/${mm}/${yyyy},Burglary,${district}`)),
  ),
].join('\n');
/** Records of a district in months first..last (0 = Jan 2023). */
const records = (district: string, first = 0, last = 23): number => MONTHS.filter(({ i }) => i >= first && i <= last).reduce((sum, { i }) => sum + perMonth(district, i), 0);

/** Only mid-2020 estimates, as the walkthrough loaded. */
const ASHFIELD = 128_337;
const MANSFIELD = 110_000;
const POPULATION_2020 = ['area_name,year,age_band,population', `Ashfield,2020,All ages,${ASHFIELD}`, `Mansfield,2020,All ages,${MANSFIELD}`].join('\n');

let db: Database;
beforeAll(async () => {
  SQL = await loadSqlJs();
  db = await workbenchOf(SQL, [
    { name: 'district.csv', text: RECORDS },
    { name: 'population.csv', text: POPULATION_2020, kind: 'population' },
  ]);
});

const spec = (columns: PivotSpec['columns']): PivotSpec => ({ rows: ['district'], columns, measure: 'rate', filters: [] });
const rowOf = (result: PivotResult, district: string) => result.rows.find((r) => r.key[0] === district);

describe('rate totals over part financial years', () => {
  it('the Total per year is the same by financial year, calendar year, quarter and month: the records over two years of residents', () => {
    const perYear = (records('Ashfield') * 1000) / (ASHFIELD * 2);
    for (const columns of [['fin_year'], ['year'], ['quarter'], ['month']] as const) {
      const result = runPivot(db, spec([...columns]));
      expect(rowOf(result, 'Ashfield')?.total, columns[0]).toBeCloseTo(perYear, 9);
      // The Total row: both districts' records over both districts' two years.
      expect(result.grandTotal, columns[0]).toBeCloseTo(((records('Ashfield') + records('Mansfield')) * 1000) / ((ASHFIELD + MANSFIELD) * 2), 9);
    }
    const byFinancialYear = runPivot(db, spec(['fin_year']));
    expect(byFinancialYear.columns.map((c) => c[0])).toEqual(['2022/23', '2023/24', '2024/25']);
    // 3 + 12 + 9 months: two years, not three. Not the old 36 months' answer.
    expect(rowOf(byFinancialYear, 'Ashfield')?.total).not.toBeCloseTo((records('Ashfield') * 1000) / (ASHFIELD * 3), 3);
    // The Total row's Total per year lies among its calendar years' rates (it is their months' weighted mean).
    const byYear = runPivot(db, spec(['year']));
    const [y2023 = 0, y2024 = 0] = byYear.columnTotals.map((v) => v ?? 0);
    expect(byYear.grandTotal ?? 0).toBeGreaterThanOrEqual(Math.min(y2023, y2024));
    expect(byYear.grandTotal ?? 0).toBeLessThanOrEqual(Math.max(y2023, y2024));
  });

  it("a part year's own column is its months' rate, and the notes (carried by exports) say it is not per year", () => {
    const result = runPivot(db, spec(['fin_year']));
    // 2022/23 is January to March 2023 only: its records over the residents, a 3-month rate.
    expect(rowOf(result, 'Ashfield')?.values[0]).toBeCloseTo((records('Ashfield', 0, 2) * 1000) / ASHFIELD, 9);
    const part = result.notes.find((n) => n.startsWith('Part periods:'));
    expect(part).toBe(
      'Part periods: 2022/23 has Jan 2023 to Mar 2023 only; 2024/25 has Apr 2024 to Dec 2024 only (the figures cover Jan 2023 to Dec 2024). They are not whole-period figures: compare them with whole periods with care. Their rates per 1,000 are for those months only, not per year.',
    );
    expect(pivotExportTable(result, null).header).toContain(`Note: ${part ?? ''}`);
    // A count's part-period note has no word on rates.
    expect(runPivot(db, { ...spec(['fin_year']), measure: 'count' }).notes.find((n) => n.startsWith('Part periods:'))).not.toContain('per 1,000');
  });

  it('the note on estimates names the year used and the periods it is used for, when no district has their own', () => {
    const byFinancialYear = runPivot(db, spec(['fin_year']));
    const estimates = (result: PivotResult): string[] => result.notes.filter((n) => /estimate/.test(n) && !n.startsWith('Rate totals'));
    expect(estimates(byFinancialYear)).toEqual(['Rates for 2022/23, 2023/24 and 2024/25 use the mid-2020 population estimates, the nearest year loaded.']);
    expect(estimates(runPivot(db, spec(['year'])))).toEqual(['Rates for 2023 and 2024 use the mid-2020 population estimates, the nearest year loaded.']);
    expect(estimates(runPivot(db, spec(['quarter'])))).toEqual(['Rates for 2023-Q1 to 2024-Q4 use the mid-2020 population estimates, the nearest year loaded.']);
    // No period: the whole span's rate, on the latest year's residents.
    expect(estimates(runPivot(db, spec([])))).toEqual(['Rates for Jan 2023 to Dec 2024 use the mid-2020 population estimates, the nearest year loaded.']);
  });

  it('with some estimates of their own, the note names the districts that lack them, by estimate year', async () => {
    const mixed = await workbenchOf(SQL, [
      { name: 'district.csv', text: RECORDS },
      { name: 'population.csv', text: `${POPULATION_2020}\nMansfield,2023,All ages,112000`, kind: 'population' },
    ]);
    const result = runPivot(mixed, spec(['year']));
    expect(result.notes.filter((n) => n.startsWith('Rates for '))).toEqual([
      'Rates for 2023 and 2024 use the mid-2020 population estimates for Ashfield, the nearest year loaded.',
      'Rates for 2024 use the mid-2023 population estimates for Mansfield, the nearest year loaded.',
    ]);
    // Mansfield's 2023 cell uses its own estimate.
    expect(rowOf(result, 'Mansfield')?.values[0]).toBeCloseTo((records('Mansfield', 0, 11) * 1000) / 112_000, 9);
  });
});
