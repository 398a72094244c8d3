import { describe, expect, it } from 'vitest';
import { fitHoltWinters, forecastHoltWinters } from './forecast';
import { mulberry32, normalDeviate, type Rng } from './random';

const HISTORY = 60;
const HORIZON = 6;
const NOISE = 4;

/** Planted truth: linear trend plus a fixed seasonal wave. */
function truth(t: number): number {
  return 50 + 0.5 * t + 10 * Math.sin((2 * Math.PI * t) / 12) + 5 * Math.cos((4 * Math.PI * t) / 12);
}

function simulate(rng: Rng, length: number): number[] {
  return Array.from({ length }, (_, t) => truth(t) + NOISE * normalDeviate(rng));
}

describe('Holt-Winters (additive) forecast', () => {
  it('recovers a noise-free trend + seasonal series exactly', () => {
    const wave = [3, -1, 4, -1, -5, 9, -2, 6, -5, 3, -5, -6];
    const exact = (t: number): number => 20 + 2 * t + (wave[t % 12] ?? Number.NaN);
    const y = Array.from({ length: 48 }, (_, t) => exact(t));
    const f = forecastHoltWinters(y, { horizon: 6 });
    for (const p of f.points) expect(p.mean).toBeCloseTo(exact(47 + p.step), 6);
    expect(f.sigma).toBeLessThan(1e-6);
  });

  it('tracks the planted truth six months ahead', () => {
    let sumAbs = 0;
    let count = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rng = mulberry32(seed);
      const y = simulate(rng, HISTORY);
      const f = forecastHoltWinters(y, { horizon: HORIZON, nonNegative: false });
      for (const p of f.points) {
        sumAbs += Math.abs(p.mean - truth(HISTORY - 1 + p.step));
        count++;
      }
    }
    // Mean absolute error against the noise-free truth, well under the noise SD of 4.
    expect(sumAbs / count).toBeLessThan(0.75 * NOISE);
  });

  function coverage(history: number, seeds: number): number {
    let covered = 0;
    let total = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const rng = mulberry32(1000 + seed);
      const all = simulate(rng, history + HORIZON);
      const f = forecastHoltWinters(all.slice(0, history), { horizon: HORIZON, nonNegative: false });
      for (const p of f.points) {
        const actual = all[history - 1 + p.step] ?? Number.NaN;
        if (actual >= p.lower && actual <= p.upper) covered++;
        total++;
      }
    }
    return covered / total;
  }

  // Each check is 300 seeds x 6 steps = 1800 future values (correlated within a seed);
  // the binomial SD at 0.95 would be 0.005, so [0.925, 0.975] leaves room for that correlation.
  it('95% intervals cover about 95% of future simulated values (60 months of history)', () => {
    const c = coverage(60, 300);
    expect(c).toBeGreaterThanOrEqual(0.925);
    expect(c).toBeLessThanOrEqual(0.975);
  });

  it('coverage holds up with a short history (36 months)', () => {
    const c = coverage(36, 200);
    expect(c).toBeGreaterThanOrEqual(0.91);
    expect(c).toBeLessThanOrEqual(0.98);
  });

  it('intervals widen with the horizon and are symmetric about the mean', () => {
    const rng = mulberry32(5);
    const f = forecastHoltWinters(simulate(rng, HISTORY), { nonNegative: false });
    const widths = f.points.map((p) => p.upper - p.lower);
    widths.slice(1).forEach((w, i) => expect(w).toBeGreaterThanOrEqual((widths[i] ?? 0) - 1e-12));
    f.points.forEach((p) => expect(p.upper - p.mean).toBeCloseTo(p.mean - p.lower, 10));
    expect(f.points).toHaveLength(6);
  });

  it('fitted parameters minimise the SSE (no better point on a fine grid)', () => {
    const rng = mulberry32(6);
    const y = simulate(rng, HISTORY);
    const p = fitHoltWinters(y);
    const best = forecastHoltWinters(y, { params: p }).sse;
    for (let a = 0; a <= 1; a += 0.1) {
      for (let b = 0; b <= 1; b += 0.1) {
        for (let g = 0; g <= 1; g += 0.1) {
          const sse = forecastHoltWinters(y, { params: { alpha: a, beta: b, gamma: g } }).sse;
          expect(sse).toBeGreaterThanOrEqual(best * (1 - 1e-6));
        }
      }
    }
  });

  it('handles missing months and floors counts at zero', () => {
    const y: (number | null)[] = Array.from({ length: 40 }, (_, t) => Math.max(0, 3 + (t % 12 === 0 ? 6 : 0) - t * 0.05));
    y[30] = null;
    const f = forecastHoltWinters(y);
    expect(f.fitted[30]).not.toBeNull();
    for (const p of f.points) {
      expect(p.lower).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(p.mean)).toBe(true);
    }
  });

  it('needs two full cycles plus six values', () => {
    expect(() => forecastHoltWinters(new Array<number>(29).fill(1))).toThrow(RangeError);
    expect(() => forecastHoltWinters(Array.from({ length: 30 }, (_, i) => i % 5))).not.toThrow();
  });

  it("Holt's linear option (no seasonality) extrapolates a noisy line", () => {
    const rng = mulberry32(12);
    const y = Array.from({ length: 48 }, (_, t) => 30 + 0.8 * t + 2 * normalDeviate(rng));
    const f = forecastHoltWinters(y, { seasonal: false, nonNegative: false });
    expect(f.method).toBe('holt-linear');
    expect(f.params.gamma).toBe(0);
    for (const p of f.points) {
      const t = 47 + p.step;
      expect(Math.abs(p.mean - (30 + 0.8 * t))).toBeLessThan(4);
      expect(p.lower).toBeLessThan(30 + 0.8 * t);
      expect(p.upper).toBeGreaterThan(30 + 0.8 * t);
    }
  });
});
