/**
 * Rates per 1,000 by victim sex, on planted extracts imported through the
 * real importers: a sex in the rows, columns or filters divides by that
 * sex's residents (and age band), from a hand-made population of 1,000
 * females and 2,000 males; a population of persons only gives blanks with a
 * note, never a rate over persons; victims of unknown sex have no rate.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { workbenchOf } from '../../tests/helpers/import-tests';
import { POPULATION_COLUMNS, districtCsv, generateDistrictRecords, objectsToCsv, populationRows } from '../generator';
import { withRecordTable } from './cube';
import { UNKNOWN_SEX_NOTE } from './population';
import { type PivotResult, runPivot } from './run-pivot';
import type { PivotSpec } from './spec';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

/** [district, victim age, victim sex (F, M or blank), how many], all committed in 2023. */
type Planted = [string, string, string, number];

/** The first record in January, the last in December, the others in June: the data covers the whole of 2023, as a year's extract does. */
function districtExtract(rows: Planted[]): string {
  const lines = ['record_ref,record_type,committed_date,crime_type,district,victim_age,victim_sex'];
  const total = rows.reduce((sum, row) => sum + row[3], 0);
  let ref = 0;
  for (const [district, age, sex, n] of rows) {
    for (let i = 0; i < n; i++, ref++) lines.push(`S${ref},crime,15/${ref === 0 ? '01' : ref === total - 1 ? '12' : '06'}/2023,Burglary,${district},${age},${sex}`);
  }
  return lines.join('\n');
}

// Mansfield: 3 female victims (two aged 20, one 40), 4 male (one aged 20, three 50), 2 of sex not recorded.
// Gedling: 2 female, 1 male.
const RECORDS: Planted[] = [
  ['Mansfield', '20', 'F', 2],
  ['Mansfield', '40', 'F', 1],
  ['Mansfield', '20', 'M', 1],
  ['Mansfield', '50', 'M', 3],
  ['Mansfield', '30', '', 2],
  ['Gedling', '20', 'F', 2],
  ['Gedling', '30', 'M', 1],
];

/** Mansfield by sex (all ages and 18-24 only), Gedling persons only. */
const BY_SEX = [
  'area_name,year,age_band,sex,population',
  'Mansfield,2023,All ages,F,1000',
  'Mansfield,2023,All ages,M,2000',
  'Mansfield,2023,18-24,F,100',
  'Mansfield,2023,18-24,M,300',
  'Gedling,2023,All ages,,5000',
].join('\n');

const workbench = (files: Parameters<typeof workbenchOf>[1]): Promise<Database> => workbenchOf(SQL, files);

const rate = (overrides: Partial<PivotSpec>): PivotSpec => ({ rows: ['district'], columns: [], measure: 'rate', filters: [], from: '2023-01', to: '2023-12', ...overrides });
/** Cells by row and column label ('Total' for the row total), through the cube and through the record table alike. */
function cells(db: Database, spec: PivotSpec): Record<string, Record<string, number | null>> {
  const shape = (result: PivotResult): Record<string, Record<string, number | null>> => {
    const out: Record<string, Record<string, number | null>> = {};
    for (const row of result.rows) {
      const byColumn: Record<string, number | null> = {};
      result.columns.forEach((column, j) => (byColumn[column.join(' / ') || 'value'] = row.values[j] ?? null));
      byColumn.Total = row.total;
      out[row.key.join(' / ')] = byColumn;
    }
    const totals: Record<string, number | null> = {};
    result.columns.forEach((column, j) => (totals[column.join(' / ') || 'value'] = result.columnTotals[j] ?? null));
    totals.Total = result.grandTotal;
    out.Total = totals;
    return out;
  };
  const viaCube = shape(runPivot(db, spec));
  expect(shape(withRecordTable(db, () => runPivot(db, spec))), 'record table equals cube').toEqual(viaCube);
  return viaCube;
}

