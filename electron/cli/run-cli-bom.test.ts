/**
 * The UTF-8 BOM: CSV files the command line writes for the analyst
 * (`--rejects`, `export --out x.csv`) start with it so Excel reads them as
 * UTF-8, CSV printed to stdout never does (it is piped into other tools),
 * and every importer reads an extract that starts with one exactly as the
 * same file without it, so a rejects file fixed in Excel imports again.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvRows, csvTextOf, readCsvFile } from '../../tests/helpers/csv-file';
import { policeUkFiles } from '../../tests/helpers/police-uk-data';
import { runCli } from './run-cli';

const repo = resolve(import.meta.dirname, '../..');
const extracts = resolve(repo, 'tests/fixtures/extracts');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
let dir: string;

function lineOf(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

function json<T>(text: string): T {
  return JSON.parse(text) as T;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-cli-bom-'));
});

describe('the UTF-8 BOM', () => {
  it('a rejects file starts with the BOM; fixed and saved again (BOM kept, as Excel saves "CSV UTF-8"), it imports in full', async () => {
    const wb = join(dir, 'rejects.workbench');
    const rejects = join(dir, 'rejects.csv');
    const first = await runCli(['import', wb, join(extracts, 'district-messy.csv'), '--rejects', rejects]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(json<{ accepted: number; rejected: number }[]>(first.stdout)[0]).toMatchObject({ accepted: 3, rejected: 6 });

    const [header = [], ...rows] = csvRows(readCsvFile(rejects));
    const at = (name: string): number => {
      const i = header.indexOf(name);
      expect(i, `rejects column ${name}`).toBeGreaterThan(3);
      return i;
    };
    // What an analyst would correct, by the field each reject names.
    const fixes: Record<string, [string, string]> = {
      committed_date: ['Date Committed', '03/04/2015'],
      district: ['LPA', 'Mansfield'],
      victim_age: ['Victim Age', '23'],
      record_ref: ['Crime Ref', '15000099/15'],
      hate: ['Hate Flag', 'N'],
    };
    const fixed = rows.map((cells) => {
      const out = [...cells];
      const [column, value] = fixes[cells[2] ?? ''] ?? ['', ''];
      expect(column, `a fix for the reject on ${cells[2] ?? ''}`).not.toBe('');
      out[at(column)] = value;
      // The district's ward too: Sheffield's "Central" is no Mansfield ward.
      if (cells[2] === 'district') out[at('Ward Name')] = 'Portland';
      return out;
    });
    expect(fixed).toHaveLength(6);
    const again = join(dir, 'rejects-fixed.csv');
    writeFileSync(again, Buffer.concat([BOM, Buffer.from([header, ...fixed].map(lineOf).join('\r\n') + '\r\n', 'utf8')]));

    const second = await runCli(['import', wb, again]);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(json<unknown[]>(second.stdout)[0]).toMatchObject({ kind: 'district', read: 6, accepted: 6, rejected: 0, duplicate: 0 });
    expect(json<{ records: number }>((await runCli(['info', wb])).stdout).records).toBe(9);
  });

  it('every kind of extract imports the same with a BOM in front as without', async () => {
    const policeUk = join(dir, '2023-01-nottinghamshire-street.csv');
    writeFileSync(policeUk, readFileSync(policeUkFiles()[0] ?? '', 'utf8').split('\n').slice(0, 300).join('\n') + '\n');
    const sources = [
      policeUk,
      ...['district-clean.csv', 'district-messy.csv', 'iquanta-long.csv', 'iquanta-wide.csv', 'respect.csv', 'population-long.csv'].map((f) => join(extracts, f)),
    ];
    const withBom = sources.map((source) => {
      const bytes = readFileSync(source);
      // None of the fixtures has a BOM of its own, so the copy differs only by the BOM.
      expect(bytes.subarray(0, 3).equals(BOM), source).toBe(false);
      const copy = join(dir, `bom-${source.split('/').pop() ?? ''}`);
      writeFileSync(copy, Buffer.concat([BOM, bytes]));
      return copy;
    });
    const plain = await runCli(['import', join(dir, 'plain.workbench'), ...sources]);
    const bom = await runCli(['import', join(dir, 'bom.workbench'), ...withBom]);
    expect(plain.exitCode, plain.stderr).toBe(0);
    expect(bom.exitCode, bom.stderr).toBe(0);
    const reports = (text: string) => json<{ file: string }[]>(text).map(({ file, ...rest }) => ({ file: file.replace(/^bom-/, ''), ...rest }));
    expect(reports(bom.stdout)).toEqual(reports(plain.stdout));
    expect(reports(plain.stdout).map((r) => (r as { kind?: string }).kind)).toEqual(['police-uk', 'district', 'district', 'iquanta', 'iquanta', 'respect', 'population']);
    expect(bom.stderr.replace(/bom-/g, '')).toBe(plain.stderr);
    // The same records: the pivot of each workbench, cell for cell.
    const pivot = (wb: string) => runCli(['pivot', join(dir, wb), '--rows', 'crime_type', '--cols', 'district', '--format', 'csv']);
    const [a, b] = await Promise.all([pivot('plain.workbench'), pivot('bom.workbench')]);
    expect(a.exitCode).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(a.stdout.split('\r\n').length).toBeGreaterThan(5);
  });

  it('CSV on stdout has no BOM; export --out x.csv has one, written once', async () => {
    // The workbench the test above built.
    const wb = join(dir, 'plain.workbench');
    const printed = await runCli(['pivot', wb, '--rows', 'district', '--format', 'csv']);
    expect(printed.exitCode).toBe(0);
    expect(printed.stdout.startsWith('district,')).toBe(true);
    const repeats = await runCli(['repeats', wb, '--format', 'csv']);
    expect(repeats.exitCode, repeats.stderr).toBe(0);
    expect(repeats.stdout.charCodeAt(0)).not.toBe(0xfeff);
    expect(repeats.stdout.length).toBeGreaterThan(0);

    expect((await runCli(['view', 'save', wb, '--name', 'By district', '--rows', 'district'])).exitCode).toBe(0);
    const out = join(dir, 'by-district.csv');
    expect((await runCli(['export', wb, '--view', 'By district', '--out', out])).exitCode).toBe(0);
    const text = csvTextOf(readFileSync(out), out);
    expect(text.startsWith('Crime Analyst Workbench export\r\n')).toBe(true);
  });
});
