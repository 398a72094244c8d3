/**
 * The Trend panel's series is the grid's measure month by month: a rate per
 * 1,000 equals the pivot's own rate for that row with Month in the columns
 * (same engine, same denominator: the row's residents in the month's year).
 */
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { districtCsv, generateDistrictRecords } from '../generator';
import { importFiles } from '../import/import-files';
import { createWorkbench } from '../workbench';
import { runPivot } from './run-pivot';
import type { PivotSpec } from './spec';
import { trendLabels, trendSpec } from './trend';

let db: Database;
// A different population each year, so a wrong year's denominator shows.
const MANSFIELD = { 2022: 110_000, 2023: 120_000, 2024: 125_000 } as const;

beforeAll(async () => {
  const records = [...generateDistrictRecords({ seed: 5, records: 4_000, firstFinancialYear: 2022, years: 2, districts: ['Mansfield', 'Ashfield', 'Gedling'] })];
  db = createWorkbench(await loadSqlJs());
  const population = [
    'area_code,area_name,year,age,age_band,sex,population',
    ...Object.entries(MANSFIELD).map(([y, n]) => `E07000174,Mansfield,${y},,,,${n}`),
    ...[2022, 2023, 2024].map((y) => `E07000170,Ashfield,${y},,,,${130_000 + y}`),
  ];
  const reports = await importFiles(db, [
    { name: 'district.csv', bytes: new TextEncoder().encode(districtCsv(records)) },
    { name: 'population.csv', bytes: new TextEncoder().encode(population.join('\n')) },
  ]);
  expect(reports.map((r) => r.rejected)).toEqual([0, 0]);
});

const grid = (over: Partial<PivotSpec> = {}): PivotSpec => ({ rows: ['district'], columns: [], filters: [], measure: 'rate', ...over });

/** The grid row's cells with Month in the columns, by month label. */
function gridByMonth(spec: PivotSpec, rowKey: readonly string[]): Map<string, { value: number | null; count: number }> {
  const result = runPivot(db, { ...spec, columns: ['month'] });
  const row = result.rows.find((r) => r.key.join('|') === rowKey.join('|'));
  if (row === undefined) throw new Error(`no grid row ${rowKey.join(' / ')}`);
  return new Map(result.columns.map((labels, j) => [labels[0] ?? '', { value: row.values[j] ?? null, count: row.counts[j] ?? 0 }]));
}

describe('the trend of a rate', () => {
  it("plots each month's rate per 1,000 exactly as the grid's rate with Month in the columns", () => {
    const spec = grid();
    const trend = runPivot(db, trendSpec(spec, ['Mansfield']));
    const expected = gridByMonth(spec, ['Mansfield']);
    expect(trend.columns.length).toBe(24);
    trend.columns.forEach(([month = ''], j) => {
      const value = trend.rows[0]?.values[j] ?? null;
      expect(value).toBe(expected.get(month)?.value);
      // Known answer: that month's records x 1,000 over Mansfield's residents in the month's year.
      const year = Number(month.slice(0, 4)) as keyof typeof MANSFIELD;
      expect(value).toBeCloseTo(((trend.rows[0]?.counts[j] ?? 0) * 1000) / MANSFIELD[year], 10);
    });
    expect(trend.rows[0]?.counts.some((c) => c > 0)).toBe(true);
  });

  it('a row across districts (a crime type, with another filter) matches the grid row too', () => {
    const spec = grid({ rows: ['crime_type'], filters: [{ dimension: 'district', values: ['Mansfield', 'Ashfield'] }] });
    const crimeType = runPivot(db, spec).rows[0]?.key ?? [];
    const trend = runPivot(db, trendSpec(spec, crimeType));
    const expected = gridByMonth(spec, crimeType);
    expect(trend.rows[0]?.values).toEqual(trend.columns.map(([m = '']) => expected.get(m)?.value));
    expect(trend.rows[0]?.values.every((v) => v !== null && v >= 0)).toBe(true);
  });

  it('a district with no population has no rate in any month (blank, with the note), not zeros', () => {
    const trend = runPivot(db, trendSpec(grid(), ['Gedling']));
    expect(trend.rows[0]?.counts.some((c) => c > 0)).toBe(true);
    expect(trend.rows[0]?.values.every((v) => v === null)).toBe(true);
    expect(trend.notes).toContain('No population loaded for Gedling: its rates are blank.');
  });

  it('title and axis say what is plotted', () => {
    expect(trendLabels('rate', 'rate', ['Mansfield'])).toEqual({ title: 'Mansfield: rate per 1,000 population per month', axis: 'Rate per 1,000 population' });
    expect(trendLabels('count', 'count', ['Mansfield'])).toEqual({ title: 'Mansfield: records per month', axis: 'Records' });
    // Counts still on screen while the rate computes: labelled as counts.
    expect(trendLabels('count', 'rate', ['Mansfield']).title).toBe('Mansfield: records per month (counts, not the rate per 1,000 population shown in the grid)');
  });
});

describe('measures with no monthly meaning', () => {
  it('shares and changes plot record counts, and the title says so', () => {
    for (const measure of ['share_row', 'change_year'] as const) {
      const spec = trendSpec({ ...grid(), measure, ...(measure === 'change_year' ? { columns: ['month'] } : {}) }, ['Mansfield']);
      expect(spec.measure).toBe('count');
      const trend = runPivot(db, spec);
      expect(trend.rows[0]?.values).toEqual(trend.rows[0]?.counts);
    }
    expect(trendLabels('count', 'share_row', ['Mansfield']).title).toBe('Mansfield: records per month (counts, not the % of row shown in the grid)');
  });
});
