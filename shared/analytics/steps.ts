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
