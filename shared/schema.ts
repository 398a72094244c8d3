/**
 * The workbench file's schema. A `.workbench` file is a plain SQLite database
 * carrying this schema; `meta.schema_version` says which migrations it has had.
 *
 * Dimensions are integer-coded with lookup tables: that halves file size and
 * makes the pivot scans 2-3x faster in sql.js (see shared/PERF-NOTES.md).
 */
import type { Database } from 'sql.js';

export const SCHEMA_VERSION = 1;
/** Written to SQLite's header (`PRAGMA application_id`): "CAWB". */
export const APPLICATION_ID = 0x43415742;
export const APP_NAME = 'Crime Analyst Workbench';

/** Source codes stored in `record.source`. */
export const SOURCE = { 'police-uk': 1, district: 2 } as const;
export type RecordSource = keyof typeof SOURCE;
/** Record type codes stored in `record.record_type`. */
export const RECORD_TYPE = { crime: 1, incident: 2 } as const;

/** Each migration takes the database from version (index) to version (index + 1). */
const MIGRATIONS: readonly string[] = [
  // 0 -> 1: the first schema.
  `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

  CREATE TABLE import (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    read_rows INTEGER NOT NULL,
    accepted INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    duplicate INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    imported_at TEXT NOT NULL
  );

  CREATE TABLE offence_group (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE crime_type (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    offence_group_id INTEGER REFERENCES offence_group(id)
  );
  CREATE TABLE district (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE ward (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    district_id INTEGER NOT NULL REFERENCES district(id),
    UNIQUE (name, district_id)
  );
  CREATE TABLE lsoa (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT,
    district_id INTEGER REFERENCES district(id)
  );
  CREATE TABLE age_band (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, sort_order INTEGER NOT NULL);
  CREATE TABLE outcome (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE location (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);

  -- One row per recorded crime or incident.
  -- month: months since year 0 (year * 12 + month - 1), so arithmetic on
  -- periods (previous month, same month last year) is integer subtraction.
  -- day: days since 1970-01-01, only where the extract gives a date.
  -- record_key: 128-bit digest of the source's identity for the record;
  -- content_hash: digest of its content, to tell an update from a duplicate.
  CREATE TABLE record (
    id INTEGER PRIMARY KEY,
    record_key BLOB NOT NULL UNIQUE,
    import_id INTEGER NOT NULL REFERENCES import(id),
    source INTEGER NOT NULL,
    record_type INTEGER NOT NULL,
    month INTEGER NOT NULL,
    day INTEGER,
    hour INTEGER,
    crime_type_id INTEGER NOT NULL REFERENCES crime_type(id),
    district_id INTEGER NOT NULL REFERENCES district(id),
    ward_id INTEGER REFERENCES ward(id),
    lsoa_id INTEGER REFERENCES lsoa(id),
    location_id INTEGER REFERENCES location(id),
    outcome_id INTEGER REFERENCES outcome(id),
    easting REAL,
    northing REAL,
    latitude REAL,
    longitude REAL,
    victim_pseudonym TEXT,
    age_band_id INTEGER REFERENCES age_band(id),
    sex INTEGER,
    domestic INTEGER,
    hate INTEGER,
    alcohol INTEGER,
    content_hash BLOB
  );
  -- Covering indexes for the pivots analysts run most: crime type by
  -- district by month, and a month range sliced by the other two.
  CREATE INDEX record_by_type_district_month ON record (crime_type_id, district_id, month, source, record_type);
  CREATE INDEX record_by_month ON record (month, district_id, crime_type_id);
  CREATE INDEX record_by_import ON record (import_id);

  CREATE TABLE saved_view (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    spec TEXT NOT NULL,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL
  );
  `,
];

export const META_KEYS = {
  schemaVersion: 'schema_version',
  appVersion: 'app_version',
  createdAt: 'created_at',
  modifiedAt: 'modified_at',
  workbenchId: 'workbench_id',
} as const;

export function readMeta(db: Database, key: string): string | null {
  const result = db.exec('SELECT value FROM meta WHERE key = ?', [key]);
  const value = result[0]?.values[0]?.[0];
  return typeof value === 'string' ? value : null;
}

export function writeMeta(db: Database, key: string, value: string): void {
  db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [
    key,
    value,
  ]);
}

/**
 * Brings a database up to SCHEMA_VERSION, one migration at a time, each in its
 * own transaction so a failure leaves the database at the last good version.
 */
export function migrate(db: Database, fromVersion: number): void {
  for (let version = fromVersion; version < SCHEMA_VERSION; version++) {
    const sql = MIGRATIONS[version];
    if (sql === undefined) throw new Error(`No migration from schema version ${version}`);
    db.run('BEGIN');
    try {
      db.run(sql);
      db.run('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
      writeMeta(db, META_KEYS.schemaVersion, String(version + 1));
      db.run('COMMIT');
    } catch (error) {
      db.run('ROLLBACK');
      throw error;
    }
  }
}
