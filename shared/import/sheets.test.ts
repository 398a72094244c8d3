/**
 * Choosing the sheet of an XLSX extract: a notes or cover sheet often comes
 * first, with the records on another sheet.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { errorOf } from '../../tests/helpers/import-tests';
import { type XlsxCell, workbookBytes } from '../generator/xlsx';
import { createWorkbench } from '../workbench';
import { importFiles, previewImport } from './import-files';
import { listSheets, worksheetCount } from './table';
import type { ImportFileInput, ImportOptions } from './types';

const FIXTURES = resolve(import.meta.dirname, '../../tests/fixtures/extracts');
const NOW = new Date('2024-06-01T12:00:00Z');
const CSV_NAME = 'district-clean.csv';
let SQL: SqlJsStatic;
let csvLines: string[][];

beforeAll(async () => {
  SQL = await loadSqlJs();
  csvLines = readFileSync(resolve(FIXTURES, CSV_NAME), 'utf8').trim().split(/\r?\n/).map((line) => line.split(','));
});

/** The fixture's rows as a sheet, with the grid references and ages as numbers (as Excel holds them). */
function dataSheet(): XlsxCell[][] {
  return csvLines.map((cells, index) => cells.map((cell, column) => (index > 0 && [8, 9, 11].includes(column) && cell !== '' ? Number(cell) : cell)));
}

const NOTES: XlsxCell[][] = [
  ['District profile extract: Mansfield and neighbours, April 2014'],
  ['Produced by the force performance team. Records are on the "Records" sheet.'],
  ['Contact', 'analysts@example.invalid'],
];
const CODES: XlsxCell[][] = [
  ['offence_code', 'description'],
  ['008/01', 'Assault with injury'],
  ['028/01', 'Burglary in a dwelling'],
];

async function workbook(name = 'extract.xlsx', sheets = [
  { name: 'Notes', rows: NOTES },
  { name: 'Records', rows: dataSheet() },
  { name: 'Codes', rows: CODES },
]): Promise<ImportFileInput> {
  return { name, bytes: await workbookBytes(sheets) };
}

/** Every record as the importer stored it, in a fixed order, for comparing two workbenches. */
function records(db: Database): unknown[][] {
  return (
    db.exec(
      `SELECT r.record_type, r.month, r.day, r.hour, ct.name, d.name, r.easting, r.northing, r.victim_pseudonym IS NOT NULL, r.victim_age, r.domestic, r.offence_code
       FROM record r JOIN crime_type ct ON ct.id = r.crime_type_id JOIN district d ON d.id = r.district_id ORDER BY r.day, r.offence_code`,
    )[0]?.values ?? []
  );
}

function recordCount(db: Database): number {
  return Number(db.exec('SELECT COUNT(*) FROM record')[0]?.values[0]?.[0] ?? -1);
}

async function importWith(file: ImportFileInput, options: ImportOptions = {}): Promise<{ db: Database; report: Awaited<ReturnType<typeof importFiles>>[number] }> {
  const db = createWorkbench(SQL);
  const [report] = await importFiles(db, [file], { now: NOW, ...options });
  if (report === undefined) throw new Error('no report');
  return { db, report };
}

