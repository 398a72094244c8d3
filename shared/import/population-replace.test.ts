/**
 * Re-importing population estimates replaces, never adds: the real ONS
 * mid-2020 file twice gives the same rates; a corrected file naming the
 * district without its code replaces the coded figures rather than sitting
 * beside them; a file without a geography column leaves the stored one; a
 * file without an area column is refused, naming the file and the field.
 */
import { readFileSync } from 'node:fs';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { errorOf } from '../../tests/helpers/import-tests';
import { runPivot } from '../pivot/run-pivot';
import { createWorkbench } from '../workbench';
import { importFiles } from './import-files';

const ONS_2020 = 'ukpopestimatesmid2020on2021geography.csv';
const onsBytes = new Uint8Array(readFileSync(new URL(`../../../shared/data/ons-mye-lad-syoa-2019-2020/${ONS_2020}`, import.meta.url)));
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

/** Mansfield 12 and Ashfield 5 burglaries in June 2020. */
const VICTIMS = [
  'record_ref,record_type,committed_date,crime_type,district,victim_age,victim_age_band,victim_sex,domestic',
  ...Array.from({ length: 12 }, (_, i) => `M${i},crime,01/06/2020,Burglary,Mansfield,30,,F,N`),
  ...Array.from({ length: 5 }, (_, i) => `A${i},crime,01/06/2020,Burglary,Ashfield,30,,F,N`),
].join('\n');

const rows = (db: Database, sql: string): unknown[][] => db.exec(sql)[0]?.values ?? [];
/** Each district's rate per 1,000 in 2020. */
const rates = (db: Database): Record<string, number | null> =>
  Object.fromEntries(
    runPivot(db, { rows: ['district'], columns: [], measure: 'rate', filters: [], from: '2020-01', to: '2020-12' }).rows.map((r) => [String(r.key[0]), r.values[0] ?? null]),
  );

let onsRows = 0;
async function withOns(): Promise<Database> {
  const db = createWorkbench(SQL);
  await importFiles(db, [{ name: 'victims.csv', bytes: encode(VICTIMS) }]);
  const [report] = await importFiles(db, [{ name: ONS_2020, bytes: onsBytes }], { kind: 'population' });
  expect(report?.rejected).toBe(0);
  onsRows = report?.accepted ?? 0;
  return db;
}

describe('re-importing population estimates', () => {
  it('the same ONS file twice: same figures, same rates, nothing added', async () => {
    const db = await withOns();
    const before = rates(db);
    const count = rows(db, 'SELECT COUNT(*) FROM population');
    // Mansfield, mid-2020, by hand from the file: All ages "109,351".
    expect(before.Mansfield).toBeCloseTo((12 / 109_351) * 1000, 10);
    const [again] = await importFiles(db, [{ name: ONS_2020, bytes: onsBytes }], { kind: 'population' });
    expect(again?.accepted).toBe(0);
    // One row an area (England, regions, counties, districts): every one a duplicate.
    expect(onsRows).toBeGreaterThan(400);
    expect(again?.duplicate).toBe(onsRows);
    expect(rows(db, 'SELECT COUNT(*) FROM population')).toEqual(count);
    expect(rates(db)).toEqual(before);
  });

  it('a corrected file naming Mansfield without its code replaces its figures (not added to them); other districts keep theirs', async () => {
    const db = await withOns();
    const ashfield = rates(db).Ashfield;
    const [report] = await importFiles(db, [{ name: 'mansfield-2020.csv', bytes: encode('area_name,year,age,population\nMansfield,2020,All ages,110000') }], { kind: 'population' });
    expect(report?.rejected).toBe(0);
    expect(report?.warnings).toContainEqual(expect.stringMatching(/^mansfield-2020\.csv: replaces the population loaded before .*Mansfield mid-2020: 91/));
    const after = rates(db);
    expect(after.Mansfield).toBeCloseTo((12 / 110_000) * 1000, 10);
    expect(after.Ashfield).toBe(ashfield);
    // Twice: the same one figure, the same rate.
    await importFiles(db, [{ name: 'mansfield-2020.csv', bytes: encode('area_name,year,age,population\nMansfield,2020,All ages,110000') }], { kind: 'population' });
    expect(rates(db).Mansfield).toBeCloseTo((12 / 110_000) * 1000, 10);
    expect(rows(db, "SELECT COUNT(*) FROM population p JOIN district d ON d.id = p.district_id WHERE d.name = 'Mansfield' AND p.year = 2020")).toEqual([[1]]);
  });

  it('a long file of the same single years without a geography column keeps the geography stored', async () => {
    const db = await withOns();
    const long = ['area_code,area_name,year,age,population', ...Array.from({ length: 91 }, (_, a) => `E07000174,Mansfield,2020,${a},1000`)].join('\n');
    await importFiles(db, [{ name: 'mansfield-long.csv', bytes: encode(long) }], { kind: 'population' });
    expect(rows(db, "SELECT DISTINCT geography FROM population WHERE area_key = 'E07000174'")).toEqual([['Non-metropolitan District']]);
    expect(rates(db).Mansfield).toBeCloseTo((12 / 91_000) * 1000, 10);
  });

  it('a file with no area column is refused, naming the file and the missing field, and stored figures are untouched', async () => {
    const db = await withOns();
    const before = rates(db);
    const error = await errorOf(importFiles(db, [{ name: 'ages-only.csv', bytes: encode('year,age,sex,population\n2020,0,F,100\n2020,1,F,120') }], { kind: 'population' }));
    expect(error.message).toMatch(/^ages-only\.csv line 1: read as population but no column for Area name/);
    expect(JSON.stringify(error)).toMatch(/area_name/);
    expect(rates(db)).toEqual(before);
  });
});
