/**
 * Workbench files saved by earlier builds (tests/fixtures/old-workbenches,
 * made by those builds' own command line: see the README there) open in
 * this one, say what opening did, and then work in full: the counts the old
 * build reported, pivots equal to a fresh import of the same extracts, saved
 * views and profiles, near-repeat flags and repeats, re-imports that add
 * nothing twice, and a save that reopens in the current shape.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../electron/cli/load-sqljs';
import { SURVEY_FILE, SURVEY_MAPPING } from '../tests/fixtures/old-workbenches/make-survey-mapping';
import type { RepeatsRow } from './analytics/repeats-store';
import { districtCsv, generateDistrictRecords } from './generator';
import type { ImportReport } from './import/types';
import type { PivotResult } from './pivot/run-pivot';
import type { PivotSpec } from './pivot/spec';
import { pseudonymise } from './pseudonym';
import { SCHEMA_VERSION } from './schema';
import { type HandlerContext, WorkbenchService } from './service';
import { isIntactSave, openWorkbench } from './workbench';

const DIR = resolve(import.meta.dirname, '../tests/fixtures/old-workbenches');
const context: HandlerContext = { isCancelled: () => false, emit: () => undefined };

interface OldInfo {
  schemaVersion: number;
  records: number;
  sources: Record<string, number>;
  imports: { file: string; sha256: string; kind: string; accepted: number; rejected: number; duplicate: number; updated: number }[];
  dateRange: { from: string; to: string } | null;
}

/** What the old build reported when the fixture was made (its `info`, pivots and repeats). */
interface Fixture {
  commit: string;
  info: OldInfo;
  pivotCrimeTypeByDistrict: string;
  pivotDistrictByNearRepeat?: string;
  repeats?: { group: string; victims: number; repeat_victims: number; records: number; repeat_records: number; median_days_to_repeat: number | null }[];
}

const NAMES = ['cf3b7b1-police-uk', 'c41a734-schema1', '25d19ce-schema2', 'a003865-schema3-no-digest', '6d14c2f-schema3-tally'] as const;

const fixtureOf = (name: string): Fixture => JSON.parse(readFileSync(resolve(DIR, `${name}.json`), 'utf8')) as Fixture;
const bytesOf = (name: string): Uint8Array => new Uint8Array(gunzipSync(readFileSync(resolve(DIR, `${name}.workbench.gz`))));
const extract = (file: string): { name: string; bytes: Uint8Array } => ({ name: file, bytes: new Uint8Array(readFileSync(resolve(DIR, 'extracts', file))) });

const spec = (rows: PivotSpec['rows'], columns: PivotSpec['columns'], measure: PivotSpec['measure'] = 'count', filters: PivotSpec['filters'] = []): PivotSpec => ({
  rows,
  columns,
  measure,
  filters,
});

/** The pivots compared between the old file and a fresh import: counts, a rate over the population bands, a filtered series, outcomes. */
const SPECS: PivotSpec[] = [
  spec(['crime_type'], ['district']),
  spec(['district'], ['fin_year'], 'rate'),
  spec(['month'], [], 'count', [{ dimension: 'district', values: ['Ashfield'] }]),
  spec(['age_band'], ['sex']),
  spec(['offence_group'], ['record_type']),
  spec(['iq_measure'], ['fin_year'], 'iq_value'),
];

/** A pivot as comparable values: labels, cells, totals, notes. */
function shape(result: PivotResult): unknown {
  return { columns: result.columns, rows: result.rows.map((r) => [r.key, r.values, r.total, r.counts]), grandCount: result.grandCount, notes: result.notes };
}

