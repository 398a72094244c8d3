/**
 * `flags` on 12 months (a planted December dip): seasonality prints "not
 * tested: needs 24 months, has 12", not `seasonal: false`, and the dip's
 * exception carries the reason its limits cannot allow for the season.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MIN_SEASONALITY_MONTHS } from '../../shared/analytics/series';
import { DIP_COUNT, DIP_TYPE, decemberDipCsv } from '../../tests/helpers/december-dip';
import { runCli } from './run-cli';

let dir: string;
let workbench: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-dip-'));
  const extract = join(dir, 'street-dip.csv');
  writeFileSync(extract, decemberDipCsv(12));
  workbench = join(dir, 'd.workbench');
  const imported = await runCli(['import', workbench, extract]);
  expect(imported.exitCode, imported.stderr).toBe(0);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('flags seasonality and exceptions on 12 months give the short-span reason', async () => {
  const seasonality = await runCli(['flags', 'seasonality', workbench, '--by', 'crime_type']);
  expect(seasonality.exitCode, seasonality.stderr).toBe(0);
  const [row] = JSON.parse(seasonality.stdout) as { series: Record<string, string>; seasonal: boolean | null; reason?: string }[];
  expect(row?.series).toEqual({ crime_type: DIP_TYPE });
  expect(row?.seasonal).toBeNull();
  expect(row?.reason).toBe(`not tested: needs ${MIN_SEASONALITY_MONTHS} months, has 12`);

  const exceptions = await runCli(['flags', 'exceptions', workbench, '--by', 'crime_type']);
  expect(exceptions.exitCode, exceptions.stderr).toBe(0);
  const [flag] = JSON.parse(exceptions.stdout) as { exceptions: { month: string; value: number; flag: string }[]; seasonally_adjusted: boolean; baseline_note?: string }[];
  expect(flag?.exceptions.map((e) => [e.month, e.flag, e.value])).toEqual([['2023-12', 'low', DIP_COUNT]]);
  expect(flag?.seasonally_adjusted).toBe(false);
  expect(flag?.baseline_note).toContain(`seasonality not tested: needs ${MIN_SEASONALITY_MONTHS} months, has 12`);

  const csv = await runCli(['flags', 'exceptions', workbench, '--by', 'crime_type', '--format', 'csv']);
  expect(csv.stdout.split('\n')[0]).toContain('baseline_note');
}, 120_000);
