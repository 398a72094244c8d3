/**
 * The visible pivot as a table for export (CSV, XLSX, the profile pack):
 * a header block saying where the figures come from (source extracts, date
 * range, filters, measure), then the table as the grid shows it.
 *
 * Small counts: when `smallCountThreshold` is set, counts from 1 up to the
 * threshold minus one are shown as "<N" and measures computed from them are
 * blanked, so an export never carries a figure the screen hid.
 */
import { dayLabel, monthLabel, monthSpan } from '../charts/text';
import { type ImportKind, kindLabel } from '../import/types';
import type { WorkbenchInfo } from '../info';
import { DIMENSION_LABELS } from '../pivot/dimensions';
import { measureFormat } from '../figures';
import { type ColumnSubtotal, type GridRow, displayPivot, isNested, totalRow, visibleResult, visibleRows, withCellText } from '../pivot/display-rows';
import type { PivotResult } from '../pivot/run-pivot';
import { MEASURE_LABELS, type Measure, isIquantaMeasure } from '../pivot/spec';
import type { ViewSort } from '../views';

export type ExportCell = string | number | null;

export interface PivotTableOptions {
  /** Show counts below this as "<N" (e.g. 5); undefined shows every count. */
  smallCountThreshold?: number;
  totals?: boolean;
}

export interface ExportTable {
  header: string[];
  columns: string[];
  rows: ExportCell[][];
  /** Excel number format for the figures (e.g. `#,##0` for counts); unset, a general one. */
  numberFormat?: string;
  /**
   * Indexes into `rows` of the Total row and the group rows' subtotals, which
   * print bold: known from how the table was built, not read off labels
   * ("Total per year", "Mansfield / Subtotal"; a series may be called "Total").
   */
  totalRows?: number[];
  /**
   * A nested table's rows as the grid indents them, for a document (Word,
   * print): each row's own label and its depth. CSV and XLSX keep the full
   * "Mansfield / Burglary" labels in `rows`, which a spreadsheet can filter on.
   */
  rowOutline?: { label: string; depth: number }[];
  /**
   * The measure the figures are (after the row label column): how they read
   * and round (shared/figures.ts), so the CSV writes and the Word profile
   * prints each figure as the grid shows it. Unset for ready-made tables.
   */
  measure?: Measure;
}

/**
 * The Excel number format that shows a measure as the grid does: counts
 * whole with thousands separators, rates to one decimal place, shares and
 * changes as percentages (the figures are percentage points), differences signed.
 */
export function measureNumberFormat(measure: Measure): string | undefined {
  switch (measureFormat(measure)) {
    case 'rate':
      return '#,##0.0';
    case 'published_rate':
      return '#,##0.00';
    case 'percent':
      return '0.0"%"';
    case 'change':
      return '+0.0"%";-0.0"%";0.0"%"';
    case 'difference':
      return '+#,##0;-#,##0;0';
    case 'value':
      // Positions and ranks are words.
      return undefined;
    case 'count':
      return '#,##0';
  }
}

/**
 * The spec in words for a header block. Months read as the app writes them
 * ("Jan 2023"), one month once ("Apr 2014", as chart titles say it); an open end is the data's first or last month when the
 * workbench's range is known, else "start of data" / "end of data".
 */
export function describeSpec(result: Pick<PivotResult, 'spec'>, dataRange: { from: string; to: string } | null = null): string[] {
  const { spec } = result;
  const from = spec.from ?? dataRange?.from;
  const to = spec.to ?? dataRange?.to;
  const rows = spec.rows.map((d) => DIMENSION_LABELS[d]).join(' > ') || 'All records';
  const columns = spec.columns.map((d) => DIMENSION_LABELS[d]).join(' > ');
  const filters = spec.filters.map((f) => `${DIMENSION_LABELS[f.dimension]} = ${f.values.join(' or ')}`);
  return [
    `Measure: ${MEASURE_LABELS[spec.measure]}`,
    `Rows: ${rows}${columns === '' ? '' : `; columns: ${columns}`}`,
    `Period: ${from !== undefined && to !== undefined ? monthSpan(from, to) : `${from === undefined ? 'start of data' : monthLabel(from)} to ${to === undefined ? 'end of data' : monthLabel(to)}`}`,
    `Filters: ${filters.length > 0 ? filters.join('; ') : 'none'}`,
  ];
}

/** The import kinds that hold crime and ASB records. */
export const RECORD_KINDS: readonly ImportKind[] = ['police-uk', 'district'];

/**
 * The imports a table's figures come from: records for a crime or ASB
 * table (population estimates too for a rate), the iQuanta extract for an
 * iQuanta measure. A survey file is never a source of a pivot.
 */
export function pivotSourceKinds(measure: Measure): readonly ImportKind[] {
  if (isIquantaMeasure(measure)) return ['iquanta'];
  return measure === 'rate' ? [...RECORD_KINDS, 'population'] : RECORD_KINDS;
}

/** The header's source lines: each import of the given kinds (all when not given), then the span the data covers. */
export function sourceLines(info: Pick<WorkbenchInfo, 'imports' | 'dateRange'>, kinds?: readonly ImportKind[]): string[] {
  const imports = kinds === undefined ? info.imports : info.imports.filter((i) => (kinds as readonly string[]).includes(i.kind));
  const lines = imports.map(
    (i) => `Source: ${i.file} (${kindLabel(i.kind)}, ${i.accepted.toLocaleString('en-GB')} records, imported ${dayLabel(i.at)}, sha256 ${i.sha256.slice(0, 12)})`,
  );
  if (info.dateRange) lines.push(`Data covers ${monthSpan(info.dateRange.from, info.dateRange.to)}`);
  return lines;
}

