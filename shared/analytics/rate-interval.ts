/**
 * Confidence intervals for crude rates (records per 1,000 residents), as
 * public health analysts compute them (PHEindicatormethods' phe_rate): the
 * count is treated as Poisson, its limits found exactly under 10 events and
 * by Byar's approximation from 10, then divided by the population like the
 * rate itself. An area is significantly above or below a benchmark (the
 * force area) when the benchmark's rate lies outside the area's interval,
 * as Fingertips compares an area with England.
 */
import { regularizedGammaP, regularizedGammaQ } from './series/distributions';
import { type Interval, confidenceFraction, criticalZ } from '../survey/stats';

export type RateMethod = 'exact' | 'byars';

export interface RateInterval extends Interval {
  method: RateMethod;
  /** The events and person-years it is for, so rates can be pooled (a benchmark over several areas). */
  count: number;
  persons: number;
}

/** Counts below this get exact Poisson limits; from it, Byar's (PHE's switch). */
export const EXACT_BELOW = 10;

/** The level pivots show rate intervals at. */
export const RATE_LEVEL = 95;

/**
 * t with P(a, t) = p (lower) or Q(a, t) = p (upper): the gamma quantile,
 * by bisection to the last bit. Solving the upper tail through Q keeps its
 * precision when p is small.
 */
function gammaQuantile(a: number, p: number, tail: 'lower' | 'upper'): number {
  const below = tail === 'lower' ? (t: number): boolean => regularizedGammaP(a, t) < p : (t: number): boolean => regularizedGammaQ(a, t) > p;
  let low = 0;
  let high = Math.max(1, a);
  while (below(high)) high *= 2;
  for (let i = 0; i < 2000 && high - low > Number.EPSILON * high; i++) {
    const middle = (low + high) / 2;
    if (middle === low || middle === high) break;
    if (below(middle)) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** Exact Poisson limits for the expected count behind `x` events: qchisq(α/2, 2x)/2 and qchisq(1-α/2, 2x+2)/2. */
export function exactPoissonLimits(x: number, level = RATE_LEVEL): Interval {
  const alpha = 1 - confidenceFraction(level);
  return {
    lower: x === 0 ? 0 : gammaQuantile(x, alpha / 2, 'lower'),
    upper: gammaQuantile(x + 1, alpha / 2, 'upper'),
  };
}

/** Byar's approximation to the exact Poisson limits: x(1 - 1/9x - z/3√x)³ and (x+1)(1 - 1/9(x+1) + z/3√(x+1))³. */
export function byarsLimits(x: number, level = RATE_LEVEL): Interval {
  const z = criticalZ(level);
  const next = x + 1;
  return {
    lower: x === 0 ? 0 : x * (1 - 1 / (9 * x) - z / (3 * Math.sqrt(x))) ** 3,
    upper: next * (1 - 1 / (9 * next) + z / (3 * Math.sqrt(next))) ** 3,
  };
}

/**
 * The interval of a rate of `count` events over `persons` (person-years),
 * scaled by `multiplier` (1,000 for per 1,000): null when there is no
 * population to divide by.
 */
export function rateInterval(count: number, persons: number, multiplier: number, level = RATE_LEVEL): RateInterval | null {
  if (!(persons > 0) || !(count >= 0)) return null;
  const method: RateMethod = count < EXACT_BELOW ? 'exact' : 'byars';
  const limits = method === 'exact' ? exactPoissonLimits(count, level) : byarsLimits(count, level);
  return { lower: (limits.lower * multiplier) / persons, upper: (limits.upper * multiplier) / persons, method, count, persons };
}

export type RateComparison = 'higher' | 'similar' | 'lower';

/** Higher or lower when the benchmark rate is outside the interval (a point on its edge is similar). */
export function compareRate(interval: Interval, benchmark: number): RateComparison {
  if (interval.lower > benchmark) return 'higher';
  if (interval.upper < benchmark) return 'lower';
  return 'similar';
}

export const RATE_METHOD_LABELS: Readonly<Record<RateMethod, string>> = { exact: 'exact Poisson', byars: "Byar's method" };
