/**
 * Binding an INSERT's parameters through sql.js's exported SQLite C
 * functions directly, for the import's hot loop. sql.js's own `bind` costs
 * a reset, a clear of every binding, an allocation and copy per text or
 * blob and an error check per value: at a million rows of 27 values that is
 * a large share of the import. Here texts that repeat are copied into the
 * WebAssembly heap once and bound in place, and a batch's keys are copied in
 * one block.
 *
 * sql.js does not document its statement handle, so it is found among the
 * Statement's fields and checked against SQLite's own copy of the SQL; if
 * that ever fails (another sql.js build) `rawInsert` returns null and the
 * caller binds through sql.js's API as before.
 */
import type { Database, SqlJsStatic, Statement } from 'sql.js';

/** The C functions sql.js exports (in its module object) that this uses. */
interface SqlJsExports {
  _malloc(size: number): number;
  _free(pointer: number): void;
  _sqlite3_bind_int(statement: number, position: number, value: number): number;
  _sqlite3_bind_double(statement: number, position: number, value: number): number;
  _sqlite3_bind_blob(statement: number, position: number, pointer: number, length: number, destructor: number): number;
  _sqlite3_bind_text(statement: number, position: number, pointer: number, length: number, destructor: number): number;
  _sqlite3_step(statement: number): number;
  _sqlite3_reset(statement: number): number;
  _sqlite3_clear_bindings(statement: number): number;
  _sqlite3_sql(statement: number): number;
  _sqlite3_column_type(statement: number, column: number): number;
  _sqlite3_column_double(statement: number, column: number): number;
  UTF8ToString(pointer: number): string;
  lengthBytesUTF8(text: string): number;
  stringToNewUTF8(text: string): number;
  writeArrayToMemory(bytes: Uint8Array, pointer: number): void;
}

const SQLITE_OK = 0;
const SQLITE_NULL = 5;
const SQLITE_ROW = 100;
const SQLITE_DONE = 101;
/** SQLITE_STATIC: the memory stays valid while bound (this module frees it only after a reset). */
const STATIC = 0;

const modules = new WeakMap<Database, SqlJsExports>();

function isSqlJsExports(value: unknown): value is SqlJsExports {
  const candidate = value as Partial<Record<keyof SqlJsExports, unknown>>;
  return (
    typeof candidate._malloc === 'function' &&
    typeof candidate._sqlite3_bind_int === 'function' &&
    typeof candidate._sqlite3_bind_text === 'function' &&
    typeof candidate._sqlite3_step === 'function' &&
    typeof candidate._sqlite3_sql === 'function' &&
    typeof candidate._sqlite3_column_type === 'function' &&
    typeof candidate._sqlite3_column_double === 'function' &&
    typeof candidate.stringToNewUTF8 === 'function' &&
    typeof candidate.writeArrayToMemory === 'function'
  );
}

/** Notes which sql.js module a database belongs to (workbench.ts does it for every workbench). */
export function rememberSqlJs(db: Database, SQL: SqlJsStatic): void {
  if (isSqlJsExports(SQL)) modules.set(db, SQL);
}

/** The statement's SQLite handle and the module it lives in, or null when it cannot be found safely. */
function rawHandle(db: Database, statement: Statement): { sql: SqlJsExports; handle: number } | null {
  const sql = modules.get(db);
  if (sql === undefined) return null;
  const expected = statement.getSQL();
  for (const value of Object.values(statement)) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 1) continue;
    if (sql.UTF8ToString(sql._sqlite3_sql(value)) === expected) return { sql, handle: value };
  }
  return null;
}

/**
 * Reads a query's rows of numbers (codes and counts) straight from SQLite:
 * sql.js's `get` builds an array per row through wrapped calls, which for a
 * pivot of a few hundred rows cost as much as the query itself. The caller
 * binds and frees the statement through sql.js as usual.
 */
export class RawNumberReader {
  private constructor(
    private readonly sql: SqlJsExports,
    private readonly handle: number,
  ) {}

  static of(db: Database, statement: Statement): RawNumberReader | null {
    const found = rawHandle(db, statement);
    return found === null ? null : new RawNumberReader(found.sql, found.handle);
  }

  /** Steps to the next row: false when there are no more. */
  step(): boolean {
    const rc = this.sql._sqlite3_step(this.handle);
    if (rc === SQLITE_ROW) return true;
    if (rc === SQLITE_DONE) return false;
    this.sql._sqlite3_reset(this.handle);
    throw new Error(`SQLite could not read the query's rows (result code ${rc})`);
  }

