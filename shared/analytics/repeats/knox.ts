/**
 * The Knox test for near-repeat victimisation, as in the R package NearRepeat
 * (Steenbeek) and Ratcliffe's Near Repeat Calculator.
 *
 * Every unordered pair of events (i < j) has a distance (euclidean or
 * manhattan, metres) and a time difference |t_i - t_j| (days). Pairs are
 * counted in a space band x time band table. Under the null hypothesis the
 * times are exchangeable among the locations, so the reference distribution
 * comes from permuting the times over the events (locations fixed):
 *   expected   = mean of the permuted counts,
 *   Knox ratio = observed / expected,
 *   p-value    = (1 + #{permuted >= observed}) / (1 + permutations)   (NearRepeat's rule),
 *   significant when p <= alpha (a Monte Carlo p-value is valid at alpha when p <= alpha).
 * The exact permutation expectation E_ij = S_i * T_j / N (S_i, T_j: pairs in
 * space band i and time band j over all N pairs) is given as well.
 *
 * Speed: pairs closer than the last finite space edge are found once with a
 * grid index; each permutation only re-reads the times of those pairs. An
 * open-ended last space band would make every pair a candidate, but its count
 * is the time-band total over ALL pairs minus the other rows, and that total
 * depends only on the multiset of times, which permuting does not change. So
 * it is computed once, in O(n log n), from the sorted times.
 */
import { WorkbenchError } from '../../errors';
import { bandIndex, bandLabels, isOpenEnded, LEFT_CLOSED, validateBreaks, type IntervalClosure } from './bands';
import type { DistanceMetric } from './coordinates';
import { shuffleInPlace, xoshiro128 } from './prng';
import { pairsWithin } from './spatial-index';

/** One event: projected coordinates in metres, time in days (day numbers or any numeric time). */
export interface KnoxEvent {
  x: number;
  y: number;
  t: number;
}

/** The same events as parallel columns (cheap to transfer to a Web Worker). */
export interface KnoxColumns {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  t: ArrayLike<number>;
}

export type KnoxInput = readonly KnoxEvent[] | KnoxColumns;

export interface KnoxOptions {
  /** Space band edges in metres, e.g. [0, 100, 200, Infinity]; see `equalWidthBreaks` and `parseBreaks`. */
  spaceBreaks: readonly number[];
  /** Time band edges in days, e.g. [0, 7, 14, Infinity]. */
  timeBreaks: readonly number[];
  /** Default 'manhattan', the default of NearRepeat and the Near Repeat Calculator. */
  distance?: DistanceMetric;
  /** Band closure for both tables; default [a, b). */
  closure?: IntervalClosure;
  /** Monte Carlo permutations; default 999 (NearRepeat's default). 0 gives observed and exact expectations only. */
  permutations?: number;
  /** PRNG seed; the same seed and data give the same result everywhere. Default 1. */
  seed?: number;
  /** Significance level; default 0.05. */
  alpha?: number;
  /** Called after each permutation. */
  onProgress?: (done: number, total: number) => void;
  /** Checked before each permutation; returning true stops with a 'cancelled' WorkbenchError. */
  isCancelled?: () => boolean;
}

export interface KnoxAsyncOptions extends KnoxOptions {
  /** Yield to the event loop after this many permutations; default 10. */
  yieldEvery?: number;
}

/** Matrices are space bands (rows) x time bands (columns). */
export interface KnoxResult {
  events: number;
  /** All unordered pairs, n(n-1)/2. */
  pairs: number;
  /** Pairs closer than the last finite space edge, tracked in each permutation. */
  candidatePairs: number;
  distance: DistanceMetric;
  closure: IntervalClosure;
  permutations: number;
  seed: number;
  alpha: number;
  spaceBreaks: number[];
  timeBreaks: number[];
  spaceLabels: string[];
  timeLabels: string[];
  observed: number[][];
  /** Mean of the permuted counts (what NearRepeat and the Calculator call expected). */
  expected: number[][];
  /** Exact expectation under permutation, S_i * T_j / N. */
  expectedExact: number[][];
  /** observed / expected (NaN for 0/0, Infinity for n/0). */
  knoxRatio: number[][];
  /** observed / median of the permuted counts (NearRepeat's knox_ratio_median); NaN if too large to keep. */
  knoxRatioMedian: number[][];
  /** observed / expectedExact. */
  knoxRatioExact: number[][];
  pValue: number[][];
  /** pValue <= alpha. */
  significant: boolean[][];
  /** Pairs per space band over all pairs (S_i). */
  spaceBandTotals: number[];
  /** Pairs per time band over all pairs (T_j). */
  timeBandTotals: number[];
}

