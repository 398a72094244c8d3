/**
 * Rates across districts on real police.uk data (Nottinghamshire, June 2023):
 * the force's records include LSOAs over the border (Amber Valley, Bolsover,
 * Rotherham...) and rows with no LSOA. With population loaded for the
 * force's eight districts and Erewash over the border (the real ONS mid-2020
 * rows), the Total rate is the force area's: the eight districts' records over
 * their residents, counted here from the raw files; Erewash keeps its own
 * row's rate but is left out of the Totals, and the note names the districts
 * left out.
 */
import { readFileSync } from 'node:fs';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { importFiles } from '../import/import-files';
import { createWorkbench } from '../workbench';
import { runPivot } from './run-pivot';
import type { PivotSpec } from './spec';

const DATA = new URL('../../../shared/data/', import.meta.url);
const STREET = '2023-06-nottinghamshire-street.csv';
const ONS = 'ukpopestimatesmid2020on2021geography.csv';
const streetText = readFileSync(new URL(`policeuk-nottinghamshire-street-2023-2024/${STREET}`, DATA), 'utf8');
const onsText = readFileSync(new URL(`ons-mye-lad-syoa-2019-2020/${ONS}`, DATA), 'utf8');

/** ONS codes of the force's districts (Nottingham is Nottingham City in the workbench), and Erewash over the border. */
const POPULATED: Record<string, string> = {
  E07000170: 'Ashfield', E07000171: 'Bassetlaw', E07000172: 'Broxtowe', E07000173: 'Gedling', E07000174: 'Mansfield',
  E07000175: 'Newark and Sherwood', E06000018: 'Nottingham', E07000176: 'Rushcliffe', E07000036: 'Erewash',
};

/** The ONS file cut to those areas (its header, and their rows as published). */
const onsLines = onsText.split(/\r?\n/);
const populationText = [onsLines[0], ...onsLines.filter((l) => Object.hasOwn(POPULATED, l.slice(0, 9)))].join('\r\n');

/** All-ages residents from the published "All ages" cells ("109,351"), by hand, of the force's eight districts (Erewash apart). */
const residents = onsLines
  .filter((l) => Object.hasOwn(POPULATED, l.slice(0, 9)) && !l.startsWith('E07000036'))
  .reduce((sum, l) => sum + Number((/^[^,]+,[^,]+,[^,]+,"([\d,]+)"/.exec(l)?.[1] ?? 'NaN').replace(/,/g, '')), 0);

/** Records by the district their LSOA name gives ("Mansfield 012A"), '' for none; the file has no quoted cells. */
const byDistrict = new Map<string, number>();
for (const line of streetText.split(/\r?\n/).slice(1)) {
  if (line === '') continue;
  const lsoaName = line.split(',')[8] ?? '';
  const district = lsoaName.replace(/ \d{3}[A-Z]$/, '');
  byDistrict.set(district, (byDistrict.get(district) ?? 0) + 1);
}
const FORCE = Object.values(POPULATED).filter((name) => name !== 'Erewash');
const forceRecords = FORCE.reduce((sum, name) => sum + (byDistrict.get(name) ?? 0), 0);
/** Districts over the border with records (every named one but the force's eight). */
const outside = [...byDistrict.keys()].filter((name) => name !== '' && !FORCE.includes(name));
const allRecords = [...byDistrict.values()].reduce((a, b) => a + b, 0);

let SQL: SqlJsStatic;
let db: Database;
beforeAll(async () => {
  SQL = await loadSqlJs();
  db = createWorkbench(SQL);
  const [street] = await importFiles(db, [{ name: STREET, bytes: new TextEncoder().encode(streetText) }]);
  expect(street?.rejected).toBe(0);
  const [population] = await importFiles(db, [{ name: ONS, bytes: new TextEncoder().encode(populationText) }], { kind: 'population' });
  expect(population?.accepted).toBe(9);
}, 60_000);

const spec = (overrides: Partial<PivotSpec>): PivotSpec => ({ rows: ['district'], columns: [], measure: 'rate', filters: [], from: '2023-06', to: '2023-06', ...overrides });

describe('rates across districts on police.uk data with districts over the border', () => {
  it('the facts the test stands on: records over the border and without an LSOA, and the residents by hand', () => {
    expect(residents).toBeGreaterThan(1_100_000);
    expect(allRecords - forceRecords).toBeGreaterThan(100);
    expect(outside.length).toBeGreaterThan(20);
    expect(byDistrict.get('')).toBeGreaterThan(0);
    expect(byDistrict.get('Erewash')).toBeGreaterThan(0);
  });

  it("the Total is the force area's records over its residents; Erewash keeps its own rate; the others are blank and named", () => {
    const result = runPivot(db, spec({}));
    const expected = (forceRecords / residents) * 1000;
    expect(result.grandTotal).toBeCloseTo(expected, 10);
    // Not what dividing every record would give, nor what counting Erewash's records and residents in would.
    expect(Math.abs((allRecords / residents) * 1000 - expected)).toBeGreaterThan(0.05);
    const erewash = byDistrict.get('Erewash') ?? 0;
    expect(Math.abs(((forceRecords + erewash) / (residents + 115_332)) * 1000 - expected)).toBeGreaterThan(0.005);
    const row = (name: string): number | null | undefined => result.rows.find((r) => r.key[0] === name)?.values[0];
    expect(row('Bolsover')).toBeNull();
    expect(row('Unknown district')).toBeNull();
    expect(row('Erewash')).toBeCloseTo(((byDistrict.get('Erewash') ?? 0) / 115_332) * 1000, 10);
    const note = result.notes.find((n) => n.startsWith('Rates across districts'));
    const overBorder = outside.reduce((sum, name) => sum + (byDistrict.get(name) ?? 0), 0);
    expect(note).toContain(
      `${overBorder.toLocaleString('en-GB')} records in ${outside.length} districts outside the force area (Erewash, Amber Valley, Bolsover, `,
    );
    expect(note).toContain(
      ` and ${(byDistrict.get('') ?? 0).toLocaleString('en-GB')} records in Unknown district are left out of the Totals' rate (${(allRecords - forceRecords).toLocaleString('en-GB')} of the ${allRecords.toLocaleString('en-GB')} records shown).`,
    );
    expect(note).not.toMatch(/Mansfield/);
  });

  it('a pivot not split by district (crime types) divides the same way, cell by cell', () => {
    const result = runPivot(db, spec({ rows: ['crime_type'] }));
    expect(result.grandTotal).toBeCloseTo((forceRecords / residents) * 1000, 10);
    const counts = runPivot(db, spec({ rows: ['crime_type'], columns: ['district'], measure: 'count' }));
    const populatedColumns = counts.columns.map((c, j) => (FORCE.includes(c[0] === 'Nottingham City' ? 'Nottingham' : (c[0] ?? '')) ? j : -1)).filter((j) => j >= 0);
    expect(populatedColumns).toHaveLength(8);
    const burglary = counts.rows.find((r) => r.key[0] === 'Burglary');
    const burglaries = populatedColumns.reduce((sum, j) => sum + (burglary?.values[j] ?? 0), 0);
    expect(result.rows.find((r) => r.key[0] === 'Burglary')?.values[0]).toBeCloseTo((burglaries / residents) * 1000, 10);
  });
});
