import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { WorkbenchError } from '../shared/errors';
import { describeFileError, readWorkbenchFile, tempFilePrefix, writeFileAtomic } from './file-io';

let dir: string;

beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'caw-file-io-'));
});

afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const oldBytes = new Uint8Array([83, 81, 76, 105, 116, 101, 0, 1, 2, 3]);
const newBytes = new Uint8Array(64 * 1024).map((_, i) => i % 251);

describe('writeFileAtomic', () => {
  it('creates a new file', async () => {
    const target = path.join(dir, 'new.workbench');
    await writeFileAtomic(target, newBytes);
    expect(new Uint8Array(await fsp.readFile(target))).toEqual(newBytes);
    expect(await fsp.readdir(dir)).toEqual(['new.workbench']);
  });

  it('overwrites an existing file and leaves no temp files', async () => {
    const target = path.join(dir, 'case.workbench');
    await fsp.writeFile(target, oldBytes);
    await writeFileAtomic(target, newBytes);
    expect(new Uint8Array(await fsp.readFile(target))).toEqual(newBytes);
    expect(await fsp.readdir(dir)).toEqual(['case.workbench']);
  });

  it('keeps the old file byte-identical when the write fails half way, and removes the temp file', async () => {
    const target = path.join(dir, 'case.workbench');
    await fsp.writeFile(target, oldBytes);
    let tempPathSeen = '';
    await expect(
      writeFileAtomic(target, newBytes, {
        async writeAndSync(handle, bytes) {
          // Half the bytes reach the temp file, then the disk "fills up".
          await handle.write(bytes, 0, bytes.length / 2);
          tempPathSeen = (await fsp.readdir(dir)).find((name) => name !== 'case.workbench') ?? '';
          throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        },
      }),
    ).rejects.toMatchObject({ code: 'ENOSPC' });

    expect(tempPathSeen.startsWith(tempFilePrefix(target))).toBe(true);
    expect(new Uint8Array(await fsp.readFile(target))).toEqual(oldBytes);
    expect(await fsp.readdir(dir)).toEqual(['case.workbench']);
  });

  it('keeps the old file when the rename never happens (crash before rename)', async () => {
    const target = path.join(dir, 'case.workbench');
    await fsp.writeFile(target, oldBytes);
    await expect(
      writeFileAtomic(target, newBytes, {
        rename: () => Promise.reject(new Error('process killed')),
      }),
    ).rejects.toThrow('process killed');
    expect(new Uint8Array(await fsp.readFile(target))).toEqual(oldBytes);
    expect(await fsp.readdir(dir)).toEqual(['case.workbench']);
  });

  it('writes the temp file in the same folder as the target', async () => {
    const target = path.join(dir, 'case.workbench');
    let renamedFrom = '';
    await writeFileAtomic(target, newBytes, {
      async rename(from, to) {
        renamedFrom = from;
        await fsp.rename(from, to);
      },
    });
    expect(path.dirname(renamedFrom)).toBe(await fsp.realpath(dir));
    expect(path.basename(renamedFrom)).toMatch(/^\.case\.workbench\.tmp-[0-9a-f]{12}$/);
  });

  it('uses a different temp name each time', async () => {
    const target = path.join(dir, 'case.workbench');
    const names: string[] = [];
    const recordingRename = async (from: string, to: string): Promise<void> => {
      names.push(from);
      await fsp.rename(from, to);
    };
    await writeFileAtomic(target, oldBytes, { rename: recordingRename });
    await writeFileAtomic(target, newBytes, { rename: recordingRename });
    expect(new Set(names).size).toBe(2);
  });

  it('ignores folders that cannot be fsynced (Windows) but reports the save as done', async () => {
    const target = path.join(dir, 'case.workbench');
    await writeFileAtomic(target, newBytes, {
      syncDirectory: async () => {
        // The default step swallows EISDIR/EPERM itself; here we check it is called after the rename.
        expect(new Uint8Array(await fsp.readFile(target))).toEqual(newBytes);
      },
    });
  });

  it('keeps the permissions of the file it replaces', async () => {
    if (process.platform === 'win32') return;
    const target = path.join(dir, 'case.workbench');
    await fsp.writeFile(target, oldBytes);
    await fsp.chmod(target, 0o640);
    await writeFileAtomic(target, newBytes);
    expect((await fsp.stat(target)).mode & 0o777).toBe(0o640);
  });

  it('replaces the file a symlink points to, not the link', async () => {
    if (process.platform === 'win32') return;
    const real = path.join(dir, 'real.workbench');
    const link = path.join(dir, 'link.workbench');
    await fsp.writeFile(real, oldBytes);
    await fsp.symlink(real, link);
    await writeFileAtomic(link, newBytes);
    expect((await fsp.lstat(link)).isSymbolicLink()).toBe(true);
    expect(new Uint8Array(await fsp.readFile(real))).toEqual(newBytes);
  });

  it('fails cleanly when the folder does not exist', async () => {
    const target = path.join(dir, 'missing-folder', 'case.workbench');
    await expect(writeFileAtomic(target, newBytes)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await fsp.readdir(dir)).toEqual([]);
  });
});

