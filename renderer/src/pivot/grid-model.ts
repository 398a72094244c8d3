/**
 * The pivot as the grid shows it, built from the PivotResult alone (no AG
 * Grid row grouping, which is an Enterprise feature): with several row
 * dimensions every value of each but the last gets a group row carrying its
 * subtotal, followed by its indented child rows. Sorting orders siblings
 * within their group, so a subtotal row never leaves its children. The same
 * visible rows feed the CSV and XLSX exports, so an export is the table as shown.
 */
import type { PivotResult, PivotRow } from '../../../shared/pivot/run-pivot';
import type { ExportTable } from '../../../shared/export/pivot-table';
import type { ViewSort } from '../../../shared/views';

export const TOTAL_ID = '__total';
export const ROW_HEADER_ID = '__row';

/**
 * Cells some measures give as words (an iQuanta area's position against its
 * most similar group: "above", "within", "below"; a rank "3 of 15"). The
 * engine adds these optional fields; they are read only when present.
 */
export interface RowText {
  text?: (string | null)[];
  totalText?: string | null;
}
export type TextRow = PivotRow & RowText;
export interface ResultText {
  columnTotalsText?: (string | null)[];
  /** Caveats the engine attaches, e.g. "No population loaded for Ashfield 2024". */
  notes?: string[];
}
export type TextResult = PivotResult & ResultText;

export type GridRowKind = 'row' | 'group' | 'total';

