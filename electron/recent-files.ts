/**
 * The "Open Recent" list: most recent first, at most ten, no duplicates, and
 * files that have been moved or deleted quietly dropped. Stored as a small
 * JSON file in the user-data folder, written atomically like a workbench.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';

import { writeFileAtomic } from './file-io';

export const MAX_RECENT_FILES = 10;
export const RECENT_FILES_FILE_NAME = 'recent-files.json';

interface RecentFilesJson {
  version: 1;
  files: string[];
}

/** Options; the defaults suit the app, tests override them. */
export interface RecentFilesOptions {
  fileName?: string;
  max?: number;
  /** Windows and macOS file systems ignore case, so `C:\A.workbench` and `c:\a.workbench` are one file. */
  isCaseInsensitive?: boolean;
  /** Whether a listed file still exists; defaults to a stat of the path. */
  fileExists?: (filePath: string) => Promise<boolean>;
}

/** A persisted recent-files list. Every method returns the list after the change. */
export interface RecentFilesStore {
  list(): Promise<string[]>;
  add(filePath: string): Promise<string[]>;
  remove(filePath: string): Promise<string[]>;
  clear(): Promise<string[]>;
}

async function isExistingFile(filePath: string): Promise<boolean> {
  try {
    return (await fsp.stat(filePath)).isFile();
  } catch {
    return false;
  }
}

function isRecentFilesJson(value: unknown): value is RecentFilesJson {
  return (
    typeof value === 'object' &&
    value !== null &&
    'version' in value &&
    value.version === 1 &&
    'files' in value &&
    Array.isArray(value.files) &&
    value.files.every((file: unknown) => typeof file === 'string')
  );
}

/** Pure: puts `filePath` first, removes its older entry and trims to `max`. */
export function withRecentFile(files: readonly string[], filePath: string, max: number, isCaseInsensitive: boolean): string[] {
  return [filePath, ...withoutFile(files, filePath, isCaseInsensitive)].slice(0, max);
}

/** Pure: removes every entry naming the same file as `filePath`. */
export function withoutFile(files: readonly string[], filePath: string, isCaseInsensitive: boolean): string[] {
  const key = (p: string): string => (isCaseInsensitive ? path.resolve(p).toLowerCase() : path.resolve(p));
  const removedKey = key(filePath);
  return files.filter((file) => key(file) !== removedKey);
}

/** Creates the store backed by `<folder>/recent-files.json`. */
export function createRecentFilesStore(folder: string, options: RecentFilesOptions = {}): RecentFilesStore {
  const filePath = path.join(folder, options.fileName ?? RECENT_FILES_FILE_NAME);
  const max = options.max ?? MAX_RECENT_FILES;
  const isCaseInsensitive = options.isCaseInsensitive ?? process.platform !== 'linux';
  const fileExists = options.fileExists ?? isExistingFile;

  // Serialise read-modify-write cycles so two quick saves cannot lose an entry.
  let queue: Promise<unknown> = Promise.resolve();
  const serialise = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task, task);
    queue = result.catch(() => undefined);
    return result;
  };

  async function read(): Promise<string[]> {
    try {
      const parsed: unknown = JSON.parse(await fsp.readFile(filePath, 'utf8'));
      // A damaged or foreign file must never stop the app starting: start afresh.
      return isRecentFilesJson(parsed) ? parsed.files.slice(0, max) : [];
    } catch {
      return [];
    }
  }

  async function write(files: string[]): Promise<string[]> {
    await fsp.mkdir(folder, { recursive: true });
    const json: RecentFilesJson = { version: 1, files };
    await writeFileAtomic(filePath, new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`));
    return files;
  }

  async function prune(files: string[]): Promise<string[]> {
    const exists = await Promise.all(files.map((file) => fileExists(file)));
    return files.filter((_, index) => exists[index]);
  }

  return {
    list: () =>
      serialise(async () => {
        const files = await read();
        const existing = await prune(files);
        return existing.length === files.length ? existing : write(existing);
      }),
    add: (added) =>
      serialise(async () => write(withRecentFile(await prune(await read()), added, max, isCaseInsensitive))),
    remove: (removed) =>
      serialise(async () => write(withoutFile(await read(), removed, isCaseInsensitive))),
    clear: () => serialise(async () => write([])),
  };
}
