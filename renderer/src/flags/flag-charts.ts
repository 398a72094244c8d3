/**
 * The flags screen's charts in the workbench theme (shared/charts): one
 * flagged series' monthly counts with the Sen trend line and the forecast
 * band, its control chart, and the month x series heatmap of seasonal
 * indices. Titles and subtitles come from the series and the flags request
 * (period, filters, method), the source note from the extracts; the analyst
 * may edit all three before export.
 *
 * The per-month limits and the trend's intercept are not in FlagsResult, so
 * the series is analysed again here with the same core function and options
 * the worker used (one series, a few milliseconds), which gives the same
 * figures. It is handed the run's seasonal verdict, adjusted across all the
 * run's series, rather than testing this one series on its own: a single
 * series is a set of one (q = p), and would otherwise get a seasonal method
 * beside "not seasonal" in the list (shared/analytics/series/seasonal-verdict.ts).
 */
import type { FlagsResult, SeriesRequest, TrendFlag } from '../../../shared/analytics/flags';
import { formatDecimal } from '../../../shared/figures';
import { analyseSeries, seriesSeasonality, type SeriesAnalysis } from '../../../shared/analytics/series';
import { MONTH_INITIALS, heatmapChart, spcChart, spcFromExceptions, trendChart } from '../../../shared/charts/builders';
import { filtersText, monthSpan, sourceNote } from '../../../shared/charts/text';
import type { ChartOption, ChartText } from '../../../shared/charts/theme';
import type { WorkbenchInfo } from '../../../shared/info';
import { calendarMonthOf, parseMonth } from '../../../shared/periods';
import { formatPQ } from './flag-list';

export interface SeriesCharts {
  label: string;
  months: string[];
  counts: number[];
  analysis: SeriesAnalysis;
  forecast: FlagsResult['forecasts'][number];
  /** The series' trend verdict across the request (BH-adjusted), which the chart states as the list does. */
  trend: TrendFlag | null;
  /** Why the series' seasonality was not tested ("not tested: needs 24 months, has 12"), null when it was. */
  seasonalityReason: string | null;
}

export function seriesCharts(result: FlagsResult, index: number, label: string): SeriesCharts | null {
  const series = result.series[index];
  if (series === undefined) return null;
  const first = series.months[0];
  const startMonth = first === undefined ? 1 : calendarMonthOf(parseMonth(first) ?? 0);
  const flag = result.seasonality[index];
  const test = seriesSeasonality(series.counts, { startMonth, alpha: result.alpha });
  const verdict = { seasonal: flag?.seasonal ?? null, p_value: flag?.p_value ?? null, q_value: flag?.q_value ?? null, tested: flag?.series_tested ?? 0 };
  const analysis = analyseSeries(series.counts, { startMonth, alpha: result.alpha, seasonality: { test, verdict } });
  return { label, months: series.months, counts: series.counts, analysis, forecast: result.forecasts[index] ?? null, trend: result.trend[index] ?? null, seasonalityReason: flag?.reason ?? null };
}

function period(months: readonly string[]): string {
  const first = months[0];
  const last = months[months.length - 1];
  return first === undefined || last === undefined ? '' : monthSpan(first, last);
}

/** The request's filters, as the export header words them ("" when none). */
const scope = (request: SeriesRequest | null): string => (request === null ? '' : filtersText(request));
const note = (info: WorkbenchInfo | null): string => sourceNote(info, ['police-uk', 'district']);
const join = (parts: readonly string[]): string => parts.filter((s) => s !== '').join(' · ');

/** The trend verdict as the Flags list words it: direction only when significant after adjustment, with p and q. */
function trendVerdict(trend: TrendFlag | null): string {
  if (trend === null) return 'no trend test';
  const direction = trend.significant && trend.direction !== 'none' ? trend.direction : 'no significant trend';
  return `${direction}, ${formatPQ(trend.p_value, trend.q_value)}`;
}

export function trendTitle(charts: SeriesCharts): string {
  return `${charts.label}: records per month, Sen trend and forecast`;
}

/** The trend test in words, as chosen by the series' adjusted seasonal verdict. */
export function trendMethodText(test: SeriesAnalysis['trend']['test']): string {
  return test === 'seasonal-mann-kendall' ? 'seasonal Mann-Kendall' : 'Mann-Kendall';
}

/** The forecast model in words, as chosen by the series' adjusted seasonal verdict. */
export function forecastMethodText(method: NonNullable<SeriesAnalysis['forecast']>['model']['method']): string {
  return method === 'holt-winters-additive' ? 'seasonal Holt-Winters' : "Holt's linear trend, not seasonal";
}

