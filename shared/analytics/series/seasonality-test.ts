/**
 * Is the seasonality of a monthly COUNT series real?
 *
 * Model: log E[y_t] = a + b·t + γ_month(t) (Poisson log-linear, January as the
 * reference month), fitted by IRLS. The evidence for seasonality is the drop
 * in deviance from the trend-only model to the trend + month model, on 11
 * degrees of freedom.
 *
 * Overdispersion: crime counts are usually more variable than Poisson, and a
 * plain deviance test would then call noise "seasonal". We estimate the
 * dispersion φ = Pearson X² / (n - 13) from the full model and, when φ > 1,
 * use the quasi-Poisson F test F = (ΔD / 11) / φ on (11, n - 13) df (what R's
 * `anova(glm(..., family = quasipoisson), test = "F")` does). We chose F over
 * the scaled chi-square ΔD / φ ~ χ²(11) because φ is itself estimated from
 * only n - 13 residual df (11 for two years of data); the chi-square treats φ
 * as known and is anti-conservative for short series, the F accounts for its
 * sampling error. When φ <= 1 the Poisson likelihood-ratio test (χ², 11 df)
 * is used unchanged: under-dispersion is not allowed to inflate the evidence.
 *
 * Indices are exp(γ_month) normalised to mean 1 (the multiplicative
 * convention of classical decomposition), January first, from the model that
 * includes the trend, so a rising series does not make December look high.
 */
import { chiSquareSurvival, fSurvival } from './distributions';
import { at, isPresent, monthOf } from './internal';
import { fitPoissonGlm } from './poisson-glm';

/** Months a seasonality test needs: two of each calendar month, so a month effect can be told from one odd month. */
export const MIN_SEASONALITY_MONTHS = 24;

export interface SeasonalityOptions {
  /** Calendar month (1-12) of the first value; default 1 (January). */
  startMonth?: number;
  /** Significance level for `seasonal`; default 0.05. */
  alpha?: number;
  /** Minimum number of observed months for a verdict; default 24. */
  minMonths?: number;
}

export type SeasonalityMethod = 'poisson-lrt-chisq' | 'quasi-poisson-f';

export interface SeasonalityResult {
  /** true / false at `alpha`; null when no verdict could be given (see `reason`). */
  seasonal: boolean | null;
  p_value: number | null;
  /** 12 multiplicative indices, January first, mean 1; null without a verdict. */
  indices: number[] | null;
  /** Calendar month 1-12 (1 = January) with the highest / lowest index. */
  peak_month: number | null;
  trough_month: number | null;
  peak_index: number | null;
  trough_index: number | null;
  /** Why no verdict was given; null when there is one. */
  reason: string | null;
  method: SeasonalityMethod | null;
  /** Test statistic: ΔD (chi-square) or F. */
  statistic: number | null;
  df1: number;
  df2: number | null;
  /** Pearson dispersion of the full model. */
  dispersion: number | null;
  months_used: number;
  alpha: number;
}

const MONTH_DF = 11;

/** A result without a verdict, saying why (also for a series not tested at all, e.g. too few records). */
export function noVerdict(reason: string, monthsUsed: number, alpha: number): SeasonalityResult {
  return {
    seasonal: null,
    p_value: null,
    indices: null,
    peak_month: null,
    trough_month: null,
    peak_index: null,
    trough_index: null,
    reason,
    method: null,
    statistic: null,
    df1: MONTH_DF,
    df2: null,
    dispersion: null,
    months_used: monthsUsed,
    alpha,
  };
}

/**
 * Tests for real month-of-year effects in monthly counts. `counts[i]` is month
 * i from `startMonth`; null marks a month with no data (it is left out, it is
 * not a zero).
 */
export function testSeasonality(counts: readonly (number | null)[], options: SeasonalityOptions = {}): SeasonalityResult {
  const startMonth = options.startMonth ?? 1;
  const alpha = options.alpha ?? 0.05;
  const minMonths = options.minMonths ?? MIN_SEASONALITY_MONTHS;
  if (!Number.isInteger(startMonth) || startMonth < 1 || startMonth > 12) throw new RangeError('startMonth must be 1-12');
  const rows: { t: number; month: number; y: number }[] = [];
  counts.forEach((v, i) => {
    if (!isPresent(v)) return;
    if (v < 0) throw new RangeError('counts must be >= 0');
    rows.push({ t: i, month: monthOf(i, startMonth), y: v });
  });
  const n = rows.length;
  if (n < minMonths) return noVerdict(`needs at least ${minMonths} months of data, has ${n}`, n, alpha);
  const perMonth = new Array<number>(12).fill(0);
  for (const r of rows) perMonth[r.month] = at(perMonth, r.month) + 1;
  if (perMonth.some((c) => c < 2)) return noVerdict('every calendar month needs at least 2 observed values', n, alpha);
  if (rows.every((r) => r.y === 0)) return noVerdict('all counts are zero', n, alpha);

  // Centred, scaled time keeps X'WX well conditioned.
  const tMean = rows.reduce((s, r) => s + r.t, 0) / n;
  const span = Math.max(1, counts.length);
  const reduced = rows.map((r) => [1, (r.t - tMean) / span]);
  const full = rows.map((r, i) => {
    const row = [...(reduced[i] ?? [])];
    for (let m = 1; m < 12; m++) row.push(r.month === m ? 1 : 0);
    return row;
  });
  const y = rows.map((r) => r.y);
  const fitReduced = fitPoissonGlm(y, reduced);
  const fitFull = fitPoissonGlm(y, full);
  const deltaD = Math.max(0, fitReduced.deviance - fitFull.deviance);
  const df2 = fitFull.dfResidual;
  const dispersion = df2 > 0 ? fitFull.pearson / df2 : Number.NaN;

  let method: SeasonalityMethod;
  let statistic: number;
  let pValue: number;
  if (dispersion > 1) {
    method = 'quasi-poisson-f';
    statistic = deltaD / MONTH_DF / dispersion;
    pValue = fSurvival(statistic, MONTH_DF, df2);
  } else {
    method = 'poisson-lrt-chisq';
    statistic = deltaD;
    pValue = chiSquareSurvival(deltaD, MONTH_DF);
  }

  // Month effects relative to January (coefficients 2..12), then normalised to mean 1.
  const effects = [0, ...fitFull.coefficients.slice(2)].map(Math.exp);
  const meanEffect = effects.reduce((a, b) => a + b, 0) / 12;
  const indices = effects.map((e) => e / meanEffect);
  let peak = 0;
  let trough = 0;
  indices.forEach((v, m) => {
    if (v > at(indices, peak)) peak = m;
    if (v < at(indices, trough)) trough = m;
  });
  return {
    seasonal: pValue < alpha,
    p_value: pValue,
    indices,
    peak_month: peak + 1,
    trough_month: trough + 1,
    peak_index: at(indices, peak),
    trough_index: at(indices, trough),
    reason: null,
    method,
    statistic,
    df1: MONTH_DF,
    df2,
    dispersion,
    months_used: n,
    alpha,
  };
}
