/**
 * Flags across many monthly series at once: every combination of the `by`
 * dimensions (e.g. crime type x district) becomes one series of the months
 * the data covers (a month with no records inside the coverage is 0; months
 * outside it are not part of the series). Each series is analysed once;
 * p-values are adjusted across series with Benjamini-Hochberg so that
 * flagging hundreds of series does not flag noise.
 *
 * The series of one request are the set the adjustment runs over. Their
 * seasonality is tested first, all of them, and adjusted; each series is
 * then analysed with its adjusted verdict, so its trend test, control-chart
 * baseline and forecast model follow the verdict the analyst is shown
 * (series/seasonal-verdict.ts states the rule).
 *
 * A series too sparse for the tests (series/sparse.ts: a mean under two
 * records a month, or records in fewer than two months of three) is not
 * tested at all: it is left out of the adjustment, and every kind of flag
 * gives the reason "too few records to test (N records over M months)".
 */
import type { Database } from 'sql.js';
import { WorkbenchError } from '../errors';
import { calendarMonthOf, formatMonth, parseMonth } from '../periods';
import type { Dimension } from '../pivot/dimensions';
import { runPivot } from '../pivot/run-pivot';
import type { PivotFilter } from '../pivot/spec';
import {
  adjustSeasonality,
  analyseSeries,
  benjaminiHochberg,
  decompose,
  MIN_SEASONALITY_MONTHS,
  noSeasonalityVerdict,
  seriesSeasonality,
  seriesVolume,
  stl,
  type AdjustedSeasonality,
  type HoltWintersForecast,
  type SeasonalityResult,
  type SeriesAnalysis,
  type SeriesVolume,
} from './series';

