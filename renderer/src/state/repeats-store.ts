/**
 * The Repeat victimisation screen: the form values and the last results.
 *
 * Where each key persists:
 * - repeat and nearRepeat form values: nowhere (passing UI state).
 * - crimeTypes: nowhere (read from the workbench for the crime type list).
 * - rows, knox, topVictims, locations, errors, progress: nowhere (recomputed
 *   from the workbench, dropped when its records change). The top victims
 *   list is personal data and is held only while the screen shows it.
 * - the near-repeat flag settings used by the pivot: in the workbench file
 *   (meta near_repeat_settings, written by the worker's near-repeat/flags);
 *   flagState is their copy read back (near-repeat/flag-settings), and the
 *   form's flag fields start from them whenever the records change.
 */
import { create } from 'zustand';
import type { NearRepeatColumnSummary, NearRepeatFlagState } from '../../../shared/analytics/near-repeat-column';
import type { NearRepeatOutput, NearRepeatRequest, RepeatGroup, RepeatLocationsOutput, RepeatsRequest, RepeatsRow, TopVictim } from '../../../shared/analytics/repeats-store';

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
  /** Metres and days for the near-repeat flag (the share, the scatter and the pivot's near_repeat). */
  flagSpace: number;
  flagDays: number;
}

/** The long repeat analyses that show progress and can be cancelled ('repeat': repeat victims, repeats/run). */
export type RepeatTask = 'top-victims' | 'locations' | 'flags' | 'repeat';

export interface RunningTask {
  /** Null until the worker has the request. */
  requestId: number | null;
  progress: { done: number; total: number } | null;
}

export interface RepeatsState {
  repeat: RepeatForm;
  rows: RepeatsRow[] | null;
  /** The request behind `rows` (what "Add to profile" stores, to run again at export). */
  rowsRequest: RepeatsRequest | null;
  repeatError: string | null;
  nearRepeat: NearRepeatForm;
  crimeTypes: string[];
  nearRepeatRequestId: number | null;
  nearRepeatProgress: { done: number; total: number } | null;
  knox: NearRepeatOutput | null;
  /** The request behind `knox`, without the scatter's points. */
  knoxRequest: NearRepeatRequest | null;
  nearRepeatError: string | null;
  /** How many victims to list. */
  topCount: number;
  topVictims: TopVictim[] | null;
  selectedVictim: string | null;
  topError: string | null;
  /** Grid square (m) for repeat locations; 0 = the exact point. */
  locationGrid: number;
  locations: RepeatLocationsOutput | null;
  locationsError: string | null;
  flagSummary: NearRepeatColumnSummary | null;
  /** What the workbench's near-repeat flags were made with (read from the workbench). */
  flagState: NearRepeatFlagState | null;
  /** The workbench dataVersion the form's flag fields were last set from flagState for (null = not yet). */
  flagStateVersion: number | null;
  /** Repeat victims, top victims, locations or the flag refill while they run. */
  running: Partial<Record<RepeatTask, RunningTask>>;
}

interface RepeatsActions {
  setRepeat: (change: Partial<RepeatForm>) => void;
  setNearRepeat: (change: Partial<NearRepeatForm>) => void;
  clearResults: () => void;
}

export const useRepeatsStore = create<RepeatsState & RepeatsActions>()((set) => ({
  repeat: { group: 'all', windowDays: 365, byDistrict: true },
  rows: null,
  rowsRequest: null,
  repeatError: null,
  nearRepeat: { crimeType: '', spaceBand: 100, spaceBands: 5, timeBand: 7, timeBands: 5, permutations: 999, seed: 1, flagSpace: 200, flagDays: 7 },
  crimeTypes: [],
  nearRepeatRequestId: null,
  nearRepeatProgress: null,
  knox: null,
  knoxRequest: null,
  nearRepeatError: null,
  topCount: 20,
  topVictims: null,
  selectedVictim: null,
  topError: null,
  locationGrid: 0,
  locations: null,
  locationsError: null,
  flagSummary: null,
  flagState: null,
  flagStateVersion: null,
  running: {},
  setRepeat: (change) => set((state) => ({ repeat: { ...state.repeat, ...change } })),
  setNearRepeat: (change) => set((state) => ({ nearRepeat: { ...state.nearRepeat, ...change } })),
  clearResults: () =>
    set({ rows: null, rowsRequest: null, repeatError: null, knox: null, knoxRequest: null, nearRepeatError: null, topVictims: null, selectedVictim: null, topError: null, locations: null, locationsError: null, flagSummary: null }),
}));