/** The old build's CSV (header, then label, cells, Total) against today's result of the same pivot. */
function expectSameAsCsv(result: PivotResult, csv: string): void {
  // By label, not position: districts are now listed the force's first (old builds sorted them alphabetically).
  const [header, ...lines] = csv.trim().split('\n').map((line) => line.replace(/\r$/, '').split(','));
  const oldColumns = header?.slice(1, -1) ?? [];
  const columns = result.columns.map((c) => c.join(' / '));
  expect([...columns].sort()).toEqual([...oldColumns].sort());
  const inOldOrder = (values: readonly (number | null)[]): (number | null)[] => oldColumns.map((c) => values[columns.indexOf(c)] ?? null);
  const body = lines.filter((cells) => cells[0] !== 'Total');
  const rows = new Map(result.rows.map((r) => [r.key.join(' / '), r]));
  expect([...rows.keys()].sort()).toEqual(body.map((cells) => cells[0] ?? '').sort());
  for (const cells of body) {
    const row = rows.get(cells[0] ?? '');
    expect(cells.slice(1).map(Number), cells[0]).toEqual([...inOldOrder(row?.values ?? []), row?.total]);
  }
  const totals = lines.find((cells) => cells[0] === 'Total');
  expect(totals?.slice(1).map(Number)).toEqual([...inOldOrder(result.columnTotals), result.grandTotal]);
}

async function serviceWith(SQL: SqlJsStatic, bytes: Uint8Array, fileName: string): Promise<WorkbenchService> {
  const service = new WorkbenchService(SQL);
  await service.dispatch('workbench/open', { bytes, fileName }, context);
  return service;
}

async function freshWith(SQL: SqlJsStatic, files: readonly string[]): Promise<WorkbenchService> {
  const service = new WorkbenchService(SQL);
  // One file at a time, in the old build's order, so import ids and record order match.
  for (const file of files) await service.dispatch('import/files', { files: [extract(file)] }, context);
  return service;
}

const pivot = async (service: WorkbenchService, s: PivotSpec): Promise<PivotResult> => service.dispatch('pivot/run', { spec: s }, context);
const repeats = async (service: WorkbenchService): Promise<RepeatsRow[]> => service.dispatch('repeats/run', { group: 'all', by: ['district'], filters: [] }, context);
const repeatFigures = (rows: readonly RepeatsRow[]): unknown =>
  rows.map((r) => [r.series, r.victims, r.repeat_victims, r.records, r.repeat_records, r.median_days_to_repeat]);

