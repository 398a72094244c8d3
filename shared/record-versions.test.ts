/**
 * Updates that keep what a file does not say, and removal that puts back
 * what an import replaced: a corrected extract's import can be undone without
 * losing the records the earlier extract brought.
 */
import fc from 'fast-check';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../electron/cli/load-sqljs';
import { type DistrictRecord, districtCsv, generateDistrictRecords } from './generator';
import { isNearRepeatColumnCurrent, refreshNearRepeatColumn } from './analytics/near-repeat-column';
import { digest128 } from './import/digest';
import { importFiles } from './import/import-files';
import type { ImportFileInput, ImportReport } from './import/types';
import { importChanges, removeImport, workbenchInfo } from './info';
import { runPivot } from './pivot/run-pivot';
import { createWorkbench } from './workbench';

const NOW = new Date('2025-06-01T12:00:00Z');
let SQL: SqlJsStatic;

beforeAll(async () => {
  SQL = await loadSqlJs();
});

function csvFile(name: string, lines: readonly string[]): ImportFileInput {
  return { name, bytes: new TextEncoder().encode(lines.join('\r\n')) };
}

async function importOne(db: Database, file: ImportFileInput): Promise<ImportReport & { importId: number }> {
  const [report] = await importFiles(db, [file], { now: NOW });
  if (report === undefined) throw new Error('no report');
  const importId = Number(db.exec('SELECT MAX(id) FROM import')[0]?.values[0]?.[0]);
  return { ...report, importId };
}

function rows(db: Database, sql: string, params: (string | number)[] = []): unknown[][] {
  return db.exec(sql, params)[0]?.values ?? [];
}

/** Every record as the pivot and the analyses read it (by reference: ids and keys aside), with the import's file. */
function recordsByRef(db: Database): Map<string, unknown[]> {
  const found = rows(
    db,
    `SELECT hex(r.record_key), i.file_name, r.source, r.record_type, r.month, r.day, r.hour, c.name, d.name, w.name, l.code,
            r.easting, r.northing, r.latitude, r.longitude, r.victim_pseudonym, b.name, r.sex, r.domestic, r.hate, r.alcohol,
            hex(r.content_hash), r.reported_day, r.offence_code, r.victim_age, r.offender_age_band
     FROM record r JOIN import i ON i.id = r.import_id JOIN crime_type c ON c.id = r.crime_type_id
     JOIN district d ON d.id = r.district_id LEFT JOIN ward w ON w.id = r.ward_id LEFT JOIN lsoa l ON l.id = r.lsoa_id
     LEFT JOIN age_band b ON b.id = r.age_band_id`,
  );
  return new Map(found.map((row) => [String(row[0]), row.slice(1)]));
}

const FULL_HEADER = 'record_ref,committed_date,crime_type,district,ward,victim_ref,victim_age,victim_sex,domestic';

