import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mannKendall, seasonalMannKendall, sensSlope } from './mann-kendall';

const FIXTURE = path.resolve(import.meta.dirname, '../../../../shared/peers/mannkendall/pymannkendall_cases.json');

interface Expected {
  trend?: string;
  h?: boolean;
  p?: number;
  z?: number;
  Tau?: number;
  s?: number;
  var_s?: number;
  slope?: number;
  intercept?: number;
}
interface Fixture {
  data: Record<string, { values?: (number | null | (number | null)[])[]; rows?: [string, number | null][] }>;
  cases: { id: string; data: string; function: string; expected: Expected }[];
}

const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture;

function series(name: string): (number | null)[] {
  const d = fixture.data[name];
  if (!d) throw new Error(`no data ${name}`);
  if (d.rows) return d.rows.map((r) => r[1]);
  return (d.values ?? []).map((v) => (typeof v === 'number' ? v : null));
}

function caseById(id: string): { data: string; expected: Expected } {
  const c = fixture.cases.find((k) => k.id === id);
  if (!c) throw new Error(`no case ${id}`);
  return c;
}

function rel(actual: number, expected: number, tol: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected));
}

// Fixture tolerances: s exact, var_s and Tau relative 1e-12, z relative 1e-10,
// p absolute 1e-12, slope/intercept relative 1e-12.
function checkTest(
  r: { s: number; varS: number; tau: number; z: number; p: number; h: boolean; trend: string; slope: number; intercept: number },
  e: Expected,
): void {
  if (e.s !== undefined) expect(r.s).toBe(e.s);
  if (e.var_s !== undefined) rel(r.varS, e.var_s, 1e-12);
  if (e.Tau !== undefined) rel(r.tau, e.Tau, 1e-12);
  if (e.z !== undefined) rel(r.z, e.z, 1e-10);
  if (e.p !== undefined) expect(Math.abs(r.p - e.p)).toBeLessThanOrEqual(1e-12);
  if (e.h !== undefined) expect(r.h).toBe(e.h);
  if (e.trend !== undefined) expect(r.trend).toBe(e.trend);
  if (e.slope !== undefined) rel(r.slope, e.slope, 1e-12);
  if (e.intercept !== undefined) rel(r.intercept, e.intercept, 1e-12);
}

describe('Mann-Kendall matches pyMannKendall (pymannkendall_cases.json)', () => {
  it('arbitrary_360 original test (7 missing values dropped)', () => {
    const c = caseById('arbitrary360_original');
    const x = series(c.data);
    expect(x.filter((v) => v === null)).toHaveLength(7);
    const r = mannKendall(x);
    expect(r.n).toBe(353);
    checkTest(r, c.expected);
  });

  it("arbitrary_360 Sen's slope keeps original time positions", () => {
    const c = caseById('arbitrary360_sens');
    const r = sensSlope(series(c.data));
    rel(r.slope, c.expected.slope ?? Number.NaN, 1e-12);
    rel(r.intercept, c.expected.intercept ?? Number.NaN, 1e-12);
  });

  it('arbitrary_360 seasonal test (period 12)', () => {
    const c = caseById('arbitrary360_seasonal');
    checkTest(seasonalMannKendall(series(c.data), 12), c.expected);
  });

  it('daily female births 1959: test, slope and intercept', () => {
    const c = caseById('births_original');
    checkTest(mannKendall(series(c.data)), c.expected);
  });

  it('shampoo sales', () => {
    const c = caseById('shampoo_plain_mk_computed_here');
    checkTest(mannKendall(series(c.data)), c.expected);
  });

  it('air passengers seasonal test (p underflows to 0 in the peer; ours is ~1e-54)', () => {
    const c = caseById('airpassengers_seasonal');
    checkTest(seasonalMannKendall(series(c.data), 12), c.expected);
  });

  it('S and Tau agree with the Hamed-Rao case (same S, Tau and slope; the variance correction is not implemented)', () => {
    const c = caseById('shampoo_hamed_rao');
    const r = mannKendall(series(c.data));
    expect(r.s).toBe(c.expected.s);
    rel(r.tau, c.expected.Tau ?? Number.NaN, 1e-12);
    rel(r.slope, c.expected.slope ?? Number.NaN, 1e-12);
  });
});

describe('Mann-Kendall edge cases', () => {
  it('a constant series has no trend and p = 1', () => {
    const r = mannKendall([5, 5, 5, 5, 5]);
    expect(r.s).toBe(0);
    expect(r.varS).toBe(0);
    expect(r.z).toBe(0);
    expect(r.p).toBe(1);
    expect(r.trend).toBe('no trend');
  });
  it('hand-worked small example with a tie', () => {
    // x = 1, 3, 2, 3: pairs (1,3)+ (1,2)+ (1,3)+ (3,2)- (3,3)0 (2,3)+ -> S = 3.
    // var = [4*3*13 - 2*1*9]/18 = (156 - 18)/18 = 7.666...
    const r = mannKendall([1, 3, 2, 3]);
    expect(r.s).toBe(3);
    expect(r.varS).toBeCloseTo(138 / 18, 14);
    expect(r.z).toBeCloseTo(2 / Math.sqrt(138 / 18), 14);
    expect(r.tau).toBeCloseTo(0.5, 14);
  });
  it('seasonal test pads a partial final year', () => {
    const x = Array.from({ length: 30 }, (_, i) => i + (i % 12) * 3);
    const r = seasonalMannKendall(x, 12);
    // 6 seasons with 3 values, 6 with 2: S = 6*3 + 6*1 = 24.
    expect(r.s).toBe(24);
    expect(r.n).toBe(30);
    expect(r.slope).toBeCloseTo(12, 12);
  });
});
