/**
 * The open workbench as the window sees it.
 *
 * Where each key persists:
 * - fileName, filePath: nowhere (where the analyst last opened or saved it).
 * - isDirty: nowhere (true after any modifying command, false after save/open/new).
 * - changeCount: nowhere; counts modifying commands, so the recovery copy knows what it holds.
 * - info: nowhere here; it describes what the workbench file holds (records, imports).
 * - dataVersion: nowhere; bumps whenever the records change so pivots re-run.
 */
import { create } from 'zustand';
import type { WorkbenchInfo } from '../../../shared/info';

export const UNTITLED = 'Untitled.workbench';
export const APP_NAME = 'Crime Analyst Workbench';

export interface WorkbenchState {
  fileName: string;
  filePath: string | null;
  isDirty: boolean;
  changeCount: number;
  info: WorkbenchInfo | null;
  dataVersion: number;
}

interface WorkbenchActions {
  /** A workbench was created, opened or saved: it now matches that file. */
  setClean: (file: { name: string; path: string | null }) => void;
  markDirty: () => void;
  setInfo: (info: WorkbenchInfo, options?: { dataChanged?: boolean }) => void;
}

export const useWorkbenchStore = create<WorkbenchState & WorkbenchActions>()((set) => ({
  fileName: UNTITLED,
  filePath: null,
  isDirty: false,
  changeCount: 0,
  info: null,
  dataVersion: 0,
  setClean: ({ name, path }) => set({ fileName: name, filePath: path, isDirty: false }),
  markDirty: () => set((state) => ({ isDirty: true, changeCount: state.changeCount + 1 })),
  setInfo: (info, { dataChanged = true } = {}) =>
    set((state) => ({ info, dataVersion: dataChanged ? state.dataVersion + 1 : state.dataVersion })),
}));

/** The window title: the unsaved mark first, so it shows even in a narrow taskbar. */
export function windowTitle(state: Pick<WorkbenchState, 'fileName' | 'isDirty'>): string {
  return `${state.isDirty ? '● ' : ''}${state.fileName} — ${APP_NAME}`;
}
