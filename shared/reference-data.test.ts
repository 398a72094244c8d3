/**
 * Reference data the analyst edits: the victim age band set and the offence
 * group of each crime type. Pivots (answered from the aggregate cube) follow
 * a change at once, counts match a brute-force banding of the extract, a
 * bad band set is refused with its reason, and changes survive save/reopen.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../electron/cli/load-sqljs';
import { type AgeBand, DEFAULT_AGE_BANDS, ageBandProblem, listAgeBands, setAgeBands } from './age-bands';
import { districtCsv } from './generator/csv';
import { generateDistrictRecords } from './generator/district-records';
import { importFiles } from './import/import-files';
import { parseCsvRows } from './import/text';
import { listOffenceGroupMapping, setOffenceGroup } from './offence-groups';
import { isCubeCurrent, refreshCube } from './pivot/cube';
import { runPivot } from './pivot/run-pivot';
import { WorkbenchService } from './service';
import { createWorkbench, exportWorkbench, openWorkbench } from './workbench';

let SQL: SqlJsStatic;
let csv: string;

beforeAll(async () => {
  SQL = await loadSqlJs();
  csv = districtCsv(generateDistrictRecords({ seed: 3, records: 30_000, firstFinancialYear: 2019, years: 1, districts: ['Gedling', 'Rushcliffe'] }));
});

async function loaded(): Promise<Database> {
  const db = createWorkbench(SQL);
  await importFiles(db, [{ name: 'district.csv', bytes: new TextEncoder().encode(csv) }], { now: new Date('2024-06-01T00:00:00Z') });
  return db;
}

/** Records per band, from the extract's victim_age column and the band edges alone (no age: Unknown). */
function bruteForceBands(bands: readonly AgeBand[]): Record<string, number> {
  const [header = [], ...rows] = parseCsvRows(csv).filter((row) => row.some((c) => c !== ''));
  const column = header.indexOf('victim_age');
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const text = row[column] ?? '';
    const age = text === '' ? null : Number(text);
    const band = age === null ? 'Unknown' : (bands.find((b) => b.minAge !== null && age >= b.minAge && (b.maxAge === null || age <= b.maxAge))?.name ?? 'Unknown');
    counts[band] = (counts[band] ?? 0) + 1;
  }
  return counts;
}

function pivotBy(db: Database, dimension: 'age_band' | 'offence_group'): Record<string, number> {
  const result = runPivot(db, { rows: [dimension], columns: [], measure: 'count', filters: [] });
  return Object.fromEntries(result.rows.filter((r) => (r.total ?? 0) > 0).map((r) => [r.key[0] ?? '', r.total ?? 0]));
}

const WIDE_BANDS: AgeBand[] = [
  { name: '0-15', minAge: 0, maxAge: 15 },
  { name: '16-29', minAge: 16, maxAge: 29 },
  { name: '30-59', minAge: 30, maxAge: 59 },
  { name: '60+', minAge: 60, maxAge: null },
  { name: 'Unknown', minAge: null, maxAge: null },
];

