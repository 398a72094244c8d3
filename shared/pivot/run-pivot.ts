/**
 * Runs a pivot spec against the store and shapes the result for the grid,
 * the chart, the command line and exports alike, so a figure is the same
 * wherever it is computed.
 */
import type { Database, SqlValue } from 'sql.js';
import { parseMonth } from '../periods';
import {
  type Dimension,
  type Lookups,
  type PeriodDimension,
  PERIOD_MONTHS,
  compareCodes,
  decodeLabel,
  dimensionSql,
  encodeLabel,
  isPeriodDimension,
  loadLookups,
  needsCrimeTypeJoin,
  periodOfMonth,
  periodStartMonth,
} from './dimensions';
import { pivotSource } from './cube';
import { PopulationTable } from './population';
import { type Measure, type PivotSpec, validatePivotSpec } from './spec';

type Codes = (number | null)[];

export interface PivotRow {
  /** One label per row dimension. */
  key: string[];
  /** The measure per column, null where it cannot be computed. */
  values: (number | null)[];
  /** The measure for the row's total. */
  total: number | null;
  /** Record counts behind each cell (what drill-through shows). */
  counts: number[];
  countTotal: number;
}

export interface PivotResult {
  spec: PivotSpec;
  /** One entry per column: its labels, one per column dimension. */
  columns: string[][];
  rows: PivotRow[];
  columnTotals: (number | null)[];
  grandTotal: number | null;
  columnCountTotals: number[];
  grandCount: number;
}

interface CompiledQuery {
  sql: string;
  params: SqlValue[];
}

