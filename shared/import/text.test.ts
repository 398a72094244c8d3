import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvRows } from '../../tests/helpers/csv-file';
import { WorkbenchError } from '../errors';
import { districtCsv, generateDistrictRecords } from '../generator';
import { type TableRows, csvChunk, csvChunkRows, decodeText, isBlankRow, papaparseRows, parseCsvRows, readCsvBytes, readCsvRows, sliceRows } from './text';

/**
 * Text built from the characters that matter to a CSV reader, with one kind
 * of line break throughout (papaparse's reading; with several kinds, every
 * CRLF, LF and lone CR ends a row: see 'mixed line breaks' below).
 */
const csvText = fc
  .record({
    newline: fc.constantFrom('\n', '\r\n', '\r'),
    parts: fc.array(fc.constantFrom('a', 'b', 'Z', ' ', ',', ';', '\t', '|', '"', '""', 'NL', 'é', ''), { maxLength: 80 }),
  })
  .map(({ newline, parts }) => parts.map((part) => (part === 'NL' ? newline : part)).join(''));

/** Well-formed CSV: quoted cells with delimiters, quotes and line breaks inside. */
const wellFormed = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t'),
    newline: fc.constantFrom('\n', '\r\n'),
    rows: fc.array(fc.array(fc.string({ unit: fc.constantFrom('x', 'y', ' ', ',', ';', '"', 'NL', '\t', '1') , maxLength: 6 }), { minLength: 1, maxLength: 5 }), { maxLength: 14 }),
    finalNewline: fc.boolean(),
  })
  .map(({ delimiter, newline, rows, finalNewline }) => {
    // A line break inside a cell is the file's own (Excel's Alt+Enter in a CRLF file is an LF: 'mixed line breaks' below).
    const quote = (cell: string): string => (/[",;\t\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
    return rows.map((row) => row.map((cell) => quote(cell.replace(/NL/g, newline))).join(delimiter)).join(newline) + (finalNewline ? newline : '');
  });

/**
 * True when papaparse reads the text's rows where its line breaks are: one
 * kind of line break throughout, and papaparse's guess of it right (a stray
 * quote can hide a file's only line break from its guess).
 */
function papaparseSeesLineBreaks(text: string): boolean {
  const kinds = new Set(text.match(/\r\n|\r|\n/g) ?? []);
  if (kinds.size === 0) return true;
  return kinds.size === 1 && Papa.parse<string[]>(text, { header: false }).meta.linebreak === [...kinds][0];
}

/** True when papaparse finds the quoting of the text malformed (its recovery reads the rest of the file into one cell). */
function papaparseQuoteError(text: string): boolean {
  return Papa.parse<string[]>(text, { header: false }).errors.some((error) => error.type === 'Quotes');
}

/** readCsvBytes' rows, or null when it refuses the file for its quoting (a bad-input error naming the file and a line). */
function bytesRead(bytes: Uint8Array): string[][] | null {
  try {
    return sliceRows(readCsvBytes(bytes, 'x.csv').rows, 0);
  } catch (error) {
    if (!(error instanceof WorkbenchError) || error.code !== 'bad-input' || !/^x\.csv line \d+: /.test(error.message)) throw error;
    return null;
  }
}

describe('CSV rows', () => {
  it('reads any text exactly as papaparse does', () => {
    fc.assert(fc.property(csvText, (text) => {
      fc.pre(papaparseSeesLineBreaks(text));
      expect(parseCsvRows(text)).toEqual(papaparseRows(text));
    }), { numRuns: 3000 });
  });

  it('reads well-formed quoting (delimiters, quotes and line breaks in cells) as papaparse does', () => {
    fc.assert(fc.property(wellFormed, (text) => {
      // Papaparse guesses the line break before it reads the quoting: a quote-heavy first line can hide the CRLF
      // ("\t\",\r\n,x\"" once read as LF-separated, keeping the CR in a cell). The reader knows; papaparse is no reference there.
      fc.pre(papaparseSeesLineBreaks(text));
      expect(parseCsvRows(text)).toEqual(papaparseRows(text));
    }), { numRuns: 2000 });
  });

  it('reads a generated district extract as papaparse does, row by row', () => {
    const text = districtCsv(generateDistrictRecords({ seed: 3, records: 3000 }));
    const rows = readCsvRows(text);
    const papa = papaparseRows(text);
    expect(rows.rowCount).toBe(papa.length);
    expect(sliceRows(rows, 0)).toEqual(papa);
    // Random access (header detection, the totals check) gives the same cells.
    expect(rows.row(1234)).toEqual(papa[1234]);
    expect(rows.row(-1)).toEqual([]);
    expect(rows.row(papa.length)).toEqual([]);
  });

  it('guesses the delimiter and line ending as papaparse does', () => {
    const semicolons = 'a;b;c\r\n1;"2;3";4\r\n5;6;7\r\n';
    expect(parseCsvRows(semicolons)).toEqual([['a', 'b', 'c'], ['1', '2;3', '4'], ['5', '6', '7']]);
    const tabs = 'a\tb\n"x\ny"\tz\n';
    expect(parseCsvRows(tabs)).toEqual(papaparseRows(tabs));
    expect(parseCsvRows('')).toEqual([]);
    expect(parseCsvRows('\r\n\r\n')).toEqual([]);
  });
});

/** Windows-1252 bytes for text made of ASCII and the few characters used here. */
function windows1252(text: string): Uint8Array {
  const codes: Record<string, number> = { 'é': 0xe9, '£': 0xa3, '€': 0x80, '’': 0x92 };
  return Uint8Array.from([...text].map((c) => codes[c] ?? c.charCodeAt(0)));
}

/** Every row, and every chunk a parse worker would be given, read back as cells. */
function allCells(rows: TableRows): { rows: string[][]; chunks: string[][] } {
  const chunks: string[][] = [];
  for (let start = 0; start < rows.rowCount; start += 7) {
    const chunk = csvChunk(rows, start, start + 7);
    if (chunk === null) break;
    chunks.push(...sliceRows(csvChunkRows(chunk), 0));
  }
  return { rows: sliceRows(rows, 0), chunks };
}

describe('CSV rows read from the bytes', () => {
  /** Cells with the characters that change byte and character offsets: 2-, 3- and 4-byte UTF-8, a BOM inside a cell. */
  const unicodeText = fc
    .record({
      newline: fc.constantFrom('\n', '\r\n'),
      parts: fc.array(fc.constantFrom('a', '1', ' ', ',', '"', '""', 'NL', 'é', '€', '😀', '\ufeff', ''), { maxLength: 80 }),
    })
    .map(({ newline, parts }) => parts.map((part) => (part === 'NL' ? newline : part)).join(''));

  it('gives the cells the decoded text gives, for any UTF-8 text (with or without BOM), row by row and chunk by chunk', () => {
    fc.assert(fc.property(unicodeText, fc.boolean(), (text, bom) => {
      const bytes = new TextEncoder().encode((bom ? '\ufeff' : '') + text);
      const expected = sliceRows(readCsvRows(decodeText(bytes, 'x.csv').text), 0);
      if (bytesRead(bytes) === null) {
        // Every BOM at the start skipped, as the reader does.
        const decoded = decodeText(bytes, 'x.csv').text.replace(/^\ufeff+/, '');
        expect(papaparseQuoteError(decoded) || !papaparseSeesLineBreaks(decoded)).toBe(true);
        return;
      }
      const read = readCsvBytes(bytes, 'x.csv');
      expect(read.encoding).toBe('utf-8');
      const { rows, chunks } = allCells(read.rows);
      expect(rows).toEqual(expected);
      // Chunks only where the rows were indexed on the bytes (papaparse's recovery reads the rest).
      if (csvChunk(read.rows, 0, 1) !== null) expect(chunks).toEqual(expected);
    }), { numRuns: 3000 });
  });

  it('reads well-formed files with any delimiter and line ending as the text reader does', () => {
    fc.assert(fc.property(wellFormed, (text) => {
      // Refused only where the delimiter guessed from the text makes its quoting malformed.
      if (bytesRead(new TextEncoder().encode(text)) === null) {
        expect(papaparseQuoteError(text)).toBe(true);
        return;
      }
      const read = readCsvBytes(new TextEncoder().encode(text), 'x.csv');
      expect(sliceRows(read.rows, 0)).toEqual(parseCsvRows(text));
      if (csvChunk(read.rows, 0, 1) !== null) expect(allCells(read.rows).chunks).toEqual(parseCsvRows(text));
    }), { numRuns: 1000 });
  });

  it('reads Windows-1252 bytes as Windows-1252 text, with the warning', () => {
    const text = 'name,place\r\nJosé,"Café, £5"\r\nRenée,€’\r\n';
    const read = readCsvBytes(windows1252(text), 'legacy.csv');
    expect(read.encoding).toBe('windows-1252');
    expect(read.warnings.join(' ')).toMatch(/legacy\.csv is not UTF-8/);
    expect(allCells(read.rows)).toEqual({ rows: parseCsvRows(text), chunks: parseCsvRows(text) });
    // The whole-text reading too: '€' and curly quotes, not the control characters Latin-1 would give.
    expect(decodeText(windows1252(text), 'legacy.csv').text).toBe(text);
  });

  it('decodes across blocks: a large file with multi-byte characters at block edges reads as its text', () => {
    const lines = ['ref,name,note'];
    for (let i = 0; i < 5000; i++) lines.push(i % 1000 < 3 || i % 2048 < 2 ? `${i},"Zoë 😀, ${i}",é€` : `${i},n${i},x`);
    const text = `\ufeff${lines.join('\r\n')}\r\n\r\n`;
    const read = readCsvBytes(new TextEncoder().encode(text), 'big.csv');
    const expected = parseCsvRows(text.slice(1));
    expect(read.rows.rowCount).toBe(5001);
    expect(sliceRows(read.rows, 0)).toEqual(expected);
    // Out of order, as header detection and the totals check read.
    for (const index of [4999, 0, 2049, 2048, 2047, 1, 4097]) expect(read.rows.row(index)).toEqual(expected[index]);
    const chunk = csvChunk(read.rows, 2040, 2060);
    expect(chunk === null ? null : sliceRows(csvChunkRows(chunk), 0)).toEqual(expected.slice(2040, 2060));
  });

  it('refuses a quoted cell that is never closed, naming the line, rather than read the rest of the file into it', () => {
    const text = 'a,b\n1,x"y\n"open,2\n3,4\n';
    expect(() => readCsvBytes(new TextEncoder().encode(text), 'odd.csv')).toThrow(/^odd\.csv line 3: the quoted cell in column 1 \(A\) is never closed/);
    // papaparse's recovery read lines 3 and 4 as one cell: rows lost.
    expect(papaparseRows(text)).toEqual([['a', 'b'], ['1', 'x"y'], ['open,2\n3,4\n']]);
  });

  it('reads a quote inside an unquoted cell as text, and spaces after a closing quote as papaparse does', () => {
    const text = 'a,b\n1,12" TV\n"x" ,2\n';
    expect(sliceRows(readCsvBytes(new TextEncoder().encode(text), 'odd.csv').rows, 0)).toEqual(papaparseRows(text));
    expect(papaparseRows(text)).toEqual([['a', 'b'], ['1', '12" TV'], ['x', '2']]);
  });
});

describe('mixed line breaks', () => {
  /** Unquoted comma-separated text with CRLF, LF and lone CR line breaks mixed. */
  const mixed = fc
    .array(fc.constantFrom('a', 'b', '1', ' ', ',', '\n', '\r\n', '\r', 'é', ''), { maxLength: 80 })
    .map((parts) => `h1,h2\n${parts.join('')}`);

  it('end a row at every CRLF, LF and lone CR, as an independent reader does (none joined to the next)', () => {
    fc.assert(fc.property(mixed, (text) => {
      // Blank rows at the end are not data (both readers drop them).
      const expected = csvRows(text);
      while (expected.length > 0 && isBlankRow(expected[expected.length - 1] ?? [])) expected.pop();
      expect(parseCsvRows(text)).toEqual(expected);
      expect(bytesRead(new TextEncoder().encode(text))).toEqual(expected);
    }), { numRuns: 1000 });
  });

  it('keep a line break inside a quoted cell in the cell, whatever the file’s own line ending', () => {
    const text = 'a,b\r\n"x\ny",1\r\n"p\r\nq",2\n"r\rs",3\r\n';
    expect(bytesRead(new TextEncoder().encode(text))).toEqual([['a', 'b'], ['x\ny', '1'], ['p\r\nq', '2'], ['r\rs', '3']]);
    expect(parseCsvRows(text)).toEqual([['a', 'b'], ['x\ny', '1'], ['p\r\nq', '2'], ['r\rs', '3']]);
  });
});

describe('blank rows', () => {
  it('are rows whose every cell trims to nothing, Unicode spaces and a stray BOM included', () => {
    for (const row of [[], [''], ['', ' ', '\t'], ['\u00a0'], ['\ufeff', ''], ['\u2003 ']]) expect(isBlankRow(row), JSON.stringify(row)).toBe(true);
    for (const row of [['x'], ['', ' a'], ['\u00a0b'], ['', '', '0'], ['é']]) expect(isBlankRow(row), JSON.stringify(row)).toBe(false);
  });
});

describe('Windows-1252 text', () => {
  it('decodes 0x80-0x9F as the Windows-1252 characters (’ “ ” € – …), not as control characters, in Node as in a browser', () => {
    // "St. Ann’s" with 0x92, then € (0x80), “ ” (0x93 0x94), – (0x96), … (0x85) and é (0xE9).
    const bytes = Uint8Array.from([0x53, 0x74, 0x2e, 0x20, 0x41, 0x6e, 0x6e, 0x92, 0x73, 0x2c, 0x80, 0x93, 0x94, 0x96, 0x85, 0xe9]);
    const decoded = decodeText(bytes, 'wards.csv');
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.text).toBe('St. Ann\u2019s,\u20ac\u201c\u201d\u2013\u2026\u00e9');
    expect(decoded.text).not.toMatch(/[\u0080-\u009f]/);
    // The five bytes Windows-1252 leaves undefined keep their code points, as the WHATWG decoder gives them.
    expect(decodeText(Uint8Array.from([0x81, 0x8d, 0x8f, 0x90, 0x9d, 0xff]), 'x.csv').text).toBe('\u0081\u008d\u008f\u0090\u009d\u00ff');
  });
});
