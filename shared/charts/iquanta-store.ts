/**
 * The iQuanta comparison: an area's figure month by month against its most
 * similar group (MSG) average and band, with its rank in the group, from
 * the imported iQuanta extract (iquanta_value). iQuanta gives the MSG's
 * average, band and the area's rank, not the peers' own figures, so the
 * chart is the area's line against the group's average and band.
 *
 * The figure is the rate per 1,000 residents where the extract gives it
 * (the MSG average is then a rate too), else the count.
 */
import type { Database, SqlValue } from 'sql.js';
import { WorkbenchError } from '../errors';
import { formatMonth, parseMonth } from '../periods';

export interface IquantaRequest {
  area: string;
  measure: string;
  from?: string;
  to?: string;
  /** Months in each figure: 1 for monthly, 12 for rolling 12 months (default: the shortest loaded). */
  windowMonths?: number;
}

export interface IquantaPoint {
  /** `YYYY-MM` (the window's last month). */
  month: string;
  period: string;
  count: number;
  value: number;
  msgAverage: number | null;
  msgLower: number | null;
  msgUpper: number | null;
  rank: number | null;
  size: number | null;
}

export interface IquantaComparison {
  request: IquantaRequest;
  area: string;
  areaType: string | null;
  measure: string;
  windowMonths: number;
  /** 'rate' when every point has a rate per 1,000, else 'count'. */
  unit: 'rate' | 'count';
  points: IquantaPoint[];
}

export interface IquantaCatalogue {
  areas: string[];
  measures: string[];
  /** Window lengths loaded (1, 12, ...). */
  windows: number[];
}

const rows = (db: Database, sql: string, params: SqlValue[] = []): SqlValue[][] => db.exec(sql, params)[0]?.values ?? [];
const num = (v: SqlValue | undefined): number | null => (v === null || v === undefined ? null : Number(v));

export function iquantaCatalogue(db: Database): IquantaCatalogue {
  return {
    areas: rows(db, 'SELECT DISTINCT area FROM iquanta_value ORDER BY area').map(([a]) => String(a)),
    measures: rows(db, 'SELECT DISTINCT measure FROM iquanta_value ORDER BY measure').map(([m]) => String(m)),
    windows: rows(db, 'SELECT DISTINCT window_months FROM iquanta_value ORDER BY window_months').map(([w]) => Number(w)),
  };
}

export function iquantaFromStore(db: Database, request: IquantaRequest): IquantaComparison {
  const known = rows(db, 'SELECT window_months, MAX(area_type) FROM iquanta_value WHERE area = ? AND measure = ? GROUP BY window_months ORDER BY window_months', [
    request.area,
    request.measure,
  ]);
  if (known.length === 0) {
    throw new WorkbenchError({ code: 'not-found', message: `No iQuanta figures for "${request.measure}" in "${request.area}": import an iQuanta extract that has them.` });
  }
  const windowMonths = request.windowMonths ?? Number(known[0]?.[0]);
  const from = request.from === undefined ? null : parseMonth(request.from);
  const to = request.to === undefined ? null : parseMonth(request.to);
  const clauses = ['area = ?', 'measure = ?', 'window_months = ?'];
  const params: SqlValue[] = [request.area, request.measure, windowMonths];
  if (from !== null) {
    clauses.push('month >= ?');
    params.push(from);
  }
  if (to !== null) {
    clauses.push('month <= ?');
    params.push(to);
  }
  const found = rows(
    db,
    `SELECT month, period, count, rate_per_1000, msg_average, msg_lower, msg_upper, msg_rank, msg_size, area_type
     FROM iquanta_value WHERE ${clauses.join(' AND ')} ORDER BY month`,
    params,
  );
  const unit = found.length > 0 && found.every((r) => r[3] !== null) ? 'rate' : 'count';
  const points = found.map(
    (r): IquantaPoint => ({
      month: formatMonth(Number(r[0])),
      period: String(r[1]),
      count: Number(r[2]),
      value: unit === 'rate' ? Number(r[3]) : Number(r[2]),
      msgAverage: num(r[4]),
      msgLower: num(r[5]),
      msgUpper: num(r[6]),
      rank: num(r[7]),
      size: num(r[8]),
    }),
  );
  const areaType = found[0]?.[9] ?? known.find((k) => Number(k[0]) === windowMonths)?.[1] ?? null;
  return { request, area: request.area, areaType: areaType === null ? null : String(areaType), measure: request.measure, windowMonths, unit, points };
}
