/**
 * Any extract file as rows of text cells: CSV (UTF-8 with or without BOM,
 * Windows-1252 or UTF-16 with a warning) or XLSX (the first sheet not
 * hidden, or the one asked for by name or 1-based number). Spreadsheet dates
 * become ISO text (`2014-04-03` or `2014-04-03T22:15:00`), numbers their
 * shortest decimal text, so importers read both kinds the same way.
 */
import type { Workbook, Worksheet } from 'exceljs';
import { WorkbenchError } from '../errors';
import { ArrayRows, type TableRows, readCsvBytes } from './text';
import type { ImportFileInput } from './types';

export interface Table {
  /** Cut into cells row by row (CSV), or already cut (XLSX). */
  rows: TableRows;
  /** True for XLSX: a bare number in a date column is an Excel serial date. */
  isSpreadsheet: boolean;
  warnings: string[];
  /** XLSX: the name of the sheet read. */
  sheet?: string;
  /** XLSX: every sheet's name, in workbook order. */
  sheets?: string[];
  /** XLSX: the sheets hidden in Excel (hidden or very hidden), so a hint can say so. */
  hiddenSheets?: string[];
  /** XLSX: every sheet's rows and visibility, in workbook order, so a sheet list can show them. */
  sheetSummaries?: SheetSummary[];
}

/** A sheet chosen by name or 1-based number (a name wins over a number, as for columns). */
export type SheetChoice = string | number;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0] as const;

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
}

/** True for an XLSX workbook (a zip), as readTable decides. */
export function isXlsxFile(file: ImportFileInput): boolean {
  return startsWith(file.bytes, ZIP_MAGIC);
}

/**
 * How many worksheets an XLSX workbook holds, from the zip's central
 * directory alone (no sheet is decompressed): the parts named
 * xl/worksheets/<name>.xml. Null when the directory cannot be read this way
 * (not a zip, ZIP64): ask listSheets then.
 */
export function worksheetCount(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record: 22 bytes, then a comment of up to 65,535.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (entries === 0xffff || at === 0xffffffff) return null;
  const decoder = new TextDecoder();
  let sheets = 0;
  for (let e = 0; e < entries; e++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(at + 28, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) sheets++;
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return sheets;
}

export async function readTable(file: ImportFileInput, sheet?: SheetChoice): Promise<Table> {
  if (startsWith(file.bytes, ZIP_MAGIC)) return readXlsx(file, sheet);
  if (sheet !== undefined) {
    throw new WorkbenchError({ code: 'bad-input', file: file.name, field: 'sheet', message: `${file.name} is not an Excel workbook (.xlsx), so it has no sheet "${String(sheet)}" to read.` });
  }
  if (startsWith(file.bytes, OLE_MAGIC)) {
    throw new WorkbenchError({
      code: 'bad-input',
      file: file.name,
      message: `${file.name} is an old Excel (.xls) workbook: save it as .xlsx or CSV and import that.`,
    });
  }
  // A damaged or misnamed workbook would otherwise be read as text and fail on its "header".
  if (/\.xls[xm]$/i.test(file.name)) {
    throw new WorkbenchError({
      code: 'bad-input',
      file: file.name,
      message: `${file.name} is not an Excel workbook (.xlsx): it may be damaged, or a CSV with the wrong name.`,
    });
  }
  const csv = readCsvBytes(file.bytes, file.name);
  return { rows: csv.rows, isSpreadsheet: false, warnings: csv.warnings };
}

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** exceljs gives date cells as Dates holding the wall-clock time in UTC. */
export function formatCellDate(date: Date): string {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const h = date.getUTCHours();
  const m = date.getUTCMinutes();
  const s = date.getUTCSeconds();
  return h === 0 && m === 0 && s === 0 ? day : `${day}T${pad(h)}:${pad(m)}:${pad(s)}`;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : formatCellDate(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      return value.richText.map((run: unknown) => (typeof run === 'object' && run !== null && 'text' in run ? String(run.text) : '')).join('');
    }
    // A formula with no saved result (written by a program, never calculated): the formula itself, so a reject names it.
    if (('formula' in value || 'sharedFormula' in value) && (!('result' in value) || value.result === undefined)) {
      const formula = 'formula' in value ? value.formula : value.sharedFormula;
      return typeof formula === 'string' ? `=${formula}` : '';
    }
    if ('result' in value) return cellText(value.result);
    if ('text' in value) return cellText(value.text);
    // An error cell (#N/A, #REF!) reads as its error, as Excel writes it to CSV.
    if ('error' in value) return typeof value.error === 'string' ? value.error : '';
  }
  return '';
}

/** The sheet asked for: exact name, then name ignoring case and spaces around it, then 1-based number; a clear error listing the sheets. */
function chooseSheet<T extends { name: string }>(fileName: string, sheets: readonly T[], choice: SheetChoice): T {
  const text = String(choice).trim();
  const byName = typeof choice === 'string' ? (sheets.find((s) => s.name === choice) ?? sheets.find((s) => s.name.trim().toLowerCase() === text.toLowerCase())) : undefined;
  const number = typeof choice === 'number' ? choice : /^\d+$/.test(text) ? Number(text) : NaN;
  const found = byName ?? (Number.isInteger(number) && number >= 1 ? sheets[number - 1] : undefined);
  if (found !== undefined) return found;
  const listed = sheets.map((s, i) => `${i + 1} "${s.name}"`).join(', ');
  const asked = typeof choice === 'number' || /^\d+$/.test(text) ? `no sheet ${text} (by name or number)` : `no sheet "${text}"`;
  throw new WorkbenchError({ code: 'bad-input', file: fileName, field: 'sheet', message: `${fileName} has ${asked}; its sheets are ${listed}.` });
}

