/**
 * Hostile workbooks: merged cells, formulas without a saved result, error
 * cells, hidden sheets, no sheets, a damaged zip. Each case failed (or was
 * already right and is kept here so it stays right) before the fixes in
 * table.ts; the standard is hostile-input.test.ts's.
 */
import ExcelJS from 'exceljs';
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { errorOf } from '../../tests/helpers/import-tests';
import { createWorkbench, exportWorkbench } from '../workbench';
import { importFiles, previewImport } from './import-files';
import { listSheets } from './table';
import type { ImportFileInput, ImportReport } from './types';

const NOW = new Date('2024-06-01T12:00:00Z');
let SQL: SqlJsStatic;

beforeAll(async () => {
  SQL = await loadSqlJs();
});

const HEADER = ['record_ref', 'committed_date', 'crime_type', 'district', 'ward'];

async function workbook(build: (workbook: ExcelJS.Workbook) => void): Promise<ImportFileInput> {
  const book = new ExcelJS.Workbook();
  build(book);
  return { name: 'extract.xlsx', bytes: new Uint8Array(await book.xlsx.writeBuffer()) };
}

function records(sheet: ExcelJS.Worksheet, rows: ExcelJS.CellValue[][]): void {
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
}

async function imported(file: ImportFileInput): Promise<{ report: ImportReport; wards: unknown[] }> {
  const db = createWorkbench(SQL, NOW);
  try {
    const [report] = await importFiles(db, [file], { now: NOW });
    if (report === undefined) throw new Error('no report');
    const wards = (db.exec('SELECT w.name FROM record r JOIN ward w ON w.id = r.ward_id ORDER BY r.id')[0]?.values ?? []).map((row) => row[0]);
    return { report, wards };
  } finally {
    db.close();
  }
}

const day = (d: number): Date => new Date(Date.UTC(2023, 3, d));

describe('cells', () => {
  it('an error cell (#N/A, #REF!) reads as its error, so the reject says so rather than "missing"', async () => {
    const file = await workbook((book) => records(book.addWorksheet('Crimes'), [
      ['A1', { error: '#N/A' }, 'Shoplifting', 'Mansfield', 'Portland'],
      ['A2', day(2), 'Shoplifting', { formula: 'Z1', result: { error: '#REF!' } }, 'Portland'],
      ['A3', day(3), 'Shoplifting', 'Mansfield', 'Portland'],
    ] as ExcelJS.CellValue[][]));
    const { report } = await imported(file);
    expect(report.rejects.map((r) => [r.line, r.field, r.reason])).toEqual([
      [2, 'committed_date', 'unreadable date "#N/A" (dd/mm/yyyy expected)'],
      [3, 'district', 'unknown district "#REF!"'],
    ]);
    expect(report.accepted).toBe(1);
  });

  it('a formula with no saved result (a workbook written by a program, never opened in Excel) is named, not read as blank', async () => {
    const file = await workbook((book) => records(book.addWorksheet('Crimes'), [
      ['A1', { formula: 'DATE(2023,4,1)' }, 'Shoplifting', 'Mansfield', 'Portland'],
      ['A2', { formula: 'DATE(2023,4,2)', result: day(2) }, 'Shoplifting', 'Mansfield', 'Portland'],
    ] as ExcelJS.CellValue[][]));
    const { report } = await imported(file);
    expect(report.rejects.map((r) => [r.line, r.field, r.reason])).toEqual([[2, 'committed_date', 'unreadable date "=DATE(2023,4,1)" (dd/mm/yyyy expected)']]);
    expect(report.accepted).toBe(1);
  });

  it('a merged cell holds its value in its first cell only, as Excel saves it as CSV: the value is not copied into the next column', async () => {
    const file = await workbook((book) => {
      const sheet = book.addWorksheet('Crimes');
      records(sheet, [
        ['A1', day(1), 'Shoplifting', 'Mansfield', 'Portland'],
        ['A2', day(2), 'Shoplifting', 'Mansfield', ''],
      ]);
      // District and ward merged on the second record: the ward is blank, not "Mansfield".
      sheet.mergeCells('D3:E3');
    });
    const { report, wards } = await imported(file);
    expect(report.accepted).toBe(2);
    expect(wards).toEqual(['Portland']);
  });
});

