import { describe, expect, it } from 'vitest';
import type { PivotResult, PivotRow } from './run-pivot';
import { ROW_HEADER_ID, TOTAL_ID, sortPivotRows } from './sort-rows';

const row = (key: string[], values: (number | null)[], text?: (string | null)[]): PivotRow => ({
  key,
  values,
  total: values.reduce<number>((a, b) => a + (b ?? 0), 0),
  counts: values.map((v) => v ?? 0),
  countTotal: values.reduce<number>((a, b) => a + (b ?? 0), 0),
  ...(text === undefined ? {} : { text }),
});

function pivot(rows: PivotRow[], dims: PivotResult['spec']['rows'], columns: string[][]): PivotResult {
  return {
    spec: { rows: dims, columns: columns.length > 0 ? ['month'] : [], measure: 'count', filters: [] },
    columns,
    rows,
    columnTotals: [],
    grandTotal: null,
    columnCountTotals: [],
    grandCount: 0,
    notes: [],
  };
}

describe('sortPivotRows', () => {
  it('orders groups by their subtotal and rows within each group, never mixing groups', () => {
    const leaves = [
      row(['Ashfield', 'Burglary'], [5]),
      row(['Ashfield', 'Robbery'], [9]),
      row(['Mansfield', 'Burglary'], [1]),
      row(['Mansfield', 'Robbery'], [2]),
      row(['Mansfield', 'Shoplifting'], [30]),
    ];
    const result = pivot(leaves, ['district', 'crime_type'], [['2024-01']]);
    const subtotals = [pivot([row(['Ashfield'], [14]), row(['Mansfield'], [33])], ['district'], [['2024-01']])];
    const sorted = sortPivotRows(result, subtotals, { column: '2024-01', direction: 'desc' });
    expect(sorted.rows.map((r) => r.key.join(' / '))).toEqual([
      'Mansfield / Shoplifting',
      'Mansfield / Robbery',
      'Mansfield / Burglary',
      'Ashfield / Robbery',
      'Ashfield / Burglary',
    ]);
    // Without the subtotal pivots, groups carry no measure and keep their order; their rows are still sorted.
    expect(sortPivotRows(result, [], { column: TOTAL_ID, direction: 'desc' }).rows.map((r) => r.key.join(' / '))).toEqual([
      'Ashfield / Robbery',
      'Ashfield / Burglary',
      'Mansfield / Shoplifting',
      'Mansfield / Robbery',
      'Mansfield / Burglary',
    ]);
  });

  it('sorts text cells (ranks) in numeric order, blanks last either way, and labels by the row header', () => {
    const rows = [
      row(['A'], [10], ['10 of 15']),
      row(['B'], [null], [null]),
      row(['C'], [3], ['3 of 15']),
      row(['D'], [12], ['12 of 15']),
    ];
    const result = pivot(rows, ['iq_area'], [['2024-01']]);
    const order = (direction: 'asc' | 'desc', column = '2024-01'): string[] => sortPivotRows(result, [], { column, direction }).rows.map((r) => r.key[0] ?? '');
    expect(order('asc')).toEqual(['C', 'A', 'D', 'B']);
    expect(order('desc')).toEqual(['D', 'A', 'C', 'B']);
    expect(order('desc', ROW_HEADER_ID)).toEqual(['D', 'C', 'B', 'A']);
    // A sort on a column the pivot no longer has leaves the rows as they were.
    expect(order('asc', '1999-01')).toEqual(['A', 'B', 'C', 'D']);
  });
});
