/**
 * Small valid extracts of every kind, from the data generator (and one real
 * police.uk file), as grids of cells, and the hostile changes the property
 * tests make to them: what each change does to the file, and which data
 * rows it touches, so a test knows which rows must still be accepted.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import {
  IQUANTA_COLUMNS,
  IquantaCounter,
  POPULATION_COLUMNS,
  RESPECT_COLUMNS,
  districtCsv,
  generateDistrictRecords,
  iquantaRows,
  iquantaWide,
  objectsToCsv,
  onsMyePersonsCsv,
  populationRows,
  respectRows,
  toCsv,
} from '../../shared/generator';
import { csvField } from '../../shared/generator/csv';
import type { ImportKind } from '../../shared/import/types';
import { csvRows } from './csv-file';
import { policeUkFiles } from './police-uk-data';

export interface BaseExtract {
  /** A file name the importer reads the kind (and an ONS year) from. */
  name: string;
  kind: ImportKind;
  /** Row 0 is the header. */
  grid: string[][];
}

/** The first `rows` data rows of a CSV text, as cells. */
function head(text: string, rows: number): string[][] {
  return csvRows(text.replace(/^\uFEFF/, '')).slice(0, rows + 1);
}

/** One small extract of each kind the workbench reads (a few rows each: property tests run many of them). */
export function baseExtracts(rows = 6): BaseExtract[] {
  const records = [...generateDistrictRecords({ seed: 7, records: 400 })];
  const counter = new IquantaCounter().addAll(records);
  const iquanta = iquantaRows({ seed: 7, counts: counter });
  const wide = iquantaWide(iquanta);
  // The wide layout keeps 13 months: enough to be read as months, few enough to stay small.
  const wideText = toCsv(wide.header.slice(0, 16), wide.rows.map((row) => row.slice(0, 16)));
  const police = policeUkFiles()[0];
  if (police === undefined) throw new Error('no police.uk file in ../shared/data');
  const onsLines = onsMyePersonsCsv(2020).split(/\r?\n/);
  // ONS rows: England, then districts further down; keep the header, the country and the force's districts.
  const onsText = [onsLines[0], ...onsLines.slice(1).filter((line) => /^E0[67]0001(7[0-6]|8)/.test(line) || /^E92/.test(line))].join('\r\n');
  return [
    { name: 'district-mansfield.csv', kind: 'district', grid: head(districtCsv(records.slice(0, rows)), rows) },
    { name: '2023-01-nottinghamshire-street.csv', kind: 'police-uk', grid: head(readFileSync(resolve(police), 'utf8'), rows) },
    { name: 'iquanta-long.csv', kind: 'iquanta', grid: head(objectsToCsv(IQUANTA_COLUMNS, iquanta.slice(0, rows)), rows) },
    { name: 'iquanta-wide.csv', kind: 'iquanta', grid: head(wideText, rows) },
    { name: 'respect-survey.csv', kind: 'respect', grid: head(objectsToCsv(RESPECT_COLUMNS, respectRows({ seed: 7, respondentsPerWave: 10 })), rows) },
    { name: 'population-long.csv', kind: 'population', grid: head(objectsToCsv(POPULATION_COLUMNS, populationRows()), rows) },
    { name: 'ons-mye-persons-2020.csv', kind: 'population', grid: head(onsText, rows) },
  ];
}

/** A cell's text as hostile exports write it. */
export type CellChange =
  | { kind: 'nul' }
  | { kind: 'bom' }
  | { kind: 'long'; length: number }
  | { kind: 'newline' }
  | { kind: 'thousands' }
  | { kind: 'space thousands' }
  | { kind: 'unicode minus' }
  | { kind: 'date'; text: string }
  | { kind: 'object key'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'windows-1252' };

/** A change to one data row. */
export type RowChange =
  | { kind: 'cell'; column: number; change: CellChange }
  | { kind: 'too few'; keep: number }
  | { kind: 'too many'; extra: string[] }
  | { kind: 'blank row before' }
  | { kind: 'duplicate' };

/** A change that makes the file's quoting malformed at one row: the file must be refused, naming that line. */
export type QuoteChange = { kind: 'unclosed quote'; column: number } | { kind: 'text after quote'; column: number };

export interface FileShape {
  lineEnding: '\r\n' | '\n' | '\r' | 'mixed';
  /** Per line, for 'mixed'. */
  mixed: ('\r\n' | '\n' | '\r')[];
  boms: 0 | 1 | 2;
  finalNewline: boolean;
  trailingBlankLines: number;
}

export interface HostileCase {
  /** Data row (1-based, below the header) -> change. */
  rowChanges: { row: number; change: RowChange }[];
  quote: { row: number; change: QuoteChange } | null;
  shape: FileShape;
}

