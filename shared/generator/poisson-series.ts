/**
 * A plain monthly Poisson series with optional seasonality and trend, for
 * testing the statistics (trend tests, seasonality tests, control charts)
 * against a known truth without generating whole extracts.
 */

import { Random, deriveSeed } from './prng';

export interface PoissonSeriesOptions {
  seed: number;
  /** Expected count per month before seasonality and trend (at the first month). */
  base: number;
  /** Number of months (default 60). */
  months?: number;
  /** First month, `yyyy-mm` (default `2019-04`). */
  start?: string;
  /** Multiplicative amplitude: expected × (1 + a·cos(2π(month − peakMonth)/12)). Default 0. */
  seasonalAmplitude?: number;
  /** Calendar month of the peak, 1 = January (default 7). */
  peakMonth?: number;
  /** Growth per year, compounded monthly: 0.08 is +8% a year (default 0). */
  trendPerYear?: number;
  /** Months (0-based) at which the level steps by stepFactor from then on, e.g. an intervention. */
  stepAt?: number;
  stepFactor?: number;
}

export interface SeriesPoint {
  /** `yyyy-mm` */
  period: string;
  /** Calendar month 1-12. */
  month: number;
  /** 0-based position in the series. */
  index: number;
  expected: number;
  count: number;
}

export function poissonMonthlySeries(options: PoissonSeriesOptions): SeriesPoint[] {
  const months = options.months ?? 60;
  const match = /^(\d{4})-(\d{2})$/.exec(options.start ?? '2019-04');
  if (match === null) throw new RangeError(`start must be yyyy-mm, got ${options.start ?? ''}`);
  const startYear = Number(match[1]);
  const startMonth = Number(match[2]);
  const amplitude = options.seasonalAmplitude ?? 0;
  const peak = options.peakMonth ?? 7;
  const growth = options.trendPerYear ?? 0;
  const rng = new Random(deriveSeed(options.seed, 'poisson-series'));
  const points: SeriesPoint[] = [];
  for (let i = 0; i < months; i += 1) {
    const zeroBased = startMonth - 1 + i;
    const year = startYear + Math.floor(zeroBased / 12);
    const month = (zeroBased % 12) + 1;
    let expected = options.base * (1 + amplitude * Math.cos((2 * Math.PI * (month - peak)) / 12)) * Math.pow(1 + growth, i / 12);
    if (options.stepAt !== undefined && i >= options.stepAt) expected *= options.stepFactor ?? 1;
    points.push({ period: `${year}-${String(month).padStart(2, '0')}`, month, index: i, expected, count: rng.poisson(expected) });
  }
  return points;
}
