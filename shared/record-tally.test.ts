/**
 * The record tally behind the workbench info: after every kind of write the
 * info's record counts (in all, per source, per import) equal COUNT(*) over
 * the records, and the tally (not a count) is what gave them; a stale or
 * missing tally (a file saved before it, records written by plain SQL) is
 * never believed.
 */
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../electron/cli/load-sqljs';
import { districtCsv, generateDistrictRecords } from './generator';
import type { GeneratedDistrictRecord } from './generator/district-records';
import { importFiles } from './import/import-files';
import { removeImport, workbenchInfo } from './info';
import { readRecordTally } from './record-tally';
import { SOURCE } from './schema';
import { createWorkbench, exportWorkbench, openWorkbench } from './workbench';

let SQL: Awaited<ReturnType<typeof loadSqlJs>>;
let rows: GeneratedDistrictRecord[];

beforeAll(async () => {
  SQL = await loadSqlJs();
  // records is the force-wide count: these two districts hold about a fifth of it.
  rows = [...generateDistrictRecords({ seed: 5, records: 60_000, districts: ['Mansfield', 'Gedling'] })];
  if (rows.length < 10_500) throw new Error(`only ${rows.length} generated rows`);
});

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const district = (name: string, records: readonly GeneratedDistrictRecord[]) => ({ name, bytes: encode(districtCsv(records)) });

const POLICE_HEADER = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
/** A police.uk file of `n` crimes from `from`, each with this outcome. */
function policeUk(name: string, from: number, n: number, outcome: string): { name: string; bytes: Uint8Array } {
  // Everything but the outcome follows from the crime's number, so the same crime in two files differs only in its outcome.
  const lines = Array.from({ length: n }, (_, k) => {
    const crime = from + k;
    const id = crime.toString(16).padStart(64, '0');
    return `${id},2023-0${1 + (crime % 9)},Nottinghamshire Police,Nottinghamshire Police,-1.19${crime % 10},53.1${crime % 7},On or near High Street,E01028${100 + (crime % 50)},Mansfield 0${10 + (crime % 5)}A,Burglary,${outcome},`;
  });
  return { name, bytes: encode([POLICE_HEADER, ...lines].join('\r\n')) };
}

/** The counts straight from the records. */
function counted(db: Database): { records: number; sources: Record<string, number>; perImport: Record<number, number> } {
  const records = Number(db.exec('SELECT COUNT(*) FROM record')[0]?.values[0]?.[0] ?? 0);
  const names = new Map<number, string>(Object.entries(SOURCE).map(([name, code]) => [code, name]));
  const sources = Object.fromEntries((db.exec('SELECT source, COUNT(*) FROM record GROUP BY source ORDER BY source')[0]?.values ?? []).map(([s, n]): [string, number] => [names.get(Number(s)) ?? `source ${String(s)}`, Number(n)]));
  const perImport = Object.fromEntries(
    (db.exec('SELECT i.id, (SELECT COUNT(*) FROM record r WHERE r.import_id = i.id) FROM import i ORDER BY i.id')[0]?.values ?? []).map(([id, n]): [number, number] => [Number(id), Number(n)]),
  );
  return { records, sources, perImport };
}

/** The info's counts, and whether the tally gave them. */
function shown(db: Database): { records: number; sources: Record<string, number>; perImport: Record<number, number> } {
  const info = workbenchInfo(db);
  return { records: info.records, sources: info.sources, perImport: Object.fromEntries(info.imports.map((i) => [i.id, i.records])) };
}

function expectExact(db: Database, fromTally = true): void {
  expect(shown(db)).toEqual(counted(db));
  expect(readRecordTally(db) !== null).toBe(fromTally);
}

/** Some rows with a changed field (so re-importing them updates those records). */
const changed = (list: readonly GeneratedDistrictRecord[]): GeneratedDistrictRecord[] => list.map((r) => ({ ...r, alcohol: r.alcohol === 'Y' ? 'N' : 'Y' }));