export interface GridRow extends RowText {
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

function textOf(row: PivotRow): RowText {
  const withText: TextRow = row;
  return {
    ...(withText.text === undefined ? {} : { text: withText.text }),
    ...(withText.totalText === undefined ? {} : { totalText: withText.totalText }),
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
    ...textOf(row),
  };
}

export function isNested(result: PivotResult): boolean {
  return result.spec.rows.length > 1;
}

/** A row's id: its labels joined, as the flat grid has always used (tests and selection rely on it). */
export function rowId(key: readonly string[]): string {
  return key.join(' / ') || 'All records';
}

/** A group's path: what collapsing remembers. */
export function groupPath(key: readonly string[]): string {
  return key.join(' / ');
}

export function groupId(key: readonly string[] | string): string {
  return `group:${typeof key === 'string' ? key : groupPath(key)}`;
}

/** A column's id and key: its labels joined (the id the grid, drill-through and sort use). */
export function columnKey(labels: readonly string[]): string {
  return labels.join(' / ');
}

/** Subtotal of a group from its children, for when the subtotal pivot is not there (yet): counts only. */
function summedGroup(key: string[], children: readonly PivotRow[], columns: number): PivotRow {
  const counts = Array.from({ length: columns }, (_, j) => children.reduce((sum, c) => sum + (c.counts[j] ?? 0), 0));
  const countTotal = counts.reduce((a, b) => a + b, 0);
  return { key, values: counts.map(() => null), total: null, counts, countTotal };
}

interface RowNode {
  key: string[];
  /** The leaf's row, or the group's subtotal row. */
  row: PivotRow;
  /** Leaves under this node, for a subtotal summed when none was computed. */
  leaves: PivotRow[];
  children: RowNode[];
}

/** Builds the row tree; rows arrive sorted by the row dimensions, so groups are consecutive runs. */
function rowTree(result: PivotResult, subtotals: readonly (PivotResult | null)[]): RowNode[] {
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
  if (sort.column === TOTAL_ID) {
    return (node) => {
      const row: TextRow = node.row;
      return row.totalText ?? row.total;
    };
  }
  const j = result.columns.findIndex((labels) => (result.spec.columns.length > 0 ? columnKey(labels) : 'value') === sort.column);
  if (j < 0) return null;
  return (node) => {
    const row: TextRow = node.row;
    return row.text?.[j] ?? row.values[j] ?? null;
  };
}

const COLLATOR = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** Ascending order of two sort values; blanks go last whichever the direction (compareRows handles that). */
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

export function visibleRows(result: PivotResult, subtotals: readonly (PivotResult | null)[], options: VisibleRowOptions): GridRow[] {
  const keeps = (row: PivotRow): boolean => !options.hidesEmptyRows || row.countTotal > 0;
  let tree = rowTree(result, subtotals);
  const valueOf = options.sort ? sortValueOf(result, options.sort) : null;
  if (options.sort && valueOf !== null) tree = sortTree(tree, valueOf, options.sort.direction);
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
  const withText: TextResult = result;
  return {
    id: TOTAL_ID,
    kind: 'total',
    key: [],
    label: 'Total',
    depth: 0,
    values: result.columnTotals,
    total: result.grandTotal,
    counts: result.columnCountTotals,
    countTotal: result.grandCount,
    ...(withText.columnTotalsText === undefined ? {} : { text: withText.columnTotalsText }),
  };
}

/**
 * The visible rows as a PivotResult for the shared exporter: a group row
 * becomes "<group> / Subtotal", so the export reads like the indented grid.
 */
export function visibleResult(result: PivotResult, rows: readonly GridRow[]): PivotResult {
  return {
    ...result,
    rows: rows.map((row): TextRow => ({
      key: row.kind === 'group' ? [...row.key, 'Subtotal'] : row.key,
      values: row.values,
      total: row.total,
      counts: row.counts,
      countTotal: row.countTotal,
      ...(row.text === undefined ? {} : { text: row.text }),
      ...(row.totalText === undefined ? {} : { totalText: row.totalText }),
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

/** A node of the generated column header: a group per label of each column dimension but the last. */
export type ColumnNode =
  | { kind: 'leaf'; id: string; label: string; index: number }
  | { kind: 'group'; id: string; label: string; children: ColumnNode[] };

/**
 * Column groups for nested columns (e.g. financial year, then month): the
 * columns arrive sorted by their dimensions, so each group is a consecutive run.
 */
export function columnTree(columns: readonly (readonly string[])[]): ColumnNode[] {
  const build = (indexes: readonly number[], level: number): ColumnNode[] => {
    const out: ColumnNode[] = [];
    let run: number[] = [];
    const flush = (): void => {
      const first = run[0];
      if (first === undefined) return;
      const labels = columns[first] ?? [];
      const label = labels[level] ?? '';
      if (level >= labels.length - 1) {
        for (const index of run) out.push({ kind: 'leaf', id: columnKey(columns[index] ?? []), label: (columns[index] ?? [])[level] ?? '', index });
      } else {
        out.push({ kind: 'group', id: `cols:${columnKey(labels.slice(0, level + 1))}`, label, children: build(run, level + 1) });
      }
      run = [];
    };
    for (const index of indexes) {
      const first = run[0];
      const sameGroup =
        first !== undefined &&
        (columns[first] ?? []).length - 1 > level &&
        columnKey((columns[first] ?? []).slice(0, level + 1)) === columnKey((columns[index] ?? []).slice(0, level + 1));
      if (!sameGroup) flush();
      run.push(index);
    }
    flush();
    return out;
  };
  return build(
    columns.map((_, i) => i),
    0,
  );
}

/** Min and max of the body cells (no totals, no group rows, no subtotal columns), for the heatmap's colour scale. */
export function valueRange(rows: readonly GridRow[], skipColumns: ReadonlySet<number> = new Set()): { min: number; max: number } | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    if (row.kind !== 'row') continue;
    for (const [j, value] of row.values.entries()) {
      if (value === null || !Number.isFinite(value) || skipColumns.has(j)) continue;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  return min <= max ? { min, max } : null;
}

/**
 * ColorBrewer "Blues", a single-hue sequential scale that stays readable for
 * every common form of colour blindness and in greyscale print.
 */
const BLUES = ['#f7fbff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#084594'] as const;

function mix(a: string, b: string, t: number): string {
  const channel = (hex: string, i: number): number => parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16);
  const parts = [0, 1, 2].map((i) => Math.round(channel(a, i) + (channel(b, i) - channel(a, i)) * t));
  return `rgb(${parts.join(', ')})`;
}

/**
 * Background and text colour for a value on the scale; dark cells get white
 * text for contrast. The scale is square-root: crime counts are skewed (one
 * city dwarfs the rest), and a linear scale would leave most cells white.
 */
export function heatColour(value: number, range: { min: number; max: number }): { backgroundColor: string; color: string } {
  const t = range.max === range.min ? 0 : Math.sqrt(Math.min(1, Math.max(0, (value - range.min) / (range.max - range.min))));
  const position = t * (BLUES.length - 1);
  const i = Math.min(BLUES.length - 2, Math.floor(position));
  const backgroundColor = mix(BLUES[i] ?? BLUES[0], BLUES[i + 1] ?? BLUES[0], position - i);
  return { backgroundColor, color: t > 0.55 ? '#ffffff' : '#1b2533' };
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
  const rowIndexes = new Map<PivotResult, Map<string, TextRow>>();
  const rowOf = (pivot: PivotResult, key: readonly string[]): TextRow | undefined => {
    let map = rowIndexes.get(pivot);
    if (map === undefined) {
      map = new Map(pivot.rows.map((row) => [groupPath(row.key), row]));
      rowIndexes.set(pivot, map);
    }
    return map.get(groupPath(key));
  };

  const expand = (row: TextRow): TextRow => {
    const values: (number | null)[] = [];
    const counts: number[] = [];
    const text: (string | null)[] = [];
    for (const column of columns) {
      if ('index' in column.source) {
        values.push(row.values[column.source.index] ?? null);
        counts.push(row.counts[column.source.index] ?? 0);
        text.push(row.text?.[column.source.index] ?? null);
        continue;
      }
      const pivot = pivotAt(row.key.length, column.source.depth);
      const other = pivot === null ? undefined : rowOf(pivot, row.key);
      const j = pivot === null ? -1 : columnIndex(pivot, column.source.prefix);
      values.push(other?.values[j] ?? null);
      counts.push(other?.counts[j] ?? 0);
      text.push(other?.text?.[j] ?? null);
    }
    return { ...row, values, counts, ...(text.some((t) => t !== null) ? { text } : {}) };
  };

  const totalsPivot = (k: number): PivotResult | null => pivotAt(rowDepth, k);
  const withText: TextResult = result;
  const columnTotals: (number | null)[] = [];
  const columnCountTotals: number[] = [];
  const columnTotalsText: (string | null)[] = [];
  for (const column of columns) {
    if ('index' in column.source) {
      columnTotals.push(result.columnTotals[column.source.index] ?? null);
      columnCountTotals.push(result.columnCountTotals[column.source.index] ?? 0);
      columnTotalsText.push(withText.columnTotalsText?.[column.source.index] ?? null);
      continue;
    }
    const pivot = totalsPivot(column.source.depth);
    const j = pivot === null ? -1 : columnIndex(pivot, column.source.prefix);
    const pivotText: TextResult | null = pivot;
    columnTotals.push(pivot?.columnTotals[j] ?? null);
    columnCountTotals.push(pivot?.columnCountTotals[j] ?? 0);
    columnTotalsText.push(pivotText?.columnTotalsText?.[j] ?? null);
  }
  const expanded: TextResult = {
    ...result,
    columns: columns.map((c) => c.labels),
    rows: result.rows.map(expand),
    columnTotals,
    columnCountTotals,
    ...(columnTotalsText.some((t) => t !== null) ? { columnTotalsText } : {}),
  };
  return {
    result: expanded,
    subtotals: subtotals.map((pivot) => (pivot === null ? null : { ...pivot, columns: expanded.columns, rows: pivot.rows.map(expand) })),
    subtotalColumns: new Set(columns.flatMap((c, j) => ('index' in c.source ? [] : [j]))),
    drillKeys: columns.map((c) => ('index' in c.source ? c.labels : c.source.prefix)),
  };
}
