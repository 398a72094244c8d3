/**
 * Statistics core for monthly crime series: pure functions on number arrays,
 * no DOM / Node APIs, so it runs in Node and in a Web Worker.
 *
 * Conventions: a series is `(number | null)[]`, one value per month; `null`
 * is a month with no data (outside the covered range), `0` is a month with
 * no crimes. `startMonth` (1-12) is the calendar month of the first value.
 * Seasonal indices are 12 numbers, January first, mean 1.
 */
import { isPresent, monthOf } from './internal';
import { mannKendall, seasonalMannKendall, type MannKendallResult } from './mann-kendall';
import { seasonalExceptions, type ChartType, type SeasonalExceptions } from './spc';
import { testSeasonality, type SeasonalityResult } from './seasonality-test';
import { forecastHoltWinters, type HoltWintersForecast } from './forecast';
import { adjustSeasonality, type AdjustedSeasonality, type SeasonalVerdict } from './seasonal-verdict';
import { unusualCount } from './sparse';

export {
  binomialCdf,
  binomialQuantile,
  chiSquareCdf,
  chiSquareSurvival,
  erfc,
  fSurvival,
  logGamma,
  normalCdf,
  normalQuantile,
  normalSurvival,
  normalTwoSidedP,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
} from './distributions';
export {
  centredMovingAverage,
  decompose,
  type ClassicalDecomposition,
  type DecomposeOptions,
  type DecompositionType,
} from './decompose';
export { stl, stlParameters, type LoessDegree, type StlOptions, type StlParameters, type StlResult } from './stl';
export {
  mannKendall,
  mkScore,
  mkVariance,
  mkZ,
  seasonalMannKendall,
  seasonalSensSlope,
  sensSlope,
  type MannKendallResult,
  type SensSlope,
  type TrendLabel,
} from './mann-kendall';
export { MIN_SEASONALITY_MONTHS, noVerdict as noSeasonalityVerdict, testSeasonality, type SeasonalityMethod, type SeasonalityOptions, type SeasonalityResult } from './seasonality-test';
export { fitPoissonGlm, poissonDeviance, type PoissonFit } from './poisson-glm';
export {
  anhoejRuns,
  cChart,
  cChartLimits,
  D2,
  D4,
  meanMovingRange,
  movingRangeChart,
  movingRangeLimits,
  movingRanges,
  seasonalExceptions,
  xmrChart,
  xmrLimits,
  type ChartOptions,
  type ChartResult,
  type ChartType,
  type ControlLimits,
  type MonthException,
  type RunsTest,
  type SeasonalExceptionOptions,
  type SeasonalExceptions,
  type XmrLimits,
} from './spc';
export {
  fitHoltWinters,
  forecastHoltWinters,
  type ForecastOptions,
  type ForecastPoint,
  type HoltWintersForecast,
  type HoltWintersParams,
} from './forecast';
export { adjustSeasonality, type AdjustedSeasonality, type SeasonalVerdict } from './seasonal-verdict';
export {
  EXCEPTION_TAIL,
  MIN_EXCEPTION_RECORDS,
  MIN_MEAN_RECORDS_PER_MONTH,
  MIN_RECORDED_MONTHS_SHARE,
  poissonAtLeast,
  poissonAtMost,
  seriesVolume,
  unusualCount,
  type SeriesVolume,
} from './sparse';
export { benjaminiHochberg, bhThreshold, discoveries, flagAtFdr } from './multiple-testing';
export { gammaDeviate, mulberry32, negativeBinomialDeviate, normalDeviate, poissonDeviate, type Rng } from './random';

export interface AnalyseOptions {
  /** Calendar month (1-12) of `counts[0]`; default 1. */
  startMonth?: number;
  /** Significance level for the seasonality and trend verdicts; default 0.05. */
  alpha?: number;
  /** Forecast horizon in months; default 6. */
  horizon?: number;
  /** Forecast interval coverage; default 0.95. */
  forecastLevel?: number;
  /** Control chart for exceptions; default 'xmr' (see spc.ts). */
  chart?: ChartType;
  /**
   * The series' seasonality test (`seriesSeasonality`, same counts and
   * options) and its verdict adjusted across the set of series it is analysed
   * with (seasonal-verdict.ts); the trend test, the control chart's baseline
   * and the forecast model follow that verdict. Omitted: the series is tested
   * here as a set of one, where the adjustment changes nothing (q = p).
   */
  seasonality?: AdjustedSeasonality;
  /**
   * Why the series is not tested at all (e.g. the volume rule of sparse.ts):
   * no trend test, control chart or forecast, each giving this reason.
   * `seasonality` should then be an untested one with the same reason.
   */
  untested?: string;
}

