/**
 * `flags trend` on generated series: one planted rise, twelve flat series,
 * one of which is "rising" on its own p-value by chance. The direction is
 * the Benjamini-Hochberg verdict, the raw p and the q-value are both printed,
 * in JSON and CSV, with the CLI.md fields.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANCE_RISE, PLANTED_RISE, bruteForceBh, trendSeriesCsv } from '../../tests/helpers/trend-series';
import { runCli } from './run-cli';

let workbench: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-trend-'));
  const extract = join(dir, 'street-trends.csv');
  writeFileSync(extract, trendSeriesCsv());
  workbench = join(dir, 't.workbench');
  const imported = await runCli(['import', workbench, extract]);
  expect(imported.exitCode, imported.stderr).toBe(0);
}, 120_000);

interface TrendRow {
  series: Record<string, string>;
  direction: string;
  p_value: number;
  q_value: number;
  significant: boolean;
  sen_slope: number;
  method: string;
}

describe('flags trend on the command line', () => {
  it('rising or falling only when significant after adjustment; p and q both printed', async () => {
    const out = await runCli(['flags', 'trend', workbench, '--by', 'crime_type']);
    expect(out.exitCode, out.stderr).toBe(0);
    const rows = JSON.parse(out.stdout) as TrendRow[];
    expect(rows).toHaveLength(13);
    const q = bruteForceBh(rows.map((r) => r.p_value));
    rows.forEach((row, i) => {
      for (const field of ['series', 'direction', 'p_value', 'q_value', 'sen_slope', 'method']) expect(row).toHaveProperty(field);
      expect(row.q_value).toBeCloseTo(q[i] ?? Number.NaN, 12);
      expect(row.direction === 'none', row.series.crime_type).toBe(!(row.q_value < 0.05));
    });
    const byType = new Map(rows.map((r) => [r.series.crime_type, r]));
    expect(byType.get(PLANTED_RISE)).toMatchObject({ direction: 'rising', significant: true, method: 'mann-kendall' });
    const chance = byType.get(CHANCE_RISE);
    expect(chance?.p_value).toBeLessThan(0.05);
    expect(chance).toMatchObject({ direction: 'none', significant: false });

    // CSV numbers are written to six significant figures.
    const csv = await runCli(['flags', 'trend', workbench, '--by', 'crime_type', '--format', 'csv']);
    expect(csv.exitCode, csv.stderr).toBe(0);
    const [header = '', ...lines] = csv.stdout.trim().split(/\r?\n/);
    const columns = header.split(',');
    expect(columns.slice(0, 6)).toEqual(['crime_type', 'direction', 'p_value', 'q_value', 'significant', 'sen_slope']);
    const chanceLine = lines.find((line) => line.startsWith(`${CHANCE_RISE},`))?.split(',') ?? [];
    expect(chanceLine[columns.indexOf('direction')]).toBe('none');
    expect(Number(chanceLine[columns.indexOf('p_value')])).toBeCloseTo(chance?.p_value ?? Number.NaN, 5);
    expect(Number(chanceLine[columns.indexOf('q_value')])).toBeCloseTo(chance?.q_value ?? Number.NaN, 5);
  });
});
