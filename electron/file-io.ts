/**
 * Disk access for the desktop shell. Workbench files are an analyst's only
 * copy of their work, so saves never write in place: a crash, a full disk or
 * a pulled USB stick must leave either the old file or the new one, never a
 * torn mix of both.
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';

import type { WorkbenchErrorInfo } from '../shared/errors';
import { WorkbenchError } from '../shared/errors';
import type { FileBytes } from '../shared/platform-bridge';

/**
 * The individual steps of an atomic write. Production uses the real file
 * system; tests replace one step to simulate a failure half way through.
 */
export interface AtomicWriteSteps {
  /** Writes all bytes to the open temp file and flushes them to the disk. */
  writeAndSync(handle: FileHandle, bytes: Uint8Array): Promise<void>;
  /** Moves the finished temp file over the target. */
  rename(from: string, to: string): Promise<void>;
  /** Flushes the folder entry so the rename itself survives a power cut. */
  syncDirectory(dir: string): Promise<void>;
}

/** Error codes from fsync on a folder that only mean "this platform cannot do that" (Windows, some network drives). */
const UNSUPPORTED_DIR_SYNC_CODES: ReadonlySet<string> = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP']);

/** Transient rename failures on Windows: antivirus or the search indexer briefly holding the target open. */
const TRANSIENT_RENAME_CODES: ReadonlySet<string> = new Set(['EPERM', 'EACCES', 'EBUSY']);

/** Node's error shape, narrowed without `as`. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

async function syncDirectoryOrIgnore(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = errorCode(error);
    if (code === undefined || !UNSUPPORTED_DIR_SYNC_CODES.has(code)) throw error;
  } finally {
    await handle?.close();
  }
}

async function renameWithRetry(from: string, to: string): Promise<void> {
  const attempts = process.platform === 'win32' ? 6 : 1;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await fsp.rename(from, to);
      return;
    } catch (error) {
      const code = errorCode(error);
      if (attempt >= attempts || code === undefined || !TRANSIENT_RENAME_CODES.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** The real file-system implementation of each step. */
export const defaultAtomicWriteSteps: AtomicWriteSteps = {
  async writeAndSync(handle, bytes) {
    await handle.writeFile(bytes);
    await handle.sync();
  },
  rename: renameWithRetry,
  syncDirectory: syncDirectoryOrIgnore,
};

/** Prefix of temp files, so a leftover from a crash is recognisable (and hidden on macOS/Linux). */
export function tempFilePrefix(targetPath: string): string {
  // Stay well under the 255-byte file name limit once the suffix is added.
  return `.${path.basename(targetPath).slice(0, 200)}.tmp-`;
}

/** The code of the error a save over a read-only file fails with (describeFileError words it). */
export const READ_ONLY_CODE = 'EREADONLY';

/**
 * True when the file is read-only: no write permission bits at all (what Windows' read-only
 * attribute and `chmod a-w` give, which an administrator or root could still write through),
 * or no write access for this user. An analyst marks a workbench read-only to keep it as it is.
 */
export async function isReadOnlyFile(filePath: string): Promise<boolean> {
  const stats = await fsp.stat(filePath);
  if ((stats.mode & 0o222) === 0) return true;
  return fsp.access(filePath, fsConstants.W_OK).then(
    () => false,
    (error: unknown) => errorCode(error) === 'EACCES' || errorCode(error) === 'EPERM' || errorCode(error) === 'EROFS',
  );
}

async function realPathOrSelf(filePath: string): Promise<string> {
  try {
    // Saving through a symlink should replace the file it points to, not the link.
    return await fsp.realpath(filePath);
  } catch {
    return filePath;
  }
}

/**
 * Writes `bytes` to `targetPath` atomically: a uniquely named temp file in the
 * same folder (so the rename never crosses file systems) is written and
 * fsynced, renamed over the target, then the folder is fsynced. On any
 * failure the temp file is removed and the original file is untouched.
 *
 * @param steps optional replacements for individual steps (tests only).
 */
export async function writeFileAtomic(
  targetPath: string,
  bytes: Uint8Array,
  steps: Partial<AtomicWriteSteps> = {},
): Promise<void> {
  const { writeAndSync, rename, syncDirectory } = { ...defaultAtomicWriteSteps, ...steps };
  const finalPath = await realPathOrSelf(path.resolve(targetPath));
  const dir = path.dirname(finalPath);
  const tempPath = path.join(dir, `${tempFilePrefix(finalPath)}${randomBytes(6).toString('hex')}`);

  const existingMode = await fsp.stat(finalPath).then(
    (stats) => stats.mode & 0o7777,
    () => undefined,
  );
  // A rename replaces a read-only file as easily as any other (the folder is what is written):
  // refuse, so a file the analyst protected is never changed behind their back.
  if (existingMode !== undefined && (await isReadOnlyFile(finalPath))) {
    throw Object.assign(new Error(`${path.basename(finalPath)} is read-only`), { code: READ_ONLY_CODE });
  }

  let isRenamed = false;
  try {
    // 'wx' fails rather than reuse a path another writer might own.
    const handle = await fsp.open(tempPath, 'wx');
    try {
      if (existingMode !== undefined) await handle.chmod(existingMode);
      await writeAndSync(handle, bytes);
    } finally {
      await handle.close();
    }
    await rename(tempPath, finalPath);
    isRenamed = true;
    await syncDirectory(dir);
  } catch (error) {
    if (!isRenamed) await fsp.rm(tempPath, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Reads a workbench file for the renderer. Throws a WorkbenchError with an analyst-readable message. */
export async function readWorkbenchFile(filePath: string): Promise<FileBytes> {
  try {
    const buffer = await fsp.readFile(filePath);
    const readOnly = await isReadOnlyFile(filePath).catch(() => false);
    return {
      name: path.basename(filePath),
      path: filePath,
      bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
      ...(readOnly ? { readOnly } : {}),
    };
  } catch (error) {
    throw new WorkbenchError(describeFileError(error, filePath, 'read'));
  }
}

/** Turns a Node file-system error into a message an analyst can act on. */
export function describeFileError(error: unknown, filePath: string, action: 'read' | 'write'): WorkbenchErrorInfo {
  const name = path.basename(filePath);
  const verb = action === 'read' ? 'open' : 'save';
  switch (errorCode(error)) {
    case 'ENOENT':
      return { code: 'not-found', message: `Could not ${verb} "${name}": the file or its folder was not found.`, file: filePath };
    case 'EACCES':
    case 'EPERM':
      return { code: 'internal', message: `Could not ${verb} "${name}": permission denied (the file may be read-only or open in another program).`, file: filePath };
    case 'EBUSY':
      return { code: 'internal', message: `Could not ${verb} "${name}": it is in use by another program.`, file: filePath };
    case 'ENOSPC':
      return { code: 'internal', message: `Could not ${verb} "${name}": the disk is full.`, file: filePath };
    case READ_ONLY_CODE:
      return { code: 'bad-input', message: `Could not ${verb} "${name}": the file is read-only, so it was left as it is. Use Save As to keep your work in another file.`, file: filePath };
    case 'EROFS':
      return { code: 'internal', message: `Could not ${verb} "${name}": the drive is read-only.`, file: filePath };
    case 'EISDIR':
      return { code: 'bad-input', message: `Could not ${verb} "${name}": it is a folder, not a file.`, file: filePath };
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return { code: 'internal', message: `Could not ${verb} "${name}": ${detail}`, file: filePath };
    }
  }
}
