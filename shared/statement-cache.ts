/**
 * Prepared statements kept per workbench and reused by their SQL text, for
 * queries a pivot runs again and again: preparing one costs about as much as
 * running it on a small cube. SQLite prepares a statement again by itself
 * when the schema has changed since (a cube rebuilt); closing the workbench
 * frees them all.
 */
import type { Database, Statement } from 'sql.js';
import { RawNumberReader } from './sqljs-raw';

/** Statements kept per workbench; the least recently used goes first. */
const KEPT = 64;

const caches = new WeakMap<Database, Map<string, Statement>>();

/** Each kept statement's raw reader (null: read through sql.js), found once. */
const rawReaders = new WeakMap<Statement, RawNumberReader | null>();

/**
 * Runs `use` with the statement for `sql` (prepared the first time) and its
 * raw reader of numbers (null where it cannot be used: read through sql.js),
 * reset afterwards so it holds no read open between uses. `use` runs no
 * other kept statement (one prepared meanwhile could let this one go).
 */
export function withStatement<T>(db: Database, sql: string, use: (statement: Statement, raw: RawNumberReader | null) => T): T {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    if (cache.size >= KEPT) {
      const [oldest] = cache;
      if (oldest !== undefined) {
        cache.delete(oldest[0]);
        oldest[1].free();
      }
    }
  } else {
    // Re-inserted below: most recently used last.
    cache.delete(sql);
  }
  cache.set(sql, statement);
  let raw = rawReaders.get(statement);
  if (raw === undefined) {
    raw = RawNumberReader.of(db, statement);
    rawReaders.set(statement, raw);
  }
  try {
    return use(statement, raw);
  } finally {
    statement.reset();
  }
}
