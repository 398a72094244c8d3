import { describe, expect, it } from 'vitest';
import type { PivotResult, PivotRow } from '../../../shared/pivot/run-pivot';
import type { PivotSpec } from '../../../shared/pivot/spec';
import { type ColumnSubtotal, columnTree, displayPivot, heatColour, visibleResult, visibleRows, withCellText } from './grid-model';

/** A count pivot from records, by brute force: every (row key, column key) cell and the totals. */
function countPivot(spec: PivotSpec, records: readonly Record<string, string>[]): PivotResult {
  const keyOf = (r: Record<string, string>, dims: readonly string[]): string[] => dims.map((d) => r[d] ?? '');
  const rowKeys = [...new Set(records.map((r) => JSON.stringify(keyOf(r, spec.rows))))].sort().map((k) => JSON.parse(k) as string[]);
  const colKeys = [...new Set(records.map((r) => JSON.stringify(keyOf(r, spec.columns))))].sort().map((k) => JSON.parse(k) as string[]);
  const count = (row: string[] | null, col: string[] | null): number =>
    records.filter(
      (r) =>
        (row === null || JSON.stringify(keyOf(r, spec.rows.slice(0, row.length))) === JSON.stringify(row)) &&
        (col === null || JSON.stringify(keyOf(r, spec.columns)) === JSON.stringify(col)),
    ).length;
  const rows: PivotRow[] = rowKeys.map((key) => {
    const counts = colKeys.map((c) => count(key, c));
    return { key, values: counts, total: count(key, null), counts, countTotal: count(key, null) };
  });
  const columnTotals = colKeys.map((c) => count(null, c));
  return { spec, columns: colKeys, rows, columnTotals, grandTotal: records.length, columnCountTotals: columnTotals, grandCount: records.length, notes: [] };
}

const RECORDS: Record<string, string>[] = [
  ['Ashfield', 'Burglary', 'F', '2023/24', '2023-04'],
  ['Ashfield', 'Burglary', 'M', '2023/24', '2023-05'],
  ['Ashfield', 'Robbery', 'F', '2024/25', '2024-04'],
  ['Mansfield', 'Burglary', 'F', '2023/24', '2023-04'],
  ['Mansfield', 'Burglary', 'F', '2023/24', '2023-04'],
  ['Mansfield', 'Burglary', 'M', '2024/25', '2024-04'],
  ['Mansfield', 'Robbery', 'M', '2024/25', '2024-04'],
  ['Mansfield', 'Robbery', 'M', '2023/24', '2023-05'],
  ['Mansfield', 'Vehicle', 'F', '2023/24', '2023-05'],
].map(([district = '', crime_type = '', sex = '', fin_year = '', month = '']) => ({ district, crime_type, sex, fin_year, month }));

const SPEC: PivotSpec = { rows: ['district', 'crime_type', 'sex'], columns: ['fin_year', 'month'], measure: 'count', filters: [] };
const result = countPivot(SPEC, RECORDS);
const subtotals = [countPivot({ ...SPEC, rows: ['district'] }, RECORDS), countPivot({ ...SPEC, rows: ['district', 'crime_type'] }, RECORDS)];
const none = { hidesEmptyRows: false, collapsed: new Set<string>() };

