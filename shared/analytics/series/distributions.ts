/**
 * Distribution functions needed by the series tests, implemented here so the
 * core has no numeric dependency and runs unchanged in a Web Worker.
 *
 * Everything is built on two special functions:
 * - the regularised incomplete gamma P(a, x) / Q(a, x) (series for x < a + 1,
 *   Lentz continued fraction otherwise; Numerical Recipes 6.2), which also
 *   gives erfc(x) = Q(1/2, x^2) and hence the normal tail to ~1e-14 relative
 *   far into the tail (no 1 - Φ cancellation);
 * - the regularised incomplete beta I_x(a, b) (continued fraction, NR 6.4)
 *   for the F distribution.
 * log Γ uses the Lanczos approximation (g = 7, 9 terms), ~1e-15 relative.
 */
import { at } from './internal';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 10_000;

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Natural log of Γ(x) for x > 0 (reflection for x < 1/2). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = at(LANCZOS, 0);
  const t = z + 7.5;
  for (let i = 1; i < LANCZOS.length; i++) a += at(LANCZOS, i) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** exp(-x) x^a / Γ(a), the common prefactor of both gamma expansions. */
function gammaPrefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function gammaSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let s = del;
  for (let i = 0; i < MAX_ITER; i++) {
    ap += 1;
    del *= x / ap;
    s += del;
    if (Math.abs(del) < Math.abs(s) * EPS) break;
  }
  return s * gammaPrefactor(a, x);
}

function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h * gammaPrefactor(a, x);
}

/** Regularised lower incomplete gamma P(a, x) = γ(a, x) / Γ(a). */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = 1 - P(a, x), computed directly in the tail. */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/** Complementary error function. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const q = regularizedGammaQ(0.5, x * x);
  return x >= 0 ? q : 2 - q;
}

/** Upper tail of the standard normal, 1 - Φ(z), accurate in the far tail. */
export function normalSurvival(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  // z*z/2 directly rather than (z/√2)^2 avoids one rounding.
  const q = 0.5 * regularizedGammaQ(0.5, (z * z) / 2);
  return z >= 0 ? q : 1 - q;
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  return normalSurvival(-z);
}

const ACKLAM_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const ACKLAM_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const ACKLAM_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Horner evaluation of c[0] x^(k-1) + ... + c[k-1]. */
function horner(c: readonly number[], x: number): number {
  let s = 0;
  for (const v of c) s = s * x + v;
  return s;
}

/**
 * Standard normal quantile Φ⁻¹(p): Acklam's rational approximation (~1e-9
 * relative) polished by one Halley step against our accurate CDF (~1e-15).
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = horner(ACKLAM_C, q) / (horner(ACKLAM_D, q) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = (horner(ACKLAM_A, r) * q) / (horner(ACKLAM_B, r) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x = -horner(ACKLAM_C, q) / (horner(ACKLAM_D, q) * q + 1);
  }
  // Halley step; work in the smaller tail so the residual keeps its precision.
  const e = x < 0 ? normalCdf(x) - p : (1 - p) - normalSurvival(x);
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Two-sided normal p-value 2(1 - Φ(|z|)). */
export function normalTwoSidedP(z: number): number {
  return Math.min(1, 2 * normalSurvival(Math.abs(z)));
}

/** Chi-square CDF with `df` degrees of freedom. */
export function chiSquareCdf(x: number, df: number): number {
  return regularizedGammaP(df / 2, x / 2);
}

/** Chi-square upper tail P(X > x). */
export function chiSquareSurvival(x: number, df: number): number {
  return regularizedGammaQ(df / 2, x / 2);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || !(a > 0) || !(b > 0)) return Number.NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(logFront);
  // The continued fraction converges fast only below the mean; use symmetry above it.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Upper tail P(F > f) of the F distribution with (df1, df2) degrees of freedom. */
export function fSurvival(f: number, df1: number, df2: number): number {
  if (Number.isNaN(f)) return Number.NaN;
  if (f <= 0) return 1;
  if (f === Number.POSITIVE_INFINITY) return 0;
  // P(F > f) = I_{d2/(d2 + d1 f)}(d2/2, d1/2): no 1 - x cancellation in the tail.
  return regularizedBeta(df2 / (df2 + df1 * f), df2 / 2, df1 / 2);
}

/** Binomial CDF P(X <= k) for X ~ Bin(n, p), summed in log space (safe for large n). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  const lnc = logGamma(n + 1);
  let total = 0;
  for (let i = 0; i <= Math.floor(k); i++) {
    total += Math.exp(lnc - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log1p(-p));
  }
  return Math.min(1, total);
}

/**
 * Binomial quantile as R's `qbinom`: the smallest k with P(X <= k) >= prob.
 * The 64-ulp fuzz mirrors R so a CDF that equals `prob` up to rounding counts.
 */
export function binomialQuantile(prob: number, n: number, p: number): number {
  const target = prob * (1 - 64 * Number.EPSILON);
  for (let k = 0; k <= n; k++) if (binomialCdf(k, n, p) >= target) return k;
  return n;
}
