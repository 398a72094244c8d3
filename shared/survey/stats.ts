/**
 * Statistics for weighted survey proportions: Kish's effective sample size,
 * the Wilson score interval (PHE's method for proportions, no continuity
 * correction) and the two-proportion z-test, both on effective sizes so a
 * design with unequal weights is not treated as more precise than it is.
 */
import { normalQuantile, normalTwoSidedP } from '../analytics/series/distributions';

/**
 * The confidence level as a fraction: 95 and 0.95 both mean 95%, 99.8 and
 * 0.998 both mean 99.8% (PHE's convention). Levels outside 90-100% are
 * refused: an interval at 50% is almost always a typo.
 */
export function confidenceFraction(level: number): number {
  const fraction = level > 1 ? level / 100 : level;
  if (!Number.isFinite(fraction) || fraction < 0.9 || fraction > 1) {
    throw new RangeError(`confidence level must be between 90 and 100 (or 0.9 and 1); got ${level}`);
  }
  return fraction;
}

/** Two-sided standard normal critical value for a confidence level (1.959964 for 95). */
export function criticalZ(level: number): number {
  const fraction = confidenceFraction(level);
  return fraction === 1 ? Number.POSITIVE_INFINITY : normalQuantile(1 - (1 - fraction) / 2);
}

/** Kish's effective sample size (Σw)² / Σw²: n for equal weights, less the more unequal they are. */
export function kishEffectiveN(weights: readonly number[]): number {
  let sum = 0;
  let sumSquares = 0;
  for (const w of weights) {
    sum += w;
    sumSquares += w * w;
  }
  return sumSquares === 0 ? 0 : (sum * sum) / sumSquares;
}

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * Wilson score interval for x successes out of n (x and n need not be
 * whole: with weights, n is the effective size and x = p̂ · n).
 * (2x + z² ∓ z √(z² + 4x(1 - x/n))) / (2(n + z²)), as PHE's wilson_lower and
 * wilson_upper. A 100% level gives [0, 1].
 */
export function wilsonInterval(x: number, n: number, level = 95): Interval {
  if (!(n > 0) || x < 0 || x > n) throw new RangeError(`Wilson interval needs 0 <= x <= n and n > 0; got x=${x}, n=${n}`);
  const z = criticalZ(level);
  if (!Number.isFinite(z)) return { lower: 0, upper: 1 };
  const z2 = z * z;
  const root = z * Math.sqrt(z2 + 4 * x * (1 - x / n));
  const denominator = 2 * (n + z2);
  return { lower: (2 * x + z2 - root) / denominator, upper: (2 * x + z2 + root) / denominator };
}

export interface ProportionChange {
  /** p2 - p1, as a fraction. */
  difference: number;
  z: number;
  p_value: number;
  significant: boolean;
}

/**
 * Two-proportion z-test of p1 (effective size n1) against p2 (n2) with the
 * pooled proportion under the null hypothesis of no change:
 *   p = (p1 n1 + p2 n2) / (n1 + n2),  z = (p2 - p1) / √(p (1 - p) (1/n1 + 1/n2)),
 * two-sided. Using Kish's effective sizes makes it a design-effect-adjusted
 * test (as in survey reports that apply a flat design effect); it assumes
 * the two waves are independent samples, which holds for a repeated
 * cross-sectional survey such as the Respect Survey.
 */
export function twoProportionTest(p1: number, n1: number, p2: number, n2: number, level = 95): ProportionChange {
  const difference = p2 - p1;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return { difference, z: 0, p_value: difference === 0 ? 1 : 0, significant: difference !== 0 };
  const z = difference / se;
  const pValue = normalTwoSidedP(z);
  return { difference, z, p_value: pValue, significant: pValue < 1 - confidenceFraction(level) };
}