const DATES = ['29/02/2023', '29/02/1900', '31/04/2023', '31/06/2023', '00/01/2023', '12/13/2023', '2023-02-29', '2023-13-01', '03/04/23', '3/4/23', '99999999', '-1', '0', '60', '2958466', '1/1/0001', '31/12/9999', 'Feb 2023', '2023-1'];
const OBJECT_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
/** Characters that trip readers: quotes, delimiters, line breaks, control and invisible characters, non-BMP. */
const AWKWARD = fc.string({ unit: fc.constantFrom('a', 'Z', '1', '0', ' ', ',', ';', '\t', '"', '\n', '\r', '\u0000', '\u00a0', '\ufeff', '\u2212', '£', 'é', '😀', '\u202e', '-', '.', '/'), maxLength: 12 });

const cellChange: fc.Arbitrary<CellChange> = fc.oneof(
  fc.constant({ kind: 'nul' as const }),
  fc.constant({ kind: 'bom' as const }),
  fc.integer({ min: 5_000, max: 40_000 }).map((length) => ({ kind: 'long' as const, length })),
  fc.constant({ kind: 'newline' as const }),
  fc.constant({ kind: 'thousands' as const }),
  fc.constant({ kind: 'space thousands' as const }),
  fc.constant({ kind: 'unicode minus' as const }),
  fc.constantFrom(...DATES).map((text) => ({ kind: 'date' as const, text })),
  fc.constantFrom(...OBJECT_KEYS).map((text) => ({ kind: 'object key' as const, text })),
  AWKWARD.map((text) => ({ kind: 'text' as const, text })),
  fc.constant({ kind: 'windows-1252' as const }),
);

function rowChange(width: number): fc.Arbitrary<RowChange> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('cell' as const), column: fc.nat({ max: width - 1 }), change: cellChange }) },
    { weight: 1, arbitrary: fc.nat({ max: Math.max(0, width - 1) }).map((keep) => ({ kind: 'too few' as const, keep })) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom('', '', 'x', '1'), { minLength: 1, maxLength: 3 }).map((extra) => ({ kind: 'too many' as const, extra })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'blank row before' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' as const }) },
  );
}

const fileShape: fc.Arbitrary<FileShape> = fc.record({
  lineEnding: fc.constantFrom('\r\n' as const, '\n' as const, '\r' as const, 'mixed' as const),
  mixed: fc.array(fc.constantFrom('\r\n' as const, '\n' as const, '\r' as const), { minLength: 40, maxLength: 40 }),
  boms: fc.constantFrom(0 as const, 0 as const, 1 as const, 2 as const),
  finalNewline: fc.boolean(),
  trailingBlankLines: fc.nat({ max: 2 }),
});

/** Hostile changes to an extract with `rows` data rows of `width` cells. */
export function hostileCase(rows: number, width: number, withQuotes: boolean): fc.Arbitrary<HostileCase> {
  return fc.record({
    rowChanges: fc.array(fc.record({ row: fc.integer({ min: 1, max: rows }), change: rowChange(width) }), { maxLength: 3 }),
    quote: withQuotes
      ? fc.option(
          fc.record({
            row: fc.integer({ min: 1, max: rows }),
            change: fc.record({ kind: fc.constantFrom('unclosed quote' as const, 'text after quote' as const), column: fc.nat({ max: width - 1 }) }),
          }),
          { freq: 4 },
        )
      : fc.constant(null),
    shape: fileShape,
  });
}

const DIGITS = /^\d{4,}$/;

function changeCell(value: string, change: CellChange): string {
  switch (change.kind) {
    case 'nul':
      return `${value.slice(0, 1)}\u0000${value.slice(1)}`;
    case 'bom':
      return `\ufeff${value}`;
    case 'long':
      return `${value}${'x'.repeat(change.length)}`;
    case 'newline':
      return `${value}\nsecond line`;
    case 'thousands':
      return DIGITS.test(value) ? Number(value).toLocaleString('en-GB') : `${value},000`;
    case 'space thousands':
      return DIGITS.test(value) ? value.replace(/\B(?=(\d{3})+$)/g, ' ') : `${value} 000`;
    case 'unicode minus':
      return `\u2212${value}`;
    case 'date':
    case 'object key':
    case 'text':
      return change.text;
    case 'windows-1252':
      // Marked here; the byte 0x92 (a Windows-1252 apostrophe) replaces the marker when the file is encoded.
      return `${value}\u0001CP1252\u0001`;
  }
}

export interface HostileFile {
  bytes: Uint8Array;
  /** Every row of the file as written (header, data, inserted blank rows), the importer's row numbering. */
  grid: string[][];
  /** 1-based lines (rows) of the grid holding data: not the header, not blank. */
  dataLines: number[];
  /** Lines of rows that were changed, or copied: any outcome but a lost row is fine for them. */
  changedLines: Set<number>;
  /** The malformed quote's physical line, when there is one: the file must be refused there. */
  quoteLine: number | null;
  /** The row (1-based, the importer's numbering) holding the malformed quote. */
  quoteRow: number | null;
  /** True when a change reaches every row (a header cell changed, the encoding): only the accounting is checked. */
  wholeFile: boolean;
}

