import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { FORCE_DISTRICT_CODES } from '../districts';
import { createWorkbench } from '../workbench';
import { importFiles } from './import-files';
import { yearFromFileName } from './population';

const ONS_DIR = resolve(import.meta.dirname, '../../../shared/data/ons-mye-lad-syoa-2019-2020');
const FILE_2019 = 'ukmidyearestimates20192020ladcodes.csv';
const FILE_2020 = 'ukpopestimatesmid2020on2021geography.csv';
let SQL: SqlJsStatic;
let db: Database;

/** An independent reading of the raw file: the line for a code, split on the quoted numbers. */
function rawFigures(file: string, code: string): { allAges: number; ages: number[] } {
  const line = readFileSync(resolve(ONS_DIR, file), 'utf8')
    .split(/\r?\n/)
    .find((l) => l.startsWith(`${code},`));
  if (line === undefined) throw new Error(`${code} not in ${file}`);
  const numbers = [...line.matchAll(/"([\d,]+)"|,(\d+)(?=,|$)/g)].map((m) => Number((m[1] ?? m[2] ?? '').replace(/,/g, '')));
  const [allAges = NaN, ...ages] = numbers;
  return { allAges, ages };
}

function scalar(sql: string, params: (string | number)[] = []): unknown {
  return db.exec(sql, params)[0]?.values[0]?.[0];
}

beforeAll(async () => {
  SQL = await loadSqlJs();
  db = createWorkbench(SQL);
  const files = readdirSync(ONS_DIR)
    .filter((name) => name.endsWith('.csv'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(resolve(ONS_DIR, name)) }));
  expect(files.map((f) => f.name)).toEqual([FILE_2019, FILE_2020].sort());
  const reports = await importFiles(db, files);
  // The 2019 file ends with a footnote row: skipped and reported, not data, not a reject.
  expect(reports.find((r) => r.file === FILE_2019)?.skipped).toEqual([{ line: 433, reason: 'note row' }]);
  expect(reports.map((r) => r.read)).toEqual([426, 420]);
  for (const report of reports) {
    expect(report.kind).toBe('population');
    expect(report.rejected).toBe(0);
    expect(report.warnings.join('\n')).not.toMatch(/add up to/);
  }
});

describe('ONS mid-year estimates (real MYE2 files)', () => {
  it('takes the mid-year from the file name', () => {
    expect(yearFromFileName(FILE_2019)).toBe(2019);
    expect(yearFromFileName(FILE_2020)).toBe(2020);
    expect(yearFromFileName('mye2-persons.csv')).toBeNull();
  });

  it('keeps every area, single years 0-90 (90 = 90+)', () => {
    const areas = Number(scalar('SELECT COUNT(DISTINCT area_key) FROM population WHERE year = 2019'));
    expect(areas).toBeGreaterThan(400);
    expect(scalar("SELECT MIN(age) || '-' || MAX(age) || ':' || COUNT(*) FROM population WHERE area_code = 'E07000174' AND year = 2019")).toBe('0-90:91');
  });

  it('links the eight force districts by ONS code, with populations equal to the raw file', () => {
    for (const [code, district] of Object.entries(FORCE_DISTRICT_CODES)) {
      for (const [file, year] of [[FILE_2019, 2019], [FILE_2020, 2020]] as const) {
        const raw = rawFigures(file, code);
        expect(raw.ages).toHaveLength(91);
        const stored = db.exec(
          `SELECT d.name, d.ons_code, v.population FROM population_all_ages v JOIN district d ON d.id = v.district_id
           WHERE v.area_code = ? AND v.year = ? AND v.sex IS NULL`,
          [code, year],
        )[0]?.values[0];
        expect(stored, `${code} ${year}`).toEqual([district, code, raw.allAges]);
        expect(scalar('SELECT population FROM population WHERE area_code = ? AND year = ? AND age = 90', [code, year])).toBe(raw.ages[90]);
      }
    }
    // Two figures read straight off the published files.
    expect(scalar("SELECT population FROM population_all_ages WHERE area_code = 'E07000174' AND year = 2019")).toBe(109_313);
    expect(scalar("SELECT population FROM population WHERE area_code = 'E07000170' AND year = 2019 AND age = 0")).toBe(1_363);
    expect(scalar("SELECT population FROM population_all_ages WHERE area_code = 'E06000018' AND year = 2020")).toBe(337_098);
  });

  it('re-importing adds nothing; --year overrides the name', async () => {
    const bytes = readFileSync(resolve(ONS_DIR, FILE_2019));
    const [again] = await importFiles(db, [{ name: FILE_2019, bytes }]);
    expect(again).toMatchObject({ accepted: 0, updated: 0, rejected: 0 });
    expect(again?.duplicate).toBe(again?.read);
    const fresh = createWorkbench(SQL);
    const [renamed] = await importFiles(fresh, [{ name: 'mye2.csv', bytes }], { year: 2018 });
    expect(renamed?.accepted).toBe(again?.read);
    expect(fresh.exec('SELECT DISTINCT year FROM population')[0]?.values).toEqual([[2018]]);
    await expect(importFiles(createWorkbench(SQL), [{ name: 'mye2.csv', bytes }])).rejects.toThrow(/--year/);
  });
});
