/**
 * Hostile layouts of the aggregate extracts (iQuanta long and wide, Respect
 * Survey, population estimates) and one district field, one defect at a
 * time: each case failed before its fix. The standard, as for district
 * extracts: every row is read once, accepted, updated, a duplicate or
 * rejected naming its line and field; nothing is silently dropped,
 * overwritten or counted twice.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { PopulationTable } from '../pivot/population';
import { createWorkbench } from '../workbench';
import { importFiles } from './import-files';
import type { ImportReport } from './types';

const NOW = new Date('2024-06-01T12:00:00Z');
let SQL: SqlJsStatic;

beforeAll(async () => {
  SQL = await loadSqlJs();
});

async function withImport(name: string, text: string, check: (report: ImportReport, db: Database) => void): Promise<void> {
  const db = createWorkbench(SQL, NOW);
  try {
    const [report] = await importFiles(db, [{ name, bytes: new TextEncoder().encode(text) }], { now: NOW });
    if (report === undefined) throw new Error('no report');
    check(report, db);
  } finally {
    db.close();
  }
}

const values = (db: Database, sql: string): unknown[][] => db.exec(sql)[0]?.values ?? [];
const outcomes = (r: ImportReport): number[] => [r.read, r.accepted, r.updated, r.duplicate, r.rejected];

describe('iQuanta wide', () => {
  it('a row whose every month is blank is rejected as holding no counts, not counted as a duplicate', async () => {
    await withImport('iquanta.csv', 'area,measure,Apr 2013,May 2013\nNottinghamshire,All crime,,\nNottinghamshire,Burglary,5,6', (report) => {
      expect(outcomes(report)).toEqual([2, 1, 0, 0, 1]);
      expect(report.rejects.map((r) => [r.line, r.field, r.reason])).toEqual([[2, 'count', 'no counts in the row (every month is blank)']]);
    });
  });

  it('two columns for one month (the same header twice, or Apr 2013 and 2013-04): the first is read, as the warning says, never the last', async () => {
    await withImport('iquanta.csv', 'area,measure,Apr 2013,May 2013,Apr 2013\nNottinghamshire,All crime,5,6,9', (report, db) => {
      expect(report.warnings).toContain('iquanta.csv line 1: columns C and E are both headed "Apr 2013"; the first (C) was read.');
      expect(values(db, 'SELECT period, count FROM iquanta_value ORDER BY period')).toEqual([['2013-04', 5], ['2013-05', 6]]);
    });
    await withImport('iquanta.csv', 'area,measure,Apr 2013,May 2013,2013-04\nNottinghamshire,All crime,5,6,9', (report, db) => {
      expect(report.warnings).toContain('iquanta.csv line 1: columns C ("Apr 2013") and E ("2013-04") are the same month; the first (C) was read.');
      expect(values(db, 'SELECT period, count FROM iquanta_value ORDER BY period')).toEqual([['2013-04', 5], ['2013-05', 6]]);
      expect(outcomes(report)).toEqual([1, 1, 0, 0, 0]);
    });
  });
});

describe('iQuanta long', () => {
  it('an MSG rank of 0 is rejected (1 is the lowest rate)', async () => {
    await withImport('iquanta.csv', 'area,measure,period,count,msg_rank,msg_size\nNottinghamshire,All crime,2014-10,5,0,15\nNottinghamshire,All crime,2014-11,5,1,15', (report) => {
      expect(report.rejects.map((r) => [r.line, r.field, r.reason])).toEqual([[2, 'msg_rank', 'rank 0: ranks start at 1 (the lowest rate)']]);
      expect(report.accepted).toBe(1);
    });
  });
});

describe('iQuanta MSG band', () => {
  it('a band whose lower edge is above its upper edge (columns swapped) is rejected', async () => {
    await withImport('iquanta.csv', 'area,measure,period,count,msg_lower,msg_upper\nNottinghamshire,All crime,2014-10,5,5.63,4.61\nNottinghamshire,All crime,2014-11,5,4.61,5.63', (report) => {
      expect(report.rejects.map((r) => [r.line, r.field, r.reason])).toEqual([[2, 'msg_lower', 'MSG band lower edge 5.63 is above its upper edge 4.61']]);
      expect(report.accepted).toBe(1);
    });
  });
});

describe('Respect Survey', () => {
  it('a question heard twice (two columns one name, or q_asb_problem and "Q ASB problem") reads the first, with a warning, instead of failing the import on a database constraint', async () => {
    await withImport('respect.csv', 'respondent_id,wave,area,weight,q_asb_problem,q_asb_problem\nR1,2013,Arboretum,1.2,Very big problem,Not a problem at all', (report, db) => {
      expect(report.accepted).toBe(1);
      expect(report.warnings).toContain('respect.csv line 1: columns E and F are both headed "q_asb_problem"; the first (E) was read.');
      expect(values(db, 'SELECT question, answer FROM survey_answer')).toEqual([['q_asb_problem', 'Very big problem']]);
    });
    await withImport('respect.csv', 'respondent_id,wave,area,q_asb_problem,Q ASB problem\nR1,2013,Arboretum,Very big problem,Not a problem at all', (report, db) => {
      // One name written two ways: the import's duplicated-header warning names both.
      expect(report.warnings).toContain('respect.csv line 1: columns D and E are both headed "q_asb_problem"; the first (D) was read.');
      expect(values(db, 'SELECT question, answer FROM survey_answer')).toEqual([['q_asb_problem', 'Very big problem']]);
    });
  });

  it('a blank weight beside weighted respondents is weight 1 (FORMATS.md’s default), and the import says so naming the lines; 0 and negative weights are rejected', async () => {
    await withImport('respect.csv', 'respondent_id,wave,area,weight,q_asb_problem\nR1,2013,Arboretum,,Very big problem\nR2,2013,Arboretum,0.4,Very big problem\nR3,2013,Arboretum,0,Very big problem\nR4,2013,Arboretum,-2,Very big problem\nR5,2013,Arboretum, ,Not a problem at all', (report, db) => {
      expect(report.rejects.map((r) => [r.line, r.field, r.reason])).toEqual([
        [4, 'weight', 'weight must be a positive number, not "0"'],
        [5, 'weight', 'weight must be a positive number, not "-2"'],
      ]);
      expect(report.accepted).toBe(3);
      expect(values(db, 'SELECT respondent_ref, weight FROM survey_respondent ORDER BY respondent_ref')).toEqual([['R1', 1], ['R2', 0.4], ['R5', 1]]);
      expect(report.warnings).toContain("respect.csv: 2 respondents have a blank weight (lines 2, 6), counted as weight 1 beside the file's weighted respondents; give the weights if 1 is wrong.");
    });
    // No weight column at all: every respondent weighs 1, with nothing to say.
    await withImport('respect.csv', 'respondent_id,wave,area,q_asb_problem\nR1,2013,Arboretum,Very big problem', (report, db) => {
      expect(report.accepted).toBe(1);
      expect(report.warnings).toEqual([]);
      expect(values(db, 'SELECT weight FROM survey_respondent')).toEqual([[1]]);
    });
  });
});

describe('population estimates', () => {
  it('nested bands (0-17 beside 0-9 and 10-17) give an all-ages population counted once, not twice', async () => {
    const text = ['area_name,year,age_band,population', 'Mansfield,2019,0-9,100', 'Mansfield,2019,10-17,80', 'Mansfield,2019,0-17,180', 'Mansfield,2019,18-64,600', 'Mansfield,2019,65+,220'].join('\n');
    await withImport('population.csv', text, (report, db) => {
      expect(report.accepted).toBe(5);
      const table = PopulationTable.load(db);
      const id = Number(values(db, "SELECT id FROM district WHERE name = 'Mansfield'")[0]?.[0]);
      expect(table.persons([id], 2019)).toBe(1000);
    });
  });

  it('nested bands that leave ages out (0-9, 10-17 and 0-17 only) count each person once too, and give no all-ages total', async () => {
    const text = ['area_name,year,age_band,population', 'Mansfield,2019,0-9,100', 'Mansfield,2019,10-17,80', 'Mansfield,2019,0-17,180'].join('\n');
    await withImport('population.csv', text, (report, db) => {
      expect(report.accepted).toBe(3);
      const id = Number(values(db, "SELECT id FROM district WHERE name = 'Mansfield'")[0]?.[0]);
      const band = Number(values(db, "SELECT id FROM age_band WHERE name = '0-17'")[0]?.[0]);
      const table = PopulationTable.load(db);
      expect(table.denominator([id], 2019, [band])).toMatchObject({ persons: 180 });
      // No one over 17 is in the file: 180 is not Mansfield's residents, so there is no all-ages rate.
      expect(table.persons([id], 2019)).toBeNull();
      const all = table.denominator([id], 2019, null);
      expect('reason' in all ? all.reason : '').toMatch(/Mansfield \(mid-2019\), all ages: the ages loaded leave some ages out/);
    });
  });

  it('an ONS wide file with an age column twice reads the first, as the warning says', async () => {
    const ages = Array.from({ length: 90 }, (_, i) => String(i));
    const header = `Code,Name,Geography,All ages,${ages.join(',')},90+,30`;
    const row = `E07000174,Mansfield,District,${91 * 10},${ages.map(() => '10').join(',')},10,999`;
    await withImport('mye-2019.csv', `${header}\n${row}`, (report, db) => {
      expect(report.warnings).toContain(`mye-2019.csv line 1: columns AI and CR are both headed "30"; the first (AI) was read.`);
      expect(values(db, 'SELECT population FROM population WHERE age = 30')).toEqual([[10]]);
      expect(report.warnings.join(' ')).not.toMatch(/add up to/);
    });
  });
});

describe('district victim sex', () => {
  it('text that is not a sex (a ward, a number: a row shifted by a comma) is rejected, not read as sex unknown; words for not known are unknown', async () => {
    const text = [
      'record_ref,committed_date,crime_type,district,victim_sex',
      'A1,01/04/2023,Shoplifting,Mansfield,Portland',
      'A2,01/04/2023,Shoplifting,Mansfield,23',
      'A3,01/04/2023,Shoplifting,Mansfield,Unknown',
      'A4,01/04/2023,Shoplifting,Mansfield,Not stated',
      'A5,01/04/2023,Shoplifting,Mansfield,female',
      'A6,01/04/2023,Shoplifting,Mansfield,N/K',
    ].join('\n');
    await withImport('district.csv', text, (report, db) => {
      expect(report.rejects.map((r) => [r.line, r.field, r.reason])).toEqual([
        [2, 'victim_sex', 'not a sex: "Portland" (F, M or Unknown)'],
        [3, 'victim_sex', 'not a sex: "23" (F, M or Unknown)'],
      ]);
      expect(values(db, 'SELECT sex FROM record ORDER BY id')).toEqual([[null], [null], [1], [null]]);
    });
  });
});