export type TrendDirection = 'rising' | 'falling' | 'none';

export interface TrendSummary {
  /** Seasonal Mann-Kendall when the series' seasonal verdict (adjusted) is seasonal, else the plain test; null without enough data. */
  test: 'mann-kendall' | 'seasonal-mann-kendall' | null;
  p_value: number | null;
  z: number | null;
  tau: number | null;
  /** Sen's slope in records per month (the seasonal slope, per year, divided by 12). */
  slope_per_month: number | null;
  /** Sen intercept at position 0 of the input array, so value ≈ intercept + slope × position. */
  intercept: number | null;
  /** rising / falling when p < alpha (by the sign of z), else none. */
  direction: TrendDirection;
  reason: string | null;
  detail: MannKendallResult | null;
}

export interface ForecastSummary {
  /** Position in the input array's indexing (last observed position + step). */
  position: number;
  /** Calendar month 1-12. */
  month: number;
  step: number;
  mean: number;
  lower: number;
  upper: number;
}

export interface SeriesAnalysis {
  /** First and last positions with data; null if the series has none. */
  range: { first: number; last: number } | null;
  /** The series' own seasonality test (raw p-value and its verdict at alpha), before any adjustment. */
  seasonality: SeasonalityResult;
  /** The verdict the trend test, control chart and forecast followed: adjusted across the set of series analysed together. */
  seasonal_verdict: SeasonalVerdict;
  trend: TrendSummary;
  /** Exceptions with positions in the input array's indexing; null with `exceptions_reason` when too short. */
  exceptions: SeasonalExceptions | null;
  exceptions_reason: string | null;
  /** `model.fitted` is indexed from `range.first`; `points` are in the input indexing. */
  forecast: { model: HoltWintersForecast; points: ForecastSummary[] } | null;
  forecast_reason: string | null;
}

const MIN_TREND_MONTHS = 12;
const MIN_EXCEPTION_MONTHS = 12;
const MIN_FORECAST_MONTHS = 30;

function noTrend(reason: string): TrendSummary {
  return { test: null, p_value: null, z: null, tau: null, slope_per_month: null, intercept: null, direction: 'none', reason, detail: null };
}

interface Trimmed {
  first: number;
  last: number;
  /** counts[first..last]. */
  series: (number | null)[];
  observed: number;
  /** Calendar month (1-12) of series[0]. */
  localStart: number;
}

/** Leading and trailing nulls (months outside the series' covered range) trimmed. */
function trim(counts: readonly (number | null)[], startMonth: number): Trimmed {
  let first = counts.findIndex(isPresent);
  let last = counts.length - 1;
  while (last >= 0 && !isPresent(counts[last])) last--;
  if (first < 0) first = 0;
  const series = last >= first ? counts.slice(first, last + 1) : [];
  return { first, last, series, observed: series.filter(isPresent).length, localStart: monthOf(first, startMonth) + 1 };
}

/** The series' own seasonality test, on the covered months (the first step of `analyseSeries`, run for every series before the adjustment). */
export function seriesSeasonality(counts: readonly (number | null)[], options: Pick<AnalyseOptions, 'startMonth' | 'alpha'> = {}): SeasonalityResult {
  const { series, localStart } = trim(counts, options.startMonth ?? 1);
  return testSeasonality(series, { startMonth: localStart, alpha: options.alpha ?? 0.05 });
}

/**
 * One call per series for the product: seasonality verdict and indices,
 * trend (Mann-Kendall, seasonal when seasonal), SPC exceptions on the
 * deseasonalised series when seasonal, and a six-month Holt-Winters forecast
 * (seasonal when seasonal). "Seasonal" is `options.verdict`, the verdict
 * adjusted across the series analysed together (`analyseSeriesSet` does
 * that); without one the series is a set of one and its own test decides.
 *
 * Leading and trailing nulls (months outside the series' covered range) are
 * trimmed first; every position reported is in the input array's indexing.
 */
