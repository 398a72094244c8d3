/**
 * Disclosure control on the table as the grid shows it (shownPivotTable):
 * with nested rows and columns it publishes sums at every level (group rows,
 * subtotal columns, the Total row and column), and any of them could give a
 * hidden count away. Each sum is an equation for the suppression: a group
 * row is the sum of the rows beneath it, the Total row of the top-level rows,
 * a column group's subtotal of its columns, the Total column of the top-level
 * columns. Small counts are hidden wherever they fall (as "<5", the cells the
 * app's export shows as "<5") and partners as "[c]" until no hidden figure
 * can be worked out from what is published.
 *
 * Measures other than a count: a share's own 100% (its denominator) is
 * known whatever is hidden; a change on an earlier period, financial year
 * to date and rolling 12 months are withheld where a count they are computed
 * from is small (GridRow.inputCounts); blank figures publish no sum. In a
 * profile, all its tables are protected as one (joint.ts).
 */
import type { WorkbenchInfo } from '../info';
import { type ExportCell, type ExportTable, type ShownPivotLayout, type ShownPivots, type ShownTableOptions, shownPivotLayout } from '../export/pivot-table';
import { groupPath } from '../pivot/display-rows';
import type { PivotResult } from '../pivot/run-pivot';
import type { Measure, PivotSpec } from '../pivot/spec';
import { CONFIDENTIAL } from './pivot-table';
import type { ProfileDisclosure } from './joint';
import { type CellStatus, DEFAULT_THRESHOLD, type Position, type SummedTable, isSmallCount, suppressSummedTable } from './suppress';

export interface DisclosedShownTable extends ExportTable {
  /** [row][figure column] of the table's rows (after the row label). */
  statuses: CellStatus[][];
  primary: number;
  secondary: number;
}

/** Groups positions by the sum they add up to, as lines (parts, then the sum). */
function linesOf(parents: readonly (number | null)[], at: (k: number) => Position): Position[][] {
  const parts = new Map<number, number[]>();
  parents.forEach((p, k) => {
    if (p === null) return;
    const list = parts.get(p) ?? [];
    list.push(k);
    parts.set(p, list);
  });
  return [...parts].map(([p, children]) => [...children.map(at), at(p)]);
}

/**
 * The entries a share table gives whatever is hidden: each is 100% of its own
 * denominator (the row's total for % of row, the column's for % of column,
 * the grand total for % of grand total). Their counts are taken as known,
 * since a count table of the same view publishes them and exact shares give
 * them away through their fractions; the shares are then the counts scaled.
 */
function knownEntries(measure: Measure | undefined, rows: number, width: number, totalColumn: number): boolean[][] | undefined {
  const totalRow = rows - 1;
  const at: ((i: number, j: number) => boolean) | null =
    measure === 'share_row' ? (_i, j) => j === totalColumn
    : measure === 'share_col' ? (i) => i === totalRow
    : measure === 'share_total' ? (i, j) => i === totalRow && j === totalColumn
    : null;
  if (at === null) return undefined;
  return Array.from({ length: rows }, (_, i) => Array.from({ length: width }, (__, j) => at(i, j)));
}

/**
 * The shown table's record counts and the sums it publishes, for
 * suppressSummedTable: the measure's known figures too, and as primary the
 * figures computed from a small count other than their own (a change's
 * earlier period, a window's records: GridRow.inputCounts). Tables published
 * with it are protected with it by joint.ts.
 */
