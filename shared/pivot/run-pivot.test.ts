import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { importFiles } from '../import/import-files';
import { createWorkbench } from '../workbench';
import { runPivot } from './run-pivot';
import type { PivotSpec } from './spec';

let SQL: SqlJsStatic;
let db: Database;

const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

/** Planted counts: [month, lsoa name, crime type, how many]. */
const PLANTED: [string, string, string, number][] = [
  ['2022-12', 'Mansfield 001A', 'Burglary', 4],
  ['2023-01', 'Mansfield 001A', 'Burglary', 10],
  ['2023-01', 'Gedling 002B', 'Burglary', 5],
  ['2023-01', 'Gedling 002B', 'Robbery', 5],
  ['2023-02', 'Mansfield 001A', 'Burglary', 15],
  ['2023-04', "O'Brien's Town 001A", 'Robbery', 2],
  ['2024-01', 'Mansfield 001A', 'Burglary', 12],
  ['2024-02', 'Mansfield 001A', 'Burglary', 30],
];

beforeAll(async () => {
  SQL = await loadSqlJs();
  db = createWorkbench(SQL);
  const lines = [HEADER];
  let id = 0;
  for (const [month, lsoa, type, n] of PLANTED) {
    for (let i = 0; i < n; i++) lines.push(`c${id++},${month},N,N,-1.2,53.1,X,E0${lsoa.length},"${lsoa}",${type},,`);
  }
  await importFiles(db, [{ name: 'planted.csv', bytes: new TextEncoder().encode(lines.join('\n')) }]);
});

const spec = (overrides: Partial<PivotSpec>): PivotSpec => ({ rows: ['crime_type'], columns: [], measure: 'count', filters: [], ...overrides });

describe('pivot measures on planted counts', () => {
  it('counts by district and month, listing months with no records as 0 inside the range', () => {
    const result = runPivot(db, spec({ rows: ['district'], columns: ['month'], filters: [{ dimension: 'crime_type', values: ['Burglary'] }], to: '2023-04' }));
    expect(result.columns.map((c) => c[0])).toEqual(['2022-12', '2023-01', '2023-02', '2023-03', '2023-04']);
    const mansfield = result.rows.find((r) => r.key[0] === 'Mansfield');
    expect(mansfield?.values).toEqual([4, 10, 15, 0, 0]);
    expect(mansfield?.total).toBe(29);
    expect(result.columnTotals).toEqual([4, 15, 15, 0, 0]);
    expect(result.grandTotal).toBe(34);
  });

  it('shares of row, column and grand total are percentages', () => {
    const where = { from: '2023-01', to: '2023-01' };
    const byRow = runPivot(db, spec({ rows: ['district'], columns: ['crime_type'], measure: 'share_row', ...where }));
    const gedling = byRow.rows.find((r) => r.key[0] === 'Gedling');
    expect(gedling?.values).toEqual([50, 50]);
    expect(gedling?.total).toBe(100);
    const byColumn = runPivot(db, spec({ rows: ['district'], columns: ['crime_type'], measure: 'share_col', ...where }));
    expect(byColumn.rows.map((r) => r.values[0])).toEqual([(5 * 100) / 15, (10 * 100) / 15]);
    const ofTotal = runPivot(db, spec({ rows: ['district'], columns: ['crime_type'], measure: 'share_total', ...where }));
    expect(ofTotal.rows.find((r) => r.key[0] === 'Mansfield')?.values).toEqual([50, 0]);
    expect(ofTotal.grandTotal).toBe(100);
  });

  it('change on the previous period uses the period before the range too', () => {
    const result = runPivot(db, spec({
      rows: ['district'],
      columns: ['month'],
      measure: 'change_prev',
      filters: [{ dimension: 'district', values: ['Mansfield'] }],
      from: '2023-01',
      to: '2023-03',
    }));
    expect(result.columns.map((c) => c[0])).toEqual(['2023-01', '2023-02', '2023-03']);
    // 4 -> 10 is +150%; 10 -> 15 is +50%; 15 -> 0 is -100%.
    expect(result.rows[0]?.values).toEqual([150, 50, -100]);
  });

  it('change on the same period last year; empty where last year had nothing', () => {
    const result = runPivot(db, spec({
      rows: ['district'],
      columns: ['month'],
      measure: 'change_year',
      filters: [{ dimension: 'district', values: ['Mansfield'] }],
      from: '2024-01',
      to: '2024-02',
    }));
    expect(result.rows[0]?.values).toEqual([20, 100]);
    const gedling = runPivot(db, spec({ rows: ['district'], columns: ['year'], measure: 'change_year', filters: [{ dimension: 'district', values: ['Gedling'] }] }));
    // Coverage is 2022-12 to 2024-02, so every calendar year it touches is listed.
    expect(gedling.columns.map((c) => c[0])).toEqual(['2022', '2023', '2024']);
    // No year before 2022 is covered; 2022 had none (no base); 2024 had none against 10.
    expect(gedling.rows[0]?.values).toEqual([null, null, -100]);
  });

  it('financial years run April to March and quarters are calendar quarters', () => {
    const fy = runPivot(db, spec({ rows: ['crime_type'], columns: ['fin_year'] }));
    expect(fy.columns.map((c) => c[0])).toEqual(['2022/23', '2023/24']);
    expect(fy.rows.find((r) => r.key[0] === 'Burglary')?.values).toEqual([34, 42]);
    const quarters = runPivot(db, spec({ rows: ['crime_type'], columns: ['quarter'], to: '2023-06' }));
    expect(quarters.columns.map((c) => c[0])).toEqual(['2022-Q4', '2023-Q1', '2023-Q2']);
  });

  it('filter values are bound, not concatenated: a quote in a value is just a value', () => {
    const result = runPivot(db, spec({ rows: ['district'], filters: [{ dimension: 'district', values: ["O'Brien's Town"] }] }));
    expect(result.rows.map((r) => [r.key[0], r.countTotal])).toEqual([["O'Brien's Town", 2]]);
    const none = runPivot(db, spec({ rows: ['district'], filters: [{ dimension: 'district', values: ["x' OR 1=1 --"] }] }));
    expect(none.rows).toEqual([]);
  });

  it('gives no rate without population rather than inventing one, saying why; refuses change measures without a period column', () => {
    const rates = runPivot(db, spec({ measure: 'rate' }));
    expect(rates.rows.length).toBeGreaterThan(0);
    expect([...rates.rows.map((r) => r.total), rates.grandTotal].every((v) => v === null)).toBe(true);
    expect(rates.notes).toEqual([expect.stringMatching(/^No population loaded/)]);
    expect(() => runPivot(db, spec({ columns: ['district'], measure: 'change_prev' }))).toThrow(/needs a period/);
  });
});

