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
    const text = new TextDecoder('windows-1252').decode(bytes);
    return {
      text,
      encoding: 'windows-1252',
      warnings: [`${fileName} is not UTF-8; read it as Windows-1252 text. Check accented names.`],
    };
  }
}

/** RFC 4180 rows (quotes, embedded commas and newlines, CRLF or LF). */
export function parseCsvRows(text: string): string[][] {
  const result = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false });
  const rows = result.data;
  // A final newline gives one empty row; it is not data.
  while (rows.length > 0 && isBlankRow(rows[rows.length - 1] ?? [])) rows.pop();
  return rows;
}

export function isBlankRow(row: readonly string[]): boolean {
  return row.every((cell) => cell.trim() === '');
}

/** Header names are case-insensitive, and spaces, `-` and `_` are equivalent. */
export function normaliseHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-_]+/g, '_');
}
