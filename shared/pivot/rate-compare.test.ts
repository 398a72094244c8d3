/**
 * Districts against the Total, on generated district records with planted
 * rates: the populations are set from the records' own counts so that
 * Mansfield's rate is twice Ashfield's and Gedling's and Broxtowe's half,
 * while Ashfield and Gedling sit exactly at the Total's rate. The marks must
 * find the planted high and low districts and leave the two at the Total
 * unmarked, with districts as rows and as columns. And by age band, the
 * generator's planted over-representation of 18-24 year olds among victims
 * (shared/generator/README.md, effect 4) reads significantly higher.
 */
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { type RateComparison, rateInterval } from '../analytics/rate-interval';
import { POPULATION_COLUMNS, districtCsv, generateDistrictRecords, objectsToCsv, populationRows } from '../generator';
import { importFiles } from '../import/import-files';
import { createWorkbench } from '../workbench';
import { type GridRow, totalRow, visibleRows } from './display-rows';
import { type CompareAt, comparedAxis, comparisonAt, comparisonLegend } from './rate-compare';
import { runPivot } from './run-pivot';
import type { PivotSpec } from './spec';

const CODES: Record<string, string> = { Mansfield: 'E07000174', Ashfield: 'E07000170', Gedling: 'E07000173', Broxtowe: 'E07000172' };
const DISTRICTS = Object.keys(CODES);

let db: Database;
const recordsOf = new Map<string, number>();
/** Persons per district, one estimate for every year. */
const persons = new Map<string, number>();

beforeAll(async () => {
  const records = [...generateDistrictRecords({ seed: 4, records: 12_000, districts: DISTRICTS, firstFinancialYear: 2022, years: 2 })];
  for (const r of records) recordsOf.set(r.district, (recordsOf.get(r.district) ?? 0) + 1);
  // Two years of records over one population: a rate per year of n / (2 p). Mansfield twice, Broxtowe half of a base rate of 40.
  const base = 40 / 1000;
  const populationFor = (district: string, rate: number): number => Math.round((recordsOf.get(district) ?? 0) / 2 / rate);
  persons.set('Mansfield', populationFor('Mansfield', base * 2));
  persons.set('Broxtowe', populationFor('Broxtowe', base / 2));
  // The Total's rate is then that of Mansfield and Broxtowe together; Ashfield and Gedling are put at it.
  const pair = ((recordsOf.get('Mansfield') ?? 0) + (recordsOf.get('Broxtowe') ?? 0)) / 2 / ((persons.get('Mansfield') ?? 0) + (persons.get('Broxtowe') ?? 0));
  persons.set('Ashfield', populationFor('Ashfield', pair));
  persons.set('Gedling', populationFor('Gedling', pair));
  db = createWorkbench(await loadSqlJs());
  const population = ['area_code,area_name,year,age,age_band,sex,population'];
  for (const district of DISTRICTS) for (const year of [2022, 2023, 2024]) population.push(`${CODES[district] ?? ''},${district},${year},,,,${persons.get(district) ?? 0}`);
  const reports = await importFiles(db, [
    { name: 'district-2022-2024.csv', bytes: new TextEncoder().encode(districtCsv(records)) },
    { name: 'population.csv', bytes: new TextEncoder().encode(population.join('\n')) },
  ]);
  expect(reports.map((r) => r.rejected)).toEqual([0, 0]);
});

function grid(spec: PivotSpec, on: Database = db): { rows: GridRow[]; totals: GridRow; compare: CompareAt } {
  const result = runPivot(on, spec);
  const compared = comparedAxis(spec);
  if (compared === null) throw new Error('not a compared pivot');
  const totals = totalRow(result);
  return { rows: visibleRows(result, [], { hidesEmptyRows: false, collapsed: new Set() }), totals, compare: comparisonAt(compared, result.rows, totals).compare };
}

