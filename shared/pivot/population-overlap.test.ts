/**
 * Population files whose age bands share ages (0-15 and 16-17 beside 0-17;
 * 15-19 beside 18-24) or whose top band is open (90 and 90+; 85+ after single
 * years): every denominator counts each resident once, known by hand here,
 * and a victim band only overlapping bands could make is blank with a note
 * naming them.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { ageProfileFromStore } from '../charts/age-profile-store';
import { ageProfileText } from '../charts/analysis-chart';
import { importFiles } from '../import/import-files';
import { createWorkbench } from '../workbench';
import { type PivotResult, runPivot } from './run-pivot';
import type { PivotSpec } from './spec';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

const DISTRICT_HEADER = 'record_ref,record_type,committed_date,crime_type,district,victim_age,victim_age_band,victim_sex,domestic';

/** Victims in 2023: [district, age, how many]. */
function victims(rows: [string, number, number][]): string {
  const lines = [DISTRICT_HEADER];
  let ref = 0;
  for (const [district, age, n] of rows) for (let i = 0; i < n; i++) lines.push(`R${ref++},crime,01/06/2023,Burglary,${district},${age},,F,N`);
  return lines.join('\n');
}

/** A workbench with these victims and this population file; the population import's warnings. */
async function workbench(victimText: string, population: string): Promise<{ db: Database; warnings: string[] }> {
  const db = createWorkbench(SQL);
  const [records] = await importFiles(db, [{ name: 'victims.csv', bytes: new TextEncoder().encode(victimText) }]);
  expect(records?.rejected).toBe(0);
  const [report] = await importFiles(db, [{ name: 'population.csv', bytes: new TextEncoder().encode(population) }], { kind: 'population' });
  expect(report?.rejected).toBe(0);
  return { db, warnings: report?.warnings ?? [] };
}

const rateSpec = (overrides: Partial<PivotSpec> = {}): PivotSpec => ({
  rows: ['age_band'],
  columns: ['district'],
  measure: 'rate',
  filters: [],
  from: '2023-01',
  to: '2023-12',
  ...overrides,
});
const cell = (result: PivotResult, band: string, column = 0): number | null | undefined => result.rows.find((r) => r.key[0] === band)?.values[column];

describe('population bands inside other bands (0-15 and 16-17 beside 0-17)', () => {
  // Line numbers (the header is line 1) are those the import warning must name.
  const population = [
    'area_name,year,age_band,population',
    'Mansfield,2023,0-15,16000', // line 2
    'Mansfield,2023,16-17,2000', // line 3
    'Mansfield,2023,0-17,18000', // line 4
    'Mansfield,2023,18-24,7000',
    'Mansfield,2023,25-34,10000',
    'Mansfield,2023,35-44,10000',
    'Mansfield,2023,45-54,10000',
    'Mansfield,2023,55-64,10000',
    'Mansfield,2023,65+,20000',
  ].join('\n');
  // By hand: 0-17 is 18,000 (not 36,000); all ages 18,000 + 7,000 + 4 x 10,000 + 20,000 = 85,000 (not 103,000).
  const victimText = victims([['Mansfield', 10, 9], ['Mansfield', 20, 7], ['Mansfield', 70, 4]]);

  it('counts 0-17 once, and all ages once', async () => {
    const { db } = await workbench(victimText, population);
    const byBand = runPivot(db, rateSpec());
    expect(cell(byBand, '0-17')).toBeCloseTo((9 / 18_000) * 1000, 10);
    expect(cell(byBand, '18-24')).toBeCloseTo((7 / 7_000) * 1000, 10);
    expect(cell(byBand, '65+')).toBeCloseTo((4 / 20_000) * 1000, 10);
    const allAges = runPivot(db, rateSpec({ rows: ['district'], columns: [] }));
    expect(allAges.rows.find((r) => r.key[0] === 'Mansfield')?.values[0]).toBeCloseTo((20 / 85_000) * 1000, 10);
  });

  it('the age profile counts 0-17 once', async () => {
    const { db } = await workbench(victimText, population);
    const profile = ageProfileFromStore(db, { filters: [], from: '2023-01', to: '2023-12', count: 'records' });
    const row = (band: string): number | undefined => profile.rows.find((r) => r.band === band)?.population;
    expect(row('0-17')).toBe(18_000);
    expect(row('65+')).toBe(20_000);
    expect(profile.rows.reduce((s, r) => s + r.population, 0)).toBe(85_000);
  });

  it('the import warns, naming the lines of the nested bands', async () => {
    const { warnings } = await workbench(victimText, population);
    expect(warnings).toContainEqual(expect.stringMatching(/^population\.csv lines 2 and 4: Mansfield mid-2023: population band 0-15 lies inside 0-17/));
    expect(warnings).toContainEqual(expect.stringMatching(/^population\.csv lines 3 and 4: Mansfield mid-2023: population band 16-17 lies inside 0-17/));
  });
});

