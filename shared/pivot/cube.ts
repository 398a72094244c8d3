/**
 * An aggregate cube at the grain analysts pivot most (crime type, district,
 * month, source, record type, victim age band). At 1M records a pivot from
 * the cube takes milliseconds where a scan of `record` takes seconds in
 * sql.js (shared/PERF-NOTES.md). It is derived data: rebuilt after imports,
 * and ignored whenever its signature no longer matches the records.
 */
import type { Database } from 'sql.js';
import { ensureNearRepeatColumn } from '../analytics/near-repeat-column';
import type { Dimension } from './dimensions';

export const CUBE_DIMENSIONS: ReadonlySet<Dimension> = new Set<Dimension>([
  'crime_type',
  'offence_group',
  'district',
  'month',
  'quarter',
  'fin_year',
  'year',
  'source',
  'record_type',
  'age_band',
]);

const CUBE_DDL = `
  CREATE TABLE IF NOT EXISTS record_cube (
    crime_type_id INTEGER NOT NULL,
    district_id INTEGER NOT NULL,
    month INTEGER NOT NULL,
    source INTEGER NOT NULL,
    record_type INTEGER NOT NULL,
    age_band_id INTEGER,
    n INTEGER NOT NULL
  )`;

/** Changes whenever records are added, updated (a new import) or removed. */
function recordsSignature(db: Database): string {
  const row = db.exec('SELECT (SELECT COUNT(*) FROM record), (SELECT MAX(id) FROM import)')[0]?.values[0];
  return `${String(row?.[0] ?? 0)}:${String(row?.[1] ?? 0)}`;
}

function cubeSignature(db: Database): string | null {
  const row = db.exec("SELECT value FROM meta WHERE key = 'cube_signature'")[0]?.values[0];
  return typeof row?.[0] === 'string' ? row[0] : null;
}

export function isCubeCurrent(db: Database): boolean {
  return cubeSignature(db) === recordsSignature(db);
}

/**
 * Marks the cube stale after a change its signature cannot see (records
 * banded again into new age bands): the next pivot that reads it rebuilds it.
 */
export function invalidateCube(db: Database): void {
  db.run("DELETE FROM meta WHERE key = 'cube_signature'");
}

/** Rebuilds the cube from the records (inside the caller's transaction, if any). */
export function refreshCube(db: Database): void {
  db.run('SAVEPOINT refresh_cube');
  try {
    db.run(CUBE_DDL);
    db.run('DELETE FROM record_cube');
    db.run(
      `INSERT INTO record_cube (crime_type_id, district_id, month, source, record_type, age_band_id, n)
       SELECT crime_type_id, district_id, month, source, record_type, age_band_id, COUNT(*)
       FROM record GROUP BY crime_type_id, district_id, month, source, record_type, age_band_id`,
    );
    db.run(
      `INSERT INTO meta (key, value) VALUES ('cube_signature', ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      [recordsSignature(db)],
    );
    db.run('RELEASE refresh_cube');
  } catch (error) {
    db.run('ROLLBACK TO refresh_cube');
    db.run('RELEASE refresh_cube');
    throw error;
  }
}

/**
 * The table a pivot over these dimensions should read: the cube when it can
 * answer and is current (rebuilt here when stale), else the records.
 */
export function pivotSource(db: Database, dimensions: readonly Dimension[]): { table: string; count: string } {
  // The near-repeat flag is derived data too: refilled if the records changed since (e.g. an import removed).
  if (dimensions.includes('near_repeat')) ensureNearRepeatColumn(db);
  if (dimensions.every((d) => CUBE_DIMENSIONS.has(d))) {
    if (!isCubeCurrent(db)) refreshCube(db);
    return { table: 'record_cube', count: 'SUM(r.n)' };
  }
  return { table: 'record', count: 'COUNT(*)' };
}