describe('districts against the Total', () => {
  it('applies to a rate with district, age band or sex alone on an axis (rows first), and to nothing else', () => {
    expect(comparedAxis({ rows: ['district'], columns: ['fin_year'], measure: 'rate' })).toEqual({ axis: 'rows', dimension: 'district' });
    expect(comparedAxis({ rows: ['crime_type'], columns: ['district'], measure: 'rate' })).toEqual({ axis: 'columns', dimension: 'district' });
    expect(comparedAxis({ rows: ['age_band'], columns: ['district'], measure: 'rate' })).toEqual({ axis: 'rows', dimension: 'age_band' });
    expect(comparedAxis({ rows: ['fin_year'], columns: ['sex'], measure: 'rate' })).toEqual({ axis: 'columns', dimension: 'sex' });
    expect(comparedAxis({ rows: ['district'], columns: [], measure: 'count' })).toBeNull();
    expect(comparedAxis({ rows: ['crime_type', 'district'], columns: [], measure: 'rate' })).toBeNull();
    expect(comparedAxis({ rows: ['crime_type'], columns: ['fin_year', 'district'], measure: 'rate' })).toBeNull();
    // A crime type's rate is part of the Total's, always below it: no comparison.
    expect(comparedAxis({ rows: ['crime_type'], columns: ['fin_year'], measure: 'rate' })).toBeNull();
  });

  it('districts as rows: the planted high and low districts are marked, those at the Total are not', () => {
    const { rows, totals, compare } = grid({ rows: ['district'], columns: [], measure: 'rate', filters: [], from: '2022-04', to: '2024-03' });
    const marks: Record<string, RateComparison | null> = Object.fromEntries(rows.map((row) => [row.key[0] ?? '', compare(row, null)]));
    expect(marks).toEqual({ Ashfield: 'similar', Broxtowe: 'lower', Gedling: 'similar', Mansfield: 'higher' });
    // The Total row is the benchmark, never compared with itself.
    expect(compare(totals, null)).toBeNull();
    // The mark is the interval's: Mansfield's lower limit is above the Total's rate. (Without a period dimension a rate is the span's records over one year's residents.)
    const mansfield = rows.find((row) => row.key[0] === 'Mansfield');
    const interval = rateInterval(recordsOf.get('Mansfield') ?? 0, persons.get('Mansfield') ?? 0, 1000);
    expect(mansfield?.totalInterval?.lower).toBeCloseTo(interval?.lower ?? Number.NaN, 9);
    expect(mansfield?.totalInterval?.lower).toBeGreaterThan(totals.total ?? Number.POSITIVE_INFINITY);
  });

  it("districts as rows by financial year: each year's cell against that year's Total", () => {
    const { rows, totals, compare } = grid({ rows: ['district'], columns: ['fin_year'], measure: 'rate', filters: [], from: '2022-04', to: '2024-03' });
    expect(totals.values).toHaveLength(2);
    for (const j of [0, 1]) {
      const marks: Record<string, RateComparison | null> = Object.fromEntries(rows.map((row) => [row.key[0] ?? '', compare(row, j)]));
      expect(marks.Mansfield).toBe('higher');
      expect(marks.Broxtowe).toBe('lower');
    }
    expect(compare(totals, 0)).toBeNull();
  });

  it("districts as columns: each cell against its row's Total, the Total column unmarked", () => {
    const { rows, totals, compare } = grid({ rows: ['fin_year'], columns: ['district'], measure: 'rate', filters: [], from: '2022-04', to: '2024-03' });
    const result = runPivot(db, { rows: ['fin_year'], columns: ['district'], measure: 'rate', filters: [], from: '2022-04', to: '2024-03' });
    const column = (name: string): number => result.columns.findIndex((labels) => labels[0] === name);
    for (const row of [...rows, totals]) {
      expect(compare(row, column('Mansfield'))).toBe('higher');
      expect(compare(row, column('Broxtowe'))).toBe('lower');
      expect(compare(row, null)).toBeNull();
    }
    // Over both years the two at the Total's rate stay unmarked.
    expect(compare(totals, column('Ashfield'))).toBe('similar');
    expect(compare(totals, column('Gedling'))).toBe('similar');
  });

  it('a district with no population is not compared', async () => {
    const other = createWorkbench(await loadSqlJs());
    const records = [...generateDistrictRecords({ seed: 5, records: 2_000, districts: ['Mansfield', 'Rushcliffe'], firstFinancialYear: 2022, years: 1 })];
    await importFiles(other, [
      { name: 'district.csv', bytes: new TextEncoder().encode(districtCsv(records)) },
      { name: 'population.csv', bytes: new TextEncoder().encode('area_code,area_name,year,age,age_band,sex,population\nE07000174,Mansfield,2022,,,,110000') },
    ]);
    const { rows, compare } = grid({ rows: ['district'], columns: [], measure: 'rate', filters: [] }, other);
    const rushcliffe = rows.find((row) => row.key[0] === 'Rushcliffe');
    expect(rushcliffe).toBeDefined();
    expect(compare(rushcliffe as GridRow, null)).toBeNull();
  });
});

describe('age bands against all ages', () => {
  it('the planted over-representation of 18-24 year olds among victims reads significantly higher, against victims of known age', async () => {
    const workbench = createWorkbench(await loadSqlJs());
    const records = [...generateDistrictRecords({ seed: 6, records: 20_000, firstFinancialYear: 2020, years: 2 })];
    const population = objectsToCsv(POPULATION_COLUMNS, populationRows({ years: [2020, 2021, 2022] }));
    const reports = await importFiles(workbench, [
      { name: 'district.csv', bytes: new TextEncoder().encode(districtCsv(records)) },
      { name: 'population.csv', bytes: new TextEncoder().encode(population) },
    ]);
    expect(reports.map((r) => r.rejected)).toEqual([0, 0]);
    // Every record, ASB incidents (no victim, so no age) among them: the Total counts them, the bands cannot.
    const spec: PivotSpec = { rows: ['age_band'], columns: [], measure: 'rate', filters: [] };
    expect(comparedAxis(spec)).toEqual({ axis: 'rows', dimension: 'age_band' });
    const { rows, totals, compare } = grid(spec, workbench);
    const marks: Record<string, RateComparison | null> = Object.fromEntries(rows.map((row) => [row.key[0] ?? '', compare(row, null)]));
    expect(marks['18-24']).toBe('higher');
    expect(marks['65+']).toBe('lower');
    // Records without an age have no residents to divide by: not compared.
    expect(marks.Unknown ?? null).toBeNull();
    // The benchmark is the bands' own records over their residents, well below the Total, which counts the unknown ages too.
    const banded = rows.filter((row) => row.totalInterval !== null && row.totalInterval !== undefined);
    const known = (banded.reduce((n, row) => n + (row.totalInterval?.count ?? 0), 0) * 1000) / banded.reduce((n, row) => n + (row.totalInterval?.persons ?? 0), 0);
    expect(known).toBeLessThan((totals.total ?? 0) * 0.9);
    const eighteen = rows.find((row) => row.key[0] === '18-24')?.totalInterval;
    expect(eighteen?.lower).toBeGreaterThan(known);
    // The legend says which rate that is; on screen it offers the figure on hover, in a document (nothing to hover) it does not.
    expect(comparisonLegend({ axis: 'rows', dimension: 'age_band' })).toContain('victims of unknown age left out');
    expect(comparisonLegend({ axis: 'rows', dimension: 'age_band' })).toContain('hover');
    expect(comparisonLegend({ axis: 'rows', dimension: 'age_band' }, 'document')).not.toContain('hover');
  });
});
