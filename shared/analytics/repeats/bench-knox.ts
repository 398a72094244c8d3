/**
 * Benchmark for the Knox test: seeded random events over a 20 km square and
 * 365 days with the CLI's default bands (100 m x 5 and 7 days x 5, each with
 * an open-ended band after, manhattan distance). Wired into `npm run bench`.
 */
import { equalWidthBreaks } from './bands';
import { knoxTest, type KnoxColumns } from './knox';
import { xoshiro128 } from './prng';

/** Seeded random events: uniform over a `sideMetres` square and whole days 0..days-1. */
export function randomKnoxEvents(events: number, seed = 42, sideMetres = 20_000, days = 365): KnoxColumns {
  const rng = xoshiro128(seed);
  const x = new Float64Array(events);
  const y = new Float64Array(events);
  const t = new Float64Array(events);
  for (let k = 0; k < events; k++) {
    x[k] = rng.next() * sideMetres;
    y[k] = rng.next() * sideMetres;
    t[k] = rng.nextInt(days);
  }
  return { x, y, t };
}

/** Milliseconds for the full Knox test (pair finding, observed table and all permutations). */
export function benchKnox(events: number, permutations: number): number {
  const input = randomKnoxEvents(events);
  const started = performance.now();
  knoxTest(input, {
    spaceBreaks: equalWidthBreaks(100, 5),
    timeBreaks: equalWidthBreaks(7, 5),
    distance: 'manhattan',
    permutations,
    seed: 1,
  });
  return performance.now() - started;
}