describe('rates per 1,000 by victim sex', () => {
  let db: Database;
  beforeAll(async () => {
    db = await workbench([
      { name: 'district.csv', text: districtExtract(RECORDS) },
      { name: 'population-by-sex-2023.csv', text: BY_SEX, kind: 'population' },
    ]);
  });

  it('sex in the columns: females over 1,000 females, males over 2,000 males; Unknown and persons-only districts blank with notes', () => {
    const result = runPivot(db, rate({ columns: ['sex'] }));
    expect(result.columns).toEqual([['Female'], ['Male'], ['Unknown']]);
    const got = cells(db, rate({ columns: ['sex'] }));
    // 3 / 1,000 females and 4 / 2,000 males per 1,000; persons are females plus males (3,000), all 9 victims.
    expect(got.Mansfield).toEqual({ Female: 3, Male: 2, Unknown: null, Total: 3 });
    // Gedling's population is persons only: no rate by sex, but its persons rate stands (3 / 5,000).
    expect(got.Gedling).toEqual({ Female: null, Male: null, Unknown: null, Total: 0.6 });
    // Force-wide by sex needs every district's figures by sex: Gedling has none.
    expect(got.Total?.Female).toBeNull();
    expect(got.Total?.Total).toBeCloseTo((12 / 8000) * 1000, 12);
    expect(result.notes).toContain('The population loaded for Gedling has no figures by sex (persons only): its rates by victim sex are blank.');
    expect(result.notes).toContain(UNKNOWN_SEX_NOTE);
  });

  it('sex in the rows, under district, gives the same rates', () => {
    const got = cells(db, rate({ rows: ['district', 'sex'], columns: ['year'] }));
    expect(got['Mansfield / Female']).toEqual({ '2023': 3, Total: 3 });
    expect(got['Mansfield / Male']).toEqual({ '2023': 2, Total: 2 });
    expect(got['Mansfield / Unknown']).toEqual({ '2023': null, Total: null });
    expect(got['Gedling / Female']).toEqual({ '2023': null, Total: null });
  });

  it('a sex filter divides by that sex, or by both sexes when both are chosen, never by persons', () => {
    expect(cells(db, rate({ filters: [{ dimension: 'sex', values: ['Female'] }] })).Mansfield).toEqual({ value: 3, Total: 3 });
    expect(cells(db, rate({ filters: [{ dimension: 'sex', values: ['Male'] }] })).Mansfield).toEqual({ value: 2, Total: 2 });
    // Females and males: 7 victims over 3,000 residents of either sex.
    expect(cells(db, rate({ filters: [{ dimension: 'sex', values: ['Female', 'Male'] }] })).Mansfield?.value).toBeCloseTo((7 / 3000) * 1000, 12);
    const withUnknown = runPivot(db, rate({ filters: [{ dimension: 'sex', values: ['Female', 'Unknown'] }] }));
    expect(withUnknown.rows.find((r) => r.key[0] === 'Mansfield')?.values).toEqual([null]);
    expect(withUnknown.notes).toContain(UNKNOWN_SEX_NOTE);
    const gedling = runPivot(db, rate({ filters: [{ dimension: 'sex', values: ['Female'] }, { dimension: 'district', values: ['Gedling'] }] }));
    expect(gedling.rows.map((r) => [r.key[0], r.values[0], r.counts[0]])).toEqual([['Gedling', null, 2]]);
    expect(gedling.notes.join('\n')).toMatch(/Gedling has no figures by sex/);
  });

  it('sex and age band together divide by that sex in that band; a band with no figures by sex is blank with a note', () => {
    const spec = rate({ rows: ['age_band'], columns: ['sex'], filters: [{ dimension: 'district', values: ['Mansfield'] }] });
    const got = cells(db, spec);
    // 18-24: 2 of 100 females, 1 of 300 males.
    expect(got['18-24']?.Female).toBe(20);
    expect(got['18-24']?.Male).toBeCloseTo((1 / 300) * 1000, 12);
    // 35-44 and 45-54: Mansfield's population by sex has no ages there.
    expect(got['35-44']?.Female).toBeNull();
    expect(got['45-54']?.Male).toBeNull();
    const notes = runPivot(db, spec).notes;
    expect(notes).toContain('No population by age and sex for Mansfield, age band 35-44, females: load single-year or banded estimates by sex for its rate.');
    expect(notes).toContain('No population by age and sex for Mansfield, age band 45-54, males: load single-year or banded estimates by sex for its rate.');
  });
});

