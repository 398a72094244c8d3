/**
 * Importing extracts and removing imports. An import is one transaction in
 * the worker: an error or Cancel leaves the workbench exactly as it was.
 */
import { WorkbenchError } from '../../../shared/errors';
import type { ImportEntry } from '../../../shared/info';
import { rejectsToCsv } from '../../../shared/import/rejects';
import { isXlsxFile, worksheetCount } from '../../../shared/import/table';
import type { FileMapping, ImportReport } from '../../../shared/import/types';
import type { FileBytes } from '../../../shared/platform-bridge';
import { db } from '../db/client';
import { platform } from '../platform';
import { saveCsv } from './save-csv';
import { askConfirm, useDialogStore } from '../state/dialog-store';
import { useImportStore } from '../state/import-store';
import { type MappingAnswer, askMapping } from '../state/mapping-store';
import { askSheets } from '../state/sheet-store';
import { command, refreshInfo } from './command';
import { type BatchEntry, importEntries, sheetEntryName, sheetsToOffer } from './sheet-choice';

export const CANCELLED_NOTICE = 'Import cancelled: the workbench is as it was.';

/** The saved-mapping notice among an import's warnings, if the core applied one. */
function savedMappingNotice(reports: readonly ImportReport[]): string | null {
  return reports.flatMap((r) => r.warnings).find((w) => w.includes('Column mapping saved on')) ?? null;
}

/**
 * Asks the analyst to map the columns of the file an import stopped on;
 * null when they cancel (or the file cannot be previewed).
 */
async function mapColumns(entry: BatchEntry, error: WorkbenchError): Promise<MappingAnswer | null> {
  // The worker takes the bytes it is sent: keep the original for the import that follows. The dialog
  // names the file itself, not "file [sheet]": its sheet choice may change the sheet.
  const { file } = entry;
  const preview = await command('import/preview', { file: { name: file.name, bytes: file.bytes.slice() }, ...(entry.sheet === undefined ? {} : { sheet: entry.sheet }) });
  return askMapping(file, error.message, preview);
}

/**
 * The imports of a batch: each file, or each sheet the analyst chooses of a
 * workbook with several sheets of data; null when they cancel.
 */
async function chooseSheets(files: readonly FileBytes[]): Promise<BatchEntry[] | null> {
  const entries: BatchEntry[] = [];
  for (const file of files) {
    // Only workbooks of several sheets are read for this (the zip directory says how many): CSV files and
    // one-sheet workbooks import as before, with no extra read.
    const isSeveral = isXlsxFile(file) && (worksheetCount(file.bytes) ?? 2) > 1;
    const sheets = isSeveral ? await command('import/sheets', { file: { name: file.name, bytes: file.bytes.slice() } }) : [];
    const offered = sheetsToOffer(sheets);
    let chosen: string[] | undefined;
    if (offered.length > 0) {
      const answer = await askSheets(file.name, offered);
      if (answer === null) return null;
      chosen = answer;
    }
    entries.push(...importEntries(file, sheets, chosen));
  }
  return entries;
}

