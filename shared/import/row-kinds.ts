/**
 * Rows of an extract that are not data: totals and footnotes, which
 * spreadsheet exports add below the table. Kept apart from the importer so
 * the district parse worker can use them without the rest of it.
 */

const TOTAL_LABEL = /^(grand\s+)?totals?\b|^all\s+(areas|districts|wards)$/i;

/** A totals row: its first filled cell (of the first three) says Total. */
export function isTotalsRow(row: readonly string[]): boolean {
  for (let i = 0; i < 3 && i < row.length; i++) {
    const value = row[i];
    if (value === undefined || value === '') continue;
    const first = value.charCodeAt(0) | 0x20;
    // Only t(otal), g(rand total), a(ll areas) or a leading space can start one.
    if (first !== 0x74 && first !== 0x67 && first !== 0x61 && first !== 0x20) return false;
    return TOTAL_LABEL.test(value.trim());
  }
  return false;
}

const NOTE_TEXT = /^(\d{1,2}[.)]\s|notes?\b|sources?\b|\*|crown copyright|©)/i;

/** A footnote: text in the first cell only ("1. Further information ...", "Source: ..."), on one line. */
export function isNoteRow(row: readonly string[]): boolean {
  // The other cells first: on a data row that settles it at once.
  for (let i = 1; i < row.length; i++) if ((row[i] ?? '').trim() !== '') return false;
  const first = (row[0] ?? '').trim();
  // A footnote is one line: a first cell holding line breaks is records a quote left open joined into it.
  return first !== '' && !/[\r\n]/.test(first) && (NOTE_TEXT.test(first) || (first.length > 40 && first.includes(' ')));
}
