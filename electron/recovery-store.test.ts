/**
 * The desktop's copy of unsaved work: kept, read back byte for byte, replaced,
 * cleared; a note never names bytes that are not there, bytes written after
 * their note (a crash between the two writes) are still offered, and a note
 * that is not ours offers nothing.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { RECOVERY_BYTES_FILE, RECOVERY_NOTE_FILE, recoveryStore } from './recovery-store';

let root: string;
let folder: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cawb-recovery-'));
  folder = path.join(root, 'Recovery');
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const bytesOf = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill);

describe('recoveryStore', () => {
  it('has nothing to offer before anything is kept', async () => {
    expect(await recoveryStore(folder).read()).toBeNull();
  });

  it('keeps a copy and reads it back, replacing the one before', async () => {
    const store = recoveryStore(folder);
    await store.keep(bytesOf(5000, 7), { name: 'Mansfield.workbench', path: '/cases/Mansfield.workbench' }, new Date('2026-12-04T10:00:00Z'));
    await store.keep(bytesOf(3000, 9), { name: 'Mansfield.workbench', path: '/cases/Mansfield.workbench' }, new Date('2026-12-04T10:01:00Z'));
    const copy = await store.read();
    expect(copy).not.toBeNull();
    expect(copy?.name).toBe('Mansfield.workbench');
    expect(copy?.path).toBe('/cases/Mansfield.workbench');
    expect(copy?.keptAt).toBe('2026-12-04T10:01:00.000Z');
    expect(copy?.bytes).toEqual(bytesOf(3000, 9));
    // Only the copy and its note: no temp files left beside them.
    expect(readdirSync(folder).sort()).toEqual([RECOVERY_BYTES_FILE, RECOVERY_NOTE_FILE].sort());
    // The folder is the user's own.
    if (process.platform !== 'win32') expect(statSync(folder).mode & 0o077).toBe(0);
  });

  it('clears the copy, note first, and then offers nothing', async () => {
    const store = recoveryStore(folder);
    await store.keep(bytesOf(10, 1), { name: 'a.workbench', path: null });
    await store.clear();
    expect(readdirSync(folder)).toEqual([]);
    expect(await store.read()).toBeNull();
    // Clearing twice, or with nothing kept, is fine.
    await store.clear();
  });

  it('offers bytes written after their note (a crash between the two writes), as kept when they were written', async () => {
    const store = recoveryStore(folder);
    await store.keep(bytesOf(100, 1), { name: 'a.workbench', path: null }, new Date('2026-12-04T09:00:00Z'));
    // The next copy's bytes landed; its note did not.
    writeFileSync(path.join(folder, RECOVERY_BYTES_FILE), bytesOf(250, 2));
    const written = new Date('2026-12-04T09:05:00Z');
    utimesSync(path.join(folder, RECOVERY_BYTES_FILE), written, written);
    const copy = await store.read();
    expect(copy?.bytes).toEqual(bytesOf(250, 2));
    expect(copy?.keptAt).toBe(written.toISOString());
  });

  it('offers nothing for a note without its bytes, or a note that is not ours', async () => {
    const store = recoveryStore(folder);
    await store.keep(bytesOf(10, 1), { name: 'a.workbench', path: null });
    rmSync(path.join(folder, RECOVERY_BYTES_FILE));
    expect(await store.read()).toBeNull();
    await store.keep(bytesOf(10, 1), { name: 'a.workbench', path: null });
    for (const note of ['not json', '{"name": 3}', '{"name":"a","path":null,"keptAt":"yesterday","size":10}', 'null']) {
      writeFileSync(path.join(folder, RECOVERY_NOTE_FILE), note);
      expect(await store.read(), note).toBeNull();
    }
  });
});
