/**
 * Poisson log-linear model fitted by iteratively reweighted least squares,
 * as R's `glm(family = poisson)`: start from mu = y + 0.1, stop when the
 * relative deviance change is below 1e-8.
 *
 * Design matrices here are tiny (13 columns at most), so the weighted normal
 * equations are solved by Cholesky. A column whose pivot collapses (e.g. a
 * month that is always zero, whose coefficient runs off to -infinity exactly
 * as in R) is frozen rather than allowed to blow up the solve.
 */
import { at } from './internal';

export interface PoissonFit {
  coefficients: number[];
  fitted: number[];
  /** Residual deviance 2 Σ [y log(y / mu) - (y - mu)]. */
  deviance: number;
  /** Pearson X^2 = Σ (y - mu)^2 / mu. */
  pearson: number;
  /** n - number of columns. */
  dfResidual: number;
  iterations: number;
  converged: boolean;
}

const MAX_ITER = 100;
const TOLERANCE = 1e-8;

export function poissonDeviance(y: readonly number[], mu: readonly number[]): number {
  let d = 0;
  y.forEach((yi, i) => {
    const m = at(mu, i);
    d += (yi > 0 ? yi * Math.log(yi / m) : 0) - (yi - m);
  });
  return 2 * d;
}

/**
 * Solves A x = b for symmetric positive (semi-)definite A (row-major p x p).
 * Near-singular directions get x = 0 instead of a huge or NaN value.
 */
export function solveSymmetric(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  const dead = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    let d = at(a, j * p + j);
    for (let k = 0; k < j; k++) d -= at(l, j * p + k) ** 2;
    if (!(d > 1e-12 * Math.max(at(a, j * p + j), Number.MIN_VALUE))) {
      dead[j] = 1;
      continue;
    }
    const ljj = Math.sqrt(d);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = at(a, i * p + j);
      for (let k = 0; k < j; k++) s -= at(l, i * p + k) * at(l, j * p + k);
      l[i * p + j] = s / ljj;
    }
  }
  // Forward then back substitution, skipping frozen columns.
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    if (at(dead, i)) continue;
    let s = at(b, i);
    for (let k = 0; k < i; k++) s -= at(l, i * p + k) * at(z, k);
    z[i] = s / at(l, i * p + i);
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    if (at(dead, i)) continue;
    let s = at(z, i);
    for (let k = i + 1; k < p; k++) s -= at(l, k * p + i) * at(x, k);
    x[i] = s / at(l, i * p + i);
  }
  return x;
}

/** Fits log E[y] = X beta; `x` holds one row (of equal length) per observation. */
export function fitPoissonGlm(y: readonly number[], x: readonly (readonly number[])[]): PoissonFit {
  const n = y.length;
  const p = x[0]?.length ?? 0;
  if (x.length !== n || n === 0 || p === 0) throw new RangeError('design matrix must have one row per observation');
  if (y.some((v) => !(v >= 0) || !Number.isFinite(v))) throw new RangeError('Poisson counts must be finite and >= 0');
  // Flat row-major copy of X: the IRLS loop below is the hot path of the seasonality test.
  const xf = new Float64Array(n * p);
  x.forEach((row, i) => {
    if (row.length !== p) throw new RangeError('design matrix rows must have equal length');
    xf.set(row, i * p);
  });
  const yf = Float64Array.from(y);
  const eta = yf.map((v) => Math.log(v + 0.1));
  const mu = eta.map(Math.exp);
  let beta: Float64Array = new Float64Array(p);
  let devOld = poissonDeviance(y, Array.from(mu));
  let converged = false;
  let iterations = 0;
  const xtwx = new Float64Array(p * p);
  const xtwz = new Float64Array(p);
  for (; iterations < MAX_ITER && !converged; iterations++) {
    xtwx.fill(0);
    xtwz.fill(0);
    for (let i = 0; i < n; i++) {
      const m = mu[i] ?? 0;
      // Working response and weight for the log link: z = eta + (y - mu)/mu, w = mu.
      const zi = (eta[i] ?? 0) + ((yf[i] ?? 0) - m) / m;
      const base = i * p;
      for (let r = 0; r < p; r++) {
        const xr = xf[base + r] ?? 0;
        if (xr === 0) continue; // dummies are mostly zero
        const wr = m * xr;
        xtwz[r] = (xtwz[r] ?? 0) + wr * zi;
        for (let c = 0; c <= r; c++) xtwx[r * p + c] = (xtwx[r * p + c] ?? 0) + wr * (xf[base + c] ?? 0);
      }
    }
    for (let r = 0; r < p; r++) for (let c = r + 1; c < p; c++) xtwx[r * p + c] = at(xtwx, c * p + r);
    beta = solveSymmetric(xtwx, xtwz, p);
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let r = 0; r < p; r++) e += (xf[i * p + r] ?? 0) * (beta[r] ?? 0);
      eta[i] = e;
      mu[i] = Math.exp(e);
    }
    let dev = 0;
    for (let i = 0; i < n; i++) {
      const yi = yf[i] ?? 0;
      const m = mu[i] ?? 0;
      dev += (yi > 0 ? yi * Math.log(yi / m) : 0) - (yi - m);
    }
    dev *= 2;
    converged = Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < TOLERANCE;
    devOld = dev;
  }
  let pearson = 0;
  y.forEach((yi, i) => {
    const m = at(mu, i);
    if (m > 0) pearson += (yi - m) ** 2 / m;
  });
  return {
    coefficients: Array.from(beta),
    fitted: Array.from(mu),
    deviance: devOld,
    pearson,
    dfResidual: n - p,
    iterations,
    converged,
  };
}
