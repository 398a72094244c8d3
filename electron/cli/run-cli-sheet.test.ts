/** `import --sheet`: the sheet of an XLSX extract to read, by name or number. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { workbookBytes } from '../../shared/generator/xlsx';
import { runCli } from './run-cli';

const FIXTURES = resolve(import.meta.dirname, '../../tests/fixtures/extracts');
const DISTRICT_CSV = join(FIXTURES, 'district-clean.csv');
const IQUANTA_CSV = join(FIXTURES, 'iquanta-long.csv');
let dir: string;
let xlsx: string;
let lines: string[][];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-cli-sheet-'));
  lines = readFileSync(DISTRICT_CSV, 'utf8').trim().split(/\r?\n/).map((line) => line.split(','));
  xlsx = join(dir, 'Mansfield extract.xlsx');
  writeFileSync(
    xlsx,
    await workbookBytes([
      { name: 'Cover', rows: [['District profile extract, April 2014'], ['Records are on the next sheet.']] },
      { name: 'Records', rows: lines },
    ]),
  );
});

/** Records per district, counted from the fixture itself. */
function districtCounts(): Map<string, number> {
  const [header = [], ...rows] = lines;
  const column = header.indexOf('district');
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row[column] ?? '', (counts.get(row[column] ?? '') ?? 0) + 1);
  return counts;
}

async function pivotByDistrict(workbench: string): Promise<Map<string, number>> {
  const result = await runCli(['pivot', workbench, '--rows', 'district', '--format', 'csv']);
  expect(result.exitCode).toBe(0);
  const [, ...rows] = result.stdout.trim().split(/\r?\n/).map((line) => line.split(','));
  return new Map(rows.map((row) => [row[0] ?? '', Number(row[1])] as const).filter(([, n]) => n > 0));
}

describe('import --sheet', () => {
  it('reads the named or numbered sheet, says which in the JSON and on stderr, and the records are the extract', async () => {
    for (const sheet of ['Records', '2']) {
      const workbench = join(dir, `by-${sheet}.workbench`);
      const result = await runCli(['import', workbench, xlsx, '--sheet', sheet]);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual([
        { file: 'Mansfield extract.xlsx', sheet: 'Records', kind: 'district', read: 6, accepted: 6, rejected: 0, duplicate: 0, updated: 0 },
      ]);
      expect(result.stderr).toContain('Warning: Mansfield extract.xlsx: read sheet 2 ("Records"); 1 other sheet(s) ignored.');
      expect(await pivotByDistrict(workbench)).toEqual(districtCounts());
    }
  });

  it('without --sheet the cover sheet is read: exit 1 naming the other sheets and --sheet, no workbench written', async () => {
    const workbench = join(dir, 'cover.workbench');
    const result = await runCli(['import', workbench, xlsx]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Mansfield extract.xlsx');
    expect(result.stderr).toContain(`Sheet "Cover" was read; the workbook's other sheets are "Records"`);
    expect(result.stderr).toContain('Choose the sheet with --sheet <name|number>.');
    expect(existsSync(workbench)).toBe(false);
  });

  it('a sheet the workbook does not have: exit 1 listing its sheets, no workbench written', async () => {
    const workbench = join(dir, 'missing.workbench');
    const result = await runCli(['import', workbench, xlsx, '--sheet', 'Data']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('Mansfield extract.xlsx has no sheet "Data"; its sheets are 1 "Cover", 2 "Records".');
    expect(existsSync(workbench)).toBe(false);
    expect((await runCli(['import', workbench, xlsx, '--sheet', '3'])).stderr).toContain('has no sheet 3 (by name or number)');
  });

  it('applies to the XLSX files only: a CSV alongside is read as usual; with no XLSX file, or a blank value, it is wrong usage', async () => {
    const workbench = join(dir, 'mixed.workbench');
    const result = await runCli(['import', workbench, IQUANTA_CSV, xlsx, '--sheet', 'Records']);
    expect(result.exitCode, result.stderr).toBe(0);
    const entries = JSON.parse(result.stdout) as { file: string; kind: string; sheet?: string; accepted: number }[];
    expect(entries.map(({ file, kind, sheet }) => ({ file, kind, sheet }))).toEqual([
      { file: 'iquanta-long.csv', kind: 'iquanta', sheet: undefined },
      { file: 'Mansfield extract.xlsx', kind: 'district', sheet: 'Records' },
    ]);
    expect(await pivotByDistrict(workbench)).toEqual(districtCounts());

    const csvOnly = await runCli(['import', join(dir, 'csv.workbench'), DISTRICT_CSV, '--sheet', '2']);
    expect(csvOnly.exitCode).toBe(2);
    expect(csvOnly.stderr).toContain('--sheet applies to XLSX workbooks, and none of the files given is one (district-clean.csv).');
    expect(existsSync(join(dir, 'csv.workbench'))).toBe(false);
    const blank = await runCli(['import', join(dir, 'blank.workbench'), xlsx, '--sheet', ' ']);
    expect(blank.exitCode).toBe(2);
    expect(blank.stderr).toContain('--sheet must be a sheet name or a 1-based sheet number.');
  });

  it('the help text documents --sheet', async () => {
    const help = await runCli(['--help']);
    expect(help.stdout).toContain('[--sheet <name|number>]');
    expect(help.stdout).toContain('--sheet with no XLSX file is wrong usage');
  });
});
