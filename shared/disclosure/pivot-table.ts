/**
 * A pivot as an export table with disclosure control: the pattern is found
 * on the record counts behind the cells (whatever the measure shows), so a
 * rate or share built on a small count is hidden with it. Shown as "<5" for
 * a small count and "[c]" (the GSS symbol for confidential) for a cell
 * hidden to protect another; any measure other than a count shows "[c]".
 */
import type { WorkbenchInfo } from '../info';
import { type ExportCell, type ExportTable, pivotExportTable } from '../export/pivot-table';
import type { PivotResult } from '../pivot/run-pivot';
import { type CellStatus, DEFAULT_THRESHOLD, type SuppressionResult, suppressTable } from './suppress';

export const CONFIDENTIAL = '[c]';

export function suppressPivot(result: PivotResult, threshold = DEFAULT_THRESHOLD, totals = true): SuppressionResult {
  return suppressTable(
    result.rows.map((r) => r.counts),
    { threshold, totals },
  );
}

export interface DisclosedTable extends ExportTable {
  suppression: SuppressionResult;
  /** Cells hidden: small counts, and cells hidden to protect them. */
  primary: number;
  secondary: number;
}

export function disclosedPivotTable(
  result: PivotResult,
  info: WorkbenchInfo | null,
  options: { threshold?: number; totals?: boolean } = {},
): DisclosedTable {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const totals = options.totals ?? true;
  const table = pivotExportTable(result, info, { totals });
  const suppression = suppressPivot(result, threshold, totals);
  const isCount = result.spec.measure === 'count';
  const show = (cell: ExportCell, status: CellStatus): ExportCell => {
    if (status === 'published') return cell;
    return isCount && status === 'primary' ? `<${threshold}` : CONFIDENTIAL;
  };
  const columnCount = result.columns.length;
  const rows = table.rows.map((row, i) => {
    const isTotalRow = totals && i === result.rows.length;
    return row.map((cell, k) => {
      if (k === 0) return cell;
      const j = k - 1;
      const isTotalColumn = totals && j === columnCount;
      const status = isTotalRow
        ? isTotalColumn
          ? suppression.grandTotal
          : (suppression.columnTotals[j] ?? 'published')
        : isTotalColumn
          ? (suppression.rowTotals[i] ?? 'published')
          : (suppression.cells[i]?.[j] ?? 'published');
      return show(cell, status);
    });
  });
  const flat = [...suppression.cells.flat(), ...suppression.rowTotals, ...suppression.columnTotals, suppression.grandTotal];
  const primary = flat.filter((s) => s === 'primary').length;
  const secondary = flat.filter((s) => s === 'secondary').length;
  const header = [
    ...table.header,
    `Disclosure control: counts from 1 to ${threshold - 1} are shown as <${threshold}${isCount ? '' : ' (here [c])'}; ${CONFIDENTIAL} marks figures withheld so that they cannot be worked out from the totals.`,
  ];
  return { ...table, header, rows, suppression, primary, secondary };
}

/**
 * The pivot with every figure disclosure control hides set to null (and its
 * count to 0), for charts: a bar, point or heatmap cell built on a small
 * count, or hidden to protect one, becomes a gap. The same pattern as the
 * table with totals, so a chart and a table of one view in a profile hide
 * the same cells.
 */
export function disclosedPivotResult(result: PivotResult, threshold = DEFAULT_THRESHOLD): { result: PivotResult; suppressed: number } {
  const pattern = suppressPivot(result, threshold, true);
  let suppressed = 0;
  const rows = result.rows.map((row, i) => {
    const status = pattern.cells[i] ?? [];
    const hidden = (j: number): boolean => (status[j] ?? 'published') !== 'published';
    suppressed += row.values.filter((_, j) => hidden(j)).length;
    const totalHidden = (pattern.rowTotals[i] ?? 'published') !== 'published';
    return {
      ...row,
      values: row.values.map((v, j) => (hidden(j) ? null : v)),
      counts: row.counts.map((c, j) => (hidden(j) ? 0 : c)),
      total: totalHidden ? null : row.total,
    };
  });
  const columnTotals = result.columnTotals.map((v, j) => ((pattern.columnTotals[j] ?? 'published') === 'published' ? v : null));
  const grandTotal = pattern.grandTotal === 'published' ? result.grandTotal : null;
  return { result: { ...result, rows, columnTotals, grandTotal }, suppressed };
}