/** Compiles the WHERE clause: filters and the month range, all bound as parameters. */
export function compileWhere(
  spec: PivotSpec,
  lookups: Lookups,
  monthRange: { from: number | null; to: number | null },
): CompiledQuery {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  for (const filter of spec.filters) {
    const codes = filter.values.map((label) => encodeLabel(filter.dimension, label, lookups));
    const known = codes.filter((code): code is number => typeof code === 'number');
    const matchesUnknown = codes.includes(null);
    const parts: string[] = [];
    if (known.length > 0) {
      parts.push(`${dimensionSql(filter.dimension)} IN (${known.map(() => '?').join(', ')})`);
      params.push(...known);
    }
    if (matchesUnknown) parts.push(`${dimensionSql(filter.dimension)} IS NULL`);
    clauses.push(parts.length > 0 ? `(${parts.join(' OR ')})` : '0');
  }
  if (monthRange.from !== null) {
    clauses.push('r.month >= ?');
    params.push(monthRange.from);
  }
  if (monthRange.to !== null) {
    clauses.push('r.month <= ?');
    params.push(monthRange.to);
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function fromClause(table: string, dimensions: readonly Dimension[]): string {
  return needsCrimeTypeJoin(dimensions) ? `${table} r JOIN crime_type ct ON ct.id = r.crime_type_id` : `${table} r`;
}

function keyOf(codes: Codes): string {
  return codes.map((c) => (c === null ? 'n' : String(c))).join('|');
}

/** How many periods of the column dimension a change measure looks back. */
function changeLag(measure: Measure, dimension: PeriodDimension): number {
  if (measure === 'change_prev') return 1;
  return dimension === 'month' ? 12 : dimension === 'quarter' ? 4 : 1;
}

export function runPivot(db: Database, input: PivotSpec): PivotResult {
  const spec = validatePivotSpec(input);
  const population = spec.measure === 'rate' ? PopulationTable.load(db) : null;
  const dimensions = [...spec.rows, ...spec.columns];
  const lookups = loadLookups(db, [...dimensions, ...spec.filters.map((f) => f.dimension)]);
  const from = spec.from === undefined ? null : parseMonth(spec.from);
  const to = spec.to === undefined ? null : parseMonth(spec.to);

  const timeColumn = spec.columns[spec.columns.length - 1];
  const isChange = spec.measure === 'change_prev' || spec.measure === 'change_year';
  const lag = isChange && timeColumn !== undefined && isPeriodDimension(timeColumn) ? changeLag(spec.measure, timeColumn) : 0;
  // Change measures need the periods just before the range too.
  const queryFrom =
    from !== null && lag > 0 && timeColumn !== undefined && isPeriodDimension(timeColumn)
      ? periodStartMonth(timeColumn, periodOfMonth(timeColumn, from) - lag)
      : from;

  const where = compileWhere(spec, lookups, { from: queryFrom, to });
  const allDimensions = [...dimensions, ...spec.filters.map((f) => f.dimension)];
  // The month range lets pivots with no period, or whole quarters, read the smaller cubes.
  const source = pivotSource(db, allDimensions, { from: queryFrom, to });
  const groupSql = dimensions.map(dimensionSql);
  const select = groupSql.length > 0 ? `${groupSql.join(', ')}, ${source.count}` : source.count;
  const group = groupSql.length > 0 ? `GROUP BY ${groupSql.join(', ')}` : '';
  const statement = db.prepare(`SELECT ${select} FROM ${fromClause(source.table, allDimensions)} ${where.sql} ${group}`);

  const cells = new Map<string, number>();
  const rowCodes = new Map<string, Codes>();
  const columnCodes = new Map<string, Codes>();
  try {
    statement.bind(where.params);
    while (statement.step()) {
      const values = statement.get();
      const codes = values.slice(0, dimensions.length).map((v) => (v === null ? null : Number(v)));
      const count = Number(values[dimensions.length]);
      const rowKey = codes.slice(0, spec.rows.length);
      const columnKey = codes.slice(spec.rows.length);
      const r = keyOf(rowKey);
      const c = keyOf(columnKey);
      rowCodes.set(r, rowKey);
      columnCodes.set(c, columnKey);
      cells.set(`${r}#${c}`, (cells.get(`${r}#${c}`) ?? 0) + count);
    }
  } finally {
    statement.free();
  }

  const coverage = coveredMonths(db, queryFrom, to);
  fillPeriodGaps(spec.rows, rowCodes, coverage);
  fillPeriodGaps(spec.columns, columnCodes, coverage);
  const sortedRows = sortKeys(spec.rows, [...rowCodes.values()], lookups);
  const allColumns = sortKeys(spec.columns, [...columnCodes.values()], lookups);
  // Columns before the requested range were fetched only as the base of a change.
  const shownColumns =
    queryFrom !== from && timeColumn !== undefined && isPeriodDimension(timeColumn) && from !== null
      ? allColumns.filter((codes) => {
          const code = codes[codes.length - 1];
          return code === null || code === undefined || periodStartMonth(timeColumn, code) + PERIOD_MONTHS[timeColumn] - 1 >= from;
        })
      : allColumns;

  const countOf = (row: Codes, column: Codes): number => cells.get(`${keyOf(row)}#${keyOf(column)}`) ?? 0;
  const rowCounts = sortedRows.map((row) => shownColumns.map((column) => countOf(row, column)));
  const columnCountTotals = shownColumns.map((_, j) => rowCounts.reduce((sum, counts) => sum + (counts[j] ?? 0), 0));
  const rowCountTotals = rowCounts.map((counts) => counts.reduce((a, b) => a + b, 0));
  const grandCount = rowCountTotals.reduce((a, b) => a + b, 0);

  // The value a change measure compares a cell with: the same row, `lag` periods earlier.
  const previousCount = (row: Codes | null, column: Codes): number | null => {
    const last = column[column.length - 1];
    if (last === null || last === undefined) return null;
    const earlier = [...column.slice(0, -1), last - lag];
    if (!columnCodes.has(keyOf(earlier))) return null;
    if (row === null) return sortedRows.reduce((sum, r) => sum + countOf(r, earlier), 0);
    return countOf(row, earlier);
  };
  const change = (current: number, previous: number | null): number | null =>
    previous === null || previous === 0 ? null : ((current - previous) / previous) * 100;
  const share = (part: number, whole: number): number | null => (whole === 0 ? null : (part / whole) * 100);

  // A rate's denominator: the cell's district (or the filtered districts, or the force area)
  // in the year of the cell's period (or the latest year shown).
  const districtRow = spec.rows.indexOf('district');
  const districtColumn = spec.columns.indexOf('district');
  const filteredDistricts = spec.filters
    .filter((f) => f.dimension === 'district')
    .flatMap((f) => f.values.map((label) => encodeLabel('district', label, lookups)))
    .filter((code): code is number => typeof code === 'number');
  const districtsOf = (row: Codes | null, column: Codes | null): number[] | null => {
    const code = districtRow >= 0 ? row?.[districtRow] : districtColumn >= 0 ? column?.[districtColumn] : undefined;
    if (typeof code === 'number') return [code];
    if (code === null) return [];
    return filteredDistricts.length > 0 ? filteredDistricts : null;
  };
  const periodRow = spec.rows.findIndex(isPeriodDimension);
  const periodColumn = spec.columns.findIndex(isPeriodDimension);
  const latestMonth = to ?? coverage?.to ?? 0;
  const yearOf = (row: Codes | null, column: Codes | null): number => {
    const at = (dimension: Dimension | undefined, code: number | null | undefined): number | null => {
      if (dimension === undefined || typeof code !== 'number' || !isPeriodDimension(dimension)) return null;
      // Mid-year estimates: a financial year's 30 June falls in its first calendar year.
      return Math.floor(periodStartMonth(dimension, code) / 12);
    };
    return (
      at(spec.rows[periodRow], row?.[periodRow]) ?? at(spec.columns[periodColumn], column?.[periodColumn]) ?? Math.floor(latestMonth / 12)
    );
  };

  const measureOf = (row: Codes | null, column: Codes | null, count: number, rowTotal: number, columnTotal: number): number | null => {
    switch (spec.measure) {
      case 'count':
        return count;
      case 'share_row':
        return share(count, rowTotal);
      case 'share_col':
        return share(count, columnTotal);
      case 'share_total':
        return share(count, grandCount);
      case 'change_prev':
      case 'change_year':
        return column === null ? null : change(count, previousCount(row, column));
      case 'rate': {
        const persons = population?.persons(districtsOf(row, column), yearOf(row, column)) ?? null;
        return persons === null || persons === 0 ? null : (count / persons) * 1000;
      }
    }
  };

  const rows: PivotRow[] = sortedRows.map((row, i) => {
    const counts = rowCounts[i] ?? [];
    const countTotal = rowCountTotals[i] ?? 0;
    return {
      key: spec.rows.map((dimension, d) => decodeLabel(dimension, row[d] ?? null, lookups)),
      values: shownColumns.map((column, j) => measureOf(row, column, counts[j] ?? 0, countTotal, columnCountTotals[j] ?? 0)),
      total: measureOf(row, null, countTotal, countTotal, grandCount),
      counts,
      countTotal,
    };
  });
  return {
    spec,
    columns: shownColumns.map((column) => spec.columns.map((dimension, d) => decodeLabel(dimension, column[d] ?? null, lookups))),
    rows,
    columnTotals: shownColumns.map((column, j) =>
      measureOf(null, column, columnCountTotals[j] ?? 0, grandCount, columnCountTotals[j] ?? 0),
    ),
    grandTotal: measureOf(null, null, grandCount, grandCount, grandCount),
    columnCountTotals,
    grandCount,
  };
}

/** The months the workbench's data covers (all sources), clipped to the asked range. */
function coveredMonths(db: Database, from: number | null, to: number | null): { from: number; to: number } | null {
  const range = db.exec('SELECT (SELECT MIN(month) FROM record), (SELECT MAX(month) FROM record)')[0]?.values[0];
  if (range?.[0] === null || range?.[0] === undefined) return null;
  const first = Math.max(Number(range[0]), from ?? Number.MIN_SAFE_INTEGER);
  const last = Math.min(Number(range[1]), to ?? Number.MAX_SAFE_INTEGER);
  return first <= last ? { from: first, to: last } : null;
}

/**
 * A month (quarter, year) with no records inside the covered date range is a
 * real zero, so a single period dimension lists every period of the coverage;
 * months outside it are missing, not zero.
 */
function fillPeriodGaps(
  dimensions: readonly Dimension[],
  keys: Map<string, Codes>,
  coverage: { from: number; to: number } | null,
): void {
  const only = dimensions[0];
  if (coverage === null || only === undefined || !isPeriodDimension(only) || dimensions.length !== 1) return;
  const first = periodOfMonth(only, coverage.from);
  const last = periodOfMonth(only, coverage.to);
  for (let code = first; code <= last; code++) keys.set(keyOf([code]), [code]);
}

function sortKeys(dimensions: readonly Dimension[], keys: Codes[], lookups: Lookups): Codes[] {
  return keys.sort((a, b) => {
    for (const [d, dimension] of dimensions.entries()) {
      const order = compareCodes(dimension, a[d] ?? null, b[d] ?? null, lookups);
      if (order !== 0) return order;
    }
    return 0;
  });
}
