/**
 * The copy of unsaved work the desktop app keeps (PlatformBridge.keepRecoveryCopy)
 * in the user's app data folder: the workbench's bytes, and a short note of
 * its name, where it was last saved and when it was kept. Each is written
 * atomically (writeFileAtomic), the note after the bytes and removed before
 * them, so a note never names bytes that are not there; a crash between the
 * two leaves the new bytes with the note before, and the bytes' own time says
 * when they were kept. The copy holds what the workbench file would (victims
 * as pseudonyms only) and goes once the work is saved or discarded.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';

import type { RecoveryCopy } from '../shared/platform-bridge';
import { errorCode, writeFileAtomic } from './file-io';

export const RECOVERY_BYTES_FILE = 'unsaved.workbench';
export const RECOVERY_NOTE_FILE = 'unsaved.json';

interface RecoveryNote {
  name: string;
  path: string | null;
  keptAt: string;
  size: number;
}

function isRecoveryNote(value: unknown): value is RecoveryNote {
  if (typeof value !== 'object' || value === null) return false;
  const note = value as Record<string, unknown>;
  return (
    typeof note.name === 'string' &&
    (note.path === null || typeof note.path === 'string') &&
    typeof note.keptAt === 'string' &&
    !Number.isNaN(Date.parse(note.keptAt)) &&
    typeof note.size === 'number'
  );
}

export interface RecoveryStore {
  keep(bytes: Uint8Array, file: { name: string; path: string | null }, now?: Date): Promise<void>;
  read(): Promise<RecoveryCopy | null>;
  clear(): Promise<void>;
}

export function recoveryStore(folder: string): RecoveryStore {
  const bytesPath = path.join(folder, RECOVERY_BYTES_FILE);
  const notePath = path.join(folder, RECOVERY_NOTE_FILE);
  return {
    async keep(bytes, file, now = new Date()) {
      // The user's own folder: nobody else on the machine reads the copy.
      await fsp.mkdir(folder, { recursive: true, mode: 0o700 });
      await writeFileAtomic(bytesPath, bytes);
      const note: RecoveryNote = { name: file.name, path: file.path, keptAt: now.toISOString(), size: bytes.byteLength };
      await writeFileAtomic(notePath, new TextEncoder().encode(JSON.stringify(note)));
    },
    async read() {
      let note: unknown;
      try {
        note = JSON.parse(await fsp.readFile(notePath, 'utf8'));
      } catch {
        // No note (nothing kept, or cleared), or one that is not ours: no copy to offer.
        return null;
      }
      if (!isRecoveryNote(note)) return null;
      let buffer: Buffer;
      try {
        buffer = await fsp.readFile(bytesPath);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return null;
        throw error;
      }
      // Bytes newer than the note (a crash between the two writes): they are the copy, kept when they were written.
      const keptAt = buffer.byteLength === note.size ? note.keptAt : (await fsp.stat(bytesPath)).mtime.toISOString();
      return { name: note.name, path: note.path, keptAt, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
    },
    async clear() {
      await fsp.rm(notePath, { force: true });
      await fsp.rm(bytesPath, { force: true });
    },
  };
}
