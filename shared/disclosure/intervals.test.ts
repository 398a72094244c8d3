import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestedProfileTable } from '../../tests/bench/disclosure-bench';
import { type AuditEntry, narrowedEntries } from './intervals';
import { Simplex } from './simplex';
import { type Position, type SuppressionResult, auditSummedTable, auditTable, isHidden, suppressSummedTable, suppressTable } from './suppress';

/** The augmented grid (cells, totals column, totals row) of values and statuses. */
function augmented(counts: readonly (readonly number[])[], s: SuppressionResult): { value: number; hidden: boolean; small: boolean }[][] {
  const R = counts.length;
  const C = counts[0]?.length ?? 0;
  const rowSum = (i: number): number => (counts[i] ?? []).reduce((a, b) => a + b, 0);
  const colSum = (j: number): number => counts.reduce((a, row) => a + (row[j] ?? 0), 0);
  const entry = (value: number, status: SuppressionResult['grandTotal']) => ({ value, hidden: isHidden(status), small: status === 'primary' });
  const grid = counts.map((row, i) => [...row.map((v, j) => entry(v, s.cells[i]?.[j] ?? 'published')), entry(rowSum(i), s.rowTotals[i] ?? 'published')]);
  grid.push([...Array.from({ length: C }, (_, j) => entry(colSum(j), s.columnTotals[j] ?? 'published')), entry(counts.reduce((a, _r, i) => a + rowSum(i), 0), s.grandTotal)]);
  expect(grid).toHaveLength(R + 1);
  return grid;
}

/**
 * The intruder by brute force, independent of the solver: every assignment
 * of whole numbers to the hidden entries ("<5" ones from 1 to 4, the rest
 * from 0 to the grand total's value, or to the largest total when that is
 * hidden too) that satisfies every row and column of the augmented grid.
 * Returns the values each hidden entry takes, keyed "i,j".
 */
function bruteForceValues(grid: { value: number; hidden: boolean; small: boolean }[][]): Map<string, Set<number>> {
  const R = grid.length - 1;
  const C = (grid[0]?.length ?? 1) - 1;
  const hidden: [number, number][] = [];
  grid.forEach((row, i) => row.forEach((e, j) => e.hidden && hidden.push([i, j])));
  const cap = Math.max(...grid.flat().map((e) => e.value));
  const guess = grid.map((row) => row.map((e) => (e.hidden ? null : e.value)));
  const lineOk = (cells: (number | null)[], total: number | null): boolean => {
    if (total === null || cells.includes(null)) return total === null || cells.reduce<number>((a, b) => a + (b ?? 0), 0) <= total;
    return cells.reduce<number>((a, b) => a + (b ?? 0), 0) === total;
  };
  const consistent = (): boolean => {
    for (let i = 0; i <= R; i += 1) if (!lineOk((guess[i] ?? []).slice(0, C), guess[i]?.[C] ?? null)) return false;
    for (let j = 0; j <= C; j += 1) {
      const column = guess.map((row) => row[j] ?? null);
      if (!lineOk(column.slice(0, R), column[R] ?? null)) return false;
    }
    return true;
  };
  const seen = new Map(hidden.map(([i, j]) => [`${i},${j}`, new Set<number>()] as const));
  let solutions = 0;
  const search = (k: number): void => {
    if (k === hidden.length) {
      solutions += 1;
      hidden.forEach(([i, j]) => seen.get(`${i},${j}`)?.add(guess[i]?.[j] ?? -1));
      return;
    }
    const [i, j] = hidden[k] ?? [0, 0];
    const e = grid[i]?.[j];
    const row = guess[i];
    if (e === undefined || row === undefined) return;
    for (let v = e.small ? 1 : 0; v <= (e.small ? 4 : cap); v += 1) {
      row[j] = v;
      if (consistent()) search(k + 1);
    }
    row[j] = null;
  };
  search(0);
  expect(solutions).toBeGreaterThan(0);
  return seen;
}

