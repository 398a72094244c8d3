import {
  AllCommunityModule,
  type ColDef,
  type GetRowIdParams,
  ModuleRegistry,
  type SelectionChangedEvent,
  type ValueFormatterParams,
  themeQuartz,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo } from 'react';
import { DIMENSION_LABELS } from '../../../shared/pivot/dimensions';
import type { PivotResult } from '../../../shared/pivot/run-pivot';
import { MEASURE_LABELS, type Measure } from '../../../shared/pivot/spec';
import { formatMeasure } from '../format';
import { usePivotStore } from '../state/pivot-store';

ModuleRegistry.registerModules([AllCommunityModule]);

const SYSTEM_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const gridTheme = themeQuartz.withParams({
  fontFamily: SYSTEM_FONT,
  fontSize: 13,
  headerFontWeight: 600,
  spacing: 6,
  accentColor: '#1d4f91',
  headerBackgroundColor: '#eef2f7',
  rowHoverColor: '#f2f6fb',
  selectedRowBackgroundColor: '#dbe7f7',
  borderRadius: 2,
  wrapperBorderRadius: 0,
});

/** Past this many columns the grid renders only the visible ones. */
const VIRTUALISE_COLUMNS_FROM = 60;
export const ROW_HEADER_ID = '__row';
export const TOTAL_ID = '__total';

export interface GridRow {
  id: string;
  key: string[];
  label: string;
  values: (number | null)[];
  total: number | null;
}

export function gridRowsOf(result: PivotResult): { rows: GridRow[]; totals: GridRow[] } {
  const rows = result.rows.map((row) => {
    const label = row.key.join(' / ') || 'All records';
    return { id: label, key: row.key, label, values: row.values, total: row.total };
  });
  const totals = [{ id: TOTAL_ID, key: [], label: 'Total', values: result.columnTotals, total: result.grandTotal }];
  return { rows, totals };
}

function columnDefsOf(result: PivotResult): ColDef<GridRow>[] {
  const measure: Measure = result.spec.measure;
  const format = (params: ValueFormatterParams<GridRow, number | null>): string => formatMeasure(params.value, measure);
  const hasColumns = result.spec.columns.length > 0;
  const rowHeader: ColDef<GridRow> = {
    colId: ROW_HEADER_ID,
    headerName: result.spec.rows.map((d) => DIMENSION_LABELS[d]).join(' / ') || 'Records',
    valueGetter: (p) => p.data?.label ?? '',
    pinned: 'left',
    lockPinned: true,
    width: 240,
    cellClass: 'row-header-cell',
  };
  const valueColumns = result.columns.map((labels, j): ColDef<GridRow> => {
    const label = labels.join(' / ');
    return {
      colId: hasColumns ? label : 'value',
      headerName: hasColumns ? label : MEASURE_LABELS[measure],
      headerTooltip: label,
      valueGetter: (p) => p.data?.values[j] ?? null,
      valueFormatter: format,
      type: 'numericColumn',
      width: 120,
    };
  });
  const total: ColDef<GridRow> = {
    colId: TOTAL_ID,
    headerName: 'Total',
    valueGetter: (p) => p.data?.total ?? null,
    valueFormatter: format,
    type: 'numericColumn',
    width: 120,
    cellClass: 'total-cell',
  };
  return [rowHeader, ...valueColumns, ...(hasColumns ? [total] : [])];
}

const getRowId = (params: GetRowIdParams<GridRow>): string => params.data.id;

/** The pivot as a sortable grid: row labels pinned left, a Total column and a Total row pinned at the bottom. */
export function PivotGrid() {
  const result = usePivotStore((s) => s.result);
  const isLoading = usePivotStore((s) => s.isLoading);
  const error = usePivotStore((s) => s.error);
  const selectRow = usePivotStore((s) => s.selectRow);
  const columnDefs = useMemo(() => (result === null ? [] : columnDefsOf(result)), [result]);
  const { rows, totals } = useMemo(() => (result === null ? { rows: [], totals: [] } : gridRowsOf(result)), [result]);
  const onSelectionChanged = (event: SelectionChangedEvent<GridRow>): void => {
    const selected = event.api.getSelectedRows()[0];
    selectRow(selected === undefined ? null : selected.key);
  };
  return (
    <div className="pivot-grid" data-testid="pivot-grid" aria-busy={isLoading}>
      {error !== null && (
        <p className="grid-error" role="alert" data-testid="pivot-error">
          {error.message}
        </p>
      )}
      <AgGridReact<GridRow>
        theme={gridTheme}
        columnDefs={columnDefs}
        rowData={rows}
        pinnedBottomRowData={rows.length > 0 ? totals : []}
        getRowId={getRowId}
        defaultColDef={{ sortable: true, resizable: true, suppressMovable: true }}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        onSelectionChanged={onSelectionChanged}
        suppressColumnVirtualisation={columnDefs.length < VIRTUALISE_COLUMNS_FROM}
        overlayNoRowsTemplate="<span class='grid-empty'>No records to show. Import police.uk street-level CSV files (Import…, or drop them on the window).</span>"
        loading={isLoading && result === null}
        animateRows={false}
      />
    </div>
  );
}