describe('nested rows', () => {
  it('puts a group row with its subtotal above each group, to any depth, children indented', () => {
    const rows = visibleRows(result, subtotals, none);
    expect(rows.map((r) => `${'  '.repeat(r.depth)}${r.kind === 'group' ? '+' : '-'}${r.label}=${r.countTotal}`)).toEqual([
      '+Ashfield=3',
      '  +Burglary=2',
      '    -F=1',
      '    -M=1',
      '  +Robbery=1',
      '    -F=1',
      '+Mansfield=6',
      '  +Burglary=3',
      '    -F=2',
      '    -M=1',
      '  +Robbery=2',
      '    -M=2',
      '  +Vehicle=1',
      '    -F=1',
    ]);
    expect(rows[1]?.id).toBe('group:Ashfield / Burglary');
    expect(rows[2]?.id).toBe('Ashfield / Burglary / F');
  });

  it('sorts siblings within their group by a column, largest first, and subtotals stay above their rows', () => {
    const rows = visibleRows(result, subtotals, { ...none, sort: { column: '__total', direction: 'desc' } });
    const order = rows.map((r) => r.key.join('/'));
    expect(order.slice(0, 1)).toEqual(['Mansfield']);
    // Every row comes after its group row and before the next group at its parent's level.
    for (const [i, row] of rows.entries()) {
      if (row.depth === 0) continue;
      const parent = rows.slice(0, i).reverse().find((r) => r.depth === row.depth - 1);
      expect(parent?.kind).toBe('group');
      expect(row.key.slice(0, -1)).toEqual(parent?.key);
    }
    // Within Mansfield the crime types are in descending total: Burglary 3, Robbery 2, Vehicle 1.
    expect(rows.filter((r) => r.depth === 1 && r.key[0] === 'Mansfield').map((r) => r.countTotal)).toEqual([3, 2, 1]);
    // By one month column: Mansfield has 2 in April 2023, Ashfield 1.
    const byMonth = visibleRows(result, subtotals, { ...none, sort: { column: '2023/24 / 2023-04', direction: 'desc' } });
    expect(byMonth.filter((r) => r.depth === 0).map((r) => r.label)).toEqual(['Mansfield', 'Ashfield']);
    // A column the pivot does not have leaves the order alone.
    expect(visibleRows(result, subtotals, { ...none, sort: { column: 'No such column', direction: 'desc' } })).toEqual(visibleRows(result, subtotals, none));
  });

  it('sorts by the row labels both ways, and collapsing hides a group but keeps its subtotal', () => {
    const desc = visibleRows(result, subtotals, { ...none, sort: { column: '__row', direction: 'desc' } });
    expect(desc.filter((r) => r.depth === 0).map((r) => r.label)).toEqual(['Mansfield', 'Ashfield']);
    const collapsed = visibleRows(result, subtotals, { ...none, collapsed: new Set(['Mansfield / Burglary']) });
    expect(collapsed.some((r) => r.key.join('/') === 'Mansfield/Burglary/F')).toBe(false);
    expect(collapsed.find((r) => r.id === 'group:Mansfield / Burglary')?.isCollapsed).toBe(true);
  });

  it('hides empty rows and groups, and exports group rows as subtotals in the same order', () => {
    const withEmpty: PivotResult = { ...result, rows: [...result.rows, { key: ['Newark', 'Burglary', 'F'], values: [0, 0, 0, 0], total: 0, counts: [0, 0, 0, 0], countTotal: 0 }] };
    expect(visibleRows(withEmpty, subtotals, none).some((r) => r.key[0] === 'Newark')).toBe(true);
    expect(visibleRows(withEmpty, subtotals, { ...none, hidesEmptyRows: true }).some((r) => r.key[0] === 'Newark')).toBe(false);
    const shown = visibleRows(result, subtotals, none);
    expect(visibleResult(result, shown).rows.slice(0, 3).map((r) => r.key.join(' / '))).toEqual(['Ashfield / Subtotal', 'Ashfield / Burglary / Subtotal', 'Ashfield / Burglary / F']);
  });

  it('uses words from the engine when a measure gives them, and sorts by them', () => {
    const worded: PivotResult = {
      ...result,
      rows: result.rows.map((row, i) => Object.assign({}, row, { text: row.values.map(() => (i % 2 === 0 ? 'above' : 'below')) })),
    };
    const leaves = (direction: 'asc' | 'desc'): string[] =>
      visibleRows(worded, subtotals, { ...none, sort: { column: '2023/24 / 2023-04', direction } })
        .filter((r) => r.kind === 'row' && r.key[0] === 'Ashfield' && r.key[1] === 'Burglary')
        .map((r) => `${r.label}:${r.text?.[0] ?? ''}`);
    expect(leaves('asc')).toEqual(['F:above', 'M:below']);
    expect(leaves('desc')).toEqual(['M:below', 'F:above']);
  });
});

describe('column groups', () => {
  it('groups months under their financial year, in order', () => {
    const tree = columnTree(result.columns);
    expect(tree.map((n) => (n.kind === 'group' ? `${n.label}[${n.children.map((c) => c.label).join(',')}]` : n.label))).toEqual([
      '2023/24[2023-04,2023-05]',
      '2024/25[2024-04]',
    ]);
    const leaf = tree[0]?.kind === 'group' ? tree[0].children[1] : undefined;
    expect(leaf).toEqual({ kind: 'leaf', id: '2023/24 / 2023-05', label: '2023-05', index: 1 });
    // One column dimension: plain columns with their own labels as ids.
    expect(columnTree([['Ashfield'], ['Mansfield']])).toEqual([
      { kind: 'leaf', id: 'Ashfield', label: 'Ashfield', index: 0 },
      { kind: 'leaf', id: 'Mansfield', label: 'Mansfield', index: 1 },
    ]);
  });
});

describe('exports of worded cells', () => {
  it('puts the words where the grid shows them, numbers elsewhere', () => {
    const rows = visibleRows(
      { ...result, spec: { ...SPEC, rows: ['district'] }, rows: subtotals[0]?.rows.map((row) => ({ ...row, text: [null, 'above', null], totalText: 'rank 1 of 2' })) ?? [] },
      [],
      none,
    );
    const table = { header: [], columns: ['District', 'a', 'b', 'c', 'Total'], rows: rows.map((r) => [r.label, ...r.values, r.total]) };
    const out = withCellText(table, rows);
    expect(result.columns).toHaveLength(3);
    expect(out.rows[0]).toEqual(['Ashfield', rows[0]?.values[0], 'above', rows[0]?.values[2], 'rank 1 of 2']);
    // Without words the table is returned as it was.
    expect(withCellText(table, visibleRows(result, subtotals, none))).toBe(table);
  });
});

