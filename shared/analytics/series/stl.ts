/**
 * STL: Seasonal-Trend decomposition by Loess (Cleveland, Cleveland, McRae &
 * Terpenning 1990), following the algorithm of R's `stats::stl` (the
 * netlib stl.f routines stl/stlstp/stlss/stlfts/stless/stlest/stlrwt), so
 * windows, degrees, jumps, iteration counts and robustness weights mean
 * exactly what they mean in R.
 *
 * Positions inside the loess routines are 1-based x-coordinates, as in the
 * original, because the end-point extrapolations evaluate the smoother at
 * x = 0 and x = k + 1; arrays are 0-based with explicit offsets.
 */
import { at, isPresent } from './internal';

export type LoessDegree = 0 | 1;

export interface StlOptions {
  /** Observations per cycle; default 12. */
  period?: number;
  /** Seasonal loess span (odd, >= 7 recommended) or 'periodic' (R: 10n + 1, degree 0, then per-position mean). */
  sWindow: number | 'periodic';
  sDegree?: LoessDegree;
  /** Default as R: nextodd(ceiling(1.5 period / (1 - 1.5 / sWindow))). */
  tWindow?: number;
  tDegree?: LoessDegree;
  /** Default nextodd(period). */
  lWindow?: number;
  /** Default tDegree. */
  lDegree?: LoessDegree;
  /** Jumps default to ceiling(window / 10). */
  sJump?: number;
  tJump?: number;
  lJump?: number;
  robust?: boolean;
  /** Default 1 if robust else 2. */
  inner?: number;
  /** Default 15 if robust else 0. */
  outer?: number;
}

export interface StlParameters {
  period: number;
  periodic: boolean;
  window: { s: number; t: number; l: number };
  degree: { s: LoessDegree; t: LoessDegree; l: LoessDegree };
  jump: { s: number; t: number; l: number };
  inner: number;
  outer: number;
}

export interface StlResult {
  seasonal: number[];
  trend: number[];
  remainder: number[];
  /** Robustness weights (all 1 when outer = 0, as R reports). */
  weights: number[];
  /** The effective parameters, comparable with R's `$win`, `$deg`, `$jump`, `$inner`, `$outer`. */
  parameters: StlParameters;
}

/** R's nextodd: round, then bump even values up by one. */
function nextOdd(x: number): number {
  const r = Math.round(x);
  return r % 2 === 0 ? r + 1 : r;
}

/** Resolves R's defaults for the given series length. */
export function stlParameters(n: number, options: StlOptions): StlParameters {
  const period = options.period ?? 12;
  const periodic = options.sWindow === 'periodic';
  const sWindow = options.sWindow === 'periodic' ? 10 * n + 1 : options.sWindow;
  const sDegree: LoessDegree = periodic ? 0 : (options.sDegree ?? 0);
  const tDegree: LoessDegree = options.tDegree ?? 1;
  const lDegree: LoessDegree = options.lDegree ?? tDegree;
  const tWindow = options.tWindow ?? nextOdd(Math.ceil((1.5 * period) / (1 - 1.5 / sWindow)));
  const lWindow = options.lWindow ?? nextOdd(period);
  const robust = options.robust ?? false;
  return {
    period,
    periodic,
    window: { s: sWindow, t: tWindow, l: lWindow },
    degree: { s: sDegree, t: tDegree, l: lDegree },
    jump: {
      s: options.sJump ?? Math.ceil(sWindow / 10),
      t: options.tJump ?? Math.ceil(tWindow / 10),
      l: options.lJump ?? Math.ceil(lWindow / 10),
    },
    inner: options.inner ?? (robust ? 1 : 2),
    outer: options.outer ?? (robust ? 15 : 0),
  };
}

/** Optional robustness weights for a loess fit: `rw[rwOff + j - 1]` weights x-position j. */
interface RobustWeights {
  rw: Float64Array;
  off: number;
}

/**
 * One local fit (stlest) at x-coordinate `xs` using points nleft..nright of
 * y[yOff ..]; returns null when all weights vanish (caller then falls back).
 * `w` is scratch indexed by x-position.
 */