// Beyond this many stored permuted counts (8 bytes each) the medians are skipped.
const MAX_STORED_SIMULATIONS = 20_000_000;
// Integer times spanning up to this many days use a lookup table for the time band.
const MAX_TIME_LOOKUP = 2_000_000;

interface Prepared {
  n: number;
  pairs: number;
  times: Float64Array;
  nS: number;
  nT: number;
  /** Tracked rows: closed space bands, plus one "below the first edge" row when the last band is open. */
  rows: number;
  nClosed: number;
  openSpace: boolean;
  /** Candidate pair endpoints, grouped by row: rowStart[r]..rowStart[r+1]. */
  pa: Int32Array;
  pb: Int32Array;
  rowStart: Int32Array;
  /** Column per integer time difference (nT = no band), or null when times are not small integers. */
  lookup: Int32Array | null;
  /** Column of any time difference (nT = no band). */
  timeColumn: (dt: number) => number;
  timeBreaks: readonly number[];
  closure: IntervalClosure;
  spaceTotals: number[];
  timeTotals: number[];
}

function badInput(message: string, field: string): WorkbenchError {
  return new WorkbenchError({ code: 'bad-input', message, field });
}

function toColumns(input: KnoxInput): { x: Float64Array; y: Float64Array; t: Float64Array } {
  if (Array.isArray(input)) {
    const events = input as readonly KnoxEvent[];
    const n = events.length;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const t = new Float64Array(n);
    events.forEach((e, k) => {
      x[k] = e.x;
      y[k] = e.y;
      t[k] = e.t;
    });
    return { x, y, t };
  }
  const cols = input as KnoxColumns;
  if (cols.x.length !== cols.y.length || cols.x.length !== cols.t.length) {
    throw badInput('x, y and t must be the same length', 'events');
  }
  return { x: Float64Array.from(cols.x), y: Float64Array.from(cols.y), t: Float64Array.from(cols.t) };
}

/**
 * Pairs i < j of sorted times with t_j - t_i < x (or <= x when `inclusive`).
 * Two pointers: O(n).
 */
function pairsWithGap(sorted: Float64Array, x: number, inclusive: boolean): number {
  const n = sorted.length;
  if (x === Infinity) return n < 2 ? 0 : (n * (n - 1)) / 2;
  let total = 0;
  let lo = 0;
  for (let j = 0; j < n; j++) {
    const tj = sorted[j]!;
    // Advance lo past every i whose gap to j is too large.
    while (lo < j && (inclusive ? tj - sorted[lo]! > x : tj - sorted[lo]! >= x)) lo++;
    total += j - lo;
  }
  return total;
}

/** Pairs per band over all pairs, using the same closure rules as `bandIndex`. */
function allPairsBandTotals(times: Float64Array, breaks: readonly number[], closure: IntervalClosure): number[] {
  const sorted = Float64Array.from(times).sort();
  const bands = breaks.length - 1;
  const totals: number[] = [];
  for (let k = 0; k < bands; k++) {
    const a = breaks[k]!;
    const b = breaks[k + 1]!;
    let count: number;
    if (!closure.right) {
      // [a, b), or [a, b] for the last band with includeLowest.
      const upperInclusive = closure.includeLowest && k === bands - 1;
      count = pairsWithGap(sorted, b, upperInclusive) - pairsWithGap(sorted, a, false);
    } else {
      // (a, b], or [a, b] for the first band with includeLowest.
      const lowerInclusive = closure.includeLowest && k === 0;
      count = pairsWithGap(sorted, b, true) - pairsWithGap(sorted, a, !lowerInclusive);
    }
    totals.push(count);
  }
  return totals;
}

