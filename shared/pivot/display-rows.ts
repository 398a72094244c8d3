/**
 * The pivot as the grid shows it, built from the PivotResult alone (no AG
 * Grid row grouping, which is an Enterprise feature): with several row
 * dimensions every value of each but the last gets a group row carrying its
 * subtotal, followed by its indented child rows; with several column
 * dimensions each column group gets a subtotal column. Sorting orders
 * siblings within their group, so a subtotal row never leaves its children.
 * The grid, the app's CSV and XLSX exports and the command line's
 * `export --view` all build on these, so an export is the table as shown.
 */
import type { RateInterval } from '../analytics/rate-interval';
import type { ExportTable } from '../export/pivot-table';
import type { ViewSort } from '../views';
import type { PivotResult, PivotRow } from './run-pivot';
import type { PivotSpec } from './spec';
import { ROW_HEADER_ID, TOTAL_ID, columnKey, groupPath, sortedRowTree, type RowNode } from './sort-rows';

export { ROW_HEADER_ID, TOTAL_ID, columnKey, groupPath };

export type GridRowKind = 'row' | 'group' | 'total';

/** What a row carries besides its figures and counts, when it has it. */
type RowExtras = Pick<PivotRow, 'text' | 'totalText' | 'inputCounts' | 'intervals' | 'totalInterval'>;

export interface GridRow extends RowExtras {
  id: string;
  kind: GridRowKind;
  /** One label per row dimension it stands for: a group row has only its level's prefix. */
  key: string[];
  label: string;
  /** 0 for top-level rows and groups, 1 for the level beneath, and so on. */
  depth: number;
  values: (number | null)[];
  total: number | null;
  counts: number[];
  countTotal: number;
  /** Group rows only: its child rows are hidden. */
  isCollapsed?: boolean;
}

export interface VisibleRowOptions {
  hidesEmptyRows: boolean;
  /** Paths (labels joined with " / ") of groups whose children are hidden. */
  collapsed: ReadonlySet<string>;
  sort?: ViewSort | null;
}

function extrasOf(row: RowExtras): RowExtras {
  return {
    ...(row.text === undefined ? {} : { text: row.text }),
    ...(row.totalText === undefined ? {} : { totalText: row.totalText }),
    ...(row.inputCounts === undefined ? {} : { inputCounts: row.inputCounts }),
    ...(row.intervals === undefined ? {} : { intervals: row.intervals }),
    ...(row.totalInterval === undefined ? {} : { totalInterval: row.totalInterval }),
  };
}

function fromPivotRow(row: PivotRow, kind: GridRowKind, depth: number, label: string, id: string): GridRow {
  return {
    id,
    kind,
    key: row.key,
    label,
    depth,
    values: row.values,
    total: row.total,
    counts: row.counts,
    countTotal: row.countTotal,
    ...extrasOf(row),
  };
}

export function isNested(result: PivotResult): boolean {
  return result.spec.rows.length > 1;
}

/** A row's id: its labels joined, as the flat grid has always used (tests and selection rely on it). */
export function rowId(key: readonly string[]): string {
  return key.join(' / ') || 'All records';
}

export function groupId(key: readonly string[] | string): string {
  return `group:${typeof key === 'string' ? key : groupPath(key)}`;
}

export function visibleRows(result: PivotResult, subtotals: readonly (PivotResult | null)[], options: VisibleRowOptions): GridRow[] {
  const keeps = (row: PivotRow): boolean => !options.hidesEmptyRows || row.countTotal > 0;
  const tree = sortedRowTree(result, subtotals, options.sort);
  const out: GridRow[] = [];
  const walk = (nodes: readonly RowNode[], depth: number): void => {
    for (const node of nodes) {
      if (!keeps(node.row)) continue;
      const label = node.key[node.key.length - 1] ?? '';
      if (node.children.length === 0 && node.key.length === result.spec.rows.length) {
        out.push(fromPivotRow(node.row, 'row', depth, isNested(result) ? label : rowId(node.key), rowId(node.key)));
        continue;
      }
      const path = groupPath(node.key);
      const isCollapsed = options.collapsed.has(path);
      out.push({ ...fromPivotRow(node.row, 'group', depth, label, groupId(node.key)), key: node.key, isCollapsed });
      if (!isCollapsed) walk(node.children, depth + 1);
    }
  };
  walk(tree, 0);
  return out;
}

export function totalRow(result: PivotResult): GridRow {
  return {
    id: TOTAL_ID,
    kind: 'total',
    key: [],
    label: result.totalLabels?.row ?? 'Total',
    depth: 0,
    values: result.columnTotals,
    total: result.grandTotal,
    counts: result.columnCountTotals,
    countTotal: result.grandCount,
    ...(result.columnTotalsText === undefined ? {} : { text: result.columnTotalsText }),
    ...(result.columnInputCounts === undefined ? {} : { inputCounts: result.columnInputCounts }),
    ...(result.columnTotalIntervals === undefined ? {} : { intervals: result.columnTotalIntervals }),
    ...(result.grandTotalInterval === undefined ? {} : { totalInterval: result.grandTotalInterval }),
  };
}

