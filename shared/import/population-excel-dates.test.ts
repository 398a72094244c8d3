/**
 * Population bands Excel turned into dates: "5-9" saved as "05-Sep", "10-14"
 * as "Oct-14", or a date cell (or bare serial) in an XLSX. Each is read back
 * as its band with a warning naming the line, and the rates are those of the
 * bands; a date that could be two bands is rejected, saying why.
 */
import ExcelJS from 'exceljs';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { PopulationTable } from '../pivot/population';
import { bandFromExcelDate } from '../population-ages';
import { createWorkbench } from '../workbench';
import { importFiles } from './import-files';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const rows = (db: Database, sql: string): unknown[][] => db.exec(sql)[0]?.values ?? [];

describe('bandFromExcelDate', () => {
  it('reads day-month and month-year dates back as bands', () => {
    expect(bandFromExcelDate('05-Sep', false)).toEqual({ range: { min: 5, max: 9 } });
    expect(bandFromExcelDate('5-Sep', false)).toEqual({ range: { min: 5, max: 9 } });
    expect(bandFromExcelDate('01-Apr', false)).toEqual({ range: { min: 1, max: 4 } });
    expect(bandFromExcelDate('Oct-14', false)).toEqual({ range: { min: 10, max: 14 } });
    expect(bandFromExcelDate('Nov-15', false)).toEqual({ range: { min: 11, max: 15 } });
    expect(bandFromExcelDate('2024-09-05', false)).toEqual({ range: { min: 5, max: 9 } });
    // 45540 is 5 September 2024 in Excel's serials: only a spreadsheet's bare number is one.
    expect(bandFromExcelDate('45540', true)).toEqual({ range: { min: 5, max: 9 } });
    expect(bandFromExcelDate('45540', false)).toBeNull();
  });

  it('is not fooled by text that is no such date, and will not guess between two bands', () => {
    expect(bandFromExcelDate('Mansfield', false)).toBeNull();
    expect(bandFromExcelDate('18-24', false)).toBeNull();
    expect(bandFromExcelDate('Foo-14', false)).toBeNull();
    // 9 May: "9-5" is no band.
    expect(bandFromExcelDate('09-May', false)).toBeNull();
    // 1 October 2014: "1-10" or "10-14".
    expect(bandFromExcelDate('2014-10-01', false)).toEqual({ reason: expect.stringMatching(/could be 1-10 or 10-14/) as unknown });
  });
});

describe('importing a population file with bands turned into dates', () => {
  const bands = ['0-4,5000', '05-Sep,5200', 'Oct-14,5100', '15-17,3000', '18-24,7000', '25-34,10000', '35-44,10000', '45-54,10000', '55-64,10000', '65+,20000'];
  const csv = ['area_name,year,age_band,population', ...bands.map((b) => `Mansfield,2023,${b}`)].join('\n');

  it('a CSV: recovers 5-9 and 10-14 with a warning naming each line, so 0-17 is 18,300 and every age is counted', async () => {
    const db = createWorkbench(SQL);
    const [report] = await importFiles(db, [{ name: 'population.csv', bytes: encode(csv) }], { kind: 'population' });
    expect(report?.rejected).toBe(0);
    expect(report?.warnings).toContain(
      'population.csv line 3: age band "05-Sep" read as 5-9 (Excel turned the band into a date; format the column as text before saving to keep it).',
    );
    expect(report?.warnings).toContainEqual(expect.stringMatching(/^population\.csv line 4: age band "Oct-14" read as 10-14/));
    expect(rows(db, 'SELECT min_age, max_age, population FROM population WHERE min_age BETWEEN 5 AND 10 ORDER BY min_age')).toEqual([
      [5, 9, 5200],
      [10, 14, 5100],
    ]);
    const mansfield = Number(rows(db, "SELECT id FROM district WHERE name = 'Mansfield'")[0]?.[0]);
    const band = Number(rows(db, "SELECT id FROM age_band WHERE name = '0-17'")[0]?.[0]);
    // 5,000 + 5,200 + 5,100 + 3,000; all ages 85,300.
    expect(PopulationTable.load(db).denominator([mansfield], 2023, [band])).toMatchObject({ persons: 18_300 });
    expect(PopulationTable.load(db).persons([mansfield], 2023)).toBe(85_300);
  });

  it('an XLSX: a date cell is read back; a serial on the 1st (two possible bands) is rejected, saying why', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Population');
    sheet.addRow(['area_name', 'year', 'age_band', 'population']);
    for (const b of bands) {
      const [label = '', n = ''] = b.split(',');
      const cell: string | number | Date = label === '05-Sep' ? new Date(Date.UTC(2024, 8, 5)) : label === 'Oct-14' ? 41913 : label;
      sheet.addRow(['Mansfield', 2023, cell, Number(n)]);
    }
    const db = createWorkbench(SQL);
    const [report] = await importFiles(db, [{ name: 'population.xlsx', bytes: new Uint8Array(await book.xlsx.writeBuffer()) }], { kind: 'population' });
    // 41913 is 1 October 2014: "1-10" or "10-14", so that row is rejected, saying why; the date cell is read back.
    expect(report?.rejected).toBe(1);
    expect(report?.rejects[0]).toMatchObject({ line: 4, field: 'age_band' });
    expect(report?.rejects[0]?.reason).toMatch(/could be 1-10 or 10-14: give the band as text/);
    expect(report?.warnings).toContainEqual(expect.stringMatching(/^population\.xlsx line 3: age band "2024-09-05" read as 5-9/));
    expect(rows(db, 'SELECT min_age, max_age FROM population WHERE min_age = 5')).toEqual([[5, 9]]);
  });

  it('an XLSX serial for a day after the 1st is read back', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Population');
    sheet.addRow(['area_name', 'year', 'age_band', 'population']);
    // 45540: 5 September 2024, a "5-9" cell Excel made a date, saved without its date format.
    sheet.addRow(['Mansfield', 2023, 45540, 5200]);
    const db = createWorkbench(SQL);
    const [report] = await importFiles(db, [{ name: 'population.xlsx', bytes: new Uint8Array(await book.xlsx.writeBuffer()) }], { kind: 'population' });
    expect(report?.rejected).toBe(0);
    expect(report?.warnings).toContainEqual(expect.stringMatching(/line 2: age band "45540" read as 5-9/));
  });
});