function prepare(input: KnoxInput, options: KnoxOptions): Prepared & { distance: DistanceMetric } {
  const { x, y, t } = toColumns(input);
  const n = t.length;
  for (let k = 0; k < n; k++) {
    if (!Number.isFinite(x[k]!) || !Number.isFinite(y[k]!)) throw badInput(`event ${k + 1} has no valid coordinates`, 'x,y');
    if (!Number.isFinite(t[k]!)) throw badInput(`event ${k + 1} has no valid time`, 't');
  }
  const spaceBreaks = options.spaceBreaks;
  const timeBreaks = options.timeBreaks;
  validateBreaks(spaceBreaks, 'space breaks');
  validateBreaks(timeBreaks, 'time breaks');
  const closure = options.closure ?? LEFT_CLOSED;
  const distance = options.distance ?? 'manhattan';
  const pairs = n < 2 ? 0 : (n * (n - 1)) / 2;
  const nS = spaceBreaks.length - 1;
  const nT = timeBreaks.length - 1;
  const openSpace = isOpenEnded(spaceBreaks);
  const nClosed = openSpace ? nS - 1 : nS;
  const rows = nClosed + (openSpace ? 1 : 0);
  const belowRow = nClosed;
  const radius = spaceBreaks[nClosed]!; // the last finite edge

  // Candidate pairs, tagged with their tracked row. Pairs in the open band are
  // left out: that row is derived from the all-pairs totals.
  const found = pairsWithin({ x, y }, radius, distance);
  const rowOf = new Int32Array(found.count);
  const rowCounts = new Int32Array(rows + 1);
  for (let k = 0; k < found.count; k++) {
    const s = bandIndex(found.distance[k]!, spaceBreaks, closure);
    let row: number;
    if (openSpace && s === nS - 1) row = -1;
    else if (s >= 0) row = s;
    else row = openSpace ? belowRow : -1; // below the first edge: only matters when subtracting from the totals
    rowOf[k] = row;
    if (row >= 0) rowCounts[row + 1]!++;
  }
  const rowStart = new Int32Array(rows + 1);
  for (let r = 0; r < rows; r++) rowStart[r + 1] = rowStart[r]! + rowCounts[r + 1]!;
  const candidates = rowStart[rows]!;
  const pa = new Int32Array(candidates);
  const pb = new Int32Array(candidates);
  const fill = rowStart.slice(0, rows);
  for (let k = 0; k < found.count; k++) {
    const row = rowOf[k]!;
    if (row < 0) continue;
    const at = fill[row]!++;
    pa[at] = found.i[k]!;
    pb[at] = found.j[k]!;
  }

  const timeTotals = allPairsBandTotals(t, timeBreaks, closure);
  const spaceTotals: number[] = [];
  for (let s = 0; s < nClosed; s++) spaceTotals.push(rowCounts[s + 1]!);
  if (openSpace) spaceTotals.push(pairs - candidates);

  return {
    n,
    pairs,
    times: t,
    nS,
    nT,
    rows,
    nClosed,
    openSpace,
    pa,
    pb,
    rowStart,
    lookup: timeLookup(t, timeBreaks, closure, nT),
    timeColumn: makeTimeColumn(timeBreaks, closure),
    timeBreaks,
    closure,
    spaceTotals,
    timeTotals,
    distance,
  };
}

