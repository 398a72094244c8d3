/**
 * Which districts' rates differ significantly from the Total's, as Fingertips
 * marks an area against England: higher when the Total's rate lies below the
 * district's 95% confidence interval, lower when above it. The Total is the
 * force area's rate in the force's own workbench (force-area.ts), so this is
 * the comparison a local profile makes: "Mansfield's rate of violence is
 * significantly above the force average". Only a pivot with district alone on
 * one axis has a Total that is every district's benchmark; nested under
 * another dimension, a district's benchmark would be its group's subtotal,
 * and a reader of the table could not tell which figure was compared with which.
 */
import { type RateComparison, compareRate } from '../analytics/rate-interval';
import type { GridRow } from './display-rows';
import type { PivotSpec } from './spec';

/** The axis district alone makes, when a rate's districts can be compared with the Total. */
export type DistrictAxis = 'rows' | 'columns';

export function districtAxis(spec: Pick<PivotSpec, 'rows' | 'columns' | 'measure'>): DistrictAxis | null {
  if (spec.measure !== 'rate') return null;
  if (spec.rows.length === 1 && spec.rows[0] === 'district') return 'rows';
  if (spec.columns.length === 1 && spec.columns[0] === 'district') return 'columns';
  return null;
}

/**
 * A cell's comparison with its Total: with districts as columns, a cell
 * against its row's Total; with districts as rows, against its column's
 * Total (the Total row). `j` null is the row's Total cell. Null where the
 * cell is itself the benchmark, or either rate is missing (no population).
 */
export function rateComparisonAt(axis: DistrictAxis, row: GridRow, j: number | null, totals: GridRow): RateComparison | null {
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
export const COMPARE_DISTRICTS_HELP =
  "Mark each district whose rate is significantly higher (▲) or lower (▼) than the Total's, the rate across the districts shown " +
  "(the force area's in the force's workbench): the Total's rate lies outside the district's 95% confidence interval. " +
  'For a pivot with District alone in Rows or in Columns.';

/** Said instead of the legend when the pivot has no such axis. */
export const NO_DISTRICT_AXIS = 'To compare districts with the Total, put District alone in Rows or alone in Columns.';

/** What the marks mean, for the grid's legend and an export's header. */
export function comparisonLegend(axis: DistrictAxis): string {
  const benchmark = axis === 'columns' ? "its row's Total" : "its column's Total";
  return `▲ significantly higher, ▼ significantly lower than ${benchmark} (the rate across the districts shown): the Total's rate lies outside the district's 95% confidence interval.`;
}
