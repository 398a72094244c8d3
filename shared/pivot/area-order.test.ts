/**
 * LSOAs and wards are listed the force's own first (those whose district is
 * one of the eight Nottinghamshire districts), then those over the border,
 * then those of no known district, as districts are: in pivot rows, in the
 * filter checklist (which lists the rows of a pivot by the dimension) and in
 * exports (which print the pivot's rows). Wards follow the same rule
 * (dimensions.ts), but come only from district extracts, which refuse
 * districts outside the force, so today every ward is the force's own.
 */
import { readFileSync } from 'node:fs';
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { policeUkFiles } from '../../tests/helpers/police-uk-data';
import { FORCE_DISTRICTS } from '../districts';
import { pivotToCsv } from '../export/csv';
import { importFiles } from '../import/import-files';
import { createWorkbench } from '../workbench';
import { runPivot } from './run-pivot';

const encode = (lines: string[]): Uint8Array => new TextEncoder().encode(`${lines.join('\n')}\n`);
const POLICE_HEADER = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

describe('a small police.uk file: LSOAs by district, then code', () => {
  let db: Database;
  beforeAll(async () => {
    db = createWorkbench(await loadSqlJs());
    // By code alone the order would be E01013811, E01019001 (Amber Valley), E01028350, E01099999, W01001575 (Cardiff).
    const rows: [string, string][] = [
      ['E01028350', 'Mansfield 001A'],
      ['E01019001', 'Amber Valley 001A'],
      ['W01001575', 'Cardiff 001A'],
      ['E01013811', 'Nottingham 001A'],
      ['E01099999', ''],
    ];
    const lines = rows.map(([code, name], i) => `r${i},2023-05,N,N,-1.2,53.1,X,${code},${name},Burglary,,`);
    await importFiles(db, [{ name: 'street.csv', bytes: encode([POLICE_HEADER, ...lines, 'n,2023-05,N,N,,,No location,,,Robbery,,']) }]);
  });

  it('pivot rows: the force LSOAs, then over the border, then of no district, then Unknown LSOA', () => {
    const pivot = runPivot(db, { rows: ['lsoa'], columns: [], measure: 'count', filters: [] });
    expect(pivot.rows.map((r) => r.key[0])).toEqual(['E01013811', 'E01028350', 'E01019001', 'W01001575', 'E01099999', 'Unknown LSOA']);
  });

  it('nested under another dimension, and in the CSV export, the order holds', () => {
    const order = ['E01013811', 'E01028350', 'E01019001', 'W01001575', 'E01099999'];
    const pivot = runPivot(db, { rows: ['crime_type', 'lsoa'], columns: [], measure: 'count', filters: [] });
    expect(pivot.rows.filter((r) => r.key[0] === 'Burglary').map((r) => r.key[1])).toEqual(order);
    const csv = pivotToCsv(runPivot(db, { rows: ['lsoa'], columns: [], measure: 'count', filters: [] }));
    const codes = csv.split(/\r?\n/).flatMap((line) => /^(E|W)\d{8}/.exec(line)?.[0] ?? []);
    expect(codes).toEqual(order);
  });
});

describe('the real police.uk data', () => {
  it('all the force\'s LSOAs come before the first one over the border', async () => {
    const db = createWorkbench(await loadSqlJs());
    const paths = policeUkFiles().slice(0, 2);
    await importFiles(db, paths.map((path) => ({ name: path.split('/').pop() ?? path, bytes: readFileSync(path) })));
    const pivot = runPivot(db, { rows: ['lsoa'], columns: ['district'], measure: 'count', filters: [] });
    const own = new Set<string>(FORCE_DISTRICTS);
    // Each LSOA's district, from the pivot's own cells: the column where its records are.
    const isOwn = pivot.rows
      .filter((r) => r.key[0] !== 'Unknown LSOA')
      .map((r) => {
        const column = r.counts.findIndex((c) => c > 0);
        return own.has(pivot.columns[column]?.[0] ?? '');
      });
    const firstStray = isOwn.indexOf(false);
    expect(firstStray).toBeGreaterThan(100);
    expect(isOwn.slice(firstStray).every((o) => !o)).toBe(true);
    expect(isOwn.slice(0, firstStray).every((o) => o)).toBe(true);
  }, 120_000);
});
