/**
 * A uniform grid over points for finding every pair within a distance
 * without comparing all n(n-1)/2 pairs. With cells at least as wide as the
 * search radius, a partner can only sit in the same or one of the eight
 * neighbouring cells, so the work is about n x (points per 3x3 block).
 */
import { distanceFunction, type DistanceMetric } from './coordinates';

/** Pairs (i < j) of point indexes and their distances; arrays are `count` long. */
export interface PairList {
  count: number;
  i: Int32Array;
  j: Int32Array;
  distance: Float64Array;
}

/** Points as parallel coordinate arrays (metres on a projected grid). */
export interface PointColumns {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** A grid index built once and queried for pairs. */
export interface GridIndex {
  readonly cellSize: number;
  readonly columns: number;
  readonly rows: number;
  /** Calls `visit(i, j, d)` once per unordered pair (i < j) with distance d <= radius. */
  forEachPairWithin(radius: number, metric: DistanceMetric, visit: (i: number, j: number, d: number) => void): void;
}

/**
 * Builds a grid whose cells are at least `minCellSize` wide (use the largest
 * radius you will query). Cells are widened when needed so there are at most
 * about 6n cells, which keeps memory linear even for a tiny radius.
 */
export function buildGridIndex(points: PointColumns, minCellSize: number): GridIndex {
  const n = points.x.length;
  if (points.y.length !== n) throw new RangeError('x and y must be the same length');
  const xs = Float64Array.from(points.x);
  const ys = Float64Array.from(points.y);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < n; k++) {
    const x = xs[k]!;
    const y = ys[k]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError(`point ${k} has a non-finite coordinate`);
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (n === 0) {
    minX = minY = maxX = maxY = 0;
  }
  const width = maxX - minX;
  const height = maxY - minY;
  const twoN = Math.max(1, 2 * n);
  let cellSize = Math.max(
    Number.isFinite(minCellSize) && minCellSize > 0 ? minCellSize : 0,
    Math.sqrt((width * height) / twoN),
    width / twoN,
    height / twoN,
  );
  if (!(cellSize > 0)) cellSize = 1; // all points identical (or none)
  const columns = Math.floor(width / cellSize) + 1;
  const rows = Math.floor(height / cellSize) + 1;
  const cellCount = columns * rows;

  // Counting sort of points by cell: `order` lists point ids cell by cell, `start` indexes it.
  const cellOf = new Int32Array(n);
  const start = new Int32Array(cellCount + 1);
  for (let k = 0; k < n; k++) {
    const cx = Math.min(columns - 1, Math.floor((xs[k]! - minX) / cellSize));
    const cy = Math.min(rows - 1, Math.floor((ys[k]! - minY) / cellSize));
    const c = cy * columns + cx;
    cellOf[k] = c;
    start[c + 1]!++;
  }
  for (let c = 0; c < cellCount; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, cellCount);
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const c = cellOf[k]!;
    order[fill[c]!++] = k;
  }

  const forEachPairWithin = (
    radius: number,
    metric: DistanceMetric,
    visit: (i: number, j: number, d: number) => void,
  ): void => {
    if (!(radius >= 0)) throw new RangeError(`radius must be >= 0, got ${radius}`);
    const dist = distanceFunction(metric);
    if (radius > cellSize) {
      // The grid cannot bound this radius: fall back to all pairs (still correct).
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const d = dist(xs[i]!, ys[i]!, xs[j]!, ys[j]!);
          if (d <= radius) visit(i, j, d);
        }
      }
      return;
    }
    // Each unordered cell pair once: the cell itself, then E, NW, N, NE neighbours.
    const offsets: ReadonlyArray<readonly [number, number]> = [
      [1, 0],
      [-1, 1],
      [0, 1],
      [1, 1],
    ];
    for (let cy = 0; cy < rows; cy++) {
      for (let cx = 0; cx < columns; cx++) {
        const c = cy * columns + cx;
        const aStart = start[c]!;
        const aEnd = start[c + 1]!;
        if (aStart === aEnd) continue;
        for (let p = aStart; p < aEnd; p++) {
          const a = order[p]!;
          const ax = xs[a]!;
          const ay = ys[a]!;
          for (let q = p + 1; q < aEnd; q++) {
            const b = order[q]!;
            const d = dist(ax, ay, xs[b]!, ys[b]!);
            if (d <= radius) visit(Math.min(a, b), Math.max(a, b), d);
          }
        }
        for (const [ox, oy] of offsets) {
          const nx = cx + ox;
          const ny = cy + oy;
          if (nx < 0 || nx >= columns || ny >= rows) continue;
          const o = ny * columns + nx;
          const bStart = start[o]!;
          const bEnd = start[o + 1]!;
          if (bStart === bEnd) continue;
          for (let p = aStart; p < aEnd; p++) {
            const a = order[p]!;
            const ax = xs[a]!;
            const ay = ys[a]!;
            for (let q = bStart; q < bEnd; q++) {
              const b = order[q]!;
              const d = dist(ax, ay, xs[b]!, ys[b]!);
              if (d <= radius) visit(Math.min(a, b), Math.max(a, b), d);
            }
          }
        }
      }
    }
  };

  return { cellSize, columns, rows, forEachPairWithin };
}

/**
 * All unordered pairs (i < j) with distance <= `radius` under `metric`.
 * Pair order is unspecified; sort if you need a stable order.
 */
export function pairsWithin(points: PointColumns, radius: number, metric: DistanceMetric = 'euclidean'): PairList {
  const index = buildGridIndex(points, radius);
  let capacity = 1024;
  let i = new Int32Array(capacity);
  let j = new Int32Array(capacity);
  let distance = new Float64Array(capacity);
  let count = 0;
  index.forEachPairWithin(radius, metric, (a, b, d) => {
    if (count === capacity) {
      capacity *= 2;
      const ni = new Int32Array(capacity);
      ni.set(i);
      i = ni;
      const nj = new Int32Array(capacity);
      nj.set(j);
      j = nj;
      const nd = new Float64Array(capacity);
      nd.set(distance);
      distance = nd;
    }
    i[count] = a;
    j[count] = b;
    distance[count] = d;
    count++;
  });
  return { count, i: i.subarray(0, count), j: j.subarray(0, count), distance: distance.subarray(0, count) };
}
