/**
 * Local profiles: named, ordered lists of items (a view with its caption, a
 * pivot table, a flags summary, a paragraph of commentary) kept in the
 * workbench and exported as a Word document.
 */
import type { Database } from 'sql.js';
import { WorkbenchError } from '../errors';
import type { PivotFilter } from '../pivot/spec';
import { type ChartAnalysis, isChartAnalysis } from '../charts/analysis-chart';
import { type TableAnalysis, isTableAnalysis } from './analysis-tables';

export const PROFILE_ITEM_KINDS = ['view', 'pivot', 'flags', 'text', 'chart', 'analysis'] as const;
export type ProfileItemKind = (typeof PROFILE_ITEM_KINDS)[number];

/** What a flags item summarises. */
export interface FlagsItemSettings {
  by: string[];
  filters: PivotFilter[];
  from?: string;
  to?: string;
}

export interface ProfileItem {
  id: number;
  position: number;
  kind: ProfileItemKind;
  /** The saved view shown (view and pivot items). */
  viewName: string | null;
  /** Caption under the figure or over the table; defaults to the view's name. */
  caption: string | null;
  /** Commentary (text items). */
  text: string | null;
  settings: FlagsItemSettings | null;
  /** The analysis charted (chart items: age profile, iQuanta comparison). */
  chart: ChartAnalysis | null;
  /** The analysis tabulated (analysis items: repeat victims, Knox near repeats, Respect Survey), run again at export. */
  analysis: TableAnalysis | null;
}

export interface Profile {
  id: number;
  name: string;
  /** Title on the document's first page (defaults to the name). */
  title: string | null;
  createdAt: string;
  modifiedAt: string;
  items: ProfileItem[];
}

export type NewProfileItem =
  | { kind: 'view' | 'pivot'; viewName: string; caption?: string }
  | { kind: 'text'; text: string }
  | { kind: 'flags'; settings: FlagsItemSettings; caption?: string }
  | { kind: 'chart'; chart: ChartAnalysis; caption?: string }
  | { kind: 'analysis'; analysis: TableAnalysis; caption?: string };

const notFound = (message: string): WorkbenchError => new WorkbenchError({ code: 'not-found', message });

export function listProfiles(db: Database): { name: string; items: number; modifiedAt: string }[] {
  const rows = db.exec(
    `SELECT p.name, (SELECT COUNT(*) FROM profile_item i WHERE i.profile_id = p.id), p.modified_at
     FROM profile p ORDER BY p.name COLLATE NOCASE`,
  )[0];
  return (rows?.values ?? []).map(([name, items, modifiedAt]) => ({ name: String(name), items: Number(items), modifiedAt: String(modifiedAt) }));
}

function profileId(db: Database, name: string): number | null {
  const statement = db.prepare('SELECT id FROM profile WHERE name = ?');
  try {
    statement.bind([name]);
    return statement.step() ? Number(statement.get()[0]) : null;
  } finally {
    statement.free();
  }
}

/** Creates a profile (or returns the existing one's id). */
export function createProfile(db: Database, name: string, now = new Date()): number {
  const trimmed = name.trim();
  if (trimmed === '') throw new WorkbenchError({ code: 'usage', message: 'A profile needs a name.' });
  const existing = profileId(db, trimmed);
  if (existing !== null) return existing;
  const stamp = now.toISOString();
  db.run('INSERT INTO profile (name, created_at, modified_at) VALUES (?, ?, ?)', [trimmed, stamp, stamp]);
  return Number(db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0]);
}

export function getProfile(db: Database, name: string): Profile {
  const head = db.exec('SELECT id, name, title, created_at, modified_at FROM profile WHERE name = ?', [name.trim()])[0]?.values[0];
  if (!head) throw notFound(`No profile named "${name}".`);
  const [id, profileName, title, createdAt, modifiedAt] = head;
  const items = (
    db.exec('SELECT id, position, kind, view_name, caption, text, settings FROM profile_item WHERE profile_id = ? ORDER BY position, id', [Number(id)])[0]?.values ?? []
  ).map(([itemId, position, kind, viewName, caption, text, settings]): ProfileItem => {
    const parsed: unknown = settings === null ? null : JSON.parse(String(settings));
    // A chart item is stored as a 'view' with no view and its analysis in settings (no schema change needed).
    const isChart = kind === 'view' && viewName === null && isChartAnalysis(parsed);
    // An analysis table likewise is a 'pivot' with no view (the kinds a workbench file's CHECK allows stay as they were).
    const isAnalysis = kind === 'pivot' && viewName === null && isTableAnalysis(parsed);
    return {
      id: Number(itemId),
      position: Number(position),
      kind: isChart ? 'chart' : isAnalysis ? 'analysis' : (String(kind) as ProfileItemKind),
      viewName: viewName === null ? null : String(viewName),
      caption: caption === null ? null : String(caption),
      text: text === null ? null : String(text),
      settings: isChart || isAnalysis || parsed === null ? null : (parsed as FlagsItemSettings),
      chart: isChart ? parsed : null,
      analysis: isAnalysis ? parsed : null,
    };
  });
  return {
    id: Number(id),
    name: String(profileName),
    title: title === null ? null : String(title),
    createdAt: String(createdAt),
    modifiedAt: String(modifiedAt),
    items,
  };
}

