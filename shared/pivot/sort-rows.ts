/**
 * A pivot's rows in a saved sort (a view's `sort`), shared by the grid and
 * the command line's `export --view` so both list rows in the same order.
 * Sorting orders siblings within their group: with nested rows each group
 * is ordered by its subtotal, and its rows stay beneath it.
 */
import type { ViewSort } from '../views';
import type { PivotResult, PivotRow } from './run-pivot';

/** The sort column of the row labels, and of the Total column (as the grid names them). */
export const ROW_HEADER_ID = '__row';
export const TOTAL_ID = '__total';
/** The sort column of a pivot with no column dimension (its one value column). */
export const VALUE_COLUMN_ID = 'value';

/** A column's id and key: its labels joined (the id the grid, drill-through and sort use). */
export function columnKey(labels: readonly string[]): string {
  return labels.join(' / ');
}

/** A group's path: what collapsing remembers. */
export function groupPath(key: readonly string[]): string {
  return key.join(' / ');
}

export interface RowNode {
  key: string[];
  /** The leaf's row, or the group's subtotal row. */
  row: PivotRow;
  /** Leaves under this node, for a subtotal summed when none was computed. */
  leaves: PivotRow[];
  children: RowNode[];
}

/** Subtotal of a group from its children, for when the subtotal pivot is not there (yet): counts only. */
function summedGroup(key: string[], children: readonly PivotRow[], columns: number): PivotRow {
  const counts = Array.from({ length: columns }, (_, j) => children.reduce((sum, c) => sum + (c.counts[j] ?? 0), 0));
  const countTotal = counts.reduce((a, b) => a + b, 0);
  return { key, values: counts.map(() => null), total: null, counts, countTotal };
}

/**
 * Builds the row tree; rows arrive sorted by the row dimensions, so groups
 * are consecutive runs. `subtotals[k]` is the pivot by the first k+1 row
 * dimensions (null or missing when not run).
 */
export function rowTree(result: PivotResult, subtotals: readonly (PivotResult | null)[]): RowNode[] {
  const depth = result.spec.rows.length;
  const subtotalOf = subtotals.map((pivot) => new Map((pivot?.rows ?? []).map((row) => [groupPath(row.key), row])));
  const roots: RowNode[] = [];
  const groups = new Map<string, RowNode>();
  for (const row of result.rows) {
    let siblings = roots;
    for (let level = 1; level < depth; level++) {
      const key = row.key.slice(0, level);
      const path = groupPath(key);
      let group = groups.get(path);
      if (group === undefined) {
        group = { key, row: subtotalOf[level - 1]?.get(path) ?? { key, values: [], total: null, counts: [], countTotal: 0 }, leaves: [], children: [] };
        groups.set(path, group);
        siblings.push(group);
      }
      group.leaves.push(row);
      siblings = group.children;
    }
    siblings.push({ key: row.key, row, leaves: [row], children: [] });
  }
  for (const [path, group] of groups) {
    const level = group.key.length;
    if (subtotalOf[level - 1]?.has(path) !== true) group.row = summedGroup(group.key, group.leaves, result.columns.length);
  }
  return roots;
}

type SortValue = number | string | null;

/** What a row is sorted by in the sort column: its text when the measure gives words, else its number. */
function sortValueOf(result: PivotResult, sort: ViewSort): ((node: RowNode) => SortValue) | null {
  if (sort.column === ROW_HEADER_ID) return (node) => node.key[node.key.length - 1] ?? '';
  if (sort.column === TOTAL_ID) return (node) => node.row.totalText ?? node.row.total;
  const j = result.columns.findIndex((labels) => (result.spec.columns.length > 0 ? columnKey(labels) : VALUE_COLUMN_ID) === sort.column);
  if (j < 0) return null;
  return (node) => node.row.text?.[j] ?? node.row.values[j] ?? null;
}

const COLLATOR = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** Ascending order of two sort values; blanks go last whichever the direction (sortTree handles that). */
function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return COLLATOR.compare(a ?? '', b ?? '');
}

function sortTree(nodes: RowNode[], valueOf: (node: RowNode) => SortValue, direction: ViewSort['direction']): RowNode[] {
  const sign = direction === 'asc' ? 1 : -1;
  const isBlank = (v: SortValue): boolean => v === null || (typeof v === 'number' && !Number.isFinite(v));
  // Array.prototype.sort is stable: ties keep the pivot's own order.
  return [...nodes]
    .sort((x, y) => {
      const a = valueOf(x);
      const b = valueOf(y);
      if (isBlank(a) || isBlank(b)) return Number(isBlank(a)) - Number(isBlank(b));
      return sign * compareValues(a, b);
    })
    .map((node) => ({ ...node, children: sortTree(node.children, valueOf, direction) }));
}

/** The row tree in the sort's order; a sort on a column the pivot no longer has leaves it as it is. */
export function sortedRowTree(result: PivotResult, subtotals: readonly (PivotResult | null)[], sort: ViewSort | null | undefined): RowNode[] {
  const tree = rowTree(result, subtotals);
  const valueOf = sort ? sortValueOf(result, sort) : null;
  return sort && valueOf !== null ? sortTree(tree, valueOf, sort.direction) : tree;
}

/** The pivot with its rows in the sort's order (groups by their subtotals), for exports without group rows. */
export function sortPivotRows(result: PivotResult, subtotals: readonly (PivotResult | null)[], sort: ViewSort | null | undefined): PivotResult {
  if (!sort) return result;
  const rows: PivotRow[] = [];
  const walk = (nodes: readonly RowNode[]): void => {
    for (const node of nodes) {
      if (node.children.length === 0) rows.push(node.row);
      else walk(node.children);
    }
  };
  walk(sortedRowTree(result, subtotals, sort));
  return { ...result, rows };
}
