import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decompose } from './decompose';

const FIXTURE = path.resolve(import.meta.dirname, '../../../../shared/peers/seasonal/decompose_classical.json');

interface Fixture {
  tolerance: { absolute: number };
  series: Record<string, { start: [number, number]; frequency: number; values: number[] }>;
  cases: {
    id: string;
    series: string;
    call: string;
    expected: { trend: (number | null)[]; seasonal: number[]; random: (number | null)[]; figure: number[] };
  }[];
}

const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture;
const tol = fixture.tolerance.absolute;

function expectSeriesClose(actual: readonly (number | null)[], expected: readonly (number | null)[]): void {
  expect(actual).toHaveLength(expected.length);
  let worst = 0;
  expected.forEach((e, i) => {
    const a = actual[i] ?? null;
    if (e === null) {
      expect(a, `position ${i} should be NA`).toBeNull();
      return;
    }
    expect(a, `position ${i} should be present`).not.toBeNull();
    worst = Math.max(worst, Math.abs((a ?? Number.NaN) - e));
  });
  expect(worst).toBeLessThanOrEqual(tol);
}

describe('decompose matches R stats::decompose (decompose_classical.json)', () => {
  it('has cases to check', () => expect(fixture.cases.length).toBeGreaterThanOrEqual(3));
  for (const c of fixture.cases) {
    it(c.id, () => {
      const series = fixture.series[c.series];
      expect(series).toBeDefined();
      if (!series) return;
      const type = c.call.includes('multiplicative') ? 'multiplicative' : 'additive';
      const result = decompose(series.values, { type, period: series.frequency });
      expectSeriesClose(result.trend, c.expected.trend);
      expectSeriesClose(result.seasonal, c.expected.seasonal);
      expectSeriesClose(result.random, c.expected.random);
      expectSeriesClose(result.figure, c.expected.figure);
    });
  }
});

describe('decompose conventions', () => {
  it('normalises the figure to sum 0 (additive) and mean 1 (multiplicative)', () => {
    const x = Array.from({ length: 48 }, (_, i) => 50 + i + 10 * Math.sin((2 * Math.PI * i) / 12) + ((i * 7) % 5));
    const add = decompose(x, { type: 'additive' });
    expect(add.figure.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    const mult = decompose(x, { type: 'multiplicative' });
    expect(mult.figure.reduce((a, b) => a + b, 0) / 12).toBeCloseTo(1, 12);
  });
  it('propagates missing values into the trend like R (NA in any window)', () => {
    const x: (number | null)[] = Array.from({ length: 36 }, (_, i) => 10 + (i % 12));
    x[18] = null;
    const d = decompose(x);
    // Windows centred on 12..24 reach index 18.
    expect(d.trend[11]).not.toBeNull();
    for (let i = 12; i <= 24; i++) expect(d.trend[i]).toBeNull();
    expect(d.trend[25]).not.toBeNull();
  });
  it('rejects fewer than two periods', () => {
    expect(() => decompose([1, 2, 3])).toThrow(RangeError);
  });
});
