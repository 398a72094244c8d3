/**
 * The import in progress and the summary of the last one.
 *
 * Where each key persists:
 * - progress, runningRequestId: nowhere (only while the worker imports).
 * - reports: nowhere; the per-file counts are also kept in the workbench file's import table.
 */
import { create } from 'zustand';
import type { ImportProgress, ImportReport } from '../../../shared/import/types';

export interface ImportState {
  runningRequestId: number | null;
  progress: ImportProgress | null;
  isCancelling: boolean;
  /** The finished import's reports, shown in the summary dialog until dismissed. */
  reports: ImportReport[] | null;
}

interface ImportActions {
  start: (requestId: number) => void;
  setProgress: (progress: ImportProgress) => void;
  setCancelling: () => void;
  finish: (reports: ImportReport[] | null) => void;
  dismissSummary: () => void;
}

export const useImportStore = create<ImportState & ImportActions>()((set) => ({
  runningRequestId: null,
  progress: null,
  isCancelling: false,
  reports: null,
  start: (runningRequestId) => set({ runningRequestId, progress: null, isCancelling: false }),
  setProgress: (progress) => set({ progress }),
  setCancelling: () => set({ isCancelling: true }),
  finish: (reports) => set({ runningRequestId: null, progress: null, isCancelling: false, reports }),
  dismissSummary: () => set({ reports: null }),
}));
