/**
 * Reads cached until the workbench is written to: a write, or a rollback of
 * writes made after the read, must make the next read see the tables again.
 */
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../electron/cli/load-sqljs';
import { districtCsv, generateDistrictRecords } from './generator';
import { importFiles } from './import/import-files';
import { loadLookups } from './pivot/dimensions';
import { runPivot } from './pivot/run-pivot';
import type { PivotSpec } from './pivot/spec';
import { createWorkbench } from './workbench';
import { UntilWrite, forgetReads, writeCount } from './write-count';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

describe('reads cached until the next write', () => {
  it('computes once while nothing is written, again after a write or a rollback', () => {
    const db = createWorkbench(SQL);
    const cache = new UntilWrite<number>();
    let computed = 0;
    const read = (): number => cache.get(db, 'n', () => ++computed);
    expect([read(), read()]).toEqual([1, 1]);
    db.run("INSERT INTO crime_type (name) VALUES ('Test crime')");
    expect(read()).toBe(2);
    db.run('SAVEPOINT s');
    db.run("INSERT INTO crime_type (name) VALUES ('Another')");
    expect(read()).toBe(3);
    const inside = writeCount(db);
    db.run('ROLLBACK TO s');
    db.run('RELEASE s');
    // SQLite's count does not go back on a rollback: only forgetReads tells the cache.
    expect(writeCount(db)).toBe(inside);
    forgetReads(db);
    expect(read()).toBe(4);
    expect(read()).toBe(4);
    db.close();
  });

  it('counts every write through schema changes and saves, and the same as SQLite does', () => {
    const db = createWorkbench(SQL);
    const changes = (): number => Number(db.exec('SELECT total_changes()')[0]?.values[0]?.[0]);
    const counted = (): number => Number(writeCount(db).split('/')[0]);
    expect(counted()).toBe(changes());
    db.run('CREATE TABLE scratch (x)');
    db.run('INSERT INTO scratch VALUES (1), (2), (3)');
    expect(counted()).toBe(changes());
    db.export();
    db.run('DROP TABLE scratch');
    db.run("INSERT INTO crime_type (name) VALUES ('After a save')");
    expect(counted()).toBe(changes());
    expect(counted()).toBeGreaterThanOrEqual(4);
    db.close();
  });

  it('label lookups follow a rolled-back and a committed crime type; a pivot follows an import', async () => {
    const db = createWorkbench(SQL);
    const names = (): string[] => [...(loadLookups(db, ['crime_type']).labels.get('crime_type')?.values() ?? [])];
    const first = names();
    db.run('SAVEPOINT s');
    db.run("INSERT INTO crime_type (name) VALUES ('Rolled back')");
    expect(names()).toContain('Rolled back');
    db.run('ROLLBACK TO s');
    db.run('RELEASE s');
    forgetReads(db);
    expect(names()).toEqual(first);

    const records = [...generateDistrictRecords({ seed: 2, records: 3_000 })];
    const spec: PivotSpec = { rows: ['crime_type'], columns: [], measure: 'count', filters: [] };
    const bytes = new TextEncoder().encode(districtCsv(records));
    await importFiles(db, [{ name: 'one.csv', bytes }], { kind: 'district' });
    const before = runPivot(db, spec);
    const renamed = records.map((r, i) => (i < 10 ? { ...r, crime_type: 'Brand new crime type', record_ref: `NEW-${i}` } : r));
    await importFiles(db, [{ name: 'two.csv', bytes: new TextEncoder().encode(districtCsv(renamed)) }], { kind: 'district' });
    const after = runPivot(db, spec);
    const labels = (result: typeof after): string[] => result.rows.map((row) => row.key.join(' / '));
    expect(labels(before)).not.toContain('Brand new crime type');
    expect(labels(after)).toContain('Brand new crime type');
    db.close();
  });
});
