/**
 * Chart option builders: results in, plain themed ECharts options out. They
 * are pure (no database, no DOM, no functions inside the options) so the
 * app renders them on a canvas and the command line renders the very same
 * object to SVG and PNG. Every series carries the input numbers unchanged;
 * anything derived (a trend line, shares, ratios) is computed here and
 * named as such.
 */
import { RATE_LEVEL } from '../analytics/rate-interval';
import { formatDecimal, formatFigure, isSignedMeasure } from '../figures';
import { isPeriodDimension } from '../pivot/dimensions';
import type { PivotResult } from '../pivot/run-pivot';
import { MEASURE_LABELS } from '../pivot/spec';
import { monthLabel } from './text';
import { textWidth } from './text-metrics';
import { type ChartOption, type ChartSeries, type ChartText, DIVERGING, INK, PALETTE, SEQUENTIAL, applyTheme, axisStyle } from './theme';

interface Common {
  text: ChartText;
  /** Layout width in px, so the source note truncates rather than overflows. */
  width?: number;
  /** Layout height in px, where a chart lays out by it (heatmaps draw the rows it fits). */
  height?: number;
}

const present = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function categoryAxis(labels: readonly string[], options: { rotate?: boolean; boundaryGap?: boolean } = {}): Record<string, unknown> {
  const style = axisStyle();
  return {
    type: 'category',
    data: labels,
    boundaryGap: options.boundaryGap ?? true,
    ...style,
    axisLabel: { ...(style.axisLabel as object), interval: labels.length > 24 ? 'auto' : 0, rotate: options.rotate === true ? 35 : 0, hideOverlap: true },
    splitLine: { show: false },
  };
}

function valueAxis(name = '', extra: Record<string, unknown> = {}): Record<string, unknown> {
  const style = axisStyle();
  // The name sits above the axis; aligned to it so a long name is not clipped at the edge.
  const align = extra.position === 'right' ? 'right' : 'left';
  return { type: 'value', name, ...style, nameTextStyle: { ...(style.nameTextStyle as object), align }, ...extra };
}

// ---------------------------------------------------------------- trend line

export interface TrendInput extends Common {
  /** `YYYY-MM` of each value. */
  months: string[];
  values: (number | null)[];
  /** Series name, e.g. "Burglary, Mansfield". */
  name: string;
  /** The y-axis name: what the values are ("Rate per 1,000 population"); records when not given. */
  axisName?: string;
  /** Sen's slope in records per month (flags trend `sen_slope`); draws the trend line when given. */
  senSlope?: number | null;
  /** The analysis' own intercept (value at the first month); else the median of y_i - slope * i. */
  senIntercept?: number | null;
  /** Forecast points after the last month (flags `forecasts`), drawn as a line with its interval band. */
  forecast?: { month: string; mean: number; lower: number; upper: number }[] | null;
}

/**
 * The Sen line through the data: slope given, intercept the median of
 * y_i - slope * i (Conover's estimator, what pyMannKendall reports).
 */
export function senLine(values: readonly (number | null)[], slope: number): number[] {
  const residuals = values.flatMap((v, i) => (present(v) ? [v - slope * i] : []));
  const intercept = residuals.length === 0 ? 0 : median(residuals);
  return values.map((_, i) => intercept + slope * i);
}

export function trendChart(input: TrendInput): ChartOption {
  const forecast = input.forecast ?? [];
  const labels = [...input.months, ...forecast.map((f) => f.month)].map(monthLabel);
  const pad = input.months.map(() => null);
  const series: ChartSeries[] = [
    {
      type: 'line',
      name: input.name,
      data: input.values,
      symbol: 'circle',
      symbolSize: 4,
      lineStyle: { width: 2, color: PALETTE[0] },
      itemStyle: { color: PALETTE[0] },
    },
  ];
  if (present(input.senSlope ?? null)) {
    series.push({
      type: 'line',
      name: 'Trend (Sen slope)',
      data: present(input.senIntercept ?? null)
        ? input.values.map((_, i) => Math.max(0, (input.senIntercept ?? 0) + (input.senSlope ?? 0) * i))
        : senLine(input.values, input.senSlope ?? 0),
      symbol: 'none',
      lineStyle: { width: 1.5, type: 'dashed', color: PALETTE[3] },
      itemStyle: { color: PALETTE[3] },
    });
  }
  if (forecast.length > 0) {
    // The band is a stack: an invisible lower line, then (upper - lower) filled.
    series.push(
      {
        type: 'line',
        name: 'Forecast lower',
        data: [...pad, ...forecast.map((f) => f.lower)],
        stack: 'forecast-band',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        silent: true,
      },
      {
        type: 'line',
        name: 'Forecast interval',
        data: [...pad, ...forecast.map((f) => f.upper - f.lower)],
        stack: 'forecast-band',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color: PALETTE[5], opacity: 0.3 },
        itemStyle: { color: PALETTE[5] },
      },
      {
        type: 'line',
        name: 'Forecast',
        data: [...pad, ...forecast.map((f) => f.mean)],
        symbol: 'none',
        lineStyle: { width: 2, type: 'dotted', color: PALETTE[0] },
        itemStyle: { color: PALETTE[0] },
      },
    );
  }
  return applyTheme(
    {
      xAxis: categoryAxis(labels, { boundaryGap: false }),
      yAxis: valueAxis(input.axisName ?? 'Records', { min: 0 }),
      legend: { data: series.map((s) => s.name).filter((n) => n !== 'Forecast lower') },
      series,
    },
    input.text,
    { width: input.width, legend: series.length > 1 },
  );
}

