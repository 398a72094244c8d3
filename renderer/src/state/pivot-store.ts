/**
 * The pivot on screen and the trend of the selected row.
 *
 * Where each key persists:
 * - spec, chart: nowhere on their own; a saved view keeps both in the
 *   workbench file (views/save), and opening the view restores them.
 * - result, subtotals, trend, isLoading, error: nowhere (recomputed from the workbench).
 * - selectedRowKey: nowhere (passing UI state).
 */
import { create } from 'zustand';
import type { WorkbenchErrorInfo } from '../../../shared/errors';
import type { PivotResult } from '../../../shared/pivot/run-pivot';
import { DEFAULT_PIVOT, type PivotSpec } from '../../../shared/pivot/spec';
import type { ChartKind } from '../../../shared/views';

export interface PivotState {
  spec: PivotSpec;
  /** How the selected row's trend is drawn: line, bar, heatmap (colours the table) or table (no chart). */
  chart: ChartKind;
  result: PivotResult | null;
  /** With two row dimensions: the same pivot by the first one only, for the group rows' subtotals. */
  subtotals: PivotResult | null;
  isLoading: boolean;
  error: WorkbenchErrorInfo | null;
  /** The row's labels, one per row dimension; null when no row is selected. */
  selectedRowKey: string[] | null;
  trend: PivotResult | null;
  isTrendLoading: boolean;
}

interface PivotActions {
  updateSpec: (change: Partial<PivotSpec>) => void;
  /** Replaces the whole spec and chart (opening a saved view): nothing of the old spec survives. */
  applyView: (spec: PivotSpec, chart: ChartKind) => void;
  setChart: (chart: ChartKind) => void;
  setResult: (result: PivotResult, subtotals?: PivotResult | null) => void;
  setLoading: (isLoading: boolean) => void;
  setError: (error: WorkbenchErrorInfo) => void;
  selectRow: (key: string[] | null) => void;
  setTrend: (trend: PivotResult | null, isLoading?: boolean) => void;
}

export const usePivotStore = create<PivotState & PivotActions>()((set) => ({
  spec: DEFAULT_PIVOT,
  chart: 'line',
  result: null,
  subtotals: null,
  isLoading: false,
  error: null,
  selectedRowKey: null,
  trend: null,
  isTrendLoading: false,
  updateSpec: (change) =>
    set((state) => {
      const spec = { ...state.spec, ...change };
      // A different row dimension makes the selected row meaningless.
      const keepsRows = change.rows === undefined || change.rows.join() === state.spec.rows.join();
      return { spec, selectedRowKey: keepsRows ? state.selectedRowKey : null };
    }),
  applyView: (spec, chart) => set({ spec: structuredClone(spec), chart, selectedRowKey: null }),
  setChart: (chart) => set({ chart }),
  setResult: (result, subtotals = null) => set({ result, subtotals, isLoading: false, error: null }),
  setLoading: (isLoading) => set({ isLoading }),
  setError: (error) => set({ error, isLoading: false }),
  selectRow: (selectedRowKey) => set({ selectedRowKey }),
  setTrend: (trend, isTrendLoading = false) => set({ trend, isTrendLoading }),
}));
