import fc from 'fast-check';
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../electron/cli/load-sqljs';
import { WorkbenchError } from './errors';
import { importFiles } from './import/import-files';
import { META_KEYS, SCHEMA_VERSION, readMeta, writeMeta } from './schema';
import { createWorkbench, exportWorkbench, isIntactSave, openWorkbench, readWorkbenchMeta, workbenchDigest } from './workbench';
import { workbenchInfo } from './info';
import { saveView, listViews } from './views';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

const CSV = [
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
  'abc1,2023-01,Nottinghamshire Police,Nottinghamshire Police,-1.2,53.1,On or near X,E01028350,Mansfield 001A,Burglary,Under investigation,',
  ',2023-01,Nottinghamshire Police,Nottinghamshire Police,-1.2,53.1,On or near X,E01028350,Mansfield 001A,Anti-social behaviour,,',
  'abc2,2023-02,Nottinghamshire Police,Nottinghamshire Police,-1.1,52.9,On or near Y,E01013825,Nottingham 001A,Robbery,Under investigation,',
].join('\n');

function errorOf(run: () => unknown): WorkbenchError {
  try {
    run();
  } catch (error) {
    if (error instanceof WorkbenchError) return error;
    throw error;
  }
  throw new Error('expected a WorkbenchError');
}

async function workbenchWithData(): Promise<Uint8Array> {
  const db = createWorkbench(SQL);
  await importFiles(db, [{ name: 'small.csv', bytes: new TextEncoder().encode(CSV) }]);
  saveView(db, 'Burglary by district', { rows: ['district'], columns: ['month'], measure: 'count', filters: [] }, 'line');
  const bytes = exportWorkbench(db);
  db.close();
  return bytes;
}