// ---------------------------------------------------------------- bars and lines from a pivot

const rowLabel = (key: readonly string[]): string => key.join(' / ') || 'All records';

/**
 * Bars from a pivot: one category per row (e.g. district), one series per
 * column (e.g. crime type; a single series when there are no columns).
 */
export function barChart(result: PivotResult, options: Common & { mode: 'stacked' | 'grouped' }): ChartOption {
  const categories = result.rows.map((r) => rowLabel(r.key));
  const columns = result.columns.length === 0 ? [[]] : result.columns;
  const series: ChartSeries[] = columns.map((labels, j) => ({
    type: 'bar',
    name: labels.join(' / ') || MEASURE_LABELS[result.spec.measure],
    data: result.rows.map((r) => r.values[j] ?? null),
    ...(options.mode === 'stacked' ? { stack: 'total' } : {}),
    barMaxWidth: 48,
    emphasis: { focus: 'series' },
  }));
  const ranges = rateRanges(result);
  // Every bar named: hiding overlapping labels left bars unnamed beside their neighbours' names (a county's
  // districts among the police.uk file's out-of-area ones). Many bars turn their labels upright, smaller.
  const axis = categoryAxis(categories, { rotate: categories.length > 6 });
  const crowded = categories.length > 12;
  const xAxis = {
    ...axis,
    // Past 40 bars no labels fit whole: ECharts thins them, as before.
    axisLabel: {
      ...(axis.axisLabel as object),
      ...(categories.length > 40 ? { interval: 'auto', hideOverlap: true } : { interval: 0, hideOverlap: false }),
      ...(crowded ? { rotate: 90, fontSize: categories.length > 30 ? 8 : 9 } : {}),
    },
  };
  return applyTheme(
    {
      xAxis,
      yAxis: valueAxis(MEASURE_LABELS[result.spec.measure]),
      series: ranges === null ? series : withRateRanges(series, ranges, result.grandTotal),
    },
    options.text,
    { width: options.width, ...(ranges === null ? {} : { legend: true }) },
  );
}

/**
 * A rate's bars (one series: nothing in Columns) carry each bar's 95%
 * confidence interval, as Fingertips draws areas: a bar whose figure is
 * withheld or blank has none, so a whisker never tells what a gap hides.
 */
function rateRanges(result: PivotResult): Range[] | null {
  if (result.spec.measure !== 'rate' || result.spec.columns.length > 0) return null;
  const ranges = result.rows.map((r) => (r.values[0] === null || r.values[0] === undefined ? null : (r.intervals?.[0] ?? null)));
  return ranges.some((r) => r !== null) ? ranges : null;
}

type Range = { lower: number; upper: number } | null;

/** An interval per category: caps at its limits joined by a whisker (none where the range is null). */
function intervalSeries(ranges: readonly Range[], names: { lower: string; upper: string }): ChartSeries[] {
  const cap = { symbol: 'rect', symbolSize: [14, 2], itemStyle: { color: INK.text }, z: 5 };
  return [
    { type: 'scatter', name: names.lower, data: ranges.map((r) => r?.lower ?? null), ...cap },
    {
      type: 'scatter',
      name: names.upper,
      data: ranges.map((r) => r?.upper ?? null),
      ...cap,
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { type: 'solid', width: 1.5, color: INK.text },
        label: { show: false },
        data: ranges.flatMap((r, i) => (r === null ? [] : [[{ coord: [i, r.lower] }, { coord: [i, r.upper] }]])),
      },
    },
  ];
}

/** The bars, the limits as caps joined by a whisker, and a dashed line at the Total's rate to read each bar against. */
function withRateRanges(series: ChartSeries[], ranges: readonly Range[], total: number | null): ChartSeries[] {
  const [bars, ...rest] = series;
  if (bars === undefined) return series;
  const totalLine =
    total === null
      ? {}
      : {
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { type: 'dashed', width: 2, color: INK.accent },
            label: { formatter: `Total ${formatFigure(total, 'rate')}`, position: 'insideEndTop', color: INK.accent },
            data: [{ yAxis: total, name: 'Total' }],
          },
        };
  return [{ ...bars, ...totalLine }, ...rest, ...intervalSeries(ranges, { lower: `Lower ${RATE_LEVEL}% limit`, upper: `Upper ${RATE_LEVEL}% limit` })];
}

