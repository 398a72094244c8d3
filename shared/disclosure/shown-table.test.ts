import { describe, expect, it } from 'vitest';
import { recoverableByLeaves } from '../../tests/helpers/disclosure-check';
import { mulberry32 } from '../analytics/series/random';
import type { GridRow } from '../pivot/display-rows';
import { shownTableSums } from './shown-table';
import { isHidden, isSmallCount, suppressSummedTable, suppressTable } from './suppress';

/** Seeded, so the random tables are the same every run. */
const rng = mulberry32;

interface Shape {
  /** Children per level of the rows (e.g. [3, 2]: 3 districts of 2 crime types each). */
  rows: number[];
  /** Children per level of the columns; [] for nothing in Columns. */
  columns: number[];
}

/** Every path of labels down a tree with these children per level, depth first. */
function paths(levels: readonly number[], prefix: string[] = []): string[][] {
  const [n, ...rest] = levels;
  if (n === undefined) return [prefix];
  return Array.from({ length: n }, (_, k) => paths(rest, [...prefix, `${String.fromCharCode(65 + prefix.length)}${k}`])).flat();
}

/**
 * A grid as shownPivotLayout gives it, built from random innermost counts:
 * group rows before their children, subtotal columns after their group's
 * columns, each entry the sum of the innermost cells under it.
 */
function randomLayout(shape: Shape, next: () => number): { rows: GridRow[]; columns: { labels: string[]; isSubtotal: boolean }[]; hasTotalColumn: boolean } {
  const leafRows = paths(shape.rows);
  const leafColumns = paths(shape.columns);
  const cell = new Map<string, number>();
  for (const r of leafRows) for (const c of leafColumns) cell.set(`${r.join('/')}|${c.join('/')}`, next() < 0.35 ? Math.floor(next() * 5) : 5 + Math.floor(next() * 20));
  const under = (prefix: readonly string[], all: string[][]): string[][] => all.filter((p) => prefix.every((l, k) => p[k] === l));
  const columns: { labels: string[]; isSubtotal: boolean }[] = [];
  const walkColumns = (prefix: string[], level: number): void => {
    if (level === shape.columns.length) {
      columns.push({ labels: prefix, isSubtotal: false });
      return;
    }
    for (let k = 0; k < (shape.columns[level] ?? 0); k += 1) walkColumns([...prefix, `${String.fromCharCode(65 + level)}${k}`], level + 1);
    if (level > 0) columns.push({ labels: prefix, isSubtotal: true });
  };
  walkColumns([], 0);
  const sum = (rowPrefix: readonly string[], columnPrefix: readonly string[]): number =>
    under(rowPrefix, leafRows).reduce((a, r) => a + under(columnPrefix, leafColumns).reduce((b, c) => b + (cell.get(`${r.join('/')}|${c.join('/')}`) ?? 0), 0), 0);
  const gridRow = (kind: GridRow['kind'], key: string[]): GridRow => {
    const counts = columns.map((c) => sum(key, c.labels));
    const countTotal = sum(key, []);
    return { id: key.join('/'), kind, key, label: key.at(-1) ?? 'Total', depth: Math.max(0, key.length - 1), values: counts, total: countTotal, counts, countTotal };
  };
  const rows: GridRow[] = [];
  const walkRows = (prefix: string[], level: number): void => {
    if (level === shape.rows.length) {
      rows.push(gridRow('row', prefix));
      return;
    }
    if (level > 0) rows.push(gridRow('group', prefix));
    for (let k = 0; k < (shape.rows[level] ?? 0); k += 1) walkRows([...prefix, `${String.fromCharCode(65 + level)}${k}`], level + 1);
  };
  walkRows([], 0);
  rows.push(gridRow('total', []));
  return { rows, columns, hasTotalColumn: shape.columns.length > 0 };
}

describe('disclosure control over subtotals (group rows, subtotal columns)', () => {
  const shapes: Shape[] = [
    { rows: [3, 2], columns: [2, 3] },
    { rows: [2, 3], columns: [4] },
    { rows: [4], columns: [2, 2] },
    { rows: [2, 2, 2], columns: [3] },
    { rows: [3, 3], columns: [] },
    { rows: [5], columns: [] },
  ];

  it('random nested tables: every small count hidden, and no hidden figure can be worked out from what is shown', () => {
    const next = rng(20261201);
    let protectedTables = 0;
    for (const shape of shapes) {
      for (let t = 0; t < 12; t += 1) {
        const layout = randomLayout(shape, next);
        const sums = shownTableSums(layout);
        const statuses = suppressSummedTable(sums, 5);
        sums.counts.forEach((row, i) => row.forEach((n, j) => expect(statuses[i]?.[j] === 'primary', `${i},${j}`).toBe(isSmallCount(n, 5))));
        const hidden = statuses.map((row) => row.map(isHidden));
        expect(recoverableByLeaves(layout, hidden)).toEqual([]);
        if (hidden.flat().some(Boolean)) protectedTables += 1;
      }
    }
    expect(protectedTables).toBeGreaterThan(50);
  });

  it('the check catches what the old flat pattern misses: hiding a small leaf only in its own row and column leaves it in its group row', () => {
    // District A: crime types 3 and 10 by two columns; B has only big counts.
    const layout = randomLayout({ rows: [2, 2], columns: [2] }, () => 0.9);
    const sums = shownTableSums(layout);
    expect(layout.rows.map((r) => r.kind)).toEqual(['group', 'row', 'row', 'group', 'row', 'row', 'total']);
    expect(sums.lines.length).toBe(3 * 3 + 7);
    // Hide one leaf and a partner in its row and column, as a table without group rows would: the group row gives it away.
    const hidden = layout.rows.map(() => [false, false, false]);
    for (const [i, j] of [
      [1, 0],
      [1, 1],
      [2, 0],
      [2, 1],
    ] as const) {
      const row = hidden[i];
      if (row) row[j] = true;
    }
    expect(recoverableByLeaves(layout, hidden)).toEqual([]);
    const onlyInLeaves = layout.rows.map(() => [false, false, false]);
    for (const [i, j] of [
      [1, 0],
      [1, 1],
      [4, 0],
      [4, 1],
    ] as const) {
      const row = onlyInLeaves[i];
      if (row) row[j] = true;
    }
    // Group row A (row 0) still shows both columns: A's first crime type is A's figure minus its second.
    expect(recoverableByLeaves(layout, onlyInLeaves).length).toBeGreaterThan(0);
  });

  it('one row and one column dimension: the same pattern as suppressTable (flat tables in the pack hide what they always hid)', () => {
    const next = rng(7);
    for (let t = 0; t < 30; t += 1) {
      const layout = randomLayout({ rows: [2 + Math.floor(next() * 4)], columns: [2 + Math.floor(next() * 4)] }, next);
      const statuses = suppressSummedTable(shownTableSums(layout), 5);
      const leaves = layout.rows.slice(0, -1);
      const flat = suppressTable(leaves.map((r) => r.counts));
      expect(statuses).toEqual([...flat.cells.map((row, i) => [...row, flat.rowTotals[i]]), [...flat.columnTotals, flat.grandTotal]]);
    }
  });
});

