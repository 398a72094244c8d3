/**
 * Classical seasonal decomposition, as R `stats::decompose`.
 *
 * trend    = centred moving average (for an even period the 2 x period MA,
 *            weights 1/(2p), 1/p x (p-1), 1/(2p)); null for the first and last p/2
 * figure   = per-position mean of the detrended series (x - trend, or x / trend),
 *            ignoring nulls, then centred: minus its mean (additive) or divided by
 *            its mean (multiplicative), so it sums to 0 / averages 1
 * seasonal = figure repeated; random = x - trend - seasonal or x / (trend * seasonal)
 *
 * `figure[k]` belongs to series position k, k + period, ... (R's convention):
 * it is January first only when the series starts in January.
 */
import { at, atOrNull, isPresent } from './internal';

export type DecompositionType = 'additive' | 'multiplicative';

export interface DecomposeOptions {
  /** Default 'additive'. */
  type?: DecompositionType;
  /** Observations per cycle; default 12. */
  period?: number;
}

export interface ClassicalDecomposition {
  type: DecompositionType;
  period: number;
  trend: (number | null)[];
  seasonal: number[];
  random: (number | null)[];
  /** One seasonal value per cycle position (length `period`). */
  figure: number[];
}

/** Moving-average weights R uses by default for a given frequency. */
function filterWeights(period: number): number[] {
  if (period % 2 === 0) {
    const w = new Array<number>(period + 1).fill(1 / period);
    w[0] = 0.5 / period;
    w[period] = 0.5 / period;
    return w;
  }
  return new Array<number>(period).fill(1 / period);
}

/**
 * Centred moving average with R's `filter(x, w, sides = 2)` alignment; a window
 * touching a missing value gives null (R propagates NA).
 */
export function centredMovingAverage(x: readonly (number | null)[], period = 12): (number | null)[] {
  const w = filterWeights(period);
  const offset = Math.floor(w.length / 2);
  const out: (number | null)[] = new Array<number | null>(x.length).fill(null);
  for (let i = offset; i + w.length - 1 - offset < x.length; i++) {
    let s = 0;
    let ok = true;
    // Same summation order as R's C filter: x[i + o - j] for j = 0..len-1.
    for (let j = 0; j < w.length; j++) {
      const v = atOrNull(x, i + offset - j);
      if (!isPresent(v)) {
        ok = false;
        break;
      }
      s += at(w, j) * v;
    }
    out[i] = ok ? s : null;
  }
  return out;
}

/** R `decompose(x, type)`; needs at least two full periods. */
export function decompose(x: readonly (number | null)[], options: DecomposeOptions = {}): ClassicalDecomposition {
  const type = options.type ?? 'additive';
  const period = options.period ?? 12;
  if (!Number.isInteger(period) || period < 2) throw new RangeError('period must be an integer >= 2');
  if (x.length < 2 * period) throw new RangeError('decompose needs at least two full periods');
  const additive = type === 'additive';
  const trend = centredMovingAverage(x, period);
  const detrended = x.map((v, i) => {
    const t = atOrNull(trend, i);
    if (!isPresent(v) || !isPresent(t)) return null;
    return additive ? v - t : v / t;
  });
  const raw: number[] = [];
  for (let k = 0; k < period; k++) {
    let s = 0;
    let count = 0;
    for (let i = k; i < x.length; i += period) {
      const d = atOrNull(detrended, i);
      if (isPresent(d)) {
        s += d;
        count++;
      }
    }
    raw.push(count > 0 ? s / count : Number.NaN);
  }
  const centre = raw.reduce((a, b) => a + b, 0) / period;
  const figure = raw.map((f) => (additive ? f - centre : f / centre));
  const seasonal = x.map((_, i) => at(figure, i % period));
  const random = x.map((v, i) => {
    const t = atOrNull(trend, i);
    if (!isPresent(v) || !isPresent(t)) return null;
    const s = at(seasonal, i);
    return additive ? v - t - s : v / (t * s);
  });
  return { type, period, trend, seasonal, random, figure };
}