/** Periods down the rows (month, quarter, year) with no period across the columns: time runs down the table, so along the x axis. */
export function hasPeriodRows(spec: PivotResult['spec']): boolean {
  const lastColumn = spec.columns[spec.columns.length - 1];
  const row = spec.rows[0];
  return spec.rows.length === 1 && row !== undefined && isPeriodDimension(row) && !(lastColumn !== undefined && isPeriodDimension(lastColumn));
}

/**
 * Lines from a pivot: time along the x axis, one line per row when the
 * columns are periods, or one line per column (a single line when there are
 * none) when the periods are down the rows. Drawing a row of months as a
 * line each gave one dot per line and a legend of every month.
 */
export function pivotLineChart(result: PivotResult, options: Common): ChartOption {
  const line = (name: string, data: (number | null)[]): ChartSeries => ({ type: 'line', name, data, symbol: 'circle', symbolSize: 4, lineStyle: { width: 2 } });
  const byRows = hasPeriodRows(result.spec);
  const labels = byRows ? result.rows.map((r) => monthLabel(r.key.join(' / '))) : result.columns.map((c) => monthLabel(c.join(' / ')));
  const columns = result.columns.length === 0 ? [[]] : result.columns;
  const series: ChartSeries[] = byRows
    ? columns.map((c, j) => line(c.join(' / ') || MEASURE_LABELS[result.spec.measure], result.rows.map((r) => r.values[j] ?? null)))
    : result.rows.map((r) => line(rowLabel(r.key), r.values));
  return applyTheme(
    { xAxis: categoryAxis(labels, { boundaryGap: false }), yAxis: valueAxis(MEASURE_LABELS[result.spec.measure]), series },
    options.text,
    { width: options.width },
  );
}

// ---------------------------------------------------------------- heatmaps

export interface HeatmapInput extends Common {
  /** Row labels (y axis, top to bottom), e.g. crime types. */
  rows: string[];
  /** Column labels (x axis), e.g. months. */
  columns: string[];
  /** values[row][column]; null for no value. */
  values: (number | null)[][];
  /**
   * `counts`: sequential scale from 0 (counts, rates, shares); `indices`: diverging scale centred on 1
   * (1 = average); `changes`: diverging scale centred on 0 (changes and differences: falls blue, rises red).
   */
  scale: 'counts' | 'indices' | 'changes';
  /** How the scale's end figures and the default cell labels read (default: UK grouping, one decimal at most). */
  format?: (value: number) => string;
  /** The series' name (tooltips, the data table): default "Records", or "Seasonal index" for indices. */
  seriesName?: string;
  /** Cell labels, same shape as values (defaults to the value, 2 decimals for indices). */
  labels?: (string | null)[][];
  /** Records behind each row: past the rows that fit, those with the most are kept (in their order); default the first. */
  rowRecords?: number[];
}

/** A4 full width's layout height (170 x 100 mm at 300 dpi, laid out at 96 dpi), where most charts are printed. */
const DEFAULT_HEIGHT = 378;
/** The least height a heatmap row is drawn at: its 9 px label then stays clear of the next (19 crime types fit A4). */
export const MIN_HEATMAP_ROW = 11;
/** Height the titles, the turned labels under the cells and the source note take, about. */
const HEATMAP_CHROME = 140;

/** How many heatmap rows a chart this tall draws legibly. */
export function heatmapRowsThatFit(height: number): number {
  return Math.max(5, Math.floor((height - HEATMAP_CHROME) / MIN_HEATMAP_ROW));
}

/**
 * The rows a chart this tall can show legibly: all of them, or the ones with
 * the most records, in the table's order, and a note saying so. 191 police.uk
 * districts in 100 mm left each row under a pixel and named every tenth.
 */
function fittedRows(input: HeatmapInput): { input: HeatmapInput; note: string | null } {
  const fits = heatmapRowsThatFit(input.height ?? DEFAULT_HEIGHT);
  if (input.rows.length <= fits) return { input, note: null };
  const records = input.rowRecords;
  const ranked = input.rows.map((_, i) => i);
  // A stable sort: rows with equal records keep the table's order.
  if (records !== undefined) ranked.sort((a, b) => (records[b] ?? 0) - (records[a] ?? 0));
  const kept = ranked.slice(0, fits).sort((a, b) => a - b);
  const pick = <T>(list: readonly T[] | undefined): T[] | undefined => (list === undefined ? undefined : kept.map((i) => list[i] as T));
  const which = records === undefined ? `the first ${fits}` : `the ${fits} with the most records`;
  const note = `${input.rows.length.toLocaleString('en-GB')} rows: ${which} are drawn; the table has them all.`;
  const labels = pick(input.labels);
  const rowRecords = pick(records);
  return {
    input: { ...input, rows: pick(input.rows) ?? [], values: pick(input.values) ?? [], ...(labels === undefined ? {} : { labels }), ...(rowRecords === undefined ? {} : { rowRecords }) },
    note,
  };
}

