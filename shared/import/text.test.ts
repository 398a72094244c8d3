import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { districtCsv, generateDistrictRecords } from '../generator';
import { decodeText, isBlankRow, papaparseRows, parseCsvRows, readCsvRows, sliceRows } from './text';

/** Text built from the characters that matter to a CSV reader. */
const csvText = fc
  .array(fc.constantFrom('a', 'b', 'Z', ' ', ',', ';', '\t', '|', '"', '""', '\n', '\r\n', '\r', 'é', ''), { maxLength: 80 })
  .map((parts) => parts.join(''));

/** Well-formed CSV: quoted cells with delimiters, quotes and line breaks inside. */
const wellFormed = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t'),
    newline: fc.constantFrom('\n', '\r\n'),
    rows: fc.array(fc.array(fc.string({ unit: fc.constantFrom('x', 'y', ' ', ',', ';', '"', '\n', '\t', '1') , maxLength: 6 }), { minLength: 1, maxLength: 5 }), { maxLength: 14 }),
    finalNewline: fc.boolean(),
  })
  .map(({ delimiter, newline, rows, finalNewline }) => {
    const quote = (cell: string): string => (/[",;\t\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
    return rows.map((row) => row.map(quote).join(delimiter)).join(newline) + (finalNewline ? newline : '');
  });

describe('CSV rows', () => {
  it('reads any text exactly as papaparse does', () => {
    fc.assert(fc.property(csvText, (text) => {
      expect(parseCsvRows(text)).toEqual(papaparseRows(text));
    }), { numRuns: 3000 });
  });

  it('reads well-formed quoting (delimiters, quotes and line breaks in cells) as papaparse does', () => {
    fc.assert(fc.property(wellFormed, (text) => {
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
