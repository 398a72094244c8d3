/**
 * Repeat locations from the store against brute force: every pair of
 * records at each place, over a store that mixes everything a place can be
 * (whole and fractional grid references, dated and month-only records,
 * police.uk points with and without dates), for several windows, grid
 * squares, groups and scopes. The store path numbers places and sorts days
 * per place; this counts pairs straight from the definition.
 */
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { formatMonth } from '../periods';
import { createWorkbench } from '../workbench';
import { dayToIsoDate, wgs84ToBng, xoshiro128 } from './repeats';
import { type RepeatLocationsRequest, repeatLocationsFromStore, repeatLocationsAsync } from './repeats-store';

let db: Database;

interface Planted {
  id: number;
  easting: number | null;
  northing: number | null;
  latitude: number | null;
  longitude: number | null;
  day: number | null;
  month: number;
  district: number;
  domestic: number;
  names: string;
}
const planted: Planted[] = [];
const DISTRICTS = ['Mansfield', 'Gedling'];
const WARDS = ['Portland', 'Calverton', 'Netherfield'];
const LSOAS = ['E01028000', 'E01028001'];
const LOCATIONS = ['On or near Forest Road', 'On or near Main Street'];

beforeAll(async () => {
  db = createWorkbench(await loadSqlJs());
  db.run("INSERT INTO import (file_name, file_size, sha256, kind, read_rows, accepted, rejected, duplicate, updated, imported_at) VALUES ('t', 0, '', 'district', 0, 0, 0, 0, 0, '')");
  db.run("INSERT INTO district (id, name) VALUES (1, 'Mansfield'), (2, 'Gedling')");
  db.run("INSERT INTO ward (id, name, district_id) VALUES (1, 'Portland', 1), (2, 'Calverton', 2), (3, 'Netherfield', 2)");
  db.run("INSERT INTO lsoa (id, code, name, district_id) VALUES (1, 'E01028000', 'Mansfield 001A', 1), (2, 'E01028001', 'Gedling 001A', 2)");
  db.run("INSERT INTO location (id, name) VALUES (1, 'On or near Forest Road'), (2, 'On or near Main Street')");
  db.run("INSERT INTO crime_type (id, name) VALUES (1, 'Burglary Dwelling')");
  const rng = xoshiro128(20261201);
  const pick = (n: number): number => Math.floor(rng.next() * n);
  const firstDay = Date.UTC(2021, 0, 1) / 86_400_000;
  // Few places, so most have several records and the windows matter; fractional metres test the rounding.
  const gridPoints = Array.from({ length: 120 }, (_, k) => [450_000 + (k % 12) * 37 + (k % 5) * 0.25, 360_000 + Math.floor(k / 12) * 53 + (k % 3) * 0.5] as const);
  const latLonPoints = Array.from({ length: 40 }, (_, k) => [52.95 + (k % 8) * 0.0009, -1.15 - Math.floor(k / 8) * 0.0013] as const);
  for (let id = 1; id <= 2500; id++) {
    const day = firstDay + pick(3 * 365);
    const date = new Date(day * 86_400_000);
    const month = date.getUTCFullYear() * 12 + date.getUTCMonth();
    const kind = pick(10);
    const grid = gridPoints[pick(gridPoints.length)] ?? [0, 0];
    const point = latLonPoints[pick(latLonPoints.length)] ?? [0, 0];
    const record: Planted = {
      id,
      // 0-5 dated grid references; 6-7 police.uk points by month; 8 a dated police.uk point; 9 a grid reference by month.
      easting: kind <= 5 || kind === 9 ? grid[0] : null,
      northing: kind <= 5 || kind === 9 ? grid[1] : null,
      latitude: kind >= 6 && kind <= 8 ? point[0] : null,
      longitude: kind >= 6 && kind <= 8 ? point[1] : null,
      day: kind <= 5 || kind === 8 ? day : null,
      month,
      district: 1 + pick(2),
      domestic: pick(3) === 0 ? 1 : 0,
      names: '',
    };
    const ward = pick(3);
    const lsoa = pick(2);
    const location = pick(2);
    record.names = [LOCATIONS[location], LSOAS[lsoa], WARDS[ward], DISTRICTS[record.district - 1]].join('|');
    planted.push(record);
    db.run(
      `INSERT INTO record (id, record_key, import_id, source, record_type, month, day, crime_type_id, district_id, ward_id, lsoa_id, location_id,
         easting, northing, latitude, longitude, domestic)
       VALUES (?, ?, 1, 2, 1, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, `b${id}`, record.month, record.day, record.district, ward + 1, lsoa + 1, location + 1, record.easting, record.northing, record.latitude, record.longitude, record.domestic],
    );
  }
});

interface BrutePlace {
  key: string;
  records: Planted[];
  repeatRecords: number;
}

/** Places by the definition: the prefixed key of each record, then every pair of its records within the window. */
function brute(records: readonly Planted[], windowDays: number, gridSize?: number): BrutePlace[] {
  const snap = (v: number): number => (gridSize === undefined ? Math.round(v) : Math.floor(v / gridSize) * gridSize);
  const places = new Map<string, Planted[]>();
  for (const r of records) {
    let where: string;
    if (r.easting !== null && r.northing !== null) where = `${snap(r.easting)},${snap(r.northing)}`;
    else if (gridSize === undefined) where = `${r.latitude},${r.longitude}`;
    else {
      const p = wgs84ToBng(r.latitude ?? 0, r.longitude ?? 0);
      where = `${snap(p.easting)},${snap(p.northing)}`;
    }
    const key = `${r.day === null ? 'm' : 'd'}:${where}`;
    places.set(key, [...(places.get(key) ?? []), r]);
  }
  // Month-only records: at most floor(W / (365.25 / 12)) whole months apart.
  const months = Math.floor((windowDays * 12) / 365.25);
  return [...places].map(([key, list]) => {
    const within = (a: Planted, b: Planted): boolean => (a.day !== null && b.day !== null ? Math.abs(a.day - b.day) <= windowDays : Math.abs(a.month - b.month) <= months);
    const repeatRecords = list.filter((a) => list.some((b) => b !== a && within(a, b))).length;
    return { key, records: list, repeatRecords };
  });
}

const REQUESTS: (RepeatLocationsRequest & { keep: (r: Planted) => boolean })[] = [
  { group: 'all', filters: [], top: 2000, keep: () => true },
  { group: 'all', filters: [], top: 15, windowDays: 30, keep: () => true },
  { group: 'all', filters: [], top: 2000, gridSize: 100, keep: () => true },
  { group: 'all', filters: [], top: 2000, gridSize: 12.5, windowDays: 90, keep: () => true },
  { group: 'domestic', filters: [], top: 2000, windowDays: 800, gridSize: 250, keep: (r) => r.domestic === 1 },
  { group: 'all', filters: [{ dimension: 'district', values: ['Gedling'] }], top: 7, keep: (r) => r.district === 2 },
];

describe('repeat locations against brute force', () => {
  it.each(REQUESTS.map((r, i) => [i, r] as const))('request %i: totals, the top places in order, their dates and names', async (_i, { keep, ...request }) => {
    const out = repeatLocationsFromStore(db, request);
    const places = brute(planted.filter(keep), request.windowDays ?? 365, request.gridSize);
    const repeating = places.filter((p) => p.repeatRecords > 0);
    expect(repeating.length).toBeGreaterThan(10);
    expect(out.locations).toBe(places.length);
    expect(out.repeat_locations).toBe(repeating.length);
    expect(out.records).toBe(places.reduce((n, p) => n + p.records.length, 0));
    expect(out.repeat_records).toBe(places.reduce((n, p) => n + p.repeatRecords, 0));
    repeating.sort((a, b) => b.repeatRecords - a.repeatRecords || b.records.length - a.records.length || (a.key < b.key ? -1 : 1));
    const expected = repeating.slice(0, request.top ?? 20);
    expect(out.top.map((p) => `${p.precision === 'day' ? 'd' : 'm'}:${p.key}`)).toEqual(expected.map((p) => p.key));
    out.top.forEach((row, k) => {
      const place = expected[k];
      if (place === undefined) throw new Error('more places than brute force');
      const isDated = row.precision === 'day';
      const times = place.records.map((r) => (isDated ? (r.day ?? 0) : r.month));
      expect(row).toMatchObject({
        records: place.records.length,
        repeat_records: place.repeatRecords,
        first: isDated ? dayToIsoDate(Math.min(...times)) : formatMonth(Math.min(...times)),
        last: isDated ? dayToIsoDate(Math.max(...times)) : formatMonth(Math.max(...times)),
      });
      // The names are one of the place's records' (with squares, a place can span wards).
      expect(place.records.map((r) => r.names)).toContain([row.location, row.lsoa, row.ward, row.district].join('|'));
      const [a, b] = row.key.split(',').map(Number);
      if (row.latitude === null) expect([row.easting, row.northing]).toEqual([a, b]);
      else {
        expect([row.latitude, row.longitude]).toEqual([a, b]);
        const grid = wgs84ToBng(a ?? 0, b ?? 0);
        expect([row.easting, row.northing]).toEqual([Math.round(grid.easting), Math.round(grid.northing)]);
      }
    });
    // The worker's form gives the same.
    expect(await repeatLocationsAsync(db, request, {})).toEqual(out);
  });

  it('every kind of place is in the store', () => {
    const out = repeatLocationsFromStore(db, { group: 'all', filters: [], top: 5000 });
    const kinds = new Set(out.top.map((p) => `${p.precision}:${p.latitude === null ? 'grid' : 'point'}`));
    expect([...kinds].sort()).toEqual(['day:grid', 'day:point', 'month:grid', 'month:point']);
  });
});
