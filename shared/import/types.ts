/** What the importers report, per file. */
export const IMPORT_KINDS = ['police-uk', 'district', 'iquanta', 'respect', 'population'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface RejectedRow {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  field: string;
  reason: string;
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
  warnings: string[];
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
  onProgress?: (progress: ImportProgress) => void;
  /** Checked between chunks; when true the whole import is rolled back. */
  isCancelled?: () => boolean;
  now?: Date;
}
