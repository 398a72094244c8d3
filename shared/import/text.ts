/**
 * Decoding extract files and splitting them into rows.
 */
import Papa from 'papaparse';
import { WorkbenchError } from '../errors';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'windows-1252';
  warnings: string[];
}

export type TextEncoding = 'utf-8' | 'windows-1252';

/** UTF-8 (with or without BOM) or, when the bytes are not valid UTF-8, Windows-1252 with a warning. */
export function decodeText(bytes: Uint8Array, fileName: string): DecodedText {
  const encoding = detectEncoding(bytes);
  return { text: decode(bytes, encoding), encoding, warnings: encodingWarnings(encoding, fileName) };
}

/**
 * Windows-1252's characters for bytes 0x80-0x9F (WHATWG's table; the five
 * it leaves undefined stay as they are). Node's TextDecoder reads
 * 'windows-1252' as Latin-1, which turns '€' and curly quotes into control
 * characters; Chromium's does not.
 */
const WINDOWS_1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f'
  + '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** The bytes as text (a BOM at the start dropped unless `keepBom`). */
function decode(bytes: Uint8Array, encoding: TextEncoding, keepBom = false): string {
  const text = new TextDecoder(encoding, { ignoreBOM: keepBom }).decode(bytes);
  if (encoding !== 'windows-1252' || !/[\u0080-\u009f]/.test(text)) return text;
  // One character for one: offsets into the text are unchanged.
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

function encodingWarnings(encoding: TextEncoding, fileName: string): string[] {
  return encoding === 'utf-8' ? [] : [`${fileName} is not UTF-8; read it as Windows-1252 text. Check accented names.`];
}

/** Validated in pieces: a large file is never decoded into one string just to learn its encoding. */
const VALIDATE_PIECE = 1 << 22;

/** UTF-8 when the bytes are valid UTF-8 (plain ASCII is), else Windows-1252. */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (isAscii(bytes)) return 'utf-8';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for (let at = 0; at < bytes.length; at += VALIDATE_PIECE) {
      const end = Math.min(bytes.length, at + VALIDATE_PIECE);
      decoder.decode(bytes.subarray(at, end), { stream: end < bytes.length });
    }
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

function isAscii(bytes: Uint8Array, from = 0, to = bytes.length): boolean {
  let i = from;
  // Four bytes at a time where the view allows.
  const aligned = Math.min(to, from + ((4 - ((bytes.byteOffset + from) & 3)) & 3));
  for (; i < aligned; i++) if ((bytes[i] ?? 0) >= 0x80) return false;
  const words = Math.floor((to - i) / 4);
  if (words > 0) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let w = 0; w < words; w++) if (((view[w] ?? 0) & 0x80808080) !== 0) return false;
    i += words * 4;
  }
  for (; i < to; i++) if ((bytes[i] ?? 0) >= 0x80) return false;
  return true;
}

/** Rows of a table, split into cells on demand: a million-row CSV is never held as cells. */
export interface TableRows {
  readonly rowCount: number;
  /** The cells of row `index` (0-based), as a new array; [] outside the table. */
  row(index: number): string[];
  /**
   * The 1-based line of the file where row `index` starts, as a text editor
   * counts lines (every CRLF, LF or lone CR, those inside quoted cells too),
   * or for a spreadsheet its row number: a reject names the line the analyst
   * opens the file at. Row number + 1 until a quoted cell holds a line break.
   */
  line(index: number): number;
}

/** The row that starts on 1-based `line` (the first row at or after it), for a line a reject or a mapping names. */
export function rowAtLine(rows: TableRows, line: number): number {
  let low = 0;
  let high = rows.rowCount;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (rows.line(middle) < line) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Line breaks inside rows (quoted cells holding them), kept sparsely: only
 * rows that hold one are listed, so a file without any costs nothing and a
 * row's line is found by a binary search.
 */
export class LineBreaks {
  /** Row indexes holding line breaks, ascending, and the breaks in them and every earlier such row. */
  private rows = new Int32Array(0);
  private totals = new Int32Array(0);
  private count = 0;

  /** Records `breaks` line breaks inside row `index` (rows added in order). */
  add(index: number, breaks: number): void {
    if (breaks <= 0) return;
    if (this.count === this.rows.length) {
      const capacity = Math.max(16, this.count * 2);
      this.rows = grow(this.rows, capacity);
      this.totals = grow(this.totals, capacity);
    }
    this.rows[this.count] = index;
    this.totals[this.count] = (this.count === 0 ? 0 : (this.totals[this.count - 1] ?? 0)) + breaks;
    this.count++;
  }

  /** The 1-based line where row `index` starts. */
  line(index: number): number {
    // The last row holding breaks before `index`.
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.rows[middle] ?? 0) < index) low = middle + 1;
      else high = middle;
    }
    return index + 1 + (low === 0 ? 0 : (this.totals[low - 1] ?? 0));
  }
}

