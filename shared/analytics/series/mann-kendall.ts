/**
 * Mann-Kendall trend test, Sen's slope and the seasonal Mann-Kendall test
 * (Hirsch & Slack 1984), following pyMannKendall's conventions so results can
 * be checked against it:
 * - missing values (null / NaN) are dropped before S, var(S), n and tau (the
 *   series is compressed);
 * - var(S) = [n(n-1)(2n+5) - Σ t(t-1)(2t+5)] / 18 over groups of tied values;
 * - z = (S - 1)/√var, (S + 1)/√var or 0 (continuity correction), p two-sided normal;
 * - Sen's slope uses the ORIGINAL time positions (gaps are not closed up), and
 *   intercept = median(x) - median(positions of present values) × slope;
 * - the seasonal test pads the series with missing values to whole periods and
 *   sums S and var(S) over the period sub-series (no covariance term); its
 *   slope is per full period (e.g. per year for monthly data).
 */
import { normalTwoSidedP } from './distributions';
import { at, isPresent, median } from './internal';

export type TrendLabel = 'increasing' | 'decreasing' | 'no trend';

export interface MannKendallResult {
  /** Number of non-missing values used. */
  n: number;
  s: number;
  varS: number;
  z: number;
  /** Two-sided p-value (normal approximation). */
  p: number;
  tau: number;
  /** p < alpha. */
  h: boolean;
  trend: TrendLabel;
  /** Sen's slope per time step (per period for the seasonal test). */
  slope: number;
  intercept: number;
}

export interface SensSlope {
  slope: number;
  intercept: number;
}

type Series = readonly (number | null)[];

function present(x: Series): number[] {
  return x.filter(isPresent);
}

/** Mann-Kendall S = Σ_{i<j} sign(x_j - x_i). */
export function mkScore(values: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < values.length - 1; i++) {
    const xi = at(values, i);
    for (let j = i + 1; j < values.length; j++) s += Math.sign(at(values, j) - xi);
  }
  return s;
}

/** var(S) with the tie correction. */
export function mkVariance(values: readonly number[]): number {
  const n = values.length;
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let ties = 0;
  for (const t of counts.values()) ties += t * (t - 1) * (2 * t + 5);
  return (n * (n - 1) * (2 * n + 5) - ties) / 18;
}

/** Continuity-corrected z score. */
export function mkZ(s: number, varS: number): number {
  if (s === 0 || !(varS > 0)) return 0;
  return s > 0 ? (s - 1) / Math.sqrt(varS) : (s + 1) / Math.sqrt(varS);
}

function verdict(z: number, alpha: number): { p: number; h: boolean; trend: TrendLabel } {
  const p = normalTwoSidedP(z);
  const h = p < alpha;
  return { p, h, trend: !h ? 'no trend' : z > 0 ? 'increasing' : 'decreasing' };
}

/** Pairwise slopes (x_j - x_i)/(j - i) over present values, j > i, at original positions. */
function pairwiseSlopes(x: Series, into: number[]): void {
  const idx: number[] = [];
  const val: number[] = [];
  x.forEach((v, i) => {
    if (isPresent(v)) {
      idx.push(i);
      val.push(v);
    }
  });
  for (let a = 0; a < val.length - 1; a++) {
    for (let b = a + 1; b < val.length; b++) into.push((at(val, b) - at(val, a)) / (at(idx, b) - at(idx, a)));
  }
}

function presentPositions(x: Series): number[] {
  const out: number[] = [];
  x.forEach((v, i) => {
    if (isPresent(v)) out.push(i);
  });
  return out;
}

/** Sen's slope and intercept (pyMannKendall `sens_slope`). */
export function sensSlope(x: Series): SensSlope {
  const slopes: number[] = [];
  pairwiseSlopes(x, slopes);
  const slope = median(slopes);
  const intercept = median(present(x)) - median(presentPositions(x)) * slope;
  return { slope, intercept };
}

/** Mann-Kendall test (pyMannKendall `original_test`). */
export function mannKendall(x: Series, alpha = 0.05): MannKendallResult {
  const values = present(x);
  const n = values.length;
  const s = mkScore(values);
  const varS = mkVariance(values);
  const z = mkZ(s, varS);
  const pairs = (n * (n - 1)) / 2;
  return { n, s, varS, z, tau: pairs > 0 ? s / pairs : Number.NaN, ...verdict(z, alpha), ...sensSlope(x) };
}

/** Splits a series padded to whole periods into its `period` sub-series (position k, k + period, ...). */
function subseries(x: Series, period: number): (number | null)[][] {
  const cycles = Math.ceil(x.length / period);
  const out: (number | null)[][] = [];
  for (let k = 0; k < period; k++) {
    const sub: (number | null)[] = [];
    for (let c = 0; c < cycles; c++) sub.push(x[c * period + k] ?? null);
    out.push(sub);
  }
  return out;
}

/** Seasonal Sen slope, per full period (pyMannKendall `seasonal_sens_slope`). */
export function seasonalSensSlope(x: Series, period = 12): SensSlope {
  const slopes: number[] = [];
  for (const sub of subseries(x, period)) pairwiseSlopes(sub, slopes);
  const slope = median(slopes);
  const intercept = median(present(x)) - (median(presentPositions(x)) / period) * slope;
  return { slope, intercept };
}

/** Seasonal Mann-Kendall test (pyMannKendall `seasonal_test`); `n` is the total of present values. */
export function seasonalMannKendall(x: Series, period = 12, alpha = 0.05): MannKendallResult {
  let s = 0;
  let varS = 0;
  let denom = 0;
  let n = 0;
  for (const sub of subseries(x, period)) {
    const values = present(sub);
    const k = values.length;
    s += mkScore(values);
    varS += mkVariance(values);
    denom += (k * (k - 1)) / 2;
    n += k;
  }
  const z = mkZ(s, varS);
  return { n, s, varS, z, tau: denom > 0 ? s / denom : Number.NaN, ...verdict(z, alpha), ...seasonalSensSlope(x, period) };
}
