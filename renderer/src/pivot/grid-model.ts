/**
 * The pivot as the grid shows it, built from the PivotResult alone (no AG
 * Grid row grouping, which is an Enterprise feature): with two row
 * dimensions every first-level value gets a group row carrying its
 * subtotal, followed by its indented child rows. The same visible rows feed
 * the CSV and XLSX exports, so an export is the table as shown.
 */
import type { PivotResult, PivotRow } from '../../../shared/pivot/run-pivot';

export const TOTAL_ID = '__total';
export const ROW_HEADER_ID = '__row';

export type GridRowKind = 'row' | 'group' | 'total';

export interface GridRow {
  id: string;
  kind: GridRowKind;
  /** One label per row dimension it stands for: a group row has only the first. */
  key: string[];
  label: string;
  /** 0 for top-level rows and groups, 1 for rows inside a group. */
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
  /** First-level labels whose groups are collapsed. */
  collapsed: ReadonlySet<string>;
}

function fromPivotRow(row: PivotRow, kind: GridRowKind, depth: number, label: string, id: string): GridRow {
  return { id, kind, key: row.key, label, depth, values: row.values, total: row.total, counts: row.counts, countTotal: row.countTotal };
}

export function isNested(result: PivotResult): boolean {
  return result.spec.rows.length > 1;
}

/** A row's id: its labels joined, as the flat grid has always used (tests and selection rely on it). */
export function rowId(key: readonly string[]): string {
  return key.join(' / ') || 'All records';
}

export function groupId(label: string): string {
  return `group:${label}`;
}

/** Subtotal of a group from its children, for when the subtotal pivot is not there (yet): counts only. */
function summedGroup(label: string, children: readonly PivotRow[], columns: number): PivotRow {
  const counts = Array.from({ length: columns }, (_, j) => children.reduce((sum, c) => sum + (c.counts[j] ?? 0), 0));
  const countTotal = counts.reduce((a, b) => a + b, 0);
  return { key: [label], values: counts.map(() => null), total: null, counts, countTotal };
}

export function visibleRows(result: PivotResult, subtotals: PivotResult | null, options: VisibleRowOptions): GridRow[] {
  const keeps = (row: PivotRow): boolean => !options.hidesEmptyRows || row.countTotal > 0;
  if (!isNested(result)) {
    return result.rows.filter(keeps).map((row) => fromPivotRow(row, 'row', 0, rowId(row.key), rowId(row.key)));
  }
  // Rows arrive sorted by the first dimension, then the second: consecutive runs are the groups.
  const groups = new Map<string, PivotRow[]>();
  for (const row of result.rows) {
    const label = row.key[0] ?? '';
    const children = groups.get(label) ?? [];
    children.push(row);
    groups.set(label, children);
  }
  const subtotalOf = new Map((subtotals?.rows ?? []).map((row) => [row.key[0] ?? '', row]));
  const out: GridRow[] = [];
  for (const [label, children] of groups) {
    const subtotal = subtotalOf.get(label) ?? summedGroup(label, children, result.columns.length);
    if (!keeps(subtotal)) continue;
    const isCollapsed = options.collapsed.has(label);
    out.push({ ...fromPivotRow(subtotal, 'group', 0, label, groupId(label)), key: [label], isCollapsed });
    if (isCollapsed) continue;
    for (const child of children.filter(keeps)) out.push(fromPivotRow(child, 'row', 1, child.key[1] ?? '', rowId(child.key)));
  }
  return out;
}

export function totalRow(result: PivotResult): GridRow {
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
  };
}

/**
 * The visible rows as a PivotResult for the shared exporter: a group row
 * becomes "<group> / Subtotal", so the export reads like the indented grid.
 */
export function visibleResult(result: PivotResult, rows: readonly GridRow[]): PivotResult {
  return {
    ...result,
    rows: rows.map((row) => ({
      key: row.kind === 'group' ? [row.key[0] ?? '', 'Subtotal'] : row.key,
      values: row.values,
      total: row.total,
      counts: row.counts,
      countTotal: row.countTotal,
    })),
  };
}

/** Min and max of the body cells (no totals, no group rows), for the heatmap's colour scale. */
export function valueRange(rows: readonly GridRow[]): { min: number; max: number } | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    if (row.kind !== 'row') continue;
    for (const value of row.values) {
      if (value === null || !Number.isFinite(value)) continue;
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
