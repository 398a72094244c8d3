/**
 * Modal questions and messages. Questions are promises so actions read as
 * plain sequences ("ask, then save, then open"). Persists nowhere.
 */
import { create } from 'zustand';
import { type Tab, useUiStore } from './ui-store';

export type UnsavedChoice = 'save' | 'discard' | 'cancel';
/** At launch, a copy of work left unsaved by a crash: open it, or delete it. */
export type RecoveryChoice = 'recover' | 'discard';

export interface ErrorMessage {
  title: string;
  message: string;
  file?: string;
}

interface Question<T> {
  text: string;
  answer: (value: T) => void;
}

export interface DialogState {
  error: ErrorMessage | null;
  unsaved: Question<UnsavedChoice> | null;
  confirm: (Question<boolean> & { confirmLabel: string }) | null;
  recovery: Question<RecoveryChoice> | null;
  /** A short message in the status area (e.g. "Import cancelled"). */
  notice: string | null;
  /**
   * The tab whose work the notice is about ("Added to the profile ..." after
   * Add to profile on the Charts tab): it goes when the analyst leaves that
   * tab, where it would read as about the tab in view. Null for news about
   * the workbench (an import, an opened file), kept until replaced.
   */
  noticeTab: Tab | null;
}

interface DialogActions {
  showError: (error: ErrorMessage) => void;
  dismissError: () => void;
  /** With a tab, only while the analyst is still on it: raised after they left, it would read as about the tab they moved to. */
  setNotice: (notice: string | null, scope?: { tab: Tab }) => void;
}

export const useDialogStore = create<DialogState & DialogActions>()((set) => ({
  error: null,
  unsaved: null,
  confirm: null,
  recovery: null,
  notice: null,
  noticeTab: null,
  showError: (error) => set({ error }),
  dismissError: () => set({ error: null }),
  setNotice: (notice, scope) => {
    if (scope === undefined) set({ notice, noticeTab: null });
    else if (useUiStore.getState().tab === scope.tab) set({ notice, noticeTab: scope.tab });
  },
}));

// Whatever moves the analyst to another tab (a tab, the arrow keys), a notice about the tab left goes with it.
useUiStore.subscribe((ui, before) => {
  const { noticeTab } = useDialogStore.getState();
  if (ui.tab !== before.tab && noticeTab !== null && noticeTab !== ui.tab) useDialogStore.setState({ notice: null, noticeTab: null });
});

export function askUnsaved(fileName: string): Promise<UnsavedChoice> {
  return new Promise((resolve) => {
    useDialogStore.setState({
      unsaved: {
        text: `Do you want to save the changes to ${fileName}?`,
        answer: (choice) => {
          useDialogStore.setState({ unsaved: null });
          resolve(choice);
        },
      },
    });
  });
}

export function askConfirm(text: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    useDialogStore.setState({
      confirm: {
        text,
        confirmLabel,
        answer: (isConfirmed) => {
          useDialogStore.setState({ confirm: null });
          resolve(isConfirmed);
        },
      },
    });
  });
}

export function askRecovery(text: string): Promise<RecoveryChoice> {
  return new Promise((resolve) => {
    useDialogStore.setState({
      recovery: {
        text,
        answer: (choice) => {
          useDialogStore.setState({ recovery: null });
          resolve(choice);
        },
      },
    });
  });
}
