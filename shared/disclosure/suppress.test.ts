import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { importFiles } from '../import/import-files';
import { runPivot } from '../pivot/run-pivot';
import { createWorkbench } from '../workbench';
import { disclosedPivotTable } from './pivot-table';
import { type CellStatus, type Position, type SuppressionResult, hideDerived, isHidden, recoverableIn, solveHidden, suppressSummedTable, suppressTable } from './suppress';

/** Small seeded generator (mulberry32) so the random tables are the same every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The augmented grid (cells, totals column, totals row) of values and statuses. */
function augmented(counts: number[][], s: SuppressionResult): { value: number; status: CellStatus }[][] {
  const R = counts.length;
  const C = counts[0]?.length ?? 0;
  const rowSum = (i: number): number => (counts[i] ?? []).reduce((a, b) => a + b, 0);
  const colSum = (j: number): number => counts.reduce((a, row) => a + (row[j] ?? 0), 0);
  const grid = counts.map((row, i) => [
    ...row.map((value, j) => ({ value, status: s.cells[i]?.[j] ?? 'published' })),
    { value: rowSum(i), status: s.rowTotals[i] ?? 'published' },
  ]);
  grid.push([
    ...Array.from({ length: C }, (_, j) => ({ value: colSum(j), status: s.columnTotals[j] ?? 'published' })),
    { value: counts.reduce((a, _r, i) => a + rowSum(i), 0), status: s.grandTotal },
  ]);
  expect(grid).toHaveLength(R + 1);
  return grid;
}

/**
 * The attacker, by brute force: every assignment of non-negative whole
 * numbers to the hidden entries that agrees with every published row and
 * column equation. A hidden entry is recoverable when it takes one value
 * in all of them. Stops once every hidden entry has shown two values.
 */
function bruteForceRecoverable(grid: { value: number; status: CellStatus }[][]): string[] {
  const R = grid.length - 1;
  const C = (grid[0]?.length ?? 1) - 1;
  const hidden: [number, number][] = [];
  grid.forEach((row, i) => row.forEach((e, j) => isHidden(e.status) && hidden.push([i, j])));
  if (hidden.length === 0) return [];
  const bound = grid[R]?.[C]?.value ?? 0;
  const seen = hidden.map(() => new Set<number>());
  const guess = grid.map((row) => row.map((e) => (isHidden(e.status) ? null : e.value)));
  const lineOk = (cells: (number | null)[], total: number | null): boolean => {
    if (total === null || cells.includes(null)) {
      // Partial check: published total bounds the assigned cells.
      if (total === null) return true;
      return (cells.filter((v): v is number => v !== null).reduce((a, b) => a + b, 0)) <= total;
    }
    return cells.reduce<number>((a, b) => a + (b ?? 0), 0) === total;
  };
  const consistent = (): boolean => {
    for (let i = 0; i <= R; i += 1) {
      const row = guess[i] ?? [];
      if (!lineOk(row.slice(0, C), row[C] ?? null)) return false;
    }
    for (let j = 0; j <= C; j += 1) {
      const column = guess.map((row) => row[j] ?? null);
      if (!lineOk(column.slice(0, R), column[R] ?? null)) return false;
    }
    return true;
  };
  let solutions = 0;
  const done = (): boolean => seen.every((s) => s.size >= 2);
  const search = (k: number): void => {
    if (done() || solutions > 200_000) return;
    if (k === hidden.length) {
      solutions += 1;
      hidden.forEach(([i, j], u) => seen[u]?.add(guess[i]?.[j] ?? -1));
      return;
    }
    const [i, j] = hidden[k] ?? [0, 0];
    const row = guess[i];
    if (!row) return;
    for (let v = 0; v <= bound; v += 1) {
      row[j] = v;
      if (consistent()) search(k + 1);
      if (done()) break;
    }
    row[j] = null;
  };
  search(0);
  expect(solutions).toBeGreaterThan(0);
  return hidden.filter((_, u) => (seen[u]?.size ?? 0) < 2).map(([i, j]) => `${i},${j}`);
}

function linesWithOneHidden(grid: { status: CellStatus }[][]): number {
  let bad = 0;
  const R = grid.length;
  const C = grid[0]?.length ?? 0;
  for (let i = 0; i < R; i += 1) if ((grid[i] ?? []).filter((e) => isHidden(e.status)).length === 1) bad += 1;
  for (let j = 0; j < C; j += 1) if (grid.filter((row) => isHidden(row[j]?.status ?? 'published')).length === 1) bad += 1;
  return bad;
}

