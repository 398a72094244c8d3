/**
 * The chart of a saved view: its chart kind applied to its pivot result,
 * with the view's name as title, the period and filters as subtitle and the
 * source extracts as note. `table` views have no chart.
 */
import type { WorkbenchInfo } from '../info';
import { isPeriodDimension } from '../pivot/dimensions';
import type { PivotResult } from '../pivot/run-pivot';
import type { ChartKind, ViewSort } from '../views';
import type { ShownPivots } from '../export/pivot-table';
import { disclosedShownResult } from '../disclosure/shown-table';
import { disclosedPivotResult } from '../disclosure/pivot-table';
import { DEFAULT_THRESHOLD } from '../disclosure/suppress';
import { suppressionNote } from './analysis-chart';
import { barChart, heatmapFromPivot, pivotLineChart, trendChart } from './builders';
import { viewChartText, withText } from './text';
import type { ChartOption, ChartText } from './theme';

export interface ViewChartRequest {
  name: string;
  chart: ChartKind;
  result: PivotResult;
  info: WorkbenchInfo | null;
  /** The analyst's edits to title, subtitle or source note. */
  text?: Partial<ChartText>;
  /** Layout width in px. */
  width?: number;
  /** Disclosure control: figures on counts below the threshold become gaps, and the source note says so. */
  disclosure?: { suppression: boolean; threshold?: number };
  /** The view's pivots as its table shows them (and its sort): the chart then hides what that table hides. */
  shown?: { pivots: ShownPivots; sort: ViewSort | null };
}

export function viewChart(request: ViewChartRequest): ChartOption | null {
  const threshold = request.disclosure?.threshold ?? DEFAULT_THRESHOLD;
  const shown = request.shown;
  const disclosed =
    request.disclosure?.suppression !== true
      ? { result: request.result, suppressed: 0 }
      : shown === undefined
        ? disclosedPivotResult(request.result, threshold)
        : disclosedShownResult(shown.pivots, { sort: shown.sort, threshold });
  const { result } = disclosed;
  const edited = withText(viewChartText(result.spec, request.info, request.name), request.text);
  const text =
    disclosed.suppressed === 0 ? edited : { ...edited, sourceNote: [suppressionNote(threshold), edited.sourceNote].filter((s) => s !== '').join(' ') };
  const common = { text, ...(request.width === undefined ? {} : { width: request.width }) };
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
      return pivotLineChart(result, common);
    }
    case 'bar':
      return barChart(result, { ...common, mode: result.spec.measure === 'count' && result.columns.length > 1 ? 'stacked' : 'grouped' });
  }
}
