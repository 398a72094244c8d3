/**
 * The chart of a saved view: its chart kind applied to its pivot result,
 * with the view's name as title, the period and filters as subtitle and the
 * source extracts as note. `table` views have no chart.
 */
import type { WorkbenchInfo } from '../info';
import { isPeriodDimension } from '../pivot/dimensions';
import { PERSON_YEARS_NOTE } from '../pivot/population';
import type { PivotResult } from '../pivot/run-pivot';
import type { ChartKind, ViewSort } from '../views';
import type { ShownPivots } from '../export/pivot-table';
import { type ShownTogether, disclosedShownResult } from '../disclosure/shown-table';
import { DEFAULT_THRESHOLD } from '../disclosure/suppress';
import { suppressionNote } from './analysis-chart';
import { barChart, hasPeriodRows, heatmapFromPivot, pivotLineChart, trendChart } from './builders';
import { viewChartText, withText } from './text';
import type { ChartOption, ChartText } from './theme';

interface ViewChartBase {
  name: string;
  chart: ChartKind;
  result: PivotResult;
  info: WorkbenchInfo | null;
  /** The analyst's edits to title, subtitle or source note. */
  text?: Partial<ChartText>;
  /** Layout width in px. */
  width?: number;
  /** Layout height in px (a heatmap draws the rows it fits; default the A4 preset's). */
  height?: number;
}

/** The view's pivots as its table shows them (and its sort): the chart then hides what that table hides. */
interface ShownTable {
  pivots: ShownPivots;
  sort: ViewSort | null;
  /** The document's tables (a profile's views and flags summaries), protected with this one. */
  together?: ShownTogether;
}

/**
 * With disclosure control, the view's shown table is required: its
 * suppression covers the subtotals the table publishes, which the pivot
 * result alone does not carry, so no caller can get weaker protection.
 */
export type ViewChartRequest = ViewChartBase &
  (
    | { disclosure?: undefined; shown?: ShownTable }
    | {
        /** Figures on counts below the threshold, and any that would give them away, become gaps; the source note says so. */
        disclosure: { suppression: boolean; threshold?: number };
        shown: ShownTable;
      }
  );

/** The pivot's notes a chart needs: not the one on totals across periods, as a chart draws no Total. */
export function chartNotes(result: PivotResult): string[] {
  return result.notes.filter((note) => note !== PERSON_YEARS_NOTE);
}

export function viewChart(request: ViewChartRequest): ChartOption | null {
  const threshold = request.disclosure?.threshold ?? DEFAULT_THRESHOLD;
  const disclosed =
    request.disclosure !== undefined && request.disclosure.suppression
      ? disclosedShownResult(request.shown.pivots, {
          sort: request.shown.sort,
          threshold,
          ...(request.shown.together === undefined ? {} : { together: request.shown.together }),
        })
      : { result: request.result, suppressed: 0 };
  const { result } = disclosed;
  const edited = withText(viewChartText(result.spec, request.info, request.name, chartNotes(result)), request.text);
  const text =
    disclosed.suppressed === 0 ? edited : { ...edited, sourceNote: [suppressionNote(threshold), edited.sourceNote].filter((s) => s !== '').join(' ') };
  const common = { text, ...(request.width === undefined ? {} : { width: request.width }), ...(request.height === undefined ? {} : { height: request.height }) };
  const lastColumn = result.spec.columns[result.spec.columns.length - 1];
  const periodColumns = lastColumn !== undefined && isPeriodDimension(lastColumn);
  switch (request.chart) {
    case 'table':
      return null;
    case 'heatmap':
      return heatmapFromPivot(result, common);
    case 'line': {
      const [only] = result.rows;
      if (periodColumns && result.rows.length === 1 && only && result.spec.columns.length === 1 && result.spec.columns[0] === 'month') {
        return trendChart({ ...common, months: result.columns.map((c) => c[0] ?? ''), values: only.values, name: only.key.join(' / ') || 'All records' });
      }
      // Months down the rows and one column (or none): the same single trend line, read down the table.
      if (hasPeriodRows(result.spec) && result.spec.rows[0] === 'month' && result.columns.length <= 1) {
        return trendChart({ ...common, months: result.rows.map((r) => r.key[0] ?? ''), values: result.rows.map((r) => r.values[0] ?? null), name: result.columns[0]?.join(' / ') || 'All records' });
      }
      return pivotLineChart(result, common);
    }
    case 'bar':
      return barChart(result, { ...common, mode: result.spec.measure === 'count' && result.columns.length > 1 ? 'stacked' : 'grouped' });
  }
}
