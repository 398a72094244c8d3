/**
 * A pivot is a saveable spec. It compiles to parameterised SQL: values from
 * filters are always bound, never concatenated into the query text.
 */
import { WorkbenchError } from '../errors';
import { parseMonth } from '../periods';
import { type Dimension, isDimension, isPeriodDimension } from './dimensions';

export const MEASURES = ['count', 'rate', 'share_row', 'share_col', 'share_total', 'change_prev', 'change_year'] as const;
export type Measure = (typeof MEASURES)[number];

export const MEASURE_LABELS: Readonly<Record<Measure, string>> = {
  count: 'Count',
  rate: 'Rate per 1,000 population',
  share_row: '% of row',
  share_col: '% of column',
  share_total: '% of grand total',
  change_prev: '% change on previous period',
  change_year: '% change on same period last year',
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
  if (spec.measure === 'change_prev' || spec.measure === 'change_year') {
    const last = spec.columns[spec.columns.length - 1];
    if (last === undefined || !isPeriodDimension(last)) {
      throw usage(`The measure ${spec.measure} needs a period (month, quarter, fin_year or year) as the column.`);
    }
  }
  return spec;
}
