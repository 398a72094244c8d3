/**
 * A pivot is a saveable spec. It compiles to parameterised SQL: values from
 * filters are always bound, never concatenated into the query text.
 */
import { WorkbenchError } from '../errors';
import { parseMonth } from '../periods';
import { type Dimension, PERIOD_DIMENSIONS, isDimension, isIquantaDimension, isPeriodDimension } from './dimensions';

export const MEASURES = [
  'count',
  'rate',
  'share_row',
  'share_col',
  'share_total',
  'change_prev',
  'change_year',
  'diff_prev',
  'diff_year',
  'fytd',
  'fytd_change',
  'rolling_12',
  'rolling_12_change',
  'iq_value',
  'iq_rate',
  'iq_msg_average',
  'iq_msg_position',
  'iq_rank',
] as const;
export type Measure = (typeof MEASURES)[number];

/** Measures that compare a period with an earlier one: the last column must be a period. */
export const LAGGED_MEASURES = ['change_prev', 'change_year', 'diff_prev', 'diff_year'] as const satisfies readonly Measure[];
/** Measures summed over a window of months (financial year to date, rolling 12 months). */
export const WINDOW_MEASURES = ['fytd', 'fytd_change', 'rolling_12', 'rolling_12_change'] as const satisfies readonly Measure[];
/** Measures over the iQuanta table (comparative aggregates) rather than records. */
export const IQUANTA_MEASURES = ['iq_value', 'iq_rate', 'iq_msg_average', 'iq_msg_position', 'iq_rank'] as const satisfies readonly Measure[];
export type LaggedMeasure = (typeof LAGGED_MEASURES)[number];
export type WindowMeasure = (typeof WINDOW_MEASURES)[number];
export type IquantaMeasure = (typeof IQUANTA_MEASURES)[number];

export function isLaggedMeasure(measure: Measure): measure is LaggedMeasure {
  return (LAGGED_MEASURES as readonly string[]).includes(measure);
}
export function isWindowMeasure(measure: Measure): measure is WindowMeasure {
  return (WINDOW_MEASURES as readonly string[]).includes(measure);
}
export function isIquantaMeasure(measure: Measure): measure is IquantaMeasure {
  return (IQUANTA_MEASURES as readonly string[]).includes(measure);
}

export const MEASURE_LABELS: Readonly<Record<Measure, string>> = {
  count: 'Count',
  rate: 'Rate per 1,000 population',
  share_row: '% of row',
  share_col: '% of column',
  share_total: '% of grand total',
  change_prev: '% change on previous period',
  change_year: '% change on same period last year',
  diff_prev: 'Change in number on previous period',
  diff_year: 'Change in number on same period last year',
  fytd: 'Financial year to date',
  fytd_change: '% change in financial year to date on previous year',
  rolling_12: 'Rolling 12 months',
  rolling_12_change: '% change in rolling 12 months on previous 12',
  iq_value: 'iQuanta count',
  iq_rate: 'iQuanta rate per 1,000',
  iq_msg_average: 'Most similar group average rate',
  iq_msg_position: 'Position against most similar group',
  iq_rank: 'Rank in most similar group',
};

export function isMeasure(name: string): name is Measure {
  return (MEASURES as readonly string[]).includes(name);
}

export interface PivotFilter {
  dimension: Dimension;
  /** Labels as shown (e.g. `Mansfield`, `2023-04`); a record matches any of them. */
  values: string[];
}

export interface PivotSpec {
  rows: Dimension[];
  columns: Dimension[];
  measure: Measure;
  filters: PivotFilter[];
  /** Inclusive month range, `YYYY-MM`. */
  from?: string;
  to?: string;
}

export const DEFAULT_PIVOT: PivotSpec = { rows: ['crime_type'], columns: ['district'], measure: 'count', filters: [] };

/** Checks a spec that came from outside (a saved view, the command line, the UI). */
export function validatePivotSpec(spec: PivotSpec): PivotSpec {
  const usage = (message: string): WorkbenchError => new WorkbenchError({ code: 'usage', message });
  for (const dimension of [...spec.rows, ...spec.columns, ...spec.filters.map((f) => f.dimension)]) {
    if (!isDimension(dimension)) throw usage(`Unknown dimension "${String(dimension)}".`);
  }
  if (!isMeasure(spec.measure)) throw usage(`Unknown measure "${String(spec.measure)}".`);
  const duplicated = spec.rows.find((d) => spec.columns.includes(d));
  if (duplicated !== undefined) throw usage(`"${duplicated}" cannot be both a row and a column.`);
  for (const [name, value] of [
    ['--from', spec.from],
    ['--to', spec.to],
  ] as const) {
    if (value !== undefined && parseMonth(value) === null) throw usage(`${name} must be a month as YYYY-MM, not "${value}".`);
  }
  const dimensions = [...spec.rows, ...spec.columns, ...spec.filters.map((f) => f.dimension)];
  if (isIquantaMeasure(spec.measure)) {
    const other = dimensions.find((d) => !isIquantaDimension(d) && !isPeriodDimension(d));
    if (other !== undefined) {
      throw usage(`The iQuanta measure ${spec.measure} pivots by iq_area, iq_measure and periods only, not by "${other}".`);
    }
    return spec;
  }
  const iquanta = dimensions.find(isIquantaDimension);
  if (iquanta !== undefined) {
    throw usage(`"${iquanta}" is an iQuanta dimension: use it with an iQuanta measure (${IQUANTA_MEASURES.join(', ')}).`);
  }
  if (isLaggedMeasure(spec.measure) || isWindowMeasure(spec.measure)) {
    const last = spec.columns[spec.columns.length - 1];
    const allowed: readonly Dimension[] =
      spec.measure === 'rolling_12' || spec.measure === 'rolling_12_change'
        ? ['month']
        : spec.measure === 'fytd' || spec.measure === 'fytd_change'
          ? ['month', 'fin_year']
          : PERIOD_DIMENSIONS;
    if (last === undefined || !allowed.includes(last)) {
      const names = allowed.length === 1 ? 'month' : allowed.length === 2 ? 'month or fin_year' : 'a period (month, quarter, fin_year or year)';
      throw usage(`The measure ${spec.measure} needs ${names} as the last column.`);
    }
    // Another period among rows or columns would cut the comparison window short.
    const otherPeriod = [...spec.rows, ...spec.columns.slice(0, -1)].find(isPeriodDimension);
    if (otherPeriod !== undefined) {
      throw usage(`The measure ${spec.measure} compares periods along the columns: "${otherPeriod}" cannot also be a row or column.`);
    }
  }
  return spec;
}
