/** What a workbench holds: the `info` command and the Data panel. */
import type { Database } from 'sql.js';
import { forgetReads } from './write-count';
import { formatMonth } from './periods';
import { invalidateNearRepeatColumn } from './analytics/near-repeat-column';
import { restorableCounts, restoreReplacedRecords } from './record-versions';
import { beginRecordWrite, finishRemovalTally, readRecordTally } from './record-tally';
import { SOURCE, readMeta } from './schema';
import { type WorkbenchUpgrade, readWorkbenchMeta, workbenchUpgrade } from './workbench';

export interface ImportEntry {
  id: number;
  file: string;
  size: number;
  sha256: string;
  kind: string;
  read: number;
  accepted: number;
  rejected: number;
  duplicate: number;
  updated: number;
  at: string;
  /** Records that still point at this import (an update moves a record to the newer import). */
  records: number;
  /** Of those, the records it updated: removing the import puts them back as the earlier import had them. */
  restorable: number;
  /** Rows of the aggregate extracts (iQuanta values, survey respondents, population figures) from this import. */
  values: number;
}

export interface WorkbenchInfo {
  schemaVersion: number;
  appVersion: string;
  workbenchId: string;
  createdAt: string;
  modifiedAt: string;
  records: number;
  sources: Record<string, number>;
  imports: ImportEntry[];
  dateRange: { from: string; to: string } | null;
  /** Rows held from the aggregate extracts. */
  aggregates: { iquantaValues: number; surveyRespondents: number; populationRows: number };
  /** True for the generated demo workbench: the app labels it synthetic. */
  isSynthetic: boolean;
  description: string | null;
  /** Present when opening brought a file saved in an older format up to date (until it is saved). */
  upgrade?: WorkbenchUpgrade;
}

function count(db: Database, sql: string): number {
  return Number(db.exec(sql)[0]?.values[0]?.[0] ?? 0);
}

/** Records in all, per source (ascending code) and per import: from the tally when it is current, else counted. */
function recordCounts(db: Database): { records: number; bySource: [number, number][]; byImport: Map<number, number> | null } {
  const tally = readRecordTally(db);
  if (tally === null) {
    return {
      records: Number(db.exec('SELECT COUNT(*) FROM record')[0]?.values[0]?.[0] ?? 0),
      bySource: (db.exec('SELECT source, COUNT(*) FROM record GROUP BY source')[0]?.values ?? []).map(([code, n]) => [Number(code), Number(n)]),
      byImport: null,
    };
  }
  const bySource = new Map<number, number>();
  const byImport = new Map<number, number>();
  let records = 0;
  for (const row of tally) {
    records += row.records;
    bySource.set(row.source, (bySource.get(row.source) ?? 0) + row.records);
    byImport.set(row.importId, (byImport.get(row.importId) ?? 0) + row.records);
  }
  return { records, bySource: [...bySource].sort((a, b) => a[0] - b[0]), byImport };
}

export function workbenchInfo(db: Database): WorkbenchInfo {
  const meta = readWorkbenchMeta(db);
  const counts = recordCounts(db);
  const records = counts.records;
  const sources: Record<string, number> = {};
  const sourceNames = new Map<number, string>(Object.entries(SOURCE).map(([name, code]) => [code, name]));
  for (const [code, count] of counts.bySource) {
    sources[sourceNames.get(code) ?? `source ${String(code)}`] = count;
  }
  // Per import: the tally's count, or (without a current tally) counted through the import_id index.
  const perImport = counts.byImport === null ? '(SELECT COUNT(*) FROM record r WHERE r.import_id = i.id)' : '0';
  const restorable = restorableCounts(db);
  const imports: ImportEntry[] = (
    db.exec(
      `SELECT i.id, i.file_name, i.file_size, i.sha256, i.kind, i.read_rows, i.accepted, i.rejected, i.duplicate,
              i.updated, i.imported_at, ${perImport},
              (SELECT COUNT(*) FROM iquanta_value v WHERE v.import_id = i.id)
                + (SELECT COUNT(*) FROM survey_respondent s WHERE s.import_id = i.id)
                + (SELECT COUNT(*) FROM population p WHERE p.import_id = i.id)
       FROM import i ORDER BY i.id`,
    )[0]?.values ?? []
  ).map((row) => ({
    id: Number(row[0]),
    file: String(row[1]),
    size: Number(row[2]),
    sha256: String(row[3]),
    kind: String(row[4]),
    read: Number(row[5]),
    accepted: Number(row[6]),
    rejected: Number(row[7]),
    duplicate: Number(row[8]),
    updated: Number(row[9]),
    at: String(row[10]),
    records: counts.byImport === null ? Number(row[11]) : (counts.byImport.get(Number(row[0])) ?? 0),
    restorable: restorable.get(Number(row[0])) ?? 0,
    values: Number(row[12]),
  }));
  const range = db.exec('SELECT (SELECT MIN(month) FROM record), (SELECT MAX(month) FROM record)')[0]?.values[0];
  const dateRange =
    range?.[0] === null || range?.[0] === undefined
      ? null
      : { from: formatMonth(Number(range[0])), to: formatMonth(Number(range[1])) };
  const upgrade = workbenchUpgrade(db);
  return {
    ...(upgrade === null ? {} : { upgrade }),
    schemaVersion: meta.schemaVersion,
    appVersion: meta.appVersion,
    workbenchId: meta.workbenchId,
    createdAt: meta.createdAt,
    modifiedAt: meta.modifiedAt,
    records,
    sources,
    imports,
    dateRange,
    isSynthetic: readMeta(db, 'synthetic') === 'true',
    description: readMeta(db, 'description'),
    aggregates: {
      iquantaValues: count(db, 'SELECT COUNT(*) FROM iquanta_value'),
      surveyRespondents: count(db, 'SELECT COUNT(*) FROM survey_respondent'),
      populationRows: count(db, 'SELECT COUNT(*) FROM population'),
    },
  };
}

