/**
 * Rate intervals against PHEindicatormethods' test workbooks (../shared/peers/phe):
 * phe_rate's crude rates (exact Poisson under 10 events, Byar's from 10) and the
 * interval functions alone, at 95% and 99.8%.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byarsLimits, compareRate, exactPoissonLimits, rateInterval } from './rate-interval';
import { regularizedGammaP } from './series/distributions';

const peers = resolve(import.meta.dirname, '../../../shared/peers/phe');

interface Expected {
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  lower99_8?: number | null;
  upper99_8?: number | null;
  method?: string | null;
}
const rates = JSON.parse(readFileSync(resolve(peers, 'rates_byars_exact.json'), 'utf8')) as {
  tolerance: { relative: number };
  cases: { id: string; inputs: { numerator: number | null; denominator: number | null }; multiplier: number; expected: Expected }[];
  grouped_cases: { area: string; summed_numerator: number | null; summed_denominator: number | null; expected: Expected }[];
};
const unit = JSON.parse(readFileSync(resolve(peers, 'byars_wilson_unit.json'), 'utf8')) as {
  tolerance: { relative: number };
  cases: { id: string; method: string; inputs: { x: number }; confidence: number; expected: { lowercl?: number; uppercl: number }; notes: string }[];
};

function expectRelative(actual: number | undefined, expected: number | null | undefined, relative: number): void {
  expect(expected).toBeTypeOf('number');
  const want = expected ?? Number.NaN;
  expect(Math.abs((actual ?? Number.NaN) - want)).toBeLessThanOrEqual(relative * Math.abs(want) + 1e-15);
}

describe('rate intervals against PHEindicatormethods', () => {
  const tol = rates.tolerance.relative;

  it('phe_rate cases: method, 95% and 99.8% limits at x100 and x100,000', () => {
    let checked = 0;
    for (const c of rates.cases) {
      const { numerator, denominator } = c.inputs;
      if (numerator === null || denominator === null) {
        // PHE gives NA without a numerator or denominator; a pivot has no rate there either.
        expect(c.expected.lower95).toBeNull();
        continue;
      }
      const i95 = rateInterval(numerator, denominator, c.multiplier, 95);
      const i998 = rateInterval(numerator, denominator, c.multiplier, 99.8);
      expect(i95?.method, c.id).toBe(c.expected.method === 'Exact' ? 'exact' : 'byars');
      expectRelative(i95?.lower, c.expected.lower95, tol);
      expectRelative(i95?.upper, c.expected.upper95, tol);
      expectRelative(i998?.lower, c.expected.lower99_8, tol);
      expectRelative(i998?.upper, c.expected.upper99_8, tol);
      checked++;
    }
    expect(checked).toBe(17);
  });

  it('grouped cases: summed numerators and denominators', () => {
    let checked = 0;
    for (const c of rates.grouped_cases) {
      if (c.summed_numerator === null || c.summed_denominator === null || c.expected.lower95 === null) continue;
      // The grouped sheet's multiplier is PHE's default, 100,000.
      const interval = rateInterval(c.summed_numerator, c.summed_denominator, 100_000, 95);
      expectRelative(interval?.lower, c.expected.lower95, tol);
      expectRelative(interval?.upper, c.expected.upper95, tol);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it("Byar's limits alone, on the count scale (even under 10 events, as the unit sheet applies them)", () => {
    const byars = unit.cases.filter((c) => c.method === 'Byars' && !c.notes.includes('NOT asserted'));
    expect(byars).toHaveLength(6);
    for (const c of byars) {
      const limits = byarsLimits(c.inputs.x, c.confidence);
      expectRelative(limits.lower, c.expected.lowercl, unit.tolerance.relative);
      expectRelative(limits.upper, c.expected.uppercl, unit.tolerance.relative);
    }
  });
});

describe('exact Poisson limits', () => {
  it('are the gamma quantiles: P(x, lower) = 2.5% and P(x + 1, upper) = 97.5%', () => {
    for (const x of [1, 2, 3, 5, 9, 25, 120]) {
      const { lower, upper } = exactPoissonLimits(x, 95);
      expect(regularizedGammaP(x, lower)).toBeCloseTo(0.025, 12);
      expect(regularizedGammaP(x + 1, upper)).toBeCloseTo(0.975, 12);
    }
  });

  it('no events: the lower limit is 0 and the upper -ln(0.025)', () => {
    const { lower, upper } = exactPoissonLimits(0, 95);
    expect(lower).toBe(0);
    expect(upper).toBeCloseTo(-Math.log(0.025), 12);
    expect(rateInterval(0, 20_000, 1000)?.upper).toBeCloseTo((-Math.log(0.025) * 1000) / 20_000, 12);
  });

  it('no population: no interval', () => {
    expect(rateInterval(5, 0, 1000)).toBeNull();
  });
});

describe('comparing with a benchmark', () => {
  it('higher or lower only when the benchmark is outside the interval', () => {
    expect(compareRate({ lower: 10, upper: 12 }, 9.9)).toBe('higher');
    expect(compareRate({ lower: 10, upper: 12 }, 10)).toBe('similar');
    expect(compareRate({ lower: 10, upper: 12 }, 12.1)).toBe('lower');
  });
});
