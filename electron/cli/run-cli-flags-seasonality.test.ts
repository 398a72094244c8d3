/**
 * `flags seasonality` on generated series: one planted summer peak, twelve
 * flat series, one of which is "seasonal" on its own p-value by chance.
 * `seasonal` is the Benjamini-Hochberg verdict, the raw p and the q-value
 * are both printed, in JSON and CSV, with the CLI.md fields. `flags trend`,
 * `exceptions` and `forecast` choose their methods by that same verdict,
 * and print what the shared functions (the app's Flags panel) compute.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANCE_SEASONAL, PLANTED_SUMMER, seasonalSeriesCsv } from '../../tests/helpers/seasonal-series';
import { bruteForceBh } from '../../tests/helpers/trend-series';
import { analyseAll, exceptionFlags, forecastFlags, runFlags, seasonalityFlags, trendFlags } from '../../shared/analytics/flags';
import { openWorkbench } from '../../shared/workbench';
import { loadSqlJs } from './load-sqljs';
import { runCli } from './run-cli';

let workbench: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-seasons-'));
  const extract = join(dir, 'street-seasons.csv');
  writeFileSync(extract, seasonalSeriesCsv());
  workbench = join(dir, 's.workbench');
  const imported = await runCli(['import', workbench, extract]);
  expect(imported.exitCode, imported.stderr).toBe(0);
}, 120_000);

interface SeasonalityRow {
  series: Record<string, string>;
  months: number;
  seasonal: boolean | null;
  p_value: number;
  q_value: number;
  significant: boolean;
  peak_month: number;
}

describe('flags seasonality on the command line', () => {
  it('seasonal only when significant after adjustment; p and q both printed', async () => {
    const out = await runCli(['flags', 'seasonality', workbench, '--by', 'crime_type']);
    expect(out.exitCode, out.stderr).toBe(0);
    const rows = JSON.parse(out.stdout) as SeasonalityRow[];
    expect(rows).toHaveLength(13);
    const q = bruteForceBh(rows.map((r) => r.p_value));
    rows.forEach((row, i) => {
      for (const field of ['series', 'months', 'seasonal', 'p_value', 'q_value', 'peak_month', 'trough_month', 'peak_index', 'trough_index', 'indices']) expect(row).toHaveProperty(field);
      expect(row.q_value).toBeCloseTo(q[i] ?? Number.NaN, 12);
      expect(row.seasonal, row.series.crime_type).toBe(row.q_value < 0.05);
    });
    const byType = new Map(rows.map((r) => [r.series.crime_type, r]));
    expect(byType.get(PLANTED_SUMMER)).toMatchObject({ seasonal: true, significant: true, peak_month: 7, months: 36 });
    const chance = byType.get(CHANCE_SEASONAL);
    expect(chance?.p_value).toBeLessThan(0.05);
    expect(chance).toMatchObject({ seasonal: false, significant: false });

    const csv = await runCli(['flags', 'seasonality', workbench, '--by', 'crime_type', '--format', 'csv']);
    expect(csv.exitCode, csv.stderr).toBe(0);
    const [header = '', ...lines] = csv.stdout.trim().split(/\r?\n/);
    const columns = header.split(',');
    const chanceLine = lines.find((line) => line.startsWith(`${CHANCE_SEASONAL},`))?.split(',') ?? [];
    expect(chanceLine[columns.indexOf('seasonal')]).toBe('false');
    expect(Number(chanceLine[columns.indexOf('p_value')])).toBeCloseTo(chance?.p_value ?? Number.NaN, 5);
    expect(Number(chanceLine[columns.indexOf('q_value')])).toBeCloseTo(chance?.q_value ?? Number.NaN, 5);
  });
});

describe('flags trend, exceptions and forecast on the command line follow the adjusted seasonal verdict', () => {
  const flagsOf = async <T>(kind: string, ...extra: string[]): Promise<T[]> => {
    const out = await runCli(['flags', kind, workbench, '--by', 'crime_type', ...extra]);
    expect(out.exitCode, out.stderr).toBe(0);
    return JSON.parse(out.stdout) as T[];
  };

  it('the chance series prints seasonal: false and the plain methods; the summer peak the seasonal ones; the same as the shared functions', async () => {
    const seasons = await flagsOf<SeasonalityRow>('seasonality');
    const trends = await flagsOf<{ series: Record<string, string>; method: string }>('trend');
    const exceptions = await flagsOf<{ series: Record<string, string>; seasonally_adjusted: boolean }>('exceptions');
    const forecasts = await flagsOf<{ series: Record<string, string>; model: string; seasonal: boolean; forecast: { month: string }[] }>('forecast');
    const index = (type: string): number => seasons.findIndex((r) => r.series.crime_type === type);
    const chance = index(CHANCE_SEASONAL);
    expect(seasons[chance]).toMatchObject({ seasonal: false });
    expect(trends[chance]).toMatchObject({ series: { crime_type: CHANCE_SEASONAL }, method: 'mann-kendall' });
    expect(exceptions[chance]).toMatchObject({ series: { crime_type: CHANCE_SEASONAL }, seasonally_adjusted: false });
    expect(forecasts[chance]).toMatchObject({ series: { crime_type: CHANCE_SEASONAL }, model: 'holt-linear', seasonal: false });
    const summer = index(PLANTED_SUMMER);
    expect(trends[summer]?.method).toBe('seasonal-mann-kendall');
    expect(exceptions[summer]?.seasonally_adjusted).toBe(true);
    expect(forecasts[summer]).toMatchObject({ model: 'holt-winters-additive', seasonal: true });
    // Six months after March 2024.
    expect(forecasts[summer]?.forecast.map((p) => p.month)).toEqual(['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09']);

    // The shared functions on the same workbench file give the same output, field for field.
    const db = openWorkbench(await loadSqlJs(), readFileSync(workbench));
    const analysed = analyseAll(db, { by: ['crime_type'], filters: [] });
    const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
    expect(seasons).toEqual(roundTrip(seasonalityFlags(analysed)));
    expect(trends).toEqual(roundTrip(trendFlags(analysed)));
    expect(exceptions).toEqual(roundTrip(exceptionFlags(analysed)));
    expect(forecasts).toEqual(roundTrip(forecastFlags(analysed)));
    // And what the Flags panel is sent.
    const panel = runFlags(db, { by: ['crime_type'], filters: [] });
    expect(forecasts.map((f) => f.model)).toEqual(panel.forecastModels);
    expect(trends.map((t) => t.method)).toEqual(panel.trend.map((t) => t.method));

    const csv = await runCli(['flags', 'forecast', workbench, '--by', 'crime_type', '--format', 'csv']);
    expect(csv.exitCode, csv.stderr).toBe(0);
    const [header = '', ...lines] = csv.stdout.trim().split(/\r?\n/);
    expect(header.split(',').slice(0, 3)).toEqual(['crime_type', 'model', 'seasonal']);
    expect(lines.find((line) => line.startsWith(`${CHANCE_SEASONAL},`))).toMatch(/^Robbery,holt-linear,false,/);
  });

  it('one series on its own (--where) is a set of one: q = p, its raw verdict stands, and its methods follow it', async () => {
    const where = ['--where', `crime_type=${CHANCE_SEASONAL}`];
    const [season] = await flagsOf<SeasonalityRow & { series_tested: number }>('seasonality', ...where);
    expect(season).toMatchObject({ seasonal: true, series_tested: 1 });
    expect(season?.q_value).toBe(season?.p_value);
    const [trend] = await flagsOf<{ method: string }>('trend', ...where);
    expect(trend?.method).toBe('seasonal-mann-kendall');
    const [exceptions] = await flagsOf<{ seasonally_adjusted: boolean }>('exceptions', ...where);
    expect(exceptions?.seasonally_adjusted).toBe(true);
    const [forecast] = await flagsOf<{ model: string }>('forecast', ...where);
    expect(forecast?.model).toBe('holt-winters-additive');
  });

  it('usage names the forecast kind', async () => {
    const usage = await runCli(['flags', 'wobble', workbench]);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toContain('flags seasonality|trend|exceptions|forecast <wb>');
  });
});
