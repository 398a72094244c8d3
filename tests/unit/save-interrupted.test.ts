/**
 * A save interrupted at any moment leaves either the old or the new
 * workbench, never a broken one: a write that fails half way through, and
 * a process killed (SIGKILL) while it saves over and over.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { writeFileAtomic } from '../../electron/file-io';
import { importFiles } from '../../shared/import/import-files';
import { workbenchInfo } from '../../shared/info';
import { createWorkbench, exportWorkbench, openWorkbench } from '../../shared/workbench';
import { policeUkFiles } from '../helpers/police-uk-data';

let SQL: SqlJsStatic;
let versionA: Uint8Array;
let versionB: Uint8Array;

beforeAll(async () => {
  SQL = await loadSqlJs();
  const db = createWorkbench(SQL);
  const [first, second] = policeUkFiles();
  await importFiles(db, [{ name: 'a.csv', bytes: readFileSync(first ?? '') }]);
  versionA = exportWorkbench(db);
  await importFiles(db, [{ name: 'b.csv', bytes: readFileSync(second ?? '') }]);
  versionB = exportWorkbench(db);
});

const recordsIn = (bytes: Uint8Array): number => workbenchInfo(openWorkbench(SQL, bytes, 'saved.workbench')).records;

describe('interrupted saves', () => {
  it('a save that dies after half the temporary file is written leaves the old workbench opening intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cawb-save-'));
    const target = join(dir, 'profile.workbench');
    await writeFileAtomic(target, versionA);
    const failing = {
      async writeAndSync(handle: FileHandle, bytes: Uint8Array): Promise<void> {
        await handle.write(bytes, 0, Math.floor(bytes.length / 2));
        throw new Error('power cut');
      },
    };
    await expect(writeFileAtomic(target, versionB, failing)).rejects.toThrow('power cut');
    expect(recordsIn(readFileSync(target))).toBe(recordsIn(versionA));
    expect(readdirSync(dir)).toEqual(['profile.workbench']);
  });

  it('killing the process mid-save never leaves a broken file: it opens as the old or the new version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cawb-kill-'));
    const target = join(dir, 'profile.workbench');
    writeFileSync(join(dir, 'a.bytes'), versionA);
    writeFileSync(join(dir, 'b.bytes'), versionB);
    writeFileSync(target, versionA);
    const expected = new Set([recordsIn(versionA), recordsIn(versionB)]);
    const repo = resolve(import.meta.dirname, '../..');
    for (const delay of [40, 130, 260, 410]) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/save-loop.ts', target, join(dir, 'a.bytes'), join(dir, 'b.bytes')], {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((ready) => child.stdout.once('data', () => ready()));
      await new Promise((wait) => setTimeout(wait, delay));
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGKILL');
      await exited;
      expect(expected.has(recordsIn(readFileSync(target)))).toBe(true);
    }
  });
});
