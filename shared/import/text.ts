/**
 * Decoding extract files and splitting them into rows.
 */
import Papa from 'papaparse';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'windows-1252';
  warnings: string[];
}

/** UTF-8 (with or without BOM) or, when the bytes are not valid UTF-8, Windows-1252 with a warning. */
export function decodeText(bytes: Uint8Array, fileName: string): DecodedText {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8', warnings: [] };
  } catch {
    const text = fixC1(new TextDecoder('windows-1252').decode(bytes));
    return {
      text,
      encoding: 'windows-1252',
      warnings: [`${fileName} is not UTF-8; read it as Windows-1252 text. Check accented names.`],
    };
  }
}

/**
 * Windows-1252's characters for bytes 0x80-0x9F (WHATWG index; the five it
 * leaves undefined keep their code points). Node 20's decoder (ICU) gives
 * these bytes as C1 control characters, so "St. Ann’s" would be stored as
 * "St. Ann\u0092s" by the command line but correctly by the app.
 */
const CP1252_C1 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function fixC1(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

/** Rows of a table, split into cells on demand: a million-row CSV is never held as cells. */
export interface TableRows {
  readonly rowCount: number;
  /** The cells of row `index` (0-based), as a new array; [] outside the table. */
  row(index: number): string[];
}

/** Rows `start` (inclusive) to `end` (exclusive) as arrays. */
export function sliceRows(rows: TableRows, start: number, end = rows.rowCount): string[][] {
  const out: string[][] = [];
  for (let index = Math.max(0, start); index < Math.min(end, rows.rowCount); index++) out.push(rows.row(index));
  return out;
}

/** Rows already split (papaparse's reading of an odd file, or a spreadsheet's cells). */
export class ArrayRows implements TableRows {
  constructor(private readonly rows: string[][]) {}

  get rowCount(): number {
    return this.rows.length;
  }

  row(index: number): string[] {
    return this.rows[index] ?? [];
  }
}

/** RFC 4180 rows (quotes, embedded commas and newlines, CRLF or LF), as papaparse reads them. */
export function parseCsvRows(text: string): string[][] {
  const rows = readCsvRows(text);
  return sliceRows(rows, 0);
}

/** papaparse's reading, with the delimiter and line ending it guesses. */
export function papaparseRows(text: string): string[][] {
  const result = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false });
  const rows = result.data;
  // A final newline gives one empty row; it is not data.
  while (rows.length > 0 && isBlankRow(rows[rows.length - 1] ?? [])) rows.pop();
  return rows;
}

/**
 * The rows of a CSV text. Well-formed files (the usual case) are indexed in
 * one scan and cut into cells row by row; a file whose quoting needs
 * papaparse's error recovery is read by papaparse. Either way the cells are
 * exactly papaparse's.
 */
export function readCsvRows(text: string): TableRows {
  const { delimiter, newline } = csvDialect(text);
  return IndexedCsvRows.index(text, delimiter, newline) ?? new ArrayRows(papaparseRows(text));
}

const QUOTE = 0x22;
/** papaparse guesses the line ending from the first 1 MB and the delimiter from the first 10 rows. */
const GUESS_CHARS = 1 << 20;
const GUESS_LINES = 200;

/** The delimiter and line ending papaparse would use for this text (guessed on a prefix: cheap). */
function csvDialect(text: string): { delimiter: string; newline: string } {
  let at = 0;
  for (let lines = 0; lines < GUESS_LINES && at >= 0; lines++) at = text.indexOf('\n', at + 1);
  const end = at < 0 ? text.length : Math.max(Math.min(text.length, GUESS_CHARS), at + 1);
  const meta = Papa.parse<string[]>(text.slice(0, end), { preview: 10 }).meta;
  const newline = meta.linebreak === '\r\n' || meta.linebreak === '\r' ? meta.linebreak : '\n';
  return { delimiter: meta.delimiter === '' ? ',' : meta.delimiter, newline };
}

function grow(array: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(capacity);
  next.set(array);
  return next;
}

/**
 * Checks a row holding a quote: every quoted cell must open at the cell's
 * start and close before a delimiter, the line ending or the end of the text,
 * with "" for a quote inside it. Returns where the row ends, or -1 when the
 * quoting is malformed.
 */
function scanQuotedRow(text: string, start: number, delimiter: string, newline: string): number {
  const length = text.length;
  let pos = start;
  for (;;) {
    if (text.charCodeAt(pos) === QUOTE) {
      let close = pos + 1;
      for (;;) {
        close = text.indexOf('"', close);
        if (close < 0) return -1;
        if (text.charCodeAt(close + 1) !== QUOTE) break;
        close += 2;
      }
      const after = close + 1;
      if (after >= length) return length;
      if (text.startsWith(delimiter, after)) {
        pos = after + delimiter.length;
        continue;
      }
      return text.startsWith(newline, after) ? after : -1;
    }
    let lineEnd = text.indexOf(newline, pos);
    if (lineEnd < 0) lineEnd = length;
    const next = text.indexOf(delimiter, pos);
    const cellEnd = next >= 0 && next < lineEnd ? next : lineEnd;
    const quote = text.indexOf('"', pos);
    if (quote >= 0 && quote < cellEnd) return -1;
    if (cellEnd === lineEnd) return lineEnd;
    pos = next + delimiter.length;
  }
}

