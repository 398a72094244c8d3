/**
 * The near_repeat pivot dimension against brute-force flagging of the
 * generated source rows: Yes / No / Not assessed per crime type, for the
 * defaults (burglary types, 200 m, 7 days) and after a rerun with others.
 */
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { type GeneratedDistrictRecord, districtCsv, generateDistrictRecords } from '../generator';
import { importFiles } from '../import/import-files';
import { removeImport, workbenchInfo } from '../info';
import { pivotExportTable } from '../export/pivot-table';
import { runPivot } from '../pivot/run-pivot';
import { SCHEMA_VERSION, META_KEYS, readMeta, writeMeta } from '../schema';
import { createWorkbench, openWorkbench } from '../workbench';
import { isNearRepeatColumnCurrent, nearRepeatFlagSettings, nearRepeatFlagState, refreshNearRepeatColumn } from './near-repeat-column';

let SQL: Awaited<ReturnType<typeof loadSqlJs>>;
let db: Database;
let rows: GeneratedDistrictRecord[];

/** "dd/mm/yyyy[ HH:MM]" to a day number, independently of the importer. */
function dayOf(text: string): number {
  const [d, m, y] = text.slice(0, 10).split('/').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / 86_400_000;
}

/** Per crime type: Yes / No / Not assessed counts by the definition, pair by pair. */
function bruteFlags(records: readonly GeneratedDistrictRecord[], assessed: (type: string) => boolean, space: number, days: number): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const add = (type: string, label: string): void => {
    const m = out.get(type) ?? new Map<string, number>();
    m.set(label, (m.get(label) ?? 0) + 1);
    out.set(type, m);
  };
  const byType = new Map<string, GeneratedDistrictRecord[]>();
  for (const r of records) {
    if (!assessed(r.crime_type)) {
      add(r.crime_type, 'Not assessed');
      continue;
    }
    byType.set(r.crime_type, [...(byType.get(r.crime_type) ?? []), r]);
  }
  for (const [type, list] of byType) {
    list.forEach((a, i) => {
      const follows = list.some((b, j) => {
        if (i === j) return false;
        const dt = dayOf(a.committed_date) - dayOf(b.committed_date);
        return dt >= 0 && dt < days && Math.hypot(a.easting - b.easting, a.northing - b.northing) < space;
      });
      add(type, follows ? 'Yes' : 'No');
    });
  }
  return out;
}

function pivotFlags(database: Database): Map<string, Map<string, number>> {
  const result = runPivot(database, { rows: ['crime_type'], columns: ['near_repeat'], measure: 'count', filters: [] });
  const out = new Map<string, Map<string, number>>();
  for (const row of result.rows) {
    const m = new Map<string, number>();
    result.columns.forEach((labels, j) => {
      const v = row.values[j];
      if (typeof v === 'number' && v > 0) m.set(labels[0] ?? '', v);
    });
    out.set(row.key[0] ?? '', m);
  }
  return out;
}

const isBurglary = (type: string): boolean => /burglary/i.test(type);

beforeAll(async () => {
  SQL = await loadSqlJs();
  db = createWorkbench(SQL);
  rows = [...generateDistrictRecords({ seed: 5, records: 40_000, districts: ['Nottingham City'] })];
  const [report] = await importFiles(db, [{ name: 'district-city.csv', bytes: new TextEncoder().encode(districtCsv(rows)) }], { kind: 'district' });
  expect(report?.accepted).toBe(rows.length);
}, 120_000);

