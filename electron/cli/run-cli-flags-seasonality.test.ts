/**
 * `flags seasonality` on generated series: one planted summer peak, twelve
 * flat series, one of which is "seasonal" on its own p-value by chance.
 * `seasonal` is the Benjamini-Hochberg verdict, the raw p and the q-value
 * are both printed, in JSON and CSV, with the CLI.md fields.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANCE_SEASONAL, PLANTED_SUMMER, seasonalSeriesCsv } from '../../tests/helpers/seasonal-series';
import { bruteForceBh } from '../../tests/helpers/trend-series';
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