/** Line breaks (CRLF, LF or lone CR, as quotingError counts them) in `bytes` from `from` to `to`. */
function countBreaks(bytes: Uint8Array | string, from: number, to: number): number {
  let breaks = 0;
  const at = typeof bytes === 'string' ? (i: number): number => bytes.charCodeAt(i) : (i: number): number => bytes[i] ?? 0;
  for (let i = from; i < to; i++) {
    const c = at(i);
    if (c === LF || (c === CR && at(i + 1) !== LF)) breaks++;
  }
  return breaks;
}

/** Line breaks inside a row's cells (papaparse's rows, where the offsets are gone). */
function cellBreaks(row: readonly string[]): number {
  let breaks = 0;
  for (const cell of row) if (cell.includes('\n') || cell.includes('\r')) breaks += countBreaks(cell, 0, cell.length);
  return breaks;
}

/** Rows `start` (inclusive) to `end` (exclusive) as arrays. */
export function sliceRows(rows: TableRows, start: number, end = rows.rowCount): string[][] {
  const out: string[][] = [];
  for (let index = Math.max(0, start); index < Math.min(end, rows.rowCount); index++) out.push(rows.row(index));
  return out;
}

/** Rows already split (papaparse's reading of an odd file, or a spreadsheet's cells). */
export class ArrayRows implements TableRows {
  /**
   * `lines`: each row's 1-based line, when not its number + 1 (a
   * spreadsheet's rows are its row numbers: the sheet's reader keeps
   * blank rows in place).
   */
  constructor(
    private readonly rows: string[][],
    private readonly lines?: readonly number[],
  ) {}

  /** Rows of a text, each ending at one line break: a row's line counts the breaks inside the cells above it. */
  static ofText(rows: string[][]): ArrayRows {
    const lines: number[] = [];
    let line = 1;
    for (const row of rows) {
      lines.push(line);
      line += 1 + cellBreaks(row);
    }
    return new ArrayRows(rows, lines);
  }

  get rowCount(): number {
    return this.rows.length;
  }

  row(index: number): string[] {
    return this.rows[index] ?? [];
  }

