/**
 * ONS mid-year estimates by sex: the "MYE2 - Males" and "MYE2 - Females"
 * sheets have the same header as "MYE2 - Persons", so the sex comes from the
 * sheet's name (or a CSV's file name). Planted figures: Mansfield 10 females
 * and 20 males at every single year of age 0-90 (910 and 1,820), victims 3
 * female, 4 male and 2 of sex not recorded, all in June 2023.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { ageProfileFromStore } from '../charts/age-profile-store';
import { type XlsxCell, workbookBytes } from '../generator/xlsx';
import { runPivot } from '../pivot/run-pivot';
import type { PivotSpec } from '../pivot/spec';
import { createWorkbench } from '../workbench';
import { importFiles } from './import-files';
import { sexFromName } from './population';
import type { ImportFileInput, ImportReport } from './types';

const AGES = Array.from({ length: 91 }, (_, age) => age);
const FEMALES_PER_AGE = 10;
const MALES_PER_AGE = 20;

/** An ONS wide sheet: title rows above the header, as ONS publishes it, then the two districts. */
function mye2Rows(perAge: number): XlsxCell[][] {
  const header = ['Code', 'Name', 'Geography', 'All ages', ...AGES.map((age) => (age === 90 ? '90+' : String(age)))];
  const area = (code: string, name: string): XlsxCell[] => [code, name, 'Non-metropolitan District', perAge * AGES.length, ...AGES.map(() => perAge)];
  return [['Mid-2023 Population Estimates for Local Authority Districts'], [], header, area('E07000174', 'Mansfield'), area('E07000173', 'Gedling')];
}

const DISTRICT_CSV = [
  'record_ref,record_type,committed_date,crime_type,district,victim_age,victim_sex',
  ...[
    ['F', 3],
    ['M', 4],
    ['', 2],
  ].flatMap(([sex, n], group) => Array.from({ length: Number(n) }, (_, i) => `S${group}-${i},crime,15/06/2023,Burglary,Mansfield,30,${sex}`)),
].join('\n');

const rate = (overrides: Partial<PivotSpec> = {}): PivotSpec => ({
  rows: ['district'],
  columns: [],
  measure: 'rate',
  filters: [{ dimension: 'district', values: ['Mansfield'] }],
  from: '2023-01',
  to: '2023-12',
  ...overrides,
});

let SQL: SqlJsStatic;
let workbook: Uint8Array;
beforeAll(async () => {
  SQL = await loadSqlJs();
  workbook = await workbookBytes([
    { name: 'Contents', rows: [['Population estimates by sex: see the MYE2 sheets.']] },
    { name: 'MYE2 - Persons', rows: mye2Rows(FEMALES_PER_AGE + MALES_PER_AGE) },
    { name: 'MYE2 - Males', rows: mye2Rows(MALES_PER_AGE) },
    { name: 'MYE2 - Females', rows: mye2Rows(FEMALES_PER_AGE) },
  ]);
});

/** A workbench with the planted victims and these sheets of the workbook, each its own import as the app makes them. */
async function workbenchWith(sheets: string[]): Promise<{ db: Database; reports: ImportReport[] }> {
  const db = createWorkbench(SQL);
  await importFiles(db, [{ name: 'district.csv', bytes: new TextEncoder().encode(DISTRICT_CSV) }]);
  const files: ImportFileInput[] = sheets.map((sheet) => ({ name: `mye2-mid2023.xlsx [${sheet}]`, bytes: workbook }));
  const reports = await importFiles(db, files, { kind: 'population', sheets: Object.fromEntries(sheets.map((sheet) => [`mye2-mid2023.xlsx [${sheet}]`, sheet])) });
  for (const report of reports) expect(report.rejected, report.file).toBe(0);
  return { db, reports };
}

function populationBySex(db: Database): Record<string, number> {
  const rows = db.exec("SELECT IFNULL(sex, 0), SUM(population) FROM population WHERE area_name = 'Mansfield' AND age IS NOT NULL GROUP BY 1")[0]?.values ?? [];
  return Object.fromEntries(rows.map(([sex, total]) => [String(sex), Number(total)]));
}

describe('the sex of an ONS sheet or file from its name', () => {
  it('reads males, females and persons, and never takes "females" for "males"', () => {
    expect(sexFromName('MYE2 - Males')).toBe(2);
    expect(sexFromName('MYE2 - Females')).toBe(1);
    expect(sexFromName('MYE2 - Persons')).toBeNull();
    expect(sexFromName('mye2-females-mid2020.csv')).toBe(1);
    expect(sexFromName('MYE2_Male_2020.csv')).toBe(2);
    expect(sexFromName('ukmidyearestimates20192020ladcodes.csv')).toBeNull();
    // Letters either side are part of another word.
    expect(sexFromName('normales.csv')).toBeNull();
    expect(sexFromName('mentions.csv')).toBeNull();
  });
});

