/**
 * Which rates differ significantly from the Total's, as Fingertips marks an
 * area against England: higher when the Total's rate lies below the figure's
 * 95% confidence interval, lower when above it. The Total of districts is the
 * force area's rate in the force's own workbench (force-area.ts), so this is
 * the comparison a local profile makes: "Mansfield's rate of violence is
 * significantly above the force average"; by age band it is every age's, so
 * "18 to 24 year olds are victimised significantly more than residents as a
 * whole". Only a dimension that splits the residents (district, age band,
 * sex) has the Total as each part's benchmark: a crime type's rate is a part
 * of the Total's, always below it. And only alone on its axis: nested under
 * another dimension, a district's benchmark would be its group's subtotal,
 * and a reader of the table could not tell which figure was compared with which.
 */
import { type RateComparison, compareRate } from '../analytics/rate-interval';
import type { Dimension } from './dimensions';
import type { GridRow } from './display-rows';
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

/**
 * A cell's comparison with its Total: with the compared dimension in
 * columns, a cell against its row's Total; in rows, against its column's
 * Total (the Total row). `j` null is the row's Total cell. Null where the
 * cell is itself the benchmark, or either rate is missing (no population).
 */
export function rateComparisonAt(axis: ComparedAxis['axis'], row: GridRow, j: number | null, totals: GridRow): RateComparison | null {
  if (axis === 'columns') {
    if (j === null) return null;
    return compared(row.intervals?.[j], row.total);
  }
  if (row.kind === 'total') return null;
  return j === null ? compared(row.totalInterval, totals.total) : compared(row.intervals?.[j], totals.values[j]);
}

function compared(interval: GridRow['totalInterval'], benchmark: number | null | undefined): RateComparison | null {
  if (interval === null || interval === undefined || benchmark === null || benchmark === undefined) return null;
  return compareRate(interval, benchmark);
}

export const COMPARISON_SYMBOLS: Readonly<Record<RateComparison, string>> = { higher: '▲', similar: '', lower: '▼' };

/** The setting's help, where it is. */
export const COMPARE_HELP =
  "Mark each rate significantly higher (▲) or lower (▼) than the Total's: the Total's rate lies outside its 95% confidence interval. " +
  "For a rate with District, Victim age band or Victim sex alone in Rows or in Columns; the Total of districts is the force area's in the force's workbench.";

/** Said instead of the legend when the pivot has no such axis. */
export const NO_COMPARED_AXIS = 'To compare with the Total, put District, Victim age band or Victim sex alone in Rows or alone in Columns.';

/** What the marks mean, for the grid's legend and a document's note under the table. */
export function comparisonLegend(compared: ComparedAxis): string {
  const benchmark = compared.axis === 'columns' ? "its row's Total" : "its column's Total";
  return `▲ significantly higher, ▼ significantly lower than ${benchmark} (the rate across the ${COMPARED[compared.dimension] ?? 'values'} shown): the Total's rate lies outside the figure's 95% confidence interval.`;
}
