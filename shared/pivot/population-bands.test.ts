/**
 * Population extracts by age band (0-9, 10-17, ..., 75+): rates per 1,000
 * by victim age band are the counts over the sum of the population bands
 * inside each victim band, and the victim band set is left alone.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { DEFAULT_AGE_BANDS, setAgeBands } from '../age-bands';
import { ageProfileFromStore } from '../charts/age-profile-store';
import { POPULATION_COLUMNS, districtCsv, generateDistrictRecords, objectsToCsv, populationRows, type PopulationRow } from '../generator';
import { importFiles } from '../import/import-files';
import { APPLICATION_ID, META_KEYS, SCHEMA_VERSION, migrate, writeMeta } from '../schema';
import { createWorkbench, openWorkbench } from '../workbench';
import { PopulationTable } from './population';
import { runPivot } from './run-pivot';
import type { PivotSpec } from './spec';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
let SQL: SqlJsStatic;
let db: Database;
let population: PopulationRow[];
const records = [...generateDistrictRecords({ seed: 7, records: 6_000 })];

/** The generator's population bands, read by hand (not through the importer's parser). */
const CSV_BANDS: Record<string, [number, number]> = {
  '0-9': [0, 9], '10-17': [10, 17], '18-24': [18, 24], '25-34': [25, 34], '35-44': [35, 44],
  '45-54': [45, 54], '55-64': [55, 64], '65-74': [65, 74], '75+': [75, Number.POSITIVE_INFINITY],
};

const rows = (target: Database, sql: string): unknown[][] => target.exec(sql)[0]?.values ?? [];
const defaultBands = (): unknown[][] => DEFAULT_AGE_BANDS.map((b) => [b.name, b.minAge, b.maxAge]);

beforeAll(async () => {
  SQL = await loadSqlJs();
  db = createWorkbench(SQL);
  population = populationRows();
  const reports = await importFiles(db, [
    { name: 'district-all.csv', bytes: encode(districtCsv(records)) },
    { name: 'population-long.csv', bytes: encode(objectsToCsv(POPULATION_COLUMNS, population)) },
  ]);
  expect(reports.map((r) => r.rejected)).toEqual([0, 0]);
}, 120_000);

describe('population by age band', () => {
  it('leaves the victim age bands as they were: the bands are ages on the population rows', () => {
    expect(rows(db, 'SELECT name, min_age, max_age FROM age_band ORDER BY sort_order')).toEqual(defaultBands());
    expect(rows(db, 'SELECT COUNT(*) FROM population WHERE age_band_id IS NOT NULL')).toEqual([[0]]);
    expect(rows(db, "SELECT DISTINCT min_age, max_age FROM population WHERE min_age >= 65 ORDER BY 1")).toEqual([
      [65, 74],
      [75, null],
    ]);
  });

  it('gives every victim band a rate: its count over the sum of the CSV bands inside it, per 1,000', () => {
    const spec: Omit<PivotSpec, 'measure'> = { rows: ['age_band'], columns: ['district', 'year'], filters: [], from: '2021-01', to: '2022-12' };
    const rates = runPivot(db, { ...spec, measure: 'rate' });
    const counts = runPivot(db, { ...spec, measure: 'count' });
    expect(rates.notes.join('\n')).not.toMatch(/No population by age/);
    let checked = 0;
    for (const band of DEFAULT_AGE_BANDS) {
      if (band.minAge === null) continue;
      const lo = band.minAge;
      const hi = band.maxAge ?? Number.POSITIVE_INFINITY;
      const rateRow = rates.rows.find((r) => r.key[0] === band.name);
      const countRow = counts.rows.find((r) => r.key[0] === band.name);
      expect(rateRow, band.name).toBeDefined();
      rates.columns.forEach(([district, year], i) => {
        const persons = population
          .filter((p) => p.area_name === district && String(p.year) === year)
          .filter((p) => {
            const [a, b] = CSV_BANDS[p.age_band] ?? [-1, -1];
            return a >= lo && b <= hi;
          })
          .reduce((sum, p) => sum + p.population, 0);
        expect(persons, `${band.name} ${district} ${year}`).toBeGreaterThan(0);
        const count = countRow?.values[i] ?? 0;
        expect(rateRow?.values[i], `${band.name} ${district} ${year}`).toBeCloseTo((count / persons) * 1000, 9);
        checked++;
      });
    }
    // 7 ranged bands x 8 districts x 2 years.
    expect(checked).toBe(7 * 8 * 2);
  });

  it('the age profile makes 0-17 from 0-9 and 10-17, and 65+ from 65-74 and 75+', () => {
    const result = ageProfileFromStore(db, { filters: [{ dimension: 'district', values: ['Ashfield'] }], from: '2022-01', to: '2022-12', year: 2022 });
    expect(result.unmatchedPopulationBands).toEqual([]);
    const ashfield = population.filter((p) => p.area_name === 'Ashfield' && p.year === 2022);
    const sum = (names: readonly string[]): number => ashfield.filter((p) => names.includes(p.age_band)).reduce((s, p) => s + p.population, 0);
    const total = ashfield.reduce((s, p) => s + p.population, 0);
    const share = (band: string): number | undefined => result.rows.find((r) => r.band === band)?.population_share;
    expect(share('0-17')).toBeCloseTo(sum(['0-9', '10-17']) / total, 9);
    expect(share('65+')).toBeCloseTo(sum(['65-74', '75+']) / total, 9);
  });
});

