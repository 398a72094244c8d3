/**
 * Charts of the Repeat victimisation view in the workbench's one theme
 * (shared/charts/theme.ts): plain option objects, no functions, so the app
 * draws them on a canvas and exports them at the print presets like every
 * other chart. The Knox grid uses the shared knoxChart builder.
 */
import { knoxChart } from '../../charts/builders';
import { type ChartOption, type ChartText, INK, PALETTE, applyTheme, axisStyle } from '../../charts/theme';

/** Days to repeat in bins of `binDays` (the last bin ends at the window); labels in [a, b) notation, the last closed. */
export function timeToRepeatBins(daysToRepeat: readonly number[], windowDays: number, binDays = 30): { labels: string[]; counts: number[] } {
  const bins = Math.max(1, Math.ceil((windowDays + 1) / binDays));
  const counts = Array.from({ length: bins }, () => 0);
  for (const days of daysToRepeat) {
    const bin = Math.min(bins - 1, Math.floor(days / binDays));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  // The window is closed (a gap of exactly windowDays counts), so the last band is [a, windowDays].
  const labels = counts.map((_, i) => (i === bins - 1 ? `[${i * binDays}, ${windowDays}]` : `[${i * binDays}, ${(i + 1) * binDays})`));
  return { labels, counts };
}

export function timeToRepeatChart(input: { daysToRepeat: readonly number[]; windowDays: number; binDays?: number; text: ChartText; width?: number }): ChartOption {
  const { labels, counts } = timeToRepeatBins(input.daysToRepeat, input.windowDays, input.binDays);
  const style = axisStyle();
  return applyTheme(
    {
      xAxis: { type: 'category', data: labels, name: 'Days to the next record', nameLocation: 'middle', nameGap: 42, ...style, axisLabel: { ...(style.axisLabel as object), rotate: labels.length > 8 ? 35 : 0 }, splitLine: { show: false } },
      yAxis: { type: 'value', name: 'Repeats', minInterval: 1, ...style },
      tooltip: { trigger: 'axis' },
      series: [{ type: 'bar', name: 'Repeats', data: counts, barCategoryGap: '10%', itemStyle: { color: PALETTE[0] } }],
    },
    input.text,
    { width: input.width, legend: false },
  );
}

/** Near-repeat events (flagged) over the others, on British National Grid metres. */
export function nearRepeatScatter(input: { x: readonly number[]; y: readonly number[]; nearRepeat: readonly boolean[]; text: ChartText; width?: number }): ChartOption {
  const near: [number, number][] = [];
  const other: [number, number][] = [];
  input.x.forEach((x, i) => {
    const point: [number, number] = [Math.round(x), Math.round(input.y[i] ?? 0)];
    (input.nearRepeat[i] === true ? near : other).push(point);
  });
  const style = axisStyle();
  const axis = (name: string): Record<string, unknown> => ({ type: 'value', name, scale: true, ...style, axisLabel: { ...(style.axisLabel as object), hideOverlap: true } });
  return applyTheme(
    {
      xAxis: { ...axis('Easting (m)'), nameLocation: 'middle', nameGap: 28 },
      yAxis: { ...axis('Northing (m)') },
      tooltip: { trigger: 'item' },
      legend: { data: [`Near repeat (${near.length})`, `Other events (${other.length})`] },
      series: [
        // Others first, so the near repeats draw on top.
        { type: 'scatter', name: `Other events (${other.length})`, data: other, symbolSize: 4, itemStyle: { color: PALETTE[5], opacity: 0.55 } },
        { type: 'scatter', name: `Near repeat (${near.length})`, data: near, symbol: 'diamond', symbolSize: 7, itemStyle: { color: INK.accent, borderColor: INK.text, borderWidth: 0.5 } },
      ],
    },
    input.text,
    { width: input.width, legend: true },
  );
}

/** What the Knox heatmap needs from a near-repeat result (the CLI's JSON fields). */
export interface KnoxGrid {
  space_bands: string[];
  time_bands: string[];
  knox_ratio: (number | null)[][];
  p_value: number[][];
  significant: boolean[][];
}

/**
 * The Knox grid on the shared heatmap, with a 0 to 2 colour scale: 1 (no
 * pattern) is white and twice the expected pairs or more is full red. The
 * shared index scale is symmetric around 1 by the largest ratio, which runs
 * below 0 for ratios like 10 or 70.
 */
export function knoxHeatmap(input: { knox: KnoxGrid; text: ChartText; width?: number }): ChartOption {
  const { knox } = input;
  const option = knoxChart({
    text: input.text,
    ...(input.width === undefined ? {} : { width: input.width }),
    spaceLabels: knox.space_bands,
    timeLabels: knox.time_bands,
    knoxRatio: knox.knox_ratio.map((row) => row.map((v) => (v === null ? Number.NaN : v))),
    pValue: knox.p_value,
    significant: knox.significant,
  });
  const visualMap = typeof option.visualMap === 'object' && option.visualMap !== null ? option.visualMap : {};
  // White labels on the dark ends of that scale.
  const series = option.series.map((s) => ({
    ...s,
    data: s.data.map((item) => {
      if (typeof item !== 'object' || item === null || !('value' in item) || !('label' in item) || !Array.isArray(item.value)) return item;
      const ratio = Number(item.value[2]);
      return { ...item, label: { ...(item.label as object), color: ratio <= 0.4 || ratio >= 1.6 ? INK.background : INK.text } };
    }),
  }));
  return { ...option, series, visualMap: { ...visualMap, min: 0, max: 2, text: ['2 or more', '0'] } };
}
