import { describe, expect, it } from 'vitest';
import { analyseSeries } from './index';
import { seasonalExceptions } from './spc';
import { EXCEPTION_TAIL, MIN_EXCEPTION_RECORDS, poissonAtLeast, poissonAtMost, seriesVolume, unusualCount } from './sparse';

/** Poisson probabilities summed term by term, a different route from the incomplete gamma. */
function poissonPmf(k: number, mean: number): number {
  let p = Math.exp(-mean);
  for (let i = 1; i <= k; i++) p *= mean / i;
  return p;
}
const atMostBySum = (k: number, mean: number): number => Array.from({ length: k + 1 }, (_, i) => poissonPmf(i, mean)).reduce((a, b) => a + b, 0);

describe('the volume rule', () => {
  it('a mean of 2 a month recorded in two months of three is tested; just under either is not', () => {
    // 24 months, 48 records, 16 months with records.
    const justEnough = [...Array.from({ length: 16 }, () => 3), ...Array.from({ length: 8 }, () => 0)];
    expect(seriesVolume(justEnough)).toEqual({ records: 48, months: 24, recorded_months: 16, testable: true, reason: null });
    const oneRecordShort = [...justEnough.slice(0, 15), 2, ...justEnough.slice(16)];
    expect(seriesVolume(oneRecordShort)).toMatchObject({ records: 47, testable: false, reason: 'too few records to test (47 records over 24 months)' });
    // Plenty of records, but in 15 months of 24 (under two in three).
    const bursts = [...Array.from({ length: 15 }, () => 10), ...Array.from({ length: 9 }, () => 0)];
    expect(seriesVolume(bursts)).toMatchObject({ records: 150, recorded_months: 15, testable: false });
  });

  it('Wyre in the real police.uk data (36 records, 32 in one month) is not tested; months outside the coverage do not count', () => {
    const wyre = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 32];
    expect(seriesVolume(wyre).reason).toBe('too few records to test (36 records over 24 months)');
    expect(seriesVolume([null, 1, null]).reason).toBe('too few records to test (1 record over 1 month)');
    expect(seriesVolume([null, 5, 6, null])).toMatchObject({ months: 2, testable: true });
  });
});

describe('the exception rule', () => {
  it('Poisson tails agree with the sums of the probabilities', () => {
    for (const mean of [0.04, 0.5, 2, 6.6, 30]) {
      for (const k of [0, 1, 3, 8, 20]) {
        expect(poissonAtMost(k, mean)).toBeCloseTo(atMostBySum(k, mean), 10);
        expect(poissonAtLeast(k, mean)).toBeCloseTo(k === 0 ? 1 : 1 - atMostBySum(k - 1, mean), 10);
      }
    }
  });

  it('one record against an expected 0.04 is not unusual; neither are four against 0.01; five against 0.5 are', () => {
    expect(unusualCount(1, 0.04, 'high')).toBe(false);
    expect(poissonAtLeast(4, 0.01)).toBeLessThan(EXCEPTION_TAIL);
    expect(unusualCount(MIN_EXCEPTION_RECORDS - 1, 0.01, 'high')).toBe(false);
    expect(unusualCount(MIN_EXCEPTION_RECORDS, 0.5, 'high')).toBe(true);
  });

  it('no count is unusually low below an expected 6.6 (even 0 is likelier than 0.135%); 800 against 2,500 is', () => {
    expect(unusualCount(0, 6.5, 'low')).toBe(false);
    expect(unusualCount(0, 6.7, 'low')).toBe(true);
    expect(unusualCount(800, 2500, 'low')).toBe(true);
  });

  it('a series averaging under one record a month gets no exception for its one busy month of three; a real spike still is one', () => {
    const sparse = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0];
    // Outside the XmR limits on their own, yet not unusual for a Poisson count.
    expect(seasonalExceptions(sparse).exceptions.map((e) => e.value)).toContain(3);
    expect(analyseSeries(sparse).exceptions?.exceptions).toEqual([]);
    const steady = [20, 22, 19, 21, 20, 23, 18, 20, 21, 19, 22, 20, 60, 21, 19, 20, 22, 21, 20, 19, 21, 20, 22, 20];
    expect(analyseSeries(steady).exceptions?.exceptions.map((e) => [e.position, e.value, e.flag])).toEqual([[12, 60, 'high']]);
  });
});
