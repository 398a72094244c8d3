import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../errors';
import { equalWidthBreaks, nearRepeatCalculatorBreaks, type IntervalClosure } from './bands';
import { isoDateToDay } from './days';
import { knoxTest, knoxTestAsync, type KnoxEvent } from './knox';
import { xoshiro128 } from './prng';

// ---- reference fixtures (R NearRepeat 0.1.1 and the Near Repeat Calculator) ----

type Cell = number | string; // "NaN" / "Inf" arrive as strings
interface Table {
  rows: string[];
  cols: string[];
  values: Cell[][];
}
interface RefCase {
  id: string;
  params: {
    sds: Cell[];
    tds: Cell[];
    method: 'manhattan' | 'euclidean';
    interval_closure: { s_include_lowest: boolean; s_right: boolean; t_include_lowest: boolean; t_right: boolean };
  };
  expected: {
    observed: Table;
    expected_exact_under_permutation: {
      n_pairs_total: number;
      spatial_band_totals_all_pairs: number[];
      temporal_band_totals_all_pairs: number[];
      values: number[][];
    };
  };
  monte_carlo_reference?: { nrep: number; knox_ratio_mean: Table; pvalues: Table };
  nrc_v1_3_output?: { settings?: Record<string, unknown>; observed: number[][] };
}
interface RefFile {
  cases: RefCase[];
  data: Record<string, unknown>;
}

