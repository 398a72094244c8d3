/**
 * Whether the reference data dialog (offence groups, victim age bands) is
 * open, and on which tab. Persists nowhere: the data itself lives in the
 * workbench file and is read from the worker when the dialog opens.
 */
import { create } from 'zustand';

export const REFERENCE_TABS = ['offence-groups', 'age-bands'] as const;
export type ReferenceTab = (typeof REFERENCE_TABS)[number];

export interface ReferenceState {
  isOpen: boolean;
  tab: ReferenceTab;
}

interface ReferenceActions {
  open: (tab?: ReferenceTab) => void;
  close: () => void;
  setTab: (tab: ReferenceTab) => void;
}

export const useReferenceStore = create<ReferenceState & ReferenceActions>()((set) => ({
  isOpen: false,
  tab: 'offence-groups',
  open: (tab) => set((state) => ({ isOpen: true, tab: tab ?? state.tab })),
  close: () => set({ isOpen: false }),
  setTab: (tab) => set({ tab }),
}));