/**
 * The visible rows as a PivotResult for the shared exporter: a group row
 * becomes "<group> / Subtotal", so the export reads like the indented grid.
 */
export function visibleResult(result: PivotResult, rows: readonly GridRow[]): PivotResult {
  return {
    ...result,
    rows: rows.map((row): PivotRow => ({
      key: row.kind === 'group' ? [...row.key, 'Subtotal'] : row.key,
      values: row.values,
      total: row.total,
      counts: row.counts,
      countTotal: row.countTotal,
      ...extrasOf(row),
    })),
  };
}

/**
 * Cells a measure gives as words (an iQuanta position, a rank) go out as
 * those words, as the grid shows them. The table's rows are the visible rows
 * then the Total row: the label, one cell per column, then the row's total.
 */
export function withCellText(table: ExportTable, rows: readonly GridRow[]): ExportTable {
  if (!rows.some((row) => row.text !== undefined || row.totalText !== undefined)) return table;
  return {
    ...table,
    rows: table.rows.map((cells, i) => {
      const row = rows[i];
      if (row === undefined) return cells;
      return cells.map((cell, c) => {
        if (c === 0) return cell;
        const text = c === row.values.length + 1 ? row.totalText : row.text?.[c - 1];
        return text ?? cell;
      });
    }),
  };
}

/** The label of a column group's subtotal column, under the group's header. */
export const SUBTOTAL_COLUMN_LABEL = 'Total';

/** One pivot behind the column subtotals: the first `rowDepth` row dimensions by the first `columnDepth` column dimensions. */
export interface ColumnSubtotal {
  rowDepth: number;
  columnDepth: number;
  result: PivotResult | null;
}

/** The pivot as displayed: column subtotals put in, and what each displayed column stands for. */
export interface DisplayPivot {
  result: PivotResult;
  subtotals: (PivotResult | null)[];
  /** Displayed columns that are subtotals (kept off the heatmap's scale). */
  subtotalColumns: ReadonlySet<number>;
  /** Per displayed column, the column labels its records have (a subtotal's are its group's): for drill-through. */
  drillKeys: string[][];
}

interface DisplayColumn {
  labels: string[];
  /** The result's column index, or the subtotal's depth and group labels. */
  source: { index: number } | { depth: number; prefix: string[] };
}

function displayColumns(columns: readonly string[][], depth: number): DisplayColumn[] {
  const out: DisplayColumn[] = [];
  for (const [i, labels] of columns.entries()) {
    out.push({ labels, source: { index: i } });
    const next = columns[i + 1];
    // After the last column of a group, its subtotal: innermost groups first (a quarter's, then its year's).
    for (let k = depth - 1; k >= 1; k--) {
      const prefix = labels.slice(0, k);
      if (next !== undefined && columnKey(next.slice(0, k)) === columnKey(prefix)) break;
      out.push({ labels: [...prefix, SUBTOTAL_COLUMN_LABEL], source: { depth: k, prefix } });
    }
  }
  return out;
}

/**
 * With nested columns (financial year, then month), each group of columns
 * gets a subtotal column after its last one. The figures come from pivots
 * the engine ran by fewer column dimensions, so a share or a rate in a
 * subtotal is computed, never summed. Without them (or with one column
 * dimension) the pivot shows as it is.
 */
