/**
 * The near-repeat flag settings live in the workbench: a refill at 150 m is
 * read back after save and reopen (with the day it was chosen), and a later
 * import flags its new records at 150 m too, not at the 200 m default:
 * planted burglaries 170 m apart are No, 120 m apart Yes.
 */
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { type GeneratedDistrictRecord, districtCsv, generateDistrictRecords } from '../generator';
import { importFiles } from '../import/import-files';
import { createWorkbench, exportWorkbench, openWorkbench } from '../workbench';
import { type NearRepeatFlagSettings, nearRepeatFlagSettings, nearRepeatFlagState, refreshNearRepeatColumn, refreshNearRepeatColumnAsync } from './near-repeat-column';
import { nearRepeatFlagText, nearRepeatPivotNote } from './near-repeat-flag-text';

let SQL: Awaited<ReturnType<typeof loadSqlJs>>;
let base: GeneratedDistrictRecord[];

beforeAll(async () => {
  SQL = await loadSqlJs();
  base = [...generateDistrictRecords({ seed: 21, records: 3_000, districts: ['Nottingham City'] })];
});

async function importRecords(db: Database, name: string, records: readonly GeneratedDistrictRecord[]): Promise<number> {
  const [report] = await importFiles(db, [{ name, bytes: new TextEncoder().encode(districtCsv(records)) }], { kind: 'district' });
  expect(report?.accepted).toBe(records.length);
  return Number(db.exec('SELECT MAX(id) FROM import')[0]?.values[0]?.[0]);
}

/**
 * Two pairs of burglaries in 2019 (before any generated record, so nothing
 * else is near in time): each pair's second event 2 days after the first,
 * one pair 170 m apart, the other 120 m apart, far from each other.
 */
function planted(template: GeneratedDistrictRecord): GeneratedDistrictRecord[] {
  const at = (ref: string, date: string, easting: number, northing: number): GeneratedDistrictRecord => ({
    ...template,
    record_ref: ref,
    committed_date: `${date} 10:00`,
    reported_date: `${date} 12:00`,
    crime_type: 'Burglary Dwelling',
    easting,
    northing,
  });
  const e = template.easting;
  const n = template.northing;
  return [
    at('PLANT-170-A', '01/06/2019', e, n),
    at('PLANT-170-B', '03/06/2019', e + 170, n),
    at('PLANT-120-A', '01/06/2019', e, n + 5_000),
    at('PLANT-120-B', '03/06/2019', e + 120, n + 5_000),
  ];
}

/** Flags of one import's records by easting offset and day order: 'A170', 'B170', 'A120', 'B120'. */
function plantedFlags(db: Database, importId: number, template: GeneratedDistrictRecord): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const row of db.exec('SELECT easting, northing, day, near_repeat FROM record WHERE import_id = ? ORDER BY day, easting', [importId])[0]?.values ?? []) {
    const gap = Number(row[1]) === template.northing ? '170' : '120';
    const first = Number(row[0]) === template.easting;
    out[`${first ? 'A' : 'B'}${gap}`] = row[3] === null ? null : Number(row[3]);
  }
  return out;
}