describe('XLSX sheet choice', () => {
  it('reads the records sheet chosen by name or by number, the same records as the CSV', async () => {
    const csv = await importWith({ name: CSV_NAME, bytes: readFileSync(resolve(FIXTURES, CSV_NAME)) });
    const expected = records(csv.db);
    expect(expected).toHaveLength(csvLines.length - 1);

    for (const sheet of ['Records', 2, '2', ' records '] as const) {
      const file = await workbook();
      const { db, report } = await importWith(file, { sheets: { [file.name]: sheet } });
      expect(report, `sheet ${JSON.stringify(sheet)}`).toMatchObject({ kind: 'district', sheet: 'Records', read: 6, accepted: 6, rejected: 0 });
      expect(report.warnings).toContain('extract.xlsx: read sheet 2 ("Records"); 2 other sheet(s) ignored.');
      expect(records(db)).toEqual(expected);
    }
  });

  it('by default reads the first sheet, and a cover sheet fails naming the other sheets, leaving the workbench unchanged', async () => {
    const db = createWorkbench(SQL);
    const error = await errorOf(importFiles(db, [await workbook()], { now: NOW }));
    expect(['bad-input', 'needs-mapping']).toContain(error.code);
    expect(error.file).toBe('extract.xlsx');
    expect(error.message).toContain(`Sheet "Notes" was read; the workbook's other sheets are "Records", "Codes"`);
    expect(recordCount(db)).toBe(0);

    // Data on the first sheet: read as before, and the report names the sheet.
    const first = await workbook('first.xlsx', [
      { name: 'Records', rows: dataSheet() },
      { name: 'Notes', rows: NOTES },
    ]);
    const { report } = await importWith(first);
    expect(report).toMatchObject({ sheet: 'Records', accepted: 6 });
    expect(report.warnings).toContain('first.xlsx: read the first sheet ("Records"); 1 other sheet(s) ignored.');
  });

  it('an empty first sheet (a cover with only a logo) is a missing header naming the other sheets; the preview offers them', async () => {
    const file = await workbook('logo.xlsx', [
      { name: 'Cover', rows: [] },
      { name: 'Records', rows: dataSheet() },
    ]);
    const db = createWorkbench(SQL);
    const error = await errorOf(importFiles(db, [file], { now: NOW }));
    expect(error).toMatchObject({ code: 'bad-input', file: 'logo.xlsx', field: 'header' });
    expect(error.message).toBe(`logo.xlsx: sheet "Cover" is empty. (Sheet "Cover" was read; the workbook's other sheets are "Records": if the extract is on one of them, choose that sheet.)`);
    expect(recordCount(db)).toBe(0);
    expect(await previewImport(db, file)).toMatchObject({ sheets: ['Cover', 'Records'], sheet: 'Cover', kind: null, header: [] });
    expect((await importWith(file, { sheets: { 'logo.xlsx': 'Records' } })).report).toMatchObject({ sheet: 'Records', accepted: 6 });
  });

  it('a sheet name wins over a number, and a number given as a number is a position', async () => {
    const file = await workbook('named.xlsx', [
      { name: 'Notes', rows: NOTES },
      { name: 'Codes', rows: CODES },
      { name: '1', rows: dataSheet() },
    ]);
    expect((await importWith(file, { sheets: { 'named.xlsx': '1' } })).report).toMatchObject({ sheet: '1', accepted: 6 });
    const db = createWorkbench(SQL);
    const error = await errorOf(importFiles(db, [file], { now: NOW, sheets: { 'named.xlsx': 1 } }));
    expect(error.message).toContain('Sheet "Notes" was read');
  });

  it('a sheet that does not exist is bad input naming the file and listing its sheets; nothing is imported', async () => {
    for (const [sheet, asked] of [
      ['Recs', 'no sheet "Recs"'],
      [4, 'no sheet 4 (by name or number)'],
      ['0', 'no sheet 0 (by name or number)'],
    ] as const) {
      const db = createWorkbench(SQL);
      const error = await errorOf(importFiles(db, [await workbook()], { now: NOW, sheets: { 'extract.xlsx': sheet } }));
      expect(error).toMatchObject({ code: 'bad-input', file: 'extract.xlsx', field: 'sheet' });
      expect(error.message).toBe(`extract.xlsx has ${asked}; its sheets are 1 "Notes", 2 "Records", 3 "Codes".`);
      expect(recordCount(db)).toBe(0);
      expect(Number(db.exec('SELECT COUNT(*) FROM import')[0]?.values[0]?.[0])).toBe(0);
    }
  });

  it('a sheet given for a CSV file is bad input', async () => {
    const db = createWorkbench(SQL);
    const error = await errorOf(importFiles(db, [{ name: CSV_NAME, bytes: readFileSync(resolve(FIXTURES, CSV_NAME)) }], { sheets: { [CSV_NAME]: 'Records' } }));
    expect(error).toMatchObject({ code: 'bad-input', file: CSV_NAME, field: 'sheet' });
  });

  it('the preview lists the sheets and says which was read; another sheet is previewed on request', async () => {
    const db = createWorkbench(SQL);
    const file = await workbook();
    const cover = await previewImport(db, file);
    expect(cover.sheets).toEqual(['Notes', 'Records', 'Codes']);
    expect(cover.sheet).toBe('Notes');
    expect(cover.kind).toBeNull();

    const data = await previewImport(db, file, { sheet: 'Records' });
    expect(data).toMatchObject({ sheets: ['Notes', 'Records', 'Codes'], sheet: 'Records', kind: 'district', headerLine: 1, missing: [] });
    expect(data.header).toEqual(csvLines[0]);
    expect(data.rows).toHaveLength(csvLines.length - 1);
    expect(data.rows[0]?.[0]).toBe(csvLines[1]?.[0]);
    expect((await previewImport(db, file, { sheet: 3 })).header).toEqual(['offence_code', 'description']);
    await expect(previewImport(db, file, { sheet: 'Nope' })).rejects.toMatchObject({ code: 'bad-input', field: 'sheet' });

    const csv = await previewImport(db, { name: CSV_NAME, bytes: readFileSync(resolve(FIXTURES, CSV_NAME)) });
    expect(csv).toMatchObject({ sheets: [], sheet: null });
    // Previews change nothing.
    expect(recordCount(db)).toBe(0);
  });
});

