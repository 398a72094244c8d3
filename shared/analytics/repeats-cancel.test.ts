/**
 * Progress and Cancel for the long repeat analyses as the worker runs them
 * (the async forms): a cancel at any step of the near-repeat flag refill
 * leaves every record's near_repeat value and the saved settings exactly as
 * before; top victims and repeat locations stop with 'cancelled' and, run to
 * the end, equal the one-shot forms the CLI uses.
 */
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { districtCsv, generateDistrictRecords } from '../generator';
import { importFiles } from '../import/import-files';
import { readMeta } from '../schema';
import { createWorkbench } from '../workbench';
import { nearRepeatFlagSettings, refreshNearRepeatColumn, refreshNearRepeatColumnAsync } from './near-repeat-column';
import { WorkbenchService } from '../service';
import { repeatLocationsAsync, repeatLocationsFromStore, repeatsFromStore, repeatsFromStoreAsync, topRepeatVictims, topRepeatVictimsAsync } from './repeats-store';

let SQL: Awaited<ReturnType<typeof loadSqlJs>>;
let db: Database;
let crimeTypes: string[];

/** Every record's flag, in id order, and the meta rows that say how they were filled. */
function snapshot(database: Database): { flags: unknown[]; settings: string | null; signature: string | null } {
  return {
    flags: (database.exec('SELECT id, near_repeat FROM record ORDER BY id')[0]?.values ?? []).map((r) => `${String(r[0])}:${String(r[1])}`),
    settings: readMeta(database, 'near_repeat_settings'),
    signature: readMeta(database, 'near_repeat_signature'),
  };
}

/** Cancels once `after` progress reports have arrived; counts the reports. */
function cancelAfter(after: number): { isCancelled: () => boolean; onProgress: () => void; reports: () => number } {
  let reports = 0;
  return { isCancelled: () => reports >= after, onProgress: () => void reports++, reports: () => reports };
}

beforeAll(async () => {
  SQL = await loadSqlJs();
  db = createWorkbench(SQL);
  const rows = [...generateDistrictRecords({ seed: 11, records: 50_000, districts: ['Nottingham City'] })];
  await importFiles(db, [{ name: 'district-city.csv', bytes: new TextEncoder().encode(districtCsv(rows)) }], { kind: 'district' });
  crimeTypes = (db.exec('SELECT name FROM crime_type ORDER BY name')[0]?.values ?? []).map((r) => String(r[0]));
}, 120_000);

describe('near-repeat flag refill with Cancel', () => {
  it('a cancel at any step leaves every near_repeat value and the settings exactly as before', async () => {
    const before = snapshot(db);
    // Every crime type, so one type has more records than a write chunk and the cancel can land mid-write.
    const change = { crimeTypes, flagSpace: 400, flagDays: 14 };
    const full = cancelAfter(Number.POSITIVE_INFINITY);
    // Count the steps of an uncancelled run on a copy, so the real workbench is only ever cancelled.
    const probe = new SQL.Database(db.export());
    await refreshNearRepeatColumnAsync(probe, change, full);
    const steps = full.reports();
    expect(steps).toBeGreaterThan(4);
    // The refill with these settings does change flags, so "unchanged" below means the cancel worked.
    expect(snapshot(probe).flags).not.toEqual(before.flags);
    probe.close();
    for (const after of [1, 2, Math.floor(steps / 2), steps - 1]) {
      const cancel = cancelAfter(after);
      await expect(refreshNearRepeatColumnAsync(db, change, cancel)).rejects.toMatchObject({ code: 'cancelled' });
      expect(snapshot(db)).toEqual(before);
      expect(nearRepeatFlagSettings(db)).toMatchObject({ crimeTypes: null, flagSpace: 200, flagDays: 7 });
    }
    // The workbench still works after the rollbacks: an uncancelled refill equals the one-shot form.
    const reports: number[] = [];
    const summary = await refreshNearRepeatColumnAsync(db, change, { onProgress: (done, total) => reports.push(done / total) });
    const afterAsync = snapshot(db);
    expect(refreshNearRepeatColumn(db, change)).toEqual(summary);
    expect(snapshot(db)).toEqual(afterAsync);
    expect(reports).toEqual([...reports].sort((a, b) => a - b));
    expect(reports.every((r) => r >= 0 && r <= 1)).toBe(true);
    refreshNearRepeatColumn(db, { crimeTypes: null, flagSpace: 200, flagDays: 7 });
    expect(snapshot(db).flags).toEqual(before.flags);
  }, 120_000);
});

