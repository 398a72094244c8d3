import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { createWorkbench } from '../workbench';
import { nearRepeatFromStore, repeatLocationsFromStore, repeatsFromStore, topRepeatVictims, topVictimsCsv } from './repeats-store';

let db: Database;

/** Records planted straight into the store: [victim, day, district id, domestic, easting, northing, crime type id]. */
const PLANTED: [string | null, number, number, number, number, number, number][] = [
  // Mansfield (1): victim A three times within a year, B once, C twice 400 days apart (not a repeat).
  ['A', 19000, 1, 1, 450000, 360000, 1],
  ['A', 19010, 1, 1, 450050, 360000, 1],
  ['A', 19100, 1, 1, 450100, 360000, 1],
  ['B', 19005, 1, 1, 452000, 362000, 1],
  ['C', 19000, 1, 1, 455000, 365000, 1],
  ['C', 19400, 1, 1, 455000, 365000, 1],
  // Gedling (2): D twice within 30 days; one unlinked record; one non-domestic record for D.
  ['D', 19200, 2, 1, 460000, 345000, 1],
  ['D', 19230, 2, 1, 460010, 345000, 1],
  [null, 19231, 2, 1, 461000, 346000, 1],
  ['D', 19240, 2, 0, 460000, 345000, 2],
];