/** When all times are integers over a modest span, a table maps each possible |dt| to its column. */
function timeLookup(t: Float64Array, breaks: readonly number[], closure: IntervalClosure, nT: number): Int32Array | null {
  if (t.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < t.length; k++) {
    const v = t[k]!;
    if (!Number.isInteger(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  if (span > MAX_TIME_LOOKUP) return null;
  const lookup = new Int32Array(span + 1);
  for (let dt = 0; dt <= span; dt++) {
    const col = bandIndex(dt, breaks, closure);
    lookup[dt] = col < 0 ? nT : col;
  }
  return lookup;
}

/**
 * Counts candidate pairs per tracked row x time column for times `tp`.
 * `counts` has `rows` x (nT + 1) cells; the extra column collects pairs in no time band.
 * The hot loop of the whole test: typed arrays, indexes in bounds by construction.
 */
function countCandidates(p: Prepared, tp: Float64Array, counts: Float64Array): void {
  counts.fill(0);
  const width = p.nT + 1;
  const { pa, pb, rowStart, timeColumn } = p;
  for (let r = 0; r < p.rows; r++) {
    const base = r * width;
    const end = rowStart[r + 1]!;
    for (let k = rowStart[r]!; k < end; k++) {
      counts[base + timeColumn(Math.abs(tp[pa[k]!]! - tp[pb[k]!]!))]!++;
    }
  }
}

/**
 * Column of a time difference (nT for none), same rules as `bandIndex` but
 * local: a linear scan over a handful of edges beats a binary search, and
 * calling across modules costs a getter per call under some loaders.
 */
function makeTimeColumn(breaks: readonly number[], closure: IntervalClosure): (dt: number) => number {
  const edges = Float64Array.from(breaks);
  const m = edges.length;
  const nT = m - 1;
  const first = edges[0]!;
  const last = edges[m - 1]!;
  if (!closure.right) {
    const closeLast = closure.includeLowest;
    return (dt) => {
      if (dt < first) return nT;
      if (dt >= last) return closeLast && dt === last ? nT - 1 : nT;
      let k = 1;
      while (dt >= edges[k]!) k++;
      return k - 1;
    };
  }
  const closeFirst = closure.includeLowest;
  return (dt) => {
    if (dt <= first) return closeFirst && dt === first ? 0 : nT;
    if (dt > last) return nT;
    let k = 1;
    while (dt > edges[k]!) k++;
    return k - 1;
  };
}

/**
 * The same for whole-day times: integer differences index the lookup table
 * directly (the common, fast case). Most pairs land in the same cell, and
 * back-to-back increments of one cell wait on each other, so alternate pairs
 * go to two copies of the table (`lanes`, 2 x rows x (nT + 1)) that are added
 * up at the end; this about halves the time of the loop.
 */
function countCandidatesInt(p: Prepared, tp: Int32Array, lookup: Int32Array, lanes: Int32Array, counts: Float64Array): void {
  lanes.fill(0);
  const width = p.nT + 1;
  const second = p.rows * width;
  const { pa, pb, rowStart } = p;
  for (let r = 0; r < p.rows; r++) {
    const base0 = r * width;
    const base1 = second + base0;
    const end = rowStart[r + 1]!;
    let k = rowStart[r]!;
    for (; k + 1 < end; k += 2) {
      let d0 = tp[pa[k]!]! - tp[pb[k]!]!;
      if (d0 < 0) d0 = -d0;
      lanes[base0 + lookup[d0]!]!++;
      let d1 = tp[pa[k + 1]!]! - tp[pb[k + 1]!]!;
      if (d1 < 0) d1 = -d1;
      lanes[base1 + lookup[d1]!]!++;
    }
    if (k < end) {
      let d = tp[pa[k]!]! - tp[pb[k]!]!;
      if (d < 0) d = -d;
      lanes[base0 + lookup[d]!]!++;
    }
  }
  for (let c = 0; c < second; c++) counts[c] = lanes[c]! + lanes[second + c]!;
}

/** The nS x nT table (flattened) from the tracked counts, deriving the open-ended row from the totals. */
function toTable(p: Prepared, counts: Float64Array, out: Float64Array): void {
  const width = p.nT + 1;
  for (let s = 0; s < p.nClosed; s++) {
    for (let j = 0; j < p.nT; j++) out[s * p.nT + j] = counts[s * width + j]!;
  }
  if (p.openSpace) {
    const open = p.nS - 1;
    for (let j = 0; j < p.nT; j++) {
      let tracked = 0;
      for (let r = 0; r < p.rows; r++) tracked += counts[r * width + j]!;
      out[open * p.nT + j] = p.timeTotals[j]! - tracked;
    }
  }
}

function median(sorted: Float64Array): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  const h = m >>> 1;
  return m % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}

function toMatrix<T>(nS: number, nT: number, at: (cell: number) => T): T[][] {
  const rows: T[][] = [];
  for (let s = 0; s < nS; s++) {
    const row: T[] = [];
    for (let j = 0; j < nT; j++) row.push(at(s * nT + j));
    rows.push(row);
  }
  return rows;
}

/**
 * The test as a generator that yields after each permutation, so the sync and
 * async drivers share one implementation.
 */
function* knoxSteps(input: KnoxInput, options: KnoxOptions): Generator<number, KnoxResult, void> {
  const permutations = options.permutations ?? 999;
  if (!(Number.isInteger(permutations) && permutations >= 0)) {
    throw badInput(`permutations must be a whole number >= 0, got ${permutations}`, 'permutations');
  }
  const seed = options.seed ?? 1;
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw badInput(`alpha must be between 0 and 1, got ${alpha}`, 'alpha');
  const p = prepare(input, options);
  const cells = p.nS * p.nT;
  const counts = new Float64Array(p.rows * (p.nT + 1));
  const observed = new Float64Array(cells);
  // Whole-day times run on an Int32 copy shifted to start at 0, so differences index the lookup table.
  const lookup = p.lookup;
  let minTime = Infinity;
  for (let k = 0; k < p.n; k++) minTime = Math.min(minTime, p.times[k]!);
  const tpInt = lookup ? Int32Array.from(p.times, (v) => v - minTime) : new Int32Array(0);
  const tp = lookup ? new Float64Array(0) : Float64Array.from(p.times);
  const lanes = new Int32Array(lookup ? 2 * counts.length : 0);
  const count = (): void => {
    if (lookup) countCandidatesInt(p, tpInt, lookup, lanes, counts);
    else countCandidates(p, tp, counts);
  };
  count();
  toTable(p, counts, observed);

  const keepSims = cells * permutations <= MAX_STORED_SIMULATIONS;
  const sims = new Float64Array(keepSims ? cells * permutations : 0);
  const sum = new Float64Array(cells);
  const atLeast = new Float64Array(cells);
  const table = new Float64Array(cells);
  const rng = xoshiro128(seed);
  for (let rep = 0; rep < permutations; rep++) {
    if (options.isCancelled?.()) throw new WorkbenchError({ code: 'cancelled', message: 'Knox test cancelled' });
    // Shuffling the previous permutation again is still a uniform permutation.
    shuffleInPlace(lookup ? tpInt : tp, rng);
    count();
    toTable(p, counts, table);
    for (let c = 0; c < cells; c++) {
      const v = table[c]!;
      sum[c]! += v;
      if (v >= observed[c]!) atLeast[c]!++;
      if (keepSims) sims[c * permutations + rep] = v;
    }
    options.onProgress?.(rep + 1, permutations);
    yield rep + 1;
  }

  const expected = new Float64Array(cells);
  const medianSim = new Float64Array(cells).fill(NaN);
  for (let c = 0; c < cells; c++) {
    expected[c] = permutations > 0 ? sum[c]! / permutations : NaN;
    if (keepSims && permutations > 0) {
      const own = sims.subarray(c * permutations, (c + 1) * permutations).sort();
      medianSim[c] = median(own);
    }
  }
  const exact = (c: number): number => {
    const s = Math.floor(c / p.nT);
    const j = c % p.nT;
    return p.pairs > 0 ? (p.spaceTotals[s]! * p.timeTotals[j]!) / p.pairs : 0;
  };
  const pValueOf = (c: number): number => (1 + atLeast[c]!) / (1 + permutations);
  const spaceBreaks = [...options.spaceBreaks];
  const timeBreaks = [...options.timeBreaks];
  return {
    events: p.n,
    pairs: p.pairs,
    candidatePairs: p.pa.length,
    distance: p.distance,
    closure: { ...p.closure },
    permutations,
    seed,
    alpha,
    spaceBreaks,
    timeBreaks,
    spaceLabels: bandLabels(spaceBreaks, p.closure),
    timeLabels: bandLabels(timeBreaks, p.closure),
    observed: toMatrix(p.nS, p.nT, (c) => observed[c]!),
    expected: toMatrix(p.nS, p.nT, (c) => expected[c]!),
    expectedExact: toMatrix(p.nS, p.nT, exact),
    knoxRatio: toMatrix(p.nS, p.nT, (c) => observed[c]! / expected[c]!),
    knoxRatioMedian: toMatrix(p.nS, p.nT, (c) => observed[c]! / medianSim[c]!),
    knoxRatioExact: toMatrix(p.nS, p.nT, (c) => observed[c]! / exact(c)),
    pValue: toMatrix(p.nS, p.nT, pValueOf),
    significant: toMatrix(p.nS, p.nT, (c) => pValueOf(c) <= alpha),
    spaceBandTotals: [...p.spaceTotals],
    timeBandTotals: [...p.timeTotals],
  };
}

/** Runs the Knox test to completion on this thread (use in a Web Worker or the CLI). */
export function knoxTest(input: KnoxInput, options: KnoxOptions): KnoxResult {
  const steps = knoxSteps(input, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Resolves on a later turn of the event loop, letting messages, timers and cancellation in. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Like `knoxTest`, but yields to the event loop every `yieldEvery` permutations. */
export async function knoxTestAsync(input: KnoxInput, options: KnoxAsyncOptions): Promise<KnoxResult> {
  const every = Math.max(1, Math.floor(options.yieldEvery ?? 10));
  const steps = knoxSteps(input, options);
  let since = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (++since >= every) {
      since = 0;
      await yieldToEventLoop();
    }
  }
}
