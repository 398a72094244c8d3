/**
 * The Flags screen: the last run's result and the run in progress.
 *
 * Where each key persists:
 * - by, kinds, selectedFlagId: nowhere (passing UI state).
 * - result, request, error, progress, runningRequestId: nowhere; flags are
 *   recomputed from the workbench and dropped when its records change.
 */
import { create } from 'zustand';
import type { FlagKind, FlagsProgress, FlagsResult, SeriesRequest } from '../../../shared/analytics/flags';
import type { Dimension } from '../../../shared/pivot/dimensions';

/** The series splits the panel offers. */
export const FLAG_SPLITS = {
  crime_type: ['crime_type'],
  'crime_type,district': ['crime_type', 'district'],
  district: ['district'],
} as const satisfies Record<string, readonly Dimension[]>;
export type FlagSplit = keyof typeof FLAG_SPLITS;
export const FLAG_SPLIT_KEYS = ['crime_type', 'crime_type,district', 'district'] as const satisfies readonly FlagSplit[];
export const FLAG_SPLIT_LABELS: Readonly<Record<FlagSplit, string>> = {
  crime_type: 'Crime type',
  'crime_type,district': 'Crime type × district',
  district: 'District',
};

export function isFlagSplit(value: string): value is FlagSplit {
  return Object.hasOwn(FLAG_SPLITS, value);
}

/**
 * The progress bar's percent over the run's two passes, each half the bar:
 * the worker counts each pass from 0 to the number of series, and the bar
 * must not fill up on the seasonality tests and then start again.
 */
export function flagsPercent(progress: FlagsProgress | null): number {
  if (progress === null || progress.total === 0) return 0;
  const done = progress.stage === 'methods' ? progress.total + progress.done : progress.stage === 'seasonality' ? progress.done : 2 * progress.done;
  return Math.round((done / (2 * progress.total)) * 100);
}

export interface FlagsState {
  split: FlagSplit;
  kinds: Record<FlagKind, boolean>;
  runningRequestId: number | null;
  progress: FlagsProgress | null;
  /** The request the result answers (its `by` labels the series). */
  request: SeriesRequest | null;
  result: FlagsResult | null;
  error: string | null;
  selectedFlagId: string | null;
}

interface FlagsActions {
  setSplit: (split: FlagSplit) => void;
  toggleKind: (kind: FlagKind) => void;
  start: (requestId: number) => void;
  setProgress: (progress: FlagsProgress) => void;
  finish: (outcome: { request: SeriesRequest; result: FlagsResult } | { error: string } | null) => void;
  selectFlag: (id: string | null) => void;
  clear: () => void;
}

export const useFlagsStore = create<FlagsState & FlagsActions>()((set) => ({
  split: 'crime_type',
  kinds: { seasonality: true, trend: true, exceptions: true },
  runningRequestId: null,
  progress: null,
  request: null,
  result: null,
  error: null,
  selectedFlagId: null,
  setSplit: (split) => set({ split }),
  toggleKind: (kind) => set((state) => ({ kinds: { ...state.kinds, [kind]: !state.kinds[kind] } })),
  start: (runningRequestId) => set({ runningRequestId, progress: null, error: null }),
  setProgress: (progress) => set({ progress }),
  finish: (outcome) =>
    set(() => {
      const idle = { runningRequestId: null, progress: null };
      if (outcome === null) return idle;
      if ('error' in outcome) return { ...idle, error: outcome.error };
      return { ...idle, error: null, request: outcome.request, result: outcome.result, selectedFlagId: null };
    }),
  selectFlag: (selectedFlagId) => set({ selectedFlagId }),
  clear: () => set({ request: null, result: null, error: null, selectedFlagId: null }),
}));
