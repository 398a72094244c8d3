/**
 * The Repeat victimisation screen: the form values and the last results.
 *
 * Where each key persists:
 * - repeat and nearRepeat form values: nowhere (passing UI state).
 * - crimeTypes: nowhere (read from the workbench for the crime type list).
 * - rows, knox, errors, progress: nowhere (recomputed from the workbench,
 *   dropped when its records change).
 */
import { create } from 'zustand';
import type { NearRepeatOutput, RepeatGroup, RepeatsRow } from '../../../shared/analytics/repeats-store';

export interface RepeatForm {
  group: RepeatGroup;
  windowDays: number;
  /** Split by district, or one row for the whole area. */
  byDistrict: boolean;
}

export interface NearRepeatForm {
  /** Empty until the crime types are known; then the burglary dwelling type if there is one. */
  crimeType: string;
  spaceBand: number;
  spaceBands: number;
  timeBand: number;
  timeBands: number;
  permutations: number;
  seed: number;
}

export interface RepeatsState {
  repeat: RepeatForm;
  isRepeatRunning: boolean;
  rows: RepeatsRow[] | null;
  repeatError: string | null;
  nearRepeat: NearRepeatForm;
  crimeTypes: string[];
  nearRepeatRequestId: number | null;
  nearRepeatProgress: { done: number; total: number } | null;
  knox: NearRepeatOutput | null;
  nearRepeatError: string | null;
}

interface RepeatsActions {
  setRepeat: (change: Partial<RepeatForm>) => void;
  setNearRepeat: (change: Partial<NearRepeatForm>) => void;
  clearResults: () => void;
}

export const useRepeatsStore = create<RepeatsState & RepeatsActions>()((set) => ({
  repeat: { group: 'all', windowDays: 365, byDistrict: true },
  isRepeatRunning: false,
  rows: null,
  repeatError: null,
  nearRepeat: { crimeType: '', spaceBand: 100, spaceBands: 5, timeBand: 7, timeBands: 5, permutations: 999, seed: 1 },
  crimeTypes: [],
  nearRepeatRequestId: null,
  nearRepeatProgress: null,
  knox: null,
  nearRepeatError: null,
  setRepeat: (change) => set((state) => ({ repeat: { ...state.repeat, ...change } })),
  setNearRepeat: (change) => set((state) => ({ nearRepeat: { ...state.nearRepeat, ...change } })),
  clearResults: () => set({ rows: null, repeatError: null, knox: null, nearRepeatError: null }),
}));
