/**
 * The pivot on screen and the trend of the selected row.
 *
 * Where each key persists:
 * - spec, chart, sort: nowhere on their own; a saved view keeps them in the
 *   workbench file (views/save), and opening the view restores them.
 * - result, subtotals, trend, isLoading, error: nowhere (recomputed from the workbench).
 * - selectedRowKey, pendingFilters: nowhere (passing UI state).
 */
import { create } from 'zustand';
import type { WorkbenchErrorInfo } from '../../../shared/errors';
import type { PivotResult } from '../../../shared/pivot/run-pivot';
import { DEFAULT_PIVOT, type PivotSpec } from '../../../shared/pivot/spec';
import type { Dimension } from '../../../shared/pivot/dimensions';
import type { ChartKind, ViewSort } from '../../../shared/views';
import type { ColumnSubtotal } from '../pivot/grid-model';

export interface PivotState {
  spec: PivotSpec;
  /** How the selected row's trend is drawn: line, bar, heatmap (colours the table) or table (no chart). */
  chart: ChartKind;
  /** The table's sort; null keeps the pivot's own order (labels in their natural order). */
  sort: ViewSort | null;
  /**
   * Fields in the Filters zone with no values picked yet. They are not in the
   * spec, since a filter with no values would match no record.
   */
  pendingFilters: Dimension[];
  result: PivotResult | null;
  /**
   * With nested rows: the same pivot by the first row dimension, the first
   * two, and so on (index k has k + 1 row dimensions), for the group rows' subtotals.
   */
  subtotals: (PivotResult | null)[];
  /** With nested columns: the pivots behind each column group's subtotal column. */
  columnSubtotals: ColumnSubtotal[];
  isLoading: boolean;
  error: WorkbenchErrorInfo | null;
  /** The row's labels, one per row dimension; null when no row is selected. */
  selectedRowKey: string[] | null;
  trend: PivotResult | null;
  isTrendLoading: boolean;
}

interface PivotActions {
  updateSpec: (change: Partial<PivotSpec>) => void;
  /** Replaces the spec (the builder's edits); a sort on a column that is gone is dropped. */
  setSpec: (spec: PivotSpec) => void;
  /** Replaces the whole spec, chart and sort (opening a saved view): nothing of the old pivot survives. */
  applyView: (spec: PivotSpec, chart: ChartKind, sort?: ViewSort | null) => void;
  setChart: (chart: ChartKind) => void;
  setSort: (sort: ViewSort | null) => void;
  setPendingFilters: (dimensions: Dimension[]) => void;
  setResult: (result: PivotResult, subtotals?: (PivotResult | null)[], columnSubtotals?: ColumnSubtotal[]) => void;
  setLoading: (isLoading: boolean) => void;
  setError: (error: WorkbenchErrorInfo) => void;
  selectRow: (key: string[] | null) => void;
  setTrend: (trend: PivotResult | null, isLoading?: boolean) => void;
}

/** What changes with the spec: the selected row goes when the rows change, the sort when its column's dimensions change. */
function nextSpec(state: PivotState, spec: PivotSpec): Partial<PivotState> {
  // A different row dimension makes the selected row meaningless.
  const keepsRows = spec.rows.join() === state.spec.rows.join();
  const keepsColumns = spec.columns.join() === state.spec.columns.join();
  const sortsColumn = state.sort !== null && state.sort.column !== '__row' && state.sort.column !== '__total';
  return {
    spec,
    selectedRowKey: keepsRows ? state.selectedRowKey : null,
    sort: sortsColumn && !keepsColumns ? null : state.sort,
    // A pending filter that now has values is a real filter.
    pendingFilters: state.pendingFilters.filter((d) => !spec.filters.some((f) => f.dimension === d)),
  };
}

export const usePivotStore = create<PivotState & PivotActions>()((set) => ({
  spec: DEFAULT_PIVOT,
  chart: 'line',
  sort: null,
  pendingFilters: [],
  result: null,
  subtotals: [],
  columnSubtotals: [],
  isLoading: false,
  error: null,
  selectedRowKey: null,
  trend: null,
  isTrendLoading: false,
  updateSpec: (change) => set((state) => nextSpec(state, { ...state.spec, ...change })),
  setSpec: (spec) => set((state) => nextSpec(state, spec)),
  applyView: (spec, chart, sort = null) =>
    set({ spec: structuredClone(spec), chart, sort: sort === null ? null : { ...sort }, pendingFilters: [], selectedRowKey: null }),
  setChart: (chart) => set({ chart }),
  setSort: (sort) => set({ sort }),
  setPendingFilters: (pendingFilters) => set({ pendingFilters }),
  setResult: (result, subtotals = [], columnSubtotals = []) => set({ result, subtotals, columnSubtotals, isLoading: false, error: null }),
  setLoading: (isLoading) => set({ isLoading }),
  setError: (error) => set({ error, isLoading: false }),
  selectRow: (selectedRowKey) => set({ selectedRowKey }),
  setTrend: (trend, isTrendLoading = false) => set({ trend, isTrendLoading }),
}));