describe('workbench file', () => {
  it('creates a workbench with meta: schema version, app version, times and a random id', () => {
    const first = readWorkbenchMeta(createWorkbench(SQL));
    const second = readWorkbenchMeta(createWorkbench(SQL));
    expect(first.schemaVersion).toBe(SCHEMA_VERSION);
    expect(first.appVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(Date.parse(first.createdAt)).not.toBeNaN();
    expect(first.workbenchId).toMatch(/^[0-9a-f]{32}$/);
    expect(first.workbenchId).not.toBe(second.workbenchId);
  });

  it('saves and reopens equal: records, imports, views and meta', async () => {
    const bytes = await workbenchWithData();
    expect(new TextDecoder().decode(bytes.subarray(0, 15))).toBe('SQLite format 3');
    const reopened = openWorkbench(SQL, bytes, 'a.workbench');
    const info = workbenchInfo(reopened);
    expect(info.records).toBe(3);
    expect(info.imports).toHaveLength(1);
    expect(info.imports[0]?.accepted).toBe(3);
    expect(info.dateRange).toEqual({ from: '2023-01', to: '2023-02' });
    expect(listViews(reopened).map((v) => v.name)).toEqual(['Burglary by district']);
    const again = exportWorkbench(reopened, new Date(Date.parse(info.modifiedAt)));
    const twice = workbenchInfo(openWorkbench(SQL, again, 'b.workbench'));
    expect(twice).toEqual(info);
  });

  it('refuses bytes that are not SQLite, and leaves them untouched', () => {
    const bytes = new TextEncoder().encode(CSV);
    const copy = bytes.slice();
    const error = errorOf(() => openWorkbench(SQL, bytes, 'extract.csv'));
    expect(error.code).toBe('not-sqlite');
    expect(error.message).toContain('extract.csv is not a workbench file');
    expect(bytes).toEqual(copy);
  });

  it('refuses an SQLite database that is not a workbench', () => {
    const foreign = new SQL.Database();
    foreign.run('CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)');
    const error = errorOf(() => openWorkbench(SQL, foreign.export(), 'budget.sqlite'));
    expect(error.code).toBe('not-workbench');
    expect(error.message).toContain('not a Crime Analyst Workbench file');
  });

  it('refuses a file from a newer version, saying so', () => {
    const db = createWorkbench(SQL);
    writeMeta(db, META_KEYS.schemaVersion, String(SCHEMA_VERSION + 1));
    const error = errorOf(() => openWorkbench(SQL, db.export(), 'future.workbench'));
    expect(error.code).toBe('newer-version');
    expect(error.message).toContain('newer version');
  });

  it('refuses a damaged file: truncated, or with overwritten pages', async () => {
    const bytes = await workbenchWithData();
    const truncated = bytes.slice(0, Math.floor(bytes.length / 2));
    expect(errorOf(() => openWorkbench(SQL, truncated, 'half.workbench')).code).toBe('damaged');

    const scribbled = bytes.slice();
    // Overwrite everything after the first page (the schema stays readable, the data does not).
    for (let i = 4096; i < scribbled.length; i++) scribbled[i] = (i * 7919) % 251;
    const error = errorOf(() => openWorkbench(SQL, scribbled, 'scribbled.workbench'));
    expect(error.code).toBe('damaged');
    expect(error.message).toContain('scribbled.workbench is damaged');
  });

  it('runs migrations on open: a file whose meta says an older version is brought up to date', () => {
    const db = createWorkbench(SQL);
    expect(readWorkbenchMeta(openWorkbench(SQL, db.export(), 'x')).schemaVersion).toBe(SCHEMA_VERSION);
    writeMeta(db, META_KEYS.schemaVersion, '0');
    // Version 0 is not a valid saved version: treated as damaged rather than re-migrated over existing tables.
    expect(errorOf(() => openWorkbench(SQL, db.export(), 'zero.workbench')).code).toBe('damaged');
  });
});

/** Page size and the first byte of the `record` table's root page in saved bytes. */
function recordRootPage(bytes: Uint8Array): { pageSize: number; offset: number } {
  const db = new SQL.Database(bytes);
  const pageSize = Number(db.exec('PRAGMA page_size')[0]?.values[0]?.[0]);
  const root = Number(db.exec("SELECT rootpage FROM sqlite_master WHERE name = 'record'")[0]?.values[0]?.[0]);
  db.close();
  // Page 1 starts with the 100-byte file header; every other page with its b-tree header.
  return { pageSize, offset: (root - 1) * pageSize + (root === 1 ? 100 : 0) };
}

describe('the digest a save carries (open skips quick_check when the bytes are as saved)', () => {
  it('is in the header of every save and matches the bytes; a raw SQLite export has none', async () => {
    const bytes = await workbenchWithData();
    expect(isIntactSave(bytes)).toBe(true);
    // Stored big-endian in SQLite's user version field.
    const stored = new DataView(bytes.buffer, bytes.byteOffset).getUint32(60);
    expect(stored).toBe(workbenchDigest(bytes));
    const reopened = openWorkbench(SQL, bytes, 'a.workbench');
    expect(Number(reopened.exec('PRAGMA user_version')[0]?.values[0]?.[0]) >>> 0).toBe(stored);
    // Unchanged since, the bytes are still as saved; after a change, a raw export keeps the old digest, which no longer matches.
    expect(isIntactSave(reopened.export())).toBe(true);
    writeMeta(reopened, 'description', 'changed');
    const stale = reopened.export();
    expect(isIntactSave(stale)).toBe(false);
    // Such a file (as another SQLite program would leave it) still opens, through quick_check.
    const opened = openWorkbench(SQL, stale, 'edited.workbench');
    expect(readMeta(opened, 'description')).toBe('changed');
    opened.close();
    expect(isIntactSave(exportWorkbench(reopened))).toBe(true);
  });

  it('leaves the bytes it checks untouched, also a Node Buffer (whose slice() is a view), so they open the same twice', async () => {
    const bytes = await workbenchWithData();
    const buffer = Buffer.from(bytes);
    openWorkbench(SQL, buffer, 'a.workbench').close();
    expect(new Uint8Array(buffer)).toEqual(bytes);
    expect(isIntactSave(buffer)).toBe(true);
  });

  it('no longer matches after any byte is changed, the file is cut short or grows', async () => {
    const bytes = await workbenchWithData();
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const changed = bytes.slice();
        changed[at] = (changed[at] ?? 0) ^ xor;
        expect(isIntactSave(changed)).toBe(false);
      }),
      { numRuns: 300, seed: 7 },
    );
    const { pageSize } = recordRootPage(bytes);
    expect(isIntactSave(bytes.slice(0, bytes.length - pageSize))).toBe(false);
    expect(isIntactSave(bytes.slice(0, bytes.length - 1))).toBe(false);
    const longer = new Uint8Array(bytes.length + pageSize);
    longer.set(bytes);
    expect(isIntactSave(longer)).toBe(false);
  });

  it('still refuses a saved file that is damaged: truncated on or off a page boundary, or a page overwritten', async () => {
    const bytes = await workbenchWithData();
    const { pageSize, offset } = recordRootPage(bytes);
    expect(errorOf(() => openWorkbench(SQL, bytes.slice(0, bytes.length - pageSize), 'short.workbench')).code).toBe('damaged');
    // Cut inside the last page: quick_check alone reads the missing end as zeros and passes it.
    const cut = errorOf(() => openWorkbench(SQL, bytes.slice(0, bytes.length - 100), 'cut.workbench'));
    expect(cut.code).toBe('damaged');
    expect(cut.message).toContain('cut short');
    // The records' b-tree page gets an invalid page type: quick_check's finding, once the digest does not match.
    const flipped = bytes.slice();
    flipped[offset] = 0x77;
    const error = errorOf(() => openWorkbench(SQL, flipped, 'flipped.workbench'));
    expect(error.code).toBe('damaged');
    expect(error.message).toContain('flipped.workbench is damaged');
  });

  it('trusts a matching digest in place of quick_check (the speed-up), and only then', async () => {
    const bytes = await workbenchWithData();
    const { offset } = recordRootPage(bytes);
    const broken = bytes.slice();
    broken[offset] = 0x77;
    expect(errorOf(() => openWorkbench(SQL, broken, 'broken.workbench')).code).toBe('damaged');
    // The same broken bytes given a matching digest: open no longer reads every b-tree to find it.
    new DataView(broken.buffer).setUint32(60, workbenchDigest(broken));
    expect(isIntactSave(broken)).toBe(true);
    expect(() => openWorkbench(SQL, broken, 'resealed.workbench').close()).not.toThrow();
  });

  it('a foreign SQLite database is named as such whatever its user version, and a random file as not SQLite', () => {
    const foreign = new SQL.Database();
    foreign.run('CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT); PRAGMA user_version = 7;');
    const bytes = foreign.export();
    foreign.close();
    expect(isIntactSave(bytes)).toBe(false);
    expect(errorOf(() => openWorkbench(SQL, bytes, 'ledger.db')).code).toBe('not-workbench');
    // Sealed as if the app had saved it: still not a workbench.
    new DataView(bytes.buffer).setUint32(60, workbenchDigest(bytes));
    expect(isIntactSave(bytes)).toBe(true);
    expect(errorOf(() => openWorkbench(SQL, bytes, 'ledger.db')).code).toBe('not-workbench');
    const random = new Uint8Array(8192).map((_, i) => (i * 2654435761) >>> 24);
    expect(errorOf(() => openWorkbench(SQL, random, 'noise.workbench')).code).toBe('not-sqlite');
  });
});
