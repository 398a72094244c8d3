/**
 * The command line against its contract (shared/CLI.md) where an audit
 * found it short: import warnings on stderr, outputs that cannot be
 * written (the workbench left as it was), --where values the workbench
 * does not have, and a --from after --to.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { malformedFiles } from '../../shared/generator';
import { runCli } from './run-cli';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-cli-audit-'));
});

/** The generator's malformed file of that name, written to the test folder. */
function malformed(name: string): string {
  const file = malformedFiles(1).files.find((f) => basename(f.name) === name);
  if (file === undefined) throw new Error(`no malformed file ${name}`);
  const path = join(dir, name);
  writeFileSync(path, file.bytes);
  return path;
}

const DISTRICT = [
  'record_ref,committed_date,crime_type,district,victim_ref,domestic,easting,northing',
  'A1,03/04/2023,Burglary Dwelling,Mansfield,V-1,N,453120.4,360410',
  'A2,04/04/2023,Shoplifting,Mansfield,,N,453120.2,360410',
  'A3,05/05/2023,Burglary Dwelling,Gedling,V-2,Y,461212,343170',
  'A4,31/02/2023,Burglary Dwelling,Gedling,V-3,N,461212,343170',
].join('\n');

function districtFile(): string {
  const path = join(dir, 'district.csv');
  writeFileSync(path, `${DISTRICT}\n`);
  return path;
}

async function imported(): Promise<string> {
  const wb = join(dir, 'x.workbench');
  const result = await runCli(['import', wb, districtFile()]);
  expect(result.exitCode, result.stderr).toBe(0);
  return wb;
}