export function displayPivot(result: PivotResult, subtotals: readonly (PivotResult | null)[], columnSubtotals: readonly ColumnSubtotal[]): DisplayPivot {
  const depth = result.spec.columns.length;
  const plain: DisplayPivot = { result, subtotals: [...subtotals], subtotalColumns: new Set(), drillKeys: result.columns };
  if (depth < 2) return plain;
  const columns = displayColumns(result.columns, depth);
  const rowDepth = result.spec.rows.length;
  const pivotAt = (rows: number, k: number): PivotResult | null =>
    columnSubtotals.find((c) => c.rowDepth === rows && c.columnDepth === k)?.result ?? null;
  // Every subtotal needs its pivots: without them (still running, or refused) the columns stay as they are.
  for (let k = 1; k < depth; k++) for (let r = rowDepth === 0 ? 0 : 1; r <= rowDepth; r++) if (pivotAt(r, k) === null) return plain;

  const indexes = new Map<PivotResult, Map<string, number>>();
  const columnIndex = (pivot: PivotResult, prefix: readonly string[]): number => {
    let map = indexes.get(pivot);
    if (map === undefined) {
      map = new Map(pivot.columns.map((labels, j) => [columnKey(labels), j]));
      indexes.set(pivot, map);
    }
    return map.get(columnKey(prefix)) ?? -1;
  };
  const rowIndexes = new Map<PivotResult, Map<string, PivotRow>>();
  const rowOf = (pivot: PivotResult, key: readonly string[]): PivotRow | undefined => {
    let map = rowIndexes.get(pivot);
    if (map === undefined) {
      map = new Map(pivot.rows.map((row) => [groupPath(row.key), row]));
      rowIndexes.set(pivot, map);
    }
    return map.get(groupPath(key));
  };

  const expand = (row: PivotRow): PivotRow => {
    const values: (number | null)[] = [];
    const counts: number[] = [];
    const text: (string | null)[] = [];
    const inputCounts: number[] = [];
    const intervals: (RateInterval | null)[] = [];
    for (const column of columns) {
      if ('index' in column.source) {
        values.push(row.values[column.source.index] ?? null);
        counts.push(row.counts[column.source.index] ?? 0);
        text.push(row.text?.[column.source.index] ?? null);
        inputCounts.push(row.inputCounts?.[column.source.index] ?? 0);
        intervals.push(row.intervals?.[column.source.index] ?? null);
        continue;
      }
      const pivot = pivotAt(row.key.length, column.source.depth);
      const other = pivot === null ? undefined : rowOf(pivot, row.key);
      const j = pivot === null ? -1 : columnIndex(pivot, column.source.prefix);
      values.push(other?.values[j] ?? null);
      counts.push(other?.counts[j] ?? 0);
      text.push(other?.text?.[j] ?? null);
      inputCounts.push(other?.inputCounts?.[j] ?? 0);
      intervals.push(other?.intervals?.[j] ?? null);
    }
    return {
      ...row,
      values,
      counts,
      ...(text.some((t) => t !== null) ? { text } : {}),
      ...(row.inputCounts === undefined ? {} : { inputCounts }),
      ...(row.intervals === undefined ? {} : { intervals }),
    };
  };

  const totalsPivot = (k: number): PivotResult | null => pivotAt(rowDepth, k);
  const columnTotals: (number | null)[] = [];
  const columnCountTotals: number[] = [];
  const columnTotalsText: (string | null)[] = [];
  const columnInputCounts: number[] = [];
  const columnTotalIntervals: (RateInterval | null)[] = [];
  for (const column of columns) {
    if ('index' in column.source) {
      columnTotals.push(result.columnTotals[column.source.index] ?? null);
      columnCountTotals.push(result.columnCountTotals[column.source.index] ?? 0);
      columnTotalsText.push(result.columnTotalsText?.[column.source.index] ?? null);
      columnInputCounts.push(result.columnInputCounts?.[column.source.index] ?? 0);
      columnTotalIntervals.push(result.columnTotalIntervals?.[column.source.index] ?? null);
      continue;
    }
    const pivot = totalsPivot(column.source.depth);
    const j = pivot === null ? -1 : columnIndex(pivot, column.source.prefix);
    columnTotals.push(pivot?.columnTotals[j] ?? null);
    columnCountTotals.push(pivot?.columnCountTotals[j] ?? 0);
    columnTotalsText.push(pivot?.columnTotalsText?.[j] ?? null);
    columnInputCounts.push(pivot?.columnInputCounts?.[j] ?? 0);
    columnTotalIntervals.push(pivot?.columnTotalIntervals?.[j] ?? null);
  }
  const expanded: PivotResult = {
    ...result,
    columns: columns.map((c) => c.labels),
    rows: result.rows.map(expand),
    columnTotals,
    columnCountTotals,
    ...(columnTotalsText.some((t) => t !== null) ? { columnTotalsText } : {}),
    ...(result.columnInputCounts === undefined ? {} : { columnInputCounts }),
    ...(result.columnTotalIntervals === undefined ? {} : { columnTotalIntervals }),
  };
  return {
    result: expanded,
    subtotals: subtotals.map((pivot) => (pivot === null ? null : { ...pivot, columns: expanded.columns, rows: pivot.rows.map(expand) })),
    subtotalColumns: new Set(columns.flatMap((c, j) => ('index' in c.source ? [] : [j]))),
    drillKeys: columns.map((c) => ('index' in c.source ? c.labels : c.source.prefix)),
  };
}

/** Nested rows: the same spec by the first row dimension, the first two, ..., for the group rows' subtotals. */
export function subtotalSpecs(spec: PivotSpec): PivotSpec[] {
  return spec.rows.slice(0, -1).map((_, i) => ({ ...spec, rows: spec.rows.slice(0, i + 1) }));
}

/** Nested columns: the pivots behind each column group's subtotal, at every level of the rows (and the totals). */
export function columnSubtotalSpecs(spec: PivotSpec): { rowDepth: number; columnDepth: number; spec: PivotSpec }[] {
  const rowDepths = spec.rows.length === 0 ? [0] : spec.rows.map((_, i) => i + 1);
  return spec.columns.slice(0, -1).flatMap((_, k) =>
    rowDepths.map((rowDepth) => ({ rowDepth, columnDepth: k + 1, spec: { ...spec, rows: spec.rows.slice(0, rowDepth), columns: spec.columns.slice(0, k + 1) } })),
  );
}
