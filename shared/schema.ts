/**
 * The workbench file's schema. A `.workbench` file is a plain SQLite database
 * carrying this schema; `meta.schema_version` says which migrations it has had.
 *
 * Dimensions are integer-coded with lookup tables: that halves file size and
 * makes the pivot scans 2-3x faster in sql.js (see shared/PERF-NOTES.md).
 */
import type { Database } from 'sql.js';
import { forgetReads } from './write-count';
import { populationBandRange } from './population-ages';
import { PROFILE_DDL } from './profile/schema';

export const SCHEMA_VERSION = 4;
/** Written to SQLite's header (`PRAGMA application_id`): "CAWB". */
export const APPLICATION_ID = 0x43415742;
export const APP_NAME = 'Crime Analyst Workbench';

/** Source codes stored in `record.source`. */
export const SOURCE = { 'police-uk': 1, district: 2 } as const;
export type RecordSource = keyof typeof SOURCE;
/** Record type codes stored in `record.record_type`. */
export const RECORD_TYPE = { crime: 1, incident: 2 } as const;

/** Each migration takes the database from version (index) to version (index + 1): SQL, or a step that needs code. */
const MIGRATIONS: readonly (string | ((db: Database) => void))[] = [
  // 0 -> 1: the first schema.
  (db) => {
    db.run(FIRST_SCHEMA_DDL);
    db.run(DEFAULT_AGE_BANDS_SQL);
  },
  // 1 -> 2: the near-repeat flag of each record (1 yes, 0 no, null not assessed),
  // derived after import by shared/analytics/near-repeat-column.ts so the pivot can use it.
  // Files saved at version 1 by the earliest builds lack what was later added to the first
  // schema: completeFirstSchema brings them to its final shape first.
  (db) => {
    completeFirstSchema(db);
    db.run('ALTER TABLE record ADD COLUMN near_repeat INTEGER;');
  },
  // 2 -> 3: population bands are ranges on the population rows (min_age, max_age;
  // max null = open-ended), no longer rows of the victim band set.
  migratePopulationBands,
  // 3 -> 4: the source's own reference for each record (a district extract's crime or incident
  // reference, police.uk's Crime ID), so the records behind a figure can be looked up where they
  // came from. Records imported before it have none until their extract is imported again.
  (db) => {
    db.run('ALTER TABLE record ADD COLUMN record_ref TEXT;');
    if (db.exec('SELECT 1 FROM record LIMIT 1').length > 0) writeMeta(db, META_KEYS.recordsWithoutRef, '1');
  },
];

/**
 * The first schema (version 1) as it finally stood. The earliest builds saved version 1 files
 * with less of it (completeFirstSchema), so every statement here must stay one that can be run
 * again with IF NOT EXISTS.
 */
