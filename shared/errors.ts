/**
 * Errors the analyst sees. `code` lets the UI and the command line choose how
 * to present them; `file`, `line` and `field` point at the bad input.
 */
export type WorkbenchErrorCode =
  | 'not-sqlite'
  | 'not-workbench'
  | 'damaged'
  | 'newer-version'
  | 'bad-input'
  /** An extract whose header lacks required fields: the UI asks the analyst to map columns. */
  | 'needs-mapping'
  | 'cancelled'
  | 'not-found'
  | 'usage'
  | 'internal';

/** What the column-mapping dialog needs when an import stops with 'needs-mapping'. */
export interface NeedsMappingDetail {
  /** The extract kind the header was read as (given or detected). */
  kind: string;
  /** The header row's cells as written, and its 1-based line. */
  header: string[];
  headerLine: number;
  /** The first data rows (at most 10), as text. */
  preview: string[][];
  /** Canonical field -> column index, for the fields found automatically. */
  mapping: Record<string, number>;
  /** Required fields with no column. */
  missing: string[];
}

export interface WorkbenchErrorInfo {
  code: WorkbenchErrorCode;
  message: string;
  file?: string;
  line?: number;
  field?: string;
  needsMapping?: NeedsMappingDetail;
}

export class WorkbenchError extends Error {
  readonly code: WorkbenchErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly needsMapping: NeedsMappingDetail | undefined;

  constructor(info: WorkbenchErrorInfo) {
    super(info.message);
    this.name = 'WorkbenchError';
    this.code = info.code;
    this.file = info.file;
    this.line = info.line;
    this.field = info.field;
    this.needsMapping = info.needsMapping;
  }

  toInfo(): WorkbenchErrorInfo {
    const info: WorkbenchErrorInfo = { code: this.code, message: this.message };
    if (this.file !== undefined) info.file = this.file;
    if (this.line !== undefined) info.line = this.line;
    if (this.field !== undefined) info.field = this.field;
    if (this.needsMapping !== undefined) info.needsMapping = this.needsMapping;
    return info;
  }
}

/** Turns anything thrown into an error value that can cross a worker or IPC boundary. */
export function toErrorInfo(error: unknown): WorkbenchErrorInfo {
  if (error instanceof WorkbenchError) return error.toInfo();
  if (error instanceof Error) return { code: 'internal', message: error.message };
  return { code: 'internal', message: String(error) };
}
