/**
 * CSV files the workbench saves for the analyst (the app's downloads, the
 * command line's --out and --rejects) start with the UTF-8 BOM so Excel reads
 * them as UTF-8. Tests read them through here: the BOM is checked, then dropped.
 */
import { readFileSync } from 'node:fs';

/** The text of a saved CSV without its BOM; throws when the BOM is missing (or doubled). */
export function csvTextOf(bytes: Uint8Array, what: string): string {
  const head = [...bytes.subarray(0, 3)];
  if (head[0] !== 0xef || head[1] !== 0xbb || head[2] !== 0xbf) {
    throw new Error(`${what}: a saved CSV must start with the UTF-8 BOM (EF BB BF); it starts ${head.map((b) => b.toString(16).padStart(2, '0')).join(' ')}`);
  }
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
  if (text.startsWith('\uFEFF')) throw new Error(`${what}: the BOM is written twice`);
  return text;
}

/** A CSV file the command line wrote, BOM checked and dropped. */
export function readCsvFile(path: string): string {
  return csvTextOf(readFileSync(path), path);
}

/** RFC 4180 rows of a CSV text (quoted cells, doubled quotes, CRLF or LF), read independently of the importer's reader. */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
