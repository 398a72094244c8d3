/**
 * Saved views: named pivot specs with their chart choice.
 *
 * Where each key persists:
 * - views: the workbench file (views/save, views/delete); this is a copy,
 *   reloaded whenever another workbench is opened or created.
 * - error: nowhere.
 */
import { create } from 'zustand';
import type { SavedView } from '../../../shared/views';

export interface ViewsState {
  views: SavedView[];
  /** The last view opened, to show which one the pivot came from. */
  openedName: string | null;
}

interface ViewsActions {
  setViews: (views: SavedView[]) => void;
  setOpened: (name: string | null) => void;
}

export const useViewsStore = create<ViewsState & ViewsActions>()((set) => ({
  views: [],
  openedName: null,
  setViews: (views) => set((state) => ({ views, openedName: views.some((v) => v.name === state.openedName) ? state.openedName : null })),
  setOpened: (openedName) => set({ openedName }),
}));