export function shownTableSums(
  layout: Pick<ShownPivotLayout, 'rows' | 'columns' | 'hasTotalColumn'>,
  measure?: Measure,
  threshold = DEFAULT_THRESHOLD,
): SummedTable {
  const { rows, columns, hasTotalColumn } = layout;
  const width = columns.length + (hasTotalColumn ? 1 : 0);
  const totalRow = rows.length - 1;
  const totalColumn = hasTotalColumn ? columns.length : null;
  // A row's sum is its nearest shown group (a group row's key is its prefix), else the Total row.
  const groups = new Map(rows.flatMap((row, i) => (row.kind === 'group' ? [[groupPath(row.key), i] as const] : [])));
  const rowParents = rows.map((row, i): number | null => {
    if (i === totalRow) return null;
    for (let m = row.key.length - 1; m >= 1; m -= 1) {
      const p = groups.get(groupPath(row.key.slice(0, m)));
      if (p !== undefined) return p;
    }
    return totalRow;
  });
  // A column's sum is its nearest column group's subtotal column, else the Total column (none with nothing in Columns).
  const subtotals = new Map(columns.flatMap((c, j) => (c.isSubtotal ? [[groupPath(c.labels), j] as const] : [])));
  const columnParents = Array.from({ length: width }, (_, j): number | null => {
    const column = columns[j];
    if (column === undefined) return null;
    for (let m = column.labels.length - 1; m >= 1; m -= 1) {
      const p = subtotals.get(groupPath(column.labels.slice(0, m)));
      if (p !== undefined) return p;
    }
    return totalColumn;
  });
  const counts = rows.map((row) => Array.from({ length: width }, (_, j) => (j === totalColumn ? row.countTotal : (row.counts[j] ?? 0))));
  const isSum = rows.map((row) => Array.from({ length: width }, (_, j) => row.kind !== 'row' || j === totalColumn || (columns[j]?.isSubtotal ?? false)));
  const lines: Position[][] = [];
  // Across each row first, then down each column: for a table with one row and one column dimension these
  // are suppressTable's lines in its order, so the pattern is the one a chart of the pivot has always had.
  for (let i = 0; i < rows.length; i += 1) lines.push(...linesOf(columnParents, (j) => [i, j]));
  for (let j = 0; j < width; j += 1) lines.push(...linesOf(rowParents, (i) => [i, j]));
  // With nothing in Columns the one figure column is the row's total.
  const known = knownEntries(measure, rows.length, width, totalColumn ?? 0);
  // A blank figure (a time measure's totals across periods) publishes no sum.
  const blank = blankFigures(layout);
  const forced = rows.some((row) => row.inputCounts !== undefined)
    ? rows.map((row) => Array.from({ length: width }, (_, j) => j !== totalColumn && isSmallCount(row.inputCounts?.[j] ?? 0, threshold)))
    : undefined;
  return { counts, isSum, lines, blank, ...(known === undefined ? {} : { known }), ...(forced === undefined ? {} : { forced }) };
}

/**
 * [row][figure column]: the table has no figure there (a change in the first
 * period, which has no earlier one; a time measure's total across periods).
 */
function blankFigures(layout: Pick<ShownPivotLayout, 'rows' | 'columns' | 'hasTotalColumn'>): boolean[][] {
  const width = layout.columns.length + (layout.hasTotalColumn ? 1 : 0);
  const totalColumn = layout.hasTotalColumn ? layout.columns.length : null;
  return layout.rows.map((row) => Array.from({ length: width }, (_, j) => (j === totalColumn ? row.total : row.values[j]) === null));
}

/** The records a figure counts, by its labels: [dimension, label] pairs in dimension order, per [row][figure column]. */
export function recordLabels(layout: Pick<ShownPivotLayout, 'rows' | 'columns' | 'hasTotalColumn'>, spec: Pick<PivotSpec, 'rows' | 'columns'>): [string, string][][][] {
  const totalColumn = layout.hasTotalColumn ? layout.columns.length : null;
  const width = layout.columns.length + (layout.hasTotalColumn ? 1 : 0);
  return layout.rows.map((row) =>
    Array.from({ length: width }, (_, j) => {
      const rowPart = row.kind === 'total' ? [] : row.key.map((label, k): [string, string] => [spec.rows[k] ?? '', label]);
      const columnPart = j === totalColumn ? [] : (layout.columns[j]?.labels ?? []).map((label, k): [string, string] => [spec.columns[k] ?? '', label]);
      return [...rowPart, ...columnPart].sort((a, b) => a[0].localeCompare(b[0]));
    }),
  );
}

/**
 * The document's tables protected as one (a profile: joint.ts), and which
 * of them this is: a figure one prints may be a figure another withholds,
 * or the difference of two of them a small count.
 */
export interface ShownTogether {
  /** The small-count threshold the pattern was worked out for. */
  threshold: number;
  /** This table's pattern: [row][figure column] in its layout (a flags summary's [series][0]). */
  statuses: CellStatus[][];
  /** The rows `statuses` follows (a view's), by kind and group path; empty for a flags summary. */
  rowIds: string[];
  /** Protected against subtraction from a table over other months or filters too. */
  acrossScopes: boolean;
}

const rowId = (row: { kind: string; key: readonly string[] }): string => `${row.kind}|${groupPath(row.key)}`;

/**
 * Member `index` of a profile's joint protection as plain data: a profile's
 * plan crosses from the worker to the page (structured clone), which
 * carries no functions.
 */
export function shownTogether(joint: ProfileDisclosure, index: number, threshold: number): ShownTogether {
  return {
    threshold,
    statuses: joint.statuses(index, threshold),
    rowIds: joint.layout(index)?.rows.map(rowId) ?? [],
    acrossScopes: joint.acrossScopes(index),
  };
}

