import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { districtCsv, generateDistrictRecords } from '../generator';
import { isBlankRow, papaparseRows, parseCsvRows, readCsvRows, sliceRows } from './text';

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
