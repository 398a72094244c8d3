/**
 * `import --map`: a scripted import of an extract whose header the
 * workbench does not know. Exit codes, the mapping saved and reapplied on
 * the next import, an incomplete mapping refused, and `info`'s listing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const CLEAN = resolve(import.meta.dirname, '../../tests/fixtures/extracts/district-clean.csv');
const RENAMED: Readonly<Record<string, string>> = { record_ref: 'Occ No', committed_date: 'When', crime_type: 'What', district: 'Patch' };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-cli-map-'));
});

/** district-clean.csv with its four required headers renamed (the rest keep their names); `prefix` makes the references new. */
function oddExtract(name: string, prefix = ''): string {
  const [header = '', ...rows] = readFileSync(CLEAN, 'utf8').trim().split(/\r?\n/);
  const file = join(dir, name);
  writeFileSync(file, [header.split(',').map((h) => RENAMED[h] ?? h).join(','), ...rows.map((r) => `${prefix}${r}`)].join('\n') + '\n');
  return file;
}

/** Records per crime type in the clean fixture, counted from its text. */
function cleanCounts(): Record<string, number> {
  const [header = '', ...rows] = readFileSync(CLEAN, 'utf8').trim().split(/\r?\n/);
  const column = header.split(',').indexOf('crime_type');
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const type = row.split(',')[column] ?? '';
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

async function pivotByCrimeType(wb: string): Promise<Record<string, number>> {
  const result = await runCli(['pivot', wb, '--rows', 'crime_type', '--format', 'json']);
  expect(result.exitCode).toBe(0);
  const parsed = JSON.parse(result.stdout) as { data: { crime_type: string; total: number }[] };
  return Object.fromEntries(parsed.data.map((row) => [row.crime_type, row.total]));
}

describe('import --map', () => {
  it('maps by header name and column number, saves the mapping and reapplies it to the next file with that header', async () => {
    const wb = join(dir, 'm.workbench');
    const first = oddExtract('force-export.csv');
    const rows = readFileSync(first, 'utf8').trim().split('\n').length - 1;

    // Without a mapping the import stops: exit 1, the file named, the suggested --map spelled out.
    const refused = await runCli(['import', wb, first]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('force-export.csv line 1');
    expect(refused.stderr).toContain('--map');

    const mapped = await runCli(['import', wb, first, '--kind', 'district', '--map', 'record_ref="Occ No",committed_date=3', '--map', 'crime_type=What,district=Patch']);
    expect(mapped.stderr).toBe('Warning: force-export.csv: Column mapping saved in this workbench; it will be applied to the next file with this header.\n');
    expect(mapped.exitCode).toBe(0);
    const [entry] = JSON.parse(mapped.stdout) as Record<string, unknown>[];
    expect(entry).toMatchObject({ file: 'force-export.csv', kind: 'district', read: rows, accepted: rows, rejected: 0 });
    // The columns the file's own names found (ward, victim_age, ...) were kept beside the mapped ones.
    expect(entry?.mapping).toMatchObject({
      source: 'explicit',
      columns: { record_ref: 'Occ No', committed_date: 'When', crime_type: 'What', district: 'Patch', ward: 'ward', victim_age: 'victim_age' },
    });
    expect(await pivotByCrimeType(wb)).toEqual(cleanCounts());

    // The next extract with this header needs no --map: the saved mapping applies, and says so.
    const second = oddExtract('force-export-may.csv', 'B');
    const again = await runCli(['import', wb, second]);
    // The notice the app shows: the saved mapping was applied.
    expect(again.stderr).toMatch(/^Warning: force-export-may\.csv: Column mapping saved on .+ applied/);
    expect(again.exitCode).toBe(0);
    const [next] = JSON.parse(again.stdout) as { accepted: number; mapping: { source: string; savedAt: string } }[];
    expect(next?.accepted).toBe(rows);
    expect(next?.mapping.source).toBe('saved');
    expect(Date.parse(next?.mapping.savedAt ?? '')).not.toBeNaN();

    const info = JSON.parse((await runCli(['info', wb])).stdout) as { records: number; mappings: { kind: string; layout: string; columns: Record<string, string> }[] };
    expect(info.records).toBe(rows * 2);
    expect(info.mappings).toHaveLength(1);
    expect(info.mappings[0]).toMatchObject({ kind: 'district', layout: 'district', columns: { record_ref: 'Occ No', district: 'Patch' } });
  });

  it('exits 1 naming the file and the unmapped required field, and leaves the workbench as it was', async () => {
    const wb = join(dir, 'i.workbench');
    const seed = oddExtract('seed.csv');
    expect((await runCli(['import', wb, seed, '--kind', 'district', '--map', 'record_ref=Occ No,committed_date=When,crime_type=What,district=Patch'])).exitCode).toBe(0);
    const before = readFileSync(wb);

    const other = join(dir, 'other.csv');
    writeFileSync(other, 'Ref,Day,Type,Place\nZ1,01/04/2014,Robbery,Mansfield\n');
    const incomplete = await runCli(['import', wb, other, '--kind', 'district', '--map', 'record_ref=Ref,committed_date=Day,district=Place']);
    expect(incomplete.exitCode).toBe(1);
    expect(incomplete.stdout).toBe('');
    expect(incomplete.stderr).toContain('other.csv');
    expect(incomplete.stderr).toContain('Unmapped required field: crime_type (Crime type)');
    expect(readFileSync(wb)).toEqual(before);

    // A column the header does not have: exit 1, naming the file, the field and the column.
    const noColumn = await runCli(['import', wb, other, '--kind', 'district', '--map', 'record_ref=Ref,committed_date=Day,crime_type=Offence,district=Place']);
    expect(noColumn.exitCode).toBe(1);
    expect(noColumn.stderr).toContain('other.csv line 1: no column "Offence" for Crime type (crime_type)');
    // Column 9 of a four-column file.
    expect((await runCli(['import', wb, other, '--kind', 'district', '--map', 'record_ref=1,committed_date=2,crime_type=9,district=4'])).exitCode).toBe(1);
    expect(readFileSync(wb)).toEqual(before);
  });

  it('a malformed --map is wrong usage (exit 2)', async () => {
    const wb = join(dir, 'u.workbench');
    const file = oddExtract('u.csv');
    for (const map of ['record_ref', '=When', 'crime_type=', 'district=Patch,district=Patch']) {
      const result = await runCli(['import', wb, file, '--map', map]);
      expect(result.exitCode, map).toBe(2);
      expect(result.stderr, map).toContain('--map');
    }
  });
});
