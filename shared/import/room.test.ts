/**
 * Room made in the database file before a large import (withRoom,
 * readyForImport): the workbench is the same before and after, an import
 * into the roomy file stores exactly what it stores in a plain one, and the
 * saved file is exactly its pages whether the import committed or was
 * cancelled. (That the room saves time is the benchmark's to show.)
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { districtCsv, generateDistrictRecords } from '../generator';
import { createWorkbench, exportWorkbench, isIntactSave, openWorkbench, withRoom } from '../workbench';
import { importFiles, readyForImport } from './import-files';
import type { ImportFileInput } from './types';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

const NOW = new Date('2025-06-01T12:00:00Z');
const records = [...generateDistrictRecords({ seed: 11, records: 7_000 })];
const csvOf = (name: string, from: number, to: number): ImportFileInput => ({
  name,
  bytes: new TextEncoder().encode(districtCsv(records.slice(from, to))),
});

/** Every user table's rows, in order: what a workbench holds. */
function contents(db: Database): unknown[] {
  const tables = (db.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")[0]?.values ?? []).map(([name]) => String(name));
  // Rows as text in sorted order: some tables are WITHOUT ROWID.
  return tables.map((table) => [table, (db.exec(`SELECT * FROM "${table}"`)[0]?.values ?? []).map((row) => JSON.stringify(row)).sort()]);
}

const pageBytes = (db: Database): number =>
  Number(db.exec('PRAGMA page_count')[0]?.values[0]?.[0]) * Number(db.exec('PRAGMA page_size')[0]?.values[0]?.[0]);

describe('withRoom', () => {
  it('keeps the workbench, and an import into the room stores what it stores in a plain file', async () => {
    const plain = createWorkbench(SQL, NOW);
    await importFiles(plain, [csvOf('first.csv', 0, 2_000)], { now: NOW });
    const roomy = withRoom(plain, SQL, 24 * 1024 * 1024);
    expect(contents(roomy)).toEqual(contents(plain));

    const second = csvOf('second.csv', 1_500, 7_000);
    const [plainReport] = await importFiles(plain, [second], { now: NOW });
    const [roomyReport] = await importFiles(roomy, [second], { now: NOW });
    expect(roomyReport).toEqual(plainReport);
    expect(roomyReport?.accepted).toBe(5_000);
    expect(roomyReport?.duplicate).toBe(500);
    expect(contents(roomy)).toEqual(contents(plain));
    expect(roomy.exec('PRAGMA integrity_check')[0]?.values[0]?.[0]).toBe('ok');

    const saved = exportWorkbench(roomy, NOW);
    expect(saved.length).toBe(pageBytes(roomy));
    expect(isIntactSave(saved)).toBe(true);
    expect(saved).toEqual(exportWorkbench(plain, NOW));
    const reopened = openWorkbench(SQL, saved);
    expect(contents(reopened)).toEqual(contents(plain));
    for (const db of [plain, roomy, reopened]) db.close();
  }, 60_000);

  it('after a cancelled import the workbench is as it was and saves as exactly its pages', async () => {
    const db = createWorkbench(SQL, NOW);
    await importFiles(db, [csvOf('first.csv', 0, 1_000)], { now: NOW });
    const before = contents(db);
    const roomy = withRoom(db, SQL, 32 * 1024 * 1024);
    let checks = 0;
    await expect(importFiles(roomy, [csvOf('big.csv', 1_000, 7_000)], { now: NOW, isCancelled: () => ++checks > 3 })).rejects.toMatchObject({
      code: 'cancelled',
    });
    expect(contents(roomy)).toEqual(before);
    const saved = exportWorkbench(roomy, NOW);
    expect(saved.length).toBe(pageBytes(roomy));
    expect(isIntactSave(saved)).toBe(true);
    expect(contents(openWorkbench(SQL, saved))).toEqual(contents(roomy));
    for (const open of [db, roomy]) open.close();
  }, 60_000);
});

describe('readyForImport', () => {
  /** A CSV-sized file; readyForImport reads only its size and first bytes. */
  const csvBytes = (megabytes: number): ImportFileInput => ({ name: 'big.csv', bytes: new Uint8Array(megabytes * 1024 * 1024).fill(0x41) });

  it('makes room when a large CSV import will at least double the workbench, and closes the old database', () => {
    const db = createWorkbench(SQL, NOW);
    const before = contents(db);
    const ready = readyForImport(db, SQL, [csvBytes(14)]);
    expect(ready).not.toBe(db);
    expect(() => db.exec('SELECT 1')).toThrow();
    expect(contents(ready)).toEqual(before);
    ready.close();
  });

  it('leaves the workbench as it is for small files, workbooks and workbenches already larger than the import', () => {
    const db = createWorkbench(SQL, NOW);
    expect(readyForImport(db, SQL, [csvBytes(2)])).toBe(db);
    // A workbook (a zip) of the same size: what its rows grow into is not known.
    const workbook = csvBytes(14);
    workbook.bytes.set([0x50, 0x4b, 0x03, 0x04]);
    expect(readyForImport(db, SQL, [{ ...workbook, name: 'big.xlsx' }])).toBe(db);
    db.run('CREATE TABLE ballast (b BLOB)');
    db.run('INSERT INTO ballast VALUES (zeroblob(40000000))');
    expect(readyForImport(db, SQL, [csvBytes(14)])).toBe(db);
    db.close();
  });
});
