/**
 * The Trend panel's pivot: one pivot row's records month by month, in the
 * grid's measure where a month has one (a rate per 1,000 is that month's
 * records over the row's residents in the month's year), else record counts.
 * The engine computes it (runPivot, Month in the columns), so the trend's
 * rates are the grid's rates with Month in the columns: one denominator.
 */
import { MEASURE_LABELS, type Measure, type PivotSpec } from './spec';

/**
 * What the trend plots for the grid's measure. Only the rate has a monthly
 * meaning of its own; shares of a one-row pivot, changes and windows
 * (a trend of running sums) would mislead, so they plot counts.
 */
export function trendMeasure(measure: Measure): 'count' | 'rate' {
  return measure === 'rate' ? 'rate' : 'count';
}

/** The trend of one pivot row: its records month by month, within the pivot's filters and range. */
export function trendSpec(spec: PivotSpec, rowKey: readonly string[]): PivotSpec {
  // A group row of nested rows has fewer labels than row dimensions: only those it has filter.
  const rowFilters = spec.rows.flatMap((dimension, i) => {
    const label = rowKey[i];
    return label === undefined ? [] : [{ dimension, values: [label] }];
  });
  return {
    rows: [],
    columns: ['month'],
    measure: trendMeasure(spec.measure),
    // The row's own dimensions replace any filter on them.
    filters: [...spec.filters.filter((f) => !rowFilters.some((r) => r.dimension === f.dimension)), ...rowFilters],
    ...(spec.from === undefined ? {} : { from: spec.from }),
    ...(spec.to === undefined ? {} : { to: spec.to }),
  };
}

/**
 * The trend's title and y-axis name, saying what is plotted ("Mansfield: rate
 * per 1,000 population per month"). `plotted` is the trend result's own
 * measure, so a trend still computing for a new measure is never mislabelled.
 */
export function trendLabels(plotted: Measure, gridMeasure: Measure, rowKey: readonly string[]): { title: string; axis: string } {
  const row = rowKey.join(' / ') || 'All records';
  if (plotted === 'rate') return { title: `${row}: rate per 1,000 population per month`, axis: 'Rate per 1,000 population' };
  // Counts for another measure in the grid: the title says so, lest a count pass for a share or a change.
  const note = gridMeasure === 'count' ? '' : ` (counts, not the ${MEASURE_LABELS[gridMeasure].toLowerCase()} shown in the grid)`;
  return { title: `${row}: records per month${note}`, axis: 'Records' };
}