describe('the simplex', () => {
  it('minimises over equations and bounds, and says when there is no limit', () => {
    // x0 + x1 = 3, x1 - x2 = 1, x0 <= 2: x0 in [0, 2], x1 in [1, 3], x2 in [0, 2].
    const lp = new Simplex({ upper: [2, Infinity, Infinity], equations: [{ terms: [[0, 1], [1, 1]], rhs: 3 }, { terms: [[1, 1], [2, -1]], rhs: 1 }] });
    expect(lp.isFeasible).toBe(true);
    const value = (objective: [number, number][]): number => {
      const r = lp.minimize(new Map(objective));
      return r.status === 'optimal' ? r.value : Number.NaN;
    };
    expect(value([[0, 1]])).toBeCloseTo(0, 9);
    expect(value([[0, -1]])).toBeCloseTo(-2, 9);
    expect(value([[1, 1]])).toBeCloseTo(1, 9);
    expect(value([[2, -1]])).toBeCloseTo(-2, 9);
    expect(lp.minimize(new Map([[0, 1]])).status).toBe('optimal');
    const open = new Simplex({ upper: [Infinity, Infinity], equations: [{ terms: [[0, 1], [1, -1]], rhs: 0 }] });
    expect(open.minimize(new Map([[0, -1]])).status).toBe('unbounded');
    expect(new Simplex({ upper: [1, 1], equations: [{ terms: [[0, 1], [1, 1]], rhs: 3 }] }).isFeasible).toBe(false);
  });
});

describe('interval audit', () => {
  it('a row total less its published cell leaves 2 for two "<5" cells: both are 1, so more is withheld', () => {
    // Row 0: 1 + 1 + 10 = 12, with 12 and 10 published, gives a + b = 2, and a, b >= 1.
    const counts = [
      [1, 1, 10],
      [6, 7, 20],
    ];
    const s = suppressTable(counts);
    for (const e of auditTable(counts, s)) expect(e.max - e.min, `entry ${e.at.join(',')}`).toBeGreaterThanOrEqual(1);
    // Without hiding more than exact recovery asks for (12 and 10 published), the audit pins both: the pattern main shipped.
    const exactOnly: SuppressionResult = {
      threshold: 5,
      cells: [
        ['primary', 'primary', 'published'],
        ['secondary', 'secondary', 'published'],
      ],
      rowTotals: ['published', 'published'],
      columnTotals: ['published', 'published', 'published'],
      grandTotal: 'published',
    };
    const pinned = auditTable(counts, exactOnly).filter((e) => !e.isSafe);
    expect(pinned.map((e) => [e.at.join(','), e.min, e.max])).toEqual([
      ['0,0', 1, 1],
      ['0,1', 1, 1],
      ['1,0', 6, 6],
      ['1,1', 7, 7],
    ]);
    expect(s.cells[0]?.[2]).toBe('secondary');
  });

  it('a total less its published cells leaves 8 for two "<5" cells: both are 4 (the upper bound)', () => {
    const counts = [
      [7, 4, 4],
      [11, 4, 2],
    ];
    const s = suppressTable(counts);
    const audit = auditTable(counts, s);
    expect(audit.every((e) => e.isSafe)).toBe(true);
    // Each "<5" cell's interval lies within 1-4 and holds its true count.
    for (const e of audit) if (e.at[0] < 2 && e.at[1] > 0 && e.at[1] < 3) expect([e.min <= e.value, e.value <= e.max, e.min >= 1, e.max <= 4]).toEqual([true, true, true, true]);
  });

  it('the audit\'s intervals are the brute-force intruder\'s on tiny tables', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 2, maxLength: 2 }), { minLength: 2, maxLength: 2 }), (counts) => {
        const s = suppressTable(counts);
        const values = bruteForceValues(augmented(counts, s));
        for (const e of auditTable(counts, s)) {
          const seen = [...(values.get(e.at.join(',')) ?? [])];
          // The grid's rows and columns make a network matrix: the relaxation's bounds are whole, and every value between is taken.
          expect([e.min, e.max]).toEqual([Math.min(...seen), Math.max(...seen)]);
          expect(seen).toHaveLength(e.max - e.min + 1);
        }
      }),
      { numRuns: 60, seed: 20 },
    );
  });

  it('random small tables with totals: after suppression every withheld entry can take two values or more (brute force)', () => {
    const cell = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 5, max: 9 }));
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3 }), fc.array(cell, { minLength: 6, maxLength: 6 }), (columns, flat) => {
        const counts = [flat.slice(0, columns), flat.slice(3, 3 + columns)];
        const s = suppressTable(counts);
        const grid = augmented(counts, s);
        // Every small count is hidden, and the intruder is left two values at least for every hidden entry.
        counts.forEach((row, i) => row.forEach((v, j) => v > 0 && v < 5 && expect(s.cells[i]?.[j]).toBe('primary')));
        for (const [at, seen] of bruteForceValues(grid)) expect(seen.size, `entry ${at} of ${JSON.stringify(counts)}`).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 80, seed: 2020 },
    );
  });

  it('nested tables (groups of rows by months with year subtotals): no withheld figure is narrowed to one value', () => {
    let withheld = 0;
    for (const seed of [1, 2, 3]) {
      const { table } = nestedProfileTable(4, 5, 0.3, seed);
      const audit = auditSummedTable(table, suppressSummedTable(table));
      withheld += audit.length;
      expect(audit.filter((e) => !e.isSafe).map((e) => `${e.at.join(',')}: ${e.value} in [${e.min}, ${e.max}]`)).toEqual([]);
    }
    expect(withheld).toBeGreaterThan(100);
  });
});