function touch(db: Database, id: number, now: Date): void {
  db.run('UPDATE profile SET modified_at = ? WHERE id = ?', [now.toISOString(), id]);
}

/** Appends an item to a profile, creating the profile when missing. Returns the item's id. */
export function addProfileItem(db: Database, profileName: string, item: NewProfileItem, now = new Date()): number {
  const id = createProfile(db, profileName, now);
  if (item.kind === 'text' && item.text.trim() === '') throw new WorkbenchError({ code: 'usage', message: 'A commentary item needs some text.' });
  // Only the tables analysis-tables.ts knows: never a list of individual victims.
  if (item.kind === 'analysis' && !isTableAnalysis(item.analysis)) throw new WorkbenchError({ code: 'usage', message: 'A profile can hold repeat victims, near repeats or Respect Survey tables only.' });
  const position = Number(db.exec('SELECT COUNT(*) FROM profile_item WHERE profile_id = ?', [id])[0]?.values[0]?.[0] ?? 0);
  db.run(
    'INSERT INTO profile_item (profile_id, position, kind, view_name, caption, text, settings, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [
      id,
      position,
      item.kind === 'chart' ? 'view' : item.kind === 'analysis' ? 'pivot' : item.kind,
      item.kind === 'view' || item.kind === 'pivot' ? item.viewName : null,
      item.kind === 'text' ? null : (item.caption ?? null),
      item.kind === 'text' ? item.text : null,
      item.kind === 'flags' ? JSON.stringify(item.settings) : item.kind === 'chart' ? JSON.stringify(item.chart) : item.kind === 'analysis' ? JSON.stringify(item.analysis) : null,
      now.toISOString(),
    ],
  );
  const itemId = Number(db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0]);
  touch(db, id, now);
  return itemId;
}

function itemProfile(db: Database, itemId: number): number {
  const row = db.exec('SELECT profile_id FROM profile_item WHERE id = ?', [itemId])[0]?.values[0];
  if (!row) throw notFound(`No profile item ${itemId}.`);
  return Number(row[0]);
}

/** Positions 0..n-1 in the given order of item ids. */
function renumber(db: Database, ids: readonly number[]): void {
  ids.forEach((itemId, position) => db.run('UPDATE profile_item SET position = ? WHERE id = ?', [position, itemId]));
}

function orderedIds(db: Database, profile: number): number[] {
  return (db.exec('SELECT id FROM profile_item WHERE profile_id = ? ORDER BY position, id', [profile])[0]?.values ?? []).map(([v]) => Number(v));
}

/** Moves an item to a new position (0-based, clamped), shifting the others. */
export function moveProfileItem(db: Database, itemId: number, toPosition: number, now = new Date()): void {
  const profile = itemProfile(db, itemId);
  const ids = orderedIds(db, profile).filter((v) => v !== itemId);
  ids.splice(Math.max(0, Math.min(ids.length, Math.trunc(toPosition))), 0, itemId);
  renumber(db, ids);
  touch(db, profile, now);
}

/** Edits an item's caption (figures and tables) or text (commentary); null resets a caption to the default. */
export function editProfileItem(db: Database, itemId: number, edit: { caption?: string | null; text?: string }, now = new Date()): void {
  const profile = itemProfile(db, itemId);
  if (edit.caption !== undefined) db.run('UPDATE profile_item SET caption = ? WHERE id = ?', [edit.caption, itemId]);
  if (edit.text !== undefined) db.run("UPDATE profile_item SET text = ? WHERE id = ? AND kind = 'text'", [edit.text, itemId]);
  touch(db, profile, now);
}

export function removeProfileItem(db: Database, itemId: number, now = new Date()): void {
  const profile = itemProfile(db, itemId);
  db.run('DELETE FROM profile_item WHERE id = ?', [itemId]);
  renumber(db, orderedIds(db, profile));
  touch(db, profile, now);
}

export function deleteProfile(db: Database, name: string): void {
  const id = profileId(db, name.trim());
  if (id === null) return;
  db.run('DELETE FROM profile_item WHERE profile_id = ?', [id]);
  db.run('DELETE FROM profile WHERE id = ?', [id]);
}

export function setProfileTitle(db: Database, name: string, title: string | null, now = new Date()): void {
  const id = profileId(db, name.trim());
  if (id === null) throw notFound(`No profile named "${name}".`);
  db.run('UPDATE profile SET title = ? WHERE id = ?', [title, id]);
  touch(db, id, now);
}
