/**
 * A population estimate of 0, imported through the real importer: the
 * district's rate is blank (nothing to divide by) and the pivot says why, in
 * the cell's own year, and in the Total across years; other districts' rates
 * stand, and a force-wide rate still divides by everyone else's residents.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { workbenchOf } from '../../tests/helpers/import-tests';
import { runPivot } from './run-pivot';
import type { PivotSpec } from './spec';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

/** Burglaries by district and month: Mansfield 4 in January 2023 and 2 in December 2024 (the data covers both years), Gedling 3 in 2023 and 1 in 2024. */
const RECORDS = [
  'record_ref,record_type,committed_date,crime_type,district,victim_age,victim_sex',
  ...[
    ['Mansfield', '15/01/2023', 4],
    ['Mansfield', '15/12/2024', 2],
    ['Gedling', '15/06/2023', 3],
    ['Gedling', '15/03/2024', 1],
  ].flatMap(([district, date, n], k) => Array.from({ length: Number(n) }, (_, i) => `Z${k}-${i},crime,${date},Burglary,${district},30,F`)),
].join('\n');

/** Mansfield's 2023 estimate is 0 (a typo in the analyst's file, say); 2024 is 2,000; Gedling 1,000 both years. */
const POPULATION = [
  'area_name,year,age_band,population',
  'Mansfield,2023,All ages,0',
  'Mansfield,2024,All ages,2000',
  'Gedling,2023,All ages,1000',
  'Gedling,2024,All ages,1000',
].join('\n');

const rate = (overrides: Partial<PivotSpec>): PivotSpec => ({ rows: ['district'], columns: ['year'], measure: 'rate', filters: [], from: '2023-01', to: '2024-12', ...overrides });

describe('a population estimate of 0', () => {
  let db: Database;
  beforeAll(async () => {
    db = await workbenchOf(SQL, [
      { name: 'district.csv', text: RECORDS },
      { name: 'population-2023-2024.csv', text: POPULATION, kind: 'population' },
    ]);
  });

  it("blanks that district's rate in that year, with a note naming the district and year; other cells stand", () => {
    const result = runPivot(db, rate({}));
    expect(result.columns).toEqual([['2023'], ['2024']]);
    const mansfield = result.rows.find((r) => r.key[0] === 'Mansfield');
    const gedling = result.rows.find((r) => r.key[0] === 'Gedling');
    // Mansfield 2023: 4 records over 0 residents -> blank; 2024: 2 / 2,000 per 1,000.
    expect(mansfield?.values).toEqual([null, 1]);
    // Its Total per year counts 2023's residents too: 0 of them is no honest denominator, so it is blank as well.
    expect(mansfield?.total).toBeNull();
    expect(gedling?.total).toBe(2);
    expect(mansfield?.counts).toEqual([4, 2]);
    expect(gedling?.values).toEqual([3, 1]);
    expect(result.notes).toContain('The population loaded for Mansfield in 2023 is 0: its rate is blank.');
    // The force area in 2023 is Gedling's 1,000 (plus Mansfield's 0): 7 / 1,000 per 1,000.
    expect(result.columnTotals[0]).toBe(7);
    expect(result.notes.join('\n')).not.toMatch(/Gedling in 20\d\d is 0/);
  });

  it('a district filter and a single year: still blank with the note', () => {
    const result = runPivot(db, rate({ columns: [], filters: [{ dimension: 'district', values: ['Mansfield'] }], to: '2023-12' }));
    expect(result.rows.map((r) => [r.key[0], r.values[0], r.counts[0]])).toEqual([['Mansfield', null, 4]]);
    expect(result.grandTotal).toBeNull();
    expect(result.notes).toContain('The population loaded for Mansfield in 2023 is 0: its rate is blank.');
  });

  it('an age band and sex in the note when the cell has them', async () => {
    const banded = await workbenchOf(SQL, [
      { name: 'district.csv', text: RECORDS },
      { name: 'population-banded.csv', text: 'area_name,year,age_band,sex,population\nMansfield,2023,25-34,F,0\nMansfield,2023,25-34,M,500', kind: 'population' },
    ]);
    const result = runPivot(banded, rate({ rows: ['age_band'], columns: ['sex'], filters: [{ dimension: 'district', values: ['Mansfield'] }], to: '2023-12' }));
    const band = result.rows.find((r) => r.key[0] === '25-34');
    expect(band?.counts[0]).toBe(4);
    expect(band?.values[0]).toBeNull();
    expect(result.notes).toContain('The population loaded for Mansfield, age band 25-34, females, in 2023 is 0: its rate is blank.');
  });

  it('no note when no estimate is 0', () => {
    const result = runPivot(db, rate({ from: '2024-01' }));
    expect(result.rows.map((r) => r.values)).toEqual([[1], [1]]);
    expect(result.notes.join('\n')).not.toMatch(/is 0/);
  });
});
