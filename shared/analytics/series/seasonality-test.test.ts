import { describe, expect, it } from 'vitest';
import { mulberry32, negativeBinomialDeviate, poissonDeviate } from './random';
import { testSeasonality } from './seasonality-test';

// Planted month multipliers, January first: summer peak (July), February trough. Mean 1.
const RAW = [0.85, 0.6, 0.9, 1.0, 1.1, 1.2, 1.5, 1.2, 1.05, 0.95, 0.85, 0.8];
const PLANTED = RAW.map((v) => (v * 12) / RAW.reduce((a, b) => a + b, 0));

function seasonalSeries(seed: number, months: number, base: number, startMonth = 1): number[] {
  const rng = mulberry32(seed);
  return Array.from({ length: months }, (_, i) => {
    const m = (startMonth - 1 + i) % 12;
    const trend = 1 + (0.3 * i) / months;
    return poissonDeviate(base * trend * (PLANTED[m] ?? 1), rng);
  });
}

describe('planted seasonality is recovered', () => {
  it('finds the pattern, its peak and trough, and the indices', () => {
    const r = testSeasonality(seasonalSeries(1, 48, 40));
    expect(r.seasonal).toBe(true);
    expect(r.p_value).toBeLessThan(1e-6);
    expect(r.peak_month).toBe(7);
    expect(r.trough_month).toBe(2);
    expect(r.indices).toHaveLength(12);
    const indices = r.indices ?? [];
    expect(indices.reduce((a, b) => a + b, 0) / 12).toBeCloseTo(1, 12);
    // Each index is estimated from 4 months of ~40 counts: SE ~ 1/sqrt(160) ~ 8%.
    indices.forEach((v, m) => expect(Math.abs(v - (PLANTED[m] ?? 0))).toBeLessThan(0.2));
    expect(r.peak_index).toBe(Math.max(...indices));
    expect(r.trough_index).toBe(Math.min(...indices));
  });

  it('reports indices January first when the series starts in April', () => {
    const r = testSeasonality(seasonalSeries(2, 48, 40, 4), { startMonth: 4 });
    expect(r.seasonal).toBe(true);
    expect(r.peak_month).toBe(7);
    expect(r.trough_month).toBe(2);
  });

  it('detects the pattern at low counts most of the time (power sanity check)', () => {
    let hits = 0;
    for (let seed = 1; seed <= 50; seed++) if (testSeasonality(seasonalSeries(100 + seed, 36, 10)).seasonal) hits++;
    expect(hits).toBeGreaterThanOrEqual(30);
  });
});

describe('false-positive rate on non-seasonal series is close to alpha', () => {
  const SEEDS = 400;
  // Binomial(400, 0.05): SD = 0.011, so 0.08 is about +2.7 SD. The test is
  // deliberately a little conservative under pure Poisson noise (the F test is
  // used whenever the estimated dispersion happens to exceed 1, the chi-square
  // otherwise; observed rates ~0.02-0.03), so the lower bound only guards
  // against a degenerate test that never rejects.
  const LOW = 0.01;
  const HIGH = 0.08;

  function rate(make: (seed: number) => number[]): number {
    let positives = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = testSeasonality(make(seed));
      expect(r.seasonal).not.toBeNull();
      if (r.seasonal) positives++;
    }
    return positives / SEEDS;
  }

  it('flat Poisson series', () => {
    const fp = rate((seed) => {
      const rng = mulberry32(seed);
      return Array.from({ length: 36 }, () => poissonDeviate(15, rng));
    });
    expect(fp).toBeGreaterThanOrEqual(LOW);
    expect(fp).toBeLessThanOrEqual(HIGH);
  });

  it('Poisson series with a strong trend', () => {
    const fp = rate((seed) => {
      const rng = mulberry32(10_000 + seed);
      return Array.from({ length: 36 }, (_, i) => poissonDeviate(10 * Math.exp((1.0 * i) / 36), rng));
    });
    expect(fp).toBeGreaterThanOrEqual(LOW);
    expect(fp).toBeLessThanOrEqual(HIGH);
  });

  it('low-count Poisson series (mean 2)', () => {
    const fp = rate((seed) => {
      const rng = mulberry32(30_000 + seed);
      return Array.from({ length: 36 }, () => poissonDeviate(2, rng));
    });
    expect(fp).toBeGreaterThanOrEqual(LOW / 2);
    expect(fp).toBeLessThanOrEqual(HIGH);
  });

  it('overdispersed (negative binomial) series: the quasi-Poisson adjustment holds the rate', () => {
    const fp = rate((seed) => {
      const rng = mulberry32(20_000 + seed);
      return Array.from({ length: 48 }, () => negativeBinomialDeviate(20, 4, rng));
    });
    // A plain Poisson LRT would reject far more often here (variance 5x the mean).
    expect(fp).toBeLessThanOrEqual(HIGH);
  });
});

describe('no verdict without enough data', () => {
  it('fewer than 24 months', () => {
    const r = testSeasonality(Array.from({ length: 23 }, () => 5));
    expect(r.seasonal).toBeNull();
    expect(r.p_value).toBeNull();
    expect(r.indices).toBeNull();
    expect(r.reason).toMatch(/24 months/);
  });
  it('missing months do not count towards the 24', () => {
    const x: (number | null)[] = Array.from({ length: 30 }, () => 5);
    for (let i = 0; i < 8; i++) x[i] = null;
    expect(testSeasonality(x).reason).toMatch(/has 22/);
  });
  it('all-zero series', () => {
    expect(testSeasonality(new Array<number>(36).fill(0)).reason).toMatch(/zero/);
  });
  it('zero-count months are data, not missing', () => {
    const rng = mulberry32(9);
    const x = Array.from({ length: 36 }, (_, i) => (i % 12 === 0 ? 0 : poissonDeviate(8, rng)));
    const r = testSeasonality(x);
    expect(r.seasonal).toBe(true);
    expect(r.trough_month).toBe(1);
    expect(r.trough_index).toBeLessThan(1e-3);
  });
});