describe('population bands that do not fit the victim bands', () => {
  it('a band straddling a victim band edge gives a note naming it, not a number; bands that fit still give rates', async () => {
    const local = createWorkbench(SQL);
    const mansfield = records.filter((r) => r.district === 'Mansfield');
    const bands: [string, number][] = [['0-9', 9000], ['10-19', 12000], ['20-24', 6000], ['25-34', 14000], ['35-44', 13000], ['45-54', 15000], ['55-64', 14000], ['65 and over', 20000]];
    const csv = ['area_code,area_name,year,age_band,sex,population', ...bands.map(([band, n]) => `E07000174,Mansfield,2022,${band},,${n}`)].join('\n');
    await importFiles(local, [
      { name: 'district-mansfield.csv', bytes: encode(districtCsv(mansfield)) },
      { name: 'population-bands.csv', bytes: encode(csv) },
    ]);
    const spec: Omit<PivotSpec, 'measure'> = { rows: ['age_band'], columns: ['district'], filters: [{ dimension: 'district', values: ['Mansfield'] }], from: '2022-01', to: '2022-12' };
    const rates = runPivot(local, { ...spec, measure: 'rate' });
    const counts = runPivot(local, { ...spec, measure: 'count' });
    const rate = (band: string): number | null | undefined => rates.rows.find((r) => r.key[0] === band)?.values[0];
    const count = (band: string): number => counts.rows.find((r) => r.key[0] === band)?.values[0] ?? 0;
    expect(rate('0-17')).toBeNull();
    expect(rate('18-24')).toBeNull();
    expect(rates.notes).toContainEqual(expect.stringMatching(/Mansfield, age band 0-17: the population band 10-19 straddles/));
    expect(rates.notes).toContainEqual(expect.stringMatching(/Mansfield, age band 18-24: the population band 10-19 straddles/));
    expect(rate('25-34')).toBeCloseTo((count('25-34') / 14000) * 1000, 9);
    expect(rate('65+')).toBeCloseTo((count('65+') / 20000) * 1000, 9);
    expect(rows(local, 'SELECT name FROM age_band ORDER BY sort_order')).toEqual(defaultBands().map((b) => [b[0]]));
  });

  it('an age band with no readable ages is rejected with its line and field; All ages is every age', async () => {
    const local = createWorkbench(SQL);
    const csv = [
      'area_code,area_name,year,age_band,sex,population',
      'E07000174,Mansfield,2022,0-9,,9000',
      'E07000174,Mansfield,2022,about thirty,,1200',
      'E07000174,Mansfield,2022,All ages,,110000',
      'E07000174,Mansfield,2022,75 and over,,8000',
    ].join('\n');
    const [report] = await importFiles(local, [{ name: 'population-odd.csv', bytes: encode(csv) }]);
    expect(report).toMatchObject({ accepted: 3, rejected: 1 });
    expect(report?.rejects[0]).toMatchObject({ line: 3, field: 'age_band' });
    expect(report?.rejects[0]?.reason).toContain('about thirty');
    expect(rows(local, 'SELECT age, min_age, max_age, population FROM population ORDER BY IFNULL(min_age, -1)')).toEqual([
      [null, null, null, 110000],
      [null, 0, 9, 9000],
      [null, 75, null, 8000],
    ]);
    expect(rows(local, 'SELECT population FROM population_all_ages')).toEqual([[110000]]);
  });
});