  line(index: number): number {
    return this.lines?.[index] ?? index + 1;
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
 * one scan and cut into cells row by row, a row ending at every CRLF, LF or
 * lone CR outside quotes; a file whose quoting needs papaparse's error
 * recovery is read by papaparse (readCsvBytes, which imports use, refuses it
 * instead). With one kind of line break the cells are exactly papaparse's.
 */
export function readCsvRows(text: string): TableRows {
  const { delimiter } = csvDialect(text);
  return IndexedCsvRows.index(text, delimiter) ?? ArrayRows.ofText(papaparseRows(text));
}

/** A CSV file's rows, with the encoding they were read in and its warnings. */
export interface CsvFile {
  rows: TableRows;
  encoding: TextEncoding | 'utf-16';
  warnings: string[];
}

/** UTF-16 by its byte order mark (Excel's "Unicode text"), or null. */
function utf16Of(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

const hasUtf8Bom = (bytes: Uint8Array): boolean => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/**
 * A file that says it is UTF-8 (its BOM) but holds bytes that are not (a
 * Windows-1252 apostrophe pasted in): still UTF-8, each bad byte read as
 * U+FFFD, with a warning naming the first line that has one. null when
 * the bytes are good UTF-8. The bytes come back re-encoded, so the
 * reader's offsets (one character per UTF-8 sequence) hold.
 */
function repairUtf8(bytes: Uint8Array, fileName: string): { bytes: Uint8Array; warning: string } | null {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return null;
  } catch {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const at = text.indexOf('\ufffd');
    const line = 1 + (text.slice(0, Math.max(0, at)).match(/\r\n|\r|\n/g)?.length ?? 0);
    return {
      bytes: new TextEncoder().encode(text),
      warning: `${fileName} starts with a UTF-8 byte order mark but line ${line} has bytes that are not UTF-8 (from another encoding, such as Windows-1252); they are read as �. Check the text.`,
    };
  }
}

/**
 * The rows of a CSV file's bytes, as `readCsvRows` would read its decoded
 * text, without ever holding that text: rows are indexed on the bytes (the
 * delimiter, quote and line endings are ASCII, which no UTF-8 sequence or
 * Windows-1252 character contains) and decoded a block at a time when read.
 * A million-row extract would otherwise sit in memory twice, as bytes and as
 * a string of the same size, through the whole import.
 */
export function readCsvBytes(given: Uint8Array, fileName: string): CsvFile {
  const utf16 = utf16Of(given);
  if (utf16 !== null) {
    // Rare enough to be read as text whole.
    return { rows: readCsvRows(new TextDecoder(utf16).decode(given)), encoding: 'utf-16', warnings: [`${fileName} is UTF-16 text (Excel’s "Unicode text"); read it as such.`] };
  }
  // A BOM says UTF-8: a stray byte from another encoding does not make the whole file Windows-1252.
  const repaired = hasUtf8Bom(given) && !isAscii(given) ? repairUtf8(given, fileName) : null;
  const bytes = repaired?.bytes ?? given;
  const encoding = repaired === null ? detectEncoding(bytes) : 'utf-8';
  const warnings = repaired === null ? encodingWarnings(encoding, fileName) : [repaired.warning];
  // The BOM, and any more at the start (a tool that adds one to a file that has one): not part of the header.
  let from = 0;
  while (encoding === 'utf-8' && bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf) from += 3;
  const { delimiter } = csvDialect(dialectPrefix(bytes, from, encoding));
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) >= 0x80) {
    // An odd delimiter: the text is read whole, as before.
    return { rows: readCsvRows(decode(bytes, encoding)), encoding, warnings };
  }
  const rows = ByteCsvRows.index(bytes, from, encoding, delimiter);
  // papaparse's recovery from a bad quoted cell reads the rest of the file into that cell: a refusal says where instead.
  if (!(rows instanceof ByteCsvRows)) throw quotingError(fileName, bytes, from, rows);
  return { rows, encoding, warnings };
}

/** Where a quoted cell goes wrong: the byte offset of its opening quote, its 0-based column and what is wrong. */
export interface QuoteProblem {
  at: number;
  column: number;
  kind: 'unclosed' | 'text after quote';
}