/** Half-width of a diverging scale around its centre (1 for indices, 0 for changes) that covers every finite value. */
function divergingHalfWidth(values: readonly (number | null)[][], centre: number): number {
  const spread = values.flat().filter(present).map((v) => Math.abs(v - centre));
  return Math.max(centre === 0 ? 1 : 0.05, ...spread);
}

/** Room the heatmap's cell labels have: the plot's width (less the row labels and the colour scale) over its columns. */
function cellWidth(input: HeatmapInput): number {
  const width = input.width ?? 640;
  const rowLabels = Math.max(0, ...input.rows.map((r) => textWidth(r, { fontSize: 11 })));
  // Grid left 12 and right 72 (the colour scale), 8 px between the row labels and the cells.
  return (width - 12 - 72 - rowLabels - 8) / Math.max(1, input.columns.length);
}

/**
 * Every how many columns a label is drawn so turned labels clear each other
 * (a 35 degree label needs its cell's width times sin 35 to be a line high):
 * 1, 2, 3, 4, 6 or 12, so months keep the same calendar months each year.
 * Half-width exports of 24 months ran every label into the next.
 */
function columnLabelStep(cell: number, rotated: boolean): number {
  if (!rotated) return 1;
  const needed = Math.ceil(14 / Math.max(0.5, cell * Math.sin((35 * Math.PI) / 180)));
  return [1, 2, 3, 4, 6, 12].find((step) => step >= needed) ?? needed;
}

export function heatmapChart(all: HeatmapInput): ChartOption {
  const { input, note } = fittedRows(all);
  const data: unknown[] = [];
  const finite = input.values.flat().filter(present);
  const centre = input.scale === 'changes' ? 0 : 1;
  const half = divergingHalfWidth(input.values, centre);
  // The largest figure tops the scale (a month's rate per 1,000 is often under 1); 1 when there is none above 0.
  const maxCount = Math.max(0, ...finite) > 0 ? Math.max(...finite) : 1;
  const isDiverging = input.scale !== 'counts';
  const format = input.format ?? ((v: number) => (input.scale === 'indices' ? formatDecimal(v, 2) : v.toLocaleString('en-GB', { maximumFractionDigits: 1 })));
  // White text on the darkest cells of either scale, so labels stay legible.
  const isDark = (v: number): boolean => (isDiverging ? Math.abs(v - centre) > 0.6 * half : v > 0.6 * maxCount);
  input.rows.forEach((_, i) => {
    input.columns.forEach((__, j) => {
      const v = input.values[i]?.[j] ?? null;
      if (!present(v)) return;
      const label = input.labels?.[i]?.[j] ?? format(v);
      data.push({ value: [j, i, v], label: { formatter: label, color: isDark(v) ? INK.background : INK.text } });
    });
  });
  // Labels only where each fits its cell: on a narrow chart (a half-width export) they ran into each other.
  const fontSize = data.length <= 60 ? 11 : 9;
  const widest = Math.max(0, ...data.map((d) => textWidth(String((d as { label: { formatter: string } }).label.formatter), { fontSize })));
  const showLabels = input.rows.length * input.columns.length <= 400 && widest + 4 <= cellWidth(input);
  // A diverging scale is symmetric about its centre, so no change and the average are its neutral middle.
  const visualMap = isDiverging
    ? { min: centre - half, max: centre + half, text: [format(centre + half), format(centre - half)], inRange: { color: [...DIVERGING] } }
    : { min: 0, max: maxCount, text: [format(maxCount), format(0)], inRange: { color: [...SEQUENTIAL] } };
  const style = axisStyle();
  // Every row and column named: ECharts' own interval dropped every other crime type and district, so a
  // reader could not tell which row a figure was in. Crowded rows take a smaller font; column labels
  // wider than their cells are turned, not hidden.
  const rowFontSize = input.rows.length > 12 ? 9 : 11;
  const widestColumn = Math.max(0, ...input.columns.map((c) => textWidth(c, { fontSize: 11 })));
  const rotate = input.columns.length > 12 || widestColumn + 6 > cellWidth(input);
  const xAxis = categoryAxis(input.columns, { rotate });
  const columnStep = columnLabelStep(cellWidth(input), rotate);
  return applyTheme(
    {
      xAxis: { ...xAxis, axisLabel: { ...(xAxis.axisLabel as object), interval: columnStep - 1, hideOverlap: false }, splitArea: { show: false } },
      yAxis: {
        type: 'category',
        data: input.rows,
        inverse: true,
        ...style,
        // Only the rows that fit are drawn (fittedRows), so every one is named.
        axisLabel: { ...(style.axisLabel as object), fontSize: rowFontSize, interval: 0 },
        splitLine: { show: false },
      },
      visualMap: {
        type: 'continuous',
        calculable: false,
        orient: 'vertical',
        right: 8,
        // On a tall scrolling chart in the app the scale stays by the first rows, not halfway down.
        top: input.rows.length > 30 ? 90 : 'middle',
        itemHeight: 120,
        textStyle: { color: INK.muted, fontSize: 10 },
        precision: input.scale === 'indices' ? 2 : 1,
        ...visualMap,
      },
      grid: { right: 72 },
      series: [
        {
          type: 'heatmap',
          name: input.seriesName ?? (input.scale === 'indices' ? 'Seasonal index' : 'Records'),
          data,
          label: { show: showLabels, fontSize, color: INK.text },
          itemStyle: { borderColor: INK.background, borderWidth: 1 },
        },
      ],
    },
    note === null ? input.text : { ...input.text, sourceNote: [note, input.text.sourceNote].filter((t) => t.trim() !== '').join(' ') },
    { width: input.width, legend: false },
  );
}

