/**
 * The figures a chart draws, as a table: the text alternative for people
 * who cannot see the chart (WCAG 1.1.1), read from the same themed option
 * the chart is drawn from, so the two cannot disagree. Category charts give
 * a row per category and a column per series; heatmaps a row per row label
 * and a column per column label; charts of points a row per point.
 */
import type { ChartOption, ChartSeries } from './theme';

export interface ChartTable {
  columns: string[];
  rows: string[][];
}

/** Charts of points (e.g. near-repeat events) list this many and say how many more. */
export const MAX_TABLE_ROWS = 500;

const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

function cell(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? NUMBER.format(value) : '';
  if (typeof value === 'string') return value;
  return '';
}

/** A data item's value: a number, [x, y, ...], or { value }. */
function valueOf(item: unknown): unknown {
  if (typeof item === 'object' && item !== null && !Array.isArray(item) && 'value' in item) return item.value;
  return item;
}

function axis(option: ChartOption, key: 'xAxis' | 'yAxis'): { type?: unknown; data?: unknown; name?: unknown } {
  const raw = option[key];
  const first: unknown = Array.isArray(raw) ? raw[0] : raw;
  return typeof first === 'object' && first !== null ? first : {};
}

const labelsOf = (a: { data?: unknown }): string[] | null => (Array.isArray(a.data) ? a.data.map((d) => cell(valueOf(d))) : null);

/** Series that draw data (not bands or reference lines only), with names made unique. */
function dataSeries(option: ChartOption): { name: string; series: ChartSeries }[] {
  const seen = new Map<string, number>();
  return option.series
    .filter((s) => Array.isArray(s.data) && s.data.length > 0)
    .map((series) => {
      const base = series.name === '' ? 'Value' : series.name;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return { name: n === 1 ? base : `${base} (${n})`, series };
    });
}

export function chartTable(option: ChartOption): ChartTable | null {
  const x = axis(option, 'xAxis');
  const y = axis(option, 'yAxis');
  const xLabels = labelsOf(x);
  const yLabels = labelsOf(y);
  const series = dataSeries(option);
  if (series.length === 0) return null;

  const heatmap = series.find((s) => s.series.type === 'heatmap');
  if (heatmap !== undefined && xLabels !== null && yLabels !== null) {
    const grid = yLabels.map(() => xLabels.map(() => ''));
    for (const item of heatmap.series.data) {
      const v = valueOf(item);
      if (!Array.isArray(v)) continue;
      const [i, j, value] = v as unknown[];
      if (typeof i === 'number' && typeof j === 'number') {
        const row = grid[j];
        if (row !== undefined) row[i] = cell(value);
      }
    }
    return { columns: ['', ...xLabels], rows: yLabels.map((label, j) => [label, ...(grid[j] ?? [])]) };
  }

  // Categories along one axis (bars drawn sideways have them on y).
  const categories = xLabels ?? yLabels;
  if (categories !== null) {
    const rows = categories.map((label, i) => [
      label,
      ...series.map(({ series: s }) => {
        const v = valueOf(s.data[i]);
        return cell(Array.isArray(v) ? v[v.length - 1] : v);
      }),
    ]);
    return { columns: [cell(xLabels === null ? y.name : x.name) || 'Category', ...series.map((s) => s.name)], rows };
  }

  // Points: one row each, with the series it belongs to when there are several.
  const points = series.flatMap(({ name, series: s }) =>
    s.data.map((item) => {
      const v = valueOf(item);
      const [px, py] = Array.isArray(v) ? (v as unknown[]) : [undefined, v];
      return [...(series.length > 1 ? [name] : []), cell(px), cell(py)];
    }),
  );
  const columns = [...(series.length > 1 ? ['Series'] : []), cell(x.name) || 'x', cell(y.name) || 'y'];
  const rows = points.slice(0, MAX_TABLE_ROWS);
  if (points.length > rows.length) rows.push([`… and ${NUMBER.format(points.length - rows.length)} more`, ...columns.slice(1).map(() => '')]);
  return { columns, rows };
}