describe('victim age bands', () => {
  it('a new band set re-bands every record with an age: pivot counts per band equal a brute-force banding of victim_age', async () => {
    const db = await loaded();
    expect(pivotBy(db, 'age_band')).toEqual(bruteForceBands(DEFAULT_AGE_BANDS));
    // The pivot above built the cube with the old bands; the change must not leave it stale.
    refreshCube(db);
    expect(isCubeCurrent(db)).toBe(true);
    setAgeBands(db, WIDE_BANDS);
    expect(isCubeCurrent(db)).toBe(false);
    const after = pivotBy(db, 'age_band');
    expect(after).toEqual(bruteForceBands(WIDE_BANDS));
    expect(Object.keys(after).sort()).toEqual(['0-15', '16-29', '30-59', '60+', 'Unknown']);
    expect(listAgeBands(db).slice(0, 5).map((b) => b.name)).toEqual(WIDE_BANDS.map((b) => b.name));

    // Saved and reopened, the band set and the banding stay.
    const reopened = openWorkbench(SQL, exportWorkbench(db), 'x.workbench');
    expect(pivotBy(reopened, 'age_band')).toEqual(after);
    expect(listAgeBands(reopened).slice(0, 5)).toEqual(listAgeBands(db).slice(0, 5));
  });

  it('refuses overlaps, gaps and uncovered ages with the reason, and leaves the bands as they were', async () => {
    const db = await loaded();
    const before = listAgeBands(db);
    const cases: [AgeBand[], string][] = [
      [[{ name: '0-20', minAge: 0, maxAge: 20 }, { name: '18+', minAge: 18, maxAge: null }], 'Age bands 0-20 and 18+ overlap.'],
      [[{ name: '0-17', minAge: 0, maxAge: 17 }, { name: '25+', minAge: 25, maxAge: null }], 'Ages 18-24 are in no band: 0-17 ends at 17 and 25+ starts at 25.'],
      [[{ name: '0-17', minAge: 0, maxAge: 17 }, { name: '19+', minAge: 19, maxAge: null }], 'Age 18 is in no band: 0-17 ends at 17 and 19+ starts at 19.'],
      [[{ name: '5-17', minAge: 5, maxAge: 17 }, { name: '18+', minAge: 18, maxAge: null }], 'Ages 0-4 are in no band: the first band (5-17) starts at 5.'],
      [[{ name: '0-17', minAge: 0, maxAge: 17 }, { name: '18-64', minAge: 18, maxAge: 64 }], 'Ages over 64 are in no band: make the last band (18-64) open-ended, e.g. 18+.'],
      [[{ name: '0-17', minAge: 0, maxAge: 17 }, { name: '18+', minAge: 18, maxAge: null }, { name: 'Adults', minAge: null, maxAge: null }], 'Age band Adults needs a first age (only Unknown has none).'],
      [[{ name: '0-9', minAge: 0, maxAge: 9 }, { name: '10+', minAge: 10, maxAge: null }, { name: '0-9', minAge: 0, maxAge: 9 }], 'Two age bands are called 0-9.'],
    ];
    for (const [bands, message] of cases) {
      expect(ageBandProblem(bands)).toBe(message);
      expect(() => setAgeBands(db, bands)).toThrow(message);
    }
    expect(listAgeBands(db)).toEqual(before);
    expect(ageBandProblem(DEFAULT_AGE_BANDS)).toBeNull();
    expect(ageBandProblem(WIDE_BANDS)).toBeNull();
  });
});

describe('offence groups', () => {
  it('moving a crime type to another group moves its records in the pivot by offence group (cube and records agree)', async () => {
    const service = new WorkbenchService(SQL);
    const context = { isCancelled: () => false, emit: () => undefined };
    await service.handlers['import/files']({ files: [{ name: 'district.csv', bytes: new TextEncoder().encode(csv) }] }, context);
    const spec = { rows: ['offence_group' as const], columns: [], measure: 'count' as const, filters: [] };
    const totals = async (): Promise<Record<string, number>> => {
      const result = await service.dispatch('pivot/run', { spec }, context);
      return Object.fromEntries(result.rows.filter((r) => (r.total ?? 0) > 0).map((r) => [r.key[0] ?? '', r.total ?? 0]));
    };
    const before = await totals();
    const mapping = await service.dispatch('offence-groups/list', {}, context);
    const shoplifting = mapping.find((m) => m.group === 'Shoplifting');
    expect(shoplifting).toBeDefined();
    const moved = shoplifting?.records ?? 0;
    expect(moved).toBeGreaterThan(0);
    await service.dispatch('offence-groups/set', { crimeType: shoplifting?.crimeType ?? '', group: 'Theft' }, context);
    const after = await totals();
    expect(after.Theft).toBe((before.Theft ?? 0) + moved);
    expect(after.Shoplifting ?? 0).toBe((before.Shoplifting ?? 0) - moved);
    // The same figure from the records table (ward forces the record scan) as from the cube.
    const scan = runPivot(service.database, { rows: ['offence_group'], columns: ['ward'], measure: 'count', filters: [] });
    expect(scan.rows.find((r) => r.key[0] === 'Theft')?.total).toBe(after.Theft);

    // Saved and reopened, the mapping stays.
    const reopened = openWorkbench(SQL, exportWorkbench(service.database), 'x.workbench');
    expect(listOffenceGroupMapping(reopened).find((m) => m.crimeType === shoplifting?.crimeType)?.group).toBe('Theft');
    expect(() => setOffenceGroup(reopened, 'No such crime', 'Theft')).toThrow(/No crime type/);
  });
});
