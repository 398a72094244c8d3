/**
 * The repeats and near-repeat commands on a generated district extract:
 * the existing fields stay, the year-on-year fields, --top, --locations and
 * near-repeat --save-flags (the pivot's near_repeat dimension) are additive.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { districtCsv, generateDistrictRecords } from '../../shared/generator';
import { runCli } from './run-cli';

let workbench: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-repeats-'));
  const extract = join(dir, 'district-city.csv');
  writeFileSync(extract, districtCsv(generateDistrictRecords({ seed: 2, records: 30_000, districts: ['Nottingham City', 'Mansfield'] })));
  workbench = join(dir, 'r.workbench');
  const imported = await runCli(['import', workbench, extract]);
  expect(imported.exitCode, imported.stderr).toBe(0);
}, 120_000);

const json = async (args: string[]): Promise<unknown> => {
  const out = await runCli(args);
  expect(out.exitCode, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as unknown;
};

describe('repeats and near-repeat on the command line', () => {
  it('repeats keeps the CLI.md fields and adds the same period a year earlier', async () => {
    const rows = (await json(['repeats', workbench, '--group', 'domestic', '--by', 'district', '--from', '2023-04', '--to', '2024-03'])) as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      for (const field of ['group', 'series', 'victims', 'repeat_victims', 'repeat_rate', 'records', 'repeat_records', 'median_days_to_repeat']) expect(row).toHaveProperty(field);
      expect(row).toMatchObject({ period_from: '2023-04', period_to: '2024-03', previous_from: '2022-04', previous_to: '2023-03' });
      expect(row.repeat_rate_change).toBeCloseTo(Number(row.repeat_rate) - Number(row.previous_repeat_rate), 12);
      expect(row).not.toHaveProperty('days_to_repeat');
    }
  });

  it('--top lists pseudonyms with records; --locations lists places', async () => {
    const top = (await json(['repeats', workbench, '--group', 'domestic', '--top', '3'])) as { pseudonym: string; records: number; details: unknown[] }[];
    expect(top).toHaveLength(3);
    for (const v of top) {
      expect(v.pseudonym).toMatch(/^[0-9a-f]{32}$/);
      expect(v.details).toHaveLength(v.records);
    }
    const places = (await json(['repeats', workbench, '--locations', '--top', '5', '--grid-size', '100'])) as { top: { easting: number; repeat_records: number }[]; repeat_locations: number };
    expect(places.top).toHaveLength(5);
    expect(places.top.every((p) => p.easting % 100 === 0 && p.repeat_records >= 2)).toBe(true);
    expect(places.repeat_locations).toBeGreaterThan(5);
  });

  it('bad combinations are usage errors (exit 2)', async () => {
    expect((await runCli(['repeats', workbench, '--top', '0'])).exitCode).toBe(2);
    expect((await runCli(['repeats', workbench, '--grid-size', '100'])).exitCode).toBe(2);
    expect((await runCli(['repeats', workbench, '--locations', '--by', 'district'])).exitCode).toBe(2);
    expect((await runCli(['repeats', workbench, '--top', '3', '--by', 'district'])).exitCode).toBe(2);
  });

  it('near-repeat --save-flags stores the flags as the pivot dimension near_repeat', async () => {
    const out = (await json(['near-repeat', workbench, '--crime-type', 'Burglary Dwelling', '--permutations', '19', '--flag-space', '150', '--flag-days', '5', '--save-flags'])) as {
      events: number;
      near_repeat_share: number;
      pivot_flags: { assessed: number; flagged: number; crime_types: string[] };
    };
    expect(out.pivot_flags).toEqual({ crime_types: ['Burglary Dwelling'], assessed: out.events, flagged: Math.round(out.near_repeat_share * out.events) });
    const pivot = (await json(['pivot', workbench, '--rows', 'near_repeat', '--where', 'crime_type=Burglary Dwelling', '--format', 'json'])) as { data: { near_repeat: string; total: number }[] };
    expect(Object.fromEntries(pivot.data.map((r) => [r.near_repeat, r.total]))).toEqual({ Yes: out.pivot_flags.flagged, No: out.events - out.pivot_flags.flagged });
    // Without --save-flags the output is as CLI.md describes (no pivot_flags).
    expect(await json(['near-repeat', workbench, '--crime-type', 'Burglary Dwelling', '--permutations', '19'])).not.toHaveProperty('pivot_flags');
    // info lists the settings the saved flags were made with (additive field nearRepeatFlags).
    const info = (await json(['info', workbench])) as Record<string, unknown>;
    for (const field of ['schemaVersion', 'records', 'sources', 'imports', 'dateRange']) expect(info).toHaveProperty(field);
    expect(info.nearRepeatFlags).toMatchObject({ crimeTypes: ['Burglary Dwelling'], flagSpace: 150, flagDays: 5, distance: 'euclidean', assessed: out.events, flagged: out.pivot_flags.flagged });
    expect((info.nearRepeatFlags as { setAt: unknown }).setAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  }, 60_000);
});
