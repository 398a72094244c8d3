/**
 * What every extract importer implements: one row in, one outcome out,
 * inside the caller's transaction.
 */
import type { Database, Statement } from 'sql.js';
import { META_KEYS, readMeta } from '../schema';
import type { ColumnMapping, ImportKind, RejectedRow } from './types';
import type { RecordKeys } from './record-keys';

export interface RowOutcome {
  status: 'accepted' | 'duplicate' | 'updated' | 'rejected';
  reject?: RejectedRow;
}

/** Shared outcomes: the hot loop allocates nothing for a good row. */
export const ACCEPTED: RowOutcome = Object.freeze({ status: 'accepted' });
export const DUPLICATE: RowOutcome = Object.freeze({ status: 'duplicate' });
export const UPDATED: RowOutcome = Object.freeze({ status: 'updated' });

export interface WriterContext {
  db: Database;
  kind: ImportKind;
  fileName: string;
  importId: number;
  header: readonly string[];
  mapping: ColumnMapping;
  /** Wide layouts: the columns holding values (months, ages, questions). */
  valueColumns: readonly number[];
  /** XLSX: a bare number in a date column is an Excel serial. */
  isSpreadsheet: boolean;
  now: Date;
  /** Population: the mid-year when the file does not say it. */
  year?: number;
  /** XLSX: the sheet the rows come from (ONS puts persons, males and females on sheets of their own). */
  sheet?: string;
  warnings: string[];
  /** The header's 1-based line, for warnings about its columns (1 when not given). */
  headerLine?: number;
  /**
   * District imports writing without the record key index (dropped for a
   * bulk load): every record's key, looked up here instead of in SQLite.
   */
  recordKeys?: RecordKeys;
}

/** A row parsed without writing, for the mapping dialog's preview. */
export interface PreviewRow {
  line: number;
  values: Record<string, string | number | null>;
  reject?: RejectedRow;
}

export interface RowWriter {
  write(row: readonly string[], line: number): RowOutcome;
  preview(row: readonly string[], line: number): PreviewRow;
  /** Called once after the last row (summary warnings). */
  finish?(): void;
  close(): void;
}

/** 0-based column of a field, or -1 when the file has none. */
export function columnOf(mapping: ColumnMapping, field: string): number {
  return mapping[field] ?? -1;
}

export function cell(row: readonly string[], index: number): string {
  if (index < 0) return '';
  const value = row[index];
  return value === undefined ? '' : value.trim();
}

export function rejected(line: number, field: string, reason: string, row?: readonly string[], blank = -1): RowOutcome {
  const reject: RejectedRow = { line, field, reason };
  if (row !== undefined) reject.values = row.map((value, i) => (i === blank ? '' : value));
  return { status: 'rejected', reject };
}

/**
 * A number as extracts write it: thousands separators, surrounding spaces and
 * a trailing % allowed. null for an empty cell, undefined for text that is not
 * a number.
 */
export function parseNumber(text: string): number | null | undefined {
  if (text === '') return null;
  let value = Number(text);
  if (Number.isFinite(value) && !isRadixLiteral(text)) return value;
  // A Unicode minus sign (U+2212) or an en dash before the digits, as some spreadsheets write it, is a minus.
  const cleaned = text.replace(/[,\s£%]/g, '').replace(/^[\u2212\u2013]/, '-');
  if (cleaned === '' || cleaned === '-' || /^(n\/?a|\.\.|\*|x|:)$/i.test(cleaned)) return null;
  if (isRadixLiteral(cleaned)) return undefined;
  value = Number(cleaned);
  return Number.isFinite(value) && cleaned !== '' ? value : undefined;
}

/**
 * Number() reads "0x1F" as 31 (and "0b11", "0o17"): no extract means that.
 * Checked only for text starting with 0 or white space, so the usual numbers pay nothing.
 */
export function isRadixLiteral(text: string): boolean {
  const first = text.charCodeAt(0);
  return (first === 0x30 || first <= 0x20 || first > 0x7f) && /^\s*0[xbo]/i.test(text);
}

/**
 * A row with text past the header's last column: a comma inside an
 * unquoted cell ("Kirkby, Portland") moves every cell after it one column
 * along, so the row's fields cannot be trusted. The field is the first such
 * column; null when the row fits (empty cells past the header are nothing).
 */
export function overflowReject(row: readonly string[], headerWidth: number): { field: string; reason: string } | null {
  for (let i = row.length - 1; i >= headerWidth; i--) {
    if ((row[i] ?? '').trim() === '') continue;
    let first = headerWidth;
    while ((row[first] ?? '').trim() === '') first++;
    return {
      field: `column ${first + 1}`,
      reason: `text in column ${first + 1}, past the header’s ${headerWidth} columns ("${(row[first] ?? '').trim().slice(0, 40)}"): a comma inside an unquoted cell moves every cell after it one column along`,
    };
  }
  return null;
}

/** Sex as 1 female, 2 male, null when unknown or not given. */
export function parseSex(text: string): 1 | 2 | null {
  // The usual cells without lower-casing them (an allocation per call).
  if (text === 'F') return 1;
  if (text === 'M') return 2;
  if (text === '') return null;
  switch (text.toLowerCase()) {
    case 'f':
    case 'female':
    case 'w':
    case 'woman':
    case 'girl':
    case 'females':
      return 1;
    case 'm':
    case 'male':
    case 'man':
    case 'boy':
    case 'males':
      return 2;
    default:
      return null;
  }
}

/** Yes/no flags: 1, 0, null when blank or unknown; undefined when the text is not a flag. */
export function parseFlag(text: string): 0 | 1 | null | undefined {
  if (text === 'N') return 0;
  if (text === 'Y') return 1;
  if (text === '') return null;
  switch (text.toLowerCase()) {
    case 'y':
    case 'yes':
    case '1':
    case 'true':
    case 't':
      return 1;
    case 'n':
    case 'no':
    case '0':
    case 'false':
    case 'f':
      return 0;
    case '':
    case 'unknown':
    case 'u':
    case 'not known':
    case 'not recorded':
      return null;
    default:
      return undefined;
  }
}

/**
 * For a workbench with records imported before references were kept (schema 4): the statement that gives such a
 * record (id ?2) the reference ?1 when its row comes back. Null for any other workbench: nothing to fill.
 */
export function prepareRefFill(db: Database): Statement | null {
  return readMeta(db, META_KEYS.recordsWithoutRef) === null ? null : db.prepare('UPDATE record SET record_ref = ? WHERE id = ? AND record_ref IS NULL');
}
