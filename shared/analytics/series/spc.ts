/**
 * Statistical process control for monthly series.
 *
 * XmR (individuals) chart: centre = mean, sigma = MR̄ / 1.128, limits
 * centre ± 3 sigma. 1.128 is d2 for subgroups of 2, the qicharts2 (and
 * Montgomery) convention; the NHS "Making Data Count" shortcut 2.66 × MR̄ is
 * the same rule rounded (3 / 1.128 = 2.6596) and differs by ~1.6e-4 relative.
 * We use 1.128 on purpose so limits match qicharts2 to rounding.
 *
 * c-chart: centre c̄, limits c̄ ± 3√c̄, lower floored at 0.
 *
 * Anhøj run rules (as qicharts2): a shift if the longest run on one side of
 * the centre exceeds round(log2(n) + 3), a lack of crossings if the number of
 * crossings is below qbinom(0.05, n - 1, 0.5), with n the useful points (not
 * excluded, not missing, not on the centre line).
 *
 * `seasonalExceptions` is what the product calls: the chart is computed on
 * the deseasonalised series (value / seasonal index) and mapped back, so each
 * month gets expected = centre × index and limits × index.
 */
import { binomialQuantile } from './distributions';
import { at, atOrNull, isPresent, monthOf } from './internal';

/** d2 for moving ranges of two consecutive points. */
export const D2 = 1.128;
/** D4 for moving ranges of two points (upper limit of the MR chart = D4 × MR̄). */
export const D4 = 3.267;

export interface ChartOptions {
  /** Compute the centre and limits from the first `baseline` points only (qicharts2 `freeze`); default all. */
  baseline?: number;
  /** 0-based positions left out of the centre/limit computation and of the run rules (qicharts2 `exclude`). */
  exclude?: readonly number[];
}

export interface ControlLimits {
  centre: number;
  lower: number;
  upper: number;
  /** Estimated process sigma (XmR: MR̄ / 1.128; c-chart: √c̄). */
  sigma: number;
}

export interface XmrLimits extends ControlLimits {
  /** Mean moving range over the baseline. */
  mrBar: number;
}

export interface RunsTest {
  usefulPoints: number;
  longestRun: number;
  longestRunMax: number;
  crossings: number;
  crossingsMin: number;
  /** Unusually long run or too few crossings. */
  signal: boolean;
}

export interface ChartResult<L extends ControlLimits> {
  limits: L;
  /** Points outside the limits (0-based positions). */
  outside: number[];
  runs: RunsTest;
}

type Series = readonly (number | null)[];

function baselineMask(n: number, options: ChartOptions): boolean[] {
  const base = Math.min(n, options.baseline ?? n);
  const excluded = new Set(options.exclude ?? []);
  return Array.from({ length: n }, (_, i) => i < base && !excluded.has(i));
}

/** Mean moving range |x_i - x_{i-1}| over baseline pairs (both points present and in the baseline). */
export function meanMovingRange(values: Series, options: ChartOptions = {}): number {
  const mask = baselineMask(values.length, options);
  let s = 0;
  let count = 0;
  for (let i = 1; i < values.length; i++) {
    const a = atOrNull(values, i - 1);
    const b = atOrNull(values, i);
    if (isPresent(a) && isPresent(b) && mask[i] && mask[i - 1]) {
      s += Math.abs(b - a);
      count++;
    }
  }
  return count > 0 ? s / count : Number.NaN;
}

function baselineMean(values: Series, options: ChartOptions): number {
  const mask = baselineMask(values.length, options);
  let s = 0;
  let count = 0;
  values.forEach((v, i) => {
    if (isPresent(v) && mask[i]) {
      s += v;
      count++;
    }
  });
  return count > 0 ? s / count : Number.NaN;
}

/** Individuals (X) chart limits. */
export function xmrLimits(values: Series, options: ChartOptions = {}): XmrLimits {
  const centre = baselineMean(values, options);
  const mrBar = meanMovingRange(values, options);
  const sigma = mrBar / D2;
  return { centre, sigma, mrBar, lower: centre - 3 * sigma, upper: centre + 3 * sigma };
}

/** Moving-range chart limits: centre MR̄, upper D4 × MR̄, lower 0. */
export function movingRangeLimits(values: Series, options: ChartOptions = {}): ControlLimits {
  const mrBar = meanMovingRange(values, options);
  return { centre: mrBar, lower: 0, upper: D4 * mrBar, sigma: mrBar / D2 };
}

/** Moving ranges, null first (and wherever a neighbour is missing). */
export function movingRanges(values: Series): (number | null)[] {
  return values.map((v, i) => {
    const prev = atOrNull(values, i - 1);
    return i > 0 && isPresent(v) && isPresent(prev) ? Math.abs(v - prev) : null;
  });
}

/** c-chart limits for counts. */
export function cChartLimits(counts: Series, options: ChartOptions = {}): ControlLimits {
  const centre = baselineMean(counts, options);
  const sigma = Math.sqrt(centre);
  return { centre, sigma, lower: Math.max(0, centre - 3 * sigma), upper: centre + 3 * sigma };
}

