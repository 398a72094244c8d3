/**
 * One seasonal verdict per series, adjusted across the set, chooses every
 * seasonal method. Planted data (tests/helpers/seasonal-series.ts): a summer
 * peak and twelve flat series, one flat one ("Robbery") with a raw
 * seasonality p below 0.05 by chance and a BH q above it. The method a
 * series gets is checked against the plain core functions run directly.
 */
import { describe, expect, it } from 'vitest';
import { bruteForceBh } from '../../../tests/helpers/trend-series';
import { CHANCE_SEASONAL, PLANTED_SUMMER, seasonalSeries } from '../../../tests/helpers/seasonal-series';
import { forecastHoltWinters } from './forecast';
import { analyseSeries, analyseSeriesSet, seriesSeasonality } from './index';
import { mannKendall, seasonalMannKendall } from './mann-kendall';
import { adjustSeasonality } from './seasonal-verdict';
import { testSeasonality } from './seasonality-test';
import { seasonalExceptions } from './spc';

const series = seasonalSeries();
// The helper's series start in April 2021.
const START = 4;
const inputs = series.map((s) => ({ counts: s.counts, startMonth: START }));
const indexOf = (crimeType: string): number => series.findIndex((s) => s.crimeType === crimeType);
const chance = indexOf(CHANCE_SEASONAL);
const summer = indexOf(PLANTED_SUMMER);

describe('adjustSeasonality', () => {
  it('q-values are the brute-force Benjamini-Hochberg ones; seasonal exactly when q < alpha', () => {
    const tests = series.map((s) => testSeasonality(s.counts, { startMonth: START }));
    const adjusted = adjustSeasonality(tests);
    const expected = bruteForceBh(tests.map((t) => t.p_value ?? Number.NaN));
    adjusted.forEach(({ test, verdict }, i) => {
      expect(test).toBe(tests[i]);
      expect(verdict.p_value).toBe(test.p_value);
      expect(verdict.q_value).toBeCloseTo(expected[i] ?? Number.NaN, 12);
      expect(verdict.seasonal).toBe((verdict.q_value ?? 1) < 0.05);
      expect(verdict.tested).toBe(13);
    });
  });

  it('a series without a test has no verdict and does not count towards m', () => {
    const short = testSeasonality(new Array<number>(12).fill(5));
    const tests = [short, ...series.slice(0, 2).map((s) => testSeasonality(s.counts, { startMonth: START }))];
    const [none, ...rest] = adjustSeasonality(tests);
    expect(none?.verdict).toEqual({ seasonal: null, p_value: null, q_value: null, tested: 2 });
    const q = bruteForceBh(rest.map((r) => r.test.p_value ?? Number.NaN));
    rest.forEach((r, i) => expect(r.verdict.q_value).toBeCloseTo(q[i] ?? Number.NaN, 12));
  });

  it('a set of one: q equals p, so the verdict is the raw test', () => {
    const test = testSeasonality(series[chance]?.counts ?? [], { startMonth: START });
    const [one] = adjustSeasonality([test]);
    expect(one?.verdict.q_value).toBe(test.p_value);
    expect(one?.verdict.seasonal).toBe(test.seasonal);
    expect(one?.verdict.tested).toBe(1);
  });
});

