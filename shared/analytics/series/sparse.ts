/**
 * What a series needs before its tests mean anything, and what a month needs
 * before it is an exception.
 *
 * Real extracts hold sparse series the tests were not made for: police.uk
 * data for one force includes over-the-border districts with a handful of
 * records (Wyre: 36 records over 24 months, 32 of them in one month), and
 * a crime type x district split has rare types in small districts. On such
 * a series the month-effects test, the seasonal indices, Mann-Kendall and
 * 3-sigma limits all rest on large-count approximations that do not hold:
 * a single month's burst reads as "seasonal, index 12", and one record
 * against an expected 0.04 sits "outside its limits".
 *
 * Volume rule (both must hold for a series to be tested):
 * - a mean of at least MIN_MEAN_RECORDS_PER_MONTH (2) records a month over
 *   the months covered. Below it most months hold 0, 1 or 2 records, one
 *   record more or less moves a month by half or more, and the chi-square
 *   (month effects), normal (Mann-Kendall) and 3-sigma approximations fail.
 *   On the real Nottinghamshire data (2023-24) it keeps 111 of the force's
 *   112 crime type x district series (not Rushcliffe theft from the person)
 *   and leaves 178 of the 184 other districts untested.
 * - records in at least MIN_RECORDED_MONTHS_SHARE (two in three) of those
 *   months. A Poisson series averaging 2 a month has a month with none one
 *   time in seven, so a genuine one passes; a series recorded in a few
 *   bursts (Lancaster: 106 records, all in 3 of 24 months) is not a monthly
 *   series, and its "seasonality" is only when the bursts fell.
 *
 * Exception rule: a month outside the control limits is an exception only
 * when its count is also unusual in absolute terms: at least
 * MIN_EXCEPTION_RECORDS (5) records when high, and, for a Poisson count with
 * the month's expected value, beyond the one-sided tail a 3-sigma limit
 * leaves (0.135%). The Poisson condition matters only for small expected
 * values (for large ones the XmR limits, wider for overdispersed crime
 * counts, decide): below an expected 6.6 no count can be unusually low,
 * since even 0 is more likely than 0.135%.
 */
import { regularizedGammaP, regularizedGammaQ } from './distributions';
import { isPresent } from './internal';

export const MIN_MEAN_RECORDS_PER_MONTH = 2;
export const MIN_RECORDED_MONTHS_SHARE = 2 / 3;
export const MIN_EXCEPTION_RECORDS = 5;
/** One-sided normal tail beyond 3 sigma, the false-alarm rate a 3-sigma limit is meant to have. */
export const EXCEPTION_TAIL = 0.00135;

export interface SeriesVolume {
  records: number;
  /** Months covered (months with no record included). */
  months: number;
  /** Months with at least one record. */
  recorded_months: number;
  /** Meets the volume rule. */
  testable: boolean;
  /** "too few records to test (36 records over 24 months)" when not testable, else null. */
  reason: string | null;
}

const COUNT = new Intl.NumberFormat('en-GB');
const plural = (n: number, word: string): string => `${COUNT.format(n)} ${word}${n === 1 ? '' : 's'}`;

export function seriesVolume(counts: readonly (number | null)[]): SeriesVolume {
  const present = counts.filter(isPresent);
  const records = present.reduce((a, b) => a + b, 0);
  const months = present.length;
  const recorded = present.filter((c) => c > 0).length;
  const testable = months > 0 && records / months >= MIN_MEAN_RECORDS_PER_MONTH && recorded / months >= MIN_RECORDED_MONTHS_SHARE;
  return {
    records,
    months,
    recorded_months: recorded,
    testable,
    reason: testable ? null : `too few records to test (${plural(records, 'record')} over ${plural(months, 'month')})`,
  };
}

/** P(X >= k) for X ~ Poisson(mean). */
export function poissonAtLeast(k: number, mean: number): number {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  return regularizedGammaP(k, mean);
}

/** P(X <= k) for X ~ Poisson(mean). */
export function poissonAtMost(k: number, mean: number): number {
  if (k < 0) return 0;
  if (mean <= 0) return 1;
  return regularizedGammaQ(k + 1, mean);
}

/** The exception rule's absolute test for a month already outside its control limits. */
export function unusualCount(value: number, expected: number, flag: 'high' | 'low'): boolean {
  if (flag === 'high') return value >= MIN_EXCEPTION_RECORDS && poissonAtLeast(value, expected) < EXCEPTION_TAIL;
  return poissonAtMost(value, expected) < EXCEPTION_TAIL;
}
