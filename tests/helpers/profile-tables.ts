/**
 * The tables of an exported profile, read back as text cells: from the Word
 * file's word/document.xml (each w:tbl, its w:tr rows, the text of each
 * w:tc) and from the print page's <table>s. Checks read them independently
 * of the code that wrote them.
 */
import { readZipEntry } from './zip';

const unescapeXml = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Every table of a .docx, as rows of cell texts (the heading row first). */
export function docxTables(docx: Uint8Array): string[][][] {
  const xml = readZipEntry(Buffer.from(docx), 'word/document.xml')?.toString('utf8');
  if (xml === undefined) throw new Error('the .docx has no word/document.xml');
  return [...xml.matchAll(/<w:tbl>(.*?)<\/w:tbl>/gs)].map((table) =>
    [...(table[1] ?? '').matchAll(/<w:tr\b[^>]*>(.*?)<\/w:tr>/gs)].map((row) =>
      [...(row[1] ?? '').matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((cell) => unescapeXml([...(cell[1] ?? '').matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))),
    ),
  );
}

/** Every table of the print page, as rows of cell texts (the heading row first). */
export function htmlTables(html: string): string[][][] {
  return [...html.matchAll(/<table\b[^>]*>(.*?)<\/table>/gs)].map((table) =>
    [...(table[1] ?? '').matchAll(/<tr\b[^>]*>(.*?)<\/tr>/gs)].map((row) => [...(row[1] ?? '').matchAll(/<t[dh]\b[^>]*>(.*?)<\/t[dh]>/gs)].map((cell) => unescapeXml(cell[1] ?? ''))),
  );
}

/**
 * A nested table's rows as a document prints them, from the full labels the
 * CSV export keeps: a group's subtotal row ("Mansfield / Subtotal") is its
 * own name ("Mansfield"), a row beneath it its last label ("Burglary").
 */
export function documentLabel(fullLabel: string): string {
  const parts = fullLabel.split(' / ');
  if (parts.length > 1 && parts[parts.length - 1] === 'Subtotal') parts.pop();
  return parts[parts.length - 1] ?? fullLabel;
}
