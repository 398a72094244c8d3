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
 * profile, views over the same records are protected as one table and a
 * flags summary's printed records are sums the views cannot rely on hiding.
 */
import type { WorkbenchInfo } from '../info';
import { type ExportCell, type ExportTable, type ShownPivotLayout, type ShownPivots, type ShownTableOptions, shownPivotLayout } from '../export/pivot-table';
import { groupPath } from '../pivot/display-rows';
import type { PivotResult } from '../pivot/run-pivot';
import type { Measure, PivotSpec } from '../pivot/spec';
import type { ViewSort } from '../views';
import { CONFIDENTIAL } from './pivot-table';
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
 * Counts another table of the same document prints over the view's own
 * records (same filters, same months): a flags summary's records per series,
 * each the records with these labels of these dimensions. Each is a sum of
 * the view's figures the reader knows, so the view must not rely on hiding it.
 */
export interface PublishedCounts {
  dimensions: readonly string[];
  counts: readonly { labels: readonly string[]; count: number }[];
}

/** The view's dimensions, to find which of its figures a published count adds up. */
export interface PublishedElsewhere {
  spec: Pick<PivotSpec, 'rows' | 'columns'>;
  counts: readonly PublishedCounts[];
}

/**
 * The shown table's record counts and the sums it publishes, for
 * suppressSummedTable: the measure's known figures too, and as primary the
 * figures computed from a small count other than their own (a change's
 * earlier period, a window's records: GridRow.inputCounts). Counts another
 * table prints (`published`) come as extra sums, known to the reader, over
 * the view's innermost figures (a row beneath the table's rows each).
 */
export function shownTableSums(
  layout: Pick<ShownPivotLayout, 'rows' | 'columns' | 'hasTotalColumn'>,
  measure?: Measure,
  threshold = DEFAULT_THRESHOLD,
  published?: PublishedElsewhere,
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
  const blank = rows.map((row) => Array.from({ length: width }, (_, j) => (j === totalColumn ? row.total : row.values[j]) === null));
  const forced = rows.some((row) => row.inputCounts !== undefined)
    ? rows.map((row) => Array.from({ length: width }, (_, j) => j !== totalColumn && isSmallCount(row.inputCounts?.[j] ?? 0, threshold)))
    : undefined;
  const table = { counts, isSum, lines, blank, ...(known === undefined ? {} : { known }), ...(forced === undefined ? {} : { forced }) };
  return published === undefined ? table : withPublishedSums(table, layout, published, threshold);
}

/**
 * Each published count (one the other table shows, not "<5") as a row of one
 * known entry beneath the table, summing the innermost figures it covers:
 * the leaf rows' totals when its dimensions are all in Rows, the Total row's
 * leaf columns when all in Columns, else the leaf cells. Over dimensions the
 * view does not break down by, the series with the same labels on the others
 * sum to the view's figures with them (all of them to its Total): that sum is
 * known when every series in it is printed, else an entry protected like a
 * total, with its "<5" series as primary entries.
 */