export function heatmapFromPivot(result: PivotResult, options: Common): ChartOption {
  return heatmapChart({
    ...options,
    rows: result.rows.map((r) => rowLabel(r.key)),
    columns: result.columns.map((c) => monthLabel(c.join(' / '))),
    values: result.rows.map((r) => r.values),
    // Each cell's figure as the grid and the exports show it (12.5%, +4.5%, rates to one decimal place).
    labels: result.rows.map((r) => r.values.map((v, j) => r.text?.[j] ?? (v === null ? null : formatFigure(v, result.spec.measure)))),
    rowRecords: result.rows.map((r) => r.countTotal),
    // Changes and differences can fall below nought: a scale from 0 painted every fall as no change.
    scale: isSignedMeasure(result.spec.measure) ? 'changes' : 'counts',
    format: (v) => formatFigure(v, result.spec.measure),
    seriesName: MEASURE_LABELS[result.spec.measure],
  });
}

export const MONTH_INITIALS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Month x series heatmap of seasonal indices (flags seasonality `indices`, January first). */
export function seasonalHeatmap(
  flags: readonly { series: Record<string, string>; indices: number[] | null }[],
  options: Common,
): ChartOption {
  const withIndices = flags.filter((f): f is { series: Record<string, string>; indices: number[] } => f.indices !== null);
  return heatmapChart({
    ...options,
    rows: withIndices.map((f) => Object.values(f.series).join(' / ') || 'All records'),
    columns: [...MONTH_INITIALS],
    values: withIndices.map((f) => f.indices),
    scale: 'indices',
  });
}

// ---------------------------------------------------------------- victims by age against population

export interface AgeProfileRow {
  band: string;
  victims: number;
  population: number;
  /** Fractions 0-1 of the bands compared (bands with no population, e.g. Unknown, are left out). */
  victim_share: number;
  population_share: number;
  /** victim_share / population_share: above 1, the band is over-represented among victims. */
  ratio: number | null;
}

/**
 * Victim share against population share per age band. Bands without a
 * population (Unknown age) cannot be compared and are left out of both
 * shares, so the shares are of victims with a known, comparable age.
 */
export function ageDisproportion(bands: readonly string[], victims: readonly number[], population: readonly number[]): AgeProfileRow[] {
  const kept = bands.map((band, i) => ({ band, victims: victims[i] ?? 0, population: population[i] ?? 0 })).filter((r) => r.population > 0);
  const victimTotal = kept.reduce((s, r) => s + r.victims, 0);
  const populationTotal = kept.reduce((s, r) => s + r.population, 0);
  return kept.map((r) => {
    const victimShare = victimTotal > 0 ? r.victims / victimTotal : 0;
    const populationShare = r.population / populationTotal;
    return { ...r, victim_share: victimShare, population_share: populationShare, ratio: victimTotal > 0 ? victimShare / populationShare : null };
  });
}

// Whole percentages, half away from zero as every figure (0.145 is 15%, not Math.round's 14 from 14.499999999999998).
const percent = (fraction: number): string => `${formatDecimal(fraction * 100, 0)}%`;

/** "18-24 are 22% of victims against 19% of the population (1.16 times their share)". */
export function describeAgeRow(row: AgeProfileRow): string {
  const ratio = row.ratio === null ? '' : ` (${formatDecimal(row.ratio, 2)} times their share)`;
  return `${row.band} are ${percent(row.victim_share)} of victims against ${percent(row.population_share)} of the population${ratio}`;
}