describe('the methods follow the adjusted verdict', () => {
  const analysed = analyseSeriesSet(inputs);
  const chanceCounts = series[chance]?.counts ?? [];
  const summerCounts = series[summer]?.counts ?? [];

  it('the planted data: the chance series is raw-seasonal (p < 0.05) and not after adjustment', () => {
    const a = analysed[chance];
    expect(a?.seasonality.p_value).toBeLessThan(0.05);
    expect(a?.seasonality.seasonal).toBe(true);
    expect(a?.seasonal_verdict.q_value).toBeGreaterThan(0.05);
    expect(a?.seasonal_verdict.seasonal).toBe(false);
  });

  it('not seasonal after adjustment: plain Mann-Kendall, flat control limits, Holt linear forecast', () => {
    const a = analysed[chance];
    expect(a?.trend.test).toBe('mann-kendall');
    const plain = mannKendall(chanceCounts);
    expect(a?.trend.p_value).toBe(plain.p);
    expect(a?.trend.slope_per_month).toBe(plain.slope);
    expect(a?.exceptions?.seasonally_adjusted).toBe(false);
    const flat = seasonalExceptions(chanceCounts, { indices: null, startMonth: START });
    expect(a?.exceptions?.months.map((m) => [m.expected, m.lower, m.upper])).toEqual(flat.months.map((m) => [m.expected, m.lower, m.upper]));
    // Flat limits: the same expected value every month.
    expect(new Set(a?.exceptions?.months.map((m) => m.expected)).size).toBe(1);
    expect(a?.forecast?.model.method).toBe('holt-linear');
    expect(a?.forecast?.model.params.gamma).toBe(0);
    expect(a?.forecast?.points.map((p) => p.mean)).toEqual(forecastHoltWinters(chanceCounts, { seasonal: false }).points.map((p) => p.mean));
  });

  it('a strongly planted summer peak keeps the seasonal methods', () => {
    const a = analysed[summer];
    expect(a?.seasonal_verdict.seasonal).toBe(true);
    expect(a?.seasonal_verdict.q_value).toBeLessThan(0.001);
    expect(a?.trend.test).toBe('seasonal-mann-kendall');
    expect(a?.trend.p_value).toBe(seasonalMannKendall(summerCounts).p);
    expect(a?.exceptions?.seasonally_adjusted).toBe(true);
    const indices = a?.seasonality.indices ?? null;
    const adjusted = seasonalExceptions(summerCounts, { indices, startMonth: START });
    expect(a?.exceptions?.months.map((m) => m.upper)).toEqual(adjusted.months.map((m) => m.upper));
    // July (series position 3) expects more than January (position 9).
    expect(a?.exceptions?.months[3]?.expected ?? 0).toBeGreaterThan(a?.exceptions?.months[9]?.expected ?? 0);
    expect(a?.forecast?.model.method).toBe('holt-winters-additive');
  });

  it('every series: one verdict behind the trend test, the control limits and the forecast', () => {
    for (const a of analysed) {
      const seasonal = a.seasonal_verdict.seasonal === true;
      expect(a.trend.test).toBe(seasonal ? 'seasonal-mann-kendall' : 'mann-kendall');
      expect(a.exceptions?.seasonally_adjusted).toBe(seasonal);
      expect(a.forecast?.model.method).toBe(seasonal ? 'holt-winters-additive' : 'holt-linear');
    }
    expect(analysed.filter((a) => a.seasonal_verdict.seasonal === true)).toEqual([analysed[summer]]);
  });

  it('analysed alone, the chance series is a set of one: its raw verdict stands and it gets the seasonal methods', () => {
    const alone = analyseSeries(chanceCounts, { startMonth: START });
    expect(alone.seasonal_verdict).toMatchObject({ seasonal: true, tested: 1, q_value: alone.seasonality.p_value });
    expect(alone.trend.test).toBe('seasonal-mann-kendall');
    expect(alone.exceptions?.seasonally_adjusted).toBe(true);
    expect(alone.forecast?.model.method).toBe('holt-winters-additive');
    // The same as a set of one through analyseSeriesSet.
    expect(analyseSeriesSet([{ counts: chanceCounts, startMonth: START }])[0]).toEqual(alone);
  });

  it('the verdict handed in is the one used: the same series with the set verdict matches the set analysis', () => {
    const test = seriesSeasonality(chanceCounts, { startMonth: START });
    const verdict = analysed[chance]?.seasonal_verdict;
    if (verdict === undefined) throw new Error('no verdict');
    expect(analyseSeries(chanceCounts, { startMonth: START, seasonality: { test, verdict } })).toEqual(analysed[chance]);
  });

  it("a verdict from another series' test is refused", () => {
    const test = seriesSeasonality(chanceCounts, { startMonth: START });
    const other = analysed[summer]?.seasonal_verdict;
    if (other === undefined) throw new Error('no verdict');
    expect(() => analyseSeries(chanceCounts, { startMonth: START, seasonality: { test, verdict: other } })).toThrow(RangeError);
  });
});
