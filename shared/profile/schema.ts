/**
 * Storage for local profiles (a profile is an ordered list of items that
 * becomes a Word document). Part of the workbench schema (shared/schema.ts).
 */
import type { Database } from 'sql.js';

export const PROFILE_DDL = `
  CREATE TABLE IF NOT EXISTS profile (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    title TEXT,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL
  );
  -- One row per item, in order of position (0, 1, 2, ... kept dense).
  -- kind: 'view' (a saved view's chart, or its table for a table view),
  -- 'pivot' (a saved view's table), 'flags' (a flags summary for the
  -- request in settings), 'text' (commentary in text). A 'view' with no
  -- view_name and an analysis in settings ({"analysis": "age-profile" |
  -- "iquanta", "request": ...}) is a chart of that analysis; a 'pivot' with no
  -- view_name and {"analysis": "repeats" | "near-repeat" | "survey", ...} a
  -- table of that analysis (shared/profile/analysis-tables.ts).
  CREATE TABLE IF NOT EXISTS profile_item (
    id INTEGER PRIMARY KEY,
    profile_id INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('view', 'pivot', 'flags', 'text')),
    view_name TEXT,
    caption TEXT,
    text TEXT,
    settings TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS profile_item_by_profile ON profile_item (profile_id, position);
`;

/** Creates the profile tables when missing (idempotent). */
export function ensureProfileTables(db: Database): void {
  db.exec(PROFILE_DDL);
}
