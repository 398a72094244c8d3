import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stl, stlParameters, type LoessDegree } from './stl';

const FIXTURE = path.resolve(import.meta.dirname, '../../../../shared/peers/seasonal/stl.json');

interface Params {
  win: { s: number; t: number; l: number };
  deg: { s: LoessDegree; t: LoessDegree; l: LoessDegree };
  jump: { s: number; t: number; l: number };
  inner: number;
  outer: number;
}
interface Fixture {
  series: Record<string, { frequency: number; values: number[] }>;
  cases: {
    id: string;
    series: string;
    r_call: string;
    r_effective_params: Params;
    expected: { seasonal: number[]; trend: number[]; remainder: number[] };
  }[];
}

const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture;

function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  expect(a).toHaveLength(b.length);
  return b.reduce((m, e, i) => Math.max(m, Math.abs((a[i] ?? Number.NaN) - e)), 0);
}

// Tolerance from the fixture: "absolute 1e-6 x series scale" when reimplementing
// R's stl exactly. We take scale = max |x|, and also report the raw difference.
describe('stl matches R stats::stl (stl.json)', () => {
  it('has cases to check', () => expect(fixture.cases.length).toBeGreaterThanOrEqual(4));
  for (const c of fixture.cases) {
    const series = fixture.series[c.series];
    if (!series) throw new Error(`missing series ${c.series}`);
    const periodic = c.r_call.includes('"periodic"');
    const sWindow = periodic ? 'periodic' : c.r_effective_params.win.s;

    it(`${c.id}: R's default parameters are reproduced`, () => {
      const p = stlParameters(series.values.length, { period: series.frequency, sWindow });
      expect(p.window).toEqual(c.r_effective_params.win);
      expect(p.degree).toEqual(c.r_effective_params.deg);
      expect(p.jump).toEqual(c.r_effective_params.jump);
      expect(p.inner).toBe(c.r_effective_params.inner);
      expect(p.outer).toBe(c.r_effective_params.outer);
    });

    it(`${c.id}: components within 1e-6 x scale`, () => {
      const e = c.r_effective_params;
      // Pass every parameter explicitly, as the fixture gives them.
      const result = stl(series.values, {
        period: series.frequency,
        sWindow,
        sDegree: e.deg.s,
        tWindow: e.win.t,
        tDegree: e.deg.t,
        lWindow: e.win.l,
        lDegree: e.deg.l,
        sJump: e.jump.s,
        tJump: e.jump.t,
        lJump: e.jump.l,
        inner: e.inner,
        outer: e.outer,
      });
      const scale = Math.max(...series.values.map(Math.abs));
      const tol = 1e-6 * scale;
      expect(maxAbsDiff(result.trend, c.expected.trend)).toBeLessThanOrEqual(tol);
      expect(maxAbsDiff(result.seasonal, c.expected.seasonal)).toBeLessThanOrEqual(tol);
      expect(maxAbsDiff(result.remainder, c.expected.remainder)).toBeLessThanOrEqual(tol);
      // Same algorithm as R's Fortran, so in practice the gap is rounding only (~5e-13).
      expect(maxAbsDiff(result.trend, c.expected.trend)).toBeLessThanOrEqual(1e-9);
      expect(maxAbsDiff(result.seasonal, c.expected.seasonal)).toBeLessThanOrEqual(1e-9);
    });
  }
});

describe('stl behaviour', () => {
  const base = Array.from({ length: 96 }, (_, i) => 100 + 0.5 * i + 12 * Math.sin((2 * Math.PI * i) / 12) + ((i * 37) % 11) - 5);

  it('components add back to the data', () => {
    const r = stl(base, { sWindow: 13 });
    r.trend.forEach((t, i) => expect(t + (r.seasonal[i] ?? 0) + (r.remainder[i] ?? 0)).toBeCloseTo(base[i] ?? 0, 10));
  });

  it('periodic seasonal is exactly periodic', () => {
    const r = stl(base, { sWindow: 'periodic' });
    for (let i = 12; i < base.length; i++) expect(r.seasonal[i]).toBe(r.seasonal[i - 12]);
  });

  it('robust fitting down-weights a gross outlier and keeps the trend clean', () => {
    const spiked = [...base];
    spiked[50] = (spiked[50] ?? 0) + 400;
    const plain = stl(spiked, { sWindow: 13 });
    const robust = stl(spiked, { sWindow: 13, robust: true });
    expect(robust.parameters.outer).toBe(15);
    expect(robust.parameters.inner).toBe(1);
    expect(robust.weights[50]).toBe(0);
    const clean = stl(base, { sWindow: 13 });
    const drift = (r: typeof plain): number => Math.abs((r.trend[50] ?? 0) - (clean.trend[50] ?? 0));
    expect(drift(robust)).toBeLessThan(drift(plain) / 5);
    expect(robust.remainder[50]).toBeGreaterThan(350);
  });

  it('rejects incomplete series', () => {
    expect(() => stl([1, 2, 3], { sWindow: 7 })).toThrow(RangeError);
    const gap = [...base];
    gap[3] = Number.NaN;
    expect(() => stl(gap, { sWindow: 7 })).toThrow(RangeError);
  });
});
