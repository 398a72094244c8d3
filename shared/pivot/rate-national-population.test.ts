/**
 * The walkthrough's case on real files: police.uk Nottinghamshire (March and
 * April 2023, so both financial years shown are part years of one month)
 * with the national ONS mid-2020 file, every UK area in it. The Totals' rate
 * is the force's records over the force's residents, per year, whichever
 * period is in the columns, counted here by hand from the raw files; the
 * records police.uk puts over the border are left out of it and counted in
 * the note; the estimate note names mid-2020.
 */
import { readFileSync } from 'node:fs';
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { FORCE_DISTRICTS, FORCE_DISTRICT_CODES } from '../districts';
import { importFiles } from '../import/import-files';
import { createWorkbench } from '../workbench';
import { runPivot } from './run-pivot';
import type { PivotSpec } from './spec';

const DATA = new URL('../../../shared/data/', import.meta.url);
const STREETS = ['2023-03-nottinghamshire-street.csv', '2023-04-nottinghamshire-street.csv'];
const ONS = 'ukpopestimatesmid2020on2021geography.csv';
const streetTexts = STREETS.map((name) => readFileSync(new URL(`policeuk-nottinghamshire-street-2023-2024/${name}`, DATA), 'utf8'));
const onsText = readFileSync(new URL(`ons-mye-lad-syoa-2019-2020/${ONS}`, DATA), 'utf8');

/** Records by the district their LSOA name gives ("Mansfield 012A"; police.uk's "Nottingham" is Nottingham City), '' for none. */
const byDistrict = new Map<string, number>();
for (const line of streetTexts.flatMap((text) => text.split(/\r?\n/).slice(1))) {
  if (line === '') continue;
  const district = (line.split(',')[8] ?? '').replace(/ \d{3}[A-Z]$/, '').replace(/^Nottingham$/, 'Nottingham City');
  byDistrict.set(district, (byDistrict.get(district) ?? 0) + 1);
}
const isForce = (name: string): boolean => (FORCE_DISTRICTS as readonly string[]).includes(name);
const forceRecords = [...byDistrict].reduce((sum, [name, n]) => sum + (isForce(name) ? n : 0), 0);
const outside = [...byDistrict].filter(([name]) => name !== '' && !isForce(name));

/** All-ages residents of the force's districts, from the published "All ages" cells ("128,337"), by ONS code. */
const persons = new Map<string, number>();
for (const line of onsText.split(/\r?\n/)) {
  const code = line.slice(0, 9);
  const name = Object.hasOwn(FORCE_DISTRICT_CODES, code) ? FORCE_DISTRICT_CODES[code] : undefined;
  const all = /^[^,]+,[^,]+,[^,]+,"([\d,]+)"/.exec(line)?.[1];
  if (name !== undefined && all !== undefined) persons.set(name, Number(all.replace(/,/g, '')));
}
const forceResidents = [...persons.values()].reduce((a, b) => a + b, 0);

let db: Database;
beforeAll(async () => {
  db = createWorkbench(await loadSqlJs());
  const streets = await importFiles(db, STREETS.map((name, i) => ({ name, bytes: new TextEncoder().encode(streetTexts[i]) })));
  expect(streets.map((r) => r.rejected)).toEqual([0, 0]);
  const [population] = await importFiles(db, [{ name: ONS, bytes: new TextEncoder().encode(onsText) }], { kind: 'population' });
  expect(population?.accepted).toBeGreaterThan(400);
}, 60_000);

const spec = (columns: PivotSpec['columns']): PivotSpec => ({ rows: ['district'], columns, measure: 'rate', filters: [] });

describe('rates per 1,000 on real police.uk data with the national population file', () => {
  it('the facts the test stands on: the eight districts in the ONS file, records in dozens of districts over the border', () => {
    expect(persons.size).toBe(8);
    expect(outside.length).toBeGreaterThan(50);
    expect(outside.filter(([, n]) => n === 1).length).toBeGreaterThan(20);
  });

  it("the Total per year is the force's records over its residents for two months, by financial year, calendar year and month alike", () => {
    // Two months of data: person-years are the residents x 2 / 12.
    const perYear = (forceRecords * 1000 * 6) / forceResidents;
    const ashfield = ((byDistrict.get('Ashfield') ?? 0) * 1000 * 6) / (persons.get('Ashfield') ?? Number.NaN);
    for (const columns of [['fin_year'], ['year'], ['month']] as const) {
      const result = runPivot(db, spec([...columns]));
      expect(result.grandTotal, columns[0]).toBeCloseTo(perYear, 9);
      expect(result.rows.find((r) => r.key[0] === 'Ashfield')?.total, columns[0]).toBeCloseTo(ashfield, 9);
    }
    // Each financial year's Total column is that month's force records over the force's residents.
    const byFinancialYear = runPivot(db, spec(['fin_year']));
    expect(byFinancialYear.columns.map((c) => c[0])).toEqual(['2022/23', '2023/24']);
    const march = streetTexts[0]?.split(/\r?\n/).filter((l) => l !== '' && isForce((l.split(',')[8] ?? '').replace(/ \d{3}[A-Z]$/, '').replace(/^Nottingham$/, 'Nottingham City'))).length ?? 0;
    expect(byFinancialYear.columnTotals[0]).toBeCloseTo((march * 1000) / forceResidents, 9);
    const notes = byFinancialYear.notes.join('\n');
    const overBorder = outside.reduce((sum, [, n]) => sum + n, 0);
    expect(notes).toContain(`${overBorder.toLocaleString('en-GB')} records in ${outside.length} districts outside the force area (`);
    expect(notes).toContain('Rates for 2022/23 and 2023/24 use the mid-2020 population estimates, the nearest year loaded.');
    expect(notes).not.toContain('Not every district');
  });
});