  /** Column `column` (0-based) of the current row as a number, or null when it is NULL. */
  number(column: number): number | null {
    // A NULL reads as 0: only a 0 needs its type asked, which halves the calls for codes and counts.
    const value = this.sql._sqlite3_column_double(this.handle, column);
    if (value !== 0) return value;
    return this.sql._sqlite3_column_type(this.handle, column) === SQLITE_NULL ? null : value;
  }
}

/**
 * One prepared INSERT bound value by value, by 1-based position.
 */
export class RawInsert {
  /** Heap copies of dictionary texts, by code. */
  private readonly textPointers: number[] = [];
  private readonly textLengths: number[] = [];
  private block = 0;
  private blockSize = 0;

  private constructor(
    private readonly sql: SqlJsExports,
    private readonly handle: number,
  ) {}

  /** The raw binder of `statement`, or null when its handle cannot be found safely. */
  static of(db: Database, statement: Statement): RawInsert | null {
    const found = rawHandle(db, statement);
    return found === null ? null : new RawInsert(found.sql, found.handle);
  }

  number(position: number, value: number | null): void {
    if (value === null) this.sql._sqlite3_bind_blob(this.handle, position, 0, 0, STATIC);
    else if ((value | 0) === value) this.sql._sqlite3_bind_int(this.handle, position, value);
    else this.sql._sqlite3_bind_double(this.handle, position, value);
  }

  /**
   * A text that repeats (a pseudonym, an offence code), given by its code in
   * `dictionary` (-1 for null): copied to the heap the first time only.
   */
  text(position: number, code: number, dictionary: readonly string[]): void {
    if (code < 0) {
      this.sql._sqlite3_bind_blob(this.handle, position, 0, 0, STATIC);
      return;
    }
    let pointer = this.textPointers[code];
    if (pointer === undefined) {
      const value = dictionary[code] ?? '';
      pointer = this.sql.stringToNewUTF8(value);
      this.textPointers[code] = pointer;
      this.textLengths[code] = this.sql.lengthBytesUTF8(value);
    }
    this.sql._sqlite3_bind_text(this.handle, position, pointer, this.textLengths[code] ?? 0, STATIC);
  }

  /** Copies a batch's byte arrays into the heap one after another; `blob` and `textInBlock` then bind slices of it. */
  loadBlock(parts: readonly Uint8Array[]): void {
    this.releaseBlock();
    const size = parts.reduce((sum, part) => sum + part.length, 0);
    if (size > this.blockSize) {
      if (this.block !== 0) this.sql._free(this.block);
      this.blockSize = Math.max(size, this.blockSize * 2);
      this.block = this.sql._malloc(this.blockSize);
      if (this.block === 0) throw new Error('out of memory for the import batch');
    }
    let offset = 0;
    for (const part of parts) {
      this.sql.writeArrayToMemory(part, this.block + offset);
      offset += part.length;
    }
  }

  blob(position: number, offset: number, length: number): void {
    this.sql._sqlite3_bind_blob(this.handle, position, this.block + offset, length, STATIC);
  }

  /** UTF-8 text already in the block (ASCII, e.g. a pseudonym's hex). */
  textInBlock(position: number, offset: number, length: number): void {
    this.sql._sqlite3_bind_text(this.handle, position, this.block + offset, length, STATIC);
  }

  /**
   * Runs the statement and resets it: true when it ran to completion. False
   * on an SQLite error: the caller runs the row again through sql.js's own
   * API, which throws the error with SQLite's message.
   */
  step(): boolean {
    const rc = this.sql._sqlite3_step(this.handle);
    this.sql._sqlite3_reset(this.handle);
    return rc === SQLITE_DONE || rc === SQLITE_ROW;
  }

  /** Unbinds everything that points into the block, so it can be reused or freed. */
  private releaseBlock(): void {
    if (this.sql._sqlite3_clear_bindings(this.handle) !== SQLITE_OK) throw new Error('could not clear the import statement');
  }

  /** Frees the heap copies (the statement itself is the caller's). */
  free(): void {
    this.releaseBlock();
    for (const pointer of this.textPointers) if (pointer !== undefined) this.sql._free(pointer);
    this.textPointers.length = 0;
    this.textLengths.length = 0;
    if (this.block !== 0) this.sql._free(this.block);
    this.block = 0;
    this.blockSize = 0;
  }
}
