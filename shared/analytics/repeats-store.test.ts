import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { createWorkbench } from '../workbench';
import { nearRepeatFromStore, repeatsFromStore } from './repeats-store';

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