describe('drill-through', () => {
  it('returns exactly the records behind a cell, paged', async () => {
    const { drillThrough } = await import('./drill-through');
    const pivotSpec = spec({ rows: ['district'], columns: ['month'], filters: [{ dimension: 'crime_type', values: ['Burglary'] }] });
    const result = runPivot(db, pivotSpec);
    const row = result.rows.find((r) => r.key[0] === 'Mansfield');
    const j = result.columns.findIndex((c) => c[0] === '2024-02');
    expect(row?.counts[j]).toBe(30);
    const first = drillThrough(db, { spec: pivotSpec, rowKey: ['Mansfield'], columnKey: ['2024-02'], offset: 0, limit: 20 });
    expect(first.total).toBe(30);
    expect(first.records).toHaveLength(20);
    const second = drillThrough(db, { spec: pivotSpec, rowKey: ['Mansfield'], columnKey: ['2024-02'], offset: 20, limit: 20 });
    expect(second.records).toHaveLength(10);
    const all = [...first.records, ...second.records];
    expect(new Set(all.map((r) => r.id)).size).toBe(30);
    expect(all.every((r) => r.crimeType === 'Burglary' && r.district === 'Mansfield' && r.month === '2024-02')).toBe(true);
    // A row total: every month of the row.
    expect(drillThrough(db, { spec: pivotSpec, rowKey: ['Mansfield'], columnKey: [], offset: 0, limit: 1 }).total).toBe(row?.countTotal);
  });
});

describe('rate per 1,000 population', () => {
  it('divides by the district population of the period year (nearest estimate), null where none was loaded', async () => {
    const population = [
      'area_code,area_name,year,age,age_band,sex,population',
      'E07000174,Mansfield,2023,,,,100000',
      'E07000174,Mansfield,2024,,,,120000',
      'E07000173,Gedling,2023,,,,50000',
    ].join('\n');
    const [report] = await importFiles(db, [{ name: 'population.csv', bytes: new TextEncoder().encode(population) }], { kind: 'population' });
    expect(report?.rejected).toBe(0);
    const result = runPivot(db, spec({ rows: ['district'], columns: ['year'], measure: 'rate' }));
    expect(result.columns.map((c) => c[0])).toEqual(['2022', '2023', '2024']);
    const rate = (district: string): (number | null)[] | undefined => result.rows.find((r) => r.key[0] === district)?.values;
    // Mansfield: 4 records in 2022 (nearest estimate 2023: 100,000), 25 in 2023, 42 in 2024 (120,000).
    expect(rate('Mansfield')?.map((v) => (v === null ? null : Number(v.toFixed(6))))).toEqual([0.04, 0.25, 0.35]);
    expect(rate('Gedling')?.[1]).toBeCloseTo((10 / 50_000) * 1000, 12);
    expect(rate("O'Brien's Town")).toEqual([null, null, null]);
  });
});

describe('speed: one query per pivot, from the cube when the dimensions allow', () => {
  it('every record measure over cube dimensions runs one GROUP BY on record_cube, none per cell', async () => {
    const { MEASURES, isIquantaMeasure } = await import('./spec');
    // Every query a pivot runs binds its statement (kept statements are reused, not prepared again).
    const prepared: string[] = [];
    const probe = db.prepare('SELECT 1');
    const statementType = Object.getPrototypeOf(probe) as { bind: (this: { getSQL: () => string }, values?: unknown) => boolean };
    probe.free();
    const bind = statementType.bind;
    statementType.bind = function (this: { getSQL: () => string }, values?: unknown): boolean {
      // Queries over the records or a cube (not the meta and lookup reads around them).
      const sql = this.getSQL();
      if (/\bFROM (record|record_cube|cube_\w+)\b/.test(sql)) prepared.push(sql);
      return bind.call(this, values);
    };
    try {
      for (const measure of MEASURES.filter((m) => !isIquantaMeasure(m))) {
        prepared.length = 0;
        const columns = measure === 'fytd' || measure === 'fytd_change' ? ['fin_year' as const] : ['month' as const];
        runPivot(db, spec({ rows: ['district', 'age_band'], columns, measure, from: '2023-06' }));
        expect(prepared, measure).toHaveLength(1);
        expect(prepared[0], measure).toMatch(/FROM record_cube r/);
      }
      // A dimension the cube does not keep reads the records, still in one query.
      prepared.length = 0;
      runPivot(db, spec({ rows: ['day_of_week'], columns: ['month'], measure: 'rolling_12' }));
      expect(prepared).toHaveLength(1);
      expect(prepared[0]).toMatch(/FROM record r/);
    } finally {
      statementType.bind = bind;
    }
  });
});
