/**
 * `profile add --repeats | --knox | --survey`: the same options as the
 * repeats, near-repeat and survey commands, and the exported pack's tables
 * print what those commands answer for them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RESPECT_COLUMNS, districtCsv, generateDistrictRecords, objectsToCsv, respectRows } from '../../shared/generator';
import { docxTables } from '../../tests/helpers/profile-tables';
import { runCli } from './run-cli';

let dir: string;
let wb: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-cli-profile-analysis-'));
  wb = join(dir, 'analysis.workbench');
  const district = join(dir, 'district.csv');
  const respect = join(dir, 'respect.csv');
  writeFileSync(district, districtCsv([...generateDistrictRecords({ seed: 5, records: 6000, districts: ['Mansfield', 'Gedling'] })]));
  writeFileSync(respect, objectsToCsv(RESPECT_COLUMNS, respectRows({ seed: 5, waves: [2023], respondentsPerWave: 400 })));
  const imported = await runCli(['import', wb, district, respect]);
  expect(imported.exitCode, imported.stderr).toBe(0);
}, 120_000);

const REPEATS = ['--group', 'domestic', '--window-days', '180', '--by', 'district'];
const KNOX = ['--crime-type', 'Burglary Dwelling', '--permutations', '19', '--seed', '2', '--space-breaks', '0,200,Inf', '--time-breaks', '0,7,Inf'];
const SURVEY = ['--question', 'q_asb_problem', '--positive', 'Very big problem,Fairly big problem', '--by', 'area', '--wave', '2023'];

async function json<T>(args: string[]): Promise<T> {
  const result = await runCli(args);
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

describe('profile add --repeats, --knox and --survey', () => {
  it("adds the three tables and the Word pack prints the commands' figures", async () => {
    for (const [flag, options, caption] of [
      ['--repeats', REPEATS, []],
      ['--knox', KNOX, []],
      ['--survey', SURVEY, ['--caption', 'ASB as a problem by ward']],
    ] as const) {
      const added = await runCli(['profile', 'add', wb, '--name', 'P', flag, ...options, ...caption]);
      expect(added.exitCode, added.stderr).toBe(0);
    }
    const out = join(dir, 'p.docx');
    const exported = await runCli(['profile', 'export', wb, '--name', 'P', '--out', out, '--no-suppression']);
    expect(exported.exitCode, exported.stderr).toBe(0);
    const [repeats, knox, survey] = docxTables(readFileSync(out));

    const rows = await json<{ series: { district: string }; victims: number; repeat_victims: number; records: number }[]>(['repeats', wb, ...REPEATS]);
    expect(rows).toHaveLength(2);
    expect(repeats?.[0]?.slice(0, 3)).toEqual(['District', 'Victims', 'Repeat victims']);
    for (const row of rows) {
      const printed = repeats?.find((r) => r[0] === row.series.district);
      expect(printed?.slice(1, 3)).toEqual([row.victims, row.repeat_victims].map((n) => n.toLocaleString('en-GB')));
      expect(printed?.[6]).toBe(row.records.toLocaleString('en-GB'));
    }

    const near = await json<{ space_bands: string[]; time_bands: string[]; observed: number[][]; significant: boolean[][] }>(['near-repeat', wb, ...KNOX]);
    expect(knox?.slice(1).map((r) => [r[0], r[1], r[2], r[6]])).toEqual(
      near.space_bands.flatMap((s, i) => near.time_bands.map((t, j) => [s, t, String(near.observed[i]?.[j]), near.significant[i]?.[j] ? 'Yes' : 'No'])),
    );

    const shares = await json<{ group: { area: string }; respondents: number; estimate: number }[]>(['survey', wb, ...SURVEY]);
    expect(shares.length).toBeGreaterThan(5);
    expect(survey?.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual(shares.map((s) => [s.group.area, String(s.respondents), `${(s.estimate * 100).toFixed(1)}%`]));
  }, 120_000);

  it('the window and caption are kept: the note says 180 days, the survey table its caption', async () => {
    const out = join(dir, 'p.html');
    expect((await runCli(['profile', 'export', wb, '--name', 'P', '--out', out])).exitCode).toBe(0);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('within 180 days of each other');
    expect(page).toContain('ASB as a problem by ward');
    expect(page).toContain('Near repeats of Burglary Dwelling: pairs by distance and days apart');
  }, 120_000);

  it('bad options are wrong usage naming the option, as in the commands themselves', async () => {
    const zero = await runCli(['profile', 'add', wb, '--name', 'P', '--repeats', '--window-days', '0']);
    expect(zero.exitCode).toBe(2);
    expect(zero.stderr).toContain('--window-days');
    const two = await runCli(['profile', 'add', wb, '--name', 'P', '--repeats', '--survey']);
    expect(two.exitCode).toBe(2);
    expect(two.stderr).toContain('one item at a time');
    const noType = await runCli(['profile', 'add', wb, '--name', 'P', '--knox']);
    expect(noType.exitCode).toBe(2);
    expect(noType.stderr).toContain('--crime-type');
    const noQuestion = await runCli(['profile', 'add', wb, '--name', 'P', '--survey', '--positive', 'Yes']);
    expect(noQuestion.exitCode).toBe(2);
  });
});
