import {
  AllCommunityModule,
  type CellDoubleClickedEvent,
  type CellStyle,
  type ColDef,
  type GetRowIdParams,
  type ICellRendererParams,
  ModuleRegistry,
  type RowClassParams,
  type SelectionChangedEvent,
  type ValueFormatterParams,
  themeQuartz,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useRef } from 'react';
import type { Dimension } from '../../../shared/pivot/dimensions';
import { DIMENSION_LABELS } from '../../../shared/pivot/dimensions';
import type { PivotResult } from '../../../shared/pivot/run-pivot';
import { MEASURE_LABELS, type Measure } from '../../../shared/pivot/spec';
import { openDrillThrough } from '../actions/drill-actions';
import { type RowBadge, rowBadges, seriesKey } from '../flags/flag-list';
import { formatMeasure } from '../format';
import { type GridRow, ROW_HEADER_ID, TOTAL_ID, heatColour, isNested, totalRow, valueRange, visibleRows } from '../pivot/grid-model';
import { useFlagsStore } from '../state/flags-store';
import { usePivotStore } from '../state/pivot-store';
import { SMALL_COUNT_THRESHOLD, useUiStore } from '../state/ui-store';
import { PivotGridToolbar } from './PivotGridToolbar';

ModuleRegistry.registerModules([AllCommunityModule]);