function loessPoint(
  y: Float64Array,
  yOff: number,
  n: number,
  len: number,
  degree: LoessDegree,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
  robust: RobustWeights | null,
): number | null {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  // Fortran integer division: widen the bandwidth when the span exceeds the data.
  if (len > n) h += Math.trunc((len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  for (let j = nleft; j <= nright; j++) {
    let wj = 0;
    const r = Math.abs(j - xs);
    if (r <= h9) {
      if (r <= h1) wj = 1;
      else {
        const q = r / h;
        const u = 1 - q * q * q;
        wj = u * u * u;
      }
      if (robust) wj *= at(robust.rw, robust.off + j - 1);
      a += wj;
    }
    w[j] = wj;
  }
  if (a <= 0) return null;
  for (let j = nleft; j <= nright; j++) w[j] = at(w, j) / a;
  if (h > 0 && degree > 0) {
    let centre = 0;
    for (let j = nleft; j <= nright; j++) centre += at(w, j) * j;
    let b = xs - centre;
    let c = 0;
    for (let j = nleft; j <= nright; j++) c += at(w, j) * (j - centre) * (j - centre);
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (let j = nleft; j <= nright; j++) w[j] = at(w, j) * (b * (j - centre) + 1);
    }
  }
  let ys = 0;
  for (let j = nleft; j <= nright; j++) ys += at(w, j) * at(y, yOff + j - 1);
  return ys;
}

/**
 * Loess smooth (stless) of y[yOff .. yOff + n - 1] into ys[ysOff ..], fitting
 * every `njump`-th point and interpolating linearly in between.
 */
function loessSmooth(
  y: Float64Array,
  yOff: number,
  n: number,
  len: number,
  degree: LoessDegree,
  njump: number,
  robust: RobustWeights | null,
  ys: Float64Array,
  ysOff: number,
  w: Float64Array,
): void {
  const yAt = (i: number): number => at(y, yOff + i - 1);
  const set = (i: number, v: number): void => {
    ys[ysOff + i - 1] = v;
  };
  const ysAt = (i: number): number => at(ys, ysOff + i - 1);
  if (n < 2) {
    set(1, yAt(1));
    return;
  }
  const newnj = Math.min(njump, n - 1);
  let nleft = 1;
  let nright = n;
  if (len >= n) {
    nleft = 1;
    nright = n;
    for (let i = 1; i <= n; i += newnj) set(i, loessPoint(y, yOff, n, len, degree, i, nleft, nright, w, robust) ?? yAt(i));
  } else if (newnj === 1) {
    const nsh = Math.trunc((len + 1) / 2);
    nleft = 1;
    nright = len;
    for (let i = 1; i <= n; i++) {
      if (i > nsh && nright !== n) {
        nleft++;
        nright++;
      }
      set(i, loessPoint(y, yOff, n, len, degree, i, nleft, nright, w, robust) ?? yAt(i));
    }
  } else {
    const nsh = Math.trunc((len + 1) / 2);
    for (let i = 1; i <= n; i += newnj) {
      if (i < nsh) {
        nleft = 1;
        nright = len;
      } else if (i >= n - nsh + 1) {
        nleft = n - len + 1;
        nright = n;
      } else {
        nleft = i - nsh + 1;
        nright = len + i - nsh;
      }
      set(i, loessPoint(y, yOff, n, len, degree, i, nleft, nright, w, robust) ?? yAt(i));
    }
  }
  if (newnj !== 1) {
    for (let i = 1; i <= n - newnj; i += newnj) {
      const delta = (ysAt(i + newnj) - ysAt(i)) / newnj;
      for (let j = i + 1; j <= i + newnj - 1; j++) set(j, ysAt(i) + delta * (j - i));
    }
    const k = Math.trunc((n - 1) / newnj) * newnj + 1;
    if (k !== n) {
      // Last point fitted with the final window used above (as stl.f does).
      set(n, loessPoint(y, yOff, n, len, degree, n, nleft, nright, w, robust) ?? yAt(n));
      if (k !== n - 1) {
        const delta = (ysAt(n) - ysAt(k)) / (n - k);
        for (let j = k + 1; j <= n - 1; j++) set(j, ysAt(k) + delta * (j - k));
      }
    }
  }
}

/**
 * Cycle-subseries smoothing (stlss): each subseries is smoothed and extended by
 * one point at each end, giving `season` of length n + 2 * period.
 */
function smoothCycleSubseries(
  y: Float64Array,
  n: number,
  p: StlParameters,
  robust: Float64Array | null,
  season: Float64Array,
  w: Float64Array,
): void {
  const np = p.period;
  const ns = p.window.s;
  const sub = new Float64Array(Math.ceil(n / np) + 2);
  const subW = new Float64Array(Math.ceil(n / np) + 2);
  const fit = new Float64Array(Math.ceil(n / np) + 2);
  for (let j = 1; j <= np; j++) {
    const k = Math.trunc((n - j) / np) + 1;
    for (let i = 1; i <= k; i++) {
      sub[i - 1] = at(y, (i - 1) * np + j - 1);
      if (robust) subW[i - 1] = at(robust, (i - 1) * np + j - 1);
    }
    const rw: RobustWeights | null = robust ? { rw: subW, off: 0 } : null;
    loessSmooth(sub, 0, k, ns, p.degree.s, p.jump.s, rw, fit, 1, w);
    const nright = Math.min(ns, k);
    fit[0] = loessPoint(sub, 0, k, ns, p.degree.s, 0, 1, nright, w, rw) ?? at(fit, 1);
    const nleft = Math.max(1, k - ns + 1);
    fit[k + 1] = loessPoint(sub, 0, k, ns, p.degree.s, k + 1, nleft, k, w, rw) ?? at(fit, k);
    for (let m = 1; m <= k + 2; m++) season[(m - 1) * np + j - 1] = at(fit, m - 1);
  }
}

/** Moving average of length `len` over the first n values; n - len + 1 outputs. */
function movingAverage(x: Float64Array, n: number, len: number, out: Float64Array): void {
  const newn = n - len + 1;
  let v = 0;
  for (let i = 0; i < len; i++) v += at(x, i);
  out[0] = v / len;
  // Running sum, as stlma, so rounding matches the reference.
  for (let j = 1; j < newn; j++) {
    v = v - at(x, j - 1) + at(x, j + len - 1);
    out[j] = v / len;
  }
}

/** The inner loop (stlstp): `inner` passes updating season and trend in place. */
function innerLoop(
  y: Float64Array,
  p: StlParameters,
  robust: Float64Array | null,
  season: Float64Array,
  trend: Float64Array,
): void {
  const n = y.length;
  const np = p.period;
  const big = n + 2 * np;
  const w1 = new Float64Array(big);
  const c = new Float64Array(big);
  const w3 = new Float64Array(big);
  const w4 = new Float64Array(big);
  const scratch = new Float64Array(big + 2);
  for (let iter = 0; iter < p.inner; iter++) {
    for (let i = 0; i < n; i++) w1[i] = at(y, i) - at(trend, i);
    smoothCycleSubseries(w1, n, p, robust, c, scratch);
    // Low-pass filter of the cycle-subseries: MA(np), MA(np), MA(3), then loess.
    movingAverage(c, big, np, w3);
    movingAverage(w3, big - np + 1, np, w4);
    movingAverage(w4, big - 2 * np + 2, 3, w3);
    loessSmooth(w3, 0, n, p.window.l, p.degree.l, p.jump.l, null, w1, 0, scratch);
    for (let i = 0; i < n; i++) season[i] = at(c, np + i) - at(w1, i);
    for (let i = 0; i < n; i++) w1[i] = at(y, i) - at(season, i);
    loessSmooth(w1, 0, n, p.window.t, p.degree.t, p.jump.t, robust ? { rw: robust, off: 0 } : null, trend, 0, scratch);
  }
}

/** Bisquare robustness weights from residuals, scaled by 6 x median |residual| (stlrwt). */
function robustnessWeights(y: Float64Array, fit: Float64Array, rw: Float64Array): void {
  const n = y.length;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = Math.abs(at(y, i) - at(fit, i));
  const sorted = Float64Array.from(r).sort();
  const mid1 = Math.trunc(n / 2) + 1;
  const mid2 = n - mid1 + 1;
  const cmad = 3 * (at(sorted, mid1 - 1) + at(sorted, mid2 - 1));
  const c9 = 0.999 * cmad;
  const c1 = 0.001 * cmad;
  for (let i = 0; i < n; i++) {
    const ri = at(r, i);
    if (ri <= c1) rw[i] = 1;
    else if (ri <= c9) {
      const u = ri / cmad;
      rw[i] = (1 - u * u) * (1 - u * u);
    } else rw[i] = 0;
  }
}

/** STL decomposition of a complete series (no missing values, as R's na.fail). */
export function stl(x: readonly number[], options: StlOptions): StlResult {
  const n = x.length;
  const p = stlParameters(n, options);
  if (!x.every(isPresent)) throw new RangeError('stl needs a complete series (no missing or non-finite values)');
  if (p.period < 2 || n <= 2 * p.period) throw new RangeError('stl needs more than two full periods');
  // stl.f enforces odd windows >= 3 and period >= 2.
  const odd = (v: number): number => {
    const m = Math.max(3, Math.trunc(v));
    return m % 2 === 0 ? m + 1 : m;
  };
  const run: StlParameters = { ...p, window: { s: odd(p.window.s), t: odd(p.window.t), l: odd(p.window.l) } };
  const y = Float64Array.from(x);
  const season = new Float64Array(n);
  const trend = new Float64Array(n);
  let robust: Float64Array | null = null;
  for (let k = 0; ; k++) {
    innerLoop(y, run, robust, season, trend);
    if (k + 1 > run.outer) break;
    const fit = new Float64Array(n);
    for (let i = 0; i < n; i++) fit[i] = at(trend, i) + at(season, i);
    robust ??= new Float64Array(n);
    robustnessWeights(y, fit, robust);
  }
  const seasonal = Array.from(season);
  if (p.periodic) {
    // R replaces the periodic seasonal by its mean per cycle position.
    for (let j = 0; j < p.period; j++) {
      let s = 0;
      let count = 0;
      for (let i = j; i < n; i += p.period) {
        s += at(seasonal, i);
        count++;
      }
      for (let i = j; i < n; i += p.period) seasonal[i] = s / count;
    }
  }
  const trendOut = Array.from(trend);
  const remainder = x.map((v, i) => v - at(seasonal, i) - at(trendOut, i));
  const weights = robust && p.outer > 0 ? Array.from(robust) : new Array<number>(n).fill(1);
  return { seasonal, trend: trendOut, remainder, weights, parameters: p };
}