export function ageProfileChart(rows: readonly AgeProfileRow[], options: Common): ChartOption {
  const bands = rows.map((r) => r.band);
  return applyTheme(
    {
      xAxis: categoryAxis(bands),
      yAxis: [
        valueAxis('% of total', { min: 0, axisLabel: { ...(axisStyle().axisLabel as object), formatter: '{value}%' } }),
        valueAxis('Ratio', { min: 0, position: 'right', splitLine: { show: false } }),
      ],
      series: [
        { type: 'bar', name: 'Victims (% of victims)', data: rows.map((r) => r.victim_share * 100), barMaxWidth: 36 },
        { type: 'bar', name: 'Population (% of residents)', data: rows.map((r) => r.population_share * 100), barMaxWidth: 36 },
        {
          type: 'line',
          name: 'Ratio (victim share / population share)',
          yAxisIndex: 1,
          data: rows.map((r) => r.ratio),
          symbol: 'diamond',
          symbolSize: 8,
          lineStyle: { width: 1.5, color: PALETTE[6] },
          itemStyle: { color: PALETTE[6] },
          markLine: {
            silent: true,
            symbol: 'none',
            data: [{ yAxis: 1, name: 'Equal share' }],
            lineStyle: { type: 'dashed', color: INK.axis },
            label: { formatter: 'Ratio 1', position: 'insideEndTop', color: INK.muted, fontSize: 10 },
          },
        },
      ],
    },
    options.text,
    { width: options.width },
  );
}

// ---------------------------------------------------------------- SPC

export interface SpcInput extends Common {
  months: string[];
  values: (number | null)[];
  expected: number[];
  lower: number[];
  upper: number[];
  /** Flag per month ('high' above the upper limit, 'low' below the lower), null otherwise. */
  flags: ('high' | 'low' | null)[];
  name: string;
}

/** SPC input from a series analysis' month-by-month limits (shared/analytics/series seasonalExceptions). */
export function spcFromExceptions(
  months: readonly string[],
  exceptions: { months: readonly { position: number; value: number | null; expected: number; lower: number; upper: number; flag: 'high' | 'low' | null }[] },
): Pick<SpcInput, 'months' | 'values' | 'expected' | 'lower' | 'upper' | 'flags'> {
  const m = exceptions.months;
  return {
    months: m.map((p) => months[p.position] ?? ''),
    values: m.map((p) => p.value),
    expected: m.map((p) => p.expected),
    lower: m.map((p) => p.lower),
    upper: m.map((p) => p.upper),
    flags: m.map((p) => p.flag),
  };
}

export function spcChart(input: SpcInput): ChartOption {
  const labels = input.months.map(monthLabel);
  const marked = (flag: 'high' | 'low'): (number | null)[] => input.values.map((v, i) => (input.flags[i] === flag && present(v) ? v : null));
  const limitLine = { symbol: 'none', lineStyle: { width: 1, type: 'dashed', color: INK.axis }, itemStyle: { color: INK.axis } };
  return applyTheme(
    {
      xAxis: categoryAxis(labels, { boundaryGap: false }),
      yAxis: valueAxis('Records', { min: 0 }),
      series: [
        { type: 'line', name: input.name, data: input.values, symbol: 'circle', symbolSize: 4, lineStyle: { width: 2, color: PALETTE[0] }, itemStyle: { color: PALETTE[0] } },
        { type: 'line', name: 'Expected', data: input.expected, symbol: 'none', lineStyle: { width: 1.5, color: PALETTE[2] }, itemStyle: { color: PALETTE[2] } },
        // Both limits share one legend entry.
        { type: 'line', name: 'Control limits', data: input.upper, ...limitLine },
        { type: 'line', name: 'Control limits', data: input.lower, ...limitLine },
        { type: 'scatter', name: 'Exception (high)', data: marked('high'), symbol: 'triangle', symbolSize: 11, itemStyle: { color: INK.accent } },
        { type: 'scatter', name: 'Exception (low)', data: marked('low'), symbol: 'triangle', symbolRotate: 180, symbolSize: 11, itemStyle: { color: PALETTE[4] } },
      ],
    },
    input.text,
    { width: input.width },
  );
}

// ---------------------------------------------------------------- Knox grid

export interface KnoxInput extends Common {
  spaceLabels: string[];
  timeLabels: string[];
  /** knox_ratio[space][time]; NaN or Infinity where undefined. */
  knoxRatio: number[][];
  pValue: number[][];
  significant: boolean[][];
}

