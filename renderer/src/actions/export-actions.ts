/** Exports of what is on screen, through the platform so Electron can show a save dialog. */
import { exportTableToCsv } from '../../../shared/export/csv';
import { type ExportTable, describeSpec, shownPivotTable } from '../../../shared/export/pivot-table';
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
 * subtotals, in the grid's sort order), totals, and small counts as "<5"
 * when the grid shows them so, under a header block naming the source
 * extracts, period and filters.
 */
export function visiblePivotTable(): ExportTable | null {
  const { result, subtotals, columnSubtotals, sort } = usePivotStore.getState();
  if (result === null) return null;
  const ui = useUiStore.getState();
  // The command line's export --view builds its table with the same function, from the same pivots.
  return shownPivotTable({ result, subtotals, columnSubtotals }, useWorkbenchStore.getState().info, {
    hidesEmptyRows: ui.hidesEmptyRows,
    collapsed: new Set(ui.collapsedGroups),
    sort,
    ...(ui.showsSmallCounts ? { smallCountThreshold: SMALL_COUNT_THRESHOLD } : {}),
  });
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