/** Anhøj run rules around `centre`. */
export function anhoejRuns(values: Series, centre: number, exclude: readonly number[] = []): RunsTest {
  const skip = new Set(exclude);
  const sides: number[] = [];
  values.forEach((v, i) => {
    if (!isPresent(v) || skip.has(i) || v === centre) return;
    sides.push(v > centre ? 1 : -1);
  });
  const n = sides.length;
  let longestRun = 0;
  let run = 0;
  let crossings = 0;
  sides.forEach((s, i) => {
    const prev = i > 0 ? at(sides, i - 1) : 0;
    if (s === prev) run++;
    else {
      if (i > 0) crossings++;
      run = 1;
    }
    longestRun = Math.max(longestRun, run);
  });
  const longestRunMax = n > 0 ? Math.round(Math.log2(n) + 3) : 0;
  const crossingsMin = n > 1 ? binomialQuantile(0.05, n - 1, 0.5) : 0;
  return {
    usefulPoints: n,
    longestRun,
    longestRunMax,
    crossings,
    crossingsMin,
    signal: n > 1 && (longestRun > longestRunMax || crossings < crossingsMin),
  };
}

function outsidePoints(values: Series, limits: ControlLimits): number[] {
  const out: number[] = [];
  values.forEach((v, i) => {
    if (isPresent(v) && (v > limits.upper || v < limits.lower)) out.push(i);
  });
  return out;
}

/** Individuals chart with signals. */
export function xmrChart(values: Series, options: ChartOptions = {}): ChartResult<XmrLimits> {
  const limits = xmrLimits(values, options);
  return { limits, outside: outsidePoints(values, limits), runs: anhoejRuns(values, limits.centre, options.exclude) };
}

/** Moving-range chart with signals (plotted values are the moving ranges). */
export function movingRangeChart(values: Series, options: ChartOptions = {}): ChartResult<ControlLimits> {
  const limits = movingRangeLimits(values, options);
  const mr = movingRanges(values);
  return { limits, outside: outsidePoints(mr, limits), runs: anhoejRuns(mr, limits.centre, options.exclude) };
}

/** c-chart with signals. */
export function cChart(counts: Series, options: ChartOptions = {}): ChartResult<ControlLimits> {
  const limits = cChartLimits(counts, options);
  return { limits, outside: outsidePoints(counts, limits), runs: anhoejRuns(counts, limits.centre, options.exclude) };
}

export type ChartType = 'xmr' | 'c';

export interface SeasonalExceptionOptions extends ChartOptions {
  /** 12 multiplicative seasonal indices, January first (mean 1); default all 1 (no adjustment). */
  indices?: readonly number[] | null;
  /** Calendar month (1-12) of the first value; default 1. */
  startMonth?: number;
  /** Default 'xmr': it estimates the spread from the data, so it stays honest for overdispersed counts; the c-chart assumes Poisson. */
  chart?: ChartType;
}

export interface MonthException {
  position: number;
  value: number | null;
  /** Centre line × seasonal index. */
  expected: number;
  lower: number;
  upper: number;
  /** 'high' above the upper limit, 'low' below the lower, null inside or missing. */
  flag: 'high' | 'low' | null;
}

export interface SeasonalExceptions {
  chart: ChartType;
  /** Limits follow the seasonal indices (the series was charted deseasonalised); false for flat limits. */
  seasonally_adjusted: boolean;
  /** Limits on the deseasonalised scale (lower floored at 0: counts cannot be negative). */
  limits: ControlLimits;
  runs: RunsTest;
  months: MonthException[];
  exceptions: MonthException[];
}

/**
 * Exceptions on the deseasonalised series mapped back to the original scale.
 * Missing months (null) still get expected values and limits, never a flag.
 */
export function seasonalExceptions(values: Series, options: SeasonalExceptionOptions = {}): SeasonalExceptions {
  const startMonth = options.startMonth ?? 1;
  const indices = options.indices ?? null;
  if (indices && (indices.length !== 12 || !indices.every((v) => v > 0))) {
    throw new RangeError('indices must be 12 positive numbers, January first');
  }
  const indexAt = (i: number): number => (indices ? at(indices, monthOf(i, startMonth)) : 1);
  const adjusted = values.map((v, i) => (isPresent(v) ? v / indexAt(i) : null));
  const chart = options.chart ?? 'xmr';
  const raw = chart === 'c' ? cChartLimits(adjusted, options) : xmrLimits(adjusted, options);
  const limits: ControlLimits = { centre: raw.centre, sigma: raw.sigma, lower: Math.max(0, raw.lower), upper: raw.upper };
  const months = values.map((v, i): MonthException => {
    const k = indexAt(i);
    const lower = limits.lower * k;
    const upper = limits.upper * k;
    const value = isPresent(v) ? v : null;
    const flag = value === null ? null : value > upper ? 'high' : value < lower ? 'low' : null;
    return { position: i, value, expected: limits.centre * k, lower, upper, flag };
  });
  return {
    chart,
    seasonally_adjusted: indices !== null,
    limits,
    runs: anhoejRuns(adjusted, limits.centre, options.exclude),
    months,
    exceptions: months.filter((m) => m.flag !== null),
  };
}