describe('record tally', () => {
  it('equals COUNT(*) after imports of both sources, a re-import of the same file and overlapping imports with updates', async () => {
    const db = createWorkbench(SQL);
    expectExact(db, false);
    await importFiles(db, [district('first.csv', rows.slice(0, 6000))], { kind: 'district' });
    expectExact(db);
    await importFiles(db, [policeUk('police-1.csv', 1, 400, 'Under investigation')]);
    expectExact(db);
    expect(shown(db).sources).toEqual({ 'police-uk': 400, district: 6000 });
    // The same file again: every row a duplicate, nothing moves.
    const again = await importFiles(db, [district('first-again.csv', rows.slice(0, 6000))], { kind: 'district' });
    expect(again[0]?.duplicate).toBe(6000);
    expectExact(db);
    // Overlapping: 2,000 changed rows of the first file (updates: those records move to the new import) and 3,000 new.
    const overlap = await importFiles(db, [district('second.csv', [...changed(rows.slice(4000, 6000)), ...rows.slice(6000, 9000)])], { kind: 'district' });
    expect(overlap[0]).toMatchObject({ accepted: 3000, updated: 2000 });
    expectExact(db);
    expect(shown(db).perImport).toEqual({ 1: 4000, 2: 400, 3: 0, 4: 5000 });
    // police.uk outcomes updated by a later file: those crimes move to it.
    await importFiles(db, [policeUk('police-2.csv', 201, 400, 'Investigation complete; no suspect identified')]);
    expectExact(db);
    expect(shown(db).perImport).toMatchObject({ 2: 200, 5: 400 });
    // Two files in one batch, the second updating the first's records before either is committed.
    await importFiles(db, [district('third.csv', rows.slice(9000, 10_000)), district('fourth.csv', changed(rows.slice(9500, 10_500)))], { kind: 'district' });
    expectExact(db);
    expect(shown(db).perImport).toMatchObject({ 6: 500, 7: 1000 });
  }, 60_000);

  it('equals COUNT(*) after removing imports (the middle one, the last one), and in a saved and reopened file', async () => {
    const db = createWorkbench(SQL);
    await importFiles(db, [district('a.csv', rows.slice(0, 3000))], { kind: 'district' });
    await importFiles(db, [policeUk('p.csv', 1, 300, 'Under investigation')]);
    await importFiles(db, [district('b.csv', [...changed(rows.slice(2000, 3000)), ...rows.slice(3000, 4000)])], { kind: 'district' });
    removeImport(db, 2);
    expectExact(db);
    expect(shown(db)).toMatchObject({ records: 4000, perImport: { 1: 2000, 3: 2000 } });
    // b.csv updated 1,000 of a.csv's records: removing it puts them back under a.csv (the trigger moves their count).
    removeImport(db, 3);
    expectExact(db);
    expect(shown(db)).toMatchObject({ records: 3000, perImport: { 1: 3000 } });
    // Import again after removing the last import (its id is used again) and save: the reopened file trusts its tally.
    await importFiles(db, [district('c.csv', rows.slice(5000, 5500))], { kind: 'district' });
    expectExact(db);
    const reopened = openWorkbench(SQL, exportWorkbench(db), 'saved.workbench');
    expectExact(reopened);
    expect(shown(reopened)).toEqual(shown(db));
  }, 60_000);

  it('a cancelled or failed import leaves the tally, the counts and the file as they were', async () => {
    const db = createWorkbench(SQL);
    await importFiles(db, [district('a.csv', rows.slice(0, 3000))], { kind: 'district' });
    const before = Buffer.from(db.export());
    const counts = shown(db);
    // Cancelled part way through a file that both updates and adds records.
    let checks = 0;
    await expect(
      importFiles(db, [district('b.csv', [...changed(rows.slice(0, 2000)), ...rows.slice(3000, 8000)])], { kind: 'district', isCancelled: () => ++checks > 1 }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(Buffer.from(db.export()).equals(before)).toBe(true);
    expectExact(db);
    expect(shown(db)).toEqual(counts);
    // A batch whose second file is empty fails after the first was written: all of it rolls back.
    await expect(importFiles(db, [district('c.csv', rows.slice(8000, 9000)), { name: 'empty.csv', bytes: new Uint8Array() }], { kind: 'district' })).rejects.toThrow(/empty/);
    expect(Buffer.from(db.export()).equals(before)).toBe(true);
    expectExact(db);
  }, 60_000);

  it('an older file without a tally is counted, and the next import or removal counts it again', async () => {
    const db = createWorkbench(SQL);
    await importFiles(db, [district('a.csv', rows.slice(0, 3000))], { kind: 'district' });
    await importFiles(db, [policeUk('p.csv', 1, 300, 'Under investigation')]);
    // As a workbench saved before the tally: no table, trigger or stamp.
    db.run("DROP TRIGGER record_tally_move; DROP TABLE record_tally; DELETE FROM meta WHERE key = 'record_tally'");
    const old = openWorkbench(SQL, exportWorkbench(db), 'old.workbench');
    expectExact(old, false);
    await importFiles(old, [district('b.csv', [...changed(rows.slice(1000, 2000)), ...rows.slice(3000, 3500)])], { kind: 'district' });
    expectExact(old);
    expect(shown(old).perImport).toEqual({ 1: 2000, 2: 300, 3: 1500 });
    const another = openWorkbench(SQL, exportWorkbench(db), 'old.workbench');
    removeImport(another, 1);
    expectExact(another);
    expect(shown(another)).toMatchObject({ records: 300, sources: { 'police-uk': 300 } });
  }, 60_000);

  it('records written without the importer (plain SQL) make the tally stale: the info counts them', async () => {
    const db = createWorkbench(SQL);
    await importFiles(db, [district('a.csv', rows.slice(0, 1000))], { kind: 'district' });
    expectExact(db);
    db.run(`INSERT INTO record (record_key, import_id, source, record_type, month, crime_type_id, district_id)
            SELECT randomblob(16), 1, ${SOURCE['police-uk']}, 1, month, crime_type_id, district_id FROM record LIMIT 10`);
    expectExact(db, false);
    expect(shown(db).sources).toEqual({ 'police-uk': 10, district: 1000 });
    db.run('DELETE FROM record WHERE id IN (SELECT id FROM record ORDER BY id LIMIT 10)');
    expectExact(db, false);
    // A record moved to another import by plain SQL is followed by the trigger.
    const fresh = createWorkbench(SQL);
    await importFiles(fresh, [district('a.csv', rows.slice(0, 1000))], { kind: 'district' });
    await importFiles(fresh, [district('b.csv', rows.slice(1000, 1100))], { kind: 'district' });
    fresh.run('UPDATE record SET import_id = 2, source = ? WHERE id <= 5', [SOURCE['police-uk']]);
    expectExact(fresh);
    expect(shown(fresh)).toMatchObject({ perImport: { 1: 995, 2: 105 }, sources: { 'police-uk': 5, district: 1095 } });
  }, 60_000);
});