const FIRST_SCHEMA_DDL = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

  CREATE TABLE IF NOT EXISTS import (
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

  CREATE TABLE IF NOT EXISTS offence_group (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE IF NOT EXISTS crime_type (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    offence_group_id INTEGER REFERENCES offence_group(id)
  );
  -- ons_code: the local authority's ONS code where known (E07000174 is
  -- Mansfield), so population estimates match on code before name.
  CREATE TABLE IF NOT EXISTS district (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, ons_code TEXT);
  CREATE TABLE IF NOT EXISTS ward (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    district_id INTEGER NOT NULL REFERENCES district(id),
    UNIQUE (name, district_id)
  );
  CREATE TABLE IF NOT EXISTS lsoa (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT,
    district_id INTEGER REFERENCES district(id)
  );
  -- The victim age band set (editable; see shared/age-bands.ts). min_age and
  -- max_age (inclusive; max null = open-ended) let ages, including the single
  -- years of population estimates, be banded by a join; both null = Unknown.
  CREATE TABLE IF NOT EXISTS age_band (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    sort_order INTEGER NOT NULL,
    min_age INTEGER,
    max_age INTEGER
  );
  CREATE TABLE IF NOT EXISTS hate_strand (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE IF NOT EXISTS asb_category (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE IF NOT EXISTS outcome (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE IF NOT EXISTS location (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);

  -- One row per recorded crime or incident.
  -- month: months since year 0 (year * 12 + month - 1), so arithmetic on
  -- periods (previous month, same month last year) is integer subtraction.
  -- day: days since 1970-01-01, only where the extract gives a date.
  -- record_key: 128-bit digest of the source's identity for the record;
  -- content_hash: digest of its content, to tell an update from a duplicate.
  CREATE TABLE IF NOT EXISTS record (
    id INTEGER PRIMARY KEY,
    record_key BLOB NOT NULL,
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
    content_hash BLOB,
    -- District profile extracts only (null for police.uk):
    reported_day INTEGER,
    offence_code TEXT,
    hate_strand_id INTEGER REFERENCES hate_strand(id),
    asb_category_id INTEGER REFERENCES asb_category(id),
    victim_age INTEGER,
    offender_age_band TEXT
  );
  -- Covering indexes for the pivots analysts run most: crime type by
  -- district by month, and a month range sliced by the other two.
  -- The record key's uniqueness is an index of its own (files before it have a
  -- UNIQUE column constraint instead): a bulk import drops it and builds it once
  -- at the end, which a constraint's index does not allow.
  CREATE UNIQUE INDEX IF NOT EXISTS record_by_key ON record (record_key);
  CREATE INDEX IF NOT EXISTS record_by_type_district_month ON record (crime_type_id, district_id, month, source, record_type);
  CREATE INDEX IF NOT EXISTS record_by_month ON record (month, district_id, crime_type_id);
  CREATE INDEX IF NOT EXISTS record_by_import ON record (import_id);

  -- What an import changed in records that were already there (an update):
  -- one row per changed field. The victim pseudonym is logged as a change
  -- marker only, never with a value; raw references are never stored.
  CREATE TABLE IF NOT EXISTS record_change (
    import_id INTEGER NOT NULL REFERENCES import(id),
    record_id INTEGER NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
  );
  CREATE INDEX IF NOT EXISTS record_change_by_import ON record_change (import_id);

  -- Column mappings the analyst chose for a header the importer could not
  -- map by itself, applied again when the same header comes back.
  -- header_signature: hex digest of the normalised header; mapping: JSON
  -- {"field": columnIndex, ...}.
  CREATE TABLE IF NOT EXISTS column_mapping (
    header_signature TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    mapping TEXT NOT NULL,
    saved_at TEXT NOT NULL
  ) WITHOUT ROWID;

  -- iQuanta comparative aggregates. period: '2014-10' for a month or
  -- '12 months to 2014-10' for a rolling window; month is the (last) month's
  -- index and window_months its length (1 for a single month).
  CREATE TABLE IF NOT EXISTS iquanta_value (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES import(id),
    area TEXT NOT NULL,
    area_type TEXT,
    measure TEXT NOT NULL,
    period TEXT NOT NULL,
    month INTEGER NOT NULL,
    window_months INTEGER NOT NULL,
    count REAL NOT NULL,
    rate_per_1000 REAL,
    msg_average REAL,
    msg_rank INTEGER,
    msg_size INTEGER,
    msg_lower REAL,
    msg_upper REAL,
    UNIQUE (area, measure, month, window_months)
  );
  CREATE INDEX IF NOT EXISTS iquanta_by_import ON iquanta_value (import_id);

  -- Respect Survey respondents (one row per respondent and wave) and their
  -- answers (one row per question answered), so a weighted share is one
  -- join: answers of a question x respondents' weight, grouped by area, age
  -- band or wave.
  CREATE TABLE IF NOT EXISTS survey_respondent (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES import(id),
    wave INTEGER NOT NULL,
    respondent_ref TEXT NOT NULL,
    area TEXT NOT NULL,
    age_band TEXT,
    sex INTEGER,
    ethnicity TEXT,
    weight REAL NOT NULL,
    content_hash BLOB,
    UNIQUE (wave, respondent_ref)
  );
  CREATE INDEX IF NOT EXISTS survey_respondent_by_import ON survey_respondent (import_id);
  CREATE TABLE IF NOT EXISTS survey_answer (
    respondent_id INTEGER NOT NULL REFERENCES survey_respondent(id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    PRIMARY KEY (respondent_id, question)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS survey_answer_by_question ON survey_answer (question, answer, respondent_id);

  -- Mid-year population estimates. A row is one area, year and (optionally)
  -- sex and age: age is a single year (90 = 90 and over); age_band_id a band
  -- when the source gives bands; both null = all ages. sex: 1 female, 2 male,
  -- null persons. area_key: the ONS code, or the normalised name when there is
  -- none. district_id links the area to a workbench district where it is one.
  CREATE TABLE IF NOT EXISTS population (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES import(id),
    area_key TEXT NOT NULL,
    area_code TEXT,
    area_name TEXT NOT NULL,
    geography TEXT,
    district_id INTEGER REFERENCES district(id),
    year INTEGER NOT NULL,
    age INTEGER,
    age_band_id INTEGER REFERENCES age_band(id),
    sex INTEGER,
    population REAL NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS population_identity
    ON population (area_key, year, IFNULL(age, -1), IFNULL(age_band_id, -1), IFNULL(sex, 0));
  CREATE INDEX IF NOT EXISTS population_by_district ON population (district_id, year);
  CREATE INDEX IF NOT EXISTS population_by_import ON population (import_id);
  -- All-ages population per area, year and sex: the all-ages row where the
  -- source gave one, otherwise the sum of single years, otherwise of bands.
  CREATE VIEW IF NOT EXISTS population_all_ages AS
    SELECT area_key, MAX(area_code) AS area_code, MAX(area_name) AS area_name, MAX(district_id) AS district_id,
           year, sex,
           COALESCE(MAX(CASE WHEN age IS NULL AND age_band_id IS NULL THEN population END),
                    SUM(CASE WHEN age IS NOT NULL THEN population END),
                    SUM(CASE WHEN age_band_id IS NOT NULL THEN population END)) AS population
    FROM population GROUP BY area_key, year, sex;

  CREATE TABLE IF NOT EXISTS saved_view (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    spec TEXT NOT NULL,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL
  );
    ${PROFILE_DDL}
`;

const DEFAULT_AGE_BANDS_SQL = `
  INSERT INTO age_band (name, sort_order, min_age, max_age) VALUES
    ('0-17', 0, 0, 17), ('18-24', 1, 18, 24), ('25-34', 2, 25, 34), ('35-44', 3, 35, 44),
    ('45-54', 4, 45, 54), ('55-64', 5, 55, 64), ('65+', 6, 65, NULL), ('Unknown', 7, NULL, NULL);
`;

/**
 * Meta key set to "sha256" in a workbench whose police.uk records were keyed by the earliest
 * builds' SHA-256 digest: importing matches those keys too, and re-keys each record it finds.
 */
export const LEGACY_RECORD_KEYS_META = 'legacy_record_keys';

/** Columns added to tables of the first schema after the first builds had saved files with it. */
const FIRST_SCHEMA_LATER_COLUMNS: readonly { table: string; column: string; definition: string }[] = [
  { table: 'district', column: 'ons_code', definition: 'TEXT' },
  { table: 'age_band', column: 'min_age', definition: 'INTEGER' },
  { table: 'age_band', column: 'max_age', definition: 'INTEGER' },
  { table: 'record', column: 'reported_day', definition: 'INTEGER' },
  { table: 'record', column: 'offence_code', definition: 'TEXT' },
  { table: 'record', column: 'hate_strand_id', definition: 'INTEGER REFERENCES hate_strand(id)' },
  { table: 'record', column: 'asb_category_id', definition: 'INTEGER REFERENCES asb_category(id)' },
  { table: 'record', column: 'victim_age', definition: 'INTEGER' },
  { table: 'record', column: 'offender_age_band', definition: 'TEXT' },
];

function columnsOf(db: Database, table: string): Set<string> {
  return new Set((db.exec(`PRAGMA table_info(${table})`)[0]?.values ?? []).map((row) => String(row[1])));
}

/**
 * Brings a version 1 file saved by the earliest builds (police.uk only: no district
 * columns, aggregate tables, change log, column mappings or profiles; age bands without
 * ranges) to the first schema's final shape, so the later migrations and the rest of the
 * core find every table and column. A file that already has them is left as it is.
 */
function completeFirstSchema(db: Database): void {
  // The builds before the district importer keyed police.uk records by SHA-256 (the later ones by
  // MurmurHash3: shared/import/digest.ts); they had no iQuanta table. Their keys cannot be made
  // again (the Crime ID is not stored), so re-imports look the old keys up too.
  const sha256Keys = db.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'iquanta_value'").length === 0;
  if (sha256Keys && db.exec('SELECT 1 FROM record LIMIT 1').length > 0) writeMeta(db, LEGACY_RECORD_KEYS_META, 'sha256');
  const hadKeyConstraint =
    db.exec("SELECT 1 FROM sqlite_master WHERE type = 'index' AND tbl_name = 'record' AND name LIKE 'sqlite_autoindex_record_%'").length > 0;
  const known = new Map<string, Set<string>>();
  const bandsHadRanges = columnsOf(db, 'age_band').has('min_age');
  for (const { table, column, definition } of FIRST_SCHEMA_LATER_COLUMNS) {
    const columns = known.get(table) ?? columnsOf(db, table);
    known.set(table, columns);
    // A table the file lacks altogether is made whole by FIRST_SCHEMA_DDL below.
    if (columns.size > 0 && !columns.has(column)) db.run(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }
  // The record key's UNIQUE column constraint already does record_by_key's work: a second index would only cost space.
  db.run(hadKeyConstraint ? FIRST_SCHEMA_DDL.replace(/CREATE UNIQUE INDEX IF NOT EXISTS record_by_key ON record \(record_key\);/, '') : FIRST_SCHEMA_DDL);
  // Bands kept before bands had ranges (victim bands only: those builds had no population
  // import) get the range their name gives ("18-24", "65+"); Unknown and unreadable names stay
  // without. Files whose bands had ranges are left alone: a band there without one is a
  // population band, which the next migration moves off the victim bands.
  if (bandsHadRanges) return;
  const bands = db.exec('SELECT id, name FROM age_band WHERE min_age IS NULL AND max_age IS NULL')[0]?.values ?? [];
  for (const [id, name] of bands) {
    const range = populationBandRange(String(name));
    if (range !== null) db.run('UPDATE age_band SET min_age = ?, max_age = ? WHERE id = ?', [range.min, range.max, Number(id)]);
  }
}

/**
 * Population imports used to add their bands ("0-9", "75+") to age_band with
 * no range, polluting the victim bands and leaving rates unable to make 0-17
 * from 0-9 and 10-17. Moves each band's range onto its population rows and
 * deletes the bands only population used. A band name with no readable range
 * keeps its link (it was never usable for a rate).
 */
function migratePopulationBands(db: Database): void {
  db.run(`
    ALTER TABLE population ADD COLUMN min_age INTEGER;
    ALTER TABLE population ADD COLUMN max_age INTEGER;
    DROP INDEX population_identity;
    DROP VIEW population_all_ages;
  `);
  const bands = db.exec(
    'SELECT id, name, min_age, max_age FROM age_band WHERE id IN (SELECT age_band_id FROM population WHERE age_band_id IS NOT NULL)',
  )[0]?.values ?? [];
  for (const [id, name, min, max] of bands) {
    const range = min !== null ? { min: Number(min), max: max === null ? null : Number(max) } : populationBandRange(String(name));
    if (range === null) continue;
    db.run('UPDATE population SET min_age = ?, max_age = ?, age_band_id = NULL WHERE age_band_id = ? AND age IS NULL', [
      range.min,
      range.max,
      Number(id),
    ]);
    db.run('UPDATE population SET age_band_id = NULL WHERE age_band_id = ? AND age IS NOT NULL', [Number(id)]);
  }
  db.run(`
    DELETE FROM age_band WHERE min_age IS NULL AND max_age IS NULL AND name <> 'Unknown'
      AND id NOT IN (SELECT age_band_id FROM record WHERE age_band_id IS NOT NULL)
      AND id NOT IN (SELECT age_band_id FROM population WHERE age_band_id IS NOT NULL);
    -- Two band names for one range (never expected) would collide in the new identity: keep the later row.
    DELETE FROM population WHERE id NOT IN (
      SELECT MAX(id) FROM population
      GROUP BY area_key, year, IFNULL(age, -1), IFNULL(min_age, -1), IFNULL(max_age, -1), IFNULL(age_band_id, -1), IFNULL(sex, 0));
    ${POPULATION_V3_DDL}
  `);
}

/** The population identity and all-ages view over age ranges (schema 3). */
const POPULATION_V3_DDL = `
  CREATE UNIQUE INDEX population_identity
    ON population (area_key, year, IFNULL(age, -1), IFNULL(min_age, -1), IFNULL(max_age, -1), IFNULL(age_band_id, -1), IFNULL(sex, 0));
  -- All-ages population per area, year and sex: the all-ages row where the
  -- source gave one, otherwise the sum of single years, otherwise of bands.
  CREATE VIEW population_all_ages AS
    SELECT area_key, MAX(area_code) AS area_code, MAX(area_name) AS area_name, MAX(district_id) AS district_id,
           year, sex,
           COALESCE(MAX(CASE WHEN age IS NULL AND min_age IS NULL AND age_band_id IS NULL THEN population END),
                    SUM(CASE WHEN age IS NOT NULL THEN population END),
                    SUM(CASE WHEN min_age IS NOT NULL THEN population END)) AS population
    FROM population GROUP BY area_key, year, sex;
`;

export const META_KEYS = {
  schemaVersion: 'schema_version',
  appVersion: 'app_version',
  createdAt: 'created_at',
  modifiedAt: 'modified_at',
  workbenchId: 'workbench_id',
  /** Set when records were imported before references were kept (schema 4): imports fill them in when they meet them again. */
  recordsWithoutRef: 'records_without_ref',
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
 * Brings a database up to SCHEMA_VERSION (or an older version, for tests of
 * migrations), one migration at a time, each in its own transaction so a
 * failure leaves the database at the last good version.
 */
export function migrate(db: Database, fromVersion: number, toVersion: number = SCHEMA_VERSION): void {
  for (let version = fromVersion; version < toVersion; version++) {
    const step = MIGRATIONS[version];
    if (step === undefined) throw new Error(`No migration from schema version ${version}`);
    db.run('BEGIN');
    try {
      if (typeof step === 'string') db.run(step);
      else step(db);
      db.run('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
      writeMeta(db, META_KEYS.schemaVersion, String(version + 1));
      db.run('COMMIT');
    } catch (error) {
      db.run('ROLLBACK');
      forgetReads(db);
      throw error;
    }
  }
}