describe('disclosure control', () => {
  it('primary: 1-4 hidden, 0 and 5+ shown; a lone small cell gets a partner in its row and column', () => {
    const counts = [
      [3, 10, 12],
      [8, 9, 20],
      [7, 0, 15],
    ];
    const s = suppressTable(counts);
    expect(s.cells[0]?.[0]).toBe('primary');
    expect(s.cells[2]?.[1]).toBe('published');
    // Row 0 partner: the smallest other cell (10); column 0 partner: 7 (smallest non-zero).
    expect(s.cells[0]?.[1]).toBe('secondary');
    expect(s.cells[2]?.[0]).toBe('secondary');
    expect(linesWithOneHidden(augmented(counts, s))).toBe(0);
    expect(bruteForceRecoverable(augmented(counts, s))).toEqual([]);
  });

  it('a small total is hidden too, and protected', () => {
    const counts = [
      [1, 2, 0],
      [30, 40, 50],
    ];
    const s = suppressTable(counts);
    expect(s.rowTotals[0]).toBe('primary');
    const grid = augmented(counts, s);
    expect(linesWithOneHidden(grid)).toBe(0);
    expect(bruteForceRecoverable(grid)).toEqual([]);
  });

  it('random tables: no line with exactly one hidden entry, and brute force recovers no hidden entry', () => {
    const next = rng(20240601);
    let checked = 0;
    for (let t = 0; t < 40; t += 1) {
      const R = 2 + Math.floor(next() * 3);
      const C = 2 + Math.floor(next() * 3);
      const counts = Array.from({ length: R }, () => Array.from({ length: C }, () => (next() < 0.35 ? Math.floor(next() * 5) : 5 + Math.floor(next() * 10))));
      const s = suppressTable(counts);
      const grid = augmented(counts, s);
      // Every small count is hidden.
      counts.forEach((row, i) => row.forEach((v, j) => v > 0 && v < 5 && expect(s.cells[i]?.[j]).toBe('primary')));
      expect(linesWithOneHidden(grid)).toBe(0);
      expect(bruteForceRecoverable(grid)).toEqual([]);
      if (grid.flat().some((e) => isHidden(e.status))) checked += 1;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('without totals only primary suppression applies; derived values follow their counts', () => {
    const s = suppressTable([[2, 9], [7, 8]], { totals: false });
    expect(s.cells).toEqual([
      ['primary', 'published'],
      ['published', 'published'],
    ]);
    expect(hideDerived([[0.2, 0.9], [0.7, 0.8]], s.cells)).toEqual([
      [null, 0.9],
      [0.7, 0.8],
    ]);
  });

  it('a pivot from the store: "<5" and "[c]" in the table, rates hidden with their counts', async () => {
    const SQL = await loadSqlJs();
    const db = createWorkbench(SQL);
    const header = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
    const lines = [header];
    const add = (n: number, type: string, lsoa: string): void => {
      for (let k = 0; k < n; k += 1) lines.push(`id${lines.length},2024-01,Notts,Notts,-1.19,53.14,On or near X,E01028000,${lsoa},${type},,`);
    };
    add(12, 'Burglary', 'Mansfield 001A');
    add(2, 'Robbery', 'Mansfield 001A');
    add(9, 'Burglary', 'Ashfield 001A');
    add(8, 'Robbery', 'Ashfield 001A');
    await importFiles(db, [{ name: '2024-01-street.csv', bytes: new TextEncoder().encode(lines.join('\n')) }], { kind: 'police-uk' });
    const result = runPivot(db, { rows: ['district'], columns: ['crime_type'], measure: 'count', filters: [] });
    const table = disclosedPivotTable(result, null);
    expect(table.columns).toEqual(['District', 'Burglary', 'Robbery', 'Total']);
    const mansfield = table.rows.find((r) => r[0] === 'Mansfield');
    expect(mansfield).toEqual(['Mansfield', '[c]', '<5', 14]);
    expect(table.rows.find((r) => r[0] === 'Ashfield')).toEqual(['Ashfield', '[c]', '[c]', 17]);
    expect(table.primary).toBe(1);
    expect(table.header.at(-1)).toContain('[c]');
    const shares = disclosedPivotTable(runPivot(db, { ...result.spec, measure: 'share_row' }), null);
    expect(shares.rows.find((r) => r[0] === 'Mansfield')?.[2]).toBe('[c]');
  });
});

/** Every row and column of an R x C table with its totals column and row, each line's total last. */
function tableLines(R: number, C: number): Position[][] {
  const out: Position[][] = [];
  for (let i = 0; i <= R; i += 1) out.push(Array.from({ length: C + 1 }, (_, j) => [i, j] as const));
  for (let j = 0; j <= C; j += 1) out.push(Array.from({ length: R + 1 }, (_, i) => [i, j] as const));
  return out;
}

/** An entry's coefficient in each line: a part +1, the total -1. */
function column(all: readonly (readonly Position[])[], [i, j]: Position): Map<number, number> {
  const a = new Map<number, number>();
  all.forEach((line, k) => line.forEach(([r, c], n) => r === i && c === j && a.set(k, (a.get(k) ?? 0) + (n === line.length - 1 ? -1 : 1))));
  return a;
}

const dot = (y: ReadonlyMap<number, number>, a: ReadonlyMap<number, number>): number => [...a].reduce((sum, [k, v]) => sum + (y.get(k) ?? 0) * v, 0);

describe('why an entry is recoverable, and what frees it', () => {
  it('on random tables: each certificate adds up to its entry alone, each cancelling combination to nothing, and hiding a figure frees an entry exactly when the two say so', () => {
    const next = rng(7);
    let freedSeen = 0;
    let keptSeen = 0;
    for (let t = 0; t < 60; t += 1) {
      const R = 2 + Math.floor(next() * 3);
      const C = 2 + Math.floor(next() * 3);
      const all = tableLines(R, C);
      const grid = Array.from({ length: R + 1 }, () => Array.from({ length: C + 1 }, (): { status: CellStatus } => ({ status: next() < 0.3 ? 'secondary' : 'published' })));
      const hidden = grid.flatMap((row, i) => row.flatMap((e, j): Position[] => (isHidden(e.status) ? [[i, j]] : [])));
      const { determined, cancelling } = solveHidden(grid, all, true);
      expect(determined.map((d) => d.position)).toEqual(recoverableIn(grid, all));
      for (const { position, certificate } of determined) {
        for (const h of hidden) expect(dot(certificate, column(all, h)), `${String(position)} at ${String(h)}`).toBeCloseTo(h[0] === position[0] && h[1] === position[1] ? 1 : 0, 9);
      }
      for (const z of cancelling) for (const h of hidden) expect(Math.abs(dot(z, column(all, h)))).toBeLessThan(1e-9);
      // Hide each published figure in turn: the prediction against the elimination run again.
      for (const [i, j] of grid.flatMap((row, r) => row.flatMap((e, c): Position[] => (isHidden(e.status) ? [] : [[r, c]])))) {
        const a = column(all, [i, j]);
        const inColumnSpace = cancelling.every((z) => Math.abs(dot(z, a)) < 1e-9);
        const after: { status: CellStatus }[][] = grid.map((row, r) => row.map((e, c) => (r === i && c === j ? { status: 'secondary' } : e)));
        const stillFixed = new Set(recoverableIn(after, all).map((p) => `${p[0]},${p[1]}`));
        for (const { position, certificate } of determined) {
          const predicted = inColumnSpace && Math.abs(dot(certificate, a)) > 1e-9;
          expect(!stillFixed.has(`${position[0]},${position[1]}`), `hiding ${i},${j} frees ${String(position)}`).toBe(predicted);
          if (predicted) freedSeen += 1;
          else keptSeen += 1;
        }
      }
    }
    expect(freedSeen).toBeGreaterThan(20);
    expect(keptSeen).toBeGreaterThan(20);
  });

  it('an entry fixed by a figure the reader knows is left as it is, not chased through the table', () => {
    // Row 0: a (3) equals a figure the reader knows (a share's 100%), and with x and y adds up to S.
    // Rows 1-2: an ordinary table beside it, joined to row 0 by nothing.
    const counts = [
      [3, 3, 10, 20, 33],
      [40, 50, 60, 70, 220],
      [45, 55, 65, 75, 240],
    ];
    const isSum = counts.map((row, i) => row.map((_, j) => (i === 0 ? j === 1 || j === 4 : j === 4)));
    const known = counts.map((row, i) => row.map((_, j) => i === 0 && j === 1));
    const lines: Position[][] = [
      [[0, 0], [0, 1]],
      [[0, 0], [0, 2], [0, 3], [0, 4]],
      [[1, 0], [1, 1], [1, 2], [1, 3], [1, 4]],
      [[2, 0], [2, 1], [2, 2], [2, 3], [2, 4]],
    ];
    const statuses = suppressSummedTable({ counts, isSum, lines, known });
    expect(statuses[0]?.[0]).toBe('primary');
    // The known figure is marked as a small count, though shown. x is hidden so no line shows a alone; y then keeps
    // x from being worked out (a is known through the 100%). Nothing more: S stays, and the table beside it is untouched.
    expect(statuses[0]?.slice(1)).toEqual(['primary', 'secondary', 'secondary', 'published']);
    expect(statuses.slice(1).flat().every((s) => s === 'published')).toBe(true);
  });
});