/**
 * Rows `start` to `end` of an indexed CSV as plain data (the text they span
 * and their cell boundaries within it), to be posted to a parse worker and
 * read there with `csvChunkRows`: the worker neither copies the whole file
 * nor indexes it again.
 */
export interface CsvChunk {
  text: string;
  delimiter: string;
  starts: Int32Array;
  ends: Int32Array;
  quoted: Uint8Array;
}

/** The chunk of rows `start` (inclusive) to `end` (exclusive), or null for rows not read from CSV text. */
export function csvChunk(rows: TableRows, start: number, end: number): CsvChunk | null {
  return rows instanceof IndexedCsvRows ? rows.chunk(start, end) : null;
}

/** A chunk's rows, cut into cells exactly as the whole file's would be. */
export function csvChunkRows(chunk: CsvChunk): TableRows {
  return IndexedCsvRows.fromChunk(chunk);
}

class IndexedCsvRows implements TableRows {
  private constructor(
    private readonly text: string,
    private readonly delimiter: string,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    /** 1 where the row holds a quote (cut with the slower, quote-aware loop). */
    private readonly quoted: Uint8Array,
    readonly rowCount: number,
  ) {}

  /** null when the text needs papaparse's error recovery. */
  static index(text: string, delimiter: string, newline: string): IndexedCsvRows | null {
    const length = text.length;
    let capacity = Math.max(16, Math.ceil(length / 64));
    let starts = new Int32Array(capacity);
    let ends = new Int32Array(capacity);
    let quoted = new Uint8Array(capacity);
    let count = 0;
    let nextQuote = text.indexOf('"');
    let pos = 0;
    for (;;) {
      let end = text.indexOf(newline, pos);
      if (end < 0) end = length;
      let hasQuote = 0;
      if (nextQuote >= 0 && nextQuote < end) {
        end = scanQuotedRow(text, pos, delimiter, newline);
        if (end < 0) return null;
        hasQuote = 1;
        nextQuote = end >= length ? -1 : text.indexOf('"', end);
      }
      if (count === capacity) {
        capacity *= 2;
        starts = grow(starts, capacity);
        ends = grow(ends, capacity);
        const next = new Uint8Array(capacity);
        next.set(quoted);
        quoted = next;
      }
      starts[count] = pos;
      ends[count] = end;
      quoted[count] = hasQuote;
      count++;
      if (end >= length) break;
      pos = end + newline.length;
    }
    let rows = new IndexedCsvRows(text, delimiter, starts, ends, quoted, count);
    // A final line break (or blank lines at the end) gives blank rows that are not data.
    let last = count;
    while (last > 0 && isBlankRow(rows.row(last - 1))) last--;
    if (last < count) rows = new IndexedCsvRows(text, delimiter, starts, ends, quoted, last);
    return rows;
  }

  static fromChunk(chunk: CsvChunk): IndexedCsvRows {
    return new IndexedCsvRows(chunk.text, chunk.delimiter, chunk.starts, chunk.ends, chunk.quoted, chunk.starts.length);
  }

  chunk(start: number, end: number): CsvChunk {
    const from = Math.max(0, start);
    const to = Math.min(end, this.rowCount);
    const count = Math.max(0, to - from);
    const base = count === 0 ? 0 : (this.starts[from] ?? 0);
    const last = count === 0 ? 0 : (this.ends[to - 1] ?? 0);
    const starts = new Int32Array(count);
    const ends = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      starts[i] = (this.starts[from + i] ?? 0) - base;
      ends[i] = (this.ends[from + i] ?? 0) - base;
    }
    return { text: this.text.slice(base, last), delimiter: this.delimiter, starts, ends, quoted: this.quoted.slice(from, to) };
  }

  row(index: number): string[] {
    if (index < 0 || index >= this.rowCount) return [];
    const text = this.text;
    const delimiter = this.delimiter;
    const end = this.ends[index] ?? 0;
    const isQuoted = this.quoted[index] === 1;
    const cells: string[] = [];
    let pos = this.starts[index] ?? 0;
    for (;;) {
      if (isQuoted && pos < end && text.charCodeAt(pos) === QUOTE) {
        // index() checked the quoting: the closing quote is there.
        let close = pos + 1;
        let hasEscapes = false;
        for (;;) {
          close = text.indexOf('"', close);
          if (text.charCodeAt(close + 1) !== QUOTE) break;
          hasEscapes = true;
          close += 2;
        }
        const value = text.slice(pos + 1, close);
        cells.push(hasEscapes ? value.replace(/""/g, '"') : value);
        pos = close + 1;
        if (pos >= end) return cells;
        pos += delimiter.length;
        continue;
      }
      const next = text.indexOf(delimiter, pos);
      if (next < 0 || next >= end) {
        cells.push(text.slice(pos, end));
        return cells;
      }
      cells.push(text.slice(pos, next));
      pos = next + delimiter.length;
    }
  }
}

export function isBlankRow(row: readonly string[]): boolean {
  for (let i = 0; i < row.length; i++) {
    const cell = row[i] ?? '';
    if (cell === '') continue;
    // A cell starting with printable ASCII is not blank: no trim (a new string) needed.
    const first = cell.charCodeAt(0);
    if ((first > 0x20 && first < 0x7f) || cell.trim() !== '') return false;
  }
  return true;
}

/** Header names are case-insensitive, and spaces, `-` and `_` are equivalent. */
export function normaliseHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-_]+/g, '_');
}