export function pivotExportTable(result: PivotResult, info: WorkbenchInfo | null, options: PivotTableOptions = {}): ExportTable {
  const threshold = options.smallCountThreshold;
  const isSmall = (count: number): boolean => threshold !== undefined && count > 0 && count < threshold;
  // A figure computed from a small count other than its own (a change's earlier period) is blanked too.
  const show = (value: ExportCell, count: number, input = 0): ExportCell => {
    if (!isSmall(count) && !isSmall(input)) return value;
    return result.spec.measure === 'count' && isSmall(count) ? `<${String(threshold)}` : null;
  };
  const header = ['Crime Analyst Workbench export', ...describeSpec(result, info?.dateRange ?? null), ...(info ? sourceLines(info, pivotSourceKinds(result.spec.measure)) : [])];
  if (threshold !== undefined) header.push(`Counts from 1 to ${threshold - 1} are shown as <${threshold}.`);
  for (const note of result.notes) header.push(`Note: ${note}`);
  const columns = [
    result.spec.rows.map((d) => DIMENSION_LABELS[d]).join(' / ') || 'All records',
    ...result.columns.map((labels) => labels.join(' / ') || MEASURE_LABELS[result.spec.measure]),
    ...(options.totals === false ? [] : [result.totalLabels?.column ?? 'Total']),
  ];
  // Text measures (iQuanta position, rank) export their text.
  const rows: ExportCell[][] = result.rows.map((row) => [
    row.key.join(' / ') || 'All records',
    ...row.values.map((value, j) => show(row.text?.[j] ?? value, row.counts[j] ?? 0, row.inputCounts?.[j])),
    ...(options.totals === false ? [] : [show(row.totalText ?? row.total, row.countTotal)]),
  ]);
  if (options.totals !== false) {
    rows.push([
      result.totalLabels?.row ?? 'Total',
      ...result.columnTotals.map((value, j) => show(result.columnTotalsText?.[j] ?? value, result.columnCountTotals[j] ?? 0, result.columnInputCounts?.[j])),
      show(result.grandTotal, result.grandCount),
    ]);
  }
  const numberFormat = measureNumberFormat(result.spec.measure);
  return {
    header,
    columns,
    rows,
    ...(numberFormat === undefined ? {} : { numberFormat }),
    ...(options.totals === false ? {} : { totalRows: [rows.length - 1] }),
    measure: result.spec.measure,
  };
}

/** A pivot as the grid shows it: the result, its row subtotals (by the first 1, 2, ... row dimensions) and its column subtotals. */
export interface ShownPivots {
  result: PivotResult;
  subtotals: readonly (PivotResult | null)[];
  columnSubtotals: readonly ColumnSubtotal[];
}

export interface ShownTableOptions {
  hidesEmptyRows?: boolean;
  /** Paths of the row groups collapsed on screen (their children left out). */
  collapsed?: ReadonlySet<string>;
  sort?: ViewSort | null;
  /** Show counts below this as "<N"; undefined shows every count. */
  smallCountThreshold?: number;
}

/**
 * The table as the grid shows it, for every export of a pivot: the app's CSV
 * and XLSX and the command line's `export --view`, so the two cannot drift.
 * Group rows come with their subtotals (as "<group> / Subtotal"), column groups
 * with their subtotal columns, rows in the sort, worded cells as words, and
 * with nothing in Columns no Total column (the grid has one value column).
 */
export function shownPivotTable(pivots: ShownPivots, info: WorkbenchInfo | null, options: ShownTableOptions = {}): ExportTable {
  return shownPivotLayout(pivots, info, options).table;
}

/**
 * The shown table with what each of its rows and columns stands for, for
 * disclosure control over the sums it publishes (the profile pack): `rows`
 * are the table's rows in order (the visible rows, then the Total row),
 * `columns` its figure columns (after the row label column), each with the
 * column labels its records have (a subtotal column's are its group's), and
 * `hasTotalColumn` whether the row's total follows them.
 */
export interface ShownPivotLayout {
  table: ExportTable;
  rows: GridRow[];
  columns: { labels: string[]; isSubtotal: boolean }[];
  hasTotalColumn: boolean;
}

export function shownPivotLayout(pivots: ShownPivots, info: WorkbenchInfo | null, options: ShownTableOptions = {}): ShownPivotLayout {
  const display = displayPivot(pivots.result, pivots.subtotals, pivots.columnSubtotals);
  const { result, subtotals } = display;
  const rows = visibleRows(result, subtotals, { hidesEmptyRows: options.hidesEmptyRows ?? false, collapsed: options.collapsed ?? new Set(), sort: options.sort ?? null });
  const table = pivotExportTable(visibleResult(result, rows), info, options.smallCountThreshold === undefined ? {} : { smallCountThreshold: options.smallCountThreshold });
  const tableRows = [...rows, totalRow(result)];
  const shown = {
    ...withCellText(table, tableRows),
    totalRows: tableRows.flatMap((row, i) => (row.kind === 'row' ? [] : [i])),
    ...(isNested(result) ? { rowOutline: tableRows.map((row) => ({ label: row.label, depth: row.depth })) } : {}),
  };
  const columns = display.drillKeys.map((labels, j) => ({ labels, isSubtotal: display.subtotalColumns.has(j) }));
  const hasTotalColumn = result.spec.columns.length > 0;
  if (hasTotalColumn) return { table: shown, rows: tableRows, columns, hasTotalColumn };
  return { table: { ...shown, columns: shown.columns.slice(0, -1), rows: shown.rows.map((cells) => cells.slice(0, -1)) }, rows: tableRows, columns, hasTotalColumn };
}