describe('the audit on large linked tables', () => {
  it('an entry whose only move runs through hundreds of figures is safe, not taken as narrowed', () => {
    // A ring of 300 withheld figures, each pair of neighbours under a published sum of 20: a figure moves by one
    // only if every other figure round the ring moves too, so no neighbourhood short of the whole ring shows it.
    const n = 300;
    const withheld: AuditEntry = { value: 10, isUnknown: true, isWithheld: true, lower: 0, upper: Infinity };
    const grid: AuditEntry[][] = [
      Array.from({ length: n }, () => ({ ...withheld })),
      Array.from({ length: n }, () => ({ value: 20, isUnknown: false, isWithheld: false, lower: 0, upper: Infinity })),
    ];
    const lines: Position[][] = Array.from({ length: n }, (_, k) => [[0, k], [0, (k + 1) % n], [1, k]]);
    expect(narrowedEntries(grid, lines, new Set())).toEqual([]);
    // An odd ring has no such move (x + y = 20 round an odd cycle fixes every figure at 10): all are narrowed.
    const odd = n - 1;
    const oddGrid = grid.map((row) => row.slice(0, odd));
    const oddLines: Position[][] = Array.from({ length: odd }, (_, k) => [[0, k], [0, (k + 1) % odd], [1, k]]);
    expect(narrowedEntries(oddGrid, oddLines, new Set())).toHaveLength(odd);
  });

  it('two "<5" cells pinned under a total the reader knows: nothing more is withheld for them', () => {
    // 4 + 4 under a known 8: both are 4 whatever else is hidden. Their columns still need a partner each (10, 20),
    // and those partners, pinned by the 4s, their column totals (14, 24); hiding 30 and 38 as well protects nothing.
    const counts = [
      [4, 4, 8],
      [10, 20, 30],
      [14, 24, 38],
    ];
    const isSum = counts.map((row, i) => row.map((_, j) => i === 2 || j === 2));
    const lines: Position[][] = [
      ...[0, 1, 2].map((i) => [0, 1, 2].map((j): Position => [i, j])),
      ...[0, 1, 2].map((j) => [0, 1, 2].map((i): Position => [i, j])),
    ];
    const known = counts.map((row, i) => row.map((_, j) => i === 0 && j === 2));
    const statuses = suppressSummedTable({ counts, isSum, lines, known });
    expect(statuses).toEqual([
      ['primary', 'primary', 'published'],
      ['secondary', 'secondary', 'published'],
      ['secondary', 'secondary', 'published'],
    ]);
  });
});
