import {
  AllCommunityModule,
  type CellDoubleClickedEvent,
  type CellKeyDownEvent,
  type CellStyle,
  type ColDef,
  type ColGroupDef,
  type GetRowIdParams,
  type ICellRendererParams,
  type IHeaderParams,
  type ITooltipParams,
  ModuleRegistry,
  type RowClassParams,
  type SelectionChangedEvent,
  type ValueFormatterParams,
  themeQuartz,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Dimension } from '../../../shared/pivot/dimensions';
import { DIMENSION_LABELS } from '../../../shared/pivot/dimensions';
import { MEASURE_LABELS, type Measure, isIquantaMeasure } from '../../../shared/pivot/spec';
import { openDrillThrough } from '../actions/drill-actions';
import { type RowBadge, rowBadges, seriesKey } from '../flags/flag-list';
import { formatMeasure, lowFigureTooltip } from '../format';
import type { PivotResult } from '../../../shared/pivot/run-pivot';
import { isLowFigure, isSignedMeasure } from '../../../shared/figures';
import type { ViewSort } from '../../../shared/views';
import { RATE_LEVEL, RATE_METHOD_LABELS } from '../../../shared/analytics/rate-interval';
import { COMPARISON_SYMBOLS, type Comparer, NO_COMPARED_AXIS, benchmarkName, comparedAxis, comparisonAt, comparisonLegend } from '../../../shared/pivot/rate-compare';
import {
  type ColumnNode,
  type GridRow,
  ROW_HEADER_ID,
  TOTAL_ID,
  columnKey,
  columnTree,
  displayPivot,
  groupPath,
  heatColour,
  totalRow,
  valueRange,
  visibleRows,
} from '../pivot/grid-model';
import { useDialogStore } from '../state/dialog-store';
import { useFlagsStore } from '../state/flags-store';
import { usePivotStore } from '../state/pivot-store';
import { SMALL_COUNT_THRESHOLD, useUiStore } from '../state/ui-store';
import { PivotGridToolbar } from './PivotGridToolbar';
import { labelGrid } from './grid-label';
import { gridScrollbarWidth } from './grid-scrollbars';

ModuleRegistry.registerModules([AllCommunityModule]);

const SYSTEM_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export const gridTheme = themeQuartz.withParams({
  fontFamily: SYSTEM_FONT,
  fontSize: 13,
  headerFontWeight: 600,
  spacing: 6,
  // 9 px either side of a figure (the theme's 18): value columns share the grid's width, and a district's name fits.
  cellHorizontalPaddingScale: 0.5,
  // Rows 28 px high (the theme's 36 showed ~17 at 1440 x 900): an analyst's table reads denser, and stays above WCAG 2.5.8's 24 px target.
  rowVerticalPaddingScale: 0.6,
  accentColor: '#1d4f91',
  headerBackgroundColor: '#eef2f7',
  rowHoverColor: '#f2f6fb',
  selectedRowBackgroundColor: '#dbe7f7',
  borderRadius: 2,
  wrapperBorderRadius: 0,
  // The grid's focus ring (headers, its own controls): solid dark, not the theme's half-transparent accent, for 3:1 contrast (WCAG 1.4.11).
  focusShadow: { spread: 2, color: '#0b0c0c' },
});

/** Past this many columns the grid renders only the visible ones. */
const VIRTUALISE_COLUMNS_FROM = 60;
export { ROW_HEADER_ID, TOTAL_ID };

/** What the cell renderers need beyond the row itself, passed as the grid's context. */
interface GridContext {
  badgesOf: (row: GridRow) => RowBadge[];
  toggleGroup: (path: string) => void;
}

