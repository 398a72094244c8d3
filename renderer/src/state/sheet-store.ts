/**
 * The question asked before importing a workbook with several sheets of
 * data: which of them to import. A promise like the other dialogs: the
 * sheets ticked (in workbook order), or null for Cancel. Persists nowhere.
 */
import { create } from 'zustand';
import type { SheetSummary } from '../../../shared/import/table';

export interface SheetQuestion {
  fileName: string;
  /** The sheets with anything in them, in workbook order. */
  sheets: SheetSummary[];
  answer: (chosen: string[] | null) => void;
}

export const useSheetStore = create<{ question: SheetQuestion | null }>()(() => ({ question: null }));

export function askSheets(fileName: string, sheets: SheetSummary[]): Promise<string[] | null> {
  return new Promise((resolve) => {
    useSheetStore.setState({
      question: {
        fileName,
        sheets,
        answer: (chosen) => {
          useSheetStore.setState({ question: null });
          resolve(chosen);
        },
      },
    });
  });
}