describe('column group subtotals', () => {
  const spec: PivotSpec = { rows: ['district', 'crime_type'], columns: ['fin_year', 'month'], measure: 'count', filters: [] };
  const main = countPivot(spec, RECORDS);
  const rowSubtotals = [countPivot({ ...spec, rows: ['district'] }, RECORDS)];
  const columnSubtotals: ColumnSubtotal[] = [1, 2].map((rowDepth) => ({
    rowDepth,
    columnDepth: 1,
    result: countPivot({ ...spec, rows: spec.rows.slice(0, rowDepth), columns: ['fin_year'] }, RECORDS),
  }));
  const brute = (district: string | null, type: string | null, year: string): number =>
    RECORDS.filter((r) => (district === null || r.district === district) && (type === null || r.crime_type === type) && r.fin_year === year).length;

  it('adds a Total column after each financial year, with figures from the pivot by year', () => {
    const shown = displayPivot(main, rowSubtotals, columnSubtotals);
    expect(shown.result.columns.map((labels) => labels.join(' / '))).toEqual([
      '2023/24 / 2023-04',
      '2023/24 / 2023-05',
      '2023/24 / Total',
      '2024/25 / 2024-04',
      '2024/25 / Total',
    ]);
    expect([...shown.subtotalColumns]).toEqual([2, 4]);
    expect(shown.drillKeys[2]).toEqual(['2023/24']);
    const rows = visibleRows(shown.result, shown.subtotals, none);
    for (const row of rows) {
      const [district = null, type = null] = row.key;
      expect(row.values[2]).toBe(brute(district, type, '2023/24'));
      expect(row.values[4]).toBe(brute(district, type, '2024/25'));
      expect(row.counts[4]).toBe(brute(district, type, '2024/25'));
    }
    const inMonth = (month: string): number => RECORDS.filter((r) => r.month === month).length;
    expect(shown.result.columnTotals).toEqual([inMonth('2023-04'), inMonth('2023-05'), brute(null, null, '2023/24'), inMonth('2024-04'), brute(null, null, '2024/25')]);
    // Column groups in the header: the Total leaf sits under its year.
    const tree = columnTree(shown.result.columns);
    expect(tree.map((n) => (n.kind === 'group' ? `${n.label}[${n.children.map((c) => c.label).join(',')}]` : n.label))).toEqual([
      '2023/24[2023-04,2023-05,Total]',
      '2024/25[2024-04,Total]',
    ]);
    // Sorting by a subtotal column works like any other.
    const sorted = visibleRows(shown.result, shown.subtotals, { ...none, sort: { column: '2024/25 / Total', direction: 'desc' } });
    expect(sorted.filter((r) => r.depth === 0).map((r) => r.label)).toEqual(['Mansfield', 'Ashfield']);
  });

  it('shows the columns as they are until every subtotal pivot is there, and with one column dimension', () => {
    expect(displayPivot(main, rowSubtotals, columnSubtotals.slice(0, 1)).result).toBe(main);
    const flat = countPivot({ ...spec, columns: ['fin_year'] }, RECORDS);
    expect(displayPivot(flat, rowSubtotals, []).result).toBe(flat);
  });
});

describe('heatmap text contrast', () => {
  // Worked out here from the WCAG formula; the colours come as rgb(r, g, b) or #rrggbb.
  const luminance = (colour: string): number => {
    const parts = colour.startsWith('#') ? [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) : (colour.match(/\d+/g) ?? []).map(Number);
    const [r = 0, g = 0, b = 0] = parts.map((c) => {
      const v = c / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string): number => {
    const [hi = 0, lo = 0] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };

  it('every shade of the scale keeps its figure at 4.5:1 or more (WCAG 1.4.3)', () => {
    const range = { min: 0, max: 1000 };
    for (let value = 0; value <= 1000; value++) {
      const { backgroundColor, color } = heatColour(value, range);
      expect(contrast(backgroundColor, color), `${value}: ${color} on ${backgroundColor}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('changes are shaded against no change: nought is the neutral middle, falls blue, rises red, alike for alike sizes', () => {
    const range = { min: -40, max: 20 };
    const rgb = (value: number): number[] => (heatColour(value, range, { signed: true }).backgroundColor.match(/\d+/g) ?? []).map(Number);
    expect(rgb(0)).toEqual([247, 247, 247]);
    expect(rgb(-40)).toEqual([33, 102, 172]);
    const [fallR = 0, , fallB = 0] = rgb(-20);
    const [riseR = 0, , riseB = 0] = rgb(20);
    expect(fallB).toBeGreaterThan(fallR);
    expect(riseR).toBeGreaterThan(riseB);
    // The smallest figure is not the palest: on the plain scale -40 would be white.
    expect(heatColour(-40, range).backgroundColor).toBe('rgb(247, 251, 255)');
    for (let value = -1000; value <= 1000; value += 5) {
      const { backgroundColor, color } = heatColour(value, { min: -1000, max: 600 }, { signed: true });
      expect(contrast(backgroundColor, color), `${value}: ${color} on ${backgroundColor}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});