export async function importFiles(given?: FileBytes[]): Promise<void> {
  const imports = useImportStore.getState();
  if (imports.runningRequestId !== null) {
    useDialogStore.getState().setNotice('An import is already running.');
    return;
  }
  const files = given ?? (await platform.pickImportFiles());
  if (files === null || files.length === 0) return;
  useDialogStore.getState().setNotice(null);
  let entries: BatchEntry[] | null;
  try {
    entries = await chooseSheets(files);
  } catch (error) {
    showImportError(error);
    return;
  }
  if (entries === null) {
    useDialogStore.getState().setNotice(CANCELLED_NOTICE);
    return;
  }
  if (entries.length === 0) return;
  const mappings: Record<string, FileMapping> = {};
  // Each file is asked about once: a second failure is shown as an error.
  const asked = new Set<string>();
  for (;;) {
    // XLSX sheets chosen before the import or in the mapping dialog (a cover sheet often comes first).
    const sheets: Record<string, string> = {};
    for (const entry of entries) if (entry.sheet !== undefined) sheets[entry.name] = entry.sheet;
    try {
      // Copies, not the originals: the worker takes what it is sent, and a file that needs a mapping is sent again.
      const reports = await command(
        'import/files',
        {
          files: entries.map((e) => ({ name: e.name, bytes: e.file.bytes.slice() })),
          ...(Object.keys(mappings).length > 0 ? { mappings } : {}),
          ...(Object.keys(sheets).length > 0 ? { sheets } : {}),
        },
        {
          onStart: (id) => useImportStore.getState().start(id),
          onEvent: (event) => {
            if (event.name === 'import/progress') useImportStore.getState().setProgress(event.payload);
          },
        },
      );
      useImportStore.getState().finish(reports);
      await refreshInfo();
      const notice = savedMappingNotice(reports);
      if (notice !== null) useDialogStore.getState().setNotice(notice);
      return;
    } catch (error) {
      useImportStore.getState().finish(null);
      if (error instanceof WorkbenchError && error.code === 'cancelled') {
        useDialogStore.getState().setNotice(CANCELLED_NOTICE);
        return;
      }
      // A header of no known kind is mapped too: the dialog asks for the kind first.
      const canMap = error instanceof WorkbenchError && (error.code === 'needs-mapping' || (error.code === 'bad-input' && error.field === 'header'));
      const needing = canMap ? entries.find((e) => e.name === error.file) : undefined;
      if (needing !== undefined && error instanceof WorkbenchError && !asked.has(needing.name)) {
        let choice: MappingAnswer | null;
        try {
          choice = await mapColumns(needing, error);
        } catch (previewError) {
          showImportError(previewError);
          return;
        }
        if (choice === null) {
          useDialogStore.getState().setNotice(CANCELLED_NOTICE);
          return;
        }
        if (choice.sheet !== undefined && choice.sheet !== needing.sheet) {
          needing.sheet = choice.sheet;
          // An import named for its sheet follows the sheet chosen instead.
          if (needing.isNamedForSheet) needing.name = sheetEntryName(needing.file.name, choice.sheet);
        }
        asked.add(needing.name);
        if (choice.mapping !== undefined) mappings[needing.name] = choice.mapping;
        continue;
      }
      showImportError(error);
      return;
    }
  }
}

function showImportError(error: unknown): void {
  const file = error instanceof WorkbenchError ? error.file : undefined;
  useDialogStore.getState().showError({
    title: file === undefined ? 'Import failed' : `Could not import ${file}`,
    message: `${error instanceof Error ? error.message : String(error)} Nothing was imported; the workbench is unchanged.`,
    ...(file === undefined ? {} : { file }),
  });
}

export function cancelImport(): void {
  const { runningRequestId } = useImportStore.getState();
  if (runningRequestId === null) return;
  useImportStore.getState().setCancelling();
  db().cancel(runningRequestId);
}

/** What an import of this kind brought in, in the analyst's words: an iQuanta import holds figures, not records. */
const REMOVED_NOUN: Readonly<Record<string, string>> = { iquanta: 'iQuanta figures', respect: 'survey respondents', population: 'population figures' };

export async function removeImport(entry: ImportEntry): Promise<void> {
  const noun = REMOVED_NOUN[entry.kind] ?? 'records';
  // Records for police.uk and district imports; the aggregate kinds' rows are counted as values.
  const count = noun === 'records' ? entry.records - entry.restorable : entry.values;
  const n = (value: number): string => value.toLocaleString('en-GB');
  // Records it updated go back as the earlier import had them (record-versions.ts): say so before and after.
  const putBack = (restored: number): string => `${n(restored)} ${noun} it updated go back to how the earlier import had them`;
  let question = `Remove ${entry.file} and the ${n(count)} ${noun} that came with it?`;
  if (entry.restorable > 0) {
    question = count > 0
      ? `Remove ${entry.file}? The ${n(count)} ${noun} that came only with it are removed; the ${putBack(entry.restorable)}.`
      : `Remove ${entry.file}? The ${putBack(entry.restorable)}; none came only with it.`;
  }
  const isConfirmed = await askConfirm(question, 'Remove');
  if (!isConfirmed) return;
  try {
    const { removed, restored } = await command('import/remove', { importId: entry.id });
    await refreshInfo();
    let notice = `Removed ${entry.file} (${n(removed)} ${noun}).`;
    if (restored > 0) notice = removed > 0 ? `Removed ${entry.file} (${n(removed)} ${noun}); ${n(restored)} ${noun} it had updated are as the earlier import had them.` : `Removed ${entry.file}: the ${n(restored)} ${noun} it had updated are as the earlier import had them.`;
    useDialogStore.getState().setNotice(notice);
  } catch (error) {
    useDialogStore.getState().showError({
      title: `Could not remove ${entry.file}`,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * Every rejected row of the last import with its line, field and reason, then the row as it was in the
 * file (as the command line's --rejects writes it), for fixing and importing again.
 */
export async function saveRejects(reports: readonly ImportReport[]): Promise<void> {
  await saveCsv(rejectsToCsv(reports), 'import-rejects.csv');
}
