/**
 * Creating, opening and exporting workbench files. Every open goes through
 * one check-and-migrate step so the rest of the core can assume a current,
 * intact schema.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { rememberSqlJs } from './sqljs-raw';
import { WorkbenchError } from './errors';
import { APPLICATION_ID, META_KEYS, SCHEMA_VERSION, migrate, readMeta, writeMeta } from './schema';
import { APP_VERSION } from './version';
import { xxhash32 } from './xxhash32';

const SQLITE_HEADER = 'SQLite format 3\u0000';

/**
 * Where a saved file carries its digest: the header's user version (offset
 * 60, 4 bytes, big-endian), a field SQLite stores but never reads, so the
 * file stays a plain SQLite database. The app does not use it otherwise.
 */
const DIGEST_OFFSET = 60;

/**
 * The digest of a workbench file: xxHash32 of all its bytes with the digest
 * field itself read as zeros. A change to any one aligned 32-bit word
 * (e.g. a flipped byte) always changes it, as each step of xxHash32 is
 * one-to-one in both the word it reads and the state it carries; other
 * damage goes unseen with odds of about 1 in 4 billion.
 */
export function workbenchDigest(bytes: Uint8Array): number {
  if (bytes.length < 64) return xxhash32([bytes]);
  // A copy: a Node Buffer's slice() is a view, and the caller's bytes must stay as they are.
  const head = new Uint8Array(64);
  head.set(bytes.subarray(0, DIGEST_OFFSET));
  return xxhash32([head, bytes.subarray(64)]);
}

/** The header's page size (offset 16, big-endian; 1 means 65536). */
function pageSizeOf(bytes: Uint8Array): number {
  const raw = ((bytes[16] ?? 0) << 8) | (bytes[17] ?? 0);
  return raw === 1 ? 65536 : raw;
}