export function trendText(charts: SeriesCharts, request: SeriesRequest | null, info: WorkbenchInfo | null): ChartText {
  const { analysis, forecast, trend } = charts;
  const slope = analysis.trend.slope_per_month;
  const slopeText =
    slope === null
      ? 'no trend test (too few months)'
      : `Sen slope ${slope >= 0 ? '+' : ''}${formatDecimal(slope, 1)} a month (${trendVerdict(trend)}) · ${trendMethodText(analysis.trend.test)} test`;
  const model = analysis.forecast?.model.method;
  const forecastText =
    forecast === null || model === undefined ? `no forecast: ${analysis.forecast_reason ?? 'too few months'}` : `6-month forecast with 95% band (${forecastMethodText(model)})`;
  return { title: trendTitle(charts), subtitle: join([period(charts.months), slopeText, forecastText, scope(request)]), sourceNote: note(info) };
}

/** Counts, the Sen trend line over the observed months, and the six-month forecast as a band. */
export function trendBuild(charts: SeriesCharts): (text: ChartText, width: number) => ChartOption {
  return (text, width) =>
    trendChart({
      text,
      width,
      months: charts.months,
      values: charts.counts,
      name: 'Records',
      senSlope: charts.analysis.trend.slope_per_month,
      senIntercept: charts.analysis.trend.intercept,
      forecast: charts.forecast,
    });
}

export function spcTitle(charts: SeriesCharts): string {
  return `${charts.label}: control chart`;
}

export function spcText(charts: SeriesCharts, request: SeriesRequest | null, info: WorkbenchInfo | null): ChartText {
  const { analysis } = charts;
  const spc = analysis.exceptions;
  const method =
    spc === null
      ? `no control chart: ${analysis.exceptions_reason ?? 'too few months'}`
      : `${spc.chart === 'xmr' ? 'XmR' : 'c'} chart, 3-sigma limits ${spc.seasonally_adjusted ? 'adjusted for seasonality' : `not adjusted (${analysis.seasonal_verdict.seasonal === null ? `seasonality ${charts.seasonalityReason ?? 'not tested'}` : 'not seasonal'})`}`;
  const exceptions = (spc?.months ?? []).filter((p) => p.flag !== null && p.value !== null).length;
  return {
    title: spcTitle(charts),
    subtitle: join([period(charts.months), method, `${exceptions} exception${exceptions === 1 ? '' : 's'}`, scope(request)]),
    sourceNote: note(info),
  };
}

/** Values against the expected line and the control limits; exceptions marked (null when there is no control chart). */
export function spcBuild(charts: SeriesCharts): ((text: ChartText, width: number) => ChartOption) | null {
  const spc = charts.analysis.exceptions;
  if (spc === null) return null;
  const input = spcFromExceptions(charts.months, spc);
  return (text, width) => spcChart({ text, width, name: 'Records', ...input });
}

export const SEASONAL_TITLE = 'Seasonal index by month';

/** `ofSeries`: the run's series with indices, when only the seasonal ones are drawn (the subtitle then says so). */
export function seasonalText(seriesCount: number, request: SeriesRequest | null, info: WorkbenchInfo | null, ofSeries?: number): ChartText {
  const drawn = ofSeries === undefined || ofSeries === seriesCount ? `${seriesCount} series` : `${seriesCount} seasonal series of ${ofSeries}`;
  return {
    title: SEASONAL_TITLE,
    subtitle: join([`${drawn}; 1.00 = an average month, above 1 busier, below 1 quieter`, scope(request)]),
    sourceNote: note(info),
  };
}

/** Month x series heatmap of seasonal indices, on the theme's diverging scale centred on 1; past the rows a size fits, the series with the most records. */
export function seasonalBuild(rows: readonly { label: string; indices: readonly number[]; records: number }[]): (text: ChartText, width: number, height: number) => ChartOption {
  return (text, width, height) =>
    heatmapChart({
      text,
      width,
      height,
      rows: rows.map((r) => r.label),
      columns: [...MONTH_INITIALS],
      values: rows.map((r) => [...r.indices]),
      rowRecords: rows.map((r) => r.records),
      scale: 'indices',
    });
}

/** A heatmap row's height on screen, where the panel can scroll: roomier than print's least. */
const SCREEN_ROW = 16;

/** Canvas height in the app for a heatmap of this many rows: undefined while the panel fits them at SCREEN_ROW, else that tall and the panel scrolling. */
export function heatmapCanvasHeight(rows: number, panelHeight: number): number | undefined {
  // 170 px for the titles, month labels and note: at this height the builder draws every row (heatmapRowsThatFit).
  const tall = rows * SCREEN_ROW + 170;
  return tall <= panelHeight ? undefined : tall;
}