async function loadWorkbook(file: ImportFileInput): Promise<Workbook> {
  // Loaded on demand: CSV imports (and the worker's start-up) never pay for it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types say Buffer; it reads any Uint8Array (JSZip underneath).
    await workbook.xlsx.load(file.bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    throw new WorkbenchError({
      code: 'bad-input',
      file: file.name,
      message: `${file.name} could not be read as an Excel workbook (${error instanceof Error ? error.message : String(error)}).`,
    });
  }
  return workbook;
}

/** One sheet of a workbook as the sheet choice before an import shows it. */
export interface SheetSummary {
  name: string;
  /** 1-based, in workbook order. */
  position: number;
  /** Non-blank rows below the first non-blank one (the header, on a clean sheet): the records it holds. */
  rows: number;
  /** No non-blank cell at all (a cover with only a logo): nothing to import. */
  isEmpty: boolean;
  /**
   * Hidden in Excel (Hide, or "very hidden" by a macro): the analyst does
   * not see its tab, so it is never chosen for them, only when they ask.
   */
  isHidden: boolean;
}

const isHiddenSheet = (sheet: { state: string }): boolean => sheet.state === 'hidden' || sheet.state === 'veryHidden';

/** Every sheet of an XLSX workbook with its rows, so the analyst can choose before importing; empty for any other file. */
export async function listSheets(file: ImportFileInput): Promise<SheetSummary[]> {
  if (!isXlsxFile(file)) return [];
  const workbook = await loadWorkbook(file);
  return summariseSheets(workbook.worksheets);
}

/** Each sheet's rows and visibility, in workbook order; cheap, as the workbook is already parsed. */
function summariseSheets(worksheets: readonly Worksheet[]): SheetSummary[] {
  return worksheets.map((sheet, index) => {
    let filled = 0;
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
      if (values.some((value) => cellText(value).trim() !== '')) filled++;
    });
    return { name: sheet.name, position: index + 1, rows: Math.max(0, filled - 1), isEmpty: filled === 0, isHidden: isHiddenSheet(sheet) };
  });
}

async function readXlsx(file: ImportFileInput, choice?: SheetChoice): Promise<Table> {
  const workbook = await loadWorkbook(file);
  // The first sheet the analyst can see: a hidden one (an old extract kept out of sight) is not read unless asked for.
  const first = workbook.worksheets.find((s) => !isHiddenSheet(s));
  if (workbook.worksheets.length === 0) {
    throw new WorkbenchError({ code: 'bad-input', file: file.name, message: `${file.name} has no worksheet.` });
  }
  if (choice === undefined && first === undefined) {
    // Excel never saves one like this, a program may: which hidden sheet holds the extract is the analyst's call, never a guess.
    const listed = workbook.worksheets.map((s, i) => `${i + 1} "${s.name}"`).join(', ');
    throw new WorkbenchError({
      code: 'bad-input',
      file: file.name,
      field: 'sheet',
      message: `${file.name}: every sheet is hidden (${listed}); choose the sheet to read (--sheet <name|number> on the command line).`,
    });
  }
  const sheet = choice === undefined ? first : chooseSheet(file.name, workbook.worksheets, choice);
  if (sheet === undefined) throw new Error('no sheet');
  const rows: string[][] = [];
  const hasMerges = sheet.hasMerges;
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
    const cells: string[] = [];
    // row.values is 1-based (index 0 unused) and sparse.
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
    if (hasMerges) {
      // exceljs gives every cell of a merged range its first cell's value; Excel keeps (and saves to CSV) it in the first only.
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        if (cell.isMerged && cell.master.address !== cell.address && column - 1 < cells.length) cells[column - 1] = '';
      });
    }
    while (rows.length < rowNumber - 1) rows.push([]);
    rows.push(cells);
  });
  while (rows.length > 0 && (rows[rows.length - 1] ?? []).every((cell) => cell.trim() === '')) rows.pop();
  const extraSheets = workbook.worksheets.length - 1;
  const sheets = workbook.worksheets.map((s) => s.name);
  const position = sheets.indexOf(sheet.name) + 1;
  const hiddenSheets = workbook.worksheets.filter(isHiddenSheet).map((s) => s.name);
  const hidden = workbook.worksheets.filter((s) => s !== sheet && isHiddenSheet(s)).map((s) => `"${s.name}"`);
  const hiddenNote = hidden.length === 0 ? '' : ` (hidden: ${hidden.join(', ')})`;
  const warnings =
    extraSheets <= 0 ? []
    : sheet === first && position === 1 ? [`${file.name}: read the first sheet ("${sheet.name}"); ${extraSheets} other sheet(s) ignored${hiddenNote}.`]
    : sheet === first ? [`${file.name}: read sheet ${position} ("${sheet.name}"), the first one not hidden; ${extraSheets} other sheet(s) ignored${hiddenNote}.`]
    : [`${file.name}: read sheet ${position} ("${sheet.name}"); ${extraSheets} other sheet(s) ignored${hiddenNote}.`];
  return { rows: new ArrayRows(rows), isSpreadsheet: true, warnings, sheet: sheet.name, sheets, hiddenSheets, sheetSummaries: summariseSheets(workbook.worksheets) };
}
