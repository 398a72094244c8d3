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
import { TOP_VICTIM_CHUNK, type RepeatsRequest, type TopVictim, repeatLocationsAsync, repeatLocationsFromStore, repeatsFromStore, repeatsFromStoreAsync, topRepeatVictims, topRepeatVictimsAsync } from './repeats-store';
import { dayToIsoDate, median, repeatVictimisation } from './repeats';
import { type Progress, RECORD_CHUNK, recordIdSpan } from './steps';

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

/** Runs to the end, keeping every progress report and counting the Cancel checks. */
function watched(): { options: { isCancelled: () => boolean; onProgress: (done: number, total: number) => void }; reports: Progress[]; checks: () => number } {
  const reports: Progress[] = [];
  let checks = 0;
  return {
    options: { isCancelled: () => (checks++, false), onProgress: (done, total) => void reports.push({ done, total }) },
    reports,
    checks: () => checks,
  };
}

/** The largest advance in `done` between two reports while it stays at or below `upTo` (a phase counted in record ids). */
function widestStep(reports: readonly Progress[], upTo: number): number {
  let widest = 0;
  for (let k = 0; k < reports.length && reports[k]!.done <= upTo; k++) widest = Math.max(widest, reports[k]!.done - (k === 0 ? 0 : reports[k - 1]!.done));
  return widest;
}

const GROUP_SQL = { domestic: 'r.domestic = 1', all: '1' } as const;

/** Repeat victims as one plain query per period and the pure count see them (by district and crime type). */
function referenceRepeats(database: Database, request: RepeatsRequest & { group: 'domestic' | 'all' }): unknown[] {
  const read = (from: number, to: number) =>
    (
      database.exec(
        `SELECT r.victim_pseudonym, r.day, d.name, ct.name FROM record r JOIN district d ON d.id = r.district_id JOIN crime_type ct ON ct.id = r.crime_type_id
         WHERE ${GROUP_SQL[request.group]} AND r.day IS NOT NULL AND r.month BETWEEN ? AND ?`,
        [from, to],
      )[0]?.values ?? []
    ).map((row) => ({ victimPseudonym: row[0] === null ? null : String(row[0]), day: Number(row[1]), district: String(row[2]), crime_type: String(row[3]) }));
  const monthOf = (text: string): number => Number(text.slice(0, 4)) * 12 + Number(text.slice(5, 7)) - 1;
  const span = database.exec(`SELECT MIN(r.month), MAX(r.month) FROM record r WHERE ${GROUP_SQL[request.group]} AND r.day IS NOT NULL`)[0]?.values[0];
  const from = request.from === undefined ? Number(span?.[0]) : monthOf(request.from);
  const to = request.to === undefined ? Number(span?.[1]) : monthOf(request.to);
  const options = { windowDays: request.windowDays ?? 365, by: request.by as ('district' | 'crime_type')[] };
  const earlier = new Map(repeatVictimisation(read(from - 12, to - 12), options).map((s) => [JSON.stringify(s.series), s]));
  const month = (m: number): string => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  return repeatVictimisation(read(from, to), options).map((s) => ({
    series: s.series,
    victims: s.victims,
    repeat_victims: s.repeatVictims,
    records: s.records,
    repeat_records: s.repeatRecords,
    days_to_repeat: s.daysToRepeat,
    period_from: month(from),
    period_to: month(to),
    previous_victims: earlier.get(JSON.stringify(s.series))?.victims ?? null,
    previous_repeat_victims: earlier.get(JSON.stringify(s.series))?.repeatVictims ?? null,
  }));
}

