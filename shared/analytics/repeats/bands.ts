/**
 * Distance and time bands. Conventions follow R's `cut()` as used by the
 * NearRepeat package: by default bands are [a, b) (closed on the left), and a
 * value outside [first edge, last edge) falls in no band. An open-ended last
 * band is written with `Infinity` as its upper edge.
 */
import { WorkbenchError } from '../../errors';

/** R `cut()` closure flags. Default `{ right: false, includeLowest: false }` gives [a, b). */
export interface IntervalClosure {
  /** true: bands are (a, b]; false: [a, b). */
  right: boolean;
  /** Close the extreme band too: the last band's upper edge when `right` is false, the first band's lower edge when true. */
  includeLowest: boolean;
}

export const LEFT_CLOSED: IntervalClosure = Object.freeze({ right: false, includeLowest: false });

function badInput(message: string, field = 'breaks'): WorkbenchError {
  return new WorkbenchError({ code: 'bad-input', message, field });
}

/**
 * Equal-width band edges from `start`: `count` bands of `width`, followed by
 * an open-ended band [start + count*width, Infinity) unless `openEnded` is
 * false. This is the CLI's `--space-band 100 --space-bands 5` (and the Near
 * Repeat Calculator's "bandwidth x bands" plus its "More than ..." band).
 */
export function equalWidthBreaks(
  width: number,
  count: number,
  options: { openEnded?: boolean; start?: number } = {},
): number[] {
  const start = options.start ?? 0;
  if (!(Number.isFinite(width) && width > 0)) throw badInput(`band width must be a positive number, got ${width}`);
  if (!(Number.isInteger(count) && count >= 1)) throw badInput(`band count must be a whole number >= 1, got ${count}`);
  if (!Number.isFinite(start)) throw badInput(`band start must be finite, got ${start}`);
  const breaks: number[] = [];
  // Multiply rather than accumulate so edges like 0.1 * 3 do not drift.
  for (let k = 0; k <= count; k++) breaks.push(start + k * width);
  if (options.openEnded ?? true) breaks.push(Infinity);
  return breaks;
}

/**
 * The tables the Near Repeat Calculator (Ratcliffe, v1.3) prints for
 * "bandwidth w, n bands". Its labels are off by one: "1 to 100" is really
 * [1, 100), "101 to 200" is [100, 200), "0 to 7" days is [0, 7), "8 to 14" is
 * [7, 14). Use these breaks to reproduce a Calculator table; label our output
 * with `bandLabels`, never the Calculator's wording.
 */
export function nearRepeatCalculatorBreaks(
  spaceWidth: number,
  spaceBands: number,
  timeWidth: number,
  timeBands: number,
): { spaceBreaks: number[]; timeBreaks: number[] } {
  const space = equalWidthBreaks(spaceWidth, spaceBands);
  // The Calculator's "Same location" row is really [0, 1) metres.
  const spaceBreaks = [0, 1, ...space.slice(1)];
  return { spaceBreaks, timeBreaks: equalWidthBreaks(timeWidth, timeBands) };
}

/**
 * Parses CLI breaks such as "0,100,200,Inf". "Inf", "Infinity" and "∞" mean
 * an open-ended last band; otherwise the last edge closes the last band.
 */
export function parseBreaks(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  const breaks = parts.map((p) => {
    if (/^(\+?inf(inity)?|∞)$/i.test(p)) return Infinity;
    const v = Number(p);
    // A malformed command-line value is a usage error (exit 2), not bad data.
    if (!Number.isFinite(v)) throw new WorkbenchError({ code: 'usage', message: `"${p}" is not a number in breaks "${text}"`, field: 'breaks' });
    return v;
  });
  validateBreaks(breaks);
  return breaks;
}

/** Checks breaks: at least two, strictly increasing, all finite except possibly the last (Infinity). */
export function validateBreaks(breaks: readonly number[], what = 'breaks'): void {
  if (breaks.length < 2) throw badInput(`${what} need at least two edges, got ${breaks.length}`, what);
  for (let k = 0; k < breaks.length; k++) {
    const v = breaks[k]!;
    const last = k === breaks.length - 1;
    if (Number.isNaN(v) || (!last && !Number.isFinite(v)) || (last && v === -Infinity)) {
      throw badInput(`${what}: edge ${k + 1} (${v}) must be finite${last ? ' or Infinity' : ''}`, what);
    }
    if (k > 0 && !(v > breaks[k - 1]!)) throw badInput(`${what} must be strictly increasing (${breaks.join(', ')})`, what);
  }
}

/** Whether the last band has no upper edge. */
export function isOpenEnded(breaks: readonly number[]): boolean {
  return breaks[breaks.length - 1] === Infinity;
}

/**
 * Index of the band holding `value`, or -1 when it falls in none (below the
 * first edge, at or above the last, NaN). Binary search: O(log bands).
 */
export function bandIndex(value: number, breaks: readonly number[], closure: IntervalClosure = LEFT_CLOSED): number {
  const m = breaks.length;
  if (Number.isNaN(value)) return -1;
  const first = breaks[0]!;
  const last = breaks[m - 1]!;
  if (!closure.right) {
    if (closure.includeLowest && value === last) return m - 2;
    // k = (number of edges <= value) - 1 gives b_k <= value < b_{k+1}.
    const k = countAtMost(breaks, value) - 1;
    return k >= 0 && k <= m - 2 ? k : -1;
  }
  if (closure.includeLowest && value === first) return 0;
  // k = (number of edges < value) - 1 gives b_k < value <= b_{k+1}.
  const k = countBelow(breaks, value) - 1;
  return k >= 0 && k <= m - 2 ? k : -1;
}

function countAtMost(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function countBelow(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Formats an edge: integers plainly, Infinity as "Inf" (R's spelling, safe in CSV). */
export function formatEdge(v: number): string {
  if (v === Infinity) return 'Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** Interval-notation labels, e.g. "[0, 100)", "[400, Inf)"; "(0, 1]" for right-closed bands. */
export function bandLabels(breaks: readonly number[], closure: IntervalClosure = LEFT_CLOSED): string[] {
  const labels: string[] = [];
  const bands = breaks.length - 1;
  for (let k = 0; k < bands; k++) {
    const a = breaks[k]!;
    const b = breaks[k + 1]!;
    let open: string;
    let close: string;
    if (!closure.right) {
      open = '[';
      close = closure.includeLowest && k === bands - 1 && b !== Infinity ? ']' : ')';
    } else {
      open = closure.includeLowest && k === 0 ? '[' : '(';
      close = b === Infinity ? ')' : ']';
    }
    labels.push(`${open}${formatEdge(a)}, ${formatEdge(b)}${close}`);
  }
  return labels;
}

/** Counts per band and the band labels; values in no band are counted in `outside`. */
export interface Histogram {
  breaks: number[];
  labels: string[];
  counts: number[];
  outside: number;
}

/** Histogram of `values` over `breaks` (same conventions as the Knox bands). */
export function histogram(
  values: ArrayLike<number>,
  breaks: readonly number[],
  closure: IntervalClosure = LEFT_CLOSED,
): Histogram {
  validateBreaks(breaks);
  const counts = new Array<number>(breaks.length - 1).fill(0);
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const k = bandIndex(values[i]!, breaks, closure);
    if (k < 0) outside++;
    else counts[k] = counts[k]! + 1;
  }
  return { breaks: [...breaks], labels: bandLabels(breaks, closure), counts, outside };
}