function RowHeaderCell({ data, context }: ICellRendererParams<GridRow, string, GridContext>) {
  if (data === undefined) return null;
  const badges = context.badgesOf(data);
  return (
    <span className={`row-header depth-${data.depth}`} style={{ paddingLeft: `${data.depth * 20 + (data.kind === 'group' ? 0 : 2)}px` }}>
      {data.kind === 'group' && (
        <button
          type="button"
          className="group-toggle"
          aria-expanded={data.isCollapsed !== true}
          aria-label={`${data.isCollapsed === true ? 'Expand' : 'Collapse'} ${data.label}`}
          onClick={(event) => {
            // The toggle must not also select the row.
            event.stopPropagation();
            context.toggleGroup(groupPath(data.key));
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

/** Rates against their benchmark (shared/pivot/rate-compare.ts): how each cell compares, and with what, in words. */
interface Comparing extends Comparer {
  /** "the Total", "all age bands": what the marks are against, in words. */
  benchmarkName: string;
}

/** A rate cell with its mark when it differs significantly from the Total; the words are there for screen readers. */
function RateCell(params: ICellRendererParams<GridRow, number | null, GridContext> & { j: number | null; comparing: Comparing }) {
  const shown = params.valueFormatted ?? '';
  const mark = params.data === undefined || shown === '' ? null : params.comparing.compare(params.data, params.j);
  return (
    <>
      {shown}
      {/* A slot in every cell, marked or not, so the figures stay aligned on their last digit. */}
      {mark === 'higher' || mark === 'lower' ? (
        <span className={`rate-mark rate-${mark}`} data-mark={mark}>
          <span aria-hidden="true">{COMPARISON_SYMBOLS[mark]}</span>
          <span className="visually-hidden">
            , significantly {mark} than {params.comparing.benchmarkName}
          </span>
        </span>
      ) : (
        <span className="rate-mark" />
      )}
    </>
  );
}

/** Our own header, so sorting is the pivot's (groups keep their children) and is kept in saved views. */
interface SortHeaderParams {
  direction: ViewSort['direction'] | null;
  /** Labels sort A to Z first; numbers largest first, as analysts usually want. */
  firstDirection: ViewSort['direction'];
  onSort: (colId: string, direction: ViewSort['direction'] | null) => void;
}

function SortHeader(params: IHeaderParams<GridRow, GridContext> & SortHeaderParams) {
  const colId = params.column.getColId();
  const { direction, firstDirection } = params;
  const second = firstDirection === 'asc' ? 'desc' : 'asc';
  const next = direction === null ? firstDirection : direction === firstDirection ? second : null;
  const state = direction === null ? '' : direction === 'asc' ? ', sorted ascending' : ', sorted descending';
  return (
    <button
      type="button"
      className={`sort-header${direction === null ? '' : ' sorted'}${params.column.getColDef().type === 'numericColumn' ? ' numeric' : ''}`}
      data-testid={`sort-${colId}`}
      data-sort={direction ?? 'none'}
      aria-label={`${params.displayName}${state}. Sort ${next === null ? 'off' : next === 'asc' ? 'ascending' : 'descending'}`}
      title={params.displayName}
      onClick={() => params.onSort(colId, next)}
    >
      <span className="sort-label">{params.displayName}</span>
      <span className="sort-arrow" aria-hidden="true">
        {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : ''}
      </span>
    </button>
  );
}

interface DisplayOptions {
  isHeatmap: boolean;
  showsSmallCounts: boolean;
  range: { min: number; max: number } | null;
  sort: ViewSort | null;
  onSort: SortHeaderParams['onSort'];
  /** Column groups' subtotal columns: bold, and off the colour scale. */
  subtotalColumns: ReadonlySet<number>;
  /** Rates with "Compare with the Total" on and district, age band or sex alone on an axis. */
  comparing: Comparing | null;
}

/** The cell's record count, for "<5" display and drill-through (totals use the row's total count). */
function countAt(row: GridRow | undefined, j: number | null): number {
  if (row === undefined) return 0;
  return j === null ? row.countTotal : (row.counts[j] ?? 0);
}

/** The smallest other count the cell's figure is computed from (a change's earlier period, a window's records; 0 for none). */
function inputAt(row: GridRow | undefined, j: number | null): number {
  return row === undefined || j === null ? 0 : (row.inputCounts?.[j] ?? 0);
}

/** Financial year to date and rolling 12 months are counts of a window of months: the cell's figure is its records' number. */
function windowCount(measure: Measure, row: GridRow, j: number | null): number | null {
  if ((measure !== 'fytd' && measure !== 'rolling_12') || j === null) return null;
  const value = row.values[j];
  return value === null || value === undefined ? null : value;
}

/** A cell's words, when the measure gives words (e.g. "above" the MSG band) rather than a number. */
function textAt(row: GridRow | undefined, j: number | null): string | null {
  if (row === undefined) return null;
  return (j === null ? row.totalText : row.text?.[j]) ?? null;
}

/**
 * Every heading wraps over lines, the header growing to fit, rather than being cut to "Anti-soci…" or "Rate per …"
 * with only a tooltip for the rest: a pivot's headings are its column values, as long as a crime type's name.
 */
/** Room for "13,355" and the sort arrow; a wrapped heading takes the lines it needs. */
const VALUE_MIN_WIDTH = 88;

/** Headings longer than this take three lines at most: "Criminal damage / and arson", "Newark and / Sherwood". */
const LONG_HEADING_CHARACTERS = 16;
const LONG_HEADING_MIN_WIDTH = 112;

/** Beside a heading's words: the cell's padding (6 px a side), the gap before the sort arrow, and 2 px to spare. */
const HEADING_ROOM = 18;
/** The sort arrow's own width, in the sorted column only (styles.css: .sort-header.sorted .sort-arrow). */
const SORT_ARROW_ROOM = 8;

let headingContext: CanvasRenderingContext2D | null | undefined;
/** A word's width in the heading's font, as the browser draws it (the fonts differ by machine: DejaVu is wider than Segoe UI). */
function headingWordWidth(word: string): number {
  if (headingContext === undefined) headingContext = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (headingContext === null) return word.length * 8.5;
  headingContext.font = `600 13px ${SYSTEM_FONT}`;
  return headingContext.measureText(word).width;
}

/**
 * A value column's narrowest: its heading's longest word whole ("Nottingham", "behaviour"), measured in the bold
 * 13 px heading font, plus the padding, so headings wrap between words, not inside them ("Nottingha / m City").
 */
function valueMinWidth(heading: string, isSorted: boolean): number {
  const longest = Math.max(0, ...heading.split(/\s+/).map(headingWordWidth));
  const room = HEADING_ROOM + (isSorted ? SORT_ARROW_ROOM : 0);
  return Math.max(heading.length > LONG_HEADING_CHARACTERS ? LONG_HEADING_MIN_WIDTH : VALUE_MIN_WIDTH, Math.ceil(longest) + room);
}

const WRAPPED_HEADING = { wrapHeaderText: true, autoHeaderHeight: true } as const satisfies Partial<ColDef<GridRow>>;

function columnDefsOf(result: PivotResult, display: DisplayOptions): (ColDef<GridRow> | ColGroupDef<GridRow>)[] {
  const measure: Measure = result.spec.measure;
  const isSmallCount = (count: number): boolean => display.showsSmallCounts && count > 0 && count < SMALL_COUNT_THRESHOLD;
  // A cell is hidden for its own small count or for one its figure is computed from (the period a change compares with).
  const isHiddenAt = (row: GridRow | undefined, j: number | null): boolean => isSmallCount(countAt(row, j)) || isSmallCount(inputAt(row, j));
  // Small counts: "<5" for counts, and a blank for a share or change computed from one, as in the export.
  const formatAt =
    (j: number | null) =>
    (params: ValueFormatterParams<GridRow, number | null>): string => {
      const text = textAt(params.data, j);
      if (text !== null) return text;
      if (!isHiddenAt(params.data, j)) return formatMeasure(params.value, measure);
      return measure === 'count' && isSmallCount(countAt(params.data, j)) ? `<${SMALL_COUNT_THRESHOLD}` : '';
    };
  // A "[low]" cell says on hover what it stands for, with the figure to two significant digits;
  // a rate gives its confidence interval, and whether it differs from the Total's when districts are compared.
  const tooltipAt =
    (j: number | null) =>
    (params: ITooltipParams<GridRow>): string | undefined => {
      const row = params.data;
      if (row === undefined || textAt(row, j) !== null || isHiddenAt(row, j)) return undefined;
      const value = j === null ? row.total : row.values[j];
      const low = typeof value === 'number' && isLowFigure(value, measure) ? lowFigureTooltip(value, measure) : null;
      const interval = j === null ? row.totalInterval : row.intervals?.[j];
      const range =
        interval === null || interval === undefined
          ? null
          : `${RATE_LEVEL}% confidence interval ${formatMeasure(interval.lower, measure)} to ${formatMeasure(interval.upper, measure)} per 1,000 (${RATE_METHOD_LABELS[interval.method]})`;
      const comparing = display.comparing;
      const mark = range === null || comparing === null ? null : comparing.compare(row, j);
      // Named with its rate: by age band it is not the Total shown, which also counts victims of unknown age.
      const benchmark = comparing === null ? null : comparing.benchmark(row, j);
      const against =
        mark === null || comparing === null || benchmark === null
          ? ''
          : `: ${mark === 'similar' ? 'not significantly different from' : `significantly ${mark} than`} ${comparing.benchmarkName} (${formatMeasure(benchmark, measure)})`;
      const parts = [low, range === null ? null : `${range}${against}`].filter((part) => part !== null);
      return parts.length === 0 ? undefined : parts.join('. ');
    };
  const markedAt = (j: number | null): Partial<ColDef<GridRow>> =>
    display.comparing === null ? {} : { cellRenderer: RateCell, cellRendererParams: { j, comparing: display.comparing } };
  // AG Grid keeps a style it set until told otherwise, so an uncoloured cell clears the colours rather than returning nothing.
  const plain: CellStyle = { backgroundColor: '', color: '' };
  // Changes and differences are shaded against no change, not against the smallest figure.
  const signed = isSignedMeasure(measure);
  const heatStyle = (j: number) => (params: { data?: GridRow | undefined; value?: number | null | undefined }): CellStyle => {
    // Words (a position against the MSG band) have no place on a colour scale.
    if (!display.isHeatmap || display.range === null || params.data?.kind !== 'row' || textAt(params.data, j) !== null) return plain;
    if (display.subtotalColumns.has(j)) return plain;
    // A hidden small count (or a figure blanked for one) stays off the scale: its shade would tell what it hides.
    if (isHiddenAt(params.data, j)) return plain;
    const value = params.value;
    return value === null || value === undefined || !Number.isFinite(value) ? plain : heatColour(value, display.range, { signed });
  };
  const sortParams = (colId: string, firstDirection: ViewSort['direction']): SortHeaderParams => ({
    direction: display.sort?.column === colId ? display.sort.direction : null,
    firstDirection,
    onSort: display.onSort,
  });
  const hasColumns = result.spec.columns.length > 0;
  const rowHeader: ColDef<GridRow> = {
    colId: ROW_HEADER_ID,
    headerName: result.spec.rows.map((d) => DIMENSION_LABELS[d]).join(' › ') || 'Records',
    valueGetter: (p) => p.data?.label ?? '',
    cellRenderer: RowHeaderCell,
    headerComponent: SortHeader,
    headerComponentParams: sortParams(ROW_HEADER_ID, 'asc'),
    pinned: 'left',
    lockPinned: true,
    // "Miscellaneous crimes against society" in full, with the cells' padding.
    width: 264,
    cellClass: 'row-header-cell',
    ...WRAPPED_HEADING,
    headerClass: 'wrapped-header',
  };
  const leaf = (j: number, headerName: string, colId: string, tooltip: string): ColDef<GridRow> => ({
    colId,
    headerName,
    headerTooltip: tooltip,
    valueGetter: (p) => p.data?.values[j] ?? null,
    valueFormatter: formatAt(j),
    tooltipValueGetter: tooltipAt(j),
    ...markedAt(j),
    cellStyle: heatStyle(j),
    headerComponent: SortHeader,
    headerComponentParams: sortParams(colId, 'desc'),
    type: 'numericColumn',
    width: 120,
    ...WRAPPED_HEADING,
    headerClass: 'wrapped-header',
    ...(display.subtotalColumns.has(j) ? { cellClass: ['subtotal-cell', 'ag-right-aligned-cell'] } : {}),
  });
  const toDef = (node: ColumnNode): ColDef<GridRow> | ColGroupDef<GridRow> =>
    node.kind === 'leaf'
      ? // The columns share the width the grid has, so crime type by district fits at 1440 px without scrolling;
        // at the minimum (many columns) they keep it and the grid scrolls.
        { ...leaf(node.index, node.label, node.id, node.id), flex: 1, minWidth: valueMinWidth(node.label, display.sort?.column === node.id) }
      : {
          groupId: node.id,
          headerName: node.label,
          headerClass: ['column-group-header', 'wrapped-header'],
          ...WRAPPED_HEADING,
          marryChildren: true,
          children: node.children.map(toDef),
        };
  const valueColumns = hasColumns
    ? columnTree(result.columns).map(toDef)
    : // The one value column is headed by the measure's name ("Rate per 1,000 population", up to 52 characters): wider, so it takes fewer lines.
      result.columns.map((_, j) => ({ ...leaf(j, MEASURE_LABELS[measure], 'value', MEASURE_LABELS[measure]), width: 160 }));
  const total: ColDef<GridRow> = {
    colId: TOTAL_ID,
    headerName: result.totalLabels?.column ?? 'Total',
    valueGetter: (p) => p.data?.total ?? null,
    valueFormatter: formatAt(null),
    tooltipValueGetter: tooltipAt(null),
    ...markedAt(null),
    headerComponent: SortHeader,
    headerComponentParams: sortParams(TOTAL_ID, 'desc'),
    type: 'numericColumn',
    // Pinned right: the row's total stays in view when the columns scroll.
    pinned: 'right',
    lockPinned: true,
    // Room for "Total per year".
    width: result.totalLabels?.column === undefined || result.totalLabels.column === 'Total' ? 96 : 150,
    // A cellClass replaces the numeric type's, so the right alignment is restated.
    cellClass: ['total-cell', 'ag-right-aligned-cell'],
    ...WRAPPED_HEADING,
    headerClass: 'wrapped-header',
  };
  return [rowHeader, ...valueColumns, ...(hasColumns ? [total] : [])];
}

const NO_SUBTOTALS: (PivotResult | null)[] = [];

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
 * row pinned at the bottom; nested columns under generated header groups;
 * with nested rows, group rows carry the subtotals and their rows sit
 * indented beneath. Click a header to sort (groups keep their rows);
 * double-click a cell for the records behind it.
 */
export function PivotGrid() {
  const pivot = usePivotStore((s) => s.result);
  const rowSubtotals = usePivotStore((s) => s.subtotals);
  const columnSubtotals = usePivotStore((s) => s.columnSubtotals);
  // Column groups' subtotal columns put in: the grid, the sort and the exports all read this.
  const display = useMemo(
    () => (pivot === null ? null : displayPivot(pivot, rowSubtotals, columnSubtotals)),
    [pivot, rowSubtotals, columnSubtotals],
  );
  const result = display?.result ?? null;
  const subtotals = display?.subtotals ?? NO_SUBTOTALS;
  const chart = usePivotStore((s) => s.chart);
  const isLoading = usePivotStore((s) => s.isLoading);
  const error = usePivotStore((s) => s.error);
  const selectRow = usePivotStore((s) => s.selectRow);
  const sort = usePivotStore((s) => s.sort);
  const setSort = usePivotStore((s) => s.setSort);
  const isHeatmapOn = useUiStore((s) => s.isHeatmap);
  const hidesEmptyRows = useUiStore((s) => s.hidesEmptyRows);
  const showsSmallCounts = useUiStore((s) => s.showsSmallCounts);
  const comparesWithTotal = useUiStore((s) => s.comparesWithTotal);
  const collapsedGroups = useUiStore((s) => s.collapsedGroups);
  const toggleGroup = useUiStore((s) => s.toggleGroup);
  const isHeatmap = isHeatmapOn || chart === 'heatmap';

  const rows = useMemo(
    () => (result === null ? [] : visibleRows(result, subtotals, { hidesEmptyRows, collapsed: new Set(collapsedGroups), sort })),
    [result, subtotals, hidesEmptyRows, collapsedGroups, sort],
  );
  const totals = useMemo(() => (result === null ? [] : [totalRow(result)]), [result]);
  const isComparing = comparesWithTotal && result?.spec.measure === 'rate';
  const compared = useMemo(() => (result === null ? null : comparedAxis(result.spec)), [result]);
  const comparing = useMemo((): Comparing | null => {
    const total = totals[0];
    if (!isComparing || compared === null || total === undefined || result === null) return null;
    // Benchmarks pool over every row of the pivot, not only those shown.
    return { ...comparisonAt(compared, result.rows, total), benchmarkName: benchmarkName(compared) };
  }, [isComparing, compared, totals, result]);
  const range = useMemo(() => valueRange(rows, display?.subtotalColumns), [rows, display]);
  const onSort = useCallback(
    (column: string, direction: ViewSort['direction'] | null) => setSort(direction === null ? null : { column, direction }),
    [setSort],
  );
  const columnDefs = useMemo(
    () =>
      result === null || display === null
        ? []
        : columnDefsOf(result, { isHeatmap, showsSmallCounts, range, sort, onSort, subtotalColumns: display.subtotalColumns, comparing }),
    [result, display, isHeatmap, showsSmallCounts, range, sort, onSort, comparing],
  );
  const notes = result?.notes ?? [];
  const badgesOf = useBadges(result?.spec.rows ?? []);
  const context = useMemo((): GridContext => ({ badgesOf, toggleGroup }), [badgesOf, toggleGroup]);
  const gridRef = useRef<AgGridReact<GridRow>>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const spec = result?.spec;
  const gridLabel =
    spec === undefined
      ? 'Pivot table'
      : `Pivot table: ${MEASURE_LABELS[spec.measure]} by ${spec.rows.map((d) => DIMENSION_LABELS[d]).join(' and ') || 'all records'}${spec.columns.length > 0 ? ` across ${spec.columns.map((d) => DIMENSION_LABELS[d]).join(' and ')}` : ''}`;
  useEffect(() => labelGrid(bodyRef.current, gridLabel), [gridLabel, columnDefs]);
  // Measured once, when the grid first renders.
  const [scrollbarWidth] = useState(gridScrollbarWidth);
  // Cell renderers read the context when they render; new flags must redraw the row headers.
  // So does collapsing a group: the row keeps its id and label, so AG Grid would keep the toggle saying "Collapse"
  // (and aria-expanded true) after the group has collapsed.
  useEffect(() => {
    gridRef.current?.api?.refreshCells({ columns: [ROW_HEADER_ID], force: true });
  }, [badgesOf, collapsedGroups]);

  const onSelectionChanged = (event: SelectionChangedEvent<GridRow>): void => {
    const selected = event.api.getSelectedRows()[0];
    selectRow(selected === undefined ? null : selected.key);
  };
  const onCellDoubleClicked = (event: CellDoubleClickedEvent<GridRow> | CellKeyDownEvent<GridRow>): void => {
    const row = event.data;
    const colId = event.column.getColId();
    if (result === null || row === undefined || colId === ROW_HEADER_ID) return;
    if (isIquantaMeasure(result.spec.measure)) {
      // iQuanta figures are published aggregates: there are no records behind them to list.
      useDialogStore.getState().setNotice('iQuanta figures are published totals: there are no records behind them to drill into.', { tab: 'pivot' });
      return;
    }
    const j = colId === TOTAL_ID ? null : result.columns.findIndex((labels) => (columnKey(labels) || 'value') === colId);
    if (j === -1) return;
    // A column group's subtotal drills into the whole group.
    const columnLabels = j === null ? [] : (display?.drillKeys[j] ?? result.columns[j] ?? []);
    const rowLabel = row.kind === 'total' ? 'All rows' : row.key.join(' › ') || 'All records';
    const columnLabel = j === null ? 'all columns' : columnKey(columnLabels) || 'all columns';
    void openDrillThrough({
      spec: result.spec,
      rowKey: row.kind === 'total' ? [] : row.key,
      columnKey: columnLabels,
      count: windowCount(result.spec.measure, row, j) ?? countAt(row, j),
      label: `${rowLabel} × ${columnLabel}`,
      // A share, a rate or a change is not a number of records: the dialog says what the cell shows.
      shown: String(event.api.getCellValue({ rowNode: event.node, colKey: event.column, useFormatter: true }) ?? ''),
    });
  };

  // The keyboard's way to what the mouse does: Enter on a figure opens its records, Enter on a group's label
  // expands or collapses it (its toggle button sits inside a grid cell, where Tab does not reach).
  const onCellKeyDown = (event: CellKeyDownEvent<GridRow>): void => {
    const keyboard = event.event;
    if (!(keyboard instanceof KeyboardEvent) || keyboard.key !== 'Enter') return;
    // Enter on the toggle button itself is the button's own click.
    if (keyboard.target instanceof HTMLButtonElement) return;
    const row = event.data;
    if (event.column.getColId() === ROW_HEADER_ID) {
      if (row?.kind === 'group') toggleGroup(groupPath(row.key));
      return;
    }
    onCellDoubleClicked(event);
  };

  return (
    <div className="pivot-grid" data-testid="pivot-grid" aria-busy={isLoading}>
      <PivotGridToolbar />
      {isComparing && (
        <p className="pivot-legend" data-testid="rate-compare-legend">
          {compared === null ? NO_COMPARED_AXIS : comparisonLegend(compared)}
        </p>
      )}
      {notes.length > 0 && (
        // Focusable: the list scrolls when it is long, and keyboard users must reach it.
        <ul className="pivot-notes" data-testid="pivot-notes" aria-label="Notes on these figures" tabIndex={0}>
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {error !== null && (
        <p className="grid-error" role="alert" data-testid="pivot-error">
          {error.message}
        </p>
      )}
      {/* The figures on screen are the last spec's while the new one runs (seconds after a large import, while
          the cubes are rebuilt): say so. Shown after a moment (styles.css), so quick pivots do not flicker. */}
      {isLoading && result !== null && (
        <p className="pivot-updating" role="status" data-testid="pivot-updating">
          Updating the pivot…
        </p>
      )}
      <div className="pivot-grid-body" ref={bodyRef}>
        {/* No grid before the first figures: AG Grid with no columns draws an empty header row, which
            assistive technology is told is a row of a table and finds no cells in (axe: aria-required-children). */}
        {columnDefs.length === 0 ? (
          <p className="grid-empty pivot-waiting" role="status" data-testid="pivot-waiting">
            {isLoading ? 'Working out the pivot…' : ''}
          </p>
        ) : (
          <AgGridReact<GridRow>
            ref={gridRef}
            onGridReady={() => labelGrid(bodyRef.current, gridLabel)}
            theme={gridTheme}
            columnDefs={columnDefs}
            rowData={rows}
            pinnedBottomRowData={rows.length > 0 ? totals : []}
            getRowId={getRowId}
            getRowClass={getRowClass}
            context={context}
            // The grid's own sorting would pull child rows away from their group: the headers sort the pivot's rows instead.
            defaultColDef={{ sortable: false, resizable: true, suppressMovable: true }}
            rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
            onSelectionChanged={onSelectionChanged}
            onCellDoubleClicked={onCellDoubleClicked}
            onCellKeyDown={onCellKeyDown}
            suppressColumnVirtualisation={(result?.columns.length ?? 0) + 2 < VIRTUALISE_COLUMNS_FROM}
            overlayNoRowsTemplate="<span class='grid-empty'>No records to show. Import police.uk street-level CSV files (Import…, or drop them on the window).</span>"
            animateRows={false}
            {...(scrollbarWidth === undefined ? {} : { scrollbarWidth })}
          />
        )}
      </div>
    </div>
  );
}
