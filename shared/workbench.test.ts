import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../electron/cli/load-sqljs';
import { WorkbenchError } from './errors';
import { importFiles } from './import/import-files';
import { META_KEYS, SCHEMA_VERSION, writeMeta } from './schema';
import { createWorkbench, exportWorkbench, openWorkbench, readWorkbenchMeta } from './workbench';
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
