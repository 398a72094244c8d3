/**
 * A local profile's rate table by district reads against the Total, as
 * profiles say "significantly above the force": in the Word file and the
 * print page, the district planted high prints "400.0 ▲", those planted
 * low "100.0 ▼", the one near the Total's rate plain, the legend under the
 * table; a rate withheld by disclosure control carries no mark. Records made
 * by hand: 1,000 residents in each district, Mansfield 400 records, Gedling
 * 190, Ashfield 100, Rushcliffe 3.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { comparisonLegend } from '../../shared/pivot/rate-compare';
import { docxTables, htmlTables } from '../../tests/helpers/profile-tables';
import { readZipEntry } from '../../tests/helpers/zip';
import { runCli } from './run-cli';

const RECORDS = { Mansfield: 400, Gedling: 190, Ashfield: 100, Rushcliffe: 3 } as const;

let dir: string;
let wb: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-cli-rate-marks-'));
  wb = join(dir, 'rates.workbench');
  const lines = ['record_ref,committed_date,crime_type,district'];
  for (const [district, n] of Object.entries(RECORDS)) for (let i = 0; i < n; i++) lines.push(`${district}-${i},15/06/2023,Burglary,${district}`);
  writeFileSync(join(dir, 'district.csv'), lines.join('\n'));
  writeFileSync(join(dir, 'population.csv'), ['area_name,year,age_band,population', ...Object.keys(RECORDS).map((d) => `${d},2023,All ages,1000`)].join('\n'));
  const imported = await runCli(['import', wb, join(dir, 'district.csv'), join(dir, 'population.csv')]);
  expect(imported.exitCode, imported.stderr).toBe(0);
  for (const [name, rows, cols, measure] of [
    ['Rates by district', 'district', undefined, 'rate'],
    ['Rates by type and district', 'crime_type', 'district', 'rate'],
    ['Counts by district', 'district', undefined, 'count'],
  ] as const) {
    const saved = await runCli(['view', 'save', wb, '--name', name, '--rows', rows, ...(cols === undefined ? [] : ['--cols', cols]), '--measure', measure]);
    expect(saved.exitCode, saved.stderr).toBe(0);
  }
  for (const view of ['Rates by district', 'Rates by type and district', 'Counts by district']) {
    const added = await runCli(['profile', 'add', wb, '--name', 'Rates', '--view', view]);
    expect(added.exitCode, added.stderr).toBe(0);
  }
}, 120_000);

const rowOf = (table: string[][] | undefined, label: string): string[] | undefined => table?.find((cells) => cells[0] === label);

describe("a profile's rate tables against the Total", () => {
  it('the Word file marks the districts planted high and low, with the legend under the table', async () => {
    const out = join(dir, 'rates.docx');
    const exported = await runCli(['profile', 'export', wb, '--name', 'Rates', '--out', out]);
    expect(exported.exitCode, exported.stderr).toBe(0);
    const [byDistrict, byType, counts] = docxTables(new Uint8Array(readFileSync(out)));
    expect(rowOf(byDistrict, 'Mansfield')).toEqual(['Mansfield', '400.0 ▲']);
    expect(rowOf(byDistrict, 'Gedling')).toEqual(['Gedling', '190.0']);
    // Three records: withheld under disclosure control, and Ashfield with it (the Total would give it away), so both unmarked.
    expect(rowOf(byDistrict, 'Rushcliffe')).toEqual(['Rushcliffe', '[c]']);
    expect(rowOf(byDistrict, 'Ashfield')).toEqual(['Ashfield', '[c]']);
    expect(rowOf(byDistrict, 'Total')?.[1]).toBe('173.3');
    // Districts as columns: each against the row's Total, which is not marked.
    expect(byType?.[0]).toEqual(['Crime type', 'Ashfield', 'Gedling', 'Mansfield', 'Rushcliffe', 'Total']);
    expect(rowOf(byType, 'Burglary')).toEqual(['Burglary', '[c]', '190.0', '400.0 ▲', '[c]', '173.3']);
    // A count is not compared.
    expect(rowOf(counts, 'Mansfield')).toEqual(['Mansfield', '400']);
    // The legends, one under each rate table.
    const text = (readZipEntry(readFileSync(out), 'word/document.xml')?.toString('utf8') ?? '').replace(/&apos;/g, "'").replace(/&#39;/g, "'");
    expect(text).toContain(comparisonLegend({ axis: 'rows', dimension: 'district' }, 'document'));
    expect(text).toContain(comparisonLegend({ axis: 'columns', dimension: 'district' }, 'document'));
  });

  it('the print page prints the same marks and legends; without disclosure control every district is compared', async () => {
    const out = join(dir, 'rates.html');
    expect((await runCli(['profile', 'export', wb, '--name', 'Rates', '--out', out, '--no-suppression'])).exitCode).toBe(0);
    const html = readFileSync(out, 'utf8');
    const [byDistrict, byType] = htmlTables(html);
    expect(rowOf(byDistrict, 'Mansfield')).toEqual(['Mansfield', '400.0 ▲']);
    expect(rowOf(byDistrict, 'Ashfield')).toEqual(['Ashfield', '100.0 ▼']);
    expect(rowOf(byDistrict, 'Gedling')).toEqual(['Gedling', '190.0']);
    // 3 per 1,000 is well below the Total's 173.3.
    expect(rowOf(byDistrict, 'Rushcliffe')).toEqual(['Rushcliffe', '3.0 ▼']);
    expect(rowOf(byType, 'Burglary')?.[3]).toBe('400.0 ▲');
    expect(html).toContain(comparisonLegend({ axis: 'rows', dimension: 'district' }, 'document').replace(/'/g, '&#39;'));
    expect(html).toContain(comparisonLegend({ axis: 'columns', dimension: 'district' }, 'document').replace(/'/g, '&#39;'));
  });
});