describe('MYE2 sheets by sex', () => {
  it('the Males and Females sheets are stored as males and females, and say so', async () => {
    const { db, reports } = await workbenchWith(['MYE2 - Males', 'MYE2 - Females']);
    expect(populationBySex(db)).toEqual({ '1': FEMALES_PER_AGE * 91, '2': MALES_PER_AGE * 91 });
    expect(reports[0]?.warnings).toContain('mye2-mid2023.xlsx [MYE2 - Males]: read as males only (from the sheet name "MYE2 - Males"); import the other sex too for rates of all residents.');
    expect(reports[1]?.warnings.join('\n')).toMatch(/read as females only \(from the sheet name "MYE2 - Females"\)/);
  });

  it('rates by sex divide by each sex; rates of all victims by the two sexes together', async () => {
    const { db } = await workbenchWith(['MYE2 - Males', 'MYE2 - Females']);
    const bySex = runPivot(db, rate({ columns: ['sex'] }));
    expect(bySex.columns).toEqual([['Female'], ['Male'], ['Unknown']]);
    const [female, male, unknown] = bySex.rows[0]?.values ?? [];
    expect(female).toBeCloseTo((3 / 910) * 1000, 12);
    expect(male).toBeCloseTo((4 / 1820) * 1000, 12);
    expect(unknown).toBeNull();
    // All nine victims over 910 + 1,820 residents.
    expect(runPivot(db, rate()).rows[0]?.values[0]).toBeCloseTo((9 / 2730) * 1000, 12);
  });

  it('the Persons sheet alone is persons, as before', async () => {
    const { db, reports } = await workbenchWith(['MYE2 - Persons']);
    expect(populationBySex(db)).toEqual({ '0': (FEMALES_PER_AGE + MALES_PER_AGE) * 91 });
    expect(reports[0]?.warnings.join('\n')).not.toMatch(/read as (males|females)/);
    expect(runPivot(db, rate()).rows[0]?.values[0]).toBeCloseTo((9 / 2730) * 1000, 12);
  });

  it('males alone are not all residents: the rate of all victims is blank with a note, the male rate stands', async () => {
    const { db } = await workbenchWith(['MYE2 - Males']);
    const all = runPivot(db, rate());
    expect(all.rows[0]?.counts[0]).toBe(9);
    expect(all.rows[0]?.values[0]).toBeNull();
    expect(all.notes).toContain('The population loaded for Mansfield is of males only: rates of all its victims need both sexes or persons.');
    const male = runPivot(db, rate({ filters: [{ dimension: 'district', values: ['Mansfield'] }, { dimension: 'sex', values: ['Male'] }] }));
    expect(male.rows[0]?.values[0]).toBeCloseTo((4 / 1820) * 1000, 12);
  });

  it('males alone by age band: the rate of all victims in a band is blank with the note that says males only, not that no ages were loaded', async () => {
    const { db } = await workbenchWith(['MYE2 - Males']);
    const byBand = runPivot(db, rate({ columns: ['age_band'] }));
    const band = byBand.columns.findIndex((labels) => labels[0] === '25-34');
    expect(byBand.rows[0]?.counts[band]).toBe(9);
    expect(byBand.rows[0]?.values[band]).toBeNull();
    expect(byBand.notes).toContain('The population loaded for Mansfield is of males only: rates of all its victims need both sexes or persons.');
    expect(byBand.notes.join('\n')).not.toMatch(/No population by age for Mansfield/);
    // The male rate in the band stands: 4 male victims over 10 single years of 20 males.
    const male = runPivot(db, rate({ columns: ['age_band'], filters: [{ dimension: 'district', values: ['Mansfield'] }, { dimension: 'sex', values: ['Male'] }] }));
    expect(male.rows[0]?.values[male.columns.findIndex((labels) => labels[0] === '25-34')]).toBeCloseTo((4 / 200) * 1000, 12);
  });

  it('the age profile compares victims with both sexes together, and refuses one sex alone', async () => {
    const both = await workbenchWith(['MYE2 - Males', 'MYE2 - Females']);
    const profile = ageProfileFromStore(both.db, { filters: [], count: 'records' });
    // Every victim is 30 (band 25-34): residents 25-34 are 10 of the 91 single years, of both sexes.
    const band = profile.rows.find((r) => r.band === '25-34');
    expect(band?.victims).toBe(9);
    expect(band?.population).toBe(10 * (FEMALES_PER_AGE + MALES_PER_AGE));
    const males = await workbenchWith(['MYE2 - Males']);
    expect(() => ageProfileFromStore(males.db, { filters: [], count: 'records' })).toThrow(
      'The population loaded for Mansfield (mid-2023) is of males only: the age profile compares victims with all residents; import the estimates for both sexes, or persons.',
    );
  });

  it('a CSV saved from the Females sheet takes its sex from the file name; a sex column wins over the name', async () => {
    const db = createWorkbench(SQL);
    const header = `Code,Name,Geography,All ages,${AGES.map((age) => (age === 90 ? '90+' : String(age))).join(',')}`;
    const wide = `${header}\nE07000174,Mansfield,Non-metropolitan District,910,${AGES.map(() => 10).join(',')}`;
    const [report] = await importFiles(db, [{ name: 'MYE2 - Females mid2023.csv', bytes: new TextEncoder().encode(wide) }], { kind: 'population' });
    expect(report?.warnings.join('\n')).toMatch(/read as females only \(from the file name\)/);
    const long = 'area_name,year,age_band,sex,population\nMansfield,2023,All ages,M,1820';
    await importFiles(db, [{ name: 'population-females-2023.csv', bytes: new TextEncoder().encode(long) }], { kind: 'population' });
    const rows = db.exec("SELECT sex, population FROM population WHERE area_name = 'Mansfield' AND age IS NULL AND min_age IS NULL")[0]?.values;
    expect(rows).toEqual([[2, 1820]]);
  });
});
