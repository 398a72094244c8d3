/**
 * Reading the record table a range of ids at a time: the same rows as one
 * query, a yield after every range, and no range wider than asked, also
 * with gaps in the ids (removed imports) and with filters that an index
 * could answer.
 */
import type { Database, SqlValue } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { createWorkbench } from '../workbench';
import { type Progress, RECORD_CHUNK, recordIdSpan, scanFrom, scanRecordRanges } from './steps';

let SQL: Awaited<ReturnType<typeof loadSqlJs>>;
let db: Database;

beforeAll(async () => {
  SQL = await loadSqlJs();
  db = createWorkbench(SQL);
  db.run("INSERT INTO import (file_name, file_size, sha256, kind, read_rows, accepted, rejected, duplicate, updated, imported_at) VALUES ('t', 0, '', 'district', 0, 0, 0, 0, 0, '')");
  db.run("INSERT INTO crime_type (id, name) VALUES (1, 'Burglary Dwelling'), (2, 'Shoplifting'), (3, 'Criminal damage')");
  db.run("INSERT INTO district (id, name) VALUES (1, 'Mansfield'), (2, 'Gedling')");
  // 1,000 records from id 5, then a hole (as a removed import leaves), then 300 more.
  db.run(`WITH RECURSIVE n(i) AS (SELECT 5 UNION ALL SELECT i + 1 FROM n WHERE i < 1004)
          INSERT INTO record (id, record_key, import_id, source, record_type, month, crime_type_id, district_id, day)
          SELECT i, 'k' || i, 1, 2, 1, 24000 + i % 40, 1 + i % 3, 1 + i % 2, CASE WHEN i % 5 = 0 THEN NULL ELSE 730000 + i END FROM n`);
  db.run(`WITH RECURSIVE n(i) AS (SELECT 2001 UNION ALL SELECT i + 1 FROM n WHERE i < 2300)
          INSERT INTO record (id, record_key, import_id, source, record_type, month, crime_type_id, district_id, day)
          SELECT i, 'k' || i, 1, 2, 1, 24000 + i % 40, 1 + i % 3, 1 + i % 2, 730000 + i FROM n`);
});

/** Every row and every progress report of a scan with ranges of `size` ids. */
function scan(sql: string, params: SqlValue[], size: number): { rows: SqlValue[][]; reports: Progress[] } {
  const rows: SqlValue[][] = [];
  const reports: Progress[] = [];
  const steps = scanRecordRanges(db, sql, params, (row) => rows.push(row), (done, total) => ({ done, total }), size);
  for (let next = steps.next(); next.done !== true; next = steps.next()) reports.push(next.value);
  return { rows, reports };
}

describe('scanRecordRanges', () => {
  it('reads the records one range of ids at a time: the rows of one query, a yield after each range', () => {
    expect(recordIdSpan(db)).toEqual({ first: 5, last: 2300 });
    const { rows, reports } = scan(`SELECT r.id, r.day FROM ${scanFrom(false)} WHERE r.day IS NOT NULL AND r.id BETWEEN ? AND ?`, [], 97);
    expect(rows).toEqual(db.exec('SELECT id, day FROM record WHERE day IS NOT NULL ORDER BY id')[0]?.values);
    // 2,296 ids in ranges of 97: 24 ranges, each reported, the last covering them all.
    expect(reports).toHaveLength(Math.ceil(2296 / 97));
    expect(reports.at(-1)).toEqual({ done: 2296, total: 2296 });
    reports.forEach((report, k) => expect(report.done - (k === 0 ? 0 : reports[k - 1]!.done)).toBeLessThanOrEqual(97));
  });

  it('with a month range and a crime type filter, and the crime type join, still the rows of one query', () => {
    const where = 'WHERE r.month >= ? AND r.month <= ? AND r.crime_type_id IN (?, ?)';
    const params = [24005, 24030, 1, 3];
    const plain = db.exec(`SELECT r.id, ct.name FROM record r JOIN crime_type ct ON ct.id = r.crime_type_id ${where} ORDER BY r.id`, params)[0]?.values;
    const { rows } = scan(`SELECT r.id, ct.name FROM ${scanFrom(true)} ${where} AND r.id BETWEEN ? AND ?`, params, 256);
    expect(rows).toEqual(plain);
    expect(rows.length).toBeGreaterThan(100);
    // Each range reads the table by rowid, never a whole index, whatever the filter.
    const plan = db.exec(`EXPLAIN QUERY PLAN SELECT r.id FROM ${scanFrom(true)} ${where} AND r.id BETWEEN ? AND ?`, [...params, 1, 256])[0]?.values.map((v) => String(v[3]));
    expect(plan?.[0]).toMatch(/SEARCH r USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/);
  });

  it('an empty record table is no ranges at all, and the default range is RECORD_CHUNK ids', () => {
    const empty = createWorkbench(SQL);
    expect(recordIdSpan(empty)).toBeNull();
    const steps = scanRecordRanges(empty, `SELECT r.id FROM ${scanFrom(false)} WHERE r.id BETWEEN ? AND ?`, [], () => undefined, (done, total) => ({ done, total }));
    expect(steps.next().done).toBe(true);
    const { reports } = scan(`SELECT r.id FROM ${scanFrom(false)} WHERE r.id BETWEEN ? AND ?`, [], RECORD_CHUNK);
    expect(reports).toHaveLength(1);
  });
});
