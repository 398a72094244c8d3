/**
 * Kept statements: reused by their SQL, right after the tables they read are
 * rebuilt, never left holding a read open, and the least recently used freed
 * beyond the limit.
 */
import type { SqlJsStatic, Statement } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../electron/cli/load-sqljs';
import { withStatement } from './statement-cache';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

const sumOf = (statement: Statement): number => (statement.step() ? Number(statement.get()[0]) : NaN);

describe('withStatement', () => {
  it('reuses the statement for the same SQL, with new values bound each time', () => {
    const db = new SQL.Database();
    db.run('CREATE TABLE t (x INTEGER)');
    db.run('INSERT INTO t VALUES (1), (2), (3)');
    const seen: Statement[] = [];
    const sumAbove = (floor: number): number =>
      withStatement(db, 'SELECT SUM(x) FROM t WHERE x > ?', (statement) => {
        seen.push(statement);
        statement.bind([floor]);
        return sumOf(statement);
      });
    expect([sumAbove(0), sumAbove(1), sumAbove(2)]).toEqual([6, 5, 3]);
    expect(new Set(seen).size).toBe(1);
    db.close();
  });

  it('reads a table rebuilt since it was prepared, and leaves no read open', () => {
    const db = new SQL.Database();
    db.run('CREATE TABLE cube (n INTEGER)');
    db.run('INSERT INTO cube VALUES (1), (1)');
    const total = (): number => withStatement(db, 'SELECT SUM(n) FROM cube', sumOf);
    expect(total()).toBe(2);
    // A statement still stepping would make the DROP fail ("table is locked").
    db.run('DROP TABLE cube');
    db.run('CREATE TABLE cube (n INTEGER, extra TEXT)');
    db.run("INSERT INTO cube VALUES (5, 'a'), (6, 'b')");
    expect(total()).toBe(11);
    db.close();
  });

  it('is reset after an error thrown while it is in use', () => {
    const db = new SQL.Database();
    db.run('CREATE TABLE t (x INTEGER)');
    db.run('INSERT INTO t VALUES (1), (2)');
    expect(() =>
      withStatement(db, 'SELECT x FROM t', (statement) => {
        statement.step();
        throw new Error('stopped part way');
      }),
    ).toThrow('stopped part way');
    db.run('DROP TABLE t');
    expect(db.exec("SELECT COUNT(*) FROM sqlite_master WHERE name = 't'")[0]?.values[0]?.[0]).toBe(0);
    db.close();
  });

  it('keeps the 64 most recently used and frees the one it lets go', () => {
    const db = new SQL.Database();
    const statementFor = (n: number): Statement => withStatement(db, `SELECT ${n}`, (statement) => statement);
    const first = statementFor(0);
    const second = statementFor(1);
    for (let n = 2; n < 64; n++) statementFor(n);
    // Using the first again makes it the most recent, so the second is the one let go for a 65th.
    expect(statementFor(0)).toBe(first);
    statementFor(64);
    expect(() => second.step()).toThrow();
    expect(statementFor(0)).toBe(first);
    expect(first.step()).toBe(true);
    db.close();
  });
});