describe('near_repeat as a pivot dimension', () => {
  it('is filled in the import: the pivot by crime type and near_repeat equals brute force (burglary types, 200 m, 7 days)', () => {
    const expected = bruteFlags(rows, isBurglary, 200, 7);
    expect(pivotFlags(db)).toEqual(expected);
    // The planted near repeats are there to find.
    expect(expected.get('Burglary Dwelling')?.get('Yes') ?? 0).toBeGreaterThan(10);
  });

  it('reruns with other settings and crime types, and the pivot follows', () => {
    const summary = refreshNearRepeatColumn(db, { crimeTypes: ['Burglary Dwelling', 'Criminal damage'], flagSpace: 100, flagDays: 3 });
    const assessed = (t: string): boolean => t === 'Burglary Dwelling' || t === 'Criminal damage';
    const expected = bruteFlags(rows, assessed, 100, 3);
    expect(pivotFlags(db)).toEqual(expected);
    expect(summary.flagged).toBe([...expected.values()].reduce((n, m) => n + (m.get('Yes') ?? 0), 0));
    expect(nearRepeatFlagSettings(db)).toMatchObject({ flagSpace: 100, flagDays: 3 });
    // A filter on the dimension works too.
    const yes = runPivot(db, { rows: ['crime_type'], columns: [], measure: 'count', filters: [{ dimension: 'near_repeat', values: ['Yes'] }] });
    expect(yes.grandTotal).toBe(summary.flagged);
    refreshNearRepeatColumn(db, { crimeTypes: null, flagSpace: 200, flagDays: 7 });
    expect(pivotFlags(db)).toEqual(bruteFlags(rows, isBurglary, 200, 7));
  });

  it('is refilled when the records change (an import removed) and for an older workbench without the column', async () => {
    const copy = openWorkbench(SQL, db.export(), 'copy.workbench');
    const extra = [...generateDistrictRecords({ seed: 6, records: 8_000, districts: ['Gedling'] })];
    await importFiles(copy, [{ name: 'district-gedling.csv', bytes: new TextEncoder().encode(districtCsv(extra)) }], { kind: 'district' });
    expect(pivotFlags(copy)).toEqual(bruteFlags([...rows, ...extra], isBurglary, 200, 7));
    const lastImport = Number(copy.exec('SELECT MAX(id) FROM import')[0]?.values[0]?.[0]);
    removeImport(copy, lastImport);
    expect(isNearRepeatColumnCurrent(copy)).toBe(false);
    expect(pivotFlags(copy)).toEqual(bruteFlags(rows, isBurglary, 200, 7));

    // A schema 1 file: no near_repeat column. Opening migrates it; the first pivot by near_repeat fills it.
    const old = openWorkbench(SQL, db.export(), 'old.workbench');
    old.run('ALTER TABLE record DROP COLUMN near_repeat');
    // Nor the record references schema 4 added.
    old.run('ALTER TABLE record DROP COLUMN record_ref');
    // ... and the population table as schema 1 had it (no age ranges), so every migration since runs.
    old.run(`
      DROP VIEW population_all_ages;
      DROP INDEX population_identity;
      ALTER TABLE population DROP COLUMN min_age;
      ALTER TABLE population DROP COLUMN max_age;
      CREATE UNIQUE INDEX population_identity ON population (area_key, year, IFNULL(age, -1), IFNULL(age_band_id, -1), IFNULL(sex, 0));
      CREATE VIEW population_all_ages AS SELECT area_key, year, sex, SUM(population) AS population FROM population GROUP BY area_key, year, sex;
    `);
    old.run("DELETE FROM meta WHERE key LIKE 'near_repeat_%'");
    writeMeta(old, META_KEYS.schemaVersion, '1');
    const reopened = openWorkbench(SQL, old.export(), 'old.workbench');
    expect(readMeta(reopened, META_KEYS.schemaVersion)).toBe(String(SCHEMA_VERSION));
    expect(pivotFlags(reopened)).toEqual(bruteFlags(rows, isBurglary, 200, 7));
  }, 120_000);

  it('keeps the counts it filled, so the Repeats tab need not scan the records: always the counts of the flags as stored', async () => {
    const scanned = (database: Database): { assessed: number; flagged: number } => {
      const row = database.exec('SELECT COUNT(*), TOTAL(near_repeat) FROM record WHERE near_repeat IS NOT NULL')[0]?.values[0];
      return { assessed: Number(row?.[0]), flagged: Number(row?.[1]) };
    };
    const copy = openWorkbench(SQL, db.export(), 'counts.workbench');
    refreshNearRepeatColumn(copy, { crimeTypes: ['Burglary Dwelling'], flagSpace: 150, flagDays: 5 });
    expect(nearRepeatFlagState(copy)).toMatchObject(scanned(copy));
    expect(scanned(copy).flagged).toBeGreaterThan(0);

    // An import fills its records' flags and the kept counts follow.
    const extra = [...generateDistrictRecords({ seed: 9, records: 4_000, districts: ['Nottingham City'] })];
    await importFiles(copy, [{ name: 'district-more.csv', bytes: new TextEncoder().encode(districtCsv(extra)) }], { kind: 'district' });
    expect(nearRepeatFlagState(copy)).toMatchObject(scanned(copy));

    // Records removed: the flags are out of date, and no count is given rather than the old one.
    removeImport(copy, Number(copy.exec('SELECT MAX(id) FROM import')[0]?.values[0]?.[0]));
    expect(nearRepeatFlagState(copy)).toMatchObject({ assessed: null, flagged: null });

    // A workbench filled before the counts were kept counts them.
    refreshNearRepeatColumn(copy);
    const older = openWorkbench(SQL, copy.export(), 'older.workbench');
    older.run("DELETE FROM meta WHERE key = 'near_repeat_counts'");
    expect(nearRepeatFlagState(older)).toMatchObject(scanned(older));
    // Counts kept for other records (a signature that no longer matches) are not used.
    older.run("INSERT INTO meta (key, value) VALUES ('near_repeat_counts', '{\"signature\":\"0:0:{}\",\"assessed\":1,\"flagged\":1}')");
    expect(nearRepeatFlagState(older)).toMatchObject(scanned(older));
  }, 120_000);

  it('a pivot by Near repeat says what Yes means, with the settings the flags were filled with, under the grid and in the export header', () => {
    const copy = openWorkbench(SQL, db.export(), 'note.workbench');
    const noteOf = (spec: Parameters<typeof runPivot>[1]): string[] => runPivot(copy, spec).notes.filter((n) => n.startsWith('Near repeat:'));
    refreshNearRepeatColumn(copy, { crimeTypes: ['Burglary Dwelling', 'Criminal damage'], flagSpace: 150, flagDays: 5 }, { now: new Date('2026-11-03T10:00:00Z') });
    const inRows = noteOf({ rows: ['near_repeat'], columns: [], measure: 'count', filters: [] });
    expect(inRows).toEqual([
      'Near repeat: Yes is a Burglary Dwelling or Criminal damage record that followed another of the same crime type within 150 m and 5 days (settings chosen 3 Nov 2026); No, one assessed that did not; Not assessed, any other crime type or a record without a date or position.',
    ]);
    // As a filter or a column, and with a measure over periods, too.
    expect(noteOf({ rows: ['district'], columns: [], measure: 'count', filters: [{ dimension: 'near_repeat', values: ['Yes'] }] })).toEqual(inRows);
    expect(noteOf({ rows: ['crime_type'], columns: ['near_repeat'], measure: 'share_row', filters: [] })).toEqual(inRows);
    expect(noteOf({ rows: ['near_repeat'], columns: ['month'], measure: 'change_prev', filters: [] })).toEqual(inRows);
    // The export's header block carries it, as every note under the grid.
    const exported = pivotExportTable(runPivot(copy, { rows: ['near_repeat'], columns: [], measure: 'count', filters: [] }), workbenchInfo(copy));
    expect(exported.header).toContain(`Note: ${inRows[0] ?? ''}`);
    // A pivot without it says nothing of near repeats.
    expect(noteOf({ rows: ['crime_type'], columns: [], measure: 'count', filters: [] })).toEqual([]);
    // Back to the defaults' wording when the flags were never chosen.
    const fresh = openWorkbench(SQL, db.export(), 'fresh.workbench');
    fresh.run("DELETE FROM meta WHERE key LIKE 'near_repeat_%'");
    const defaults = runPivot(fresh, { rows: ['near_repeat'], columns: [], measure: 'count', filters: [] }).notes;
    expect(defaults).toContain(
      'Near repeat: Yes is a Burglary Business and Community or Burglary Dwelling record that followed another of the same crime type within 200 m and 7 days (the defaults); No, one assessed that did not; Not assessed, any other crime type or a record without a date or position.',
    );
  });

  it('police.uk-style records without a day are Not assessed', async () => {
    const p = createWorkbench(SQL);
    const csv = [
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
      'a1,2023-01,Nottinghamshire Police,Nottinghamshire Police,-1.16,52.96,On or near Forest Road,E01013851,Nottingham 001A,Burglary,Under investigation,',
      'a2,2023-01,Nottinghamshire Police,Nottinghamshire Police,-1.16,52.96,On or near Forest Road,E01013851,Nottingham 001A,Burglary,Under investigation,',
    ].join('\n');
    await importFiles(p, [{ name: '2023-01-nottinghamshire-street.csv', bytes: new TextEncoder().encode(csv) }]);
    const result = runPivot(p, { rows: ['near_repeat'], columns: [], measure: 'count', filters: [] });
    expect(result.rows.map((r) => [r.key[0], r.total])).toEqual([['Not assessed', 2]]);
  });
});
