/**
 * A workbench filled with N synthetic records straight through SQL (no CSV),
 * for measuring the pivot engine at the scale analysts reach (1M records).
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { createWorkbench } from '../../shared/workbench';

export function syntheticWorkbench(SQL: SqlJsStatic, records: number): Database {
  const db = createWorkbench(SQL);
  db.run('BEGIN');
  db.run(
    `INSERT INTO import (file_name, file_size, sha256, kind, read_rows, accepted, rejected, duplicate, updated, imported_at)
     VALUES ('synthetic', 0, '', 'district', ?, ?, 0, 0, 0, '2026-01-01T00:00:00Z')`,
    [records, records],
  );
  for (let i = 1; i <= 14; i++) db.run('INSERT INTO crime_type (name) VALUES (?)', [`Crime type ${String(i).padStart(2, '0')}`]);
  for (let i = 1; i <= 8; i++) db.run('INSERT INTO district (name) VALUES (?)', [`District ${i}`]);
  for (let i = 1; i <= 700; i++) db.run('INSERT INTO lsoa (code, district_id) VALUES (?, ?)', [`E0${100000 + i}`, (i % 8) + 1]);
  db.run(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO record (record_key, import_id, source, record_type, month, crime_type_id, district_id, lsoa_id)
     SELECT randomblob(16), 1, 2, 1, 2019 * 12 + 3 + abs(random()) % 60, 1 + abs(random()) % 14, 1 + abs(random()) % 8,
            1 + abs(random()) % 700
     FROM n`,
    [records],
  );
  db.run('COMMIT');
  return db;
}
