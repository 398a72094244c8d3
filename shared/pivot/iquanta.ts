/**
 * Pivots over the iQuanta table (comparative aggregates against the most
 * similar group, MSG), by area, iQuanta measure and period. These are
 * published figures, not records: a cell shows one figure, never a sum that
 * iQuanta did not publish (a force's count already includes its CSPs',
 * "All crime" includes every other measure), except an area's single-month
 * counts summed over the months of a quarter or year.
 */
import type { Database, SqlValue } from 'sql.js';
import { parseMonth } from '../periods';
import {
  type Dimension,
  type Lookups,
  decodeLabel,
  dimensionSql,
  encodeLabel,
  isPeriodDimension,
  periodOfMonth,
} from './dimensions';
import type { PivotResult, PivotRow } from './run-pivot';
import type { PivotSpec } from './spec';

export const IQUANTA_POSITION_LABELS: Readonly<Record<-1 | 0 | 1, string>> = { [-1]: 'Below', 0: 'Within', 1: 'Above' };

interface IquantaFigure {
  area: string;
  measure: string;
  month: number;
  windowMonths: number;
  count: number;
  rate: number | null;
  msgAverage: number | null;
  msgRank: number | null;
  msgSize: number | null;
  msgLower: number | null;
  msgUpper: number | null;
}

const NO_LOOKUPS: Lookups = { labels: new Map(), order: new Map() };

const num = (value: SqlValue | undefined): number | null => (value === null || value === undefined ? null : Number(value));

/** The figures the spec's filters and month range select, one per area, measure and month. */
function loadFigures(db: Database, spec: PivotSpec, notes: Set<string>): IquantaFigure[] {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  for (const filter of spec.filters) {
    if (filter.dimension === 'iq_area' || filter.dimension === 'iq_measure') {
      const column = filter.dimension === 'iq_area' ? 'area' : 'measure';
      clauses.push(filter.values.length > 0 ? `lower(r.${column}) IN (${filter.values.map(() => 'lower(?)').join(', ')})` : '0');
      params.push(...filter.values.map((v) => v.trim()));
      continue;
    }
    const codes = filter.values.map((label) => encodeLabel(filter.dimension, label, NO_LOOKUPS)).filter((c): c is number => typeof c === 'number');
    clauses.push(codes.length > 0 ? `${dimensionSql(filter.dimension)} IN (${codes.map(() => '?').join(', ')})` : '0');
    params.push(...codes);
  }
  const from = spec.from === undefined ? null : parseMonth(spec.from);
  const to = spec.to === undefined ? null : parseMonth(spec.to);
  if (from !== null) {
    clauses.push('r.month >= ?');
    params.push(from);
  }
  if (to !== null) {
    clauses.push('r.month <= ?');
    params.push(to);
  }
  const rows =
    db.exec(
      `SELECT area, measure, month, window_months, count, rate_per_1000, msg_average, msg_rank, msg_size, msg_lower, msg_upper
       FROM iquanta_value r ${clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : ''}
       ORDER BY area, measure, month, window_months`,
      params,
    )[0]?.values ?? [];
  // One figure per area, measure and month: the single month where there is one, else the shortest window.
  const figures = new Map<string, IquantaFigure>();
  let windowed = false;
  for (const row of rows) {
    const figure: IquantaFigure = {
      area: String(row[0]),
      measure: String(row[1]),
      month: Number(row[2]),
      windowMonths: Number(row[3]),
      count: Number(row[4]),
      rate: num(row[5]),
      msgAverage: num(row[6]),
      msgRank: num(row[7]),
      msgSize: num(row[8]),
      msgLower: num(row[9]),
      msgUpper: num(row[10]),
    };
    const key = `${figure.area}\u001f${figure.measure}\u001f${figure.month}`;
    const existing = figures.get(key);
    if (existing !== undefined) {
      windowed = true;
      continue;
    }
    figures.set(key, figure);
  }
  if (windowed) notes.add('Where iQuanta gives both a single month and a rolling window for a month, the single month is shown.');
  return [...figures.values()];
}