/** The most-repeated victims by brute force: every pair of a victim's records compared. */
function referenceTopVictims(database: Database, group: 'domestic' | 'all', windowDays: number, top: number): unknown[] {
  const rows = database.exec(
    `SELECT r.victim_pseudonym, r.day, r.id FROM record r WHERE ${GROUP_SQL[group]} AND r.day IS NOT NULL AND r.victim_pseudonym IS NOT NULL AND r.victim_pseudonym <> ''`,
  )[0]?.values ?? [];
  const byVictim = new Map<string, { day: number; id: number }[]>();
  for (const [victim, day, id] of rows) byVictim.set(String(victim), [...(byVictim.get(String(victim)) ?? []), { day: Number(day), id: Number(id) }]);
  const listed = [...byVictim]
    .map(([pseudonym, list]) => {
      list.sort((a, b) => a.day - b.day || a.id - b.id);
      const isRepeat = list.map((r, k) => list.some((o, j) => j !== k && Math.abs(o.day - r.day) <= windowDays));
      const gaps = list.slice(1).map((r, k) => r.day - list[k]!.day).filter((g) => g <= windowDays);
      return { pseudonym, records: list.length, repeat_records: isRepeat.filter(Boolean).length, last: list.at(-1)!.day, median_days_to_repeat: median(gaps), list, isRepeat };
    })
    .filter((v) => v.repeat_records > 0)
    .sort((a, b) => b.repeat_records - a.repeat_records || b.records - a.records || b.last - a.last || (a.pseudonym < b.pseudonym ? -1 : 1))
    .slice(0, top);
  return listed.map((v) => ({
    pseudonym: v.pseudonym,
    records: v.records,
    repeat_records: v.repeat_records,
    first_date: dayToIsoDate(v.list[0]!.day),
    last_date: dayToIsoDate(v.last),
    median_days_to_repeat: v.median_days_to_repeat,
    dates: v.list.map((r) => dayToIsoDate(r.day)),
    is_repeat: v.isRepeat,
  }));
}