/** Knox ratios, space bands down and time bands across; significant cells marked with an asterisk. */
export function knoxChart(input: KnoxInput): ChartOption {
  const option = heatmapChart({
    text: input.text,
    ...(input.width === undefined ? {} : { width: input.width }),
    rows: input.spaceLabels,
    columns: input.timeLabels,
    values: input.knoxRatio.map((row) => row.map((v) => (Number.isFinite(v) ? v : null))),
    labels: input.knoxRatio.map((row, i) =>
      row.map((v, j) => (Number.isFinite(v) ? `${v.toFixed(2)}${input.significant[i]?.[j] === true ? '*' : ''}` : null)),
    ),
    scale: 'indices',
  });
  const [series] = option.series;
  if (series) series.name = 'Knox ratio (* p <= alpha)';
  return {
    ...option,
    xAxis: { ...(option.xAxis as object), name: 'Days apart', nameLocation: 'middle', nameGap: 28 },
    yAxis: { ...(option.yAxis as object), name: 'Metres apart', nameLocation: 'middle', nameGap: 64 },
  };
}

// ---------------------------------------------------------------- iQuanta most similar group

export interface IquantaInput extends Common {
  /** The area the analyst is looking at (highlighted). */
  area: string;
  /** Values of the areas in the group (the area itself included); one bar each. */
  values: { area: string; value: number }[];
  msgAverage: number | null;
  msgLower: number | null;
  msgUpper: number | null;
  rank: number | null;
  size: number | null;
  measureLabel: string;
}

/** "ranked 3 of 15 (1 = lowest)" or '' when iQuanta gave no rank. */
export function rankText(rank: number | null, size: number | null): string {
  return rank === null ? '' : `ranked ${rank}${size === null ? '' : ` of ${size}`} in the most similar group`;
}

export function iquantaChart(input: IquantaInput): ChartOption {
  const sorted = [...input.values].sort((a, b) => a.value - b.value);
  const markLines: unknown[] = [];
  if (present(input.msgAverage)) markLines.push({ yAxis: input.msgAverage, name: 'MSG average', label: { formatter: 'MSG average', position: 'insideEndTop' } });
  const band =
    present(input.msgLower) && present(input.msgUpper)
      ? {
          silent: true,
          itemStyle: { color: PALETTE[5], opacity: 0.15 },
          label: { position: 'insideBottomLeft', fontSize: 10, color: INK.muted },
          data: [[{ yAxis: input.msgLower, name: 'MSG band' }, { yAxis: input.msgUpper }]],
        }
      : undefined;
  return applyTheme(
    {
      xAxis: categoryAxis(sorted.map((v) => v.area), { rotate: sorted.length > 6 }),
      yAxis: valueAxis(input.measureLabel, { min: 0 }),
      series: [
        {
          type: 'bar',
          name: input.measureLabel,
          data: sorted.map((v) => ({ value: v.value, itemStyle: { color: v.area === input.area ? INK.accent : PALETTE[0] } })),
          barMaxWidth: 40,
          markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: INK.text }, label: { color: INK.text, fontSize: 10 }, data: markLines },
          ...(band ? { markArea: band } : {}),
        },
      ],
    },
    input.text,
    { width: input.width, legend: false },
  );
}

// ---------------------------------------------------------------- Respect Survey

export interface SurveyChartRow {
  label: string;
  /** Fractions 0-1. */
  estimate: number;
  lower: number;
  upper: number;
}

/** Chart rows from survey results (shared/survey): the group's values as the label. */
export function surveyChartRows(results: readonly { group: Record<string, string>; estimate: number | null; lower: number | null; upper: number | null }[]): SurveyChartRow[] {
  return results.flatMap((r) =>
    r.estimate === null || r.lower === null || r.upper === null
      ? []
      : [{ label: Object.values(r.group).join(' / ') || 'All respondents', estimate: r.estimate, lower: r.lower, upper: r.upper }],
  );
}

/** Targets by question: the plan's 60% for "the police and council are dealing with ASB and crime". */
export const SURVEY_TARGETS: Readonly<Record<string, number>> = { q_police_council_dealing: 0.6 };

