/**
 * CSV serialisation (RFC 4180): fields are quoted only when they hold a
 * comma, quote or line break, which is what spreadsheet exports do and what
 * importers must cope with (ward names such as `Awsworth, Cossall & Trowell`).
 */

import { DISTRICT_COLUMNS, type DistrictRecord } from './district-records';

export type CsvValue = string | number | null | undefined;

export interface CsvOptions {
  /** `\r\n` (default, as Windows exports) or `\n`. */
  lineEnding?: '\r\n' | '\n';
  /** Prefix a UTF-8 byte order mark. */
  bom?: boolean;
}

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) line += ',';
    line += csvField(values[i]);
  }
  return line;
}

/** A whole CSV document from a header and rows. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>, options: CsvOptions = {}): string {
  const eol = options.lineEnding ?? '\r\n';
  const lines = [csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return (options.bom === true ? '\uFEFF' : '') + lines.join(eol) + eol;
}

/** CSV document from objects, in the given column order. */
export function objectsToCsv<T extends object>(
  columns: ReadonlyArray<keyof T & string>,
  rows: Iterable<T>,
  options: CsvOptions = {},
): string {
  function* values(): Generator<CsvValue[]> {
    for (const row of rows) yield columns.map((c) => row[c] as CsvValue);
  }
  return toCsv(columns, values(), options);
}

export function districtRecordValues(record: DistrictRecord): CsvValue[] {
  return DISTRICT_COLUMNS.map((c) => record[c]);
}

/**
 * One district record as a CSV line, field by field without an intermediate
 * array (this is the hot path of writing a million rows). Same output as
 * csvLine(districtRecordValues(record)); a test keeps the two in step.
 */
export function districtCsvLine(r: DistrictRecord): string {
  const f = csvField;
  return (
    `${f(r.record_ref)},${r.record_type},${r.committed_date},${r.reported_date},${r.offence_code},${f(r.crime_type)},` +
    `${f(r.district)},${f(r.ward)},${f(r.lsoa_code)},${r.easting},${r.northing},${f(r.victim_ref)},` +
    `${r.victim_age ?? ''},${r.victim_sex},${r.domestic},${r.hate},${r.alcohol},${r.asb_category}`
  );
}

/**
 * District profile CSV in chunks of about chunkLines lines, so a writer can
 * stream a million records without one huge string (header first).
 */
export function* districtCsvChunks(
  records: Iterable<DistrictRecord>,
  options: CsvOptions & { chunkLines?: number } = {},
): Generator<string> {
  const eol = options.lineEnding ?? '\r\n';
  const chunkLines = options.chunkLines ?? 10_000;
  // Lines are collected and joined: appending to one growing string builds a deep rope that is slow to flatten.
  let lines: string[] = [(options.bom === true ? '\uFEFF' : '') + csvLine(DISTRICT_COLUMNS)];
  for (const record of records) {
    lines.push(districtCsvLine(record));
    if (lines.length >= chunkLines) {
      yield lines.join(eol) + eol;
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join(eol) + eol;
}

/** The whole district profile CSV as one string (for small extracts and tests). */
export function districtCsv(records: Iterable<DistrictRecord>, options: CsvOptions = {}): string {
  let out = '';
  for (const chunk of districtCsvChunks(records, options)) out += chunk;
  return out;
}
