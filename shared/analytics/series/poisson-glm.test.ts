import { describe, expect, it } from 'vitest';
import { fitPoissonGlm, poissonDeviance } from './poisson-glm';
import { mulberry32, poissonDeviate } from './random';

describe('Poisson GLM by IRLS', () => {
  it('group-only model reproduces the closed-form MLE (fitted = group means)', () => {
    // Three groups, treatment coding: MLE of a saturated-by-group model is the group mean.
    const y = [3, 5, 4, 10, 12, 11, 0, 1, 2];
    const group = [0, 0, 0, 1, 1, 1, 2, 2, 2];
    const x = group.map((g) => [1, g === 1 ? 1 : 0, g === 2 ? 1 : 0]);
    const fit = fitPoissonGlm(y, x);
    const means = [4, 11, 1];
    fit.fitted.forEach((m, i) => expect(m).toBeCloseTo(means[group[i] ?? 0] ?? 0, 8));
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(4), 8);
    expect(fit.coefficients[1]).toBeCloseTo(Math.log(11 / 4), 8);
    expect(fit.deviance).toBeCloseTo(poissonDeviance(y, group.map((g) => means[g] ?? 0)), 8);
    expect(fit.converged).toBe(true);
  });

  it('satisfies the score equations X^T (y - mu) = 0 with a trend term', () => {
    const rng = mulberry32(11);
    const n = 48;
    const x = Array.from({ length: n }, (_, i) => [1, (i - 23.5) / n, i % 12 === 6 ? 1 : 0]);
    const y = x.map((row) => poissonDeviate(Math.exp(2.5 + 0.8 * (row[1] ?? 0) + 0.4 * (row[2] ?? 0)), rng));
    const fit = fitPoissonGlm(y, x);
    for (let c = 0; c < 3; c++) {
      const score = y.reduce((s, yi, i) => s + (x[i]?.[c] ?? 0) * (yi - (fit.fitted[i] ?? 0)), 0);
      expect(Math.abs(score)).toBeLessThan(1e-6);
    }
    expect(fit.dfResidual).toBe(45);
  });

  it('copes with an all-zero group (coefficient diverges like R, deviance converges)', () => {
    const y = [0, 0, 0, 5, 6, 7];
    const x = y.map((_, i) => [1, i < 3 ? 1 : 0]);
    const fit = fitPoissonGlm(y, x);
    expect(fit.fitted[0]).toBeLessThan(1e-6);
    expect(fit.fitted[4]).toBeCloseTo(6, 6);
    expect(Number.isFinite(fit.deviance)).toBe(true);
    expect(fit.deviance).toBeCloseTo(poissonDeviance([5, 6, 7], [6, 6, 6]), 5);
  });

  it('rejects negative counts', () => {
    expect(() => fitPoissonGlm([1, -1], [[1], [1]])).toThrow(RangeError);
  });
});