/** The grid with the changes made, written as CSV bytes in the file shape asked for. */
export function hostileCsv(base: BaseExtract, hostile: HostileCase): HostileFile {
  const rows = base.grid.map((row) => [...row]);
  // Changes to a row (1-based below the header), in order; a duplicate or blank row is inserted after the changes to its row.
  const inserted: { after: number; row: string[]; changed: boolean }[] = [];
  const changed = new Set<number>();
  let wholeFile = false;
  for (const { row, change } of hostile.rowChanges) {
    const cells = rows[row];
    if (cells === undefined) continue;
    if (change.kind !== 'blank row before') changed.add(row);
    switch (change.kind) {
      case 'cell': {
        const column = change.column % cells.length;
        cells[column] = changeCell(cells[column] ?? '', change.change);
        if (change.change.kind === 'windows-1252') wholeFile = true;
        break;
      }
      case 'too few':
        cells.length = Math.min(cells.length, change.keep);
        break;
      case 'too many':
        cells.push(...change.extra);
        break;
      case 'blank row before':
        inserted.push({ after: row - 1, row: [''], changed: false });
        break;
      case 'duplicate':
        inserted.push({ after: row, row: cells, changed: true });
        break;
    }
  }
  const grid: string[][] = [];
  const changedLines = new Set<number>();
  const origin: (number | null)[] = [];
  rows.forEach((cells, index) => {
    grid.push(cells);
    origin.push(index);
    for (const extra of inserted.filter((i) => i.after === index)) {
      grid.push(extra.row === cells ? [...cells] : extra.row);
      origin.push(extra.changed ? index : null);
      if (extra.changed) changedLines.add(grid.length);
    }
  });
  origin.forEach((index, at) => {
    if (index !== null && changed.has(index)) changedLines.add(at + 1);
  });
  const dataLines = grid.map((cells, i) => ({ cells, line: i + 1 })).filter(({ cells, line }) => line > 1 && cells.some((cell) => cell.trim() !== '')).map(({ line }) => line);

  // Lines as written; a malformed quote is written raw into its row's cell.
  const quoteAt = hostile.quote === null ? -1 : grid.findIndex((_, i) => origin[i] === hostile.quote?.row);
  // A row emptied by another change has no cell to hold the quote.
  const quoteRowIndex = quoteAt >= 0 && (grid[quoteAt] ?? []).some((cell) => cell !== '') ? quoteAt : -1;
  let quotePrefix = '';
  const lines = grid.map((cells, i) => {
    // A blank row is written as a lone comma: an empty line after a lone CR would read as one CRLF.
    if (!cells.some((cell) => cell !== '')) return ',';
    if (i !== quoteRowIndex || hostile.quote === null) return cells.map((cell) => csvField(cell)).join(',');
    const column = hostile.quote.change.column % Math.max(1, cells.length);
    quotePrefix = cells.slice(0, column).map((cell) => csvField(cell)).join(',');
    return cells
      .map((cell, c) => {
        if (c !== column) return csvField(cell);
        const plain = cell.replace(/["\r\n]/g, '');
        return hostile.quote?.change.kind === 'unclosed quote' ? `"${plain}` : `"${plain}"x`;
      })
      .join(',');
  });
  const { shape } = hostile;
  const eol = (i: number): string => (shape.lineEnding === 'mixed' ? (shape.mixed[i % shape.mixed.length] ?? '\n') : shape.lineEnding);
  let text = '\ufeff'.repeat(shape.boms);
  lines.forEach((line, i) => {
    text += line;
    if (i < lines.length - 1 || shape.finalNewline) text += eol(i);
  });
  for (let i = 0; i < shape.trailingBlankLines; i++) text += eol(lines.length + i) + (i % 2 === 0 ? ',,' : '');
  // The physical line of the malformed quote: line breaks before its row, inside quoted cells too.
  let quoteLine: number | null = null;
  if (quoteRowIndex >= 0) {
    const before = lines.slice(0, quoteRowIndex).map((line, i) => line + eol(i)).join('');
    quoteLine = 1 + (before.match(/\r\n|\r|\n/g)?.length ?? 0) + (quotePrefix.match(/\r\n|\r|\n/g)?.length ?? 0);
  }
  return { bytes: encode(text), grid, dataLines, changedLines, quoteLine, quoteRow: quoteRowIndex >= 0 ? quoteRowIndex + 1 : null, wholeFile };
}

/** UTF-8, with each Windows-1252 marker written as the byte 0x92. */
function encode(text: string): Uint8Array {
  const parts = text.split('\u0001CP1252\u0001');
  const encoded = parts.map((part) => new TextEncoder().encode(part));
  const out = new Uint8Array(encoded.reduce((sum, part) => sum + part.length, 0) + parts.length - 1);
  let at = 0;
  encoded.forEach((part, i) => {
    out.set(part, at);
    at += part.length;
    if (i < encoded.length - 1) out[at++] = 0x92;
  });
  return out;
}
