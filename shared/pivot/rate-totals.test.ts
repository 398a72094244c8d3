/**
 * Rate per 1,000 totals across periods: the records of the whole span over
 * person-years (each period shown counts its year's mid-year population for
 * the part of a year it is, within --from/--to), so a two-year Total reads
 * per 1,000 residents per year instead of twice that. Hand computation over generated district records (April 2022 to
 * March 2024) and a population that differs year by year.
 */
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { pivotExportTable } from '../export/pivot-table';
import { pivotToCsv } from '../export/csv';
import { districtCsv, generateDistrictRecords } from '../generator';
import { importFiles } from '../import/import-files';
import { createWorkbench } from '../workbench';
import { PERSON_YEARS_NOTE } from './population';
import { rateInterval } from '../analytics/rate-interval';
import { runPivot } from './run-pivot';
import type { PivotSpec } from './spec';

/** Mid-year persons by district and year; Ashfield has no 2024 estimate (its 2023 one is the nearest), Gedling none at all. */
const POPULATION: Record<string, Record<number, number>> = {
  Mansfield: { 2022: 100_000, 2023: 110_000, 2024: 125_000 },
  Ashfield: { 2022: 120_000, 2023: 126_000 },
};
const CODES: Record<string, string> = { Mansfield: 'E07000174', Ashfield: 'E07000170' };

let db: Database;
/** Records per district and month ("YYYY-MM"), counted from the generated rows themselves. */
const counted = new Map<string, Map<string, number>>();

beforeAll(async () => {
  const records = [...generateDistrictRecords({ seed: 9, records: 20_000, districts: ['Mansfield', 'Ashfield', 'Gedling'], firstFinancialYear: 2022, years: 2 })];
  for (const r of records) {
    const [, , month = '', year = ''] = /^(\d\d)\/(\d\d)\/(\d{4})/.exec(r.committed_date) ?? [];
    const byMonth = counted.get(r.district) ?? new Map<string, number>();
    byMonth.set(`${year}-${month}`, (byMonth.get(`${year}-${month}`) ?? 0) + 1);
    counted.set(r.district, byMonth);
  }
  db = createWorkbench(await loadSqlJs());
  const population = ['area_code,area_name,year,age,age_band,sex,population'];
  for (const [district, years] of Object.entries(POPULATION)) {
    for (const [year, persons] of Object.entries(years)) population.push(`${CODES[district] ?? ''},${district},${year},,,,${persons}`);
  }
  const reports = await importFiles(db, [
    { name: 'district-2022-2024.csv', bytes: new TextEncoder().encode(districtCsv(records)) },
    { name: 'population.csv', bytes: new TextEncoder().encode(population.join('\n')) },
  ]);
  expect(reports.map((r) => r.rejected)).toEqual([0, 0]);
});

/** Records of a district in months first..last ("YYYY-MM", inclusive). */
function records(district: string, first = '2022-04', last = '2024-03'): number {
  let n = 0;
  for (const [month, count] of counted.get(district) ?? []) if (month >= first && month <= last) n += count;
  return n;
}

/** The population used for a year: its own estimate, else the latest before it. */
function persons(district: string, year: number): number {
  const years = POPULATION[district] ?? {};
  const known = Object.keys(years).map(Number).filter((y) => y <= year);
  return years[Math.max(...known)] ?? Number.NaN;
}

/** Person-years of the months first..last, each month a twelfth of its year's population (`yearOf` says which year). */
function personYears(district: string, first: string, last: string, yearOf: (year: number, month: number) => number = (y) => y): number {
  let total = 0;
  for (let [y, m] = first.split('-').map(Number) as [number, number]; `${y}-${String(m).padStart(2, '0')}` <= last; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    total += persons(district, yearOf(y, m)) / 12;
  }
  return total;
}
const financialYearOf = (year: number, month: number): number => (month >= 4 ? year : year - 1);

const spec = (overrides: Partial<PivotSpec>): PivotSpec => ({ rows: ['district'], columns: ['month'], measure: 'rate', filters: [], ...overrides });
const rowOf = (result: ReturnType<typeof runPivot>, district: string) => result.rows.find((r) => r.key[0] === district);