describe('the denominator of a victim band from population bands', () => {
  it('takes any exact cover among overlapping bands, and says so when the bands leave a gap', () => {
    const local = createWorkbench(SQL);
    local.run(`INSERT INTO import (id, file_name, file_size, sha256, kind, read_rows, accepted, rejected, duplicate, updated, imported_at)
               VALUES (1, 'p.csv', 0, '', 'population', 0, 0, 0, 0, 0, '2024-01-01T00:00:00Z')`);
    local.run("INSERT INTO district (id, name) VALUES (1, 'Rushcliffe')");
    // 0-17 given as well as its parts; 18-24 missing; 25-34 as 25-29 and 30-34; 65+ as 65-89 and 90+.
    const bands: [number, number | null, number][] = [[0, 17, 21000], [0, 9, 11000], [10, 17, 10000], [25, 29, 4000], [30, 34, 4500], [65, 89, 20000], [90, null, 700]];
    for (const [min, max, n] of bands) {
      local.run(
        `INSERT INTO population (import_id, area_key, area_name, district_id, year, min_age, max_age, population)
         VALUES (1, 'E07000176', 'Rushcliffe', 1, 2022, ?, ?, ?)`,
        [min, max, n],
      );
    }
    const table = PopulationTable.load(local);
    const bandId = (name: string): number => Number(rows(local, `SELECT id FROM age_band WHERE name = '${name}'`)[0]?.[0]);
    expect(table.denominator([1], 2022, [bandId('0-17')])).toMatchObject({ persons: 21000 });
    expect(table.denominator([1], 2022, [bandId('25-34')])).toMatchObject({ persons: 8500 });
    expect(table.denominator([1], 2022, [bandId('65+')])).toMatchObject({ persons: 20700 });
    const gap = table.denominator([1], 2022, [bandId('18-24')]);
    expect('reason' in gap ? gap.reason : gap).toMatch(/No population by age for Rushcliffe, age band 18-24/);
  });
});

describe('victim bands edited in Reference data', () => {
  it('are made again from the population bands: 18-64 from five bands, and 0-15 straddles 10-17', async () => {
    const local = createWorkbench(SQL);
    await importFiles(local, [
      { name: 'district-all.csv', bytes: encode(districtCsv(records)) },
      { name: 'population-long.csv', bytes: encode(objectsToCsv(POPULATION_COLUMNS, population)) },
    ]);
    setAgeBands(local, [
      { name: '0-15', minAge: 0, maxAge: 15 },
      { name: '16-17', minAge: 16, maxAge: 17 },
      { name: '18-64', minAge: 18, maxAge: 64 },
      { name: '65+', minAge: 65, maxAge: null },
      { name: 'Unknown', minAge: null, maxAge: null },
    ]);
    const spec: Omit<PivotSpec, 'measure'> = { rows: ['age_band'], columns: ['district'], filters: [{ dimension: 'district', values: ['Gedling'] }], from: '2022-01', to: '2022-12' };
    const rates = runPivot(local, { ...spec, measure: 'rate' });
    const count = runPivot(local, { ...spec, measure: 'count' }).rows.find((r) => r.key[0] === '18-64')?.values[0] ?? 0;
    const persons = population
      .filter((p) => p.area_name === 'Gedling' && p.year === 2022 && ['18-24', '25-34', '35-44', '45-54', '55-64'].includes(p.age_band))
      .reduce((s, p) => s + p.population, 0);
    expect(count).toBeGreaterThan(0);
    expect(rates.rows.find((r) => r.key[0] === '18-64')?.values[0]).toBeCloseTo((count / persons) * 1000, 9);
    expect(rates.rows.find((r) => r.key[0] === '0-15')?.values[0]).toBeNull();
    expect(rates.notes).toContainEqual(expect.stringMatching(/Gedling, age band 0-15: the population band 10-17 straddles/));
  }, 60_000);
});

describe('the age column', () => {
  it('takes single years (90+ is the single year 90, as ONS gives it) and bands such as 85+; rejects what is neither', async () => {
    const local = createWorkbench(SQL);
    const csv = ['area_code,area_name,year,age,population', 'E07000174,Mansfield,2022,17,1300', 'E07000174,Mansfield,2022,90+,800', 'E07000174,Mansfield,2022,85+,3000', 'E07000174,Mansfield,2022,old,5'].join('\n');
    const [report] = await importFiles(local, [{ name: 'population-ages.csv', bytes: encode(csv) }]);
    expect(report).toMatchObject({ accepted: 3, rejected: 1 });
    expect(report?.rejects[0]).toMatchObject({ line: 5, field: 'age' });
    expect(rows(local, 'SELECT age, min_age, max_age FROM population ORDER BY population')).toEqual([
      [90, null, null],
      [17, null, null],
      [null, 85, null],
    ]);
  });
});