function loadRef(name: string): RefFile {
  const url = new URL(`../../../../shared/peers/knox/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as RefFile;
}

function num(v: Cell): number {
  if (typeof v === 'number') return v;
  if (v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return Number(v); // "NaN" -> NaN
}

function rowsToEvents(rows: unknown): KnoxEvent[] {
  return (rows as [number, number, number | string][]).map(([x, y, t]) => ({
    x,
    y,
    t: typeof t === 'string' ? isoDateToDay(t) : t,
  }));
}

const chicago = loadRef('chicago_burglary_month1.json');
const small = loadRef('band_semantics_small.json');
const chicagoEvents = rowsToEvents(chicago.data['rows']);
const smallData = small.data as Record<string, { rows: unknown }>;
const toy20 = rowsToEvents(smallData['toy20']?.rows);
const pathological = rowsToEvents(smallData['pathological']?.rows);

function eventsFor(file: RefFile, c: RefCase): KnoxEvent[] {
  if (file === chicago) return chicagoEvents;
  return c.id.startsWith('path') ? pathological : toy20;
}

function closureOf(c: RefCase): IntervalClosure {
  const ic = c.params.interval_closure;
  // Our API takes one closure for both tables; the fixtures always use the same for both.
  expect(ic.s_right).toBe(ic.t_right);
  expect(ic.s_include_lowest).toBe(ic.t_include_lowest);
  return { right: ic.s_right, includeLowest: ic.s_include_lowest };
}

const unspaced = (labels: string[]): string[] => labels.map((l) => l.replace(/\s+/g, ''));

const allCases: [string, RefFile, RefCase][] = [
  ...chicago.cases.map((c): [string, RefFile, RefCase] => [c.id, chicago, c]),
  ...small.cases.map((c): [string, RefFile, RefCase] => [c.id, small, c]),
];

describe('knoxTest against R NearRepeat', () => {
  it('has the fixtures it expects', () => {
    expect(chicagoEvents).toHaveLength(970);
    expect(toy20).toHaveLength(20);
    expect(pathological).toHaveLength(2);
    expect(allCases.length).toBeGreaterThanOrEqual(10);
  });

  describe.each(allCases)('%s', (_id, file, c) => {
    const result = knoxTest(eventsFor(file, c), {
      spaceBreaks: c.params.sds.map(num),
      timeBreaks: c.params.tds.map(num),
      distance: c.params.method,
      closure: closureOf(c),
      permutations: 999,
      seed: 2024,
    });
    const ref = c.expected;

    it('observed counts match exactly, with the same band labels', () => {
      expect(result.observed).toEqual(ref.observed.values.map((r) => r.map(num)));
      expect(unspaced(result.spaceLabels)).toEqual(ref.observed.rows);
      expect(unspaced(result.timeLabels)).toEqual(ref.observed.cols);
    });

    it('exact expected counts match (relative 1e-9) and so do the all-pairs band totals', () => {
      const exact = ref.expected_exact_under_permutation;
      expect(result.pairs).toBe(exact.n_pairs_total);
      expect(result.spaceBandTotals).toEqual(exact.spatial_band_totals_all_pairs);
      expect(result.timeBandTotals).toEqual(exact.temporal_band_totals_all_pairs);
      exact.values.forEach((row, s) =>
        row.forEach((v, j) => {
          const ours = result.expectedExact[s]?.[j] ?? NaN;
          // The fixture prints 10 decimals, so allow that rounding too.
          expect(Math.abs(ours - v)).toBeLessThanOrEqual(Math.max(1e-9 * Math.abs(v), 6e-11));
        }),
      );
    });

    it('Monte Carlo expectation converges on the exact one (within 5% where expected >= 5)', () => {
      result.expectedExact.forEach((row, s) =>
        row.forEach((e, j) => {
          if (e < 5) return;
          const mc = result.expected[s]?.[j] ?? NaN;
          expect(Math.abs(mc - e) / e).toBeLessThan(0.05);
          const obs = result.observed[s]?.[j] ?? NaN;
          const kr = result.knoxRatio[s]?.[j] ?? NaN;
          expect(Math.abs(kr - obs / e)).toBeLessThan(0.05 * Math.max(1, obs / e));
        }),
      );
    });

    const mc = c.monte_carlo_reference;
    if (mc && mc.nrep >= 999) {
      it("Knox ratios agree with NearRepeat's (its own 999-run Monte Carlo) within 6% where expected >= 5", () => {
        mc.knox_ratio_mean.values.forEach((row, s) =>
          row.forEach((v, j) => {
            if ((result.expectedExact[s]?.[j] ?? 0) < 5) return;
            const ours = result.knoxRatio[s]?.[j] ?? NaN;
            expect(Math.abs(ours - num(v)) / num(v)).toBeLessThan(0.06);
          }),
        );
      });
    }
    if (mc) {
      it('makes the same 0.05 decision wherever NearRepeat is clear (p <= 0.01 or p >= 0.2)', () => {
        let compared = 0;
        mc.pvalues.values.forEach((row, s) =>
          row.forEach((v, j) => {
            const peer = num(v);
            if (peer > 0.01 && peer < 0.2) return;
            compared++;
            expect(result.significant[s]?.[j], `${result.spaceLabels[s]} x ${result.timeLabels[j]}`).toBe(peer <= 0.05);
          }),
        );
        expect(compared).toBeGreaterThan(0);
      });
    }

    if (c.nrc_v1_3_output) {
      it("reproduces the Near Repeat Calculator's observed table (its 'a to b' labels mean [a-1, b))", () => {
        expect(result.observed).toEqual(c.nrc_v1_3_output?.observed);
      });
    }
  });

  it('nearRepeatCalculatorBreaks gives the breaks that mimic the Calculator (100 m x 3, 7 days x 3)', () => {
    const nrc = chicago.cases.find((c) => c.id === 'be_nrc_content');
    const { spaceBreaks, timeBreaks } = nearRepeatCalculatorBreaks(100, 3, 7, 3);
    expect(spaceBreaks).toEqual(nrc?.params.sds.map(num));
    expect(timeBreaks).toEqual(nrc?.params.tds.map(num));
  });

  it('p-values follow NearRepeat: (1 + #{sim >= obs}) / (1 + nrep); 0/0 ratios are NaN', () => {
    // One pair: every permutation reproduces it, so p = 1 and the ratio is 1; empty cells give NaN.
    const r = knoxTest(pathological, { spaceBreaks: [0, 1, 200, 400, Infinity], timeBreaks: [0, 3, 6, Infinity], permutations: 20 });
    expect(r.pValue.flat().every((p) => p === 1)).toBe(true);
    expect(r.knoxRatio[1]?.[1]).toBe(1);
    expect(r.knoxRatio[0]?.[0]).toBeNaN();
    expect(r.spaceLabels).toEqual(['[0, 1)', '[1, 200)', '[200, 400)', '[400, Inf)']);
  });
});

// ---- behaviour on generated data ----

function randomEvents(seed: number, n: number, side: number, days: number): KnoxEvent[] {
  const rng = xoshiro128(seed);
  return Array.from({ length: n }, () => ({ x: rng.next() * side, y: rng.next() * side, t: rng.nextInt(days) }));
}

/** Random events plus followers: each follower is within 100 m (euclidean) and 1-6 days after a parent. */
function plantedEvents(seed: number): KnoxEvent[] {
  const rng = xoshiro128(seed);
  const base = randomEvents(seed + 1, 300, 3000, 365);
  const followers: KnoxEvent[] = [];
  for (let k = 0; k < 60; k++) {
    const parent = base[rng.nextInt(base.length)]!;
    const angle = rng.next() * 2 * Math.PI;
    const r = rng.next() * 60; // manhattan <= 60 * sqrt(2) < 100
    followers.push({ x: parent.x + r * Math.cos(angle), y: parent.y + r * Math.sin(angle), t: parent.t + 1 + rng.nextInt(6) });
  }
  return [...base, ...followers];
}

const bands = { spaceBreaks: [0, 100, 200, 400, Infinity], timeBreaks: [0, 7, 14, 28, Infinity] };

describe('knoxTest on generated data', () => {
  it('finds a planted near-repeat pattern in the [0, 100) x [0, 7) cell and nowhere else', () => {
    for (const seed of [7, 8]) {
      const r = knoxTest(plantedEvents(seed), { ...bands, permutations: 199, seed: 3 });
      expect(r.significant[0]?.[0]).toBe(true);
      expect(r.pValue[0]?.[0]).toBe(1 / 200); // no permutation came close
      expect(r.knoxRatio[0]?.[0]).toBeGreaterThan(5);
      // Every other cell stays near 1. (Single cells elsewhere can still test significant:
      // a follower copies its parent's neighbours, and the open-ended corner is the time-band
      // total minus the other rows, so it mirrors the surplus near the origin.)
      const others = r.knoxRatio.flatMap((row, s) => row.filter((_, j) => s !== 0 || j !== 0));
      expect(Math.max(...others)).toBeLessThan(2);
    }
  });

  it('flags about alpha of the cells on pure random data over many seeds', () => {
    let decisions = 0;
    let significant = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = knoxTest(randomEvents(seed * 101, 250, 1500, 365), { ...bands, permutations: 99, seed });
      // Skip the open-ended corner: it is fixed by the others and adds no information.
      r.significant.slice(0, 3).forEach((row) => row.forEach((s) => {
        decisions++;
        if (s) significant++;
      }));
    }
    const rate = significant / decisions; // 480 decisions; binomial sd at 0.05 is 0.01
    expect(rate).toBeGreaterThan(0.015);
    expect(rate).toBeLessThan(0.09);
  });

  it('is reproducible for a seed and different for another', () => {
    const events = randomEvents(5, 200, 1000, 100);
    const a = knoxTest(events, { ...bands, permutations: 50, seed: 9 });
    const b = knoxTest(events, { ...bands, permutations: 50, seed: 9 });
    const c = knoxTest(events, { ...bands, permutations: 50, seed: 10 });
    expect(a.expected).toEqual(b.expected);
    expect(a.pValue).toEqual(b.pValue);
    expect(c.expected).not.toEqual(a.expected);
  });

  it('counts the open-ended band exactly like brute force, for fractional times and either metric', () => {
    const rng = xoshiro128(77);
    const events = Array.from({ length: 150 }, () => ({ x: rng.next() * 800, y: rng.next() * 800, t: rng.next() * 60 }));
    for (const distance of ['euclidean', 'manhattan'] as const) {
      const spaceBreaks = [10, 100, 250, Infinity];
      const timeBreaks = [0.5, 7, 20, Infinity];
      const r = knoxTest(events, { spaceBreaks, timeBreaks, distance, permutations: 0 });
      const brute = spaceBreaks.slice(1).map(() => timeBreaks.slice(1).map(() => 0));
      for (let i = 0; i < events.length; i++) {
        for (let j = i + 1; j < events.length; j++) {
          const a = events[i]!;
          const b = events[j]!;
          const dx = a.x - b.x;
          const dy = a.y - b.y;
          const d = distance === 'euclidean' ? Math.sqrt(dx * dx + dy * dy) : Math.abs(dx) + Math.abs(dy);
          const dt = Math.abs(a.t - b.t);
          const s = spaceBreaks.findIndex((e, k) => k < spaceBreaks.length - 1 && d >= e && d < spaceBreaks[k + 1]!);
          const tb = timeBreaks.findIndex((e, k) => k < timeBreaks.length - 1 && dt >= e && dt < timeBreaks[k + 1]!);
          if (s >= 0 && tb >= 0) brute[s]![tb]!++;
        }
      }
      expect(r.observed).toEqual(brute);
    }
  });

  it('reports progress, can be cancelled, and has an async variant giving the same answer', async () => {
    const events = randomEvents(11, 300, 2000, 200);
    const seen: number[] = [];
    const sync = knoxTest(events, { ...bands, permutations: 30, seed: 4, onProgress: (done, total) => seen.push(done / total) });
    expect(seen).toHaveLength(30);
    expect(seen[29]).toBe(1);

    let calls = 0;
    expect(() =>
      knoxTest(events, { ...bands, permutations: 30, isCancelled: () => ++calls > 5 }),
    ).toThrowError(WorkbenchError);
    expect(calls).toBe(6);

    const async = await knoxTestAsync(events, { ...bands, permutations: 30, seed: 4, yieldEvery: 7 });
    expect(async.pValue).toEqual(sync.pValue);
    await expect(knoxTestAsync(events, { ...bands, permutations: 30, isCancelled: () => true })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });

  it('rejects bad breaks and bad events as bad input', () => {
    expect(() => knoxTest([], { spaceBreaks: [0, 100, 50], timeBreaks: [0, 7] })).toThrowError(/strictly increasing/);
    expect(() => knoxTest([{ x: NaN, y: 0, t: 0 }], { ...bands })).toThrowError(/coordinates/);
    const empty = knoxTest([], { ...bands, permutations: 5 });
    expect(empty.pairs).toBe(0);
    expect(empty.observed.flat().every((v) => v === 0)).toBe(true);
  });

  it('equal-width bands are the CLI defaults: 5 x 100 m and 5 x 7 days, then an open-ended band', () => {
    const r = knoxTest(randomEvents(3, 50, 1000, 60), {
      spaceBreaks: equalWidthBreaks(100, 5),
      timeBreaks: equalWidthBreaks(7, 5),
      permutations: 0,
    });
    expect(r.spaceLabels).toEqual(['[0, 100)', '[100, 200)', '[200, 300)', '[300, 400)', '[400, 500)', '[500, Inf)']);
    expect(r.timeLabels.at(-1)).toBe('[35, Inf)');
    expect(r.observed.flat().reduce((a, b) => a + b, 0)).toBe((50 * 49) / 2);
  });
});
