/**
 * Small array helpers shared by the series modules. With
 * `noUncheckedIndexedAccess` every `a[i]` is `number | undefined`; `at`
 * turns an out-of-range read into a loud error instead of a silent NaN.
 */

/** Element `i` of `a`; throws on an out-of-range index (a programming error, never data). */
export function at(a: ArrayLike<number>, i: number): number {
  const v = a[i];
  if (v === undefined) throw new RangeError(`index ${i} out of range (length ${a.length})`);
  return v;
}

/** Element `i` of a nullable series; `null` both for a missing value and an out-of-range index. */
export function atOrNull(a: ArrayLike<number | null>, i: number): number | null {
  const v = a[i];
  return v === undefined ? null : v;
}

/** True for a finite number (not null, NaN or ±Infinity). */
export function isPresent(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Median (average of the two middle values for an even count), NaN for an empty input. */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? at(sorted, mid) : (at(sorted, mid - 1) + at(sorted, mid)) / 2;
}

/** Calendar-month position (0 = January) of series index `i` for a series whose first value is `startMonth` (1-12). */
export function monthOf(i: number, startMonth: number): number {
  return (((startMonth - 1 + i) % 12) + 12) % 12;
}