describe('population bands that cross each other (15-19 beside 18-24)', () => {
  const population = [
    'area_name,year,age_band,population',
    'Ashfield,2023,0-14,14000',
    'Ashfield,2023,15-19,5000', // line 3
    'Ashfield,2023,18-24,7000', // line 4
    'Ashfield,2023,25-34,11000',
    'Ashfield,2023,35-44,11000',
    'Ashfield,2023,45-54,11000',
    'Ashfield,2023,55-64,11000',
    'Ashfield,2023,65+,22000',
  ].join('\n');
  const victimText = victims([['Ashfield', 10, 3], ['Ashfield', 21, 6], ['Ashfield', 40, 5]]);

  it('18-24, which the file gives exactly, has its rate; 0-17 (cut by 15-19) and all ages (18-19 in both) are blank, naming the bands', async () => {
    const { db } = await workbench(victimText, population);
    const byBand = runPivot(db, rateSpec());
    expect(cell(byBand, '18-24')).toBeCloseTo((6 / 7_000) * 1000, 10);
    expect(cell(byBand, '35-44')).toBeCloseTo((5 / 11_000) * 1000, 10);
    expect(cell(byBand, '0-17')).toBeNull();
    expect(byBand.notes).toContainEqual(expect.stringMatching(/Ashfield, age band 0-17: the population band 15-19 straddles/));
    const allAges = runPivot(db, rateSpec({ rows: ['district'], columns: [] }));
    // The old sum, 92,000, counted ages 18 and 19 twice: there is no honest total.
    expect(allAges.rows.find((r) => r.key[0] === 'Ashfield')?.values[0]).toBeNull();
    expect(allAges.notes).toContainEqual(expect.stringMatching(/Ashfield \(mid-2023\), all ages: the population bands 15-19 and 18-24 overlap/));
  });

  it('the import warns, naming both lines and the ages in both', async () => {
    const { warnings } = await workbench(victimText, population);
    expect(warnings).toContainEqual(expect.stringMatching(/^population\.csv lines 3 and 4: Ashfield mid-2023: population bands 15-19 and 18-24 overlap \(18-19 in both\)/));
  });

  it('bands inside a victim band that cross each other leave it blank, naming them', async () => {
    // 0-17 from 0-9, 8-12 and 13-17: 8-12 shares 8 and 9 with 0-9, and there is no other way to make 0-17.
    const text = ['area_name,year,age_band,population', 'Ashfield,2023,0-9,10000', 'Ashfield,2023,8-12,5000', 'Ashfield,2023,13-17,5000', ...['18-24,7000', '25-34,11000', '35-44,11000', '45-54,11000', '55-64,11000', '65+,22000'].map((b) => `Ashfield,2023,${b}`)].join('\n');
    const { db } = await workbench(victimText, text);
    const byBand = runPivot(db, rateSpec());
    expect(cell(byBand, '0-17')).toBeNull();
    expect(byBand.notes).toContainEqual(expect.stringMatching(/Ashfield, age band 0-17: the population bands 0-9 and 8-12 overlap/));
    const profile = ageProfileFromStore(db, { filters: [], from: '2023-01', to: '2023-12', count: 'records' });
    expect(profile.uncountedBands).toContain('0-17');
    expect(profile.overlappingPopulationBands).toEqual(['0-9 and 8-12']);
    expect(ageProfileText(profile, null).sourceNote).toMatch(/Not compared: 0-17 \(the population estimates' bands 0-9 and 8-12 overlap/);
  });
});

describe('the open top band', () => {
  /** Single years 0 to 89 of 100 each, then these lines. */
  const singles = (top: string[]): string =>
    ['area_name,year,age,population', ...Array.from({ length: 90 }, (_, a) => `Gedling,2023,${a},100`), ...top].join('\n');
  const victimText = victims([['Gedling', 70, 13], ['Gedling', 30, 4]]);

  it('"90" and "90+" in one file are the same top figure, counted once', async () => {
    const { db } = await workbench(victimText, singles(['Gedling,2023,90,500', 'Gedling,2023,90+,500']));
    // 65+: ages 65 to 89 (25 x 100) and 90+ once (500) = 3,000; all ages 9,000 + 500.
    expect(cell(runPivot(db, rateSpec()), '65+')).toBeCloseTo((13 / 3_000) * 1000, 10);
    const allAges = runPivot(db, rateSpec({ rows: ['district'], columns: [] }));
    expect(allAges.rows[0]?.values[0]).toBeCloseTo((17 / 9_500) * 1000, 10);
  });

  it('"90" and "90+" with different figures: counted once (the later line), and the import names both lines', async () => {
    const { db, warnings } = await workbench(victimText, singles(['Gedling,2023,90,500', 'Gedling,2023,90+,520']));
    expect(cell(runPivot(db, rateSpec()), '65+')).toBeCloseTo((13 / 3_020) * 1000, 10);
    expect(warnings).toContainEqual(expect.stringMatching(/^population\.csv lines 92 and 93: Gedling mid-2023 gives age 90 as 500 and 90\+ as 520; they are the same age \(90 means 90 and over\)/));
  });

  it('"90 and over" is the top single year', async () => {
    const { db } = await workbench(victimText, singles(['Gedling,2023,90 and over,500']));
    expect(cell(runPivot(db, rateSpec()), '65+')).toBeCloseTo((13 / 3_000) * 1000, 10);
  });

  it('single years then an 85+ band: 65+ and all ages include the over-85s (no undercount)', async () => {
    const text = ['area_name,year,age,population', ...Array.from({ length: 85 }, (_, a) => `Gedling,2023,${a},100`), 'Gedling,2023,85+,900'].join('\n');
    const { db } = await workbench(victimText, text);
    // 65+: 65 to 84 (20 x 100) + 900 = 2,900; all ages 8,500 + 900 = 9,400.
    expect(cell(runPivot(db, rateSpec()), '65+')).toBeCloseTo((13 / 2_900) * 1000, 10);
    expect(runPivot(db, rateSpec({ rows: ['district'], columns: [] })).rows[0]?.values[0]).toBeCloseTo((17 / 9_400) * 1000, 10);
    const profile = ageProfileFromStore(db, { filters: [], from: '2023-01', to: '2023-12', count: 'records' });
    expect(profile.rows.find((r) => r.band === '65+')?.population).toBe(2_900);
  });

  it('a banded file with an open top band (75 and over) gives 65+ as 65-74 plus 75 and over', async () => {
    const text = [
      'area_name,year,age_band,population',
      ...['0-17,20000', '18-24,8000', '25-34,12000', '35-44,12000', '45-54,12000', '55-64,12000', '65-74,9000', '75 and over,7000'].map((b) => `Gedling,2023,${b}`),
    ].join('\n');
    const { db } = await workbench(victimText, text);
    expect(cell(runPivot(db, rateSpec()), '65+')).toBeCloseTo((13 / 16_000) * 1000, 10);
    expect(runPivot(db, rateSpec({ rows: ['district'], columns: [] })).rows[0]?.values[0]).toBeCloseTo((17 / 92_000) * 1000, 10);
  });
});