const SYSTEM_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export const gridTheme = themeQuartz.withParams({
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
export { ROW_HEADER_ID, TOTAL_ID };

/** What the cell renderers need beyond the row itself, passed as the grid's context. */
interface GridContext {
  badgesOf: (row: GridRow) => RowBadge[];
  toggleGroup: (label: string) => void;
}

function RowHeaderCell({ data, context }: ICellRendererParams<GridRow, string, GridContext>) {
  if (data === undefined) return null;
  const badges = context.badgesOf(data);
  return (
    <span className={`row-header depth-${data.depth}`}>
      {data.kind === 'group' && (
        <button
          type="button"
          className="group-toggle"
          aria-expanded={data.isCollapsed !== true}
          aria-label={`${data.isCollapsed === true ? 'Expand' : 'Collapse'} ${data.label}`}
          onClick={(event) => {
            // The toggle must not also select the row.
            event.stopPropagation();
            context.toggleGroup(data.label);
          }}
        >
          {data.isCollapsed === true ? '▸' : '▾'}
        </button>
      )}
      <span className="row-label">{data.label}</span>
      {badges.length > 0 && (
        <span className="row-badges" data-testid="row-badges">
          {badges.map((b) => (
            <span key={b.symbol} className={`badge badge-${b.symbol === '!' ? 'exception' : b.symbol === '◆' ? 'seasonal' : 'trend'}`} title={b.text} aria-label={b.text}>
              {b.symbol}
            </span>
          ))}
        </span>
      )}
    </span>
  );
}

interface DisplayOptions {
  isHeatmap: boolean;
  showsSmallCounts: boolean;
  range: { min: number; max: number } | null;
}

/** The cell's record count, for "<5" display and drill-through (totals use the row's total count). */
function countAt(row: GridRow | undefined, j: number | null): number {
  if (row === undefined) return 0;
  return j === null ? row.countTotal : (row.counts[j] ?? 0);
}

function columnDefsOf(result: PivotResult, display: DisplayOptions): ColDef<GridRow>[] {
  const measure: Measure = result.spec.measure;
  const isSmall = (count: number): boolean => display.showsSmallCounts && count > 0 && count < SMALL_COUNT_THRESHOLD;
  // Small counts: "<5" for counts, and a blank for a share or change computed from one, as in the export.
  const formatAt =
    (j: number | null) =>
    (params: ValueFormatterParams<GridRow, number | null>): string =>
      isSmall(countAt(params.data, j)) ? (measure === 'count' ? `<${SMALL_COUNT_THRESHOLD}` : '') : formatMeasure(params.value, measure);
  const heatStyle = (params: { data?: GridRow | undefined; value?: number | null | undefined }): CellStyle | null => {
    if (!display.isHeatmap || display.range === null || params.data?.kind !== 'row') return null;
    const value = params.value;
    return value === null || value === undefined || !Number.isFinite(value) ? null : heatColour(value, display.range);
  };
  const hasColumns = result.spec.columns.length > 0;
  const rowHeader: ColDef<GridRow> = {
    colId: ROW_HEADER_ID,
    headerName: result.spec.rows.map((d) => DIMENSION_LABELS[d]).join(' › ') || 'Records',
    valueGetter: (p) => p.data?.label ?? '',
    cellRenderer: RowHeaderCell,
    pinned: 'left',
    lockPinned: true,
    width: 290,
    cellClass: 'row-header-cell',
  };
  const valueColumns = result.columns.map((labels, j): ColDef<GridRow> => {
    const label = labels.join(' / ');
    return {
      colId: hasColumns ? label : 'value',
      headerName: hasColumns ? label : MEASURE_LABELS[measure],
      headerTooltip: label,
      valueGetter: (p) => p.data?.values[j] ?? null,
      valueFormatter: formatAt(j),
      cellStyle: heatStyle,
      type: 'numericColumn',
      width: 120,
    };
  });
  const total: ColDef<GridRow> = {
    colId: TOTAL_ID,
    headerName: 'Total',
    valueGetter: (p) => p.data?.total ?? null,
    valueFormatter: formatAt(null),
    type: 'numericColumn',
    width: 120,
    cellClass: 'total-cell',
  };
  return [rowHeader, ...valueColumns, ...(hasColumns ? [total] : [])];
}

const getRowId = (params: GetRowIdParams<GridRow>): string => params.data.id;
const getRowClass = (params: RowClassParams<GridRow>): string | undefined => (params.data?.kind === 'group' ? 'group-row' : undefined);

/** The flag badges for a row, matched on its dimensions' values whatever their order. */
function useBadges(rows: readonly Dimension[]): (row: GridRow) => RowBadge[] {
  const result = useFlagsStore((s) => s.result);
  return useMemo(() => {
    const badges = result === null ? null : rowBadges(result);
    return (row: GridRow): RowBadge[] => {
      if (badges === null || row.kind === 'total') return [];
      const series = Object.fromEntries(row.key.map((label, i) => [rows[i] ?? '', label]));
      return badges.get(seriesKey(series)) ?? [];
    };
  }, [result, rows]);
}

/**
 * The pivot as a grid: row labels pinned left, a Total column and a Total
 * row pinned at the bottom; with two row dimensions, group rows carry the
 * subtotals and their rows sit indented beneath. Double-click a cell for
 * the records behind it.
 */
export function PivotGrid() {
  const result = usePivotStore((s) => s.result);
  const subtotals = usePivotStore((s) => s.subtotals);
  const chart = usePivotStore((s) => s.chart);
  const isLoading = usePivotStore((s) => s.isLoading);
  const error = usePivotStore((s) => s.error);
  const selectRow = usePivotStore((s) => s.selectRow);
  const isHeatmapOn = useUiStore((s) => s.isHeatmap);
  const hidesEmptyRows = useUiStore((s) => s.hidesEmptyRows);
  const showsSmallCounts = useUiStore((s) => s.showsSmallCounts);
  const collapsedGroups = useUiStore((s) => s.collapsedGroups);
  const toggleGroup = useUiStore((s) => s.toggleGroup);
  const isHeatmap = isHeatmapOn || chart === 'heatmap';

  const rows = useMemo(
    () => (result === null ? [] : visibleRows(result, subtotals, { hidesEmptyRows, collapsed: new Set(collapsedGroups) })),
    [result, subtotals, hidesEmptyRows, collapsedGroups],
  );
  const totals = useMemo(() => (result === null ? [] : [totalRow(result)]), [result]);
  const range = useMemo(() => valueRange(rows), [rows]);
  const columnDefs = useMemo(
    () => (result === null ? [] : columnDefsOf(result, { isHeatmap, showsSmallCounts, range })),
    [result, isHeatmap, showsSmallCounts, range],
  );
  const badgesOf = useBadges(result?.spec.rows ?? []);
  const context = useMemo((): GridContext => ({ badgesOf, toggleGroup }), [badgesOf, toggleGroup]);
  const nested = result !== null && isNested(result);
  const gridRef = useRef<AgGridReact<GridRow>>(null);
  // Cell renderers read the context when they render; new flags must redraw the row headers.
  useEffect(() => {
    gridRef.current?.api?.refreshCells({ columns: [ROW_HEADER_ID], force: true });
  }, [badgesOf]);

  const onSelectionChanged = (event: SelectionChangedEvent<GridRow>): void => {
    const selected = event.api.getSelectedRows()[0];
    selectRow(selected === undefined ? null : selected.key);
  };
  const onCellDoubleClicked = (event: CellDoubleClickedEvent<GridRow>): void => {
    const row = event.data;
    const colId = event.column.getColId();
    if (result === null || row === undefined || colId === ROW_HEADER_ID) return;
    const j = colId === TOTAL_ID ? null : result.columns.findIndex((labels) => (labels.join(' / ') || 'value') === colId);
    if (j === -1) return;
    const columnKey = j === null ? [] : (result.columns[j] ?? []);
    const rowLabel = row.kind === 'total' ? 'All rows' : row.key.join(' › ') || 'All records';
    const columnLabel = j === null ? 'all columns' : columnKey.join(' / ') || 'all columns';
    void openDrillThrough({
      spec: result.spec,
      rowKey: row.kind === 'total' ? [] : row.key,
      columnKey,
      count: countAt(row, j),
      label: `${rowLabel} × ${columnLabel}`,
    });
  };

  return (
    <div className="pivot-grid" data-testid="pivot-grid" aria-busy={isLoading}>
      <PivotGridToolbar />
      {error !== null && (
        <p className="grid-error" role="alert" data-testid="pivot-error">
          {error.message}
        </p>
      )}
      <div className="pivot-grid-body">
        <AgGridReact<GridRow>
          ref={gridRef}
          theme={gridTheme}
          columnDefs={columnDefs}
          rowData={rows}
          pinnedBottomRowData={rows.length > 0 ? totals : []}
          getRowId={getRowId}
          getRowClass={getRowClass}
          context={context}
          // Sorting would pull child rows away from their group, so nested pivots keep the pivot's order.
          defaultColDef={{ sortable: !nested, resizable: true, suppressMovable: true }}
          rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
          onSelectionChanged={onSelectionChanged}
          onCellDoubleClicked={onCellDoubleClicked}
          suppressColumnVirtualisation={columnDefs.length < VIRTUALISE_COLUMNS_FROM}
          overlayNoRowsTemplate="<span class='grid-empty'>No records to show. Import police.uk street-level CSV files (Import…, or drop them on the window).</span>"
          loading={isLoading && result === null}
          animateRows={false}
        />
      </div>
    </div>
  );
}
