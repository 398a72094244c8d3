/**
 * The versions of records that later imports replaced. An import that
 * updates a record (a corrected or overlapping extract) first keeps the
 * record as it stood, so removing that import puts the record back as the
 * earlier import had it instead of deleting a record the earlier import
 * still vouches for.
 *
 * Each kept version says which import replaced it (`replaced_by`) and which
 * import it came from (`import_id`). Per record they form a chain, oldest
 * first; removing an import splices it out of every chain:
 * - a record it holds now goes back to the version it replaced (or, when it
 *   replaced none, it brought the record and the record goes);
 * - a version of its own that a later import replaced gives way to the
 *   version it had replaced in turn (or, when none, simply goes).
 *
 * The table is made the first time an import updates a record, inside that
 * import's transaction: workbenches that never had an update carry none.
 * Updates made by builds before it kept no versions: removing such an import
 * still deletes the records it holds.
 */
import type { Database, Statement } from 'sql.js';
import { bandRecordAges } from './age-bands';

/** The record's columns a kept version holds: all but its id and key, which an update never changes. */
const VERSION_COLUMN_NAMES = [
  'import_id', 'source', 'record_type', 'month', 'day', 'hour', 'crime_type_id', 'district_id', 'ward_id',
  'lsoa_id', 'location_id', 'outcome_id', 'easting', 'northing', 'latitude', 'longitude', 'victim_pseudonym',
  'age_band_id', 'sex', 'domestic', 'hate', 'alcohol', 'content_hash', 'reported_day', 'offence_code',
  'hate_strand_id', 'asb_category_id', 'victim_age', 'offender_age_band',
] as const;
const VERSION_COLUMNS = VERSION_COLUMN_NAMES.join(', ');

const CREATE_VERSIONS = `
  CREATE TABLE IF NOT EXISTS record_before (
    replaced_by INTEGER NOT NULL,
    record_id INTEGER NOT NULL,
    import_id INTEGER NOT NULL,
    source INTEGER NOT NULL,
    record_type INTEGER NOT NULL,
    month INTEGER NOT NULL,
    day INTEGER,
    hour INTEGER,
    crime_type_id INTEGER NOT NULL,
    district_id INTEGER NOT NULL,
    ward_id INTEGER,
    lsoa_id INTEGER,
    location_id INTEGER,
    outcome_id INTEGER,
    easting REAL,
    northing REAL,
    latitude REAL,
    longitude REAL,
    victim_pseudonym TEXT,
    age_band_id INTEGER,
    sex INTEGER,
    domestic INTEGER,
    hate INTEGER,
    alcohol INTEGER,
    content_hash BLOB,
    reported_day INTEGER,
    offence_code TEXT,
    hate_strand_id INTEGER,
    asb_category_id INTEGER,
    victim_age INTEGER,
    offender_age_band TEXT,
    PRIMARY KEY (replaced_by, record_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS record_before_by_import ON record_before (import_id);`;

function hasVersions(db: Database): boolean {
  return db.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'record_before'").length > 0;
}

/**
 * Keeps a record as it stands before an import updates it. Prepared once
 * per import (on its first update: most imports have none).
 */
export class RecordVersionKeeper {
  private statement: Statement | null = null;

  constructor(
    private readonly db: Database,
    private readonly importId: number,
  ) {}

  /**
   * Call before updating the record. A record this import already holds
   * (the same reference twice in one file) keeps the version it replaced
   * first, not its own.
   */
  keep(recordId: number): void {
    if (this.statement === null) {
      this.db.exec(CREATE_VERSIONS);
      this.statement = this.db.prepare(
        `INSERT OR IGNORE INTO record_before (replaced_by, record_id, ${VERSION_COLUMNS})
         SELECT ?, id, ${VERSION_COLUMNS} FROM record WHERE id = ? AND import_id <> ?`,
      );
    }
    this.statement.run([this.importId, recordId, this.importId]);
  }

  free(): void {
    this.statement?.free();
    this.statement = null;
  }
}

/** Per import, the records it holds that it updated: removing it puts them back as they were. */
export function restorableCounts(db: Database): Map<number, number> {
  const counts = new Map<number, number>();
  if (!hasVersions(db)) return counts;
  const rows = db.exec(
    `SELECT v.replaced_by, COUNT(*) FROM record_before v JOIN record r ON r.id = v.record_id AND r.import_id = v.replaced_by
     GROUP BY v.replaced_by`,
  )[0]?.values;
  for (const [importId, records] of rows ?? []) counts.set(Number(importId), Number(records));
  return counts;
}

/**
 * Takes one import out of the records' version chains (inside the caller's
 * transaction): the records it holds that it had updated go back to the
 * versions they replaced, and its own versions that later imports replaced
 * give way to the versions before them. Returns how many records were put
 * back. The records it still holds afterwards are the ones it brought, for
 * the caller to delete.
 */
export function restoreReplacedRecords(db: Database, importId: number): number {
  if (!hasVersions(db)) return 0;
  // Its own versions that a later import replaced: the version it had replaced in turn takes their place
  // (same key: the later import and the record), or, when it replaced none, they go.
  db.run(
    `INSERT OR REPLACE INTO record_before (replaced_by, record_id, ${VERSION_COLUMNS})
     SELECT later.replaced_by, earlier.record_id, ${prefixed('earlier')}
     FROM record_before earlier JOIN record_before later ON later.record_id = earlier.record_id AND later.import_id = ?1
     WHERE earlier.replaced_by = ?1`,
    [importId],
  );
  db.run('DELETE FROM record_before WHERE replaced_by = ?1 AND record_id NOT IN (SELECT id FROM record WHERE import_id = ?1)', [importId]);
  db.run('DELETE FROM record_before WHERE import_id = ?1', [importId]);
  // The records it holds and had updated: back as they were. Their near-repeat flags are filled again
  // (the caller's job: the flags' signature need not change) and ages are banded with today's band set.
  db.run(
    `UPDATE record SET ${VERSION_COLUMN_NAMES.map((column) => `${column} = v.${column}`).join(', ')}, near_repeat = NULL
     FROM record_before v WHERE v.replaced_by = ?1 AND v.record_id = record.id`,
    [importId],
  );
  const restored = db.getRowsModified();
  if (restored > 0) bandRecordAges(db, 'id IN (SELECT record_id FROM record_before WHERE replaced_by = ?)', [importId]);
  db.run('DELETE FROM record_before WHERE replaced_by = ?1', [importId]);
  return restored;
}

/** VERSION_COLUMNS read from a table alias. */
function prefixed(alias: string): string {
  return VERSION_COLUMN_NAMES.map((column) => `${alias}.${column}`).join(', ');
}