function withPublishedSums(
  table: SummedTable & { blank: boolean[][] },
  layout: Pick<ShownPivotLayout, 'rows' | 'columns' | 'hasTotalColumn'>,
  published: PublishedElsewhere,
  threshold: number,
): SummedTable {
  const { rows, columns, hasTotalColumn } = layout;
  const { spec } = published;
  const width = columns.length + (hasTotalColumn ? 1 : 0);
  const totalColumn = hasTotalColumn ? columns.length : 0;
  const totalRow = rows.length - 1;
  const counts = table.counts.map((row) => [...row]);
  const isSum = table.isSum.map((row) => [...row]);
  const known = table.counts.map((row, i) => row.map((_, j) => table.known?.[i]?.[j] ?? false));
  const forced = table.forced?.map((row) => [...row]);
  const blank = table.blank.map((row) => [...row]);
  const lines = table.lines.map((line) => [...line]);
  const leafRows = rows.flatMap((row, i) => (row.kind === 'row' ? [i] : []));
  const leafColumns = columns.flatMap((c, j) => (c.isSubtotal ? [] : [j]));
  /** A row beneath the table holding one entry (its first; the rest zeros no line uses): its position. */
  const entry = (count: number, isKnown: boolean): Position => {
    counts.push([count, ...Array.from({ length: width - 1 }, () => 0)]);
    isSum.push(Array.from({ length: width }, () => true));
    known.push(Array.from({ length: width }, () => isKnown));
    forced?.push(Array.from({ length: width }, () => false));
    blank.push(Array.from({ length: width }, () => false));
    return [counts.length - 1, 0];
  };
  for (const set of published.counts) {
    // Only the set's dimensions the view breaks down by: a set by crime type over a view by district sums, all
    // its series together, to the view's total, so the total less the printed series gives a "<5" series away.
    const onRows = set.dimensions.map((d) => spec.rows.findIndex((r) => r === d));
    const onColumns = set.dimensions.map((d) => spec.columns.findIndex((c) => c === d));
    const shared = set.dimensions.flatMap((_, k) => ((onRows[k] ?? -1) >= 0 || (onColumns[k] ?? -1) >= 0 ? [k] : []));
    const inRows = shared.some((k) => (onRows[k] ?? -1) >= 0);
    const inColumns = shared.some((k) => (onRows[k] ?? -1) < 0);
    // The series by their labels on the shared dimensions: each group sums to the view's figures with those labels.
    const groups = new Map<string, { labels: readonly string[]; counts: number[] }>();
    for (const { labels, count } of set.counts) {
      const key = JSON.stringify(shared.map((k) => labels[k]));
      const group = groups.get(key) ?? { labels, counts: [] };
      group.counts.push(count);
      groups.set(key, group);
    }
    for (const { labels, counts: series } of groups.values()) {
      const rowMatches = (key: readonly string[]): boolean => shared.every((k) => { const r = onRows[k] ?? -1; return r < 0 || key[r] === labels[k]; });
      const columnMatches = (key: readonly string[]): boolean => shared.every((k) => { const r = onRows[k] ?? -1; const c = onColumns[k] ?? -1; return r >= 0 || key[c] === labels[k]; });
      const partRows = inRows ? leafRows.filter((i) => rowMatches(rows[i]?.key ?? [])) : [totalRow];
      const partColumns = inColumns ? leafColumns.filter((j) => columnMatches(columns[j]?.labels ?? [])) : [totalColumn];
      const parts = partRows.flatMap((i) => partColumns.map((j): Position => [i, j]));
      const small = series.filter((count) => isSmallCount(count, threshold));
      // One series a group (the set breaks down only by the view's dimensions): a small one is the view's own "<5" cell.
      if (series.length === 1 && small.length === 1) continue;
      // The group's sum: known when it prints every series, else an entry the pattern protects like a total.
      const sum = entry(series.reduce((a, b) => a + b, 0), small.length === 0);
      lines.push([...parts, sum]);
      if (small.length > 0) lines.push([...series.map((count) => entry(count, !isSmallCount(count, threshold))), sum]);
    }
  }
  return { counts, isSum, lines, known, blank, ...(forced === undefined ? {} : { forced }) };
}

/** A view's table in a document that holds other views over the same records (a profile). */
export interface ShownMember {
  pivots: ShownPivots;
  sort: ViewSort | null;
}

/**
 * Tables of one document over the same records (same filters and months),
 * in document order, and which of them this is: they are protected as one
 * table, since a figure one prints (Burglary's total) may be a figure
 * another withholds.
 */
export interface ShownTogether {
  members: readonly ShownMember[];
  index: number;
}

