/**
 * The raw reader reads what sql.js's own `get` reads, and a pivot is the
 * same whether its rows come through the raw reader or, on a database whose
 * sql.js module is not known (the fallback), through sql.js's API.
 */
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../electron/cli/load-sqljs';
import { districtCsvChunks, generateDistrictRecords } from './generator';
import { runPivot } from './pivot/run-pivot';
import type { PivotSpec } from './pivot/spec';
import { RawNumberReader } from './sqljs-raw';
import { workbenchOf } from '../tests/helpers/import-tests';
import { createWorkbench, exportWorkbench } from './workbench';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

describe('RawNumberReader', () => {
  it('reads integers, doubles and NULLs row by row as sql.js does', () => {
    const db = createWorkbench(SQL);
    const sql = `SELECT column1, column2, column3 FROM (VALUES (1, 2.5, NULL), (-7, NULL, 9007199254740991), (0, 1e300, 3), (0.0, -0.5, NULL))`;
    const expected = db.exec(sql)[0]?.values ?? [];
    const statement = db.prepare(sql);
    const reader = RawNumberReader.of(db, statement);
    expect(reader).not.toBeNull();
    const read: (number | null)[][] = [];
    while (reader?.step() === true) read.push([0, 1, 2].map((column) => reader.number(column)));
    statement.free();
    expect(read).toEqual(expected);
    expect(read).toHaveLength(4);
  });

  it('throws when SQLite fails part way through the rows', () => {
    const db = createWorkbench(SQL);
    // abs() of the smallest integer overflows when the second row is computed.
    const statement = db.prepare('SELECT abs(column1) FROM (VALUES (1), (-9223372036854775808))');
    const reader = RawNumberReader.of(db, statement);
    expect(reader?.step()).toBe(true);
    expect(reader?.number(0)).toBe(1);
    expect(() => reader?.step()).toThrow(/SQLite could not read/);
    statement.free();
  });

  it('is not used on a database whose sql.js module it does not know', () => {
    const db = new SQL.Database();
    const statement = db.prepare('SELECT 1');
    expect(RawNumberReader.of(db, statement)).toBeNull();
    statement.free();
  });
});

describe('pivot rows through the raw reader and through sql.js', () => {
  it('gives the same pivots both ways', async () => {
    const text = [...districtCsvChunks(generateDistrictRecords({ seed: 5, records: 3_000 }))].join('');
    const db = await workbenchOf(SQL, [{ name: 'district.csv', text }]);
    // The same file opened without telling sql-raw its module: every read falls back to sql.js's API.
    const plain = new SQL.Database(exportWorkbench(db));
    plain.run('PRAGMA foreign_keys = ON');
    const specs: PivotSpec[] = [
      { rows: ['crime_type'], columns: ['district'], measure: 'count', filters: [] },
      { rows: ['lsoa'], columns: [], measure: 'count', filters: [{ dimension: 'crime_type', values: ['Burglary Dwelling'] }], from: '2023-04', to: '2024-03' },
      { rows: ['district', 'age_band'], columns: ['sex'], measure: 'share_row', filters: [] },
      { rows: ['ward'], columns: ['fin_year'], measure: 'count', filters: [{ dimension: 'district', values: ['Mansfield'] }] },
      { rows: ['crime_type'], columns: ['month'], measure: 'change_year', filters: [], from: '2022-04', to: '2024-03' },
    ];
    for (const spec of specs) {
      const raw = runPivot(db, spec);
      expect(raw.grandCount, JSON.stringify(spec)).toBeGreaterThan(0);
      expect(runPivot(plain, spec), JSON.stringify(spec)).toEqual(raw);
    }
  });
});