describe('a read-only file', () => {
  it('is never replaced by a save: refused with its own code, the bytes and the folder left as they were', async () => {
    const target = path.join(dir, 'kept.workbench');
    await fsp.writeFile(target, oldBytes);
    await fsp.chmod(target, 0o444);
    const error: unknown = await writeFileAtomic(target, newBytes).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EREADONLY' });
    expect(new Uint8Array(await fsp.readFile(target))).toEqual(oldBytes);
    expect(await fsp.readdir(dir)).toEqual(['kept.workbench']);
    expect(describeFileError(error, target, 'write')).toMatchObject({
      code: 'bad-input',
      message: 'Could not save "kept.workbench": the file is read-only, so it was left as it is. Use Save As to keep your work in another file.',
    });
    // Writable again, the same save goes through.
    await fsp.chmod(target, 0o644);
    await writeFileAtomic(target, newBytes);
    expect(new Uint8Array(await fsp.readFile(target))).toEqual(newBytes);
  });

  it('is read with readOnly set, so the app can say so on Open; a writable one without it', async () => {
    const target = path.join(dir, 'kept.workbench');
    await fsp.writeFile(target, oldBytes);
    expect((await readWorkbenchFile(target)).readOnly).toBeUndefined();
    await fsp.chmod(target, 0o444);
    expect((await readWorkbenchFile(target)).readOnly).toBe(true);
  });
});

describe('readWorkbenchFile', () => {
  it('returns the name, path and bytes', async () => {
    const target = path.join(dir, 'Burglary Q3.workbench');
    await fsp.writeFile(target, oldBytes);
    const file = await readWorkbenchFile(target);
    expect(file).toEqual({ name: 'Burglary Q3.workbench', path: target, bytes: oldBytes });
    expect(file.bytes).toBeInstanceOf(Uint8Array);
  });

  it('throws a readable not-found error for a missing file', async () => {
    const target = path.join(dir, 'gone.workbench');
    const error: unknown = await readWorkbenchFile(target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error).toMatchObject({ code: 'not-found', file: target });
    expect(String(error)).toContain('gone.workbench');
  });
});

describe('describeFileError', () => {
  it('explains common failures in plain words', () => {
    const busy = Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' });
    expect(describeFileError(busy, '/x/case.workbench', 'write').message).toBe(
      'Could not save "case.workbench": it is in use by another program.',
    );
    const full = Object.assign(new Error('x'), { code: 'ENOSPC' });
    expect(describeFileError(full, '/x/a.workbench', 'write').message).toContain('disk is full');
    expect(describeFileError('weird', '/x/a.workbench', 'read')).toMatchObject({ code: 'internal', message: 'Could not open "a.workbench": weird' });
  });
});