beforeAll(async () => {
  db = createWorkbench(await loadSqlJs());
  db.run("INSERT INTO import (file_name, file_size, sha256, kind, read_rows, accepted, rejected, duplicate, updated, imported_at) VALUES ('t', 0, '', 'district', 0, 0, 0, 0, 0, '')");
  db.run("INSERT INTO district (id, name) VALUES (1, 'Mansfield'), (2, 'Gedling')");
  db.run("INSERT INTO crime_type (id, name) VALUES (1, 'Burglary Dwelling'), (2, 'Criminal damage')");
  PLANTED.forEach(([victim, day, district, domestic, easting, northing, crimeType], i) => {
    const month = 1970 * 12 + Math.floor((day / 365.25) * 12);
    db.run(
      `INSERT INTO record (record_key, import_id, source, record_type, month, day, crime_type_id, district_id, easting, northing, victim_pseudonym, domestic)
       VALUES (?, 1, 2, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [`k${i}`, month, day, crimeType, district, easting, northing, victim, domestic],
    );
  });
});

describe('repeat victims from the store', () => {
  it('counts victims, repeat victims and repeat records per district for domestic records', () => {
    const rows = repeatsFromStore(db, { group: 'domestic', by: ['district'], filters: [] });
    const byDistrict = new Map(rows.map((r) => [r.series.district ?? '', r]));
    expect(byDistrict.get('Mansfield')).toMatchObject({ victims: 3, repeat_victims: 1, records: 6, repeat_records: 3, repeat_rate: 1 / 3 });
    expect(byDistrict.get('Mansfield')?.days_to_repeat).toEqual([10, 90]);
    expect(byDistrict.get('Mansfield')?.median_days_to_repeat).toBe(50);
    expect(byDistrict.get('Gedling')).toMatchObject({ victims: 1, repeat_victims: 1, records: 2, repeat_records: 2, median_days_to_repeat: 30 });
  });

  it('a shorter window turns repeats into single victimisations', () => {
    const [all] = repeatsFromStore(db, { group: 'domestic', by: [], filters: [], windowDays: 20 });
    expect(all).toMatchObject({ victims: 4, repeat_victims: 1, repeat_records: 2 });
  });
});

describe('near repeat from the store', () => {
  it('finds dated, located events of one crime type and reports the Knox table and near-repeat share', async () => {
    const result = await nearRepeatFromStore(db, { crimeType: 'Burglary Dwelling', filters: [], permutations: 99, seed: 7, spaceBreaks: '0,100,Inf', timeBreaks: '0,7,Inf' });
    expect(result.events).toBe(9);
    expect(result.space_bands).toEqual(['[0, 100)', '[100, Inf)']);
    // Pairs within 100 m and 7 days by brute force over the planted points.
    const points = PLANTED.filter((p) => p[6] === 1);
    let close = 0;
    for (let i = 0; i < points.length; i++) {
      for (let j = i + 1; j < points.length; j++) {
        const a = points[i];
        const b = points[j];
        if (!a || !b) continue;
        const d = Math.hypot(a[4] - b[4], a[5] - b[5]);
        if (d < 100 && Math.abs(a[1] - b[1]) < 7) close++;
      }
    }
    expect(result.observed[0]?.[0]).toBe(close);
    expect(result.observed.flat().reduce((a, b) => a + b, 0)).toBe((9 * 8) / 2);
  });

  it('refuses police.uk-style records without dates, saying why', async () => {
    await expect(nearRepeatFromStore(db, { crimeType: 'Robbery', filters: [] })).rejects.toThrow(/needs event dates/);
  });
});

describe('year on year, top victims and locations from the store', () => {
  let yoy: Database;
  /** [victim, ISO date, district id, domestic]; months follow from the dates. */
  const DATED: [string, string, number, number][] = [
    // Previous year (Apr 2022 - Mar 2023): P1 and P2 repeat, P3 once.
    ['P1', '2022-05-01', 1, 1],
    ['P1', '2022-06-01', 1, 1],
    ['P2', '2022-12-30', 1, 1],
    ['P2', '2023-01-02', 1, 1],
    ['P3', '2022-07-07', 1, 1],
    // This year (Apr 2023 - Mar 2024): Q1 repeats (three records), P1 once, Q2 repeats 29 Feb.
    ['Q1', '2023-04-10', 1, 1],
    ['Q1', '2023-04-20', 1, 1],
    ['Q1', '2023-09-01', 1, 1],
    ['P1', '2023-08-01', 1, 1],
    ['Q2', '2024-02-28', 2, 1],
    ['Q2', '2024-02-29', 2, 1],
    ['Q3', '2023-10-10', 2, 1],
  ];

  const dayOf = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
  const monthOf = (iso: string): number => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;

  /** Victims and repeat victims of one period by brute force (pairs at most 365 days apart). */
  function brute(fromMonth: number, toMonth: number, district?: number) {
    const rows = DATED.filter(([, iso, d]) => monthOf(iso) >= fromMonth && monthOf(iso) <= toMonth && (district === undefined || d === district));
    const victims = new Set(rows.map((r) => r[0]));
    const repeats = new Set(rows.filter((a, i) => rows.some((b, j) => i !== j && a[0] === b[0] && Math.abs(dayOf(a[1]) - dayOf(b[1])) <= 365)).map((r) => r[0]));
    return { victims: victims.size, repeatVictims: repeats.size, rate: repeats.size / victims.size };
  }

  beforeAll(async () => {
    yoy = createWorkbench(await loadSqlJs());
    yoy.run("INSERT INTO import (file_name, file_size, sha256, kind, read_rows, accepted, rejected, duplicate, updated, imported_at) VALUES ('t', 0, '', 'district', 0, 0, 0, 0, 0, '')");
    yoy.run("INSERT INTO district (id, name) VALUES (1, 'Mansfield'), (2, 'Gedling')");
    yoy.run("INSERT INTO ward (id, name, district_id) VALUES (1, 'Portland', 1), (2, 'Calverton', 2)");
    yoy.run("INSERT INTO crime_type (id, name) VALUES (1, 'Violence without injury')");
    DATED.forEach(([victim, iso, district, domestic], i) => {
      yoy.run(
        `INSERT INTO record (record_key, import_id, source, record_type, month, day, crime_type_id, district_id, ward_id, easting, northing, victim_pseudonym, domestic)
         VALUES (?, 1, 2, 1, ?, ?, 1, ?, ?, ?, 360000, ?, ?)`,
        [`y${i}`, monthOf(iso), dayOf(iso), district, district, 450000 + (victim.charCodeAt(1) % 3) * 10, victim, domestic],
      );
    });
    // The extract starts in April 2022: a record with no victim (in no repeat group counted here) on its first day.
    yoy.run(
      `INSERT INTO record (record_key, import_id, source, record_type, month, day, crime_type_id, district_id, ward_id, domestic)
       VALUES ('first', 1, 2, 1, ?, ?, 1, 1, 1, 0)`,
      [monthOf('2022-04-01'), dayOf('2022-04-01')],
    );
  });

  it('compares the period with the same months a year earlier, as brute force counts them', () => {
    const [row] = repeatsFromStore(yoy, { group: 'domestic', by: [], filters: [], from: '2023-04', to: '2024-03' });
    const now = brute(monthOf('2023-04-01'), monthOf('2024-03-01'));
    const before = brute(monthOf('2022-04-01'), monthOf('2023-03-01'));
    expect(row).toMatchObject({
      victims: now.victims,
      repeat_victims: now.repeatVictims,
      period_from: '2023-04',
      period_to: '2024-03',
      previous_from: '2022-04',
      previous_to: '2023-03',
      previous_victims: before.victims,
      previous_repeat_victims: before.repeatVictims,
    });
    expect(row?.repeat_rate).toBeCloseTo(now.rate, 12);
    expect(row?.previous_repeat_rate).toBeCloseTo(before.rate, 12);
    expect(row?.repeat_rate_change).toBeCloseTo(now.rate - before.rate, 12);
    expect(row?.repeat_victims_change).toBeCloseTo((now.repeatVictims - before.repeatVictims) / before.repeatVictims, 12);
  });

  it('makes no comparison when the same months a year earlier start before the data (here April 2022), rather than one on part of a year', () => {
    // Jan 2023 - Mar 2024 against Jan 2022 - Mar 2023: three of those fifteen months are before the first record.
    const [part] = repeatsFromStore(yoy, { group: 'domestic', by: [], filters: [], from: '2023-01', to: '2024-03' });
    expect(part).toMatchObject({
      victims: brute(monthOf('2023-01-01'), monthOf('2024-03-01')).victims,
      previous_from: '2022-01',
      previous_to: '2023-03',
      previous_victims: null,
      previous_repeat_victims: null,
      previous_repeat_rate: null,
      repeat_rate_change: null,
      repeat_victims_change: null,
    });
    expect(part?.previous_note).toBe('No comparison with the same months a year earlier (Jan 2022 to Mar 2023): they start before the dated records do (Apr 2022).');
    // The whole span (no --from/--to) likewise: its year before lies before the data.
    const [all] = repeatsFromStore(yoy, { group: 'domestic', by: [], filters: [] });
    expect(all).toMatchObject({ period_from: '2022-05', previous_from: '2021-05', previous_repeat_rate: null, repeat_victims_change: null });
    // Covered, the comparison is made and there is no note.
    const [covered] = repeatsFromStore(yoy, { group: 'domestic', by: [], filters: [], from: '2023-04', to: '2024-03' });
    expect(covered?.previous_victims).toBe(brute(monthOf('2022-04-01'), monthOf('2023-03-01')).victims);
    expect(covered?.previous_note).toBeNull();
  });

  it('per district; a district with no records a year earlier has no change', () => {
    const rows = repeatsFromStore(yoy, { group: 'domestic', by: ['district'], filters: [], from: '2023-04', to: '2024-03' });
    const gedling = rows.find((r) => r.series.district === 'Gedling');
    const mansfield = rows.find((r) => r.series.district === 'Mansfield');
    expect(gedling).toMatchObject({ repeat_victims: brute(monthOf('2023-04-01'), monthOf('2024-03-01'), 2).repeatVictims, previous_repeat_rate: null, repeat_rate_change: null });
    expect(mansfield?.previous_repeat_rate).toBeCloseTo(brute(monthOf('2022-04-01'), monthOf('2023-03-01'), 1).rate, 12);
  });

  it('lists the most-repeated victims by pseudonym with their records, oldest first', () => {
    const top = topRepeatVictims(yoy, { group: 'domestic', filters: [], top: 2 });
    expect(top.map((v) => v.pseudonym)).toEqual(['Q1', 'P1']); // 3 repeat records; then P1 (2 of 3) over Q2/P2 (2 of 2)
    expect(top[0]?.details.map((d) => [d.date, d.district, d.ward, d.is_repeat])).toEqual([
      ['2023-04-10', 'Mansfield', 'Portland', true],
      ['2023-04-20', 'Mansfield', 'Portland', true],
      ['2023-09-01', 'Mansfield', 'Portland', true],
    ]);
    expect(top[1]?.details.map((d) => d.is_repeat)).toEqual([true, true, false]);
    const csv = topVictimsCsv(top);
    expect(csv.split('\r\n')[0]).toBe('victim_pseudonym,victim_records,victim_repeat_records,record_ref,date,crime_type,district,ward,repeat_record');
    expect(csv.split('\r\n')).toHaveLength(1 + 6 + 1);
    expect(() => topRepeatVictims(yoy, { group: 'domestic', filters: [], top: 0 })).toThrow(/--top/);
  });

  it('repeat locations: the same grid point again within the window, with ward and LSOA', () => {
    const out = repeatLocationsFromStore(yoy, { group: 'domestic', filters: [], top: 10 });
    // Brute force: places (easting) with two records at most 365 days apart.
    const places = new Map<number, number[]>();
    DATED.forEach(([victim, iso]) => {
      const e = 450000 + (victim.charCodeAt(1) % 3) * 10;
      places.set(e, [...(places.get(e) ?? []), dayOf(iso)]);
    });
    const repeatPlaces = [...places.values()].filter((days) => days.some((a, i) => days.some((b, j) => i !== j && Math.abs(a - b) <= 365)));
    expect(out.locations).toBe(places.size);
    expect(out.repeat_locations).toBe(repeatPlaces.length);
    expect(out.top[0]).toMatchObject({ precision: 'day', northing: 360000 });
  });

  it('police.uk points without dates repeat within 11 whole months', async () => {
    const p = createWorkbench(await loadSqlJs());
    p.run("INSERT INTO import (file_name, file_size, sha256, kind, read_rows, accepted, rejected, duplicate, updated, imported_at) VALUES ('t', 0, '', 'police-uk', 0, 0, 0, 0, 0, '')");
    p.run("INSERT INTO district (id, name) VALUES (1, 'Nottingham')");
    p.run("INSERT INTO crime_type (id, name) VALUES (1, 'Burglary')");
    p.run("INSERT INTO location (id, name) VALUES (1, 'On or near Forest Road')");
    p.run("INSERT INTO lsoa (id, code, name, district_id) VALUES (1, 'E01013851', 'Nottingham 001A', 1)");
    const points: [number, number, string][] = [
      [52.96, -1.16, '2023-01'],
      [52.96, -1.16, '2023-12'], // 11 months on: a repeat
      [52.97, -1.17, '2023-01'],
      [52.97, -1.17, '2024-01'], // 12 months on: not
    ];
    points.forEach(([lat, lon, month], i) => {
      p.run(
        `INSERT INTO record (record_key, import_id, source, record_type, month, crime_type_id, district_id, lsoa_id, location_id, latitude, longitude)
         VALUES (?, 1, 1, 1, ?, 1, 1, 1, 1, ?, ?)`,
        [`p${i}`, monthOf(`${month}-01`), lat, lon],
      );
    });
    const out = repeatLocationsFromStore(p, { group: 'all', filters: [] });
    expect(out).toMatchObject({ window_months: 11, locations: 2, repeat_locations: 1, records: 4, repeat_records: 2 });
    expect(out.top[0]).toMatchObject({ key: '52.96,-1.16', latitude: 52.96, location: 'On or near Forest Road', lsoa: 'E01013851', precision: 'month', first: '2023-01', last: '2023-12' });
    expect(out.top[0]?.easting).toBeGreaterThan(450000);
  });
});