describe('rate per 1,000 totals across periods are per resident per year', () => {
  it('month columns over two years: the row Total is the records over the person-years of the 24 months', () => {
    const result = runPivot(db, spec({}));
    expect(result.columns).toHaveLength(24);
    const mansfield = rowOf(result, 'Mansfield');
    const expected = (records('Mansfield') / personYears('Mansfield', '2022-04', '2024-03')) * 1000;
    expect(mansfield?.total).toBeCloseTo(expected, 9);
    // By hand: 9 months at 100,000, 12 at 110,000 and 3 at 125,000 make 216,250 person-years (75,000 + 110,000 + 31,250).
    expect(personYears('Mansfield', '2022-04', '2024-03')).toBeCloseTo(216_250, 6);
    // Not the whole span's records over the latest year's residents (about twice as much).
    expect(mansfield?.total).toBeLessThan(((records('Mansfield') / 125_000) * 1000) / 1.5);
    // The month cells are unchanged: that month's records over its year's residents.
    expect(mansfield?.values[0]).toBeCloseTo(((counted.get('Mansfield')?.get('2022-04') ?? 0) / 100_000) * 1000, 12);
    // Ashfield's 2024 months use its 2023 estimate, the nearest, as its 2024 cells do.
    expect(rowOf(result, 'Ashfield')?.total).toBeCloseTo((records('Ashfield') / personYears('Ashfield', '2022-04', '2024-03')) * 1000, 9);
    expect(result.notes).toContain(PERSON_YEARS_NOTE);
    expect(result.totalLabels).toEqual({ column: 'Total per year', row: 'Total' });
    // Only Ashfield lacks 2024's estimate, so the note names it, and the months it is used for.
    expect(result.notes).toContain('Rates for 2024-01, 2024-02 and 2024-03 use the mid-2023 population estimates for Ashfield, the nearest year loaded.');
    expect(result.notes.filter((n) => n.startsWith('Rates for '))).toHaveLength(1);
  });

  it('financial year and calendar year columns give the person-years of the same months, by the columns\' own years', () => {
    const byFinancialYear = runPivot(db, spec({ columns: ['fin_year'] }));
    expect(byFinancialYear.columns.map((c) => c[0])).toEqual(['2022/23', '2023/24']);
    // A financial year's residents are its 30 June's: 100,000 for 2022/23 and 110,000 for 2023/24.
    expect(rowOf(byFinancialYear, 'Mansfield')?.total).toBeCloseTo((records('Mansfield') / 210_000) * 1000, 9);
    expect(personYears('Mansfield', '2022-04', '2024-03', financialYearOf)).toBeCloseTo(210_000, 6);
    // With whole years as columns the Total is the records over the sum of the years' residents.
    const byYear = runPivot(db, spec({ columns: ['year'], from: '2023-01', to: '2023-12' }));
    expect(rowOf(byYear, 'Mansfield')?.total).toBeCloseTo((records('Mansfield', '2023-01', '2023-12') / 110_000) * 1000, 9);
    // Years the data covers only in part (April to December 2022, January to March 2024) count only those months:
    // the same person-years as by month or by financial year's own years, not three whole years.
    const wholeYears = runPivot(db, spec({ columns: ['year'] }));
    expect(wholeYears.columns.map((c) => c[0])).toEqual(['2022', '2023', '2024']);
    expect(rowOf(wholeYears, 'Mansfield')?.total).toBeCloseTo((records('Mansfield') / personYears('Mansfield', '2022-04', '2024-03')) * 1000, 9);
    expect(rowOf(wholeYears, 'Mansfield')?.total).toBeCloseTo(rowOf(runPivot(db, spec({})), 'Mansfield')?.total ?? Number.NaN, 9);
    const quarters = runPivot(db, spec({ columns: ['quarter'] }));
    expect(rowOf(quarters, 'Mansfield')?.total).toBeCloseTo((records('Mansfield') / personYears('Mansfield', '2022-04', '2024-03')) * 1000, 9);
  });

  it('periods in the rows: the column Total and the grand Total over filtered districts use person-years too', () => {
    const result = runPivot(db, spec({ rows: ['fin_year'], columns: ['district'], filters: [{ dimension: 'district', values: ['Mansfield', 'Ashfield'] }] }));
    const j = result.columns.findIndex((c) => c[0] === 'Mansfield');
    expect(result.columnTotals[j]).toBeCloseTo((records('Mansfield') / personYears('Mansfield', '2022-04', '2024-03', financialYearOf)) * 1000, 9);
    const both = personYears('Mansfield', '2022-04', '2024-03', financialYearOf) + personYears('Ashfield', '2022-04', '2024-03', financialYearOf);
    // 100,000 + 110,000 for Mansfield and 120,000 + 126,000 for Ashfield.
    expect(both).toBeCloseTo(456_000, 6);
    expect(result.grandTotal).toBeCloseTo(((records('Mansfield') + records('Ashfield')) / both) * 1000, 9);
    // Calendar years in the rows: the years the data covers in part count for their months (9 of 2022, 3 of 2024).
    const byYear = runPivot(db, spec({ rows: ['year'], columns: ['district'], filters: [{ dimension: 'district', values: ['Mansfield', 'Ashfield'] }] }));
    expect(byYear.columnTotals[byYear.columns.findIndex((c) => c[0] === 'Ashfield')]).toBeCloseTo((records('Ashfield') / (0.75 * 120_000 + 126_000 + 0.25 * 126_000)) * 1000, 9);
    expect(result.totalLabels).toEqual({ column: 'Total', row: 'Total per year' });
    // A row's period fixes its year: the 2023 row's Total is 2023's records over 2023's residents of both.
    expect(byYear.rows.find((r) => r.key[0] === '2023')?.total).toBeCloseTo(
      ((records('Mansfield', '2023-01', '2023-12') + records('Ashfield', '2023-01', '2023-12')) / (110_000 + 126_000)) * 1000,
      9,
    );
  });

  it('a span cut short by --from/--to or a month filter counts only the months shown', () => {
    const half = runPivot(db, spec({ from: '2023-10', to: '2024-03' }));
    expect(rowOf(half, 'Mansfield')?.total).toBeCloseTo((records('Mansfield', '2023-10', '2024-03') / (0.25 * 110_000 + 0.25 * 125_000)) * 1000, 9);
    const filtered = runPivot(db, spec({ filters: [{ dimension: 'month', values: ['2022-12', '2024-01'] }] }));
    const n = (counted.get('Mansfield')?.get('2022-12') ?? 0) + (counted.get('Mansfield')?.get('2024-01') ?? 0);
    expect(rowOf(filtered, 'Mansfield')?.total).toBeCloseTo((n / (100_000 / 12 + 125_000 / 12)) * 1000, 9);
  });

  it('a district without population has a blank Total, saying why; the CLI CSV and the export carry the same Total and the note', () => {
    const result = runPivot(db, spec({ columns: ['fin_year'] }));
    expect(rowOf(result, 'Gedling')?.total).toBeNull();
    expect(result.notes).toContain('No population loaded for Gedling: its rates are blank.');
    const csv = pivotToCsv(result, { totals: true }).trim().split('\r\n');
    expect(csv[0]).toBe('district,2022/23,2023/24,Total');
    const line = csv.find((l) => l.startsWith('Mansfield,'))?.split(',') ?? [];
    expect(Number(line[3])).toBeCloseTo((records('Mansfield') / 210_000) * 1000, 5);
    expect(csv.find((l) => l.startsWith('Gedling,'))?.split(',')[3]).toBe('');
    const table = pivotExportTable(result, null);
    expect(table.header).toContain(`Note: ${PERSON_YEARS_NOTE}`);
    // The export names the per-year Total column; the Total row (each financial year over its own residents) stays "Total".
    expect(table.columns).toEqual(['District', '2022/23', '2023/24', 'Total per year']);
    expect(table.rows[table.rows.length - 1]?.[0]).toBe('Total');
    expect(table.rows.find((r) => r[0] === 'Mansfield')?.[3]).toBeCloseTo((records('Mansfield') / 210_000) * 1000, 9);
  });

  it('a pivot with no period, or counts, are as before: no person-years note or label', () => {
    const plain = runPivot(db, spec({ columns: [], from: '2023-01', to: '2023-12' }));
    expect(rowOf(plain, 'Mansfield')?.values[0]).toBeCloseTo((records('Mansfield', '2023-01', '2023-12') / 110_000) * 1000, 9);
    expect(plain.notes).not.toContain(PERSON_YEARS_NOTE);
    expect(plain.totalLabels).toBeUndefined();
    // Counts across periods are plain sums, labelled as ever.
    expect(runPivot(db, spec({ measure: 'count' })).totalLabels).toBeUndefined();
  });

  it('each rate carries its 95% confidence interval: the records over the same person-years, exact Poisson or Byar\'s', () => {
    const result = runPivot(db, spec({ columns: ['fin_year'] }));
    const mansfield = rowOf(result, 'Mansfield');
    const firstYear = records('Mansfield', '2022-04', '2023-03');
    expect(mansfield?.intervals?.[0]).toEqual(rateInterval(firstYear, 100_000, 1000));
    expect(mansfield?.totalInterval).toEqual(rateInterval(records('Mansfield'), 210_000, 1000));
    const interval = mansfield?.intervals?.[0];
    expect(interval?.method).toBe('byars');
    expect(interval?.lower).toBeLessThan(mansfield?.values[0] ?? Number.NaN);
    expect(interval?.upper).toBeGreaterThan(mansfield?.values[0] ?? Number.NaN);
    // Gedling has no population: no rate, so no interval either.
    expect(rowOf(result, 'Gedling')?.intervals?.[0]).toBeNull();
    expect(result.columnTotalIntervals).toHaveLength(2);
    expect(result.grandTotalInterval?.lower).toBeLessThan(result.grandTotal ?? Number.NaN);
    // Counts have no interval.
    expect(rowOf(runPivot(db, spec({ measure: 'count', columns: ['fin_year'] })), 'Mansfield')?.intervals).toBeUndefined();
  });
});
