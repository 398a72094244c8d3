/**
 * The command line's chart, survey and profile commands (CLI.md "Survey"
 * and "Views, profiles and export") on a small workbench built here, so
 * they run in seconds.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartSize } from '../../shared/charts/theme';
import { readCsvFile } from '../../tests/helpers/csv-file';
import { runCli } from './run-cli';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');
let dir: string;
let wb: string;

/** PNG width and height from the IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** A police.uk-style street file: two years of months, two districts, three crime types (one tiny). */
function streetFile(): string {
  const lines = ['Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'];
  let id = 0;
  for (let m = 0; m < 24; m += 1) {
    const month = `${2023 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    const add = (n: number, type: string, lsoa: string): void => {
      for (let k = 0; k < n; k += 1) {
        id += 1;
        lines.push(`c${id},${month},Notts,Notts,-1.19,53.14,On or near Somewhere,E01028000,${lsoa},${type},,`);
      }
    };
    add(10 + (m % 12) + Math.floor(m / 3), 'Burglary', 'Mansfield 001A');
    add(6 + ((m * 7) % 5), 'Burglary', 'Ashfield 002B');
    add(8 + (m % 4), 'Vehicle crime', 'Mansfield 001A');
    add(5, 'Vehicle crime', 'Ashfield 002B');
    if (m === 23) add(2, 'Robbery', 'Mansfield 001A');
  }
  return lines.join('\n');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-cli-charts-'));
  wb = join(dir, 'small.workbench');
  const street = join(dir, '2023-2024-street.csv');
  writeFileSync(street, streetFile());
  const imported = await runCli(['import', wb, street, resolve(repo, 'tests/fixtures/extracts/respect.csv')]);
  // The survey fixture has one respondent with a blank weight (weight 1): the import says so, and nothing else.
  expect(imported.stderr.trim()).toBe("Warning: respect.csv: 1 respondent has a blank weight (line 5), counted as weight 1 beside the file's weighted respondents; give the weights if 1 is wrong.");
  expect(imported.exitCode).toBe(0);
  for (const args of [
    ['--name', 'Burglary trend', '--rows', 'crime_type', '--cols', 'month', '--where', 'crime_type=Burglary', '--chart', 'line'],
    ['--name', 'Crime by district', '--rows', 'district', '--cols', 'crime_type', '--from', '2024-12', '--to', '2024-12', '--chart', 'bar'],
    ['--name', 'December table', '--rows', 'district', '--cols', 'crime_type', '--from', '2024-12', '--to', '2024-12'],
  ]) {
    const saved = await runCli(['view', 'save', wb, ...args]);
    expect(saved.stderr).toBe('');
  }
});

describe('export --view as a chart', () => {
  it('PNG at the A4 preset: signature, IHDR size 170 x 100 mm at 300 dpi, not blank', async () => {
    const out = join(dir, 'trend.png');
    const result = await runCli(['export', wb, '--view', 'Burglary trend', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const png = readFileSync(out);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const size = chartSize('a4');
    expect(pngSize(png)).toEqual({ width: size.pixelWidth, height: size.pixelHeight });
    expect(size.pixelWidth).toBe(2008);
  });

  it('SVG carries the title, subtitle, source note and the series; --size slide and half', async () => {
    const out = join(dir, 'bars.svg');
    expect((await runCli(['export', wb, '--view', 'Crime by district', '--out', out, '--size', 'slide'])).exitCode).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toContain('Crime by district');
    // One month is said once in the subtitle.
    expect(svg).toContain('Count, Dec 2024');
    expect(svg).not.toContain('Dec 2024 to Dec 2024');
    expect(svg).toContain('Source: 2023-2024-street.csv');
    expect(svg).toContain('Vehicle crime');
    const half = join(dir, 'half.png');
    expect((await runCli(['export', wb, '--view', 'December table', '--out', half, '--size', 'half'])).exitCode).toBe(0);
    expect(pngSize(readFileSync(half))).toEqual({ width: chartSize('half').pixelWidth, height: chartSize('half').pixelHeight });
  });

  it('--suppress: the chart leaves out what the disclosed table hides and says so; the table shows <5 and [c]', async () => {
    const plain = join(dir, 'december.svg');
    const suppressed = join(dir, 'december-suppressed.svg');
    expect((await runCli(['export', wb, '--view', 'Crime by district', '--out', plain])).exitCode).toBe(0);
    expect((await runCli(['export', wb, '--view', 'Crime by district', '--out', suppressed, '--suppress'])).exitCode).toBe(0);
    expect(readFileSync(plain, 'utf8')).not.toContain('suppressed');
    expect(readFileSync(suppressed, 'utf8')).toContain('Figures from counts below 5 are suppressed (shown as gaps).');
    const csv = join(dir, 'december-suppressed.csv');
    expect((await runCli(['export', wb, '--view', 'December table', '--out', csv, '--suppress'])).exitCode).toBe(0);
    const lines = readCsvFile(csv).trim().split('\r\n');
    expect(lines[0]).toBe('Crime Analyst Workbench export');
    expect(lines).toContain('District,Burglary,Robbery,Vehicle crime,Total');
    // Mansfield's 2 robberies are <5 and its smallest other crime type a partner, so its total cannot give them away;
    // Ashfield had none, so the Robbery total (2) is <5 too.
    expect(lines.find((l) => l.startsWith('Mansfield,'))).toMatch(/^Mansfield,\d+,<5,\[c\],\d+$/);
    expect(lines.find((l) => l.startsWith('Total,'))).toMatch(/^Total,\d+,<5,\[c\],\d+$/);
  });

  it('usage errors exit 2, bad input 1; CSV and XLSX still work', async () => {
    expect((await runCli(['export', wb, '--view', 'Burglary trend', '--out', join(dir, 'x.png'), '--size', 'a3'])).exitCode).toBe(2);
    const unknown = await runCli(['export', wb, '--view', 'Burglary trend', '--out', join(dir, 'x.gif')]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain('.png');
    expect((await runCli(['export', wb, '--view', 'No such view', '--out', join(dir, 'x.png')])).exitCode).toBe(1);
    const csv = join(dir, 'trend.csv');
    expect((await runCli(['export', wb, '--view', 'Burglary trend', '--out', csv])).exitCode).toBe(0);
    expect(readCsvFile(csv)).toContain('Crime Analyst Workbench export');
  });
});

describe('survey', () => {
  it('prints one object per group with respondents, weighted and effective n, estimate and interval', async () => {
    const result = await runCli(['survey', wb, '--question', 'q_drug_dealing_problem', '--positive', 'Very big problem,Fairly big problem', '--by', 'area']);
    expect(result.stderr).toBe('');
    const rows = JSON.parse(result.stdout) as { group: Record<string, string>; respondents: number; weighted_n: number; effective_n: number; estimate: number; lower: number; upper: number }[];
    expect(rows.map((r) => r.group)).toEqual([{ area: 'Arboretum' }, { area: 'Bulwell' }]);
    const [arboretum] = rows;
    expect(arboretum?.respondents).toBe(3);
    expect(arboretum?.weighted_n).toBeCloseTo(3.17, 10);
    expect(arboretum?.effective_n).toBeCloseTo(3.17 ** 2 / (1.12 ** 2 + 1 + 1.05 ** 2), 10);
    expect(arboretum?.estimate).toBeCloseTo(2.12 / 3.17, 10);
    expect(arboretum?.lower).toBeLessThan(arboretum?.estimate ?? 0);
    // CLI.md's fields first, then each area against the rest (none here: 3 respondents are too few to compare).
    expect(Object.keys(arboretum ?? {})).toEqual(['group', 'respondents', 'weighted_n', 'effective_n', 'estimate', 'lower', 'upper', 'against_rest', 'rest_estimate', 'difference', 'p_value', 'q_value']);
    expect(arboretum).toMatchObject({ against_rest: null, rest_estimate: null, difference: null, p_value: null, q_value: null });
  });

  it('repeated --by, --wave and --level; usage and bad input', async () => {
    const both = JSON.parse(
      (await runCli(['survey', wb, '--question', 'q_police_council_dealing', '--positive', 'Strongly agree,Tend to agree', '--by', 'area', '--by', 'wave', '--wave', '2013', '--level', '99.8'])).stdout,
    ) as { group: Record<string, string> }[];
    expect(both.map((r) => r.group)).toEqual([
      { area: 'Arboretum', wave: '2013' },
      { area: 'Bulwell', wave: '2013' },
    ]);
    expect((await runCli(['survey', wb, '--question', 'q_x', '--positive', 'a', '--by', 'ward'])).exitCode).toBe(2);
    expect((await runCli(['survey', wb, '--question', 'q_x', '--positive', 'a', '--level', '50'])).exitCode).toBe(2);
    expect((await runCli(['survey', wb, '--positive', 'a'])).exitCode).toBe(2);
    const missing = await runCli(['survey', wb, '--question', 'q_nothing', '--positive', 'a']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('q_drug_dealing_problem');
  });
});

describe('profile add and export', () => {
  it('adds views and commentary, then writes a Word document with captions, suppression and images', async () => {
    const add = (args: string[]): Promise<{ exitCode: number; stderr: string }> => runCli(['profile', 'add', wb, '--name', 'Mansfield profile', ...args]);
    expect((await add(['--text', '# Summary\n\nBurglary in Mansfield rose through 2024.'])).exitCode).toBe(0);
    expect((await add(['--view', 'Burglary trend', '--caption', 'Burglary per month, Mansfield and Ashfield'])).exitCode).toBe(0);
    expect((await add(['--view', 'December table'])).exitCode).toBe(0);
    expect((await add(['--view', 'No such view'])).exitCode).toBe(1);
    expect((await add(['--view', 'Burglary trend', '--text', 'both'])).exitCode).toBe(2);

    const out = join(dir, 'profile.docx');
    const exported = await runCli(['profile', 'export', wb, '--name', 'Mansfield profile', '--out', out]);
    expect(exported.stderr).toBe('');
    expect(exported.exitCode).toBe(0);
    const { stdout: xml } = await run('unzip', ['-p', out, 'word/document.xml'], { maxBuffer: 32 * 1024 * 1024 });
    expect(xml).toContain('Figure 1: ');
    expect(xml).toContain('Burglary per month, Mansfield and Ashfield');
    expect(xml).toContain('Table 1: ');
    expect(xml).toContain('Burglary in Mansfield rose through 2024.');
    // December: Mansfield has 2 robberies, so "<5" appears and a partner is withheld.
    expect(xml).toContain('&lt;5');
    expect(xml).toContain('[c]');
    const { stdout: listing } = await run('unzip', ['-l', out]);
    expect(listing).toMatch(/word\/media\/.+\.png/);

    const open = join(dir, 'profile-open.docx');
    expect((await runCli(['profile', 'export', wb, '--name', 'Mansfield profile', '--out', open, '--no-suppression'])).exitCode).toBe(0);
    const { stdout: openXml } = await run('unzip', ['-p', open, 'word/document.xml'], { maxBuffer: 32 * 1024 * 1024 });
    expect(openXml).not.toContain('&lt;5');
    expect(openXml).toContain('Disclosure control is OFF');

    expect((await runCli(['profile', 'export', wb, '--name', 'Nobody', '--out', join(dir, 'n.docx')])).exitCode).toBe(1);
    expect((await runCli(['profile', 'export', wb, '--name', 'Mansfield profile', '--out', join(dir, 'n.pdf')])).exitCode).toBe(2);
    expect(existsSync(join(dir, 'n.docx'))).toBe(false);
  });
});

describe('survey against the rest', () => {
  it('prints each area against the rest, flat beside its share, in JSON and CSV: the planted ward is higher', async () => {
    const { PLANTED, RESPECT_COLUMNS, objectsToCsv, respectRows } = await import('../../shared/generator/index');
    const dir = mkdtempSync(join(tmpdir(), 'cawb-survey-rest-'));
    const survey = join(dir, 'respect.csv');
    writeFileSync(survey, objectsToCsv(RESPECT_COLUMNS, respectRows({ seed: 2 })));
    const book = join(dir, 'survey.workbench');
    expect((await runCli(['import', book, survey])).exitCode).toBe(0);
    const args = ['survey', book, '--question', PLANTED.respectSurvey.question, '--positive', PLANTED.respectSurvey.bigProblemAnswers.join(','), '--by', 'area'];
    const rows = JSON.parse((await runCli(args)).stdout) as { group: { area: string }; estimate: number; against_rest: string; rest_estimate: number; difference: number; q_value: number }[];
    const ward = rows.find((r) => r.group.area === PLANTED.respectSurvey.ward);
    expect(ward?.against_rest).toBe('higher');
    expect(ward?.difference).toBeCloseTo((ward?.estimate ?? 0) - (ward?.rest_estimate ?? 0), 12);
    expect(ward?.q_value).toBeLessThan(0.05);
    expect(rows.every((r) => ['higher', 'lower', 'similar'].includes(r.against_rest))).toBe(true);
    const csv = (await runCli([...args, '--format', 'csv'])).stdout.trim().split('\r\n');
    expect(csv[0]).toBe('area,respondents,weighted_n,effective_n,estimate,lower,upper,against_rest,rest_estimate,difference,p_value,q_value');
    expect(csv.find((line) => line.startsWith(`${PLANTED.respectSurvey.ward},`))?.split(',')[7]).toBe('higher');
  }, 60_000);
});
