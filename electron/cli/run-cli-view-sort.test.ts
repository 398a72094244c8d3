/**
 * `view save --sort <column>[:asc|desc]`: the saved view keeps the sort the
 * grid would save, `export --view` lists rows in it (checked against counts
 * made independently from the police.uk files), and a column the view does
 * not have is refused by name with the workbench left as it was.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listViews } from '../../shared/views';
import { openWorkbench } from '../../shared/workbench';
import { readCsvFile } from '../../tests/helpers/csv-file';
import { countIndependently, policeUkFiles } from '../../tests/helpers/police-uk-data';
import { loadSqlJs } from './load-sqljs';
import { runCli } from './run-cli';

const files = policeUkFiles().slice(0, 2);
let dir: string;
let workbench: string;
/** Records per district and per crime type in Mansfield, from the files themselves. */
const byDistrict = new Map<string, number>();
const mansfieldByType = new Map<string, number>();

function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((c) => c.replace(/^"(.*)"$/, '$1')));
}

/** The exported table's body rows (header row `first`, no Total row). */
async function exported(name: string, first: string): Promise<{ header: string[]; body: string[][] }> {
  const out = join(dir, `${name}.csv`);
  const result = await runCli(['export', workbench, '--view', name, '--out', out]);
  expect(result.stderr).toBe('');
  const lines = parseCsv(readCsvFile(out));
  const at = lines.findIndex((l) => l[0] === first);
  expect(at).toBeGreaterThan(0);
  return { header: lines[at] ?? [], body: lines.slice(at + 1).filter((l) => l[0] !== 'Total') };
}

async function savedSort(name: string): Promise<unknown> {
  const db = openWorkbench(await loadSqlJs(), readFileSync(workbench), 'x.workbench');
  const view = listViews(db).find((v) => v.name === name);
  db.close();
  return view?.sort;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-cli-sort-'));
  workbench = join(dir, 'x.workbench');
  expect((await runCli(['import', workbench, ...files])).exitCode).toBe(0);
  for (const [key, n] of countIndependently(files).byTypeAndDistrict) {
    const [type = '', district = ''] = key.split('|');
    byDistrict.set(district, (byDistrict.get(district) ?? 0) + n);
    if (district === 'Mansfield') mansfieldByType.set(type, (mansfieldByType.get(type) ?? 0) + n);
  }
}, 120_000);

describe('view save --sort', () => {
  it('total:desc keeps the Total sort; export --view lists districts largest first', async () => {
    const saved = await runCli(['view', 'save', workbench, '--name', 'By count', '--rows', 'district', '--sort', 'total:desc']);
    expect(saved).toMatchObject({ exitCode: 0, stderr: '' });
    expect(await savedSort('By count')).toEqual({ column: '__total', direction: 'desc' });
    const { body } = await exported('By count', 'District');
    expect(body.map((l) => Number(l[1]))).toEqual([...byDistrict.values()].sort((a, b) => b - a));
    expect(new Map(body.map((l) => [l[0], Number(l[1])]))).toEqual(byDistrict);
  });

  it('the row dimension (or "rows") sorts by the labels, A to Z unless :desc', async () => {
    expect((await runCli(['view', 'save', workbench, '--name', 'By name', '--rows', 'district', '--sort', 'district'])).exitCode).toBe(0);
    expect(await savedSort('By name')).toEqual({ column: '__row', direction: 'asc' });
    const names = [...byDistrict.keys()].sort((a, b) => a.localeCompare(b, 'en-GB'));
    expect((await exported('By name', 'District')).body.map((l) => l[0])).toEqual(names);
    expect((await runCli(['view', 'save', workbench, '--name', 'By name', '--rows', 'district', '--sort', 'rows:desc'])).exitCode).toBe(0);
    expect((await exported('By name', 'District')).body.map((l) => l[0])).toEqual([...names].reverse());
  });

  it("a column by its heading (any case): numbers largest first unless :asc; the view with no --cols has 'value'", async () => {
    const args = ['view', 'save', workbench, '--name', 'Types', '--rows', 'crime_type', '--cols', 'district'];
    expect((await runCli([...args, '--sort', 'Mansfield'])).exitCode).toBe(0);
    expect(await savedSort('Types')).toEqual({ column: 'Mansfield', direction: 'desc' });
    const mansfieldAt = (header: string[]): number => header.indexOf('Mansfield');
    const first = await exported('Types', 'Crime type');
    const shown = first.body.map((l) => Number(l[mansfieldAt(first.header)] || 0));
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    // Every crime type recorded in Mansfield, with its count, is there.
    expect(shown.filter((n) => n > 0).sort((a, b) => a - b)).toEqual([...mansfieldByType.values()].sort((a, b) => a - b));
    expect(new Set(shown).size).toBeGreaterThan(5);
    expect((await runCli([...args, '--sort', 'mansfield:ASC'])).exitCode).toBe(0);
    const second = await exported('Types', 'Crime type');
    expect(second.body.map((l) => Number(l[mansfieldAt(second.header)] || 0))).toEqual([...shown].reverse());
    expect((await runCli(['view', 'save', workbench, '--name', 'One column', '--rows', 'district', '--sort', 'value:asc'])).exitCode).toBe(0);
    expect(await savedSort('One column')).toEqual({ column: 'value', direction: 'asc' });
  });

  it('an unknown column or direction is refused by name and saves nothing', async () => {
    const before = readFileSync(workbench);
    const unknown = await runCli(['view', 'save', workbench, '--name', 'Bad', '--rows', 'crime_type', '--cols', 'district', '--sort', 'Narnia']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('--sort: this view has no column "Narnia"; its columns are "rows", "crime_type", "total", ');
    // The columns the table has, the first few by name and the rest counted.
    expect(unknown.stderr).toContain('"Ashfield"');
    expect(unknown.stderr).toMatch(/ and \d+ more\./);
    const direction = await runCli(['view', 'save', workbench, '--name', 'Bad', '--rows', 'district', '--sort', 'total:down']);
    expect(direction.exitCode).toBe(2);
    expect(direction.stderr).toContain('--sort direction must be asc or desc; got "down"');
    // 'value' is the one column of a view without --cols only.
    expect((await runCli(['view', 'save', workbench, '--name', 'Bad', '--rows', 'crime_type', '--cols', 'district', '--sort', 'value'])).exitCode).toBe(2);
    expect((await runCli(['view', 'save', workbench, '--name', 'Bad', '--rows', 'district', '--sort', ':desc'])).stderr).toContain('--sort needs a column');
    expect(readFileSync(workbench).equals(before)).toBe(true);
    expect(await savedSort('Bad')).toBeUndefined();
  });

  it('without --sort the view is saved unsorted, as before', async () => {
    expect((await runCli(['view', 'save', workbench, '--name', 'Plain', '--rows', 'district'])).exitCode).toBe(0);
    expect(await savedSort('Plain')).toBeUndefined();
  });
});
