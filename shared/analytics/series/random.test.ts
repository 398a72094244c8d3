import { describe, expect, it } from 'vitest';
import { gammaDeviate, mulberry32, negativeBinomialDeviate, normalDeviate, poissonDeviate } from './random';

function moments(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

describe('seeded random numbers', () => {
  it('is reproducible and seed-dependent', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const sa = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(sa);
    expect(c()).not.toBe(sa[0]);
  });

  it('uniforms lie in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = mulberry32(1);
    const xs = Array.from({ length: 20000 }, () => rng());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const m = moments(xs);
    // SE of the mean = sqrt(1/12/20000) ~ 0.002; allow 4 SE.
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(0.008);
    expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(0.003);
  });

  it('normal deviates have mean 0 and variance 1', () => {
    const rng = mulberry32(2);
    const m = moments(Array.from({ length: 20000 }, () => normalDeviate(rng)));
    expect(Math.abs(m.mean)).toBeLessThan(0.03);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.04);
  });

  it.each([0.5, 4, 29.5, 75])('Poisson(%d) has mean and variance lambda', (lambda) => {
    const rng = mulberry32(3);
    const xs = Array.from({ length: 20000 }, () => poissonDeviate(lambda, rng));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    const m = moments(xs);
    // SE(mean) = sqrt(lambda / 20000); allow 4 SE. Variance: SE ~ lambda*sqrt(2/20000) (+ small kurtosis term).
    expect(Math.abs(m.mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / 20000));
    expect(Math.abs(m.variance / lambda - 1)).toBeLessThan(0.06);
  });

  it('Poisson(0) is always 0', () => {
    const rng = mulberry32(4);
    expect(poissonDeviate(0, rng)).toBe(0);
  });

  it.each([0.5, 2, 9])('Gamma(%d) has mean and variance equal to the shape', (shape) => {
    const rng = mulberry32(5);
    const m = moments(Array.from({ length: 20000 }, () => gammaDeviate(shape, rng)));
    expect(Math.abs(m.mean - shape)).toBeLessThan(4 * Math.sqrt(shape / 20000));
    expect(Math.abs(m.variance / shape - 1)).toBeLessThan(0.08);
  });

  it('negative binomial has variance mean + mean^2 / size', () => {
    const rng = mulberry32(6);
    const m = moments(Array.from({ length: 20000 }, () => negativeBinomialDeviate(20, 5, rng)));
    expect(Math.abs(m.mean - 20)).toBeLessThan(0.3);
    expect(Math.abs(m.variance / (20 + 400 / 5) - 1)).toBeLessThan(0.08);
  });
});