describe('near-repeat flag settings kept in the workbench', () => {
  it('a 150 m refill is read back after save and reopen, and a later import flags new records at 150 m', async () => {
    const db = createWorkbench(SQL);
    await importRecords(db, 'district-city.csv', base);
    // Never refilled: the defaults, filled on import.
    const before = nearRepeatFlagState(db);
    expect(before).toMatchObject({ settings: { crimeTypes: null, flagSpace: 200, flagDays: 7 }, setAt: null });
    expect(nearRepeatFlagText(before)).toMatch(/^Near repeat flags: .*Burglary Dwelling.*, within 200 m and 7 days, the defaults, filled on import/);

    const summary = refreshNearRepeatColumn(db, { crimeTypes: ['Burglary Dwelling'], flagSpace: 150, flagDays: 7 }, { now: new Date('2026-12-01T20:15:00Z') });
    const reopened = openWorkbench(SQL, exportWorkbench(db), 'reopened.workbench');
    const state = nearRepeatFlagState(reopened);
    expect(state).toEqual({
      settings: { crimeTypes: ['Burglary Dwelling'], flagSpace: 150, flagDays: 7, distance: 'euclidean' },
      setAt: '2026-12-01T20:15:00.000Z',
      crimeTypes: ['Burglary Dwelling'],
      assessed: summary.assessed,
      flagged: summary.flagged,
    });
    // The counts are the records' own flags, counted independently here.
    const counted = reopened.exec('SELECT COUNT(*), SUM(near_repeat = 1) FROM record WHERE near_repeat IS NOT NULL')[0]?.values[0];
    expect([Number(counted?.[0]), Number(counted?.[1])]).toEqual([summary.assessed, summary.flagged]);
    expect(nearRepeatFlagText(state)).toBe(
      `Near repeat flags: Burglary Dwelling, within 150 m and 7 days, refilled 1 Dec 2026 (${summary.flagged.toLocaleString('en-GB')} Yes of ${summary.assessed.toLocaleString('en-GB')} assessed). New imports are flagged the same way.`,
    );

    // An import after reopening fills its records with the saved 150 m, not the 200 m default.
    const template = base.find((r) => r.crime_type === 'Burglary Dwelling' && r.easting > 0) ?? base[0]!;
    const plantedImport = await importRecords(reopened, 'district-planted.csv', planted(template));
    expect(plantedFlags(reopened, plantedImport, template)).toEqual({ A170: 0, B170: 0, A120: 0, B120: 1 });
    const after = nearRepeatFlagState(reopened);
    expect(after.settings).toEqual(state.settings);
    // The import is not the analyst's choice: the day stays the refill's.
    expect(after.setAt).toBe(state.setAt);
    expect(after.assessed).toBe(summary.assessed + 4);
    expect(after.flagged).toBe(summary.flagged + 1);

    // A cancelled refill with other settings leaves the settings, their day and the flags as they were.
    // (Cancelled at the first check, after the old flags are cleared: a small workbench has few steps.)
    await expect(
      refreshNearRepeatColumnAsync(reopened, { flagSpace: 400 }, { isCancelled: () => true, now: new Date('2026-12-02T09:00:00Z') }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(nearRepeatFlagState(reopened)).toEqual(after);
  }, 60_000);

  it('control: at the default 200 m the same planted pairs are both flagged', async () => {
    const db = createWorkbench(SQL);
    await importRecords(db, 'district-city.csv', base);
    const template = base.find((r) => r.crime_type === 'Burglary Dwelling' && r.easting > 0) ?? base[0]!;
    const plantedImport = await importRecords(db, 'district-planted.csv', planted(template));
    expect(plantedFlags(db, plantedImport, template)).toEqual({ A170: 0, B170: 1, A120: 0, B120: 1 });
    expect(nearRepeatFlagSettings(db).flagSpace).toBe(200);
  }, 60_000);

  it('says when no record could be assessed (police.uk months, no days) and names other settings plainly', () => {
    const settings = { crimeTypes: null, flagSpace: 1_500, flagDays: 1, distance: 'manhattan' } satisfies NearRepeatFlagSettings;
    expect(nearRepeatFlagText({ settings, setAt: null, crimeTypes: ['Burglary'], assessed: 0, flagged: 0 })).toBe(
      'Near repeat flags: Burglary, within 1,500 m (Manhattan distance) and 1 day, chosen in an earlier version (no records assessed: each needs a date and a position). New imports are flagged the same way.',
    );
    // Settings with no day chosen are "the defaults" only when they are: builds before the day was kept saved chosen ones without it.
    expect(nearRepeatFlagText({ settings: { crimeTypes: null, flagSpace: 200, flagDays: 7, distance: 'euclidean' }, setAt: null, crimeTypes: ['Burglary'], assessed: 0, flagged: 0 })).toMatch(
      /within 200 m and 7 days, the defaults, filled on import/,
    );
    expect(nearRepeatPivotNote({ settings: { ...settings, crimeTypes: ['Burglary Dwelling'] }, setAt: null, crimeTypes: ['Burglary Dwelling'] })).toMatch(
      /^Near repeat: Yes is a Burglary Dwelling record that followed another of the same crime type within 1,500 m \(Manhattan distance\) and 1 day \(settings chosen in an earlier version\);/,
    );
    expect(nearRepeatPivotNote({ settings: { crimeTypes: null, flagSpace: 200, flagDays: 7, distance: 'euclidean' }, setAt: null, crimeTypes: ['Burglary'] })).toMatch(/\(the defaults\)/);
    expect(nearRepeatFlagText({ settings: { ...settings, crimeTypes: ['Robbery'] }, setAt: '2026-03-04T09:00:00.000Z', crimeTypes: [], assessed: null, flagged: null })).toBe(
      'Near repeat flags: Robbery (not in the workbench), within 1,500 m (Manhattan distance) and 1 day, refilled 4 Mar 2026. New imports are flagged the same way.',
    );
  });
});