/** Tables and their columns, and the indexes, as a fresh workbench has them (derived cube tables aside). */
function schemaShape(db: Database): { tables: Record<string, string[]>; indexes: string[] } {
  const tables: Record<string, string[]> = {};
  const names = (db.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'cube%' AND name NOT LIKE 'record_cube%' ORDER BY name")[0]?.values ?? []).map((r) => String(r[0]));
  for (const name of names) tables[name] = (db.exec(`PRAGMA table_info(${name})`)[0]?.values ?? []).map((r) => String(r[1])).sort();
  const indexes = (db.exec("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' AND name NOT LIKE 'cube%' AND name NOT LIKE 'record_cube%' ORDER BY name")[0]?.values ?? []).map((r) => String(r[0]));
  return { tables, indexes };
}

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

describe.each(NAMES)('a workbench saved by build %s', (name) => {
  const fixture = fixtureOf(name);
  const policeOnly = fixture.info.sources.district === undefined;
  const oldFiles = fixture.info.imports.map((i) => i.file);
  // Later imports: the same district extract again, one overlapping it (half of it and a new district), and police.uk again and overlapping.
  const later = policeOnly ? ['2023-02-excerpt.csv', '2023-02-overlap.csv'] : ['district-bassetlaw.csv', 'district-overlap.csv', '2023-01-excerpt.csv', '2023-02-overlap.csv'];

  it('opens, says it was brought up from its older format, and reports what the old build reported', async () => {
    const bytes = bytesOf(name);
    const before = Uint8Array.from(bytes);
    const service = new WorkbenchService(SQL);
    const info = await service.dispatch('workbench/open', { bytes, fileName: `${name}.workbench` }, context);
    expect(bytes).toEqual(before);
    expect(info.schemaVersion).toBe(SCHEMA_VERSION);
    if (fixture.info.schemaVersion < SCHEMA_VERSION) {
      expect(info.upgrade?.fromSchema).toBe(fixture.info.schemaVersion);
      expect(info.upgrade?.notice).toMatch(new RegExp(`${name}\\.workbench was saved by version 0\\.1\\.0 .*older file format \\(schema ${fixture.info.schemaVersion}\\).*unchanged until you save`));
    } else {
      expect(info.upgrade).toBeUndefined();
    }
    expect(info.records).toBe(fixture.info.records);
    expect(info.sources).toEqual(fixture.info.sources);
    expect(info.dateRange).toEqual(fixture.info.dateRange);
    expect(info.imports.map(({ file, sha256, kind, accepted, rejected, duplicate, updated }) => ({ file, sha256, kind, accepted, rejected, duplicate, updated }))).toEqual(
      fixture.info.imports.map(({ file, sha256, kind, accepted, rejected, duplicate, updated }) => ({ file, sha256, kind, accepted, rejected, duplicate, updated })),
    );
    // The count the Open command shows (a tally, or counted) is the records the file holds.
    expect(Number(service.database.exec('SELECT COUNT(*) FROM record')[0]?.values[0]?.[0])).toBe(info.records);
  });

  it("gives the old build's pivot, and the pivots of a fresh import of the same extracts", async () => {
    const old = await serviceWith(SQL, bytesOf(name), `${name}.workbench`);
    const fresh = await freshWith(SQL, oldFiles);
    expectSameAsCsv(await pivot(old, SPECS[0] ?? spec(['crime_type'], [])), fixture.pivotCrimeTypeByDistrict);
    for (const s of SPECS) expect(shape(await pivot(old, s)), JSON.stringify(s)).toEqual(shape(await pivot(fresh, s)));
    if (fixture.repeats !== undefined) {
      const [all] = await old.dispatch('repeats/run', { group: 'all', by: [], filters: [] }, context);
      const [was] = fixture.repeats;
      expect([all?.victims, all?.repeat_victims, all?.records, all?.repeat_records, all?.median_days_to_repeat]).toEqual([
        was?.victims,
        was?.repeat_victims,
        was?.records,
        was?.repeat_records,
        was?.median_days_to_repeat,
      ]);
      expect(repeatFigures(await repeats(old))).toEqual(repeatFigures(await repeats(fresh)));
    }
  });

  // police.uk extracts carry no victims.
  if (!policeOnly) it("keeps its victims' pseudonyms: today's pseudonym of each victim reference in its extracts is the one the old build stored", () => {
    const db = openWorkbench(SQL, bytesOf(name), `${name}.workbench`);
    const stored = new Set((db.exec('SELECT DISTINCT victim_pseudonym FROM record WHERE victim_pseudonym IS NOT NULL')[0]?.values ?? []).map((r) => String(r[0])));
    const computed = new Set<string>();
    for (const file of oldFiles.filter((f) => f.startsWith('district-'))) {
      const [header, ...lines] = new TextDecoder().decode(extract(file).bytes).trim().split('\n');
      const column = (header ?? '').split(',').indexOf('victim_ref');
      for (const line of lines) {
        const pseudonym = pseudonymise(db, line.split(',')[column] ?? '');
        if (pseudonym !== null) computed.add(pseudonym);
      }
    }
    expect(stored.size).toBeGreaterThan(100);
    expect(computed).toEqual(stored);
    db.close();
  });

  it('restores its saved views and profile', async () => {
    const raw = new SQL.Database(bytesOf(name));
    const stored = (raw.exec('SELECT name, spec FROM saved_view ORDER BY name')[0]?.values ?? []).map(([n, s]) => ({ name: String(n), ...(JSON.parse(String(s)) as { spec: PivotSpec; chart: string }) }));
    // A stored 'view' item with no view name is a chart of an analysis (shared/profile/schema.ts): the store calls it 'chart'.
    const storedItems =
      raw.exec("SELECT name FROM sqlite_master WHERE name = 'profile_item'").length === 0
        ? []
        : (raw.exec("SELECT CASE WHEN kind = 'view' AND view_name IS NULL THEN 'chart' ELSE kind END, view_name, caption, text FROM profile_item ORDER BY position")[0]?.values ?? []);
    raw.close();
    expect(stored.length).toBeGreaterThanOrEqual(2);
    const old = await serviceWith(SQL, bytesOf(name), `${name}.workbench`);
    const fresh = await freshWith(SQL, oldFiles);
    const views = await old.dispatch('views/list', {}, context);
    expect(views.map((v) => [v.name, v.spec, v.chart])).toEqual(stored.map((v) => [v.name, v.spec, v.chart]));
    for (const view of views) {
      // A view by Near repeat depends on the flag settings the old file chose: compared with the old build's figures below.
      if (view.spec.rows.includes('near_repeat') || view.spec.columns.includes('near_repeat')) continue;
      expect(shape(await pivot(old, view.spec)), view.name).toEqual(shape(await pivot(fresh, view.spec)));
      if (view.chart !== 'table') expect(await old.dispatch('chart/view', { name: view.name }, context), view.name).not.toBeNull();
    }
    if (storedItems.length > 0) {
      const profile = await old.dispatch('profile/get', { name: 'Ashfield profile' }, context);
      expect(profile.items.map((i) => [i.kind, i.viewName ?? null, i.caption ?? null, i.text ?? null])).toEqual(storedItems.map((r) => r.map((v) => v ?? null)));
      const plan = await old.dispatch('profile/plan', { name: 'Ashfield profile', suppression: true }, context);
      expect(plan.length).toBe(storedItems.length);
    }
  });

  it('keeps its near-repeat flags and their settings, and fills them for new records with the same settings', async () => {
    const old = await serviceWith(SQL, bytesOf(name), `${name}.workbench`);
    const byNearRepeat = spec(['district'], ['near_repeat']);
    if (fixture.pivotDistrictByNearRepeat !== undefined) {
      const state = await old.dispatch('near-repeat/flag-settings', {}, context);
      expect([state.settings.crimeTypes, state.settings.flagSpace, state.settings.flagDays]).toEqual([['Burglary Dwelling'], 300, 10]);
      expectSameAsCsv(await pivot(old, byNearRepeat), fixture.pivotDistrictByNearRepeat);
    }
    const settings = fixture.pivotDistrictByNearRepeat === undefined ? {} : { crimeTypes: ['Burglary Dwelling'], flagSpace: 300, flagDays: 10 };
    const fresh = await freshWith(SQL, oldFiles);
    await fresh.dispatch('near-repeat/flags', settings, context);
    for (const file of later) {
      await old.dispatch('import/files', { files: [extract(file)] }, context);
      await fresh.dispatch('import/files', { files: [extract(file)] }, context);
    }
    const [oldResult, freshResult] = [await pivot(old, byNearRepeat), await pivot(fresh, byNearRepeat)];
    expect({ ...(shape(oldResult) as object), notes: [] }).toEqual({ ...(shape(freshResult) as object), notes: [] });
    // The note names the settings the old file chose; builds before the day was kept saved none, and the note says so rather than "the defaults".
    if (fixture.pivotDistrictByNearRepeat !== undefined) {
      expect(oldResult.notes.join(' ')).toMatch(/Burglary Dwelling record .* within 300 m and 10 days \(settings chosen (\d+ \w+ \d{4}|in an earlier version)\)/);
    }
    const state = await old.dispatch('near-repeat/flag-settings', {}, context);
    expect(state.assessed).not.toBeNull();
  });

  it('imports the same extracts again as duplicates and an overlapping one as only its new records, as a fresh workbench does', async () => {
    const old = await serviceWith(SQL, bytesOf(name), `${name}.workbench`);
    const fresh = await freshWith(SQL, oldFiles);
    const reportsOf = async (service: WorkbenchService): Promise<ImportReport[]> => {
      const reports: ImportReport[] = [];
      for (const file of later) reports.push(...(await service.dispatch('import/files', { files: [extract(file)] }, context)));
      return reports;
    };
    const oldReports = await reportsOf(old);
    const freshReports = await reportsOf(fresh);
    const counts = (reports: ImportReport[]): unknown => reports.map((r) => [r.file, r.accepted, r.duplicate, r.updated, r.rejected]);
    expect(counts(oldReports)).toEqual(counts(freshReports));
    // The same extract again adds nothing.
    expect(oldReports[0]?.accepted).toBe(0);
    const added = oldReports.reduce((sum, r) => sum + r.accepted, 0);
    expect(added).toBeGreaterThan(0);
    const info = await old.dispatch('workbench/info', {}, context);
    expect(info.records).toBe(fixture.info.records + added);
    expect(info.records).toBe((await fresh.dispatch('workbench/info', {}, context)).records);
    for (const s of SPECS) expect(shape(await pivot(old, s)), JSON.stringify(s)).toEqual(shape(await pivot(fresh, s)));
    // Pseudonyms stayed the workbench's own: repeat victims across the old and the new records are found as in a fresh workbench.
    if (!policeOnly) expect(repeatFigures(await repeats(old))).toEqual(repeatFigures(await repeats(fresh)));
  });

  it("holds no references for its records until their extracts come back; then each has its file's, and the import counts them as duplicates", async () => {
    const old = await serviceWith(SQL, bytesOf(name), `${name}.workbench`);
    const refsIn = (source: number): string[] =>
      (old.database.exec(`SELECT DISTINCT record_ref FROM record WHERE source = ${source} AND record_ref IS NOT NULL ORDER BY 1`)[0]?.values ?? []).map((r) => String(r[0]));
    expect([refsIn(1), refsIn(2)]).toEqual([[], []]);
    const recordFiles = fixture.info.imports.filter((i) => i.kind === 'district' || i.kind === 'police-uk');
    const reports: ImportReport[] = [];
    for (const { file } of recordFiles) reports.push(...(await old.dispatch('import/files', { files: [extract(file)] }, context)));
    expect(reports.reduce((sum, r) => sum + r.accepted, 0)).toBe(0);
    // The file's own references, read independently (police.uk ASB rows have no Crime ID).
    const refsOf = (kind: string, column: string): string[] => {
      const refs = new Set<string>();
      for (const { file } of recordFiles.filter((i) => i.kind === kind)) {
        const [header, ...lines] = new TextDecoder().decode(extract(file).bytes).trim().split(/\r?\n/);
        const at = (header ?? '').split(',').indexOf(column);
        for (const line of lines) {
          const ref = (line.split(',')[at] ?? '').trim();
          if (ref !== '') refs.add(ref);
        }
      }
      return [...refs].sort();
    };
    expect(refsIn(1)).toEqual(refsOf('police-uk', 'Crime ID'));
    expect(refsIn(2)).toEqual(refsOf('district', 'record_ref'));
    // Every district record has one now; pivots are as they were.
    expect(old.database.exec('SELECT COUNT(*) FROM record WHERE source = 2 AND record_ref IS NULL')[0]?.values[0]?.[0]).toBe(0);
    const fresh = await freshWith(SQL, oldFiles);
    for (const s of SPECS) expect(shape(await pivot(old, s)), JSON.stringify(s)).toEqual(shape(await pivot(fresh, s)));
  });

  it('removes one of its imports as a fresh workbench does', async () => {
    const old = await serviceWith(SQL, bytesOf(name), `${name}.workbench`);
    const fresh = await freshWith(SQL, oldFiles);
    const second = fixture.info.imports[1]?.file;
    const idOf = async (service: WorkbenchService): Promise<number> => (await service.dispatch('workbench/info', {}, context)).imports.find((i) => i.file === second)?.id ?? -1;
    const removed = await old.dispatch('import/remove', { importId: await idOf(old) }, context);
    expect(removed).toEqual(await fresh.dispatch('import/remove', { importId: await idOf(fresh) }, context));
    const [oldInfo, freshInfo] = [await old.dispatch('workbench/info', {}, context), await fresh.dispatch('workbench/info', {}, context)];
    expect([oldInfo.records, oldInfo.sources, oldInfo.imports.map((i) => [i.file, i.records])]).toEqual([freshInfo.records, freshInfo.sources, freshInfo.imports.map((i) => [i.file, i.records])]);
    for (const s of SPECS) expect(shape(await pivot(old, s)), JSON.stringify(s)).toEqual(shape(await pivot(fresh, s)));
  });

  it('saves in the current shape and reopens with everything kept, with no notice', async () => {
    const old = await serviceWith(SQL, bytesOf(name), `${name}.workbench`);
    for (const file of later) await old.dispatch('import/files', { files: [extract(file)] }, context);
    const infoBefore = await old.dispatch('workbench/info', {}, context);
    const pivotsBefore = await Promise.all(SPECS.map(async (s) => shape(await pivot(old, s))));
    const viewsBefore = await old.dispatch('views/list', {}, context);
    const saved = await old.dispatch('workbench/export', {}, context);
    expect(isIntactSave(saved)).toBe(true);

    const reopened = await serviceWith(SQL, saved, 'saved.workbench');
    const info = await reopened.dispatch('workbench/info', {}, context);
    expect(info.upgrade).toBeUndefined();
    expect([info.records, info.sources, info.imports.map((i) => [i.file, i.accepted, i.records])]).toEqual([
      infoBefore.records,
      infoBefore.sources,
      infoBefore.imports.map((i) => [i.file, i.accepted, i.records]),
    ]);
    expect(await Promise.all(SPECS.map(async (s) => shape(await pivot(reopened, s))))).toEqual(pivotsBefore);
    expect((await reopened.dispatch('views/list', {}, context)).map((v) => [v.name, v.spec])).toEqual(viewsBefore.map((v) => [v.name, v.spec]));
    // Importing the same files once more still adds nothing.
    for (const file of later) {
      const [report] = await reopened.dispatch('import/files', { files: [extract(file)] }, context);
      expect(report?.accepted, file).toBe(0);
    }

    // The current shape: every table, column and index of a new workbench (a file with the key's
    // UNIQUE column constraint keeps it in place of record_by_key, which does the same).
    const db = openWorkbench(SQL, saved, 'saved.workbench');
    const fresh = new WorkbenchService(SQL);
    await fresh.dispatch('import/files', { files: [extract(later[0] ?? '')] }, context);
    const want = schemaShape(fresh.database);
    const got = schemaShape(db);
    const keyConstraint = db.exec("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_autoindex_record_1'").length > 0;
    expect(got.tables).toEqual(want.tables);
    expect(got.indexes).toEqual(keyConstraint ? want.indexes.filter((i) => i !== 'record_by_key') : want.indexes);
    expect(db.exec("SELECT value FROM meta WHERE key = 'schema_version'")[0]?.values[0]?.[0]).toBe(String(SCHEMA_VERSION));
    db.close();
  });
});

describe('a police.uk record the first builds imported', () => {
  it('is updated, not added again, when its row comes back with a new outcome', async () => {
    const name = 'cf3b7b1-police-uk';
    const service = await serviceWith(SQL, bytesOf(name), `${name}.workbench`);
    const text = new TextDecoder().decode(extract('2023-01-excerpt.csv').bytes);
    const lines = text.split('\n');
    // The first row with a Crime ID (ASB rows have none and are keyed by their whole content).
    const at = lines.findIndex((line, i) => i > 0 && /^[0-9a-f]{64},/.test(line));
    expect(at).toBeGreaterThan(0);
    const cells = (lines[at] ?? '').split(',');
    cells[10] = 'Court result unavailable';
    lines[at] = cells.join(',');
    const [report] = await service.dispatch('import/files', { files: [{ name: '2023-01-updated.csv', bytes: new TextEncoder().encode(lines.join('\n')) }] }, context);
    expect([report?.accepted, report?.updated, report?.duplicate]).toEqual([0, 1, 399]);
    const info = await service.dispatch('workbench/info', {}, context);
    expect(info.records).toBe(800);
    const outcomes = await pivot(service, spec(['crime_type'], [], 'count', []));
    expect(outcomes.grandCount).toBe(800);
  });
});

describe('a schema 1 file from the builds before profiles (9f4b808 to beb5f91)', () => {
  it('opens with profile tables made, and takes a profile that is saved and reopened', async () => {
    // c41a734's file without its profile tables: the shape those builds saved (no CLI fixture of their own).
    const db = new SQL.Database(bytesOf('c41a734-schema1'));
    db.run('DROP TABLE profile_item; DROP TABLE profile');
    const bytes = db.export();
    db.close();
    const service = await serviceWith(SQL, bytes, 'before-profiles.workbench');
    expect((await service.dispatch('workbench/info', {}, context)).upgrade?.fromSchema).toBe(1);
    expect(await service.dispatch('profile/list', {}, context)).toEqual([]);
    await service.dispatch('profile/add-item', { name: 'District profile', item: { kind: 'view', viewName: 'Types by district', caption: 'By type' } }, context);
    const reopened = await serviceWith(SQL, await service.dispatch('workbench/export', {}, context), 'saved.workbench');
    const profile = await reopened.dispatch('profile/get', { name: 'District profile' }, context);
    expect(profile.items.map((i) => [i.kind, i.viewName, i.caption])).toEqual([['view', 'Types by district', 'By type']]);
  });
});

describe.each(['c41a734-schema1', 'a003865-schema3-no-digest', '6d14c2f-schema3-tally'])('a large district import into the file of build %s', (name) => {
  it('rebuilds its indexes (a UNIQUE key column where the file has one) and counts nothing twice', async () => {
    const fixture = fixtureOf(name);
    const service = await serviceWith(SQL, bytesOf(name), `${name}.workbench`);
    // Large enough that the importer drops the record indexes and builds them once at the end.
    // References prefixed with G: another seed's references would otherwise meet the fixture's (updates, not new records).
    const lines = districtCsv(generateDistrictRecords({ seed: 31, records: 280_000, districts: ['Gedling'] })).trim().split('\n');
    const rows = lines.length - 1;
    expect(rows).toBeGreaterThan(20_000);
    const csv = [lines[0], ...lines.slice(1).map((line) => `G${line}`)].join('\n');
    const big = { name: 'district-gedling.csv', bytes: new TextEncoder().encode(csv) };
    const [first] = await service.dispatch('import/files', { files: [big] }, context);
    expect(first?.accepted).toBe(rows);
    const [again] = await service.dispatch('import/files', { files: [big, extract('district-bassetlaw.csv')] }, context);
    expect([again?.accepted, again?.duplicate]).toEqual([0, rows]);
    const info = await service.dispatch('workbench/info', {}, context);
    expect(info.records).toBe(fixture.info.records + rows);
    expect(info.imports.at(-1)?.accepted).toBe(0);
    const indexes = (service.database.exec("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'record' ORDER BY name")[0]?.values ?? []).map((r) => String(r[0]));
    const keyConstraint = indexes.includes('sqlite_autoindex_record_1');
    expect(indexes.includes('record_by_key')).toBe(!keyConstraint);
    expect(indexes).toEqual(expect.arrayContaining(['record_by_import', 'record_by_month', 'record_by_type_district_month']));
    const byDistrict = await pivot(service, spec(['district'], []));
    expect(byDistrict.rows.find((r) => r.key[0] === 'Gedling')?.total).toBe(rows);
  });
});

describe('a schema 1 file with Respect Survey data and a saved column mapping (c41a734, make-survey-mapping.ts)', () => {
  const name = 'c41a734-schema1-survey-mapping';
  interface SurveyFixture extends Fixture {
    surveySafeAfterDarkByArea: { group: { area: string }; respondents: number; weighted_n: number; estimate: number; lower: number; upper: number }[];
  }
  const fixture = fixtureOf(name) as SurveyFixture;
  const safeAfterDark = { query: { question: 'q_safe_after_dark' }, request: { positive: ['Very safe', 'Fairly safe'], by: ['area' as const] } };
  const mapped = { [SURVEY_FILE]: { kind: 'respect' as const, columns: { ...SURVEY_MAPPING }, save: true } };

  it('opens from schema 1 with its survey, whose results equal the same extract imported fresh with the same mapping', async () => {
    const old = new WorkbenchService(SQL);
    const info = await old.dispatch('workbench/open', { bytes: bytesOf(name), fileName: `${name}.workbench` }, context);
    expect(info.upgrade?.fromSchema).toBe(1);
    expect(info.imports.map((i) => [i.file, i.kind, i.accepted, i.sha256])).toEqual(fixture.info.imports.map((i) => [i.file, i.kind, i.accepted, i.sha256]));
    const fresh = new WorkbenchService(SQL);
    const [report] = await fresh.dispatch('import/files', { files: [extract(SURVEY_FILE)], mappings: mapped }, context);
    expect(report?.accepted).toBe(500);
    expect(await old.dispatch('survey/questions', {}, context)).toEqual(await fresh.dispatch('survey/questions', {}, context));
    const oldResults = await old.dispatch('survey/run', safeAfterDark, context);
    expect(oldResults.length).toBeGreaterThan(5);
    expect(oldResults).toEqual(await fresh.dispatch('survey/run', safeAfterDark, context));
    // Respondents and weights per area as the old build counted them (its `survey` output).
    const counts = (rows: readonly { group: Record<string, unknown>; respondents: number; weighted_n: number }[]): unknown => rows.map((r) => [r.group.area, r.respondents, r.weighted_n.toFixed(6)]);
    expect(counts(oldResults)).toEqual(counts(fixture.surveySafeAfterDarkByArea));
    const byWave = { query: { question: 'q_drug_dealing_problem' }, request: { positive: ['Very big problem', 'Fairly big problem'], by: ['wave' as const, 'age_band' as const] } };
    expect(await old.dispatch('survey/run', byWave, context)).toEqual(await fresh.dispatch('survey/run', byWave, context));
  });

  it('applies its saved mapping to the next file with that header, saying so, as the fresh workbench does', async () => {
    const old = await serviceWith(SQL, bytesOf(name), `${name}.workbench`);
    const fresh = new WorkbenchService(SQL);
    await fresh.dispatch('import/files', { files: [extract(SURVEY_FILE)], mappings: mapped }, context);
    // Another wave of the same extract, no mapping given: the header is one no layout knows.
    const [report] = await old.dispatch('import/files', { files: [extract('survey-renamed-2020.csv')] }, context);
    expect([report?.kind, report?.accepted, report?.rejected, report?.mappingSource]).toEqual(['respect', 400, 0, 'saved']);
    expect(report?.mapping).toEqual(SURVEY_MAPPING);
    expect(report?.warnings.join(' ')).toMatch(/Column mapping saved on \d{4}-\d{2}-\d{2} applied\./);
    const [freshReport] = await fresh.dispatch('import/files', { files: [extract('survey-renamed-2020.csv')] }, context);
    expect(freshReport?.mappingSource).toBe('saved');
    const twoWaves = { query: { question: 'q_safe_after_dark' }, request: { positive: ['Very safe', 'Fairly safe'], by: ['wave' as const] } };
    const results = await old.dispatch('survey/run', twoWaves, context);
    // Respondents who answered (not blank, not "Don't know"), counted from each extract itself.
    const answered = (file: string): number => {
      const [header, ...lines] = new TextDecoder().decode(extract(file).bytes).trim().split('\n');
      const column = (header ?? '').split(',').indexOf('q_safe_after_dark');
      return lines.filter((line) => !['', "Don't know"].includes(line.split(',')[column] ?? '')).length;
    };
    expect(answered('survey-renamed-2020.csv')).toBeGreaterThan(300);
    expect(results.map((r) => [r.group.wave, r.respondents])).toEqual([
      ['2019', answered(SURVEY_FILE)],
      ['2020', answered('survey-renamed-2020.csv')],
    ]);
    expect(results).toEqual(await fresh.dispatch('survey/run', twoWaves, context));
    // A fresh-shaped save keeps the mapping: reopened, the header is still known.
    const reopened = await serviceWith(SQL, await old.dispatch('workbench/export', {}, context), 'saved.workbench');
    const preview = await reopened.dispatch('import/preview', { file: extract('survey-renamed-2020.csv') }, context);
    expect([preview.kind, preview.source]).toEqual(['respect', 'saved']);
  });
});
