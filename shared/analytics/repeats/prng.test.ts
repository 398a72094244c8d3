import { describe, expect, it } from 'vitest';
import { shuffleInPlace, xoshiro128 } from './prng';

describe('xoshiro128', () => {
  it('is reproducible per seed and differs between seeds', () => {
    const a = xoshiro128(1);
    const b = xoshiro128(1);
    const c = xoshiro128(2);
    const sa = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(sa);
    for (const v of sa) expect(v >>> 0).toBe(v);
  });

  it('gives uniform floats and integers', () => {
    const rng = xoshiro128(123);
    const bins = new Array<number>(10).fill(0);
    const n = 100_000;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      const b = rng.nextInt(10);
      bins[b] = bins[b]! + 1;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    // Chi-square with 9 df: 99.9th percentile is 27.9.
    const chi = bins.reduce((acc, o) => acc + (o - n / 10) ** 2 / (n / 10), 0);
    expect(chi).toBeLessThan(27.9);
    expect(() => rng.nextInt(0)).toThrow(RangeError);
  });

  it('shuffles into a permutation, each position uniformly', () => {
    const rng = xoshiro128(5);
    const counts = Array.from({ length: 4 }, () => new Array<number>(4).fill(0));
    for (let r = 0; r < 8000; r++) {
      const v = new Int32Array([0, 1, 2, 3]);
      shuffleInPlace(v, rng);
      expect([...v].sort()).toEqual([0, 1, 2, 3]);
      v.forEach((value, pos) => counts[pos]![value]!++);
    }
    for (const row of counts) for (const c of row) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });
});