const shownTop = (victims: TopVictim[]): unknown[] =>
  victims.map((v) => ({
    pseudonym: v.pseudonym,
    records: v.records,
    repeat_records: v.repeat_records,
    first_date: v.first_date,
    last_date: v.last_date,
    median_days_to_repeat: v.median_days_to_repeat,
    dates: v.details.map((d) => d.date),
    is_repeat: v.details.map((d) => d.is_repeat),
  }));

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
  // More records than one read step in each period, so a cancel can land mid-read.
  let many: Database;
  beforeAll(async () => {
    many = createWorkbench(SQL);
    // About 135k records in two districts: several ranges of RECORD_CHUNK ids.
    const rows = [...generateDistrictRecords({ seed: 12, records: 300_000, districts: ['Nottingham City', 'Mansfield'] })];
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

  it('reads at most RECORD_CHUNK record ids between Cancel checks, and counts as one plain query per period does', async () => {
    const span = recordIdSpan(many);
    const ids = span === null ? 0 : span.last - span.first + 1;
    const ranges = Math.ceil(ids / RECORD_CHUNK);
    // More ranges than one, so victims' records fall in several of them.
    expect(ranges).toBeGreaterThanOrEqual(4);
    const requests: (RepeatsRequest & { group: 'domestic' | 'all' })[] = [
      request,
      { group: 'domestic', windowDays: 200, by: ['district', 'crime_type'], filters: [], from: '2022-04', to: '2023-09' },
    ];
    for (const asked of requests) {
      const run = watched();
      const rows = await repeatsFromStoreAsync(many, asked, run.options);
      // Every report is followed by a check; the periods scan and both periods' reads each take every range.
      expect(run.checks()).toBe(run.reports.length);
      expect(run.checks()).toBeGreaterThanOrEqual(3 * ranges);
      expect(widestStep(run.reports, 3 * ids)).toBeLessThanOrEqual(RECORD_CHUNK);
      expect(
        rows.map((r) => ({
          series: r.series,
          victims: r.victims,
          repeat_victims: r.repeat_victims,
          records: r.records,
          repeat_records: r.repeat_records,
          days_to_repeat: r.days_to_repeat,
          period_from: r.period_from,
          period_to: r.period_to,
          previous_victims: r.previous_victims,
          previous_repeat_victims: r.previous_repeat_victims,
        })),
      ).toEqual(referenceRepeats(many, asked));
      expect(rows.reduce((n, r) => n + r.repeat_victims, 0)).toBeGreaterThan(0);
    }
  }, 60_000);

  it('top victims: at most RECORD_CHUNK ids read, or about TOP_VICTIM_CHUNK records summarised, between Cancel checks; the list brute force gives', async () => {
    const span = recordIdSpan(many);
    const ids = span === null ? 0 : span.last - span.first + 1;
    for (const group of ['all', 'domestic'] as const) {
      const run = watched();
      const listed = await topRepeatVictimsAsync(many, { group, filters: [], top: 25, windowDays: 300 }, run.options);
      expect(shownTop(listed)).toEqual(referenceTopVictims(many, group, 300, 25));
      expect(listed).toHaveLength(25);
      expect(run.checks()).toBe(run.reports.length);
      expect(run.checks()).toBeGreaterThanOrEqual(Math.ceil(ids / RECORD_CHUNK));
      expect(widestStep(run.reports, ids)).toBeLessThanOrEqual(RECORD_CHUNK);
      // Then victims are summarised in steps of TOP_VICTIM_CHUNK records (one victim's records never split).
      const inScope = Number(many.exec(`SELECT COUNT(*) FROM record r WHERE ${GROUP_SQL[group]} AND r.day IS NOT NULL AND r.victim_pseudonym <> ''`)[0]?.values[0]?.[0]);
      const longest = Number(many.exec(`SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM record r WHERE ${GROUP_SQL[group]} AND r.day IS NOT NULL AND r.victim_pseudonym <> '' GROUP BY r.victim_pseudonym)`)[0]?.values[0]?.[0]);
      expect(widestStep(run.reports, ids + inScope)).toBeLessThanOrEqual(TOP_VICTIM_CHUNK + longest);
      expect(run.reports.at(-1)).toEqual({ done: ids + inScope, total: ids + inScope + 1 });
    }
  }, 60_000);

  it('repeat locations: at most RECORD_CHUNK ids read between Cancel checks; the same places as the one-shot form', async () => {
    const span = recordIdSpan(many);
    const ids = span === null ? 0 : span.last - span.first + 1;
    const run = watched();
    const out = await repeatLocationsAsync(many, { group: 'all', filters: [], top: 10, gridSize: 50 }, run.options);
    expect(out).toEqual(repeatLocationsFromStore(many, { group: 'all', filters: [], top: 10, gridSize: 50 }));
    expect(out.records).toBe(Number(many.exec('SELECT COUNT(*) FROM record WHERE easting IS NOT NULL AND northing IS NOT NULL')[0]?.values[0]?.[0]));
    expect(run.checks()).toBeGreaterThanOrEqual(Math.ceil(ids / RECORD_CHUNK));
    expect(widestStep(run.reports, ids)).toBeLessThanOrEqual(RECORD_CHUNK);
    // A square is named after its first record (lowest id) in scope, whatever the filter: a month range no longer picks another.
    const later = repeatLocationsFromStore(many, { group: 'all', filters: [], top: 10, gridSize: 200, from: '2022-04' });
    for (const place of later.top) {
      const first = many.exec(
        `SELECT w.name FROM record r LEFT JOIN ward w ON w.id = r.ward_id
         WHERE r.month >= ? AND r.easting >= ? AND r.easting < ? AND r.northing >= ? AND r.northing < ? ORDER BY r.id LIMIT 1`,
        [2022 * 12 + 3, place.easting, (place.easting ?? 0) + 200, place.northing, (place.northing ?? 0) + 200],
      )[0]?.values[0]?.[0];
      expect(place.ward).toBe(first ?? null);
    }
  }, 60_000);

  it('a Cancel is heard at the next check: nothing more is reported after it', async () => {
    for (const after of [1, 3, 7]) {
      const repeats = cancelAfter(after);
      await expect(repeatsFromStoreAsync(many, request, repeats)).rejects.toMatchObject({ code: 'cancelled' });
      expect(repeats.reports()).toBe(after);
      const top = cancelAfter(after);
      await expect(topRepeatVictimsAsync(many, { group: 'all', filters: [] }, top)).rejects.toMatchObject({ code: 'cancelled' });
      expect(top.reports()).toBe(after);
    }
  }, 60_000);

  it('the async form equals the one-shot form, and refuses a group with no dated records the same way', async () => {
    expect(await repeatsFromStoreAsync(db, { ...request, by: [] }, {})).toEqual(repeatsFromStore(db, { ...request, by: [] }));
    const empty = createWorkbench(SQL);
    await expect(repeatsFromStoreAsync(empty, request, {})).rejects.toThrow(/No dated records in this group/);
    expect(() => repeatsFromStore(empty, request)).toThrow(/No dated records in this group/);
  }, 60_000);
});