export function surveyChart(rows: readonly SurveyChartRow[], options: Common & { target?: number | null; level?: number }): ChartOption {
  const level = options.level ?? 95;
  const ciName = `${level}% confidence interval`;
  const labels = rows.map((r) => r.label);
  const target = options.target ?? null;
  return applyTheme(
    {
      xAxis: categoryAxis(labels, { rotate: labels.length > 6 }),
      yAxis: valueAxis('%', { min: 0, max: 100, axisLabel: { ...(axisStyle().axisLabel as object), formatter: '{value}%' } }),
      legend: { data: ['Estimate', ciName] },
      series: [
        {
          type: 'bar',
          name: 'Estimate',
          data: rows.map((r) => r.estimate * 100),
          barMaxWidth: 44,
          itemStyle: { color: PALETTE[0] },
          ...(target === null
            ? {}
            : {
                markLine: {
                  silent: true,
                  symbol: 'none',
                  lineStyle: { type: 'dashed', width: 2, color: INK.accent },
                  label: { formatter: `Target ${Math.round(target * 100)}%`, position: 'insideStartTop', color: INK.accent },
                  data: [{ yAxis: target * 100, name: 'Target' }],
                },
              }),
        },
        // The whiskers: one vertical segment per area from lower to upper.
        ...intervalSeries(
          rows.map((r) => ({ lower: r.lower * 100, upper: r.upper * 100 })),
          { lower: ciName, upper: ciName },
        ),
      ],
    },
    options.text,
    { width: options.width, legend: true },
  );
}

// ---------------------------------------------------------------- iQuanta comparison over time

export interface IquantaSeriesInput {
  area: string;
  measure: string;
  unit: 'rate' | 'count';
  points: readonly { month: string; value: number; msgAverage: number | null; msgLower: number | null; msgUpper: number | null; rank: number | null; size: number | null }[];
}

/** "Mar 2024: ranked 9 of 15 in the most similar group (1 = lowest)", from the last point with a rank. */
export function latestRankText(points: IquantaSeriesInput['points']): string {
  const last = [...points].reverse().find((p) => p.rank !== null);
  return last === undefined ? '' : `${monthLabel(last.month)}: ${rankText(last.rank, last.size)} (1 = lowest)`;
}

/**
 * The area's line against its most similar group: the MSG average as a
 * dashed line and the band (iQuanta's average plus or minus one standard
 * deviation) shaded; the latest rank labelled right of the last point, in
 * a right margin made wide enough for it: the last point sits on the plot's
 * right edge, so there the label cannot run into any line. `null` values
 * (e.g. suppressed small counts) are gaps.
 */
export function iquantaComparisonChart(input: IquantaSeriesInput & { values?: readonly (number | null)[] }, options: Common): ChartOption {
  const labels = input.points.map((p) => monthLabel(p.month));
  const values = input.values ?? input.points.map((p) => p.value);
  const unitLabel = input.unit === 'rate' ? 'Per 1,000 residents' : 'Records';
  const lower = input.points.map((p) => p.msgLower);
  const width = input.points.map((p) => (present(p.msgLower) && present(p.msgUpper) ? p.msgUpper - p.msgLower : null));
  const lastIndex = values.length - 1;
  const latest = [...input.points].reverse().find((p) => p.rank !== null);
  // Short on the chart (the subtitle carries the full sentence): "Rank 8 of 15".
  const rank = latest === undefined ? '' : `Rank ${latest.rank ?? ''}${latest.size === null ? '' : ` of ${latest.size}`}`;
  const lastValue = values[lastIndex] ?? null;
  const showsRank = rank !== '' && present(lastValue);
  const rankFont = { fontSize: 10 };
  const rankDistance = 6;
  return applyTheme(
    {
      ...(showsRank ? { grid: { right: Math.max(24, Math.ceil(textWidth(rank, rankFont)) + rankDistance + 12) } } : {}),
      xAxis: categoryAxis(labels, { boundaryGap: false }),
      yAxis: valueAxis(unitLabel, { min: 0 }),
      legend: { data: [input.area, 'MSG average', 'MSG band (average ± 1 SD)'] },
      series: [
        { type: 'line', name: 'MSG band lower', data: lower, stack: 'msg-band', symbol: 'none', lineStyle: { opacity: 0 }, silent: true },
        {
          type: 'line',
          name: 'MSG band (average ± 1 SD)',
          data: width,
          stack: 'msg-band',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          areaStyle: { color: PALETTE[5], opacity: 0.3 },
          itemStyle: { color: PALETTE[5] },
        },
        {
          type: 'line',
          name: 'MSG average',
          data: input.points.map((p) => p.msgAverage),
          symbol: 'none',
          lineStyle: { width: 1.5, type: 'dashed', color: INK.text },
          itemStyle: { color: INK.text },
        },
        {
          type: 'line',
          name: input.area,
          data: [...values],
          symbol: 'circle',
          symbolSize: 4,
          lineStyle: { width: 2.5, color: INK.accent },
          itemStyle: { color: INK.accent },
          ...(!showsRank
            ? {}
            : {
                markPoint: {
                  symbol: 'circle',
                  symbolSize: 8,
                  itemStyle: { color: INK.accent },
                  label: { show: true, position: 'right', distance: rankDistance, formatter: rank, color: INK.text, ...rankFont, align: 'left' },
                  data: [{ coord: [lastIndex, lastValue], name: 'Latest rank' }],
                },
              }),
        },
      ],
    },
    options.text,
    { width: options.width, legend: true },
  );
}
