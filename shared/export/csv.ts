/**
 * CSV for spreadsheets: RFC 4180 quoting, and cells that Excel would read as
 * a formula (= + - @, tab, carriage return) prefixed with an apostrophe so
 * an export can never run code. Numbers are written as numbers.
 */
import { RATE_LEVEL, type RateInterval } from '../analytics/rate-interval';
import { LOW_FIGURE, isLowFigure, roundFigure } from '../figures';
import type { PivotResult } from '../pivot/run-pivot';
import type { Measure } from '../pivot/spec';

export function escapeCsvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(roundForExport(value)) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function roundForExport(value: number): number {
  return Number.isInteger(value) ? value : Math.round(value * 1e6) / 1e6;
}

/**
 * The UTF-8 byte order mark. Excel on Windows reads a CSV file as UTF-8 only
 * when it starts with one; without it "×", "’", "£" and "é" come out garbled.
 */
export const UTF8_BOM = '\uFEFF';

/**
 * A CSV as written to a file for the analyst (Excel-bound): with the BOM in
 * front, once. CSV printed to stdout goes without, as the tools it is piped
 * into would read the BOM as part of the first header.
 */
export function withUtf8Bom(csv: string): string {
  return csv.startsWith(UTF8_BOM) ? csv : UTF8_BOM + csv;
}

export function toCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((row) => row.map(escapeCsvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * The pivot as the command line prints it: the row dimension's value first,
 * then one column per column value; a totals row and column only when asked.
 */
export function pivotToCsv(result: PivotResult, options: { totals?: boolean; header?: string[]; intervals?: boolean } = {}): string {
  const rowHeader = result.spec.rows.join(' / ') || 'all';
  // A rate's 95% confidence limits after each figure, when asked (the engine's, shared/analytics/rate-interval.ts).
  const withLimits = options.intervals === true && result.spec.measure === 'rate';
  const headed = (name: string): string[] => (withLimits ? [name, `${name}: lower ${RATE_LEVEL}% limit`, `${name}: upper ${RATE_LEVEL}% limit`] : [name]);
  const figure = (value: string | number | null, interval: RateInterval | null | undefined): (string | number | null)[] =>
    withLimits ? [value, interval?.lower ?? null, interval?.upper ?? null] : [value];
  const columnHeaders = result.columns.flatMap((labels) => headed(labels.join(' / ') || 'value'));
  const table: (string | number | null)[][] = [];
  for (const line of options.header ?? []) table.push([line]);
  if (options.header && options.header.length > 0) table.push([]);
  table.push([rowHeader, ...columnHeaders, ...(options.totals ? headed('Total') : [])]);
  for (const row of result.rows) {
    // Text measures (iQuanta position, rank) print their text; the rest their number.
    const values = row.values.flatMap((value, j) => figure(row.text?.[j] ?? value, row.intervals?.[j]));
    table.push([row.key.join(' / ') || 'All records', ...values, ...(options.totals ? figure(row.totalText ?? row.total, row.totalInterval) : [])]);
  }
  if (options.totals) {
    table.push([
      'Total',
      ...result.columnTotals.flatMap((value, j) => figure(result.columnTotalsText?.[j] ?? value, result.columnTotalIntervals?.[j])),
      ...figure(result.grandTotal, result.grandTotalInterval),
    ]);
  }
  return toCsv(table);
}

/**
 * An export table's rows with each figure as the grid shows it (rates,
 * shares and changes to one decimal place, half away from zero), for the CSV
 * and the XLSX alike: the file an analyst copies from says what the screen
 * and the Word profile say, and Excel has nothing left to round (it showed
 * a change of -0.04% as "-0.0%" where the grid says 0.0%). A rate or share
 * above nought that rounds to nought is `[low]`, as on screen, not a 0 that
 * reads as none.
 */
export function shownFigureRows(table: { rows: (string | number | null)[][]; measure?: Measure }): (string | number | null)[][] {
  const { measure } = table;
  if (measure === undefined) return table.rows;
  const shown = (cell: number): string | number => (isLowFigure(cell, measure) ? LOW_FIGURE : roundFigure(cell, measure));
  return table.rows.map((cells) => cells.map((cell, k) => (k > 0 && typeof cell === 'number' ? shown(cell) : cell)));
}

/** Said in an export's header block when a figure in it is `[low]`. */
export const LOW_FIGURE_NOTE = `${LOW_FIGURE} marks a rate or share above nought that rounds to nought at the places shown.`;

/** An export table's header block and rows as written (shownFigureRows), the header saying what `[low]` means when one is there. */
export function shownExportTable(table: { header: string[]; rows: (string | number | null)[][]; measure?: Measure }): { header: string[]; rows: (string | number | null)[][] } {
  const rows = shownFigureRows(table);
  const hasLow = table.measure !== undefined && rows.some((cells, i) => cells.some((cell, k) => cell === LOW_FIGURE && typeof table.rows[i]?.[k] === 'number'));
  return { header: hasLow ? [...table.header, LOW_FIGURE_NOTE] : table.header, rows };
}

/** An export table (header block, a blank line, then the table, its figures as shown) as CSV. */
export function exportTableToCsv(table: { header: string[]; columns: string[]; rows: (string | number | null)[][]; measure?: Measure }): string {
  const shown = shownExportTable(table);
  return toCsv([...shown.header.map((line) => [line]), [], table.columns, ...shown.rows]);
}
