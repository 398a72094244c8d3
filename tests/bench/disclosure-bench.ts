/**
 * Disclosure control on a large nested profile table: groups (e.g. wards)
 * of rows (crime types) by two financial years of months with their
 * subtotal columns, the shape the profile pack suppresses with
 * suppressSummedTable. Seeded, so every run suppresses the same table.
 */
import { mulberry32 } from '../../shared/analytics/series/random';
import { shownTableSums } from '../../shared/disclosure/shown-table';
import { type SummedTable, suppressSummedTable } from '../../shared/disclosure/suppress';
import type { GridRow } from '../../shared/pivot/display-rows';

const MONTHS = 12;
const YEARS = 2;

/** `groups` groups of `children` rows; a share `small` of the month cells hold 1-4 records. */
export function nestedProfileTable(groups: number, children: number, small: number, seed = 1): { table: SummedTable; rows: number; columns: number } {
  const next = mulberry32(seed);
  const columns = Array.from({ length: YEARS }, (_, y) => [
    ...Array.from({ length: MONTHS }, (__, m) => ({ labels: [`FY${y}`, `M${m}`], isSubtotal: false })),
    { labels: [`FY${y}`], isSubtotal: true },
  ]).flat();
  const withSubtotals = (months: number[]): number[] =>
    Array.from({ length: YEARS }, (_, y) => {
      const year = months.slice(y * MONTHS, (y + 1) * MONTHS);
      return [...year, year.reduce((a, b) => a + b, 0)];
    }).flat();
  const row = (kind: GridRow['kind'], key: string[], months: number[]): GridRow => ({
    id: key.join('/'),
    kind,
    key,
    label: key[key.length - 1] ?? 'Total',
    depth: key.length - 1,
    values: [],
    total: null,
    counts: withSubtotals(months),
    countTotal: months.reduce((a, b) => a + b, 0),
  });
  const rows: GridRow[] = [];
  const total = new Array<number>(YEARS * MONTHS).fill(0);
  for (let g = 0; g < groups; g += 1) {
    const leaves = Array.from({ length: children }, () => Array.from({ length: YEARS * MONTHS }, () => (next() < small ? 1 + Math.floor(next() * 4) : Math.floor(next() * 30))));
    const sum = total.map((_, j) => leaves.reduce((a, leaf) => a + (leaf[j] ?? 0), 0));
    sum.forEach((v, j) => (total[j] = (total[j] ?? 0) + v));
    rows.push(row('group', [`G${g}`], sum), ...leaves.map((leaf, k) => row('row', [`G${g}`, `R${k}`], leaf)));
  }
  rows.push(row('total', [], total));
  return { table: shownTableSums({ rows, columns, hasTotalColumn: true }), rows: rows.length, columns: columns.length + 1 };
}

/** Milliseconds to suppress the table. */
export function benchSuppression(table: SummedTable): number {
  const start = performance.now();
  suppressSummedTable(table);
  return performance.now() - start;
}
