/**
 * What crosses IPC between the main process and the preload, beyond the
 * channel names in shared/platform-bridge.ts. Handlers return a result value
 * rather than throwing, so the renderer sees the analyst-readable message and
 * not Electron's "Error invoking remote method ..." wrapper. Arguments from
 * the renderer are validated here: it is the less trusted side.
 *
 * The preload bundles this module, so it must import nothing from Node.
 */
import type { WorkbenchErrorInfo } from '../shared/errors';
import { toErrorInfo } from '../shared/errors';

/** The value every `ipcMain.handle` handler resolves with. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: WorkbenchErrorInfo };

/** Runs a handler body, turning a throw into `{ ok: false }`. */
export async function toIpcResult<T>(task: () => T | Promise<T>): Promise<IpcResult<T>> {
  try {
    return { ok: true, value: await task() };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

/** Preload side: checks the envelope of a reply (the value inside is the main process's promise). */
export function isIpcResult<T>(value: unknown): value is IpcResult<T> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true ? 'value' in value : value.ok === false && 'error' in value;
}

/** Preload side: the value, or throws an Error carrying the main process's message. */
export function unwrapIpcResult<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw new Error(result.error.message);
}

/** Validated arguments of `saveWorkbench`. */
export interface SaveWorkbenchArgs {
  bytes: Uint8Array;
  path: string | null;
  suggestedName: string;
  saveAs: boolean;
}

/** Validated arguments of `saveExport`. */
export interface SaveExportArgs {
  data: Uint8Array | string;
  suggestedName: string;
  mimeType: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A file name for a dialog's default: no folders, no control characters, not empty. */
export function sanitiseSuggestedName(name: unknown, fallback: string): string {
  if (typeof name !== 'string') return fallback;
  const base = [...name.replace(/[\\/]/g, '_')]
    // Control characters and the characters Windows forbids in file names.
    .filter((char) => char.charCodeAt(0) >= 0x20 && !'<>:"|?*'.includes(char))
    .join('')
    .trim()
    .slice(0, 200);
  return base === '' || base === '.' || base === '..' ? fallback : base;
}

/** Checks `saveWorkbench(bytes, options)` from the renderer; null when malformed. */
export function parseSaveWorkbenchArgs(bytes: unknown, options: unknown): SaveWorkbenchArgs | null {
  if (!(bytes instanceof Uint8Array) || !isRecord(options)) return null;
  const { path, saveAs, suggestedName } = options;
  if (!(path === null || path === undefined || typeof path === 'string') || typeof saveAs !== 'boolean') return null;
  return {
    bytes,
    path: typeof path === 'string' && path !== '' ? path : null,
    suggestedName: sanitiseSuggestedName(suggestedName, 'Untitled.workbench'),
    saveAs,
  };
}

/** Checks `saveExport(data, options)` from the renderer; null when malformed. */
export function parseSaveExportArgs(data: unknown, options: unknown): SaveExportArgs | null {
  if (!(data instanceof Uint8Array || typeof data === 'string') || !isRecord(options)) return null;
  const mimeType = typeof options.mimeType === 'string' ? options.mimeType : 'application/octet-stream';
  return { data, suggestedName: sanitiseSuggestedName(options.suggestedName, 'export'), mimeType };
}

/** Validated arguments of `printToPdf`. */
export interface PrintToPdfArgs {
  html: string;
  suggestedName: string;
}

/** The page must be a whole HTML document and not absurdly large (images inline make it a few megabytes). */
export function parsePrintToPdfArgs(html: unknown, options: unknown): PrintToPdfArgs | null {
  if (typeof html !== 'string' || !isRecord(options) || html.length > 200_000_000 || !/^\s*<!DOCTYPE html>/i.test(html)) return null;
  const name = sanitiseSuggestedName(options.suggestedName, 'profile.pdf');
  return { html, suggestedName: name.toLowerCase().endsWith('.pdf') ? name : `${name}.pdf` };
}

/** Validated arguments of `keepRecoveryCopy`. */
export interface KeepRecoveryArgs {
  bytes: Uint8Array;
  file: { name: string; path: string | null };
}

/** Checks `keepRecoveryCopy(bytes, file)` from the renderer; null when malformed. */
export function parseKeepRecoveryArgs(bytes: unknown, file: unknown): KeepRecoveryArgs | null {
  if (!(bytes instanceof Uint8Array) || !isRecord(file)) return null;
  const { name, path } = file;
  if (!(path === null || path === undefined || typeof path === 'string')) return null;
  return {
    bytes,
    file: { name: sanitiseSuggestedName(name, 'Untitled.workbench'), path: typeof path === 'string' && path !== '' ? path.slice(0, 4096) : null },
  };
}