const readUint32 = (bytes: Uint8Array, at: number): number =>
  (((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)) >>> 0;

/**
 * True when the bytes are exactly what exportWorkbench wrote: the length the
 * header's page size and page count give, and the digest in the header
 * matching. Files saved before digests, or changed by another program, are
 * not: they get the full quick_check instead.
 */
export function isIntactSave(bytes: Uint8Array): boolean {
  const pageCount = readUint32(bytes, 28);
  if (pageCount === 0 || bytes.length !== pageSizeOf(bytes) * pageCount) return false;
  return readUint32(bytes, DIGEST_OFFSET) === workbenchDigest(bytes);
}

export interface WorkbenchMeta {
  schemaVersion: number;
  appVersion: string;
  createdAt: string;
  modifiedAt: string;
  workbenchId: string;
}

/** What opening did to a file saved in an older format: shown to the analyst on Open. */
export interface WorkbenchUpgrade {
  /** The schema version the file was saved with. */
  fromSchema: number;
  /** The app version that last saved it ('' when the file does not say). */
  savedBy: string;
  /** One plain sentence or two for the analyst. */
  notice: string;
}

const upgrades = new WeakMap<Database, WorkbenchUpgrade>();

/** The upgrade opening made to this workbench, until it is next saved; null for a file already current. */
export function workbenchUpgrade(db: Database): WorkbenchUpgrade | null {
  return upgrades.get(db) ?? null;
}

function upgradeNotice(fileName: string, fromSchema: number, savedBy: string): string {
  const by = savedBy === '' ? 'an earlier version' : `version ${savedBy}`;
  return (
    `${fileName} was saved by ${by} of Crime Analyst Workbench in an older file format (schema ${fromSchema}). ` +
    `It has been brought up to the current format (schema ${SCHEMA_VERSION}) here, with its records, imports, saved views and profiles as they were; ` +
    `the file on disk is unchanged until you save it, and once saved, versions older than this one cannot open it.`
  );
}

function randomId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function configure(db: Database): void {
  db.run('PRAGMA foreign_keys = ON');
}

/** A new, empty workbench at the current schema version. */
export function createWorkbench(SQL: SqlJsStatic, now: Date = new Date()): Database {
  const db = new SQL.Database();
  rememberSqlJs(db, SQL);
  configure(db);
  db.run(`PRAGMA application_id = ${APPLICATION_ID}`);
  migrate(db, 0);
  const stamp = now.toISOString();
  writeMeta(db, META_KEYS.appVersion, APP_VERSION);
  writeMeta(db, META_KEYS.createdAt, stamp);
  writeMeta(db, META_KEYS.modifiedAt, stamp);
  writeMeta(db, META_KEYS.workbenchId, randomId());
  return db;
}

/**
 * The same workbench in a new database whose file already has `roomBytes`
 * of room after its pages (the caller closes `db`).
 *
 * sql.js keeps the database file in an in-memory file that grows by an
 * eighth whenever it fills, copying all of it each time: a 1M-record
 * import copied it about 45 times (1.6 GB of copies, 1.4 s of the
 * database thread's time, and the old and new copies at once at the peak).
 * SQLite writes new pages into the room without growing the file. Saving
 * is unaffected: sql.js exports through SQLite's backup, the pages only.
 */
export function withRoom(db: Database, SQL: SqlJsStatic, roomBytes: number): Database {
  const bytes = db.export();
  const pageSize = Number(db.exec('PRAGMA page_size')[0]?.values[0]?.[0] ?? 4096);
  const roomy = new Uint8Array(Math.ceil((bytes.length + Math.max(0, roomBytes)) / pageSize) * pageSize);
  roomy.set(bytes);
  const next = new SQL.Database(roomy);
  rememberSqlJs(next, SQL);
  configure(next);
  return next;
}

/**
 * Opens workbench bytes. The bytes are copied into sql.js, so the file on
 * disk is never touched; a file that is not SQLite, not a workbench, damaged
 * or from a newer version is refused with its own message.
 */
export function openWorkbench(SQL: SqlJsStatic, bytes: Uint8Array, fileName = 'the file'): Database {
  const header = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
  if (bytes.length < 100 || header !== SQLITE_HEADER) {
    throw new WorkbenchError({
      code: 'not-sqlite',
      file: fileName,
      message: `${fileName} is not a workbench file: it is not an SQLite database.`,
    });
  }
  let db: Database;
  try {
    db = new SQL.Database(bytes);
    rememberSqlJs(db, SQL);
  } catch (error) {
    throw damaged(fileName, error);
  }
  try {
    // A file whose bytes are exactly as saved was intact when saved (SQLite wrote it from a working
    // database): its digest (0.1-0.2 s at 1M records) stands in for quick_check (0.6-3 s). Any
    // other file, including a damaged save, whose digest no longer matches, gets the full check.
    if (!isIntactSave(bytes)) {
      // SQLite writes whole pages and reads a missing end of the last page as zeros, so quick_check
      // passes a file cut short inside its last page when the lost end held nothing (and otherwise
      // reports a less telling fault): say so first rather than open what may be lost.
      if (bytes.length % pageSizeOf(bytes) !== 0) throw damaged(fileName, 'it ends part way through a page, as if cut short');
      let integrity: unknown;
      try {
        // quick_check reads every page and b-tree as integrity_check does, but skips matching each
        // index entry to its row: at 1M records that is 0.8 s instead of 7 s (tests/bench/README.md).
        integrity = db.exec('PRAGMA quick_check')[0]?.values[0]?.[0];
      } catch (error) {
        throw damaged(fileName, error);
      }
      if (integrity !== 'ok') throw damaged(fileName, integrity);
    }

    const applicationId = db.exec('PRAGMA application_id')[0]?.values[0]?.[0];
    const hasMeta = db.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").length > 0;
    if (applicationId !== APPLICATION_ID || !hasMeta) {
      throw new WorkbenchError({
        code: 'not-workbench',
        file: fileName,
        message: `${fileName} is an SQLite database but not a Crime Analyst Workbench file.`,
      });
    }
    const version = Number(readMeta(db, META_KEYS.schemaVersion));
    if (!Number.isInteger(version) || version < 1) {
      throw new WorkbenchError({
        code: 'damaged',
        file: fileName,
        message: `${fileName} is damaged: its schema version is missing or unreadable.`,
      });
    }
    if (version > SCHEMA_VERSION) {
      throw new WorkbenchError({
        code: 'newer-version',
        file: fileName,
        message: `${fileName} was saved by a newer version of Crime Analyst Workbench (schema ${version}; this version reads up to ${SCHEMA_VERSION}). Update the app to open it.`,
      });
    }
    configure(db);
    const savedBy = readMeta(db, META_KEYS.appVersion) ?? '';
    migrate(db, version);
    if (version < SCHEMA_VERSION) upgrades.set(db, { fromSchema: version, savedBy, notice: upgradeNotice(fileName, version, savedBy) });
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function damaged(fileName: string, detail: unknown): WorkbenchError {
  // One line: quick_check's report starts with a banner and may run over several lines.
  const reason = (detail instanceof Error ? detail.message : String(detail))
    .replace(/\*\*\* in database \w+ \*\*\*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  return new WorkbenchError({
    code: 'damaged',
    file: fileName,
    message: `${fileName} is damaged and cannot be opened (${reason}). The file has been left as it is.`,
  });
}

export function readWorkbenchMeta(db: Database): WorkbenchMeta {
  return {
    schemaVersion: Number(readMeta(db, META_KEYS.schemaVersion)),
    appVersion: readMeta(db, META_KEYS.appVersion) ?? '',
    createdAt: readMeta(db, META_KEYS.createdAt) ?? '',
    modifiedAt: readMeta(db, META_KEYS.modifiedAt) ?? '',
    workbenchId: readMeta(db, META_KEYS.workbenchId) ?? '',
  };
}

/**
 * The bytes to write to disk, stamped with the save time and app version,
 * and with their digest in the header so the next open can tell they are
 * intact without reading every b-tree.
 */
export function exportWorkbench(db: Database, now: Date = new Date()): Uint8Array {
  writeMeta(db, META_KEYS.modifiedAt, now.toISOString());
  writeMeta(db, META_KEYS.appVersion, APP_VERSION);
  const bytes = db.export();
  // sql.js's export() resets connection settings; restore them.
  configure(db);
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(DIGEST_OFFSET, workbenchDigest(bytes));
  // These bytes are in the current format: the notice of the upgrade on open no longer applies.
  upgrades.delete(db);
  return bytes;
}