describe('listing a workbook\'s sheets before an import', () => {
  it('gives each sheet its name, position and rows below its first row; empty sheets say so; CSV has none', async () => {
    const file = await workbook('listed.xlsx', [
      { name: 'Cover', rows: [] },
      { name: 'Records', rows: dataSheet() },
      { name: 'Notes', rows: NOTES },
      // Blank rows above and between count for nothing.
      { name: 'Gappy', rows: [[], ['header'], [''], ['a'], ['b']] },
    ]);
    expect(await listSheets(file)).toEqual([
      { name: 'Cover', position: 1, rows: 0, isEmpty: true, isHidden: false },
      { name: 'Records', position: 2, rows: csvLines.length - 1, isEmpty: false, isHidden: false },
      { name: 'Notes', position: 3, rows: NOTES.length - 1, isEmpty: false, isHidden: false },
      { name: 'Gappy', position: 4, rows: 2, isEmpty: false, isHidden: false },
    ]);
    expect(await listSheets({ name: CSV_NAME, bytes: readFileSync(resolve(FIXTURES, CSV_NAME)) })).toEqual([]);
    await expect(listSheets({ name: 'broken.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) })).rejects.toMatchObject({ code: 'bad-input', file: 'broken.xlsx' });
  });

  it('counts the worksheets from the zip directory alone, as exceljs reads them', async () => {
    for (const count of [1, 2, 5]) {
      const bytes = await workbookBytes(Array.from({ length: count }, (_, i) => ({ name: `Sheet ${i + 1}`, rows: i === 0 ? dataSheet() : NOTES })));
      expect(worksheetCount(bytes), `${count} sheets`).toBe(count);
      expect(await listSheets({ name: 'n.xlsx', bytes })).toHaveLength(count);
    }
    expect(worksheetCount(readFileSync(resolve(FIXTURES, CSV_NAME)))).toBeNull();
    expect(worksheetCount(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBeNull();
  });

  it('two sheets of one workbook import in one batch as two imports, each named "file [sheet]"', async () => {
    const second = dataSheet().map((row, index) => (index === 0 ? row : row.map((cell, column) => (column === 0 ? `${String(cell)}-B` : cell))));
    const bytes = await workbookBytes([
      { name: '2022-23', rows: dataSheet() },
      { name: '2023-24', rows: second },
    ]);
    const db = createWorkbench(SQL);
    const reports = await importFiles(
      db,
      [
        { name: 'years.xlsx [2022-23]', bytes },
        { name: 'years.xlsx [2023-24]', bytes },
      ],
      { now: NOW, sheets: { 'years.xlsx [2022-23]': '2022-23', 'years.xlsx [2023-24]': '2023-24' } },
    );
    expect(reports.map((r) => [r.file, r.sheet, r.accepted])).toEqual([
      ['years.xlsx [2022-23]', '2022-23', 6],
      ['years.xlsx [2023-24]', '2023-24', 6],
    ]);
    expect(recordCount(db)).toBe(12);
    expect(db.exec('SELECT file_name, accepted FROM import ORDER BY id')[0]?.values).toEqual([
      ['years.xlsx [2022-23]', 6],
      ['years.xlsx [2023-24]', 6],
    ]);
  });
});