describe('rates by victim sex with a population of persons only', () => {
  it('every cell by sex is blank with the note; rates without sex still divide by persons', async () => {
    const db = await workbench([
      { name: 'district.csv', text: districtExtract(RECORDS) },
      { name: 'population-persons-2023.csv', text: 'area_name,year,age_band,population\nMansfield,2023,All ages,3000\nGedling,2023,All ages,5000', kind: 'population' },
    ]);
    const bySex = runPivot(db, rate({ columns: ['sex'] }));
    for (const row of bySex.rows) expect(row.values, row.key.join('/')).toEqual([null, null, null]);
    expect(bySex.columnTotals).toEqual([null, null, null]);
    expect(bySex.rows.map((r) => r.counts)).toEqual([
      [2, 1, 0],
      [3, 4, 2],
    ]);
    expect(bySex.notes).toEqual(
      expect.arrayContaining([
        'The population loaded for Gedling has no figures by sex (persons only): its rates by victim sex are blank.',
        'The population loaded for Mansfield has no figures by sex (persons only): its rates by victim sex are blank.',
      ]),
    );
    const filtered = runPivot(db, rate({ filters: [{ dimension: 'sex', values: ['Female'] }] }));
    expect(filtered.rows.map((r) => r.values[0])).toEqual([null, null]);
    expect(filtered.grandTotal).toBeNull();
    // Without sex: 9 / 3,000 and 3 / 5,000 per 1,000.
    expect(cells(db, rate({})).Mansfield?.value).toBe(3);
    expect(cells(db, rate({})).Gedling?.value).toBe(0.6);
    expect(runPivot(db, rate({})).notes.join('\n')).not.toMatch(/sex/);
  });
});

describe('rates by victim sex on the generated extracts (population by band and sex)', () => {
  it('each district, sex and year: its count over the sum of that sex\'s population bands; by band, the bands inside the victim band', async () => {
    const population = populationRows();
    const db = await workbench([
      { name: 'district-all.csv', text: districtCsv([...generateDistrictRecords({ seed: 23, records: 4_000 })]) },
      { name: 'population-long.csv', text: objectsToCsv(POPULATION_COLUMNS, population), kind: 'population' },
    ]);
    // Read by hand from the file's rows, not through the importer: the generator's bands are a-b or 75+.
    const residents = (district: string, year: string, sex: 'F' | 'M', lo = 0, hi = Number.POSITIVE_INFINITY): number =>
      population
        .filter((p) => p.area_name === district && String(p.year) === year && p.sex === sex)
        .filter((p) => {
          const [a = '', b] = p.age_band.replace('+', '').split('-');
          return Number(a) >= lo && (b === undefined ? Number.POSITIVE_INFINITY : Number(b)) <= hi;
        })
        .reduce((sum, p) => sum + p.population, 0);
    const layout: Omit<PivotSpec, 'measure'> = { rows: ['district', 'sex'], columns: ['year'], filters: [], from: '2021-01', to: '2022-12' };
    const rates = runPivot(db, { ...layout, measure: 'rate' });
    const counts = runPivot(db, { ...layout, measure: 'count' });
    let checked = 0;
    rates.rows.forEach((row, i) => {
      const [district = '', sexLabel] = row.key;
      rates.columns.forEach(([year = ''], j) => {
        const value = row.values[j];
        if (sexLabel === 'Unknown') return expect(value, `${district} Unknown ${year}`).toBeNull();
        const persons = residents(district, year, sexLabel === 'Female' ? 'F' : 'M');
        expect(persons, `${district} ${sexLabel} ${year}`).toBeGreaterThan(0);
        expect(value, `${district} ${sexLabel} ${year}`).toBeCloseTo(((counts.rows[i]?.values[j] ?? 0) / persons) * 1000, 9);
        checked++;
      });
    });
    expect(checked).toBeGreaterThanOrEqual(8 * 2 * 2);
    expect(rates.notes.join('\n')).not.toMatch(/no figures by sex/);

    // Victim age band by sex in Ashfield, 2022: 0-17 from 0-9 and 10-17, 65+ from 65-74 and 75+.
    const byBand: Omit<PivotSpec, 'measure'> = { rows: ['age_band'], columns: ['sex'], filters: [{ dimension: 'district', values: ['Ashfield'] }], from: '2022-01', to: '2022-12' };
    const bandRates = runPivot(db, { ...byBand, measure: 'rate' });
    const bandCounts = runPivot(db, { ...byBand, measure: 'count' });
    const at = (result: PivotResult, band: string, sex: string): number | null | undefined =>
      result.rows.find((r) => r.key[0] === band)?.values[result.columns.findIndex((c) => c[0] === sex)];
    for (const [band, lo, hi] of [['0-17', 0, 17], ['18-24', 18, 24], ['65+', 65, Number.POSITIVE_INFINITY]] as const) {
      for (const [sex, code] of [['Female', 'F'], ['Male', 'M']] as const) {
        const persons = residents('Ashfield', '2022', code, lo, hi);
        expect(at(bandRates, band, sex), `${band} ${sex}`).toBeCloseTo(((at(bandCounts, band, sex) ?? 0) / persons) * 1000, 9);
      }
    }
  });
});
