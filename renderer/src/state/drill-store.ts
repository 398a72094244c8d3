/**
 * The drill-through dialog: which cell, and the page of records on show.
 * Persists nowhere (passing UI state; the records stay in the workbench).
 */
import { create } from 'zustand';
import type { DrillSort, DrillThroughPage } from '../../../shared/pivot/drill-through';
import type { PivotSpec } from '../../../shared/pivot/spec';

export const DRILL_PAGE_SIZE = 100;

export interface DrillTarget {
  spec: PivotSpec;
  rowKey: string[];
  columnKey: string[];
  /** The cell's record count as the grid had it; the dialog's total must match it. */
  count: number;
  /** "Burglary × Mansfield", for the dialog title and the export header. */
  label: string;
  /** The cell as the grid shows it ("45.2%", "<5"), when that is not simply the count. */
  shown?: string;
}

export interface DrillState {
  target: DrillTarget | null;
  offset: number;
  /** The order the analyst chose by a column header (null: month, then record), which the export keeps. */
  sort: DrillSort | null;
  page: DrillThroughPage | null;
  isLoading: boolean;
  error: string | null;
  /** The CSV export running: its worker request (null until sent) and records written so far. */
  exporting: { requestId: number | null; done: number; total: number } | null;
}

export const useDrillStore = create<DrillState>()(() => ({
  target: null,
  offset: 0,
  sort: null,
  page: null,
  isLoading: false,
  error: null,
  exporting: null,
}));
