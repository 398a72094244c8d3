import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32, poissonDeviate } from './random';
import { cChart, movingRangeChart, seasonalExceptions, xmrChart, xmrLimits } from './spc';

const FIXTURE = path.resolve(import.meta.dirname, '../../../../shared/peers/spc/qicharts2_montgomery.json');

interface Summary {
  cl: number;
  lcl: number;
  ucl: number;
  sigma_signal_points_1based: number[];
  runs_signal: boolean;
  longest_run: number;
  longest_run_max: number;
  n_crossings: number;
  n_crossings_min: number;
}
interface Case {
  id: string;
  call: string;
  input: { cost?: number[]; count?: number[] };
  expected: { cl: number[]; lcl: number[]; ucl: number[]; 'sigma.signal': boolean[] };
  expected_summary: Summary;
}

const cases = existsSync(FIXTURE) ? (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { cases: Case[] }).cases : [];

function getCase(id: string): Case {
  const c = cases.find((k) => k.id === id);
  if (!c) throw new Error(`missing case ${id}`);
  return c;
}

function rel(actual: number, expected: number, tol = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

function checkChart(
  r: { limits: { centre: number; lower: number; upper: number }; outside: number[]; runs: { signal: boolean; longestRun: number; longestRunMax: number; crossings: number; crossingsMin: number } },
  c: Case,
): void {
  const e = c.expected_summary;
  // Fixture tolerance: relative 1e-9 for cl/lcl/ucl with sigma = MR̄/1.128; signals exact.
  rel(r.limits.centre, e.cl);
  rel(r.limits.lower, e.lcl);
  rel(r.limits.upper, e.ucl);
  // Per-point limit columns are constant; check them against the summary too.
  expect(new Set(c.expected.cl).size).toBe(1);
  expect(r.outside.map((i) => i + 1)).toEqual(e.sigma_signal_points_1based);
  expect(c.expected['sigma.signal'].flatMap((s, i) => (s ? [i] : []))).toEqual(r.outside);
  expect(r.runs.longestRun).toBe(e.longest_run);
  expect(r.runs.longestRunMax).toBe(e.longest_run_max);
  expect(r.runs.crossings).toBe(e.n_crossings);
  expect(r.runs.crossingsMin).toBe(e.n_crossings_min);
  expect(r.runs.signal).toBe(e.runs_signal);
}

describe.runIf(cases.length > 0)('SPC matches qicharts2 on Montgomery examples (qicharts2_montgomery.json)', () => {
  it('Example 6.5 individuals chart, freeze = 20', () => {
    const c = getCase('montgomery_ex6.5_I_chart');
    checkChart(xmrChart(c.input.cost ?? [], { baseline: 20 }), c);
  });
  it('Example 6.5 moving-range chart, freeze = 20', () => {
    const c = getCase('montgomery_ex6.5_MR_chart');
    checkChart(movingRangeChart(c.input.cost ?? [], { baseline: 20 }), c);
  });
  it('Example 7.3 c-chart, exclude samples 6 and 20, freeze = 26', () => {
    const c = getCase('montgomery_ex7.3_c_chart');
    checkChart(cChart(c.input.count ?? [], { baseline: 26, exclude: [5, 19] }), c);
  });
});

describe('XmR limits by a different route', () => {
  it('hand-computed textbook numbers (Montgomery 6.5 phase I)', () => {
    const phase1 = [310, 288, 297, 298, 307, 303, 294, 297, 308, 306, 294, 299, 297, 299, 314, 295, 293, 306, 301, 304];
    // Σx = 6010 -> x̄ = 300.5; Σ|Δx| over 19 pairs = 148 -> MR̄ = 7.789...
    const mrSum = phase1.slice(1).reduce((s, v, i) => s + Math.abs(v - (phase1[i] ?? 0)), 0);
    expect(mrSum).toBe(148);
    const l = xmrLimits(phase1);
    expect(l.centre).toBe(6010 / 20);
    expect(l.mrBar).toBeCloseTo(148 / 19, 12);
    // NHS 2.66 × MR̄ route agrees to ~1.6e-4 relative (the printed textbook rounding).
    expect(Math.abs(l.upper - (300.5 + 2.66 * (148 / 19))) / l.upper).toBeLessThan(2e-4);
    expect(l.upper).toBeCloseTo(321.22, 2);
    expect(l.lower).toBeCloseTo(279.78, 2);
  });
});

describe('seasonal exceptions for the product', () => {
  const indices = [0.8, 0.7, 0.9, 1.0, 1.1, 1.2, 1.4, 1.3, 1.0, 0.9, 0.85, 0.85];

  function series(seed: number, months = 48): number[] {
    const rng = mulberry32(seed);
    return Array.from({ length: months }, (_, i) => poissonDeviate(50 * (indices[i % 12] ?? 1), rng));
  }

  it('flags a planted spike and maps limits back with the seasonal index', () => {
    const x = series(7);
    x[30] = 200; // position 30 is July (index 1.4, level ~70); 200 is far outside.
    const r = seasonalExceptions(x, { indices });
    expect(r.exceptions.map((m) => m.position)).toEqual([30]);
    expect(r.exceptions[0]?.flag).toBe('high');
    const july = r.months[30];
    expect(july?.expected).toBeCloseTo(r.limits.centre * 1.4, 10);
    expect(july?.upper).toBeCloseTo(r.limits.upper * 1.4, 10);
    expect(july?.lower).toBeCloseTo(r.limits.lower * 1.4, 10);
    // The centre of the deseasonalised series is near the planted level of 50.
    expect(Math.abs(r.limits.centre - 50)).toBeLessThan(5);
  });

  it('a clean seasonal series has no exceptions once deseasonalised', () => {
    const x = series(8);
    const r = seasonalExceptions(x, { indices });
    expect(r.exceptions).toEqual([]);
    expect(r.months.every((m) => m.flag === null)).toBe(true);
  });

  it('c-chart option, start month and missing months', () => {
    const x: (number | null)[] = series(9, 36);
    x[5] = null;
    const r = seasonalExceptions(x, { indices, chart: 'c', startMonth: 4 });
    expect(r.chart).toBe('c');
    expect(r.limits.upper - r.limits.centre).toBeCloseTo(3 * Math.sqrt(r.limits.centre), 10);
    expect(r.months[5]?.flag).toBeNull();
    // Position 0 is April (index 1.0); position 3 is July (1.4).
    expect(r.months[3]?.expected).toBeCloseTo(r.limits.centre * 1.4, 10);
    expect(r.months[0]?.upper).toBeCloseTo(r.limits.upper * 1.0, 10);
  });

  it('floors the lower limit at zero for counts', () => {
    const r = seasonalExceptions([0, 5, 0, 6, 0, 7, 0, 5]);
    expect(r.limits.lower).toBe(0);
  });
});
