/**
 * Which rates differ significantly from the Total's, as Fingertips marks an
 * area against England: higher when the Total's rate lies below the figure's
 * 95% confidence interval, lower when above it. The Total of districts is the
 * force area's rate in the force's own workbench (force-area.ts), so this is
 * the comparison a local profile makes: "Mansfield's rate of violence is
 * significantly above the force average"; by age band it is every known
 * age's, so "18 to 24 year olds are victimised significantly more than
 * residents as a whole". Only a dimension that splits the residents (district, age band,
 * sex) has the Total as each part's benchmark: a crime type's rate is a part
 * of the Total's, always below it. And only alone on its axis: nested under
 * another dimension, a district's benchmark would be its group's subtotal,
 * and a reader of the table could not tell which figure was compared with which.
 */
import { type RateComparison, type RateInterval, compareRate } from '../analytics/rate-interval';
import type { Dimension } from './dimensions';
import type { GridRow } from './display-rows';
import type { PivotRow } from './run-pivot';
import type { PivotSpec } from './spec';

/** Dimensions that split the residents, with what their values are called together. */
const COMPARED: Readonly<Partial<Record<Dimension, string>>> = { district: 'districts', age_band: 'age bands', sex: 'sexes' };

/** The axis a compared dimension makes alone, and which dimension it is. */
export interface ComparedAxis {
  axis: 'rows' | 'columns';
  dimension: Dimension;
}

/** Rows first: the table's rows are what an analyst lists and compares; then columns. */
export function comparedAxis(spec: Pick<PivotSpec, 'rows' | 'columns' | 'measure'>): ComparedAxis | null {
  if (spec.measure !== 'rate') return null;
  for (const [axis, dimensions] of [['rows', spec.rows], ['columns', spec.columns]] as const) {
    const [only] = dimensions;
    if (dimensions.length === 1 && only !== undefined && COMPARED[only] !== undefined) return { axis, dimension: only };
  }
  return null;
}

/** What a cell is compared with: its rate's interval, and the pivot's rows to pool a benchmark over. */
type RateCells = Pick<PivotRow, 'intervals' | 'totalInterval'>;

/** Compares a cell (`j` null: the row's Total cell) with its benchmark; null where it is a benchmark itself or has no rate. */
export type CompareAt = (row: GridRow, j: number | null) => RateComparison | null;

export interface Comparer {
  compare: CompareAt;
  /** The rate a cell is compared with, per 1,000 (null where it is not compared). */
  benchmark: (row: GridRow, j: number | null) => number | null;
}

/**
 * The benchmark of each cell. Districts: the Total, the force area's rate in
 * the force's workbench (records outside it, or of no known district, are
 * already left out of it). Age bands and sex: the rate over the values with
 * residents to divide by, pooled from their own records and person-years,
 * since the Total also counts victims of unknown age or sex, who have no
 * residents: against it every band would read low. `rows` are all the
 * pivot's rows (not only those shown), `totals` its Total row.
 */
export function comparisonAt(compared: ComparedAxis, rows: readonly RateCells[], totals: GridRow): Comparer {
  const isDistrict = compared.dimension === 'district';
  let benchmark: Comparer['benchmark'];
  if (compared.axis === 'columns') {
    benchmark = (row, j) => (j === null ? null : isDistrict ? row.total : pooled(row.intervals ?? []));
  } else {
    const byColumn = totals.values.map((total, j) => (isDistrict ? total : pooled(rows.map((r) => r.intervals?.[j]))));
    const overall = isDistrict ? totals.total : pooled(rows.map((r) => r.totalInterval));
    benchmark = (row, j) => (row.kind === 'total' ? null : j === null ? overall : (byColumn[j] ?? null));
  }
  return { compare: (row, j) => versus(j === null ? row.totalInterval : row.intervals?.[j], benchmark(row, j)), benchmark };
}

/** Per 1,000: all the records over all the person-years of the rates given. */
function pooled(intervals: readonly (RateInterval | null | undefined)[]): number | null {
  let count = 0;
  let persons = 0;
  for (const interval of intervals) {
    if (interval === null || interval === undefined) continue;
    count += interval.count;
    persons += interval.persons;
  }
  return persons > 0 ? (count * 1000) / persons : null;
}

function versus(interval: RateInterval | null | undefined, benchmark: number | null | undefined): RateComparison | null {
  if (interval === null || interval === undefined || benchmark === null || benchmark === undefined) return null;
  return compareRate(interval, benchmark);
}

export const COMPARISON_SYMBOLS: Readonly<Record<RateComparison, string>> = { higher: '▲', similar: '', lower: '▼' };

/** The setting's help, where it is. */
export const COMPARE_HELP =
  "Mark each rate significantly higher (▲) or lower (▼) than the Total's (for age bands and sex, the rate over victims of known age or sex): " +
  "that rate lies outside the figure's 95% confidence interval. For a rate with District, Victim age band or Victim sex alone in Rows or in Columns; " +
  "the Total of districts is the force area's in the force's workbench.";

/** Said instead of the legend when the pivot has no such axis. */
export const NO_COMPARED_AXIS = 'To compare with the Total, put District, Victim age band or Victim sex alone in Rows or alone in Columns.';

/** What a cell is compared with, in a few words: "the Total", "all age bands". */
export function benchmarkName(compared: ComparedAxis): string {
  return compared.dimension === 'district' ? 'the Total' : `all ${COMPARED[compared.dimension] ?? 'values'}`;
}

/** What the marks mean, for the grid's legend and a document's note under the table (where nothing can be hovered). */
export function comparisonLegend(compared: ComparedAxis, where: 'screen' | 'document' = 'screen'): string {
  const hover = where === 'screen' ? '; hover a figure for it' : '';
  const benchmark =
    compared.dimension === 'district'
      ? `${compared.axis === 'columns' ? "its row's" : "its column's"} Total (the force area's rate in the force's workbench)`
      : `the rate across all ${COMPARED[compared.dimension] ?? 'values'} in its ${compared.axis === 'columns' ? 'row' : 'column'} (victims of unknown ${compared.dimension === 'sex' ? 'sex' : 'age'} left out, so not the Total when there are any${hover})`;
  return `▲ significantly higher, ▼ significantly lower than ${benchmark}: that rate lies outside the figure's 95% confidence interval.`;
}