describe('sheets', () => {
  it('a hidden first sheet is passed over: the first sheet the analyst can see is read, and the warning says so', async () => {
    const file = await workbook((book) => {
      const old = book.addWorksheet('Old extract');
      old.state = 'hidden';
      records(old, [['OLD-1', day(1), 'Shoplifting', 'Mansfield', 'Portland']]);
      records(book.addWorksheet('Crimes'), [['A1', day(1), 'Shoplifting', 'Mansfield', 'Portland'], ['A2', day(2), 'Shoplifting', 'Mansfield', 'Portland']]);
    });
    const { report } = await imported(file);
    expect(report.sheet).toBe('Crimes');
    expect(report.accepted).toBe(2);
    expect(report.warnings.join(' ')).toContain('extract.xlsx: read sheet 2 ("Crimes"), the first one not hidden; 1 other sheet(s) ignored (hidden: "Old extract").');
  });

  it('a hidden sheet asked for by name is read', async () => {
    const file = await workbook((book) => {
      const old = book.addWorksheet('Old extract');
      old.state = 'hidden';
      records(old, [['OLD-1', day(1), 'Shoplifting', 'Mansfield', 'Portland']]);
      records(book.addWorksheet('Crimes'), [['A1', day(1), 'Shoplifting', 'Mansfield', 'Portland']]);
    });
    const db = createWorkbench(SQL, NOW);
    try {
      const [report] = await importFiles(db, [file], { now: NOW, sheets: { 'extract.xlsx': 'Old extract' } });
      expect(report?.sheet).toBe('Old extract');
    } finally {
      db.close();
    }
  });

  it('the sheet list marks hidden and very hidden sheets, so the sheet question never offers one as the data by default', async () => {
    const file = await workbook((book) => {
      const old = book.addWorksheet('Old extract');
      old.state = 'hidden';
      records(old, [['OLD-1', day(1), 'Shoplifting', 'Mansfield', 'Portland']]);
      records(book.addWorksheet('Crimes'), [['A1', day(1), 'Shoplifting', 'Mansfield', 'Portland']]);
      const macro = book.addWorksheet('Lookups');
      macro.state = 'veryHidden';
      records(macro, [['L-1', day(1), 'Shoplifting', 'Mansfield', 'Portland']]);
    });
    expect((await listSheets(file)).map((s) => [s.name, s.isHidden])).toEqual([['Old extract', true], ['Crimes', false], ['Lookups', true]]);
  });

  it('the preview the mapping dialog reads has every sheet with its rows and visibility, and reads the first visible sheet', async () => {
    const file = await workbook((book) => {
      const old = book.addWorksheet('Old extract');
      old.state = 'veryHidden';
      records(old, [['OLD-1', day(1), 'Shoplifting', 'Mansfield', 'Portland']]);
      book.addWorksheet('Notes').addRow(['Records on the next sheet']);
      records(book.addWorksheet('Crimes'), [['A1', day(1), 'Shoplifting', 'Mansfield', 'Portland'], ['A2', day(2), 'Shoplifting', 'Mansfield', 'Portland']]);
    });
    const db = createWorkbench(SQL, NOW);
    try {
      const preview = await previewImport(db, file, { now: NOW });
      expect(preview.sheet).toBe('Notes');
      expect(preview.sheetSummaries.map((s) => [s.name, s.rows, s.isHidden])).toEqual([['Old extract', 1, true], ['Notes', 0, false], ['Crimes', 2, false]]);
    } finally {
      db.close();
    }
  });

  it('a workbook whose every sheet is hidden (Excel never saves one, a program may) is refused naming them, not read from a hidden sheet; asked for by name, it is read', async () => {
    const file = await workbook((book) => {
      for (const name of ['Raw', 'Crimes']) {
        const sheet = book.addWorksheet(name);
        sheet.state = 'hidden';
        records(sheet, [[`${name}-1`, day(1), 'Shoplifting', 'Mansfield', 'Portland']]);
      }
    });
    const db = createWorkbench(SQL, NOW);
    try {
      const before = exportWorkbench(db, NOW);
      const error = await errorOf(importFiles(db, [file], { now: NOW }));
      expect(error.message).toBe('extract.xlsx: every sheet is hidden (1 "Raw", 2 "Crimes"); choose the sheet to read (--sheet <name|number> on the command line).');
      expect(error.field).toBe('sheet');
      expect(Buffer.from(exportWorkbench(db, NOW)).equals(Buffer.from(before))).toBe(true);
      const [report] = await importFiles(db, [file], { now: NOW, sheets: { 'extract.xlsx': 'Crimes' } });
      expect([report?.sheet, report?.accepted]).toEqual(['Crimes', 1]);
    } finally {
      db.close();
    }
  });

  it('the hint after a header that is not an extract names a hidden sheet as hidden (the raw data behind a summary)', async () => {
    const file = await workbook((book) => {
      book.addWorksheet('Summary').addRows([['Crimes by district'], ['Mansfield', 3]]);
      const data = book.addWorksheet('Data');
      data.state = 'hidden';
      records(data, [['A1', day(1), 'Shoplifting', 'Mansfield', 'Portland']]);
    });
    const db = createWorkbench(SQL, NOW);
    try {
      const error = await errorOf(importFiles(db, [file], { now: NOW }));
      expect(error.message).toContain('(Sheet "Summary" was read; the workbook\'s other sheets are "Data" (hidden in Excel): if the extract is on one of them, choose that sheet.)');
    } finally {
      db.close();
    }
  });

  it('a workbook with no sheets, an empty sheet, or a damaged zip is refused naming the file; the workbench is unchanged', async () => {
    const none = await workbook(() => undefined);
    const empty = await workbook((book) => book.addWorksheet('Crimes'));
    const good = await workbook((book) => records(book.addWorksheet('Crimes'), [['A1', day(1), 'Shoplifting', 'Mansfield', 'Portland']]));
    const cut = { name: 'extract.xlsx', bytes: good.bytes.subarray(0, Math.floor(good.bytes.length / 2)) };
    const db = createWorkbench(SQL, NOW);
    try {
      const before = exportWorkbench(db, NOW);
      for (const [file, message] of [[none, /^extract\.xlsx has no worksheet/], [empty, /^extract\.xlsx is empty/], [cut, /^extract\.xlsx could not be read as an Excel workbook/]] as const) {
        const error = await errorOf(importFiles(db, [file], { now: NOW }));
        expect(error.message).toMatch(message);
        expect(error.message).not.toMatch(/undefined|\bat \S+ \(/);
      }
      expect(Buffer.from(exportWorkbench(db, NOW)).equals(Buffer.from(before))).toBe(true);
    } finally {
      db.close();
    }
  });
});
