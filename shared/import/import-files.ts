/**
 * The import pipeline: every file of a batch in one transaction, so a
 * failure or Cancel leaves the workbench exactly as it was.
 */
import type { Database } from 'sql.js';
import { WorkbenchError } from '../errors';
import { sha256Hex } from '../hash';
import { PoliceUkRowWriter, isPoliceUkHeader } from './police-uk';
import { decodeText, isBlankRow, parseCsvRows } from './text';
import type { ImportFileInput, ImportKind, ImportOptions, ImportReport } from './types';

/** Rows written between progress reports and cancel checks. */
const CHUNK_ROWS = 2_000;

/** Lets queued messages (Cancel) through between chunks. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function detectKind(header: readonly string[]): ImportKind | null {
  if (isPoliceUkHeader(header)) return 'police-uk';
  return null;
}

export async function importFiles(
  db: Database,
  files: readonly ImportFileInput[],
  options: ImportOptions = {},
): Promise<ImportReport[]> {
  const now = (options.now ?? new Date()).toISOString();
  const reports: ImportReport[] = [];
  db.run('SAVEPOINT import_batch');
  try {
    for (const [fileIndex, file] of files.entries()) {
      reports.push(await importOneFile(db, file, fileIndex, files.length, options, now));
    }
    db.run('RELEASE import_batch');
    return reports;
  } catch (error) {
    db.run('ROLLBACK TO import_batch');
    db.run('RELEASE import_batch');
    throw error;
  }
}

async function importOneFile(
  db: Database,
  file: ImportFileInput,
  fileIndex: number,
  fileCount: number,
  options: ImportOptions,
  now: string,
): Promise<ImportReport> {
  const decoded = decodeText(file.bytes, file.name);
  const rows = parseCsvRows(decoded.text);
  const header = rows[0];
  if (header === undefined || isBlankRow(header)) {
    throw new WorkbenchError({ code: 'bad-input', file: file.name, line: 1, message: `${file.name} is empty.` });
  }
  const kind = options.kind ?? detectKind(header);
  if (kind === null) {
    throw new WorkbenchError({
      code: 'bad-input',
      file: file.name,
      line: 1,
      message: `${file.name} line 1: the header does not match any extract the workbench reads (police.uk street-level CSV expected: ${'"Crime ID,Month,Reported by,Falls within,..."'}).`,
    });
  }
  if (kind !== 'police-uk') {
    throw new WorkbenchError({
      code: 'bad-input',
      file: file.name,
      message: `${file.name}: importing ${kind} extracts is not available in this version.`,
    });
  }
  if (!isPoliceUkHeader(header)) {
    throw new WorkbenchError({
      code: 'bad-input',
      file: file.name,
      line: 1,
      field: 'header',
      message: `${file.name} line 1: this is not a police.uk street-level header (it needs Crime ID, Month, Falls within and Crime type).`,
    });
  }

  const sha256 = sha256Hex(file.bytes);
  db.run(
    `INSERT INTO import (file_name, file_size, sha256, kind, read_rows, accepted, rejected, duplicate, updated, imported_at)
     VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, ?)`,
    [file.name, file.bytes.length, sha256, kind, now],
  );
  const importId = Number(db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0]);
  const report: ImportReport = {
    file: file.name,
    kind,
    sha256,
    read: 0,
    accepted: 0,
    rejected: 0,
    duplicate: 0,
    updated: 0,
    rejects: [],
    warnings: decoded.warnings,
  };

  let writer: PoliceUkRowWriter;
  try {
    writer = new PoliceUkRowWriter(db, header, file.name, importId);
  } catch (error) {
    throw new WorkbenchError({
      code: 'bad-input',
      file: file.name,
      line: 1,
      message: error instanceof Error ? error.message : String(error),
    });
  }
  const dataRows = rows.length - 1;
  try {
    for (let start = 1; start < rows.length; start += CHUNK_ROWS) {
      if (options.isCancelled?.()) {
        throw new WorkbenchError({ code: 'cancelled', message: 'Import cancelled: the workbench is as it was.' });
      }
      const end = Math.min(rows.length, start + CHUNK_ROWS);
      for (let index = start; index < end; index++) {
        const row = rows[index] ?? [];
        if (isBlankRow(row)) continue;
        report.read++;
        const outcome = writer.write(row, index + 1);
        if (outcome.status === 'rejected') {
          report.rejected++;
          if (outcome.reject) report.rejects.push(outcome.reject);
        } else report[outcome.status]++;
      }
      options.onProgress?.({ file: file.name, fileIndex, fileCount, rowsDone: end - 1, rowsTotal: dataRows });
      await yieldToEventLoop();
    }
  } finally {
    writer.close();
  }
  if (options.isCancelled?.()) {
    throw new WorkbenchError({ code: 'cancelled', message: 'Import cancelled: the workbench is as it was.' });
  }
  db.run('UPDATE import SET read_rows = ?, accepted = ?, rejected = ?, duplicate = ?, updated = ? WHERE id = ?', [
    report.read,
    report.accepted,
    report.rejected,
    report.duplicate,
    report.updated,
    importId,
  ]);
  return report;
}