export function analyseSeries(counts: readonly (number | null)[], options: AnalyseOptions = {}): SeriesAnalysis {
  const startMonth = options.startMonth ?? 1;
  const alpha = options.alpha ?? 0.05;
  const horizon = options.horizon ?? 6;
  const { first, last, series, observed, localStart } = trim(counts, startMonth);

  const adjusted = options.seasonality ?? adjustSeasonality([testSeasonality(series, { startMonth: localStart, alpha })], alpha)[0];
  if (adjusted === undefined) throw new Error('adjustSeasonality returns one verdict per test');
  const { test: seasonality, verdict } = adjusted;
  // A verdict from another series' test would give a seasonal trend test without seasonal indices for the limits.
  if (verdict.p_value !== seasonality.p_value) throw new RangeError("the seasonal verdict is not from this series' seasonality test");
  // Every method choice below reads this one verdict.
  const seasonal = verdict.seasonal === true;

  let trend: TrendSummary;
  if (options.untested !== undefined) trend = noTrend(options.untested);
  else if (observed < MIN_TREND_MONTHS) trend = noTrend(`needs at least ${MIN_TREND_MONTHS} months of data, has ${observed}`);
  else {
    const detail = seasonal ? seasonalMannKendall(series, 12, alpha) : mannKendall(series, alpha);
    const slopePerMonth = seasonal ? detail.slope / 12 : detail.slope;
    trend = {
      test: seasonal ? 'seasonal-mann-kendall' : 'mann-kendall',
      p_value: detail.p,
      z: detail.z,
      tau: detail.tau,
      slope_per_month: slopePerMonth,
      intercept: detail.intercept - first * slopePerMonth,
      direction: detail.p < alpha ? (detail.z > 0 ? 'rising' : 'falling') : 'none',
      reason: null,
      detail,
    };
  }

  let exceptions: SeasonalExceptions | null = null;
  let exceptionsReason: string | null = null;
  if (options.untested !== undefined) exceptionsReason = options.untested;
  else if (observed < MIN_EXCEPTION_MONTHS) exceptionsReason = `needs at least ${MIN_EXCEPTION_MONTHS} months of data, has ${observed}`;
  else {
    const local = seasonalExceptions(series, {
      indices: seasonal ? seasonality.indices : null,
      startMonth: localStart,
      chart: options.chart ?? 'xmr',
    });
    // Outside the limits is not enough on its own: the count must be unusual in absolute terms too (sparse.ts).
    const months = local.months.map((m) => ({
      ...m,
      position: m.position + first,
      flag: m.flag !== null && m.value !== null && unusualCount(m.value, m.expected, m.flag) ? m.flag : null,
    }));
    exceptions = { ...local, months, exceptions: months.filter((m) => m.flag !== null) };
  }

  let forecast: SeriesAnalysis['forecast'] = null;
  let forecastReason: string | null = null;
  if (options.untested !== undefined) forecastReason = options.untested;
  else if (series.length < MIN_FORECAST_MONTHS) forecastReason = `needs at least ${MIN_FORECAST_MONTHS} months of data, has ${series.length}`;
  else {
    try {
      const model = forecastHoltWinters(series, { horizon, level: options.forecastLevel ?? 0.95, seasonal, nonNegative: true });
      const points = model.points.map((p) => ({
        ...p,
        position: last + p.step,
        month: monthOf(last + p.step, startMonth) + 1,
      }));
      forecast = { model, points };
    } catch (error) {
      // Only data-shape problems (e.g. gaps in the first two years) land here.
      if (!(error instanceof RangeError)) throw error;
      forecastReason = error.message;
    }
  }

  return {
    range: observed > 0 ? { first, last } : null,
    seasonality,
    seasonal_verdict: verdict,
    trend,
    exceptions,
    exceptions_reason: exceptionsReason,
    forecast,
    forecast_reason: forecastReason,
  };
}

export interface SeriesInput {
  counts: readonly (number | null)[];
  /** Calendar month (1-12) of `counts[0]`; default 1. */
  startMonth?: number;
}

/**
 * Analyses a set of series together: each series' seasonality is tested
 * once, the verdicts are adjusted across the set (Benjamini-Hochberg), and
 * each series is then analysed with its adjusted verdict.
 */
export function analyseSeriesSet(inputs: readonly SeriesInput[], options: Omit<AnalyseOptions, 'startMonth' | 'seasonality'> = {}): SeriesAnalysis[] {
  const alpha = options.alpha ?? 0.05;
  const adjusted = adjustSeasonality(
    inputs.map((s) => seriesSeasonality(s.counts, { startMonth: s.startMonth ?? 1, alpha })),
    alpha,
  );
  return adjusted.map((seasonality, i) => analyseSeries(inputs[i]?.counts ?? [], { ...options, startMonth: inputs[i]?.startMonth ?? 1, seasonality }));
}