/** Above, within or below the MSG band (1, 0, -1; the band's edges are within); null when the rate or the band is missing. */
export function msgPosition(figure: { rate: number | null; msgLower: number | null; msgUpper: number | null }): -1 | 0 | 1 | null {
  const { rate, msgLower, msgUpper } = figure;
  if (rate === null || msgLower === null || msgUpper === null) return null;
  return rate > msgUpper ? 1 : rate < msgLower ? -1 : 0;
}

/**
 * An area's rate per 1,000 residents (or its MSG average rate) over a quarter
 * or year: its months' rates added up, as the period's records over its
 * residents are (the MSG average is the group's mean rate, so its months add
 * up the same way). Only for a whole period with every month's figure: a part
 * period's sum would read as a fall.
 */
function periodRate(list: readonly IquantaFigure[], measure: 'iq_rate' | 'iq_msg_average', months: number, notes: Set<string>): number | null {
  const values = [...list].sort((a, b) => a.month - b.month).map((f) => (measure === 'iq_rate' ? f.rate : f.msgAverage));
  if (values.length < months || values.some((v) => v === null)) {
    notes.add('A quarter or year without every month of iQuanta figures has no rate or MSG average: pivot by month to see the months there are.');
    return null;
  }
  notes.add("iQuanta rates and MSG averages over a quarter or year are the months' rates per 1,000 residents added up; positions against the MSG band and ranks are published for single months only.");
  return values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
}

interface Cell {
  value: number | null;
  text: string | null;
  count: number;
}

