/**
 * Long analyses written once as generators that yield their progress, then
 * run either straight through (CLI, import transaction) or in the worker,
 * yielding to the event loop between steps so a Cancel message can arrive.
 * A cancel is thrown into the generator at its yield, so its own
 * catch/finally blocks (savepoint rollback, statement free) run as usual.
 */
import type { Database, SqlValue } from 'sql.js';
import { WorkbenchError } from '../errors';

export interface Progress {
  done: number;
  total: number;
}

export type Steps<T> = Generator<Progress, T, void>;

export interface StepOptions {
  isCancelled?: () => boolean;
  onProgress?: (done: number, total: number) => void;
}

/** Runs the steps to the end without yielding (for callers that cannot be cancelled). */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
  }
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Runs the steps, reporting progress and stopping with a 'cancelled' error (`message`) when asked. */
export async function runStepsAsync<T>(steps: Steps<T>, options: StepOptions, message: string): Promise<T> {
  let next = steps.next();
  while (next.done !== true) {
    options.onProgress?.(next.value.done, next.value.total);
    await yieldToEventLoop();
    if (options.isCancelled?.() === true) {
      // Thrown at the generator's yield so its cleanup runs; it rethrows, which ends up here.
      next = steps.throw(new WorkbenchError({ code: 'cancelled', message }));
    } else {
      next = steps.next();
    }
  }
  return next.value;
}

/**
 * Every row of a query, read a statement step at a time, yielding every
 * `every` rows so a cancel can land mid-read (one `db.exec` cannot be interrupted).
 * `progress` maps the rows read so far to the caller's progress.
 */
export function* readRows(
  db: Database,
  sql: string,
  params: SqlValue[],
  progress: (rowsRead: number) => Progress,
  every = 20_000,
): Generator<Progress, SqlValue[][], void> {
  const statement = db.prepare(sql);
  const rows: SqlValue[][] = [];
  try {
    statement.bind(params);
    while (statement.step()) {
      rows.push(statement.get());
      if (rows.length % every === 0) yield progress(rows.length);
    }
  } finally {
    statement.free();
  }
  return rows;
}

/**
 * Record ids covered per statement when an analysis reads the record table a
 * range of ids at a time: tens of milliseconds of work at a million records,
 * so a Cancel waits well under the 250 ms the UI allows.
 */
export const RECORD_CHUNK = 32_768;

/** The record table's first and last id (read from the primary key, not a scan), or null when it holds none. */
export function recordIdSpan(db: Database): { first: number; last: number } | null {
  const row = db.exec('SELECT (SELECT MIN(id) FROM record), (SELECT MAX(id) FROM record)')[0]?.values[0];
  if (row?.[0] === null || row?.[0] === undefined) return null;
  return { first: Number(row[0]), last: Number(row[1]) };
}

/**
 * Every row of `sql` over the records, one range of `size` ids at a time,
 * yielding after each range (`progress` maps the ids covered so far, and
 * all of them, to the caller's progress). `sql`'s WHERE must end with
 * `r.id BETWEEN ? AND ?` (bound after `params`) and its FROM read
 * `record r NOT INDEXED` (`scanFrom`), so each range is a rowid range and no
 * single statement step scans more than `size` records: one step of a COUNT
 * or GROUP BY over every record, or of a filter few rows pass, cannot be
 * interrupted. Rows come in id order.
 */
export function* scanRecordRanges(
  db: Database,
  sql: string,
  params: readonly SqlValue[],
  onRow: (row: SqlValue[]) => void,
  progress: (idsCovered: number, ids: number) => Progress,
  size = RECORD_CHUNK,
): Generator<Progress, void, void> {
  const span = recordIdSpan(db);
  if (span === null) return;
  const ids = span.last - span.first + 1;
  const statement = db.prepare(sql);
  try {
    for (let low = span.first; low <= span.last; low += size) {
      const high = Math.min(low + size - 1, span.last);
      statement.bind([...params, low, high]);
      while (statement.step()) onRow(statement.get());
      yield progress(high - span.first + 1, ids);
    }
  } finally {
    statement.free();
  }
}

/**
 * A FROM clause for `scanRecordRanges`: the record table read by rowid only
 * (NOT INDEXED, so a month or crime type filter cannot make every id range
 * walk a whole index), joined to crime types when a dimension needs them
 * (CROSS JOIN keeps the records as the outer loop).
 */
export function scanFrom(withCrimeTypes: boolean): string {
  return withCrimeTypes ? 'record r NOT INDEXED CROSS JOIN crime_type ct ON ct.id = r.crime_type_id' : 'record r NOT INDEXED';
}
