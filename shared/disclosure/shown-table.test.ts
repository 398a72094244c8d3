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

  it('shares: the figures a share table gives whatever is hidden (a row\'s 100%, a column\'s, the grand total\'s) protect nothing, so nothing hidden can be worked out with them known', () => {
    const uniform = rng(4242);
    // Many small counts, so whole rows and columns are small and their totals hidden too.
    const next = (): number => uniform() * 0.55;
    // A share's denominator (the row's, the column's or the grand total) is taken as known: it is published beside the
    // shares in any count table of the same view, and exact shares give it away through their fractions.
    const knownIn = {
      share_row: (layout: ReturnType<typeof randomLayout>, _i: number, j: number): boolean => !layout.hasTotalColumn || j === layout.columns.length,
      share_col: (layout: ReturnType<typeof randomLayout>, i: number): boolean => i === layout.rows.length - 1,
      share_total: (layout: ReturnType<typeof randomLayout>, i: number, j: number): boolean => i === layout.rows.length - 1 && (!layout.hasTotalColumn || j === layout.columns.length),
    } as const;
    let leaksWithoutKnown = 0;
    let checked = 0;
    for (const measure of ['share_row', 'share_col', 'share_total'] as const) {
      for (const shape of shapes) {
        for (let t = 0; t < 10; t += 1) {
          const layout = randomLayout(shape, next);
          const isKnown = (i: number, j: number): boolean => knownIn[measure](layout, i, j);
          const attackersView = (statuses: readonly (readonly string[])[]): boolean[][] =>
            statuses.map((row, i) => row.map((s, j) => s !== 'published' && !isKnown(i, j)));
          const statuses = suppressSummedTable(shownTableSums(layout, measure), 5);
          const hidden = attackersView(statuses);
          expect(recoverableByLeaves(layout, hidden), `${measure} ${JSON.stringify(shape)} #${t}`).toEqual([]);
          // Small counts stay hidden (as [c]) wherever they are not a known figure.
          sums(layout).forEach((row, i) => row.forEach((n, j) => isSmallCount(n, 5) && !isKnown(i, j) && expect(hidden[i]?.[j]).toBe(true)));
          const countPattern = suppressSummedTable(shownTableSums(layout), 5);
          if (recoverableByLeaves(layout, attackersView(countPattern)).length > 0) leaksWithoutKnown += 1;
          if (hidden.flat().some(Boolean)) checked += 1;
        }
      }
    }
    // The count table's pattern alone, applied to shares, would let some hidden share be worked out.
    expect(leaksWithoutKnown).toBeGreaterThan(0);
    expect(checked).toBeGreaterThan(100);
  });

  it('changes on an earlier period: figures built on a small earlier count are withheld, and with blank totals across periods none can be worked out', () => {
    const next = rng(99);
    let forcedCells = 0;
    for (const shape of shapes.filter((s) => s.columns.length > 0)) {
      for (let t = 0; t < 12; t += 1) {
        const layout = randomLayout(shape, next);
        // A change's total across periods is blank; some cells' earlier periods are small (planted at random).
        const totalColumn = layout.columns.length;
        const rows = layout.rows.map((row) => ({ ...row, total: null, inputCounts: row.counts.map(() => (next() < 0.12 ? 1 + Math.floor(next() * 4) : 9)) }));
        const withInputs = { ...layout, rows };
        const statuses = suppressSummedTable(shownTableSums(withInputs, 'change_prev'), 5);
        rows.forEach((row, i) =>
          row.inputCounts.forEach((n, j) => {
            if (!isSmallCount(n, 5)) return;
            forcedCells += 1;
            expect(statuses[i]?.[j], `${i},${j}`).toBe('primary');
          }),
        );
        // The reader sees neither the withheld figures nor the blank totals.
        const unseen = statuses.map((row) => row.map((s, j) => s !== 'published' || j === totalColumn));
        const recovered = recoverableByLeaves(layout, unseen).filter(([i, j]) => j !== totalColumn || statuses[i]?.[j] !== 'published');
        expect(recovered, `${JSON.stringify(shape)} #${t}`).toEqual([]);
      }
    }
    expect(forcedCells).toBeGreaterThan(30);
  });
});

function sums(layout: ReturnType<typeof randomLayout>): number[][] {
  return shownTableSums(layout).counts.map((row) => [...row]);
}
