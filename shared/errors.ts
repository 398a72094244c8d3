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
  | 'cancelled'
  | 'not-found'
  | 'usage'
  | 'internal';

export interface WorkbenchErrorInfo {
  code: WorkbenchErrorCode;
  message: string;
  file?: string;
  line?: number;
  field?: string;
}

export class WorkbenchError extends Error {
  readonly code: WorkbenchErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(info: WorkbenchErrorInfo) {
    super(info.message);
    this.name = 'WorkbenchError';
    this.code = info.code;
    this.file = info.file;
    this.line = info.line;
    this.field = info.field;
  }

  toInfo(): WorkbenchErrorInfo {
    const info: WorkbenchErrorInfo = { code: this.code, message: this.message };
    if (this.file !== undefined) info.file = this.file;
    if (this.line !== undefined) info.line = this.line;
    if (this.field !== undefined) info.field = this.field;
    return info;
  }
}

/** Turns anything thrown into an error value that can cross a worker or IPC boundary. */
export function toErrorInfo(error: unknown): WorkbenchErrorInfo {
  if (error instanceof WorkbenchError) return error.toInfo();
  if (error instanceof Error) return { code: 'internal', message: error.message };
  return { code: 'internal', message: String(error) };
}