/** The pattern over the shown table, with the tables it is published with (worked out once for them all). */
function shownStatuses(pivots: ShownPivots, layout: ShownPivotLayout, threshold: number, together?: ShownTogether): CellStatus[][] {
  const statuses = ((): CellStatus[][] => {
    if (together === undefined || together.threshold !== threshold) return suppressSummedTable(shownTableSums(layout, pivots.result.spec.measure, threshold), threshold);
    if (together.rowIds.length === 0 && layout.rows.length > 0) throw new Error('The profile has no view table at this index.');
    // By the rows' labels: the layout asked for and the one protected are of the same view in the same sort.
    const at = new Map(together.rowIds.map((id, i) => [id, i] as const));
    return layout.rows.map((row) => together.statuses[at.get(rowId(row)) ?? -1] ?? []);
  })();
  // A figure that does not exist withholds nothing: it stays blank, not "[c]", and is not counted as withheld
  // (the pattern may mark it for its small count, e.g. the first period's changes).
  const blank = blankFigures(layout);
  return statuses.map((row, i) => row.map((status, j) => (blank[i]?.[j] === true ? 'published' : status)));
}

/**
 * The view's table as the grid shows it (rows in the sort, group rows with
 * subtotals, subtotal columns, no Total column with nothing in Columns), with
 * small counts as "<5" (any other measure on a small count "[c]") and the
 * figures hidden to protect them "[c]". `together`: the document's other
 * tables (a profile's), protected with it.
 */
export function disclosedShownTable(
  pivots: ShownPivots,
  info: WorkbenchInfo | null,
  options: Omit<ShownTableOptions, 'smallCountThreshold'> & { threshold?: number; together?: ShownTogether } = {},
): DisclosedShownTable {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const { threshold: _threshold, together: _together, ...shownOptions } = options;
  const layout = shownPivotLayout(pivots, info, shownOptions);
  const statuses = shownStatuses(pivots, layout, threshold, options.together);
  const isCount = pivots.result.spec.measure === 'count';
  const show = (cell: ExportCell, status: CellStatus): ExportCell => {
    if (status === 'published') return cell;
    return isCount && status === 'primary' ? `<${threshold}` : CONFIDENTIAL;
  };
  const rows = layout.table.rows.map((cells, i) => cells.map((cell, k) => (k === 0 ? cell : show(cell, statuses[i]?.[k - 1] ?? 'published'))));
  const flat = statuses.flat();
  const primary = flat.filter((s) => s === 'primary').length;
  const secondary = flat.filter((s) => s === 'secondary').length;
  const header = [
    ...layout.table.header,
    `Disclosure control: counts from 1 to ${threshold - 1} are shown as <${threshold}${isCount ? '' : ' (here [c])'}; ${CONFIDENTIAL} marks figures withheld so that they cannot be worked out from the totals and subtotals.`,
    // The grid's "<5" setting hides only the first kind: the reader of an export is told what more it withholds, and why.
    `Withheld in this table: ${primary} ${primary === 1 ? 'figure' : 'figures'} on counts below ${threshold}${secondary === 0 ? '' : ` and ${secondary} more (${CONFIDENTIAL}) to protect them`}.`,
  ];
  return { ...layout.table, header, rows, statuses, primary, secondary };
}

/**
 * The view's pivot for a chart, with every figure the view's table hides
 * (disclosedShownTable, in the view's sort) set to null and its count to 0,
 * so a chart and a table of one view in a profile hide the same cells.
 */
export function disclosedShownResult(
  pivots: ShownPivots,
  options: { sort?: ShownTableOptions['sort']; threshold?: number; together?: ShownTogether } = {},
): { result: PivotResult; suppressed: number } {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const layout = shownPivotLayout(pivots, null, { sort: options.sort ?? null });
  const statuses = shownStatuses(pivots, layout, threshold, options.together);
  const { result } = pivots;
  const rowAt = new Map(layout.rows.flatMap((row, i) => (row.kind === 'row' ? [[groupPath(row.key), i] as const] : [])));
  const columnAt = new Map(layout.columns.flatMap((c, j) => (c.isSubtotal ? [] : [[groupPath(c.labels), j] as const])));
  const columns = result.columns.map((labels) => columnAt.get(groupPath(labels)) ?? -1);
  // With nothing in Columns the one figure column is the row's total.
  const totalColumn = layout.hasTotalColumn ? layout.columns.length : 0;
  const totalRow = layout.rows.length - 1;
  const hidden = (i: number | undefined, j: number): boolean => i === undefined || j < 0 || (statuses[i]?.[j] ?? 'published') !== 'published';
  let suppressed = 0;
  const rows = result.rows.map((row) => {
    const i = rowAt.get(groupPath(row.key));
    const values = row.values.map((v, j) => (hidden(i, columns[j] ?? -1) ? null : v));
    suppressed += values.filter((v, j) => v === null && row.values[j] !== null).length;
    return {
      ...row,
      values,
      counts: row.counts.map((c, j) => (hidden(i, columns[j] ?? -1) ? 0 : c)),
      total: hidden(i, totalColumn) ? null : row.total,
    };
  });
  return {
    result: {
      ...result,
      rows,
      columnTotals: result.columnTotals.map((v, j) => (hidden(totalRow, columns[j] ?? -1) ? null : v)),
      grandTotal: hidden(totalRow, totalColumn) ? null : result.grandTotal,
    },
    suppressed,
  };
}
