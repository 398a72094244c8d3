/**
 * Small helpers the importer's and the pivot's unit tests share.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { expect } from 'vitest';
import { WorkbenchError } from '../../shared/errors';
import { importFiles } from '../../shared/import/import-files';
import type { ImportKind } from '../../shared/import/types';
import { createWorkbench } from '../../shared/workbench';

/** The WorkbenchError a promise rejects with (anything else fails the test). */
export async function errorOf(promise: Promise<unknown>): Promise<WorkbenchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkbenchError) return error;
    throw error;
  }
  throw new Error('expected a WorkbenchError');
}

/** A new workbench with each text file imported, none of their rows rejected. */
export async function workbenchOf(SQL: SqlJsStatic, files: { name: string; text: string; kind?: ImportKind }[]): Promise<Database> {
  const db = createWorkbench(SQL);
  for (const file of files) {
    const reports = await importFiles(db, [{ name: file.name, bytes: new TextEncoder().encode(file.text) }], file.kind === undefined ? {} : { kind: file.kind });
    for (const report of reports) expect(report.rejected, `${file.name} rejected rows`).toBe(0);
  }
  return db;
}
