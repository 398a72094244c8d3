/**
 * Chart options for one flagged series: its monthly counts with the Sen
 * trend line and the forecast band, and its control chart. The per-month
 * limits and the trend's intercept are not in FlagsResult, so the series is
 * analysed again here with the same core function and options the worker
 * used (one series, a few milliseconds), which gives the same figures.
 */
import type { FlagsResult } from '../../../shared/analytics/flags';
import { analyseSeries, type SeriesAnalysis } from '../../../shared/analytics/series';
import { parseMonth, calendarMonthOf } from '../../../shared/periods';
import { CHART_FONT, type ChartOption, chartTitle } from '../charts/echarts';
import { formatCount, formatMonthLabel } from '../format';
import { monthShort } from './flag-list';

const INK = '#1d4f91';
const TREND = '#b35806';
const LIMIT = '#a4262c';
const FORECAST = '#5e3c99';

export interface SeriesCharts {
  label: string;
  months: string[];
  counts: number[];
  analysis: SeriesAnalysis;
  forecast: FlagsResult['forecasts'][number];
}

export function seriesCharts(result: FlagsResult, index: number, label: string): SeriesCharts | null {
  const series = result.series[index];
  if (series === undefined) return null;
  const first = series.months[0];
  const startMonth = first === undefined ? 1 : calendarMonthOf(parseMonth(first) ?? 0);
  const analysis = analyseSeries(series.counts, { startMonth, alpha: result.alpha });
  return { label, months: series.months, counts: series.counts, analysis, forecast: result.forecasts[index] ?? null };
}

const axisCount = { type: 'value' as const, axisLabel: { formatter: (value: number) => formatCount(value) } };
const tooltip = { trigger: 'axis' as const, valueFormatter: (value: unknown) => (typeof value === 'number' ? formatCount(Math.round(value * 10) / 10) : '') };

function period(months: readonly string[]): string {
  const first = months[0];
  const last = months[months.length - 1];
  return first === undefined || last === undefined ? '' : `${formatMonthLabel(first)} to ${formatMonthLabel(last)}`;
}

export function trendTitle(charts: SeriesCharts): string {
  return `${charts.label}: records per month, Sen trend and forecast`;
}

/** Counts, the Sen trend line over the observed months, and the six-month forecast as a band. */
// Analytic charts do not animate: a half-drawn line misleads, and exports must match the screen.
export function trendChartOption(charts: SeriesCharts, _isExport: boolean): ChartOption {
  const { months, counts, analysis, forecast } = charts;
  const ahead = forecast ?? [];
  const axis = [...months, ...ahead.map((p) => p.month)].map(formatMonthLabel);
  const pad = (values: readonly (number | null)[], before: number, after: number): (number | null)[] => [
    ...Array.from({ length: before }, () => null),
    ...values,
    ...Array.from({ length: after }, () => null),
  ];
  const slope = analysis.trend.slope_per_month;
  const intercept = analysis.trend.intercept;
  const trendLine = slope === null || intercept === null ? [] : counts.map((_, i) => Math.max(0, intercept + slope * i));
  const slopeText = slope === null ? 'no trend test (too few months)' : `Sen slope ${slope >= 0 ? '+' : ''}${slope.toFixed(1)} a month (${analysis.trend.direction === 'none' ? 'not significant' : analysis.trend.direction})`;
  const forecastText = forecast === null ? `no forecast: ${analysis.forecast_reason ?? 'too few months'}` : '6-month forecast with 95% band';
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT },
    title: chartTitle(trendTitle(charts), `${period(months)} · ${slopeText} · ${forecastText}`),
    legend: { bottom: 4, data: ['Records', 'Sen trend', 'Forecast', 'Forecast 95% band'] },
    tooltip,
    grid: { left: 56, right: 24, top: 72, bottom: 56 },
    xAxis: { type: 'category', data: axis, boundaryGap: false },
    yAxis: axisCount,
    series: [
      { type: 'line', name: 'Records', data: pad(counts, 0, ahead.length), symbolSize: 5, lineStyle: { width: 2, color: INK }, itemStyle: { color: INK } },
      {
        type: 'line',
        name: 'Sen trend',
        data: pad(trendLine, 0, ahead.length),
        showSymbol: false,
        lineStyle: { width: 2, type: 'dashed', color: TREND },
        itemStyle: { color: TREND },
      },
      // The band is a stacked pair: an invisible lower line, then (upper - lower) filled on top of it.
      {
        type: 'line',
        name: 'Forecast lower',
        data: pad(ahead.map((p) => p.lower), months.length, 0),
        stack: 'band',
        showSymbol: false,
        lineStyle: { opacity: 0 },
        tooltip: { show: false },
      },
      {
        type: 'line',
        name: 'Forecast 95% band',
        data: pad(ahead.map((p) => p.upper - p.lower), months.length, 0),
        stack: 'band',
        showSymbol: false,
        lineStyle: { opacity: 0 },
        areaStyle: { color: 'rgba(94, 60, 153, 0.18)' },
        itemStyle: { color: 'rgba(94, 60, 153, 0.4)' },
      },
      {
        type: 'line',
        name: 'Forecast',
        data: pad(ahead.map((p) => p.mean), months.length, 0),
        symbolSize: 4,
        lineStyle: { width: 2, type: 'dotted', color: FORECAST },
        itemStyle: { color: FORECAST },
      },
    ],
  };
}

