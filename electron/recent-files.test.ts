import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createRecentFilesStore, RECENT_FILES_FILE_NAME, withRecentFile } from './recent-files';

let dir: string;
let userData: string;

beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'caw-recent-'));
  userData = path.join(dir, 'userData');
});

afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function makeFile(name: string): Promise<string> {
  const file = path.join(dir, `${name}.workbench`);
  await fsp.writeFile(file, 'x');
  return file;
}

async function makeFiles(count: number): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < count; i += 1) files.push(await makeFile(`case-${i}`));
  return files;
}

async function makeABC(): Promise<{ a: string; b: string; c: string }> {
  return { a: await makeFile('a'), b: await makeFile('b'), c: await makeFile('c') };
}

describe('withRecentFile', () => {
  it('puts the file first, removes its older entry and trims', () => {
    expect(withRecentFile(['/a', '/b', '/c'], '/b', 10, false)).toEqual(['/b', '/a', '/c']);
    expect(withRecentFile(['/a', '/b', '/c'], '/d', 3, false)).toEqual(['/d', '/a', '/b']);
  });

  it('treats paths differing only in case as one file on case-insensitive systems', () => {
    expect(withRecentFile(['/Cases/A.workbench'], '/cases/a.workbench', 10, true)).toEqual(['/cases/a.workbench']);
    expect(withRecentFile(['/Cases/A.workbench'], '/cases/a.workbench', 10, false)).toHaveLength(2);
  });
});

describe('createRecentFilesStore', () => {
  it('starts empty when nothing is stored', async () => {
    expect(await createRecentFilesStore(userData).list()).toEqual([]);
  });

  it('lists most recent first, de-duplicated, and persists as JSON', async () => {
    const { a, b, c } = await makeABC();
    const store = createRecentFilesStore(userData, { isCaseInsensitive: false });
    await store.add(a);
    await store.add(b);
    await store.add(c);
    expect(await store.add(a)).toEqual([a, c, b]);

    const stored: unknown = JSON.parse(await fsp.readFile(path.join(userData, RECENT_FILES_FILE_NAME), 'utf8'));
    expect(stored).toEqual({ version: 1, files: [a, c, b] });
    // A fresh store (next app start) sees the same list.
    expect(await createRecentFilesStore(userData).list()).toEqual([a, c, b]);
  });

  it('keeps at most ten files', async () => {
    const files = await makeFiles(12);
    const store = createRecentFilesStore(userData);
    for (const file of files) await store.add(file);
    const list = await store.list();
    expect(list).toHaveLength(10);
    expect(list[0]).toBe(files[11]);
    expect(list[9]).toBe(files[2]);
  });

  it('prunes files that no longer exist and saves the pruned list', async () => {
    const { a, b, c } = await makeABC();
    const store = createRecentFilesStore(userData);
    await store.add(a);
    await store.add(b);
    await store.add(c);
    await fsp.rm(b);
    expect(await store.list()).toEqual([c, a]);
    const stored: unknown = JSON.parse(await fsp.readFile(path.join(userData, RECENT_FILES_FILE_NAME), 'utf8'));
    expect(stored).toEqual({ version: 1, files: [c, a] });
  });

  it('does not lose entries when adds overlap', async () => {
    const files = await makeFiles(5);
    const store = createRecentFilesStore(userData);
    await Promise.all(files.map((file) => store.add(file)));
    expect(await store.list()).toEqual([...files].reverse());
  });

  it('removes one file and clears all', async () => {
    const { a, b } = await makeABC();
    const store = createRecentFilesStore(userData);
    await store.add(a);
    await store.add(b);
    expect(await store.remove(a)).toEqual([b]);
    expect(await store.clear()).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  it('starts afresh when the stored JSON is damaged or has the wrong shape', async () => {
    await fsp.mkdir(userData, { recursive: true });
    const jsonPath = path.join(userData, RECENT_FILES_FILE_NAME);
    await fsp.writeFile(jsonPath, '{"version":1,"files":[');
    expect(await createRecentFilesStore(userData).list()).toEqual([]);
    await fsp.writeFile(jsonPath, JSON.stringify({ version: 1, files: [1, 2] }));
    expect(await createRecentFilesStore(userData).list()).toEqual([]);
    const a = await makeFile('a');
    expect(await createRecentFilesStore(userData).add(a)).toEqual([a]);
  });

  it('uses the injected existence check', async () => {
    const store = createRecentFilesStore(userData, { fileExists: (p) => Promise.resolve(p !== '/gone.workbench') });
    await store.add('/gone.workbench');
    await store.add('/kept.workbench');
    expect(await store.list()).toEqual(['/kept.workbench']);
  });

  it('leaves no temp files in the user-data folder', async () => {
    const a = await makeFile('a');
    const store = createRecentFilesStore(userData);
    await store.add(a);
    await store.clear();
    expect(await fsp.readdir(userData)).toEqual([RECENT_FILES_FILE_NAME]);
  });
});