describe('import warnings', () => {
  it('go to stderr (Windows-1252, a title row, a totals row); stdout stays one JSON document', async () => {
    const wb = join(dir, 'w.workbench');
    const result = await runCli(['import', wb, malformed('district-aliases-cp1252.csv'), malformed('district-title-totals.csv')]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(2);
    expect(result.stderr).toContain('district-aliases-cp1252.csv is not UTF-8; read it as Windows-1252');
    expect(result.stderr).toContain('district-title-totals.csv: the header is on line 2');
    expect(result.stderr).toMatch(/district-title-totals\.csv line 153: .*skipped/);
    // The Windows-1252 ward is stored with its apostrophe (U+2019), as the app stores it.
    const wards = await runCli(['pivot', wb, '--rows', 'ward', '--where', 'district=Nottingham City', '--format', 'json']);
    const names = (JSON.parse(wards.stdout) as { data: { ward: string }[] }).data.map((row) => row.ward);
    expect(names).toContain('St. Ann\u2019s');
    expect(names.some((name) => /[\u0080-\u009f]/.test(name))).toBe(false);
  });

  it('a clean import prints nothing on stderr', async () => {
    const result = await runCli(['import', join(dir, 'c.workbench'), malformed('district-bad-rows.csv')]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('outputs that cannot be written', () => {
  it('import --rejects into a missing folder exits 1 naming that file, and leaves the workbench as it was', async () => {
    const wb = await imported();
    const before = readFileSync(wb);
    const other = join(dir, 'more.csv');
    writeFileSync(other, `${DISTRICT.replace(/A(\d)/g, 'B$1')}\n`);
    const rejects = join(dir, 'no-such-folder', 'rejects.csv');
    const result = await runCli(['import', wb, other, '--rejects', rejects]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(rejects);
    expect(result.stderr).not.toMatch(/\.tmp-/);
    expect(readFileSync(wb).equals(before)).toBe(true);
    // A new workbench is not created either.
    const fresh = join(dir, 'fresh.workbench');
    expect((await runCli(['import', fresh, other, '--rejects', rejects])).exitCode).toBe(1);
    expect(existsSync(fresh)).toBe(false);
    // A workbench in a missing folder is refused before the rejects file is written.
    const elsewhere = join(dir, 'gone', 'x.workbench');
    const written = join(dir, 'rejects-written.csv');
    const refused = await runCli(['import', elsewhere, other, '--rejects', written]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(elsewhere);
    expect(existsSync(written)).toBe(false);
  });

  it('export --out into a missing folder exits 1 naming the file asked for, not a temporary one', async () => {
    const wb = await imported();
    expect((await runCli(['view', 'save', wb, '--name', 'By district', '--rows', 'district'])).exitCode).toBe(0);
    const out = join(dir, 'missing', 'by-district.csv');
    const result = await runCli(['export', wb, '--view', 'By district', '--out', out]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(out);
    expect(result.stderr).not.toMatch(/\.tmp-/);
  });
});

describe('--where values', () => {
  it('a value the workbench does not have exits 1 naming the dimension and listing the values it has', async () => {
    const wb = await imported();
    const before = readFileSync(wb);
    const typo = await runCli(['pivot', wb, '--rows', 'district', '--where', 'district=Mansfeld']);
    expect(typo.exitCode).toBe(1);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toContain('--where district=Mansfeld');
    expect(typo.stderr).toContain('Gedling, Mansfield');
    // The flags are Yes / No in the pivot, whatever the extract wrote (Y/N, 1/0).
    const flag = await runCli(['pivot', wb, '--rows', 'district', '--where', 'domestic=Y']);
    expect(flag.exitCode).toBe(1);
    expect(flag.stderr).toContain('Yes');
    // view save and the analyses check their filters the same way, and save nothing.
    const view = await runCli(['view', 'save', wb, '--name', 'Typo', '--rows', 'district', '--where', 'crime_type=Burglary']);
    expect(view.exitCode).toBe(1);
    expect(view.stderr).toContain('Burglary Dwelling');
    expect(readFileSync(wb).equals(before)).toBe(true);
    expect((await runCli(['repeats', wb, '--where', 'district=Nowhere'])).exitCode).toBe(1);
    expect((await runCli(['flags', 'trend', wb, '--by', 'district', '--where', 'district=Nowhere'])).exitCode).toBe(1);
  });

  it('known values, in any case, still filter; one unknown among several is still an error', async () => {
    const wb = await imported();
    const result = await runCli(['pivot', wb, '--rows', 'district', '--where', 'crime_type=burglary dwelling', '--where', 'domestic=yes', '--format', 'json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { data: { district: string; total: number }[] }).data).toEqual([
      expect.objectContaining({ district: 'Gedling', total: 1 }),
    ]);
    const mixed = await runCli(['pivot', wb, '--rows', 'district', '--where', 'district=Gedling', '--where', 'district=Gedlin']);
    expect(mixed.exitCode).toBe(1);
    expect(mixed.stderr).toContain('Gedlin');
  });
});

describe('--from and --to', () => {
  it('a --from after --to is wrong usage (exit 2), not an empty table', async () => {
    const wb = await imported();
    const result = await runCli(['pivot', wb, '--rows', 'district', '--from', '2023-05', '--to', '2023-04']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--from 2023-05 is after --to 2023-04');
    expect((await runCli(['pivot', wb, '--rows', 'district', '--from', '2023-04', '--to', '2023-04'])).exitCode).toBe(0);
  });
});

describe('near-repeat option values', () => {
  it('a band, count, permutation number, seed or break list that cannot be is wrong usage (exit 2) naming the option', async () => {
    const wb = await imported();
    const cases: [string[], string][] = [
      [['--space-band', '0'], '--space-band'],
      [['--time-band', '0'], '--time-band'],
      [['--space-bands', '0'], '--space-bands'],
      [['--time-bands', '2.5'], '--time-bands'],
      [['--permutations', '2.5'], '--permutations'],
      [['--seed', '1.5'], '--seed'],
      [['--space-breaks', '200,100'], '--space-breaks'],
      [['--time-breaks', '0,x'], '--time-breaks'],
      [['--space-breaks', '-5,10'], '--space-breaks'],
    ];
    for (const [option, name] of cases) {
      const result = await runCli(['near-repeat', wb, '--crime-type', 'Burglary Dwelling', ...option]);
      expect(result.exitCode, option.join(' ')).toBe(2);
      expect(result.stderr, option.join(' ')).toContain(name);
    }
  });
});

describe('repeats option values', () => {
  it('a window of zero days is wrong usage (exit 2); a grid of 0 metres is the exact point, as in the app, not a table of NaN places', async () => {
    const wb = await imported();
    const exact = await runCli(['repeats', wb, '--locations']);
    const zero = await runCli(['repeats', wb, '--locations', '--grid-size', '0']);
    expect(zero.exitCode, zero.stderr).toBe(0);
    expect(zero.stdout).toBe(exact.stdout);
    expect(zero.stdout).not.toContain('NaN');
    expect((await runCli(['repeats', wb, '--locations', '--grid-size', '-5'])).exitCode).toBe(2);
    for (const option of [['--window-days', '0'], ['--top', '3', '--window-days', '0']]) {
      const result = await runCli(['repeats', wb, ...option]);
      expect(result.exitCode, option.join(' ')).toBe(2);
      expect(result.stdout, option.join(' ')).toBe('');
      expect(result.stderr, option.join(' ')).toContain(option.at(-2) ?? '');
    }
  });
});

describe('--format', () => {
  it('repeats and survey print CSV when asked (a header row, then one row per series); commands with one JSON document refuse csv', async () => {
    const wb = await imported();
    const json = JSON.parse((await runCli(['repeats', wb, '--by', 'district'])).stdout) as Record<string, unknown>[];
    const csv = await runCli(['repeats', wb, '--by', 'district', '--format', 'csv']);
    expect(csv.exitCode, csv.stderr).toBe(0);
    const [header, ...rows] = csv.stdout.trim().split('\r\n');
    expect(header?.split(',').slice(0, 4)).toEqual(['district', 'group', 'victims', 'repeat_victims']);
    expect(rows).toHaveLength(json.length);
    expect(rows[0]?.split(',').slice(0, 4)).toEqual(['Gedling', 'all', String(json[0]?.victims), String(json[0]?.repeat_victims)]);
    expect((await runCli(['repeats', wb, '--format', 'xml'])).exitCode).toBe(2);
    for (const args of [['info', wb], ['repeats', wb, '--top', '2'], ['repeats', wb, '--locations'], ['near-repeat', wb, '--crime-type', 'Burglary Dwelling']]) {
      const refused = await runCli([...args, '--format', 'csv']);
      expect(refused.exitCode, args.join(' ')).toBe(2);
      expect(refused.stderr, args.join(' ')).toContain('--format');
    }
    // The survey's groups become columns too.
    const survey = join(dir, 'survey.csv');
    writeFileSync(survey, 'respondent_id,wave,area,weight,q_safe_after_dark\nR1,2023,Arboretum,1,Very safe\nR2,2023,Arboretum,1,Very unsafe\nR3,2023,Bulwell,2,Fairly safe\n');
    expect((await runCli(['import', wb, survey])).exitCode).toBe(0);
    const shares = await runCli(['survey', wb, '--question', 'q_safe_after_dark', '--positive', 'Very safe,Fairly safe', '--by', 'area', '--format', 'csv']);
    expect(shares.exitCode, shares.stderr).toBe(0);
    const [surveyHeader, arboretum, bulwell] = shares.stdout.trim().split('\r\n');
    expect(surveyHeader?.split(',').slice(0, 3)).toEqual(['area', 'respondents', 'weighted_n']);
    expect(arboretum?.split(',').slice(0, 2)).toEqual(['Arboretum', '2']);
    expect(bulwell?.split(',').slice(0, 3)).toEqual(['Bulwell', '1', '2']);
  });
});