describe('an extract without some columns', () => {
  it('leaves the fields it has no column for as they were: unchanged rows are duplicates, a changed date is the only change logged', async () => {
    const db = createWorkbench(SQL);
    await importOne(db, csvFile('full.csv', [
      FULL_HEADER,
      'R1,03/04/2022,Violence with injury,Mansfield,Portland,NOM-1,23,F,Y',
      'R2,04/04/2022,Burglary Dwelling,Mansfield,Portland,NOM-2,41,M,N',
    ]));
    const before = recordsByRef(db);
    const narrow = await importOne(db, csvFile('narrow.csv', [
      'record_ref,committed_date,crime_type,district',
      'R1,03/04/2022,Violence with injury,Mansfield',
      'R2,05/04/2022,Burglary Dwelling,Mansfield',
    ]));
    expect(narrow).toMatchObject({ read: 2, accepted: 0, duplicate: 1, updated: 1 });
    expect(rows(db, 'SELECT field, old_value, new_value FROM record_change WHERE import_id = ?', [narrow.importId])).toEqual([['day', '2022-04-04', '2022-04-05']]);
    // The Data panel's What changed reads the same log, grouped.
    expect(importChanges(db, narrow.importId)).toEqual({ records: 1, changes: [{ field: 'day', from: '2022-04-04', to: '2022-04-05', records: 1 }], more: 0 });
    const after = recordsByRef(db);
    // R2 keeps its ward, victim, age band, sex and domestic flag; only its day (and import and content hash) moved.
    const [r1, r2] = [...before.keys()];
    expect(after.get(r1 ?? '')).toEqual(before.get(r1 ?? ''));
    const changed = (after.get(r2 ?? '') ?? []).map((value, i) => (value === (before.get(r2 ?? '') ?? [])[i] ? '=' : value));
    expect(changed.filter((value) => value !== '=')).toHaveLength(3);
    expect(changed[0]).toBe('narrow.csv');
    // The full file again: nothing to change, whichever file's hash the records carry.
    expect(await importOne(db, csvFile('full-again.csv', [
      FULL_HEADER,
      'R1,03/04/2022,Violence with injury,Mansfield,Portland,NOM-1,23,F,Y',
      'R2,05/04/2022,Burglary Dwelling,Mansfield,Portland,NOM-2,41,M,N',
    ]))).toMatchObject({ duplicate: 2, updated: 0 });
  });

  it('an empty cell in a column the file has still clears the field (the source says it is now blank)', async () => {
    const db = createWorkbench(SQL);
    await importOne(db, csvFile('full.csv', [FULL_HEADER, 'R1,03/04/2022,Violence with injury,Mansfield,Portland,NOM-1,23,F,Y']));
    const report = await importOne(db, csvFile('blank-ward.csv', [FULL_HEADER, 'R1,03/04/2022,Violence with injury,Mansfield,,NOM-1,23,F,Y']));
    expect(report).toMatchObject({ updated: 1 });
    expect(rows(db, 'SELECT field, old_value, new_value FROM record_change WHERE import_id = ?', [report.importId])).toEqual([['ward', 'Portland', null]]);
    expect(importChanges(db, report.importId, 0)).toEqual({ records: 1, changes: [], more: 1 });
  });

  it('the same at scale (record keys checked in memory, indexes rebuilt): a narrow re-extract of 25,000 records changes only what it changed', async () => {
    const records = [...generateDistrictRecords({ seed: 11, records: 25_000 })];
    const db = createWorkbench(SQL);
    await importOne(db, { name: 'full.csv', bytes: new TextEncoder().encode(districtCsv(records)) });
    const before = recordsByRef(db);
    const moved = new Set(records.filter((_, i) => i % 1000 === 7).map((r) => r.record_ref));
    const narrowLines = ['record_ref,record_type,committed_date,crime_type,district', ...records.map((r) => {
      const committed = moved.has(r.record_ref) ? shiftedDate(r.committed_date) : r.committed_date;
      return [r.record_ref, r.record_type, committed, r.crime_type, r.district].map(csvCell).join(',');
    })];
    const report = await importOne(db, csvFile('narrow.csv', narrowLines));
    expect(report).toMatchObject({ read: 25_000, accepted: 0, rejected: 0, updated: moved.size, duplicate: 25_000 - moved.size });
    const after = recordsByRef(db);
    let unchanged = 0;
    for (const [key, row] of before) if (JSON.stringify(after.get(key)) === JSON.stringify(row)) unchanged++;
    expect(unchanged).toBe(25_000 - moved.size);
    // Removing the narrow extract puts every record back exactly as the full one had it.
    expect(removeImport(db, report.importId)).toEqual({ removed: 0, restored: moved.size });
    expect(recordsByRef(db)).toEqual(before);
  });
});

