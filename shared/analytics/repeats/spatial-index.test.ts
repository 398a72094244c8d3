import { describe, expect, it } from 'vitest';
import { distanceFunction, type DistanceMetric } from './coordinates';
import { xoshiro128 } from './prng';
import { buildGridIndex, pairsWithin, type PairList } from './spatial-index';

function bruteForce(x: number[], y: number[], radius: number, metric: DistanceMetric): string[] {
  const dist = distanceFunction(metric);
  const out: string[] = [];
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const d = dist(x[i]!, y[i]!, x[j]!, y[j]!);
      if (d <= radius) out.push(`${i}-${j}-${d}`);
    }
  }
  return out.sort();
}

function keys(p: PairList): string[] {
  const out: string[] = [];
  for (let k = 0; k < p.count; k++) out.push(`${p.i[k]}-${p.j[k]}-${p.distance[k]}`);
  return out.sort();
}

describe('pairsWithin', () => {
  it.each([
    ['euclidean', 50, 400, 1000],
    ['manhattan', 50, 400, 1000],
    ['euclidean', 0.5, 300, 100], // tiny radius: cells widened, still exact
    ['manhattan', 2000, 200, 1000], // radius larger than the extent
  ] as const)('matches brute force (%s, radius %s, %s points)', (metric, radius, n, side) => {
    const rng = xoshiro128(n + radius);
    const x = Array.from({ length: n }, () => rng.next() * side);
    const y = Array.from({ length: n }, () => rng.next() * side);
    const found = pairsWithin({ x, y }, radius, metric);
    expect(keys(found)).toEqual(bruteForce(x, y, radius, metric));
    for (let k = 0; k < found.count; k++) expect(found.i[k]!).toBeLessThan(found.j[k]!);
  });

  it('handles duplicates, lines of points, radius 0 and points exactly on the radius', () => {
    const x = [0, 0, 0, 100, 200, 300, 300];
    const y = [0, 0, 0, 0, 0, 0, 0];
    expect(keys(pairsWithin({ x, y }, 0))).toEqual(bruteForce(x, y, 0, 'euclidean'));
    expect(keys(pairsWithin({ x, y }, 100))).toEqual(bruteForce(x, y, 100, 'euclidean'));
    expect(pairsWithin({ x: [], y: [] }, 10).count).toBe(0);
    expect(pairsWithin({ x: [5], y: [5] }, 10).count).toBe(0);
  });

  it('keeps the grid small for a tiny radius and rejects bad input', () => {
    const rng = xoshiro128(1);
    const x = Array.from({ length: 1000 }, () => rng.next() * 50_000);
    const y = Array.from({ length: 1000 }, () => rng.next() * 50_000);
    const index = buildGridIndex({ x, y }, 0.01);
    expect(index.columns * index.rows).toBeLessThanOrEqual(6 * 1000 + 10);
    expect(() => pairsWithin({ x: [0, NaN], y: [0, 0] }, 1)).toThrow(RangeError);
    expect(() => pairsWithin({ x: [0, 1], y: [0] }, 1)).toThrow(RangeError);
  });

  it('finds pairs among 20,000 points quickly (no all-pairs scan)', () => {
    const rng = xoshiro128(2);
    const x = Array.from({ length: 20_000 }, () => rng.next() * 20_000);
    const y = Array.from({ length: 20_000 }, () => rng.next() * 20_000);
    const started = performance.now();
    const found = pairsWithin({ x, y }, 200, 'euclidean');
    expect(performance.now() - started).toBeLessThan(2000);
    // Expected about n^2/2 * pi r^2 / area = 2e8 * 0.000314 = ~62,800 pairs.
    expect(found.count).toBeGreaterThan(55_000);
    expect(found.count).toBeLessThan(70_000);
  });
});
