/**
 * Which sheets of a picked file are imported. A workbook with more than one
 * sheet holding anything (say "2022-23" and "2023-24") is asked about before
 * the import; every chosen sheet is an import of its own, named
 * "file [sheet]" so its provenance says where its records came from. CSV
 * files and workbooks with one sheet of data import as picked.
 */
import type { SheetSummary } from '../../../shared/import/table';
import type { FileBytes } from '../../../shared/platform-bridge';

/** One import of the batch: a file, or one sheet of a workbook. */
export interface BatchEntry {
  /** The import's name (the file's, or "file [sheet]"), which the core keys mappings and sheets by. */
  name: string;
  file: FileBytes;
  /** The sheet to read; absent reads the first (or the file is CSV). */
  sheet?: string;
  /** True when `name` was made from the sheet, so it follows a sheet changed in the mapping dialog. */
  isNamedForSheet: boolean;
}

/**
 * The sheets to ask about, in workbook order: none unless two or more
 * sheets the analyst can see in Excel have data. Hidden sheets with data
 * are listed too (marked, never ticked): the analyst can pick one on
 * purpose, and sees that the import did not lose it. When no visible sheet
 * has data but hidden ones do, those are offered, for the analyst to pick.
 */
export function sheetsToOffer(sheets: readonly SheetSummary[]): SheetSummary[] {
  const filled = sheets.filter((s) => !s.isEmpty);
  const visible = filled.filter((s) => !s.isHidden);
  return visible.length > 1 || (visible.length === 0 && filled.length > 0) ? filled : [];
}

/** The sheets ticked when the question opens: the first the analyst can see in Excel, never a hidden one. */
export function sheetsTickedFirst(offered: readonly SheetSummary[]): string[] {
  const first = offered.find((s) => !s.isHidden);
  return first === undefined ? [] : [first.name];
}

/** Sheets as listed to the analyst: those they can see in Excel first, then hidden ones, each group in workbook order. */
export function sheetsVisibleFirst<T extends { isHidden: boolean; position: number }>(sheets: readonly T[]): T[] {
  return [...sheets].sort((a, b) => Number(a.isHidden) - Number(b.isHidden) || a.position - b.position);
}

/** A sheet's label in a list: number, name, rows, and "(hidden)" for one hidden in Excel (hidden or very hidden). */
export function sheetLabel(sheet: SheetSummary): string {
  const rows = `${sheet.rows.toLocaleString('en-GB')} ${sheet.rows === 1 ? 'row' : 'rows'}`;
  return `${sheet.position}: ${sheet.name} — ${sheet.isEmpty ? 'empty' : rows}${sheet.isHidden ? ' (hidden)' : ''}`;
}

export function sheetEntryName(fileName: string, sheet: string): string {
  return `${fileName} [${sheet}]`;
}

/**
 * The imports for one picked file. `chosen`: the sheets the analyst ticked
 * (undefined when not asked). The only visible sheet with data after empty
 * ones (a logo cover) is read without asking; a hidden sheet never is.
 */
export function importEntries(file: FileBytes, sheets: readonly SheetSummary[], chosen: readonly string[] | undefined): BatchEntry[] {
  if (chosen !== undefined) {
    return sheets
      .filter((s) => chosen.includes(s.name))
      .map((s) => ({ name: sheetEntryName(file.name, s.name), file, sheet: s.name, isNamedForSheet: true }));
  }
  const filled = sheets.filter((s) => !s.isEmpty && !s.isHidden);
  const only = filled.length === 1 ? filled[0] : undefined;
  if (only !== undefined && only.position !== 1) return [{ name: file.name, file, sheet: only.name, isNamedForSheet: false }];
  return [{ name: file.name, file, isNamedForSheet: false }];
}
