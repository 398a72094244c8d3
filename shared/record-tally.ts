/**
 * Records per import and source, kept in a small table so the workbench
 * info the Open command returns need not count the records: at a million,
 * COUNT(*) ... GROUP BY source (no index has the source) took 0.3 s and the
 * per-import counts another 50 ms.
 *
 * The tally is kept in the same transaction as every write to the records,
 * so it rolls back with them (a failed or cancelled import):
 * - an import adds the records it inserted (its accepted count) under its
 *   kind's source: the importers insert with that source as a literal;
 * - a trigger moves one record's count when an update changes its import
 *   or source (a re-import updating records that an older import brought);
 * - removing an import drops its rows.
 * A stamp written with it (the record count, the last record id and the
 * last import id) says what it counted. When the stamp does not match the
 * records (a workbench saved before the tally, or records written some other
 * way), readers count the records instead and the next import or removal
 * counts them again, so a wrong number is never shown.
 */
import type { Database } from 'sql.js';
import type { ImportKind } from './import/types';
import { SOURCE, readMeta, writeMeta } from './schema';

const STAMP_KEY = 'record_tally';

const CREATE_TALLY = `
  CREATE TABLE IF NOT EXISTS record_tally (
    import_id INTEGER NOT NULL,
    source INTEGER NOT NULL,
    records INTEGER NOT NULL,
    PRIMARY KEY (import_id, source)
  ) WITHOUT ROWID;
  CREATE TRIGGER IF NOT EXISTS record_tally_move AFTER UPDATE OF import_id, source ON record
  WHEN OLD.import_id IS NOT NEW.import_id OR OLD.source IS NOT NEW.source
  BEGIN
    UPDATE record_tally SET records = records - 1 WHERE import_id = OLD.import_id AND source = OLD.source;
    INSERT INTO record_tally (import_id, source, records) VALUES (NEW.import_id, NEW.source, 1)
      ON CONFLICT (import_id, source) DO UPDATE SET records = records + 1;
  END;`;

/** The source the records an import of this kind inserts carry (the kinds that write records at all). */
const INSERTED_SOURCE: Partial<Record<ImportKind, number>> = {
  district: SOURCE.district,
  'police-uk': SOURCE['police-uk'],
};

export interface TallyRow {
  importId: number;
  source: number;
  records: number;
}

/** What the tally counts: the records, the last record id and the last import id. COUNT(*) reads the smallest index (3 ms at 1M). */
function currentStamp(db: Database): string {
  const row = db.exec('SELECT (SELECT COUNT(*) FROM record), (SELECT MAX(id) FROM record), (SELECT MAX(id) FROM import)')[0]?.values[0] ?? [];
  return row.map((v) => String(v ?? 0)).join(':');
}

function hasTally(db: Database): boolean {
  const found = db.exec("SELECT COUNT(*) FROM sqlite_master WHERE (type = 'table' AND name = 'record_tally') OR (type = 'trigger' AND name = 'record_tally_move')");
  return Number(found[0]?.values[0]?.[0] ?? 0) === 2;
}

/** True when the tally counts the records as they are now. */
function isCurrent(db: Database): boolean {
  return hasTally(db) && readMeta(db, STAMP_KEY) === currentStamp(db);
}

/** The tally's rows when it counts the records as they are now; null when they must be counted (it is stale or absent). */
export function readRecordTally(db: Database): TallyRow[] | null {
  if (!isCurrent(db)) return null;
  return (db.exec('SELECT import_id, source, records FROM record_tally WHERE records <> 0 ORDER BY import_id, source')[0]?.values ?? []).map((row) => ({
    importId: Number(row[0]),
    source: Number(row[1]),
    records: Number(row[2]),
  }));
}

/** Counts every record again (one scan) and stamps the tally. */
export function recountRecordTally(db: Database): void {
  db.exec(CREATE_TALLY);
  db.run('DELETE FROM record_tally');
  db.run('INSERT INTO record_tally (import_id, source, records) SELECT import_id, source, COUNT(*) FROM record NOT INDEXED GROUP BY import_id, source');
  writeMeta(db, STAMP_KEY, currentStamp(db));
}

/** The tally as a write to the records began: whether it was current, and the imports there were. */
export interface TallyStart {
  current: boolean;
  lastImportId: number;
}

/**
 * To be called inside the write's transaction, before it writes: makes sure
 * the table and its trigger exist (so updates during the write are counted)
 * and notes whether the tally was current. An empty record table is counted
 * by an empty tally.
 */
export function beginRecordWrite(db: Database): TallyStart {
  let current = isCurrent(db);
  if (!current && Number(db.exec('SELECT COUNT(*) FROM record')[0]?.values[0]?.[0] ?? 0) === 0) {
    db.exec(CREATE_TALLY);
    db.run('DELETE FROM record_tally');
    current = true;
  } else if (!hasTally(db)) {
    db.exec(CREATE_TALLY);
  }
  const lastImportId = Number(db.exec('SELECT MAX(id) FROM import')[0]?.values[0]?.[0] ?? 0);
  return { current, lastImportId };
}

/**
 * After an import's records are written (same transaction): adds each new
 * import's inserted records; updates were counted by the trigger. Counts
 * every record instead when the tally was not current, or when the sum does
 * not come to the record count (records inserted some way this does not know).
 */
export function finishImportTally(db: Database, start: TallyStart): void {
  if (!start.current) {
    recountRecordTally(db);
    return;
  }
  const added = db.exec('SELECT id, kind, accepted FROM import WHERE id > ? ORDER BY id', [start.lastImportId])[0]?.values ?? [];
  for (const [id, kind, accepted] of added) {
    const source = INSERTED_SOURCE[String(kind) as ImportKind];
    if (source === undefined || Number(accepted) === 0) continue;
    db.run(
      `INSERT INTO record_tally (import_id, source, records) VALUES (?, ?, ?)
       ON CONFLICT (import_id, source) DO UPDATE SET records = records + excluded.records`,
      [Number(id), source, Number(accepted)],
    );
  }
  const tallied = Number(db.exec('SELECT TOTAL(records) FROM record_tally')[0]?.values[0]?.[0] ?? 0);
  const records = Number(db.exec('SELECT COUNT(*) FROM record')[0]?.values[0]?.[0] ?? 0);
  if (tallied !== records) {
    recountRecordTally(db);
    return;
  }
  writeMeta(db, STAMP_KEY, currentStamp(db));
}

/** After an import and its records are removed (same transaction): drops its rows, or counts every record when the tally was not current. */
export function finishRemovalTally(db: Database, start: TallyStart, importId: number): void {
  if (!start.current) {
    recountRecordTally(db);
    return;
  }
  db.run('DELETE FROM record_tally WHERE import_id = ?', [importId]);
  writeMeta(db, STAMP_KEY, currentStamp(db));
}
