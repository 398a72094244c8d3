/**
 * The column-mapping question asked when an import stops with
 * 'needs-mapping'. A question is a promise (like the other dialogs): the
 * import action waits for the analyst's mapping, or null for Cancel.
 * Persists nowhere; the core saves a confirmed mapping in the workbench.
 */
import { create } from 'zustand';
import type { ImportPreview } from '../../../shared/import/import-files';
import type { FileMapping } from '../../../shared/import/types';
import type { FileBytes } from '../../../shared/platform-bridge';

export interface MappingQuestion {
  file: FileBytes;
  /** Why the import stopped (the core's message). */
  reason: string;
  /** The file's header, first rows and the layout's fields, from 'import/preview'. */
  preview: ImportPreview;
  answer: (choice: MappingAnswer | null) => void;
}

/** The analyst's mapping and, for a workbook of several sheets, the sheet it applies to. */
export interface MappingAnswer {
  /** Absent when the chosen sheet is read as the workbench finds it (its header known): nothing to save. */
  mapping?: FileMapping;
  /** The sheet chosen in the dialog (by name); absent for CSV and single-sheet workbooks. */
  sheet?: string;
}

export const useMappingStore = create<{ question: MappingQuestion | null }>()(() => ({ question: null }));

export function askMapping(file: FileBytes, reason: string, preview: ImportPreview): Promise<MappingAnswer | null> {
  return new Promise((resolve) => {
    useMappingStore.setState({
      question: {
        file,
        reason,
        preview,
        answer: (choice) => {
          useMappingStore.setState({ question: null });
          resolve(choice);
        },
      },
    });
  });
}
