/**
 * XLSX bytes for the malformed Excel variant. Kept out of index.ts so that
 * importing the generator does not pull exceljs into a bundle that never
 * writes XLSX. exceljs runs in Node and in a worker alike.
 */

import ExcelJS from 'exceljs';
import type { XlsxSheetSpec } from './malformed';

/** 01/01/2024 00:00 as an MS-DOS date and time (the format zip entries carry). */
const FIXED_DOS_TIME = 0;
const FIXED_DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;

/**
 * Zip entries carry the time they were written, so two runs with the same
 * seed would differ. Overwrite every entry's time in the local and central
 * headers with a fixed one (the CRCs cover the data only, so stay valid).
 */
export function fixZipTimestamps(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let eocd = -1;
  for (let i = out.length - 22; i >= 0; i -= 1) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return out;
  const entries = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  for (let e = 0; e < entries; e += 1) {
    if (view.getUint32(p, true) !== 0x02014b50) break;
    view.setUint16(p + 12, FIXED_DOS_TIME, true);
    view.setUint16(p + 14, FIXED_DOS_DATE, true);
    const local = view.getUint32(p + 42, true);
    if (view.getUint32(local, true) === 0x04034b50) {
      view.setUint16(local + 10, FIXED_DOS_TIME, true);
      view.setUint16(local + 12, FIXED_DOS_DATE, true);
    }
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return out;
}

/** The workbook for a sheet spec: header row, data rows, date number formats where asked. */
export async function xlsxBytes(spec: XlsxSheetSpec): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Crime Analyst Workbench generator';
  // Fixed document dates, so the same seed gives the same bytes.
  workbook.created = new Date(Date.UTC(2024, 0, 1));
  workbook.modified = new Date(Date.UTC(2024, 0, 1));
  const sheet = workbook.addWorksheet(spec.sheetName.slice(0, 31));
  sheet.addRow(spec.header);
  for (const row of spec.rows) sheet.addRow(row.map((v) => (v === undefined || v === '' ? null : v)));
  for (const col of spec.dateFormattedColumns) sheet.getColumn(col + 1).numFmt = 'dd/mm/yyyy hh:mm';
  // The header row keeps its text even where the column has a date format.
  for (const col of spec.dateFormattedColumns) sheet.getCell(1, col + 1).numFmt = '@';
  const buffer = await workbook.xlsx.writeBuffer();
  return fixZipTimestamps(new Uint8Array(buffer));
}

/** A cell as a sheet holds it: text, a number, a date or nothing. */
export type XlsxCell = string | number | Date | null;

/**
 * A workbook of several sheets in this order, each given as its rows (e.g. a
 * notes or cover sheet before the data, as analysts' extracts often are).
 */
export async function workbookBytes(sheets: readonly { name: string; rows: readonly (readonly XlsxCell[])[] }[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Crime Analyst Workbench generator';
  workbook.created = new Date(Date.UTC(2024, 0, 1));
  workbook.modified = new Date(Date.UTC(2024, 0, 1));
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name.slice(0, 31));
    for (const row of spec.rows) sheet.addRow([...row]);
  }
  return fixZipTimestamps(new Uint8Array(await workbook.xlsx.writeBuffer()));
}
