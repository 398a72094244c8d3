import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../shared/schema';
import { readCsvFile } from '../../tests/helpers/csv-file';
import { countIndependently, policeUkFiles } from '../../tests/helpers/police-uk-data';
import { saveView } from '../../shared/views';
import { exportWorkbench, openWorkbench } from '../../shared/workbench';
import { loadSqlJs } from './load-sqljs';
import { runCli } from './run-cli';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');
const files = policeUkFiles();
let dir: string;
let workbench: string;

/** Parses the CLI's CSV (numbers and plain labels; quoted labels unquoted). */
function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((c) => c.replace(/^"(.*)"$/, '$1')));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-cli-'));
  workbench = join(dir, 'x.workbench');
  const result = await runCli(['import', workbench, ...files]);
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
});

describe('command line', () => {
  it('import prints one JSON entry per file with read / accepted / rejected / duplicate / updated', async () => {
    const again = await runCli(['import', workbench, files[0] ?? '']);
    const [entry] = JSON.parse(again.stdout) as Record<string, unknown>[];
    expect(entry).toEqual({
      file: '2023-01-nottinghamshire-street.csv',
      kind: 'police-uk',
      read: 10665,
      accepted: 0,
      rejected: 0,
      duplicate: 10665,
      updated: 0,
    });
  });

  it('pivot --rows crime_type --cols district --format csv matches the raw files', async () => {
    const result = await runCli(['pivot', workbench, '--rows', 'crime_type', '--cols', 'district', '--format', 'csv']);
    expect(result.exitCode).toBe(0);
    const [header, ...rows] = parseCsv(result.stdout);
    expect(header?.[0]).toBe('crime_type');
    const fromCli = new Map<string, number>();
    for (const row of rows) {
      header?.slice(1).forEach((district, j) => {
        const count = Number(row[j + 1]);
        if (count > 0) fromCli.set(`${row[0] ?? ''}|${district}`, count);
      });
    }
    expect(fromCli).toEqual(countIndependently(files).byTypeAndDistrict);
    // No totals row unless asked.
    expect(rows.some((row) => row[0] === 'Total')).toBe(false);
  });

  it('info reports schema version, records, sources, imports and date range', async () => {
    const info = JSON.parse((await runCli(['info', workbench])).stdout) as Record<string, unknown>;
    expect(info).toMatchObject({ schemaVersion: SCHEMA_VERSION, records: 258417, sources: { 'police-uk': 258417 }, dateRange: { from: '2023-01', to: '2024-12' } });
    expect(info.imports).toHaveLength(25);
  });

  it('pivot --format json, filters and a month range', async () => {
    const result = await runCli([
      'pivot', workbench, '--rows', 'district', '--cols', 'month', '--where', 'crime_type=Burglary',
      '--where', 'district=Mansfield', '--from', '2024-01', '--to', '2024-03', '--format', 'json',
    ]);
    const parsed = JSON.parse(result.stdout) as { data: { district: string; cells: Record<string, number> }[] };
    expect(parsed.data).toHaveLength(1);
    const lines = files.filter((f) => /2024-0[1-3]/.test(f)).flatMap((f) => readFileSync(f, 'utf8').split('\n'));
    const expected = lines.filter((l) => /,Mansfield \d{3}[A-Z],Burglary,/.test(l)).length;
    expect(Object.values(parsed.data[0]?.cells ?? {}).reduce((a, b) => a + b, 0)).toBe(expected);
  });

  it('view save then export --view writes the view as CSV', async () => {
    const saved = await runCli(['view', 'save', workbench, '--name', 'Burglary by district', '--rows', 'district', '--where', 'crime_type=Burglary']);
    expect(saved.exitCode).toBe(0);
    const out = join(dir, 'view.csv');
    const exported = await runCli(['export', workbench, '--view', 'Burglary by district', '--out', out]);
    expect(exported.exitCode).toBe(0);
    const lines = readCsvFile(out).split('\r\n');
    expect(lines[0]).toBe('Crime Analyst Workbench export');
    expect(lines).toContain('Filters: Crime type = Burglary');
    // Each source named with its kind in words; the JSON of info keeps the code.
    const sources = parseCsv(lines.join('\r\n')).map((l) => l[0] ?? '').filter((l) => l.startsWith('Source: '));
    const info = JSON.parse((await runCli(['info', workbench])).stdout) as { imports: { file: string; kind: string }[] };
    expect(info.imports.map((i) => i.kind)).toEqual(info.imports.map(() => 'police-uk'));
    expect(sources).toHaveLength(info.imports.length);
    for (const line of sources) expect(line).toMatch(/^Source: \d{4}-\d{2}-nottinghamshire-street\.csv \(police\.uk street-level file, [\d,]+ records, /);
    // Nothing in Columns: one value column and no Total column, as the app's grid and export show it.
    const header = lines.indexOf('District,Count');
    expect(header).toBeGreaterThan(0);
    const burglaryRows = files.flatMap((f) => readFileSync(f, 'utf8').split('\n')).filter((l) => /,Mansfield \d{3}[A-Z],Burglary,/.test(l));
    expect(lines.slice(header)).toContain(`Mansfield,${burglaryRows.length}`);
    const xlsx = join(dir, 'view.xlsx');
    expect((await runCli(['export', workbench, '--view', 'Burglary by district', '--out', xlsx])).exitCode).toBe(0);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
  });

  it("export --view lists rows in the view's saved sort, groups by their subtotals", async () => {
    // The command line saves views without a sort; the workbench's grid saves one, as here.
    const sorted = join(dir, 'sorted.workbench');
    copyFileSync(workbench, sorted);
    const SQL = await loadSqlJs();
    const db = openWorkbench(SQL, readFileSync(sorted), 'sorted.workbench');
    saveView(db, 'Districts by count', { rows: ['district'], columns: [], measure: 'count', filters: [] }, 'table', new Date(), { column: '__total', direction: 'desc' });
    saveView(db, 'Districts by name', { rows: ['district'], columns: [], measure: 'count', filters: [] }, 'table', new Date(), { column: '__row', direction: 'desc' });
    saveView(
      db,
      'Nested by type count',
      { rows: ['district', 'crime_type'], columns: [], measure: 'count', filters: [] },
      'table',
      new Date(),
      { column: 'value', direction: 'asc' },
    );
    writeFileSync(sorted, exportWorkbench(db));
    db.close();

    const counts = countIndependently(files).byTypeAndDistrict;
    const byDistrict = new Map<string, number>();
    for (const [key, n] of counts) {
      const district = key.split('|')[1] ?? '';
      byDistrict.set(district, (byDistrict.get(district) ?? 0) + n);
    }
    const bodyOf = async (name: string): Promise<string[][]> => {
      const out = join(dir, `${name}.csv`);
      expect((await runCli(['export', sorted, '--view', name, '--out', out])).exitCode).toBe(0);
      const lines = parseCsv(readCsvFile(out));
      const header = lines.findIndex((l) => l[0] === 'District' || l[0] === 'District / Crime type');
      expect(header).toBeGreaterThan(0);
      return lines.slice(header + 1).filter((l) => l[0] !== 'Total');
    };

    const byCount = await bodyOf('Districts by count');
    // Largest first; ties may come in either order, so the counts' sequence and the rows' set are checked.
    const countsShown = byCount.map((l) => Number(l[1]));
    expect(countsShown).toEqual([...byDistrict.values()].sort((a, b) => b - a));
    expect(new Map(byCount.map((l) => [l[0], Number(l[1])]))).toEqual(byDistrict);

    const byName = (await bodyOf('Districts by name')).map((l) => l[0]);
    expect(byName).toEqual([...byDistrict.keys()].sort((a, b) => b.localeCompare(a, 'en-GB')));

    // Nested: districts smallest first by their subtotal, and within each district its crime types smallest first.
    // Each district's group row comes first, with its subtotal, as in the grid.
    const nested = await bodyOf('Nested by type count');
    const districts = [...new Set(nested.map((l) => (l[0] ?? '').split(' / ')[0]))];
    expect(districts.map((d) => byDistrict.get(d ?? ''))).toEqual([...byDistrict.values()].sort((a, b) => a - b));
    for (const district of districts) {
      const group = nested.filter((l) => (l[0] ?? '').startsWith(`${district ?? ''} / `));
      expect(group[0]?.[0]).toBe(`${district ?? ''} / Subtotal`);
      expect(Number(group[0]?.[1])).toBe(byDistrict.get(district ?? ''));
      const values = group.slice(1).map((l) => Number(l[1]));
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }
    // Within a big district the order is really exercised (crime types differ in number).
    expect(new Set(nested.filter((l) => (l[0] ?? '').startsWith('Mansfield / ')).map((l) => l[1])).size).toBeGreaterThan(5);
  });

  it('wrong usage exits 2 with the right form; bad input exits 1 naming the file', async () => {
    const usage = await runCli(['pivot', workbench, '--rows', 'colour']);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toContain('--rows must be one of');
    expect((await runCli(['frobnicate'])).exitCode).toBe(2);

    const notWorkbench = await runCli(['info', files[0] ?? '']);
    expect(notWorkbench.exitCode).toBe(1);
    expect(notWorkbench.stderr).toContain('2023-01-nottinghamshire-street.csv is not a workbench file');

    const bogus = join(dir, 'bogus.csv');
    writeFileSync(bogus, 'date,amount\n2023-01-01,5\n');
    const copy = join(dir, 'copy.workbench');
    copyFileSync(workbench, copy);
    const before = readFileSync(copy);
    const badImport = await runCli(['import', copy, bogus]);
    expect(badImport.exitCode).toBe(1);
    expect(badImport.stderr).toContain('bogus.csv line 1');
    expect(readFileSync(copy).equals(before)).toBe(true);

    const fresh = join(dir, 'never.workbench');
    await runCli(['import', fresh, bogus]);
    expect(existsSync(fresh)).toBe(false);
  });

  it('writes a plain SQLite file that the sqlite3 tool opens', async () => {
    const { stdout } = await run('sqlite3', [workbench, "SELECT value FROM meta WHERE key = 'schema_version'; SELECT COUNT(*) FROM record;"]);
    expect(stdout.trim().split('\n')).toEqual([String(SCHEMA_VERSION), '258417']);
  });

  it('import reads every kind of extract, detected from the header; --rejects writes the rejected rows without victim references', async () => {
    const extracts = resolve(repo, 'tests/fixtures/extracts');
    const onsDir = resolve(repo, '../shared/data/ons-mye-lad-syoa-2019-2020');
    const wb = join(dir, 'kinds.workbench');
    const rejects = join(dir, 'rejects.csv');
    const result = await runCli([
      'import', wb,
      join(extracts, 'district-messy.csv'),
      join(extracts, 'iquanta-long.csv'),
      join(extracts, 'iquanta-wide.csv'),
      join(extracts, 'respect.csv'),
      join(onsDir, 'ukpopestimatesmid2020on2021geography.csv'),
      '--rejects', rejects,
    ]);
    // stderr holds only the warnings: the title rows above each header and the totals rows skipped, and the mid-year read from the file name.
    expect(result.stderr.trim().split('\n')).toEqual([
      'Warning: district-messy.csv: the header is on line 3; the lines above it were skipped.',
      'Warning: district-messy.csv line 14: totals row skipped (not data).',
      'Warning: iquanta-wide.csv: the header is on line 2; the lines above it were skipped.',
      'Warning: iquanta-wide.csv line 7: totals row skipped (not data).',
      "Warning: respect.csv: 1 respondent has a blank weight (line 5), counted as weight 1 beside the file's weighted respondents; give the weights if 1 is wrong.",
      'Warning: ukpopestimatesmid2020on2021geography.csv: read as mid-2020 estimates (from the file name).',
    ]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { file: 'district-messy.csv', kind: 'district', read: 9, accepted: 3, rejected: 6, duplicate: 0, updated: 0 },
      { file: 'iquanta-long.csv', kind: 'iquanta', read: 7, accepted: 4, rejected: 3, duplicate: 0, updated: 0 },
      { file: 'iquanta-wide.csv', kind: 'iquanta', read: 4, accepted: 3, rejected: 1, duplicate: 0, updated: 0 },
      { file: 'respect.csv', kind: 'respect', read: 7, accepted: 5, rejected: 2, duplicate: 0, updated: 0 },
      { file: 'ukpopestimatesmid2020on2021geography.csv', kind: 'population', read: 420, accepted: 420, rejected: 0, duplicate: 0, updated: 0 },
    ]);
    const csv = readCsvFile(rejects);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('file,line,field,reason,column 1,column 2,column 3,column 4,column 5,column 6,column 7,column 8,column 9,column 10,column 11,column 12');
    expect(lines).toHaveLength(1 + 6 + 3 + 1 + 2);
    expect(lines).toContain('district-messy.csv,7,district,"unknown district ""Sheffield""",15000004/15,03/04/2015,Robbery,Sheffield,Central,453120,360410,,20,M,N,N');
    expect(csv).not.toMatch(/NOM-/i);
    const info = JSON.parse((await runCli(['info', wb])).stdout) as { imports: unknown[]; records: number };
    expect(info.records).toBe(3);
    expect(info.imports).toHaveLength(5);
  });

  it('import --year gives a population file its mid-year; a file needing a column mapping exits 1 naming file, line and fields', async () => {
    const wb = join(dir, 'pop.workbench');
    const ons = resolve(repo, '../shared/data/ons-mye-lad-syoa-2019-2020/ukmidyearestimates20192020ladcodes.csv');
    const renamed = join(dir, 'mye2-persons.csv');
    copyFileSync(ons, renamed);
    const missingYear = await runCli(['import', wb, renamed]);
    expect(missingYear.exitCode).toBe(1);
    expect(missingYear.stderr).toContain('--year');
    const withYear = await runCli(['import', wb, renamed, '--year', '2019', '--kind', 'population']);
    expect(withYear.stderr).toBe('Warning: mye2-persons.csv line 433: note row skipped (not data).\n');
    expect(JSON.parse(withYear.stdout)).toEqual([
      { file: 'mye2-persons.csv', kind: 'population', read: 426, accepted: 426, rejected: 0, duplicate: 0, updated: 0 },
    ]);
    expect((await runCli(['import', wb, renamed, '--year', '19'])).exitCode).toBe(2);

    const odd = join(dir, 'odd.csv');
    writeFileSync(odd, 'Ref No,When,What,Where\nQ1,01/04/2014,Robbery,Mansfield\n');
    const needsMapping = await runCli(['import', wb, odd, '--kind', 'district']);
    expect(needsMapping.exitCode).toBe(1);
    expect(needsMapping.stderr).toContain('odd.csv line 1');
    expect(needsMapping.stderr).toContain('Crime or incident reference');
  });

  it('as a process: prints only the result on stdout and sets the exit status', async () => {
    const { stdout, stderr } = await run('npx', ['tsx', 'electron/cli/main.ts', 'info', workbench], { cwd: repo });
    expect(JSON.parse(stdout)).toMatchObject({ records: 258417 });
    expect(stderr.replace(/npm warn.*\n/g, '')).toBe('');
    const failed = await run('npx', ['tsx', 'electron/cli/main.ts', 'pivot', workbench], { cwd: repo }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 2, stdout: '' });
  });
});

describe('command line flags', () => {
  it('flags trend and seasonality print one JSON object per --by series, as CLI.md says', async () => {
    const trend = JSON.parse((await runCli(['flags', 'trend', workbench, '--by', 'crime_type'])).stdout) as { series: Record<string, string>; direction: string; p_value: number; sen_slope: number; method: string }[];
    expect(trend).toHaveLength(14);
    const asb = trend.find((t) => t.series.crime_type === 'Anti-social behaviour');
    expect(asb).toMatchObject({ direction: 'none', method: 'mann-kendall' });
    expect(asb?.p_value).toBeCloseTo(0.087, 3);
    const seasonality = JSON.parse((await runCli(['flags', 'seasonality', workbench, '--by', 'crime_type,district', '--where', 'district=Mansfield'])).stdout) as { series: Record<string, string>; months: number; indices: number[] }[];
    expect(seasonality.every((s) => s.series.district === 'Mansfield' && s.months === 24 && s.indices.length === 12)).toBe(true);
    const usage = await runCli(['flags', 'wobble', workbench]);
    expect(usage.exitCode).toBe(2);
  });
});
