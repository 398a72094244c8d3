/**
 * `pivot --measure rate` by victim sex: the CSV divides each sex's victims
 * by that sex's residents, prints blanks where the population has no figures
 * by sex (or the sex is not recorded), and says why on stderr.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

let workbench: string;
const csv = (text: string): string[][] => text.trim().split(/\r\n/).map((line) => line.split(','));

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cawb-cli-sex-rate-'));
  workbench = join(dir, 's.workbench');
  const lines = ['record_ref,committed_date,crime_type,district,victim_sex'];
  // Mansfield: 3 female, 4 male, 2 not recorded; Gedling: 2 female, 1 male; all in June 2023.
  const planted: [string, string, number][] = [
    ['Mansfield', 'F', 3],
    ['Mansfield', 'M', 4],
    ['Mansfield', '', 2],
    ['Gedling', 'F', 2],
    ['Gedling', 'M', 1],
  ];
  let ref = 0;
  for (const [district, sex, n] of planted) for (let i = 0; i < n; i++) lines.push(`C${ref++},15/06/2023,Burglary,${district},${sex}`);
  const district = join(dir, 'district.csv');
  writeFileSync(district, lines.join('\n'));
  // 1,000 females and 2,000 males in Mansfield; Gedling persons only.
  const population = join(dir, 'population-2023.csv');
  writeFileSync(population, ['area_name,year,age_band,sex,population', 'Mansfield,2023,All ages,F,1000', 'Mansfield,2023,All ages,M,2000', 'Gedling,2023,All ages,,5000'].join('\n'));
  const imported = await runCli(['import', workbench, district, population]);
  expect(imported.stderr).toBe('');
  expect(imported.exitCode).toBe(0);
});

describe('pivot --measure rate by victim sex', () => {
  it('--cols sex: per 1,000 of that sex; blanks and notes for persons-only districts and unknown sex', async () => {
    const result = await runCli(['pivot', workbench, '--rows', 'district', '--cols', 'sex', '--measure', 'rate', '--totals']);
    expect(result.exitCode).toBe(0);
    const table = csv(result.stdout);
    expect(table[0]).toEqual(['district', 'Female', 'Male', 'Unknown', 'Total']);
    const mansfield = table.find((r) => r[0] === 'Mansfield') ?? [];
    const gedling = table.find((r) => r[0] === 'Gedling') ?? [];
    // 3 / 1,000 and 4 / 2,000 per 1,000; the row total is all 9 over 3,000 persons.
    expect(mansfield.slice(1).map((v) => (v === '' ? null : Number(v)))).toEqual([3, 2, null, 3]);
    expect(gedling.slice(1).map((v) => (v === '' ? null : Number(v)))).toEqual([null, null, null, 0.6]);
    expect(result.stderr).toContain('Note: The population loaded for Gedling has no figures by sex (persons only): its rates by victim sex are blank.');
    expect(result.stderr).toContain('Note: Victims whose sex is not recorded have no population to divide by');
  });

  it('--where sex=Female divides by females only', async () => {
    const result = await runCli(['pivot', workbench, '--rows', 'district', '--measure', 'rate', '--where', 'sex=Female', '--where', 'district=Mansfield']);
    expect(result.exitCode).toBe(0);
    expect(csv(result.stdout)).toEqual([['district', 'value'], ['Mansfield', '3']]);
    expect(result.stderr).toBe('');
  });
});
