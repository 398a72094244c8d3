/**
 * Local profiles (Word documents built from views, flags summaries and
 * commentary).
 *
 * Where each key persists:
 * - summaries, profile: the workbench file (profile/* commands); copies,
 *   reloaded when another workbench is opened or created.
 * - selectedName: nowhere (a new profile exists only in this selection
 *   until its first item is added).
 * - suppression: nowhere; on for every export unless the analyst unticks it.
 */
import { create } from 'zustand';
import type { Profile } from '../../../shared/profile/store';
import type { ProfileSummary } from '../../../shared/protocol';

export interface ProfilesState {
  summaries: ProfileSummary[];
  selectedName: string | null;
  /** The selected profile as stored, or null while a new one has no items yet. */
  profile: Profile | null;
  suppression: boolean;
  isExporting: boolean;
  /** The running export's planning request in the worker (what Cancel stops), null when none is running. */
  planningRequestId: number | null;
  /** The running export's disclosure control so far (the worker's last 'profile/progress'), null before its first round. */
  planningProgress: { round: number; withheld: number; figures: number } | null;
}

export const useProfilesStore = create<ProfilesState>()(() => ({
  summaries: [],
  selectedName: null,
  profile: null,
  suppression: true,
  isExporting: false,
  planningRequestId: null,
  planningProgress: null,
}));
