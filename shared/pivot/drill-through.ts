/**
 * The records behind one pivot cell, a page at a time. It uses the same
 * WHERE clause as the pivot plus one equality per row and column dimension,
 * so the number of records here always equals the cell's count. A financial
 * year to date or rolling 12 months cell counts a window of months: its
 * records are the window's, as many as the figure.
 */
import type { Database, SqlValue } from 'sql.js';
import { formatMonth, parseMonth } from '../periods';
import { SOURCE } from '../schema';
import { type Dimension, encodeLabel, isPeriodDimension, loadLookups, needsCrimeTypeJoin, periodOfMonth, periodStartMonth } from './dimensions';
import { compileWhere } from './run-pivot';
import { WorkbenchError } from '../errors';
import { type PivotFilter, type PivotSpec, isIquantaMeasure, validatePivotSpec } from './spec';

export interface DrillThroughRequest {
  spec: PivotSpec;
  /** Labels of the cell's row (one per row dimension); empty for a column total. */
  rowKey: string[];
  /** Labels of the cell's column; empty for a row total. */
  columnKey: string[];
  offset: number;
  limit: number;
}

/** One record as the drill-through grid shows it. Victim pseudonyms are not included. */
export interface DrillThroughRecord {
  id: number;
  source: string;
  month: string;
  date: string | null;
  crimeType: string;
  district: string;
  lsoa: string | null;
  location: string | null;
  outcome: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface DrillThroughPage {
  total: number;
  offset: number;
  records: DrillThroughRecord[];
}

/** The spec's filters plus the cell's own row and column values. */
export function cellFilters(request: DrillThroughRequest): PivotFilter[] {
  const { spec } = request;
  const filters = spec.filters.map((f) => ({ dimension: f.dimension, values: [...f.values] }));
  // Filters are ANDed, so a cell inside a filtered pivot matches both.
  const add = (dimension: Dimension, label: string): void => {
    filters.push({ dimension, values: [label] });
  };
  spec.rows.forEach((dimension, i) => {
    const label = request.rowKey[i];
    if (label !== undefined) add(dimension, label);
  });
  spec.columns.forEach((dimension, i) => {
    const label = request.columnKey[i];
    if (label !== undefined) add(dimension, label);
  });
  return filters;
}

/**
 * Financial year to date and rolling 12 months count a window of months
 * ending at the cell's period (as run-pivot's timePivot does), so the
 * records behind such a cell are the whole window's, not its own month's.
 * Null for every other measure, and for cells with no period (row totals).
 */
export function windowMonths(db: Database, spec: PivotSpec, columnKey: readonly string[]): { from: number; to: number } | null {
  if (spec.measure !== 'fytd' && spec.measure !== 'rolling_12') return null;
  const time = spec.columns[spec.columns.length - 1];
  const label = columnKey[spec.columns.length - 1];
  if (time === undefined || label === undefined || !isPeriodDimension(time)) return null;
  const code = encodeLabel(time, label, loadLookups(db, [time]));
  if (typeof code !== 'number') return null;
  if (time === 'month') {
    return { from: spec.measure === 'rolling_12' ? code - 11 : periodStartMonth('fin_year', periodOfMonth('fin_year', code)), to: code };
  }
  if (time !== 'fin_year' || spec.measure !== 'fytd') return null;
  // A year to date spans April to the calendar month of the latest month shown (--to, else the data's last), every year alike.
  const last = Number(db.exec('SELECT MAX(month) FROM record')[0]?.values[0]?.[0] ?? Number.NaN);
  const to = spec.to === undefined ? last : Math.min(last, parseMonth(spec.to) ?? last);
  if (!Number.isFinite(to)) return null;
  const months = to - periodStartMonth('fin_year', periodOfMonth('fin_year', to)) + 1;
  const start = periodStartMonth('fin_year', code);
  return { from: start, to: start + months - 1 };
}

export function drillThrough(db: Database, request: DrillThroughRequest): DrillThroughPage {
  const spec = validatePivotSpec(request.spec);
  if (isIquantaMeasure(spec.measure)) {
    throw new WorkbenchError({ code: 'usage', message: 'iQuanta figures are published aggregates: there are no records behind them to drill into.' });
  }
  const window = windowMonths(db, spec, request.columnKey);
  // A window cell: its months replace the period's own filter and the pivot's range, which the window looks back beyond.
  const filters = cellFilters(window === null ? request : { ...request, columnKey: request.columnKey.slice(0, -1) });
  const dimensions = filters.map((f) => f.dimension);
  const lookups = loadLookups(db, dimensions);
  const where = compileWhere(
    { ...spec, filters },
    lookups,
    window ?? {
      from: spec.from === undefined ? null : parseMonth(spec.from),
      to: spec.to === undefined ? null : parseMonth(spec.to),
    },
  );
  const from = needsCrimeTypeJoin(dimensions) ? 'record r JOIN crime_type ct ON ct.id = r.crime_type_id' : 'record r';
  const total = Number(db.exec(`SELECT COUNT(*) FROM ${from} ${where.sql}`, where.params)[0]?.values[0]?.[0] ?? 0);
  const limit = Math.max(1, Math.min(request.limit, 5_000));
  const offset = Math.max(0, request.offset);
  const params: SqlValue[] = [...where.params, limit, offset];
  const rows =
    db.exec(
      `SELECT r.id, r.source, r.month, r.day, ctn.name, d.name, l.code, loc.name, o.name, r.latitude, r.longitude
       FROM ${from}
       JOIN crime_type ctn ON ctn.id = r.crime_type_id
       JOIN district d ON d.id = r.district_id
       LEFT JOIN lsoa l ON l.id = r.lsoa_id
       LEFT JOIN location loc ON loc.id = r.location_id
       LEFT JOIN outcome o ON o.id = r.outcome_id
       ${where.sql}
       ORDER BY r.month, r.id
       LIMIT ? OFFSET ?`,
      params,
    )[0]?.values ?? [];
  const sourceNames = new Map<number, string>(Object.entries(SOURCE).map(([name, code]) => [code, name]));
  return {
    total,
    offset,
    records: rows.map((row) => ({
      id: Number(row[0]),
      source: sourceNames.get(Number(row[1])) ?? String(row[1]),
      month: formatMonth(Number(row[2])),
      date: row[3] === null ? null : new Date(Number(row[3]) * 86_400_000).toISOString().slice(0, 10),
      crimeType: String(row[4]),
      district: String(row[5]),
      lsoa: row[6] === null ? null : String(row[6]),
      location: row[7] === null ? null : String(row[7]),
      outcome: row[8] === null ? null : String(row[8]),
      latitude: row[9] === null ? null : Number(row[9]),
      longitude: row[10] === null ? null : Number(row[10]),
    })),
  };
}