/** Spreadsheet letters for a 0-based column (0 is A, 26 is AA). */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The refusal for a quoting problem, naming the physical line (every CRLF, LF or lone CR before it counted) and the column. */
function quotingError(fileName: string, bytes: Uint8Array, from: number, problem: QuoteProblem): WorkbenchError {
  let line = 1;
  for (let i = from; i < problem.at; i++) {
    const byte = bytes[i];
    if (byte === 0x0a || (byte === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  const column = `column ${problem.column + 1}`;
  const what =
    problem.kind === 'unclosed'
      ? `the quoted cell in ${column} (${columnLetters(problem.column)}) is never closed, so every line after it would be read into that one cell`
      : `${column} (${columnLetters(problem.column)}) has text after its closing quote (a quote inside a quoted cell must be written twice: "")`;
  return new WorkbenchError({
    code: 'bad-input',
    file: fileName,
    line,
    field: column,
    message: `${fileName} line ${line}: ${what}. Fix the quoting and import the file again.`,
  });
}

/** Enough of the start of the file for csvDialect's guess. */
function dialectPrefix(bytes: Uint8Array, from: number, encoding: TextEncoding): string {
  let at = from - 1;
  for (let lines = 0; lines < GUESS_LINES && (lines === 0 || at >= 0); lines++) at = bytes.indexOf(0x0a, at + 1);
  const end = at < 0 ? bytes.length : Math.max(Math.min(bytes.length, from + GUESS_CHARS), at + 1);
  return decode(bytes.subarray(from, end), encoding);
}

const QUOTE = 0x22;
/** papaparse guesses the line ending from the first 1 MB and the delimiter from the first 10 rows. */
const GUESS_CHARS = 1 << 20;
const GUESS_LINES = 200;

/**
 * The delimiter papaparse would use for this text (guessed on a prefix:
 * cheap). Rows end at any line break, CRLF, LF or a lone CR: one line ending
 * for the whole file (papaparse's) would join the rows of a CRLF file with a
 * line appended by another tool.
 */
function csvDialect(text: string): { delimiter: string } {
  let at = 0;
  for (let lines = 0; lines < GUESS_LINES && at >= 0; lines++) at = text.indexOf('\n', at + 1);
  const end = at < 0 ? text.length : Math.max(Math.min(text.length, GUESS_CHARS), at + 1);
  // Line breaks made one kind first: papaparse guesses the delimiter from rows cut at the one line ending it guesses.
  const meta = Papa.parse<string[]>(text.slice(0, end).replace(/\r\n?/g, '\n'), { preview: 10 }).meta;
  return { delimiter: meta.delimiter === '' ? ',' : meta.delimiter };
}

function grow(array: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(capacity);
  next.set(array);
  return next;
}

const CR = 0x0d;
const LF = 0x0a;

/** Where the next line break (CR or LF) at or after `pos` is in a text, or -1. */
function textBreakFinder(text: string): (pos: number) => number {
  let cr = -2;
  let lf = -2;
  return (pos) => {
    if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
    if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
    return cr < 0 ? lf : lf < 0 || cr < lf ? cr : lf;
  };
}

/**
 * Checks a row holding a quote: every quoted cell (one opening at the
 * cell's start) must close before a delimiter, a line break or the end of
 * the text, spaces aside, with "" for a quote inside it; a quote inside an
 * unquoted cell (12" TV) is text, as papaparse reads it. Returns where the
 * row ends, or -1 when the quoting is malformed.
 */
function scanQuotedRow(text: string, start: number, delimiter: string, lineBreak: (pos: number) => number): number {
  const length = text.length;
  let pos = start;
  let lineEnd = -1;
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
      const stop = lineBreak(after);
      if (stop === after) return after;
      // Only white space (as trim() counts it) between the closing quote and a delimiter or line break, as papaparse allows.
      const next = text.indexOf(delimiter, after);
      const cellEnd = next >= 0 && (stop < 0 || next < stop) ? next : stop;
      if (cellEnd < 0 || text.slice(after, cellEnd).trim() !== '') return -1;
      if (cellEnd === stop) return stop;
      pos = next + delimiter.length;
      continue;
    }
    // Found again only once pos passes it (as in scanQuotedBytes).
    if (lineEnd < pos) {
      lineEnd = lineBreak(pos);
      if (lineEnd < 0) lineEnd = length;
    }
    const next = text.indexOf(delimiter, pos);
    if (next < 0 || next >= lineEnd) return lineEnd;
    pos = next + delimiter.length;
  }
}

/**
 * Rows `start` to `end` of an indexed CSV as plain data (the bytes they span
 * and their cell boundaries within them), to be posted to a parse worker and
 * read there with `csvChunkRows`: the worker neither copies the whole file
 * nor indexes it again, and the decoding is done there too.
 */
export interface CsvChunk {
  bytes: Uint8Array;
  encoding: TextEncoding;
  delimiter: string;
  /** Byte offsets of each row's start and end within `bytes`. */
  starts: Int32Array;
  ends: Int32Array;
  quoted: Uint8Array;
  /** Each row's 1-based line in the file (TableRows.line). */
  lines: Int32Array;
}

/** The chunk of rows `start` (inclusive) to `end` (exclusive), or null for rows not read from CSV bytes. */
export function csvChunk(rows: TableRows, start: number, end: number): CsvChunk | null {
  return rows instanceof ByteCsvRows ? rows.chunk(start, end) : null;
}

/** A chunk's rows, cut into cells exactly as the whole file's would be. */
export function csvChunkRows(chunk: CsvChunk): TableRows {
  const { text, starts, ends } = decodeRows(chunk.bytes, chunk.encoding, 0, chunk.starts, chunk.ends, 0, chunk.starts.length);
  const lines = chunk.lines;
  return new CellCutter(text, chunk.delimiter, starts, ends, chunk.quoted, 0, chunk.starts.length, (index) => lines[index] ?? index + 1);
}

/**
 * Decodes the bytes spanning rows `first` to `last` (exclusive) and gives
 * each row's start and end in the text. A block of plain ASCII or of
 * Windows-1252 decodes one character per byte; otherwise the offsets are
 * counted in UTF-16 units (one per UTF-8 sequence, two for a 4-byte one).
 */
function decodeRows(
  bytes: Uint8Array,
  encoding: TextEncoding,
  base: number,
  byteStarts: Int32Array,
  byteEnds: Int32Array,
  first: number,
  last: number,
): { text: string; starts: Int32Array; ends: Int32Array } {
  const count = Math.max(0, last - first);
  const from = count === 0 ? 0 : (byteStarts[first] ?? 0) - base;
  const to = count === 0 ? 0 : (byteEnds[last - 1] ?? 0) - base;
  const span = bytes.subarray(from, to);
  // A BOM inside the file is a character of a cell: only the file's first, skipped by the index, is not.
  const text = decode(span, encoding, true);
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  if (text.length === span.length) {
    for (let i = 0; i < count; i++) {
      starts[i] = (byteStarts[first + i] ?? 0) - base - from;
      ends[i] = (byteEnds[first + i] ?? 0) - base - from;
    }
    return { text, starts, ends };
  }
  let units = 0;
  let at = 0;
  const unitsAt = (offset: number): number => {
    for (; at < offset; at++) {
      const byte = span[at] ?? 0;
      if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
    }
    return units;
  };
  for (let i = 0; i < count; i++) {
    starts[i] = unitsAt((byteStarts[first + i] ?? 0) - base - from);
    ends[i] = unitsAt((byteEnds[first + i] ?? 0) - base - from);
  }
  return { text, starts, ends };
}

/** Cells cut from rows of a text by their offsets. */
class CellCutter implements TableRows {
  constructor(
    private readonly text: string,
    private readonly delimiter: string,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    /** 1 where the row holds a quote (cut with the slower, quote-aware loop). */
    private readonly quoted: Uint8Array,
    /** Row `index` is entry `index - first` of the offsets. */
    private readonly first: number,
    readonly rowCount: number,
    private readonly lineOf: (index: number) => number,
  ) {}

  row(index: number): string[] {
    if (index < 0 || index >= this.rowCount) return [];
    const at = index - this.first;
    return cutCells(this.text, this.delimiter, this.starts[at] ?? 0, this.ends[at] ?? 0, this.quoted[index] === 1);
  }

  line(index: number): number {
    return this.lineOf(index);
  }
}

function cutCells(text: string, delimiter: string, start: number, end: number, isQuoted: boolean): string[] {
  const cells: string[] = [];
  let pos = start;
  for (;;) {
    if (isQuoted && pos < end && text.charCodeAt(pos) === QUOTE) {
      // The index checked the quoting: the closing quote is there.
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
      // White space before the delimiter (the index allowed only that): skipped.
      if (pos < end && !text.startsWith(delimiter, pos)) {
        const next = text.indexOf(delimiter, pos);
        pos = next < 0 || next >= end ? end : next;
      }
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

/** Row offsets as they are found, grown as needed. */
class RowIndex {
  starts: Int32Array;
  ends: Int32Array;
  quoted: Uint8Array;
  readonly breaks = new LineBreaks();
  count = 0;

  constructor(capacity: number) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.quoted = new Uint8Array(capacity);
  }

  push(start: number, end: number, hasQuote: number): void {
    if (this.count === this.starts.length) {
      const capacity = this.count * 2;
      this.starts = grow(this.starts, capacity);
      this.ends = grow(this.ends, capacity);
      const quoted = new Uint8Array(capacity);
      quoted.set(this.quoted);
      this.quoted = quoted;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.quoted[this.count] = hasQuote;
    this.count++;
  }
}

/** The number of rows left once blank rows at the end (a final line break gives one) are dropped. */
function withoutBlankEnd(rows: TableRows): number {
  let last = rows.rowCount;
  while (last > 0 && isBlankRow(rows.row(last - 1))) last--;
  return last;
}

const IndexedCsvRows = {
  /** null when the text needs papaparse's error recovery. */
  index(text: string, delimiter: string): TableRows | null {
    const length = text.length;
    const index = new RowIndex(Math.max(16, Math.ceil(length / 64)));
    const lineBreak = textBreakFinder(text);
    let nextQuote = text.indexOf('"');
    // BOMs at the start (decoding drops only one), as readCsvBytes skips them.
    let pos = 0;
    while (text.charCodeAt(pos) === 0xfeff) pos++;
    for (;;) {
      let end = lineBreak(pos);
      if (end < 0) end = length;
      let hasQuote = 0;
      if (nextQuote >= 0 && nextQuote < end) {
        // The first line break: a row that ends past it holds line breaks in quoted cells.
        const firstBreak = end;
        end = scanQuotedRow(text, pos, delimiter, lineBreak);
        if (end < 0) return null;
        hasQuote = 1;
        nextQuote = end >= length ? -1 : text.indexOf('"', end);
        if (end > firstBreak) index.breaks.add(index.count, countBreaks(text, firstBreak, end));
      }
      index.push(pos, end, hasQuote);
      if (end >= length) break;
      pos = end + (text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? 2 : 1);
    }
    const breaks = index.breaks;
    const lineOf = (row: number): number => breaks.line(row);
    const rows = new CellCutter(text, delimiter, index.starts, index.ends, index.quoted, 0, index.count, lineOf);
    const last = withoutBlankEnd(rows);
    return last === index.count ? rows : new CellCutter(text, delimiter, index.starts, index.ends, index.quoted, 0, last, lineOf);
  },
};

/** Rows decoded per block of this many when read. */
const BLOCK_ROWS = 2048;

/** Rows indexed on a CSV file's bytes (readCsvBytes), decoded a block at a time. */
class ByteCsvRows implements TableRows {
  /** The last block decoded: reading is mostly in order. */
  private block: { first: number; rows: CellCutter } | null = null;

  private constructor(
    private readonly bytes: Uint8Array,
    private readonly encoding: TextEncoding,
    private readonly delimiter: string,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    private readonly quoted: Uint8Array,
    private readonly breaks: LineBreaks,
    /** Rows indexed (the offsets' entries in use), blank rows at the end included. */
    private readonly indexed: number,
    readonly rowCount: number,
  ) {}

  /** The rows, or where a quoted cell is malformed. */
  static index(bytes: Uint8Array, from: number, encoding: TextEncoding, delimiter: string): ByteCsvRows | QuoteProblem {
    const length = bytes.length;
    const d = delimiter.charCodeAt(0);
    const index = new RowIndex(Math.max(16, Math.ceil(length / 64)));
    const lineEnd = byteBreakFinder(bytes);
    const problem: QuoteProblem = { at: -1, column: 0, kind: 'unclosed' };
    let nextQuote = bytes.indexOf(QUOTE, from);
    let pos = from;
    for (;;) {
      let end = lineEnd(pos);
      if (end < 0) end = length;
      let hasQuote = 0;
      if (nextQuote >= 0 && nextQuote < end) {
        // The first line break: a row that ends past it holds line breaks in quoted cells.
        const firstBreak = end;
        end = scanQuotedBytes(bytes, pos, d, encoding, lineEnd, problem);
        if (end < 0) return problem;
        hasQuote = 1;
        nextQuote = end >= length ? -1 : bytes.indexOf(QUOTE, end);
        if (end > firstBreak) index.breaks.add(index.count, countBreaks(bytes, firstBreak, end));
      }
      index.push(pos, end, hasQuote);
      if (end >= length) break;
      pos = end + (bytes[end] === CR && bytes[end + 1] === LF ? 2 : 1);
    }
    const rows = new ByteCsvRows(bytes, encoding, delimiter, index.starts, index.ends, index.quoted, index.breaks, index.count, index.count);
    const last = withoutBlankEnd(rows);
    return last === index.count ? rows : new ByteCsvRows(bytes, encoding, delimiter, index.starts, index.ends, index.quoted, index.breaks, index.count, last);
  }

  row(index: number): string[] {
    if (index < 0 || index >= this.rowCount) return [];
    const first = index - (index % BLOCK_ROWS);
    let block = this.block;
    if (block?.first !== first) {
      const last = Math.min(this.indexed, first + BLOCK_ROWS);
      const { text, starts, ends } = decodeRows(this.bytes, this.encoding, 0, this.starts, this.ends, first, last);
      block = { first, rows: new CellCutter(text, this.delimiter, starts, ends, this.quoted, first, Math.min(this.rowCount, last), (row) => this.breaks.line(row)) };
      this.block = block;
    }
    return block.rows.row(index);
  }

  line(index: number): number {
    return this.breaks.line(index);
  }

  chunk(start: number, end: number): CsvChunk {
    const from = Math.max(0, start);
    const to = Math.min(end, this.rowCount);
    const count = Math.max(0, to - from);
    const base = count === 0 ? 0 : (this.starts[from] ?? 0);
    const last = count === 0 ? 0 : (this.ends[to - 1] ?? 0);
    const starts = new Int32Array(count);
    const ends = new Int32Array(count);
    const lines = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      starts[i] = (this.starts[from + i] ?? 0) - base;
      ends[i] = (this.ends[from + i] ?? 0) - base;
      lines[i] = this.breaks.line(from + i);
    }
    // A copy, as its buffer is handed to the worker: not `slice`, which on a Node Buffer (a file read by the
    // command line) is a view, and handing over its buffer would take the whole file's bytes from this thread.
    return { bytes: new Uint8Array(this.bytes.subarray(base, last)), encoding: this.encoding, delimiter: this.delimiter, starts, ends, quoted: this.quoted.slice(from, to), lines };
  }
}

/** Where the next line break (CR or LF) at or after `pos` is, or -1; a CRLF is found at its CR. */
function byteBreakFinder(bytes: Uint8Array): (pos: number) => number {
  // The next CR and LF, searched for again only once pos passes them.
  let cr = -2;
  let lf = -2;
  return (pos) => {
    if (cr !== -1 && cr < pos) cr = bytes.indexOf(CR, pos);
    if (lf !== -1 && lf < pos) lf = bytes.indexOf(LF, pos);
    return cr < 0 ? lf : lf < 0 || cr < lf ? cr : lf;
  };
}

/**
 * scanQuotedRow on bytes: where the row starting at `start` ends, or -1
 * when its quoting is malformed (`problem` then says where and how).
 */
function scanQuotedBytes(bytes: Uint8Array, start: number, delimiter: number, encoding: TextEncoding, lineEnd: (pos: number) => number, problem: QuoteProblem): number {
  const length = bytes.length;
  let pos = start;
  let column = 0;
  // The next line break, found again only once pos passes it:
  // searching from every cell would scan the rest of the row once per cell.
  let end = -1;
  for (;;) {
    if (bytes[pos] === QUOTE) {
      let close = pos + 1;
      for (;;) {
        close = bytes.indexOf(QUOTE, close);
        if (close < 0) {
          Object.assign(problem, { at: pos, column, kind: 'unclosed' });
          return -1;
        }
        if (bytes[close + 1] !== QUOTE) break;
        close += 2;
      }
      const after = close + 1;
      if (after >= length) return length;
      if (bytes[after] === delimiter) {
        pos = after + 1;
        column++;
        continue;
      }
      const stop = lineEnd(after);
      if (stop === after) return after;
      // Only white space (as trim() counts it) between the closing quote and a delimiter or line break, as papaparse allows.
      const next = bytes.indexOf(delimiter, after);
      const cellEnd = next >= 0 && (stop < 0 || next < stop) ? next : stop;
      if (cellEnd < 0 || decode(bytes.subarray(after, cellEnd), encoding, true).trim() !== '') {
        Object.assign(problem, { at: pos, column, kind: 'text after quote' });
        return -1;
      }
      if (cellEnd === stop) return stop;
      pos = next + 1;
      column++;
      continue;
    }
    if (end < pos) {
      end = lineEnd(pos);
      if (end < 0) end = length;
    }
    const next = bytes.indexOf(delimiter, pos);
    if (next < 0 || next >= end) return end;
    pos = next + 1;
    column++;
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