describe('top victims and repeat locations with Cancel', () => {
  const request = { group: 'all' as const, filters: [], top: 15 };

  it('top victims: cancelled mid-run it stops; run to the end it equals the one-shot list', async () => {
    const full = cancelAfter(Number.POSITIVE_INFINITY);
    const listed = await topRepeatVictimsAsync(db, request, full);
    expect(listed).toEqual(topRepeatVictims(db, request));
    expect(listed.length).toBe(15);
    expect(full.reports()).toBeGreaterThanOrEqual(2);
    await expect(topRepeatVictimsAsync(db, request, cancelAfter(1))).rejects.toMatchObject({ code: 'cancelled' });
  }, 60_000);

  it('repeat locations: cancelled mid-run it stops; run to the end it equals the one-shot result', async () => {
    const full = cancelAfter(Number.POSITIVE_INFINITY);
    const out = await repeatLocationsAsync(db, { ...request, gridSize: 100 }, full);
    expect(out).toEqual(repeatLocationsFromStore(db, { ...request, gridSize: 100 }));
    expect(out.repeat_locations).toBeGreaterThan(0);
    expect(full.reports()).toBeGreaterThanOrEqual(2);
    await expect(repeatLocationsAsync(db, { ...request, gridSize: 100 }, cancelAfter(1))).rejects.toMatchObject({ code: 'cancelled' });
  }, 60_000);
});

describe('repeat victims (repeats/run) with Cancel', () => {
  // More records than one read step (20,000) in each period, so a cancel can land mid-read.
  let many: Database;
  beforeAll(async () => {
    many = createWorkbench(SQL);
    const rows = [...generateDistrictRecords({ seed: 12, records: 150_000, districts: ['Nottingham City'] })];
    await importFiles(many, [{ name: 'district-city.csv', bytes: new TextEncoder().encode(districtCsv(rows)) }], { kind: 'district' });
  }, 120_000);
  // From the second year on (so more records than one read step); the year before is the same span a year
  // earlier, still inside the data (a span starting before the data would have no comparison).
  const request = { group: 'all' as const, windowDays: 365, by: ['district' as const], filters: [], from: '2020-04' };

  it('through the service: a cancel at any step returns a cancelled error and leaves the workbench byte for byte as it was', async () => {
    const service = new WorkbenchService(SQL);
    await service.dispatch('workbench/open', { bytes: many.export(), fileName: 'cancel.workbench' }, { isCancelled: () => false, emit: () => undefined });
    // Compared as one Buffer (an element-by-element toEqual over megabytes takes minutes).
    const bytes = (): Buffer => Buffer.from(service.database.export());
    const before = bytes();
    // Progress arrives as 'repeats/progress' events, in order, from 0 to the end.
    const reports: { done: number; total: number }[] = [];
    const full = await service.dispatch('repeats/run', request, {
      isCancelled: () => false,
      emit: (name, payload) => {
        expect(name).toBe('repeats/progress');
        if ('done' in payload && 'total' in payload) reports.push({ done: payload.done, total: payload.total });
      },
    });
    // An independent count: the one-shot form (the CLI's) over the same records.
    expect(full).toEqual(repeatsFromStore(many, request));
    expect(full.reduce((n, r) => n + r.repeat_victims, 0)).toBeGreaterThan(0);
    expect(full.some((r) => (r.previous_victims ?? 0) > 0)).toBe(true);
    const fractions = reports.map((r) => r.done / r.total);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    // Both periods are read in steps, so a cancel can land while either is read.
    expect(reports.length).toBeGreaterThan(4);
    expect(reports.some((r) => r.done > 0 && r.done < r.total / 2)).toBe(true);
    for (const after of [1, 2, Math.floor(reports.length / 2), reports.length - 1]) {
      let seen = 0;
      await expect(
        service.dispatch('repeats/run', request, { isCancelled: () => seen >= after, emit: () => void seen++ }),
      ).rejects.toMatchObject({ code: 'cancelled', message: 'Repeat victimisation cancelled.' });
      expect(bytes().equals(before)).toBe(true);
    }
    // The workbench still answers after the cancels.
    expect(await service.dispatch('repeats/run', request, { isCancelled: () => false, emit: () => undefined })).toEqual(full);
  }, 60_000);

  it('the async form equals the one-shot form, and refuses a group with no dated records the same way', async () => {
    expect(await repeatsFromStoreAsync(db, { ...request, by: [] }, {})).toEqual(repeatsFromStore(db, { ...request, by: [] }));
    const empty = createWorkbench(SQL);
    await expect(repeatsFromStoreAsync(empty, request, {})).rejects.toThrow(/No dated records in this group/);
    expect(() => repeatsFromStore(empty, request)).toThrow(/No dated records in this group/);
  }, 60_000);
});
