/**
 * No raw victim reference anywhere the repeat analyses reach: a generated
 * district extract (with its `victim_ref`s) is imported, and every view
 * (worker results the UI shows), CLI output, the safeguarding CSV export
 * and the saved workbench file are searched for every raw reference.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { runCli } from '../../electron/cli/run-cli';
import { type DistrictRecord, districtCsv, generateDistrictRecords } from '../generator';
import { pseudonymise } from '../pseudonym';
import { WorkbenchService } from '../service';
import { exportWorkbench } from '../workbench';
import { topVictimsCsv } from './repeats-store';

const context = { isCancelled: () => false, emit: () => undefined };
let service: WorkbenchService;
let refs: string[];
let dir: string;
let workbenchPath: string;
let source: string;
let rows: DistrictRecord[];

/** Every raw reference found in the text (case-insensitive: the importer upper-cases references before hashing). */
function leaked(text: string): string[] {
  const haystack = text.toUpperCase();
  return refs.filter((ref) => haystack.includes(ref.toUpperCase()));
}

beforeAll(async () => {
  rows = [...generateDistrictRecords({ seed: 11, records: 30_000, districts: ['Mansfield', 'Ashfield'] })];
  source = districtCsv(rows);
  refs = [...new Set(rows.map((r) => r.victim_ref).filter((v) => v !== ''))];
  service = new WorkbenchService(await loadSqlJs());
  const reports = await service.dispatch('import/files', { files: [{ name: 'district-extract.csv', bytes: new TextEncoder().encode(source) }], kind: 'district' }, context);
  expect(reports[0]?.rejected).toBe(0);
  dir = mkdtempSync(join(tmpdir(), 'repeats-privacy-'));
  workbenchPath = join(dir, 'privacy.workbench');
  writeFileSync(workbenchPath, exportWorkbench(service.database));
}, 120_000);

describe('the safeguarding list', () => {
  it("gives each of a victim's records by its own reference, so the referral can find the victim in the source system", async () => {
    const top = await service.dispatch('repeats/top-victims', { group: 'all', top: 50, filters: [] }, context);
    expect(top).toHaveLength(50);
    const byRef = new Map(rows.map((r) => [r.record_ref, r]));
    for (const victim of top) {
      const sourceRows = victim.details.map((d) => byRef.get(d.reference ?? ''));
      // Every listed record is a row of the extract, of one victim: the one this pseudonym stands for.
      expect(sourceRows.every((r) => r !== undefined), victim.pseudonym).toBe(true);
      const victimRefs = new Set(sourceRows.map((r) => r?.victim_ref));
      expect(victimRefs.size, victim.pseudonym).toBe(1);
      expect(pseudonymise(service.database, [...victimRefs][0] ?? '')).toBe(victim.pseudonym);
      expect(victim.details.map((d) => d.date)).toEqual(sourceRows.map((r) => isoDate(r?.committed_date ?? '')));
    }
    const csv = topVictimsCsv(top).split('\r\n');
    expect(csv[0]?.split(',')[3]).toBe('record_ref');
    expect(csv[1]?.split(',')[3]).toBe(top[0]?.details[0]?.reference);
  });
});

/** dd/mm/yyyy[ hh:mm] as yyyy-mm-dd. */
function isoDate(uk: string): string {
  const [d, m, y] = (uk.split(' ')[0] ?? '').split('/');
  return `${y}-${m}-${d}`;
}

describe('no raw victim reference in repeat views or exports', () => {
  it('the source really has references to find, and the search finds them', () => {
    expect(refs.length).toBeGreaterThan(1000);
    expect(leaked(source).length).toBe(refs.length);
  });

  it('views: repeats, top victims, records, locations, near repeat and the pivot by near_repeat', async () => {
    const scope = { filters: [] };
    const views = [
      await service.dispatch('repeats/run', { group: 'domestic', by: ['district'], ...scope }, context),
      await service.dispatch('repeats/run', { group: 'all', by: [], ...scope, from: '2023-04', to: '2024-03' }, context),
      await service.dispatch('repeats/top-victims', { group: 'all', top: 200, ...scope }, context),
      await service.dispatch('repeats/locations', { group: 'all', top: 200, ...scope }, context),
      await service.dispatch('near-repeat/run', { crimeType: 'Burglary Dwelling', permutations: 19, withPoints: true, ...scope }, context),
      await service.dispatch('pivot/run', { spec: { rows: ['near_repeat'], columns: ['district'], measure: 'count', filters: [] } }, context),
      await service.dispatch('pivot/drill', { spec: { rows: ['near_repeat'], columns: [], measure: 'count', filters: [] }, rowKey: ['Yes'], columnKey: [], offset: 0, limit: 500 }, context),
    ];
    const top = views[2];
    expect(Array.isArray(top) && top.length).toBe(200);
    for (const view of views) expect(leaked(JSON.stringify(view))).toEqual([]);
  });

  it('exports: the safeguarding CSV, CLI outputs and the saved workbench file', async () => {
    const top = await service.dispatch('repeats/top-victims', { group: 'all', top: 500, filters: [] }, context);
    const csv = topVictimsCsv(top);
    expect(csv.split('\r\n').length).toBeGreaterThan(500);
    expect(leaked(csv)).toEqual([]);

    const outputs = [
      await runCli(['repeats', workbenchPath, '--group', 'domestic', '--by', 'district']),
      await runCli(['repeats', workbenchPath, '--top', '100']),
      await runCli(['repeats', workbenchPath, '--locations', '--top', '100']),
      await runCli(['near-repeat', workbenchPath, '--crime-type', 'Burglary Dwelling', '--permutations', '19']),
      await runCli(['pivot', workbenchPath, '--rows', 'near_repeat', '--cols', 'district', '--format', 'json']),
    ];
    for (const out of outputs) {
      expect(out.exitCode, out.stderr).toBe(0);
      expect(leaked(out.stdout + out.stderr)).toEqual([]);
    }
    const topOut = JSON.parse(outputs[1]?.stdout ?? '[]') as { pseudonym: string }[];
    expect(topOut).toHaveLength(100);
    expect(topOut.every((v) => /^[0-9a-f]{32}$/.test(v.pseudonym))).toBe(true);

    // The file on disk, byte for byte (SQLite pages, meta, change log).
    expect(leaked(readFileSync(workbenchPath).toString('latin1'))).toEqual([]);
  }, 120_000);
});