describe('removing an import that updated records', () => {
  it('puts the records it updated back as the earlier import had them and removes only those it brought', async () => {
    const header = FULL_HEADER;
    const db = createWorkbench(SQL);
    const april = await importOne(db, csvFile('april.csv', [
      header,
      'A1,01/04/2024,Shoplifting,Mansfield,Portland,V-1,30,F,N',
      'A2,02/04/2024,Robbery,Mansfield,Portland,V-2,40,M,N',
    ]));
    const onlyApril = recordsByRef(db);
    const pivotOf = () => runPivot(db, { rows: ['crime_type'], columns: ['district'], filters: [], measure: 'count' });
    const aprilPivot = pivotOf();
    const corrected = await importOne(db, csvFile('corrected.csv', [
      header,
      'A1,01/04/2024,Theft from the person,Mansfield,Portland,V-9,31,F,Y',
      'A3,03/04/2024,Burglary Dwelling,Mansfield,Portland,V-3,50,M,N',
    ]));
    expect(corrected).toMatchObject({ accepted: 1, updated: 1 });
    const entry = workbenchInfo(db).imports.find((i) => i.id === corrected.importId);
    expect(entry).toMatchObject({ records: 2, restorable: 1 });
    expect(removeImport(db, corrected.importId)).toEqual({ removed: 1, restored: 1 });
    expect(recordsByRef(db)).toEqual(onlyApril);
    expect(pivotOf()).toEqual(aprilPivot);
    const info = workbenchInfo(db);
    expect(info.records).toBe(2);
    expect(info.imports.map((i) => [i.file, i.records, i.restorable])).toEqual([['april.csv', 2, 0]]);
    // Its change log went with it; nothing is left to restore.
    expect(rows(db, 'SELECT COUNT(*) FROM record_change')).toEqual([[0]]);
    expect(rows(db, 'SELECT COUNT(*) FROM record_before')).toEqual([[0]]);
    expect(removeImport(db, april.importId)).toEqual({ removed: 2, restored: 0 });
    expect(workbenchInfo(db).records).toBe(0);
  });

  it('records put back are flagged for near repeats again, though the record count and the last import are the same', async () => {
    const db = createWorkbench(SQL);
    await importOne(db, csvFile('april.csv', [FULL_HEADER, 'A1,01/04/2024,Burglary Dwelling,Mansfield,Portland,V-1,30,F,N']));
    const moved = await importOne(db, csvFile('moved.csv', ['record_ref,committed_date,crime_type,district', 'A1,20/04/2024,Burglary Dwelling,Mansfield']));
    await importOne(db, csvFile('may.csv', [FULL_HEADER, 'M1,02/05/2024,Robbery,Mansfield,Portland,V-2,40,M,N']));
    refreshNearRepeatColumn(db);
    expect(isNearRepeatColumnCurrent(db)).toBe(true);
    expect(removeImport(db, moved.importId)).toEqual({ removed: 0, restored: 1 });
    // A1 is back on 1 April: flags worked out for 20 April no longer hold.
    expect(isNearRepeatColumnCurrent(db)).toBe(false);
  });

  it('a police.uk month re-issued with new outcomes: removing the re-issue puts the first outcomes back', async () => {
    const header = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
    const line = (id: string, outcome: string) => `${id},2023-02,Nottinghamshire Police,Nottinghamshire Police,-1.19,53.14,On or near High Street,E01028350,Mansfield 001A,Burglary,${outcome},`;
    const db = createWorkbench(SQL);
    await importOne(db, csvFile('2023-02-nottinghamshire-street.csv', [header, line('aa11', 'Under investigation'), line('bb22', 'Under investigation')]));
    const first = recordsByRef(db);
    const reissue = await importOne(db, csvFile('2023-02-nottinghamshire-street (reissued).csv', [header, line('aa11', 'Unable to prosecute suspect'), line('bb22', 'Under investigation')]));
    expect(reissue).toMatchObject({ updated: 1, duplicate: 1 });
    expect(removeImport(db, reissue.importId)).toEqual({ removed: 0, restored: 1 });
    expect(recordsByRef(db)).toEqual(first);
  });

  it('any order of imports and removals leaves each record as the latest surviving import that changed it had it (property)', async () => {
    const refs = ['R1', 'R2', 'R3', 'R4'];
    const crimeTypes = ['Shoplifting', 'Robbery', 'Criminal damage'];
    const file = fc.array(fc.tuple(fc.constantFrom(...refs), fc.constantFrom(...crimeTypes), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 4 })
      .map((entries) => [...new Map(entries.map(([ref, type, day]) => [ref, { type, day }]))]);
    const step = fc.oneof(
      fc.record({ op: fc.constant('import' as const), rows: file }),
      fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const db = createWorkbench(SQL);
        // The model: per reference, the versions of the imports that inserted or changed it, oldest first.
        const versions = new Map<string, { importId: number; content: string }[]>();
        const live: number[] = [];
        let n = 0;
        for (const s of steps) {
          if (s.op === 'import') {
            const name = `extract-${++n}.csv`;
            const { importId } = await importOne(db, csvFile(name, ['record_ref,committed_date,crime_type,district', ...s.rows.map(([ref, { type, day }]) => `${ref},0${day}/04/2024,${type},Mansfield`)]));
            live.push(importId);
            for (const [ref, { type, day }] of s.rows) {
              const content = `${type}/${day}`;
              const chain = versions.get(ref) ?? [];
              if (chain.at(-1)?.content !== content) chain.push({ importId, content });
              versions.set(ref, chain);
            }
          } else if (live.length > 0) {
            const [importId] = live.splice(s.pick % live.length, 1);
            if (importId === undefined) continue;
            removeImport(db, importId);
            for (const [ref, chain] of versions) versions.set(ref, chain.filter((v) => v.importId !== importId));
          }
          const expected = [...versions]
            .filter(([, chain]) => chain.length > 0)
            .map(([ref, chain]) => [ref, chain.at(-1)?.importId, chain.at(-1)?.content])
            .sort();
          const actual = rows(db, `SELECT r.import_id, c.name || '/' || (r.day - ${dayOf(2024, 4, 1) - 1}) FROM record r JOIN crime_type c ON c.id = r.crime_type_id ORDER BY r.id`);
          const refsNow = rows(db, 'SELECT hex(record_key) FROM record ORDER BY id').map((row) => String(row[0]));
          const byKey = new Map(refs.map((ref) => [keyHexOf(ref), ref]));
          const seen = actual.map((row, i) => [byKey.get(refsNow[i] ?? ''), Number(row[0]), String(row[1])]).sort();
          expect(seen).toEqual(expected);
          expect(workbenchInfo(db).records).toBe(expected.length);
        }
      }),
      { numRuns: 60 },
    );
  });
});

/** A dd/mm/yyyy[ HH:MM] date moved on one day (the 28th at most, so it stays in its month). */
function shiftedDate(date: string): string {
  const match = /^(\d{2})\/(\d{2}\/\d{4})(.*)$/.exec(date);
  if (match === null) throw new Error(`unexpected date ${date}`);
  const day = Number(match[1]);
  return `${String(day >= 28 ? day - 1 : day + 1).padStart(2, '0')}/${match[2]}${match[3]}`;
}

function csvCell(value: DistrictRecord[keyof DistrictRecord]): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** The stored key of a district reference (the digest of "district", a record separator and the reference), in hex as SQLite prints it. */
function keyHexOf(ref: string): string {
  return Buffer.from(digest128(`district\u001e${ref}`)).toString('hex').toUpperCase();
}
