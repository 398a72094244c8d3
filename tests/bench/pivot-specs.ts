/**
 * The ten pivots the benchmark times (listed in tests/bench/README.md), each
 * as the app's PivotSpec and as the equivalent hand-written GROUP BY for
 * native SQLite (over the table the workbench answers it from) and DuckDB
 * (over the record table). Labels are the generator's (shared/generator).
 */
import type { PivotSpec } from '../../shared/pivot/spec';

export type Dialect = 'sqlite' | 'duckdb';

/** Integer codes of the labels the specs filter on, resolved once before timing. */
export interface SpecCodes {
  burglaryDwelling: number;
  mansfield: number;
}

export interface BenchSpec {
  name: string;
  spec: PivotSpec;
  /**
   * The equivalent query. `table` is what it reads: for SQLite the cube (or
   * `record`) the workbench picked, for DuckDB always `record`; `count` is
   * `SUM(r.n)` on a cube and `COUNT(*)` on records.
   */
  sql: (dialect: Dialect, table: string, count: string, codes: SpecCodes) => { sql: string; params: number[] };
}

/** Month index (year * 12 + month - 1) of a `YYYY-MM`, as shared/periods.ts. */
function month(text: string): number {
  const [year, m] = text.split('-').map(Number);
  return (year ?? 0) * 12 + (m ?? 1) - 1;
}

/** Integer division: SQLite's `/` on integers truncates; DuckDB's `/` gives a double. */
const div = (dialect: Dialect, expression: string, by: number): string =>
  dialect === 'duckdb' ? `(${expression}) // ${by}` : `(${expression}) / ${by}`;

const FY_2023 = { from: '2023-04', to: '2024-03' } as const;

export const BENCH_SPECS: readonly BenchSpec[] = [
  {
    name: 'crime type x district',
    spec: { rows: ['crime_type'], columns: ['district'], measure: 'count', filters: [] },
    sql: (_d, table, count) => ({
      sql: `SELECT r.crime_type_id, r.district_id, ${count} FROM ${table} r GROUP BY 1, 2`,
      params: [],
    }),
  },
  {
    name: 'district x financial year',
    spec: { rows: ['district'], columns: ['fin_year'], measure: 'count', filters: [] },
    sql: (d, table, count) => ({
      sql: `SELECT r.district_id, ${div(d, 'r.month - 3', 12)}, ${count} FROM ${table} r GROUP BY 1, 2`,
      params: [],
    }),
  },
  {
    name: 'Burglary Dwelling: district x month, 12 months',
    spec: {
      rows: ['district'],
      columns: ['month'],
      measure: 'count',
      filters: [{ dimension: 'crime_type', values: ['Burglary Dwelling'] }],
      ...FY_2023,
    },
    sql: (_d, table, count, codes) => ({
      sql: `SELECT r.district_id, r.month, ${count} FROM ${table} r
            WHERE r.crime_type_id = ? AND r.month >= ? AND r.month <= ? GROUP BY 1, 2`,
      params: [codes.burglaryDwelling, month(FY_2023.from), month(FY_2023.to)],
    }),
  },
  {
    name: 'offence group x victim age band',
    spec: { rows: ['offence_group'], columns: ['age_band'], measure: 'count', filters: [] },
    sql: (_d, table, count) => ({
      sql: `SELECT ct.offence_group_id, r.age_band_id, ${count} FROM ${table} r
            JOIN crime_type ct ON ct.id = r.crime_type_id GROUP BY 1, 2`,
      params: [],
    }),
  },
  {
    name: 'domestic: district x month, 12 months',
    spec: {
      rows: ['district'],
      columns: ['month'],
      measure: 'count',
      filters: [{ dimension: 'domestic', values: ['Yes'] }],
      ...FY_2023,
    },
    sql: (_d, table, count) => ({
      sql: `SELECT r.district_id, r.month, ${count} FROM ${table} r
            WHERE r.domestic = 1 AND r.month >= ? AND r.month <= ? GROUP BY 1, 2`,
      params: [month(FY_2023.from), month(FY_2023.to)],
    }),
  },
  {
    name: 'Mansfield: ward x crime type',
    spec: {
      rows: ['ward'],
      columns: ['crime_type'],
      measure: 'count',
      filters: [{ dimension: 'district', values: ['Mansfield'] }],
    },
    sql: (_d, table, count, codes) => ({
      sql: `SELECT r.ward_id, r.crime_type_id, ${count} FROM ${table} r WHERE r.district_id = ? GROUP BY 1, 2`,
      params: [codes.mansfield],
    }),
  },
  {
    name: 'Burglary Dwelling: LSOA top list, 12 months',
    spec: {
      rows: ['lsoa'],
      columns: [],
      measure: 'count',
      filters: [{ dimension: 'crime_type', values: ['Burglary Dwelling'] }],
      ...FY_2023,
    },
    sql: (_d, table, count, codes) => ({
      sql: `SELECT r.lsoa_id, ${count} FROM ${table} r
            WHERE r.crime_type_id = ? AND r.month >= ? AND r.month <= ? GROUP BY 1 ORDER BY 2 DESC`,
      params: [codes.burglaryDwelling, month(FY_2023.from), month(FY_2023.to)],
    }),
  },
  {
    name: 'month x crime type, 12 months',
    spec: { rows: ['month'], columns: ['crime_type'], measure: 'count', filters: [], ...FY_2023 },
    sql: (_d, table, count) => ({
      sql: `SELECT r.month, r.crime_type_id, ${count} FROM ${table} r
            WHERE r.month >= ? AND r.month <= ? GROUP BY 1, 2`,
      params: [month(FY_2023.from), month(FY_2023.to)],
    }),
  },
  {
    name: 'victim age band x sex',
    spec: { rows: ['age_band'], columns: ['sex'], measure: 'count', filters: [] },
    sql: (_d, table, count) => ({
      sql: `SELECT r.age_band_id, r.sex, ${count} FROM ${table} r GROUP BY 1, 2`,
      params: [],
    }),
  },
  {
    name: 'crime type x quarter, 2022-04 to 2024-03',
    spec: { rows: ['crime_type'], columns: ['quarter'], measure: 'count', filters: [], from: '2022-04', to: '2024-03' },
    sql: (d, table, count) => ({
      sql: `SELECT r.crime_type_id, ${div(d, 'r.month', 3)}, ${count} FROM ${table} r
            WHERE r.month >= ? AND r.month <= ? GROUP BY 1, 2`,
      params: [month('2022-04'), month('2024-03')],
    }),
  },
];