export const FLAG_KINDS = ['seasonality', 'trend', 'exceptions'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export interface SeriesRequest {
  by: Dimension[];
  filters: PivotFilter[];
  from?: string;
  to?: string;
  /** Significance level (default 0.05), applied to BH-adjusted p-values for `significant`. */
  alpha?: number;
}

export interface MonthlySeries {
  /** The `by` dimensions' values, e.g. {crime_type: 'Burglary', district: 'Mansfield'}. */
  series: Record<string, string>;
  /** `YYYY-MM` of each count. */
  months: string[];
  counts: number[];
}

export interface AnalysedSeries extends MonthlySeries {
  /** Records, months and whether the series met the volume rule (untested when not). */
  volume: SeriesVolume;
  analysis: SeriesAnalysis;
}

/** Every monthly series for the request, in the pivot's row order. */
export function monthlySeries(db: Database, request: SeriesRequest): MonthlySeries[] {
  if (request.by.includes('month')) throw new WorkbenchError({ code: 'usage', message: '--by cannot include month: series are monthly.' });
  const result = runPivot(db, {
    rows: request.by,
    columns: ['month'],
    measure: 'count',
    filters: request.filters,
    ...(request.from === undefined ? {} : { from: request.from }),
    ...(request.to === undefined ? {} : { to: request.to }),
  });
  const months = result.columns.map((c) => c[0] ?? '');
  return result.rows.map((row) => ({
    series: Object.fromEntries(request.by.map((dimension, i) => [dimension, row.key[i] ?? ''])),
    months,
    counts: row.counts,
  }));
}

/**
 * The reason a testable series' seasonality was not tested because the
 * months are too few (null when it covers enough). Said as "not tested", not
 * "not seasonal": a 12-month series may well be seasonal.
 */
export function shortSpanReason(months: number): string | null {
  return months < MIN_SEASONALITY_MONTHS ? `not tested: needs ${MIN_SEASONALITY_MONTHS} months, has ${months}` : null;
}

/** What flat limits mean on a span too short to test seasonality: a seasonal month can read as an exception. */
export function shortSpanBaselineNote(months: number): string | null {
  const reason = shortSpanReason(months);
  return reason === null
    ? null
    : `limits not adjusted for seasonality: seasonality ${reason}, so a seasonal month (e.g. a December dip) can read as an exception`;
}

const startMonthOf = (series: MonthlySeries): number => (series.months[0] === undefined ? 1 : calendarMonthOf(parseMonth(series.months[0]) ?? 0));

/** The seasonality test of one series, or none with the volume rule's reason: an untested series has no p-value, so it is not in the adjustment's m. */
function testOne(series: MonthlySeries, volume: SeriesVolume, alpha: number): SeasonalityResult {
  if (volume.reason !== null) return noSeasonalityVerdict(volume.reason, volume.months, alpha);
  return seriesSeasonality(series.counts, { startMonth: startMonthOf(series), alpha });
}

function analyseOne(series: MonthlySeries, volume: SeriesVolume, seasonality: AdjustedSeasonality, alpha: number): AnalysedSeries {
  const untested = volume.reason === null ? {} : { untested: volume.reason };
  return { ...series, volume, analysis: analyseSeries(series.counts, { startMonth: startMonthOf(series), alpha, seasonality, ...untested }) };
}

/** The two passes over the series: every seasonality test (before the adjustment), then each series' trend, control chart and forecast. */
export type FlagsStage = 'seasonality' | 'methods';

export interface FlagsProgress {
  done: number;
  total: number;
  stage?: FlagsStage;
}

interface AnalyseOptions {
  onProgress?: (done: number, total: number, stage: FlagsStage) => void;
  isCancelled?: () => boolean;
}

const cancelled = (): WorkbenchError => new WorkbenchError({ code: 'cancelled', message: 'Analysis cancelled.' });

export function analyseAll(db: Database, request: SeriesRequest, options: AnalyseOptions = {}): AnalysedSeries[] {
  const alpha = request.alpha ?? 0.05;
  const all = monthlySeries(db, request);
  const volumes = all.map((s) => seriesVolume(s.counts));
  // First pass: every series' seasonality test, adjusted across the request's series, before any method is chosen.
  const seasonality = adjustSeasonality(
    all.map((s, i) => {
      if (options.isCancelled?.()) throw cancelled();
      const test = testOne(s, at(volumes, i), alpha);
      options.onProgress?.(i + 1, all.length, 'seasonality');
      return test;
    }),
    alpha,
  );
  return all.map((s, i) => {
    if (options.isCancelled?.()) throw cancelled();
    const analysed = analyseOne(s, at(volumes, i), at(seasonality, i), alpha);
    options.onProgress?.(i + 1, all.length, 'methods');
    return analysed;
  });
}

/**
 * The same, yielding between series so the worker can take a Cancel. Progress
 * is reported for each pass: the seasonality tests take most of the time for
 * series under 30 months (no forecast), a fifth or less from there.
 */
export async function analyseAllAsync(db: Database, request: SeriesRequest, options: AnalyseOptions = {}): Promise<AnalysedSeries[]> {
  const alpha = request.alpha ?? 0.05;
  const all = monthlySeries(db, request);
  const volumes = all.map((s) => seriesVolume(s.counts));
  const tests: SeasonalityResult[] = [];
  for (const [i, s] of all.entries()) {
    if (options.isCancelled?.()) throw cancelled();
    tests.push(testOne(s, at(volumes, i), alpha));
    options.onProgress?.(i + 1, all.length, 'seasonality');
    if (i % 16 === 15) await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  const seasonality = adjustSeasonality(tests, alpha);
  const analysed: AnalysedSeries[] = [];
  for (const [i, s] of all.entries()) {
    if (options.isCancelled?.()) throw cancelled();
    analysed.push(analyseOne(s, at(volumes, i), at(seasonality, i), alpha));
    options.onProgress?.(i + 1, all.length, 'methods');
    if (i % 8 === 7) await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  return analysed;
}

function at<T>(list: readonly T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new RangeError(`index ${i} out of range`);
  return v;
}

export interface SeasonalIndices {
  /** 'classical' below 36 months, 'stl' from 36; 'month-effects' (the seasonality test's Poisson month effects) where neither gives indices. */
  method: 'classical' | 'stl' | 'month-effects';
  /** 12 indices, January first, mean 1. */
  indices: number[];
}

/**
 * Seasonal indices by calendar month (1.0 = an average month): classical
 * multiplicative decomposition (R `decompose`), or from 36 months STL with a
 * periodic seasonal window on log(count + 1), back-transformed, which keeps
 * the seasonality multiplicative. Null below two full years or when a
 * moving-average trend is zero (a multiplicative index is then undefined).
 * The seasonality test itself is the Poisson likelihood-ratio test.
 */
export function seasonalIndices(counts: readonly number[], startMonth: number): SeasonalIndices | null {
  if (counts.length < 24) return null;
  let byPosition: number[];
  let method: SeasonalIndices['method'];
  if (counts.length >= 36) {
    const result = stl(
      counts.map((c) => Math.log(c + 1)),
      { period: 12, sWindow: 'periodic' },
    );
    byPosition = Array.from({ length: 12 }, (_, k) => Math.exp(result.seasonal[k] ?? 0));
    method = 'stl';
  } else {
    const decomposition = decompose(counts, { type: 'multiplicative', period: 12 });
    if (decomposition.trend.some((t) => t !== null && t <= 0)) return null;
    byPosition = decomposition.figure;
    method = 'classical';
  }
  const indices = new Array<number>(12).fill(1);
  byPosition.forEach((value, k) => {
    indices[(startMonth - 1 + k) % 12] = value;
  });
  const mean = indices.reduce((a, b) => a + b, 0) / 12;
  return { method, indices: indices.map((v) => v / mean) };
}

export interface SeasonalityFlag {
  series: Record<string, string>;
  months: number;
  /**
   * true only when the month effects are significant after the
   * Benjamini-Hochberg adjustment (`significant`); false when tested and not,
   * even where the series' own p-value is below alpha; null when no verdict.
   * The trend test, control chart and forecast of the series follow this.
   */
  seasonal: boolean | null;
  /** The series' own p-value (likelihood-ratio or quasi-Poisson F test), before adjustment. */
  p_value: number | null;
  /** Benjamini-Hochberg adjusted p-value across the series of this request. */
  q_value: number | null;
  /** seasonal after the multiple-comparison adjustment (q < alpha). */
  significant: boolean;
  /** How many series of this request had a seasonality test: the adjustment's m (1: q = p). */
  series_tested: number;
  peak_month: number | null;
  trough_month: number | null;
  peak_index: number | null;
  trough_index: number | null;
  indices: number[] | null;
  /** How the indices were estimated: classical decomposition or STL. */
  index_method: SeasonalIndices['method'] | null;
  reason?: string;
}

export interface TrendFlag {
  series: Record<string, string>;
  /**
   * 'rising' or 'falling' only when the trend is significant after the
   * Benjamini-Hochberg adjustment (`significant`); otherwise 'none' (no
   * significant trend), even where the series' own p-value is below alpha.
   */
  direction: 'rising' | 'falling' | 'none';
  /** The series' own Mann-Kendall p-value, before adjustment. */
  p_value: number | null;
  /** Benjamini-Hochberg adjusted p-value across the series of this request. */
  q_value: number | null;
  /** q < alpha. */
  significant: boolean;
  /** Records per month (Sen's slope). */
  sen_slope: number | null;
  /** 'seasonal-mann-kendall' when the series is seasonal (the adjusted verdict), else 'mann-kendall'; null without a test. */
  method: string | null;
  reason?: string;
}

export interface ExceptionFlag {
  series: Record<string, string>;
  exceptions: { month: string; value: number; expected: number; lower: number; upper: number; flag: 'high' | 'low' }[];
  /** Limits on the deseasonalised series (the series is seasonal, adjusted verdict) or flat; null without a control chart. */
  seasonally_adjusted: boolean | null;
  /** Present when the limits are flat only because the span is too short to test seasonality (shortSpanBaselineNote). */
  baseline_note?: string;
  reason?: string;
}

export type ForecastModel = HoltWintersForecast['method'];

export interface ForecastFlag {
  series: Record<string, string>;
  /** 'holt-winters-additive' when the series is seasonal (the adjusted verdict), else 'holt-linear'; null without a forecast. */
  model: ForecastModel | null;
  /** The seasonal verdict the model followed. */
  seasonal: boolean | null;
  forecast: { month: string; mean: number; lower: number; upper: number }[];
  reason?: string;
}

/** BH-adjusted p-values for the present ones, null kept in place. */
function adjust(pValues: (number | null)[]): (number | null)[] {
  const present = pValues.map((p, i) => ({ p, i })).filter((x): x is { p: number; i: number } => x.p !== null);
  const adjusted = benjaminiHochberg(present.map((x) => x.p));
  const out: (number | null)[] = pValues.map(() => null);
  present.forEach((x, k) => {
    out[x.i] = adjusted[k] ?? null;
  });
  return out;
}

/** The verdicts were adjusted when the series were analysed (analyseAll), at the request's alpha; this reports them. */
export function seasonalityFlags(analysed: readonly AnalysedSeries[]): SeasonalityFlag[] {
  return analysed.map((s) => {
    const r = s.analysis.seasonality;
    const verdict = s.analysis.seasonal_verdict;
    // Where decomposition cannot give indices (a moving-average trend of 0), the test's own month effects do, so a seasonal series always has a peak.
    const decomposed = r.seasonal === null ? null : seasonalIndices(s.counts, startMonthOf(s));
    const estimated: SeasonalIndices | null = decomposed ?? (r.indices === null ? null : { method: 'month-effects', indices: r.indices });
    const indices = estimated?.indices ?? null;
    const peak = indices === null ? -1 : indices.indexOf(Math.max(...indices));
    const trough = indices === null ? -1 : indices.indexOf(Math.min(...indices));
    const flag: SeasonalityFlag = {
      series: s.series,
      months: s.counts.length,
      seasonal: verdict.seasonal,
      p_value: verdict.p_value,
      q_value: verdict.q_value,
      significant: verdict.seasonal === true,
      series_tested: verdict.tested,
      peak_month: indices === null ? null : peak + 1,
      trough_month: indices === null ? null : trough + 1,
      peak_index: indices?.[peak] ?? null,
      trough_index: indices?.[trough] ?? null,
      indices,
      index_method: estimated?.method ?? null,
    };
    // A testable series too short for the test reads "not tested: needs 24 months, has 12"; other reasons (volume) as given.
    const short = s.volume.reason === null ? shortSpanReason(s.counts.length) : null;
    if (short !== null) flag.reason = short;
    else if (r.reason !== null) flag.reason = r.reason;
    return flag;
  });
}

export function trendFlags(analysed: readonly AnalysedSeries[], alpha = 0.05): TrendFlag[] {
  const q = adjust(analysed.map((s) => s.analysis.trend.p_value));
  return analysed.map((s, i) => {
    const t = s.analysis.trend;
    // The series' own direction is set from its raw p-value; it stands only if the adjusted one is significant too (q >= p).
    const significant = t.direction !== 'none' && (q[i] ?? 1) < alpha;
    const flag: TrendFlag = {
      series: s.series,
      direction: significant ? t.direction : 'none',
      p_value: t.p_value,
      q_value: q[i] ?? null,
      significant,
      sen_slope: t.slope_per_month,
      method: t.test,
    };
    if (t.reason !== null) flag.reason = t.reason;
    return flag;
  });
}

export function exceptionFlags(analysed: readonly AnalysedSeries[]): ExceptionFlag[] {
  return analysed.map((s) => {
    const e = s.analysis.exceptions;
    const flag: ExceptionFlag = {
      series: s.series,
      exceptions: (e?.exceptions ?? []).flatMap((m) =>
        m.value === null || m.flag === null
          ? []
          : [{ month: s.months[m.position] ?? formatMonth(m.position), value: m.value, expected: m.expected, lower: m.lower, upper: m.upper, flag: m.flag }],
      ),
      seasonally_adjusted: e === null ? null : e.seasonally_adjusted,
    };
    if (s.analysis.exceptions_reason !== null) flag.reason = s.analysis.exceptions_reason;
    const note = e === null || s.volume.reason !== null ? null : shortSpanBaselineNote(s.counts.length);
    if (note !== null) flag.baseline_note = note;
    return flag;
  });
}

/** Six-month forecasts: the model the series' adjusted verdict chose, and the points by month. */
export function forecastFlags(analysed: readonly AnalysedSeries[]): ForecastFlag[] {
  return analysed.map((s) => {
    const f = s.analysis.forecast;
    const last = parseMonth(s.months[s.months.length - 1] ?? '');
    const flag: ForecastFlag = {
      series: s.series,
      model: f?.model.method ?? null,
      seasonal: s.analysis.seasonal_verdict.seasonal,
      forecast: f === null || last === null ? [] : f.points.map((p) => ({ month: formatMonth(last + p.step), mean: p.mean, lower: p.lower, upper: p.upper })),
    };
    if (s.analysis.forecast_reason !== null) flag.reason = s.analysis.forecast_reason;
    return flag;
  });
}

/** Everything the Flags panel shows for one request. */
export interface FlagsResult {
  series: MonthlySeries[];
  seasonality: SeasonalityFlag[];
  trend: TrendFlag[];
  exceptions: ExceptionFlag[];
  /** Fitted forecast for each series (same order), six months ahead; null where too short. */
  forecasts: ({ month: string; mean: number; lower: number; upper: number }[] | null)[];
  /** The forecast model of each series (same order), chosen by its adjusted seasonal verdict; null where too short. */
  forecastModels: (ForecastModel | null)[];
  /** Each series' records and months (same order); `testable: false` for a series too sparse to test, which has no flag of any kind. */
  volumes: SeriesVolume[];
  /**
   * Set when the run's longest series covers fewer months than the
   * seasonality test needs: nothing was tested for seasonality, and
   * exceptions were judged against flat limits that cannot allow for the season.
   */
  shortSpan: { months: number; needs: number } | null;
  alpha: number;
}

function shortSpanOf(analysed: readonly AnalysedSeries[]): FlagsResult['shortSpan'] {
  if (analysed.length === 0) return null;
  const months = Math.max(...analysed.map((s) => s.counts.length));
  return months < MIN_SEASONALITY_MONTHS ? { months, needs: MIN_SEASONALITY_MONTHS } : null;
}

function flagsResult(analysed: AnalysedSeries[], alpha: number): FlagsResult {
  const forecasts = forecastFlags(analysed);
  return {
    series: analysed.map(({ analysis: _analysis, volume: _volume, ...series }) => series),
    seasonality: seasonalityFlags(analysed),
    trend: trendFlags(analysed, alpha),
    exceptions: exceptionFlags(analysed),
    forecasts: forecasts.map((f) => (f.model === null ? null : f.forecast)),
    forecastModels: forecasts.map((f) => f.model),
    volumes: analysed.map((s) => s.volume),
    shortSpan: shortSpanOf(analysed),
    alpha,
  };
}

export function runFlags(db: Database, request: SeriesRequest, options: AnalyseOptions = {}): FlagsResult {
  return flagsResult(analyseAll(db, request, options), request.alpha ?? 0.05);
}

/** runFlags for the worker: yields between series so Cancel takes effect mid-run. */
export async function runFlagsAsync(db: Database, request: SeriesRequest, options: AnalyseOptions = {}): Promise<FlagsResult> {
  return flagsResult(await analyseAllAsync(db, request, options), request.alpha ?? 0.05);
}
