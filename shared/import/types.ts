/** What the importers report, per file. */
import type { ParseWorkerFactory } from './district-parse-worker';

export const IMPORT_KINDS = ['police-uk', 'district', 'iquanta', 'respect', 'population'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The kinds as the analyst names them. */
export const KIND_LABELS: Readonly<Record<ImportKind, string>> = {
  'police-uk': 'police.uk street-level file',
  district: 'district profile extract',
  iquanta: 'iQuanta extract',
  respect: 'Respect Survey extract',
  population: 'population estimates file',
};

/**
 * An import's kind as the analyst names it (the Data panel, the import
 * summary, export and profile source notes). The code itself stays in the
 * workbench and in the command line's JSON; a code this version does not
 * know (a newer workbench) is shown as it is.
 */
export function kindLabel(kind: string): string {
  return isImportKind(kind) ? KIND_LABELS[kind] : kind;
}

function isImportKind(kind: string): kind is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(kind);
}

export interface RejectedRow {
  /**
   * 1-based line in the file where the row starts, as a text editor counts
   * lines: line breaks inside quoted cells above it count, so a row after a
   * two-line cell is a line further down than its row number. In XLSX, the
   * sheet's row number. (The header is line 1, or lower when a title sits
   * above it.)
   */
  line: number;
  field: string;
  reason: string;
  /**
   * The row's cells as read, for the rejects file and the dialog; any victim
   * reference column is blanked before the row leaves the importer.
   */
  values?: string[];
}

/** A row that is neither data nor a reject (a totals row), reported so nothing vanishes silently. */
export interface SkippedRow {
  line: number;
  reason: string;
}

/** Canonical field -> 0-based column index. */
export type ColumnMapping = Record<string, number>;

/** An explicit mapping for one file, from the mapping dialog or a script. */
export interface FileMapping {
  kind?: ImportKind;
  columns: ColumnMapping;
  /**
   * Fields to columns as a script names them: a header cell ("Ref No",
   * compared like header aliases) or a 1-based column number ("3"); a
   * header name wins over a number. Resolved against the header row, which
   * is the first row holding every named column. Overrides `columns`.
   */
  columnRefs?: Record<string, string>;
  /** Start from the columns found automatically (names, aliases, a saved mapping) and override only the fields given (default false: the dialog sends a whole mapping). */
  keepAutomatic?: boolean;
  /** 1-based line of the header row (a physical line, as RejectedRow.line); found automatically when omitted. */
  headerLine?: number;
  /** Keep it in the workbench for the next file with this header (default true). */
  save?: boolean;
}

export interface ImportReport {
  file: string;
  kind: ImportKind;
  sha256: string;
  read: number;
  accepted: number;
  rejected: number;
  duplicate: number;
  updated: number;
  rejects: RejectedRow[];
  /** District extracts: whether a parse worker read the rows or this thread did (a diagnostic; the results are the same). */
  readBy?: 'parse worker' | 'database thread';
  /** Totals rows and the like, skipped (not data, not rejected). */
  skipped?: SkippedRow[];
  warnings: string[];
  /** XLSX: the name of the sheet that was read. */
  sheet?: string;
  /** The header cells, for the rejects file's columns. */
  header?: string[];
  /** The mapping used (automatic, saved or explicit). */
  mapping?: ColumnMapping;
  /** Where the mapping came from; `mappingSavedAt` when it was a saved one. */
  mappingSource?: 'automatic' | 'saved' | 'explicit';
  mappingSavedAt?: string;
}

export interface ImportProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  rowsDone: number;
  rowsTotal: number;
}

export interface ImportFileInput {
  name: string;
  bytes: Uint8Array;
}

export interface ImportOptions {
  kind?: ImportKind;
  /** Per file name: an explicit column mapping (and kind). */
  mappings?: Record<string, FileMapping>;
  /** Mid-year of population files that do not say it (overrides the file name). */
  year?: number;
  /**
   * Per file name: the XLSX sheet to read, by name or 1-based number (a
   * name wins over a number); the first sheet when not given.
   */
  sheets?: Record<string, string | number>;
  onProgress?: (progress: ImportProgress) => void;
  /** Checked between chunks; when true the whole import is rolled back. */
  isCancelled?: () => boolean;
  now?: Date;
  /**
   * Starts a worker that reads district rows while this thread writes them
   * (large CSV files only); without it, or if it fails to start, rows are
   * read here.
   */
  parseWorker?: ParseWorkerFactory;
}
