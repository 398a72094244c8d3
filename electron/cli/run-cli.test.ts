import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { countIndependently, policeUkFiles } from '../../tests/helpers/police-uk-data';
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
    expect(info).toMatchObject({ schemaVersion: 1, records: 258417, sources: { 'police-uk': 258417 }, dateRange: { from: '2023-01', to: '2024-12' } });
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
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines[0]).toBe('Crime Analyst Workbench export');
    expect(lines).toContain('Filters: Crime type = Burglary');
    const header = lines.indexOf('District,Count,Total');
    expect(header).toBeGreaterThan(0);
    const burglaryRows = files.flatMap((f) => readFileSync(f, 'utf8').split('\n')).filter((l) => /,Mansfield \d{3}[A-Z],Burglary,/.test(l));
    expect(lines.slice(header)).toContain(`Mansfield,${burglaryRows.length},${burglaryRows.length}`);
    const xlsx = join(dir, 'view.xlsx');
    expect((await runCli(['export', workbench, '--view', 'Burglary by district', '--out', xlsx])).exitCode).toBe(0);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
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
    expect(stdout.trim().split('\n')).toEqual(['1', '258417']);
  });

  it('as a process: prints only the result on stdout and sets the exit status', async () => {
    const { stdout, stderr } = await run('npx', ['tsx', 'electron/cli/main.ts', 'info', workbench], { cwd: repo });
    expect(JSON.parse(stdout)).toMatchObject({ records: 258417 });
    expect(stderr.replace(/npm warn.*\n/g, '')).toBe('');
    const failed = await run('npx', ['tsx', 'electron/cli/main.ts', 'pivot', workbench], { cwd: repo }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 2, stdout: '' });
  });
});
