/** Exports of what is on screen, through the platform so Electron can show a save dialog. */
import { disclosedShownTable } from '../../../shared/disclosure/shown-table';
import { exportTableToCsv } from '../../../shared/export/csv';
import { type ExportTable, describeSpec, shownPivotTable } from '../../../shared/export/pivot-table';
import { withRateIntervals } from '../../../shared/export/rate-intervals';
import type { PivotSpec } from '../../../shared/pivot/spec';
import { platform } from '../platform';
import { saveCsv } from './save-csv';
import { useDialogStore } from '../state/dialog-store';
import { usePivotStore } from '../state/pivot-store';
import { SMALL_COUNT_THRESHOLD, useUiStore } from '../state/ui-store';
import { useWorkbenchStore } from '../state/workbench-store';

export type PivotExportFormat = 'csv' | 'xlsx';

/** `crime_type-by-district-2023-01-to-2023-06`: says what the export shows. */
export function exportBaseName(spec: PivotSpec): string {
  const rows = spec.rows.join('-') || 'all';
  const columns = spec.columns.length > 0 ? `-by-${spec.columns.join('-')}` : '';
  const range = spec.from !== undefined || spec.to !== undefined ? `-${spec.from ?? 'start'}-to-${spec.to ?? 'end'}` : '';
  return `${rows}${columns}${range}`;
}

/** "Period: …" and "Filters: …" for a spec, worded as in export headers (flags and drill-through use the pivot's scope). */
export function scopeLines(spec: PivotSpec): string[] {
  const empty = { spec, columns: [], rows: [], columnTotals: [], grandTotal: null, columnCountTotals: [], grandCount: 0 };
  return describeSpec(empty).filter((line) => line.startsWith('Period') || line.startsWith('Filters'));
}

/**
 * The pivot as shown: the visible rows (empty rows hidden, groups with their
 * subtotals, in the grid's sort order) and totals, under a header block
 * naming the source extracts, period and filters. With "Show counts below 5
 * as <5" on, the export is safe to publish: the profile pack's disclosure
 * control (small counts "<5", and "[c]" for the figures that would let one
 * be worked out from a total or subtotal), which the header says. With
 * "Compare with the Total" on, a rate's 95% limits (and, with district,
 * age band or sex alone on an axis, how it compares) follow each figure.
 */
export function visiblePivotTable(): ExportTable | null {
  const { result, subtotals, columnSubtotals, sort } = usePivotStore.getState();
  if (result === null) return null;
  const ui = useUiStore.getState();
  const pivots = { result, subtotals, columnSubtotals };
  const shown = { hidesEmptyRows: ui.hidesEmptyRows, collapsed: new Set(ui.collapsedGroups), sort };
  const info = useWorkbenchStore.getState().info;
  // The command line's export --view [--suppress] [--intervals] builds its table with the same functions, from the same pivots.
  const table = ui.showsSmallCounts ? disclosedShownTable(pivots, info, { ...shown, threshold: SMALL_COUNT_THRESHOLD }) : shownPivotTable(pivots, info, shown);
  return ui.comparesWithTotal ? withRateIntervals(table, pivots, shown) : table;
}

export async function exportPivot(format: PivotExportFormat): Promise<void> {
  const table = visiblePivotTable();
  const spec = usePivotStore.getState().result?.spec;
  if (table === null || spec === undefined) {
    useDialogStore.getState().setNotice('Nothing to export yet: the pivot has not run.');
    return;
  }
  const name = exportBaseName(spec);
  if (format === 'csv') {
    await saveCsv(exportTableToCsv(table), `${name}.csv`);
    return;
  }
  // exceljs is large: load it only when an analyst asks for a workbook.
  const { tableToXlsx } = await import('../../../shared/export/xlsx');
  await platform.saveExport(await tableToXlsx(table), {
    suggestedName: `${name}.xlsx`,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
}

/** The toolbar and menu's Export CSV. */
export function exportPivotCsv(): Promise<void> {
  return exportPivot('csv');
}
