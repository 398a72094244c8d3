/**
 * Caching what is read from a workbench until it next changes. SQLite's
 * total_changes() counts every row this connection has inserted, updated or
 * deleted (rolled-back changes included), so while it stands still, and no
 * rollback has happened (`forgetReads`), nothing read from the tables can
 * have changed. Reading it is one tiny query,
 * against the half a millisecond that loading a pivot's label lookups or the
 * cube signature costs at a million records.
 */
import type { Database } from 'sql.js';
import { withStatement } from './statement-cache';

const rollbacks = new WeakMap<Database, number>();

/**
 * To be called after every ROLLBACK: the count of changes does not go back,
 * so a value read inside the rolled-back work would otherwise look current.
 */
export function forgetReads(db: Database): void {
  rollbacks.set(db, (rollbacks.get(db) ?? 0) + 1);
}

/**
 * total_changes() through a kept statement: a pivot asks for it several
 * times, and preparing it each time through `exec` cost a tenth of a
 * millisecond per pivot.
 */
function readTotalChanges(db: Database): number {
  return withStatement(db, 'SELECT total_changes()', (statement, raw) => {
    if (raw !== null) return raw.step() ? (raw.number(0) ?? 0) : 0;
    return statement.step() ? Number(statement.get()[0] ?? 0) : 0;
  });
}

/** The connection's count of rows written so far, and of rollbacks: equal twice only if nothing changed between. */
export function writeCount(db: Database): string {
  return `${String(readTotalChanges(db))}/${rollbacks.get(db) ?? 0}`;
}

/** A per-workbench cache of values keyed by name, cleared whenever the workbench has been written to. */
export class UntilWrite<T> {
  private readonly entries = new WeakMap<Database, { at: string; values: Map<string, T> }>();

  get(db: Database, key: string, compute: () => T): T {
    const at = writeCount(db);
    let entry = this.entries.get(db);
    if (entry === undefined || entry.at !== at) {
      entry = { at, values: new Map() };
      this.entries.set(db, entry);
    }
    let value = entry.values.get(key);
    if (value === undefined) {
      value = compute();
      // compute() may itself write (a cube refresh): the cache then belongs to the count after it.
      const after = writeCount(db);
      if (after !== at) {
        entry = { at: after, values: new Map() };
        this.entries.set(db, entry);
      }
      entry.values.set(key, value);
    }
    return value;
  }
}