export function spcTitle(charts: SeriesCharts): string {
  return `${charts.label}: control chart`;
}

/** Values against the expected line and the upper and lower limits; exceptions marked. */
export function spcChartOption(charts: SeriesCharts, _isExport: boolean): ChartOption {
  const { months, analysis } = charts;
  const spc = analysis.exceptions;
  const labels = months.map(formatMonthLabel);
  const points = spc?.months ?? [];
  const isSeasonal = analysis.seasonality.seasonal === true;
  const method = spc === null ? `no control chart: ${analysis.exceptions_reason ?? 'too few months'}` : `${spc.chart === 'xmr' ? 'XmR' : 'c'} chart, 3-sigma limits${isSeasonal ? ' adjusted for seasonality' : ''}`;
  const exceptions = points.filter((p) => p.flag !== null && p.value !== null);
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT },
    title: chartTitle(spcTitle(charts), `${period(months)} · ${method} · ${exceptions.length} exception${exceptions.length === 1 ? '' : 's'}`),
    legend: { bottom: 4, data: ['Records', 'Expected', 'Upper limit', 'Lower limit'] },
    tooltip,
    grid: { left: 56, right: 24, top: 72, bottom: 56 },
    xAxis: { type: 'category', data: labels, boundaryGap: false },
    yAxis: axisCount,
    series: [
      {
        type: 'line',
        name: 'Records',
        data: charts.counts,
        symbolSize: 5,
        lineStyle: { width: 2, color: INK },
        itemStyle: { color: INK },
        markPoint: {
          symbol: 'circle',
          symbolSize: 14,
          itemStyle: { color: 'rgba(0,0,0,0)', borderColor: LIMIT, borderWidth: 3 },
          label: { show: true, position: 'top', color: LIMIT, fontWeight: 600, formatter: (p) => (typeof p.value === 'number' ? formatCount(p.value) : '') },
          // A low exception's label goes below it, clear of the lower limit line.
          data: exceptions.map((p) => ({
            name: p.flag === 'high' ? 'High' : 'Low',
            coord: [labels[p.position] ?? '', p.value ?? 0],
            value: p.value ?? 0,
            label: { position: p.flag === 'low' ? 'bottom' : 'top' },
          })),
        },
      },
      { type: 'line', name: 'Expected', data: points.map((p) => p.expected), showSymbol: false, lineStyle: { width: 1.5, color: '#4d4d4d' }, itemStyle: { color: '#4d4d4d' } },
      { type: 'line', name: 'Upper limit', data: points.map((p) => p.upper), showSymbol: false, lineStyle: { width: 1.5, type: 'dashed', color: LIMIT }, itemStyle: { color: LIMIT } },
      { type: 'line', name: 'Lower limit', data: points.map((p) => p.lower), showSymbol: false, lineStyle: { width: 1.5, type: 'dashed', color: LIMIT }, itemStyle: { color: LIMIT } },
    ],
  };
}

export const SEASONAL_TITLE = 'Seasonal index by month';

/**
 * Month x series heatmap of seasonal indices, on a diverging purple-white-
 * orange scale centred on 1 (an average month), safe for colour-blind readers.
 */
export function seasonalHeatmapOption(rows: readonly { label: string; indices: readonly number[] }[], _isExport: boolean): ChartOption {
  const spread = Math.max(0.05, ...rows.flatMap((r) => r.indices.map((v) => Math.abs(v - 1))));
  const data = rows.flatMap((row, y) => row.indices.map((value, x) => [x, y, Math.round(value * 100) / 100]));
  const months = Array.from({ length: 12 }, (_, i) => monthShort(i + 1));
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT },
    title: chartTitle(SEASONAL_TITLE, '1.00 = an average month; above 1 busier, below 1 quieter'),
    tooltip: {
      position: 'top',
      formatter: (p) => {
        const value = Array.isArray(p) ? undefined : p.value;
        if (!Array.isArray(value)) return '';
        const [x, y, v] = value;
        return `${rows[Number(y)]?.label ?? ''}, ${months[Number(x)] ?? ''}: ${String(v)}`;
      },
    },
    grid: { left: 200, right: 90, top: 72, bottom: 24 },
    xAxis: { type: 'category', data: months, splitArea: { show: true } },
    yAxis: { type: 'category', data: rows.map((r) => r.label), inverse: true, axisLabel: { width: 190, overflow: 'truncate' } },
    visualMap: {
      type: 'continuous',
      min: 1 - spread,
      max: 1 + spread,
      calculable: false,
      orient: 'vertical',
      right: 8,
      top: 'middle',
      precision: 2,
      inRange: { color: ['#5e3c99', '#b2abd2', '#f7f7f7', '#fdb863', '#e66101'] },
    },
    series: [{ type: 'heatmap', name: 'Seasonal index', data, label: { show: rows.length <= 20, fontSize: 10, formatter: (p) => (Array.isArray(p.value) ? Number(p.value[2]).toFixed(2) : '') } }],
  };
}