describe('schema 2 -> 3', () => {
  it('opens a schema-2 workbench whose population import added its bands to the victim bands, and cleans it', () => {
    const old = new SQL.Database();
    old.run(`PRAGMA application_id = ${APPLICATION_ID}`);
    migrate(old, 0, 2);
    writeMeta(old, META_KEYS.workbenchId, 'x');
    old.run(`INSERT INTO import (id, file_name, file_size, sha256, kind, read_rows, accepted, rejected, duplicate, updated, imported_at)
             VALUES (1, 'p.csv', 0, '', 'population', 0, 0, 0, 0, 0, '2024-01-01T00:00:00Z')`);
    old.run("INSERT INTO district (id, name) VALUES (1, 'Ashfield')");
    // What the schema-2 importer did: population bands appended to age_band with no ages.
    const polluted = ['0-9', '10-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75+'];
    const figures = [12000, 9000, 8000, 15000, 14000, 16000, 15000, 11000, 9500];
    for (const name of polluted) {
      if (name === '18-24' || name === '25-34' || name === '35-44' || name === '45-54' || name === '55-64') continue;
      old.run("INSERT INTO age_band (name, sort_order, min_age, max_age) VALUES (?, (SELECT MAX(sort_order) + 1 FROM age_band), NULL, NULL)", [name]);
    }
    // A name-only band a district extract gave its victims: not population's, so kept.
    old.run("INSERT INTO age_band (name, sort_order, min_age, max_age) VALUES ('16-24', 99, NULL, NULL)");
    old.run("INSERT INTO crime_type (id, name) VALUES (1, 'Burglary')");
    old.run(`INSERT INTO record (record_key, import_id, source, record_type, month, crime_type_id, district_id, age_band_id)
             VALUES (x'01', 1, 2, 1, ${2022 * 12}, 1, 1, (SELECT id FROM age_band WHERE name = '16-24'))`);
    polluted.forEach((name, i) => {
      old.run(
        `INSERT INTO population (import_id, area_key, area_code, area_name, district_id, year, age, age_band_id, sex, population)
         VALUES (1, 'E07000170', 'E07000170', 'Ashfield', 1, 2022, NULL, (SELECT id FROM age_band WHERE name = ?), NULL, ?)`,
        [name, figures[i] ?? 0],
      );
    });
    old.run(`INSERT INTO population (import_id, area_key, area_code, area_name, district_id, year, age, age_band_id, sex, population)
             VALUES (1, 'E07000170', 'E07000170', 'Ashfield', 1, 2022, NULL, NULL, NULL, 109500)`);
    expect(rows(old, 'SELECT COUNT(*) FROM age_band')).toEqual([[8 + 4 + 1]]);

    const opened = openWorkbench(SQL, old.export(), 'old.workbench');
    expect(rows(opened, `SELECT value FROM meta WHERE key = '${META_KEYS.schemaVersion}'`)).toEqual([[String(SCHEMA_VERSION)]]);
    expect(rows(opened, 'SELECT name, min_age, max_age FROM age_band ORDER BY sort_order')).toEqual([...defaultBands(), ['16-24', null, null]]);
    expect(rows(opened, 'SELECT COUNT(*) FROM population WHERE age_band_id IS NOT NULL')).toEqual([[0]]);
    expect(rows(opened, 'SELECT min_age, max_age, population FROM population ORDER BY IFNULL(min_age, -1)')).toEqual([
      [null, null, 109500],
      ...polluted.map((name, i) => {
        const [min = 0, max = 0] = name.endsWith('+') ? [Number(name.slice(0, -1)), null] : name.split('-').map(Number);
        return [min, max, figures[i]];
      }),
    ]);
    expect(rows(opened, 'SELECT population FROM population_all_ages')).toEqual([[109500]]);
    // Denominators: 0-17 is 0-9 + 10-17 and 65+ is 65-74 + 75+; the name-only 16-24 has no ages, so no rate.
    const table = PopulationTable.load(opened);
    const bandId = (name: string): number => Number(rows(opened, `SELECT id FROM age_band WHERE name = '${name}'`)[0]?.[0]);
    expect(table.denominator([1], 2022, [bandId('0-17')])).toMatchObject({ persons: 12000 + 9000 });
    expect(table.denominator([1], 2022, [bandId('65+')])).toMatchObject({ persons: 11000 + 9500 });
    expect(table.denominator([1], 2022, [bandId('18-24')])).toMatchObject({ persons: 8000 });
    const unranged = table.denominator([1], 2022, [bandId('16-24')]);
    expect('reason' in unranged ? unranged.reason : unranged).toMatch(/age band 16-24/);
  });
});