/** One kind of change an import made to records already there: a field, its value before and after, and how many records. */
export interface FieldChange {
  field: string;
  /** As logged: coded fields by name, dates as yyyy-mm-dd; null for empty (and always for the victim, logged as a marker only). */
  from: string | null;
  to: string | null;
  records: number;
}

/** What an import's updates changed (district extracts log each field; police.uk updates keep no field log). */
export interface ImportChanges {
  /** Records with at least one change logged. */
  records: number;
  /** The most common changes first, at most `limit`. */
  changes: FieldChange[];
  /** Kinds of change past the limit. */
  more: number;
}

export function importChanges(db: Database, importId: number, limit = 20): ImportChanges {
  const records = Number(db.exec('SELECT COUNT(DISTINCT record_id) FROM record_change WHERE import_id = ?', [importId])[0]?.values[0]?.[0] ?? 0);
  const groups = (
    db.exec(
      `SELECT field, old_value, new_value, COUNT(*) FROM record_change WHERE import_id = ?
       GROUP BY field, old_value, new_value ORDER BY COUNT(*) DESC, field, old_value, new_value`,
      [importId],
    )[0]?.values ?? []
  ).map((row) => ({
    field: String(row[0]),
    from: row[1] === null || row[1] === undefined ? null : String(row[1]),
    to: row[2] === null || row[2] === undefined ? null : String(row[2]),
    records: Number(row[3]),
  }));
  return { records, changes: groups.slice(0, limit), more: Math.max(0, groups.length - limit) };
}

/**
 * Removes one import and everything that still points at it (records,
 * iQuanta values, survey respondents and their answers, population figures,
 * and its change log), in one transaction; records it updated are put back as
 * they were before it (record-versions.ts). Returns the records and rows
 * removed, and the records put back.
 */
export function removeImport(db: Database, importId: number): { removed: number; restored: number } {
  db.run('SAVEPOINT remove_import');
  try {
    const tally = beginRecordWrite(db);
    // Records it updated go back as the earlier import had them; what it still holds after that, it brought.
    const restored = restoreReplacedRecords(db, importId);
    if (restored > 0) invalidateNearRepeatColumn(db);
    db.run(
      'DELETE FROM record_change WHERE import_id = ? OR record_id IN (SELECT id FROM record WHERE import_id = ?)',
      [importId, importId],
    );
    let removed = 0;
    for (const table of ['record', 'iquanta_value', 'survey_respondent', 'population'] as const) {
      db.run(`DELETE FROM ${table} WHERE import_id = ?`, [importId]);
      removed += db.getRowsModified();
    }
    db.run('DELETE FROM import WHERE id = ?', [importId]);
    finishRemovalTally(db, tally, importId);
    db.run('RELEASE remove_import');
    return { removed, restored };
  } catch (error) {
    db.run('ROLLBACK TO remove_import');
    forgetReads(db);
    db.run('RELEASE remove_import');
    throw error;
  }
}
