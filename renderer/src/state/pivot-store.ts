/**
 * The pivot on screen and the trend of the selected row.
 *
 * Where each key persists:
 * - spec: nowhere yet (a saved view keeps a spec in the workbench file via views/save).
 * - result, trend, isLoading, error: nowhere (recomputed from the workbench).
 * - selectedRowKey: nowhere (passing UI state).
 */
import { create } from 'zustand';
import type { WorkbenchErrorInfo } from '../../../shared/errors';
import type { PivotResult } from '../../../shared/pivot/run-pivot';
import { DEFAULT_PIVOT, type PivotSpec } from '../../../shared/pivot/spec';

export interface PivotState {
  spec: PivotSpec;
  result: PivotResult | null;
  isLoading: boolean;
  error: WorkbenchErrorInfo | null;
  /** The row's labels, one per row dimension; null when no row is selected. */
  selectedRowKey: string[] | null;
  trend: PivotResult | null;
  isTrendLoading: boolean;
}

interface PivotActions {
  updateSpec: (change: Partial<PivotSpec>) => void;
  setResult: (result: PivotResult) => void;
  setLoading: (isLoading: boolean) => void;
  setError: (error: WorkbenchErrorInfo) => void;
  selectRow: (key: string[] | null) => void;
  setTrend: (trend: PivotResult | null, isLoading?: boolean) => void;
}

export const usePivotStore = create<PivotState & PivotActions>()((set) => ({
  spec: DEFAULT_PIVOT,
  result: null,
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
  setResult: (result) => set({ result, isLoading: false, error: null }),
  setLoading: (isLoading) => set({ isLoading }),
  setError: (error) => set({ error, isLoading: false }),
  selectRow: (selectedRowKey) => set({ selectedRowKey }),
  setTrend: (trend, isTrendLoading = false) => set({ trend, isTrendLoading }),
}));