/** The records a figure counts, by its labels: the same key in two tables of the same records is the same count. */
function recordKeys(layout: Pick<ShownPivotLayout, 'rows' | 'columns' | 'hasTotalColumn'>, spec: Pick<PivotSpec, 'rows' | 'columns'>): string[][] {
  const totalColumn = layout.hasTotalColumn ? layout.columns.length : null;
  const width = layout.columns.length + (layout.hasTotalColumn ? 1 : 0);
  return layout.rows.map((row) =>
    Array.from({ length: width }, (_, j) => {
      const rowPart = row.kind === 'total' ? [] : row.key.map((label, k) => [spec.rows[k] ?? '', label]);
      const columnPart = j === totalColumn ? [] : (layout.columns[j]?.labels ?? []).map((label, k) => [spec.columns[k] ?? '', label]);
      return JSON.stringify([...rowPart, ...columnPart].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    }),
  );
}

/**
 * Several tables as one for suppressSummedTable: their grids one beneath
 * another, each with its own sums (and published counts), and a line
 * `a = b` between figures of two tables that count the same records.
 */
function jointSums(tables: readonly { sums: SummedTable; keys: string[][] }[]): { sums: SummedTable; offsets: number[] } {
  const counts: number[][] = [];
  const isSum: boolean[][] = [];
  const known: boolean[][] = [];
  const forced: boolean[][] = [];
  const blank: boolean[][] = [];
  const lines: Position[][] = [];
  const offsets: number[] = [];
  const first = new Map<string, Position>();
  for (const { sums, keys } of tables) {
    const offset = counts.length;
    offsets.push(offset);
    sums.counts.forEach((row, i) => {
      counts.push([...row]);
      isSum.push(row.map((_, j) => sums.isSum[i]?.[j] ?? false));
      known.push(row.map((_, j) => sums.known?.[i]?.[j] ?? false));
      forced.push(row.map((_, j) => sums.forced?.[i]?.[j] ?? false));
      blank.push(row.map((_, j) => sums.blank?.[i]?.[j] ?? false));
    });
    for (const line of sums.lines) lines.push(line.map(([i, j]): Position => [i + offset, j]));
    keys.forEach((row, i) =>
      row.forEach((key, j) => {
        const at: Position = [i + offset, j];
        const seen = first.get(key);
        if (seen === undefined) first.set(key, at);
        else lines.push([seen, at]);
      }),
    );
  }
  return { sums: { counts, isSum, lines, known, forced, blank }, offsets };
}

/** The pattern over the shown table (its own rows only: published counts' sums sit beneath it), with the tables it is published with. */
function shownStatuses(
  pivots: ShownPivots,
  layout: ShownPivotLayout,
  threshold: number,
  published: readonly PublishedCounts[] | undefined,
  together?: ShownTogether,
): CellStatus[][] {
  const sumsOf = (p: ShownPivots, l: ShownPivotLayout): SummedTable => {
    const { spec } = p.result;
    const extra = published === undefined || published.length === 0 ? undefined : { spec, counts: published };
    return shownTableSums(l, spec.measure, threshold, extra);
  };
  if (together === undefined || together.members.length < 2) return suppressSummedTable(sumsOf(pivots, layout), threshold).slice(0, layout.rows.length);
  const tables = together.members.map((member, k) => {
    const l = k === together.index ? layout : shownPivotLayout(member.pivots, null, { sort: member.sort });
    return { sums: sumsOf(member.pivots, l), keys: recordKeys(l, member.pivots.result.spec), rows: l.rows.length };
  });
  const { sums, offsets } = jointSums(tables);
  const statuses = suppressSummedTable(sums, threshold);
  const offset = offsets[together.index] ?? 0;
  return statuses.slice(offset, offset + layout.rows.length);
}

/**
 * The view's table as the grid shows it (rows in the sort, group rows with
 * subtotals, subtotal columns, no Total column with nothing in Columns), with
 * small counts as "<5" (any other measure on a small count "[c]") and the
 * figures hidden to protect them "[c]". `published`: counts another table of
 * the same document prints over the same records (a profile's flags
 * summaries), which the pattern then never relies on hiding.
 */
export function disclosedShownTable(
  pivots: ShownPivots,
  info: WorkbenchInfo | null,
  options: Omit<ShownTableOptions, 'smallCountThreshold'> & { threshold?: number; published?: readonly PublishedCounts[]; together?: ShownTogether } = {},
): DisclosedShownTable {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const { threshold: _threshold, published: _published, together: _together, ...shownOptions } = options;
  const layout = shownPivotLayout(pivots, info, shownOptions);
  const statuses = shownStatuses(pivots, layout, threshold, options.published, options.together);
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
  options: { sort?: ShownTableOptions['sort']; threshold?: number; published?: readonly PublishedCounts[]; together?: ShownTogether } = {},
): { result: PivotResult; suppressed: number } {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const layout = shownPivotLayout(pivots, null, { sort: options.sort ?? null });
  const statuses = shownStatuses(pivots, layout, threshold, options.published, options.together);
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
