/**
 * Modal questions and messages. Questions are promises so actions read as
 * plain sequences ("ask, then save, then open"). Persists nowhere.
 */
import { create } from 'zustand';

export type UnsavedChoice = 'save' | 'discard' | 'cancel';

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
  /** A short message in the status area (e.g. "Import cancelled"). */
  notice: string | null;
}

interface DialogActions {
  showError: (error: ErrorMessage) => void;
  dismissError: () => void;
  setNotice: (notice: string | null) => void;
}

export const useDialogStore = create<DialogState & DialogActions>()((set) => ({
  error: null,
  unsaved: null,
  confirm: null,
  notice: null,
  showError: (error) => set({ error }),
  dismissError: () => set({ error: null }),
  setNotice: (notice) => set({ notice }),
}));

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