export function runIquantaPivot(db: Database, spec: PivotSpec): PivotResult {
  const notes = new Set<string>();
  const figures = loadFigures(db, spec, notes);
  if (figures.length === 0) notes.add('No iQuanta figures loaded for this selection: import an iQuanta extract.');
  const areas = [...new Set(figures.map((f) => f.area))].sort((a, b) => a.localeCompare(b));
  const measures = [...new Set(figures.map((f) => f.measure))].sort((a, b) => a.localeCompare(b));
  const areaCode = new Map(areas.map((a, i) => [a, i]));
  const measureCode = new Map(measures.map((m, i) => [m, i]));
  const codeOf = (dimension: Dimension, figure: IquantaFigure): number => {
    if (dimension === 'iq_area') return areaCode.get(figure.area) ?? -1;
    if (dimension === 'iq_measure') return measureCode.get(figure.measure) ?? -1;
    if (isPeriodDimension(dimension)) return periodOfMonth(dimension, figure.month);
    throw new Error(`validated: ${dimension} is not an iQuanta dimension`);
  };
  const labelOf = (dimension: Dimension, code: number): string => {
    if (dimension === 'iq_area') return areas[code] ?? '';
    if (dimension === 'iq_measure') return measures[code] ?? '';
    return decodeLabel(dimension, code, NO_LOOKUPS);
  };

  const groups = new Map<string, IquantaFigure[]>();
  const rowCodes = new Map<string, number[]>();
  const columnCodes = new Map<string, number[]>();
  for (const figure of figures) {
    const row = spec.rows.map((d) => codeOf(d, figure));
    const column = spec.columns.map((d) => codeOf(d, figure));
    rowCodes.set(row.join('|'), row);
    columnCodes.set(column.join('|'), column);
    const key = `${row.join('|')}#${column.join('|')}`;
    const list = groups.get(key) ?? [];
    list.push(figure);
    groups.set(key, list);
  }
  const byCodes = (a: number[], b: number[]): number => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  const sortedRows = [...rowCodes.values()].sort(byCodes);
  const sortedColumns = [...columnCodes.values()].sort(byCodes);

  // A rolling-window figure (12 months to October) belongs to its last month, not to a quarter or year holding it.
  const byMonthOnly = [...spec.rows, ...spec.columns].some((d) => isPeriodDimension(d) && d !== 'month');
  // The months in a cell's period when its longest period is a quarter or a year (no month dimension shown).
  const shownPeriods = [...spec.rows, ...spec.columns].filter(isPeriodDimension);
  const monthsPerCell = shownPeriods.includes('month') ? 1 : shownPeriods.includes('quarter') ? 3 : shownPeriods.length > 0 ? 12 : null;
  const cellOf = (all: readonly IquantaFigure[] | undefined): Cell => {
    const list = byMonthOnly ? all?.filter((f) => f.windowMonths === 1) : all;
    if (list !== undefined && all !== undefined && list.length < all.length) {
      notes.add('Rolling-window iQuanta figures (e.g. 12 months to a month) are shown by month only.');
    }
    if (list === undefined || list.length === 0) return { value: null, text: null, count: 0 };
    const count = list.reduce((sum, f) => sum + f.count, 0);
    const [first] = list;
    if (first === undefined) return { value: null, text: null, count: 0 };
    if (list.length > 1) {
      const oneSeries = list.every((f) => f.area === first.area && f.measure === first.measure && f.windowMonths === 1);
      if (spec.measure === 'iq_value' && oneSeries) {
        notes.add("An area's monthly iQuanta counts are added up over the months of a longer period.");
        return { value: count, text: null, count };
      }
      if ((spec.measure === 'iq_rate' || spec.measure === 'iq_msg_average') && oneSeries && monthsPerCell !== null && monthsPerCell > 1) {
        return { value: periodRate(list, spec.measure, monthsPerCell, notes), text: null, count };
      }
      notes.add(
        !oneSeries
          ? 'Some cells hold several iQuanta figures (different areas or measures): add iq_area and iq_measure to the rows or columns, or filter them.'
          : spec.measure === 'iq_rate' || spec.measure === 'iq_msg_average'
            ? 'iQuanta rates and MSG averages are shown by period: pivot by month, quarter or year to see them.'
            : 'iQuanta positions against the MSG band and ranks are published for single months: pivot by month to see them.',
      );
      return { value: null, text: null, count };
    }
    switch (spec.measure) {
      case 'iq_value':
        return { value: first.count, text: null, count };
      case 'iq_rate':
        return { value: first.rate, text: null, count };
      case 'iq_msg_average':
        return { value: first.msgAverage, text: null, count };
      case 'iq_msg_position': {
        const position = msgPosition(first);
        return { value: position, text: position === null ? null : IQUANTA_POSITION_LABELS[position], count };
      }
      case 'iq_rank':
        return {
          value: first.msgRank,
          text: first.msgRank === null ? null : first.msgSize === null ? String(first.msgRank) : `${first.msgRank} of ${first.msgSize}`,
          count,
        };
      default:
        return { value: null, text: null, count };
    }
  };

  const isText = spec.measure === 'iq_msg_position' || spec.measure === 'iq_rank';
  const rows: PivotRow[] = sortedRows.map((row) => {
    const cells = sortedColumns.map((column) => cellOf(groups.get(`${row.join('|')}#${column.join('|')}`)));
    const counts = cells.map((c) => c.count);
    return {
      key: spec.rows.map((d, i) => labelOf(d, row[i] ?? -1)),
      values: cells.map((c) => c.value),
      ...(isText ? { text: cells.map((c) => c.text), totalText: null } : {}),
      // Published figures are not summable across areas, measures or months.
      total: null,
      counts,
      countTotal: counts.reduce((a, b) => a + b, 0),
    };
  });
  const columnCountTotals = sortedColumns.map((_, j) => rows.reduce((sum, row) => sum + (row.counts[j] ?? 0), 0));
  return {
    spec,
    columns: sortedColumns.map((column) => spec.columns.map((d, i) => labelOf(d, column[i] ?? -1))),
    rows,
    columnTotals: sortedColumns.map(() => null),
    ...(isText ? { columnTotalsText: sortedColumns.map(() => null) } : {}),
    grandTotal: null,
    columnCountTotals,
    grandCount: columnCountTotals.reduce((a, b) => a + b, 0),
    notes: [...notes],
  };
}
