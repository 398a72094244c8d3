/**
 * The near-repeat flag as stored data (`record.near_repeat`), so the pivot
 * can use it as a dimension (`near_repeat`: Yes / No / Not assessed).
 *
 * A record is flagged Yes when it followed another record of the same crime
 * type within the flag distance and days (default 200 m and 7 days, half-open
 * as in the Knox table's first cell: shared/analytics/repeats/near-repeat-flags.ts),
 * No when it was assessed and did not, and Not assessed (null) when it has no
 * date or position, or is of a crime type not flagged (by default the
 * burglary types). Derived data, like the pivot cube: filled in the import's
 * transaction, refilled when the analyst reruns with other settings, and
 * recomputed whenever its signature no longer matches the records. The
 * settings (and when the analyst chose them) are kept in the workbench's
 * meta table, so every later import and refill uses the same ones: all
 * flags in a workbench follow one setting.
 *
 * This module does not import the pivot (the pivot imports it).
 */
import type { Database } from 'sql.js';
import { forgetReads } from '../write-count';
import { WorkbenchError } from '../errors';
import { readMeta, writeMeta } from '../schema';
import { type DistanceMetric, nearRepeatFlags, wgs84ToBng } from './repeats';
import { type StepOptions, type Steps, readRows, runSteps, runStepsAsync } from './steps';

export interface NearRepeatFlagSettings {
  /** Crime type names to assess; null = every crime type whose name contains "burglary". */
  crimeTypes: string[] | null;
  /** Metres; default 200. */
  flagSpace: number;
  /** Days; default 7. */
  flagDays: number;
  distance: DistanceMetric;
}

export const DEFAULT_NEAR_REPEAT_FLAG_SETTINGS: Readonly<NearRepeatFlagSettings> = {
  crimeTypes: null,
  flagSpace: 200,
  flagDays: 7,
  distance: 'euclidean',
};

export interface NearRepeatColumnSummary {
  settings: NearRepeatFlagSettings;
  /** The crime types assessed, with their counts. */
  crimeTypes: { crimeType: string; assessed: number; flagged: number }[];
  assessed: number;
  flagged: number;
}

const SETTINGS_META = 'near_repeat_settings';
const SIGNATURE_META = 'near_repeat_signature';
/** When the analyst last chose the settings (a refill from the app or the CLI's --save-flags); absent = the defaults, filled on import. */
const SET_AT_META = 'near_repeat_set_at';
/**
 * The counts the last fill gave, with the signature they belong to: the
 * Repeat victimisation tab shows them after every import, and counting them
 * again would scan every record (0.3-0.6 s at a million; near_repeat has no index).
 */
const COUNTS_META = 'near_repeat_counts';

function isDistance(value: unknown): value is DistanceMetric {
  return value === 'euclidean' || value === 'manhattan';
}

/** The settings the column was last filled with (the defaults until the analyst changes them). */
export function nearRepeatFlagSettings(db: Database): NearRepeatFlagSettings {
  const stored = readMeta(db, SETTINGS_META);
  if (stored === null) return { ...DEFAULT_NEAR_REPEAT_FLAG_SETTINGS };
  try {
    const parsed = JSON.parse(stored) as Partial<NearRepeatFlagSettings>;
    return {
      crimeTypes: Array.isArray(parsed.crimeTypes) ? parsed.crimeTypes.map(String) : null,
      flagSpace: typeof parsed.flagSpace === 'number' && parsed.flagSpace > 0 ? parsed.flagSpace : DEFAULT_NEAR_REPEAT_FLAG_SETTINGS.flagSpace,
      flagDays: typeof parsed.flagDays === 'number' && parsed.flagDays > 0 ? parsed.flagDays : DEFAULT_NEAR_REPEAT_FLAG_SETTINGS.flagDays,
      distance: isDistance(parsed.distance) ? parsed.distance : DEFAULT_NEAR_REPEAT_FLAG_SETTINGS.distance,
    };
  } catch {
    return { ...DEFAULT_NEAR_REPEAT_FLAG_SETTINGS };
  }
}

/** Changes whenever records are added, updated, removed, or the settings change. */
function signature(db: Database, settings: NearRepeatFlagSettings): string {
  const row = db.exec('SELECT (SELECT COUNT(*) FROM record), (SELECT MAX(id) FROM import)')[0]?.values[0];
  return `${String(row?.[0] ?? 0)}:${String(row?.[1] ?? 0)}:${JSON.stringify(settings)}`;
}

/**
 * What the flags in the workbench mean: the settings they were made with
 * (the ones every later import fills new records with), when the analyst
 * chose them, and the counts as filled now.
 */
export interface NearRepeatFlagState {
  settings: NearRepeatFlagSettings;
  /** ISO time of the analyst's refill; null = never refilled (the defaults, filled on import). */
  setAt: string | null;
  /** The crime types the settings assess in this workbench, by name. */
  crimeTypes: string[];
  /** Records flagged Yes or No; null when the flags are out of date (refilled at the next pivot by Near repeat). */
  assessed: number | null;
  flagged: number | null;
}

/** What the flags mean without their counts (a pivot's note needs no more, and counting can scan every record). */
export type NearRepeatFlagMeaning = Pick<NearRepeatFlagState, 'settings' | 'setAt' | 'crimeTypes'>;

export function nearRepeatFlagMeaning(db: Database): NearRepeatFlagMeaning {
  const settings = nearRepeatFlagSettings(db);
  return { settings, setAt: readMeta(db, SET_AT_META), crimeTypes: assessedTypes(db, settings).map((t) => t.name) };
}

export function nearRepeatFlagState(db: Database): NearRepeatFlagState {
  const meaning = nearRepeatFlagMeaning(db);
  const current = signature(db, meaning.settings);
  const counts = readMeta(db, SIGNATURE_META) === current ? (storedCounts(db, current) ?? countFlags(db)) : null;
  return { ...meaning, assessed: counts?.assessed ?? null, flagged: counts?.flagged ?? null };
}

interface FlagCounts {
  assessed: number;
  flagged: number;
}

/** The counts kept by the fill with this signature; null for a workbench filled before they were kept. */
function storedCounts(db: Database, current: string): FlagCounts | null {
  const stored = readMeta(db, COUNTS_META);
  if (stored === null) return null;
  try {
    const parsed = JSON.parse(stored) as Partial<FlagCounts & { signature: string }>;
    if (parsed.signature !== current || typeof parsed.assessed !== 'number' || typeof parsed.flagged !== 'number') return null;
    return { assessed: parsed.assessed, flagged: parsed.flagged };
  } catch {
    return null;
  }
}

function countFlags(db: Database): FlagCounts {
  const row = db.exec('SELECT COUNT(*), TOTAL(near_repeat) FROM record WHERE near_repeat IS NOT NULL')[0]?.values[0];
  return { assessed: Number(row?.[0] ?? 0), flagged: Number(row?.[1] ?? 0) };
}

/** Marks the flags stale after a change their signature cannot see (records put back as an earlier import had them). */
export function invalidateNearRepeatColumn(db: Database): void {
  db.run('DELETE FROM meta WHERE key = ?', [SIGNATURE_META]);
}

export function isNearRepeatColumnCurrent(db: Database): boolean {
  return readMeta(db, SIGNATURE_META) === signature(db, nearRepeatFlagSettings(db));
}

/** The crime types (id, name) the settings assess. */
function assessedTypes(db: Database, settings: NearRepeatFlagSettings): { id: number; name: string }[] {
  const all = (db.exec('SELECT id, name FROM crime_type ORDER BY name')[0]?.values ?? []).map((r) => ({ id: Number(r[0]), name: String(r[1]) }));
  if (settings.crimeTypes === null) return all.filter((t) => /burglary/i.test(t.name));
  const wanted = new Set(settings.crimeTypes.map((t) => t.trim().toLowerCase()));
  return all.filter((t) => wanted.has(t.name.toLowerCase()));
}

/**
 * Fills `record.near_repeat` for every record (inside the caller's
 * transaction, if any) with these settings, and keeps them for next time.
 */
export function refreshNearRepeatColumn(
  db: Database,
  change: Partial<NearRepeatFlagSettings> = {},
  options: { partOfCallersSavepoint?: boolean; now?: Date } = {},
): NearRepeatColumnSummary {
  return runSteps(refillSteps(db, change, options.partOfCallersSavepoint !== true, options.now));
}

/**
 * The same in the worker, with progress (records written of records
 * assessed) and Cancel: a cancelled refill rolls back, so the previous
 * flags and settings stay.
 */
export function refreshNearRepeatColumnAsync(db: Database, change: Partial<NearRepeatFlagSettings>, options: StepOptions & { now?: Date }): Promise<NearRepeatColumnSummary> {
  return runStepsAsync(refillSteps(db, change, true, options.now), options, 'Near-repeat flags cancelled: the pivot keeps the previous flags.');
}

const LOCATED = '((easting IS NOT NULL AND northing IS NOT NULL) OR (latitude IS NOT NULL AND longitude IS NOT NULL))';
/** Records written between yields. */
const WRITE_CHUNK = 20_000;
/** Record ids cleared between yields. */
const CLEAR_CHUNK = 100_000;

/**
 * `ownSavepoint`: the refill can be undone on its own (a Cancel from the
 * Repeat victimisation tab). An import refills inside its own savepoint
 * instead, which undoes the refill with the records: a nested savepoint
 * would copy every page the refill touches (nearly the whole record table
 * after a large import, 150 MB at a million records) into its journal.
 */
function* refillSteps(db: Database, change: Partial<NearRepeatFlagSettings>, ownSavepoint = true, now?: Date): Steps<NearRepeatColumnSummary> {
  const settings: NearRepeatFlagSettings = { ...nearRepeatFlagSettings(db), ...change };
  if (!(settings.flagSpace > 0 && Number.isFinite(settings.flagSpace))) {
    throw new WorkbenchError({ code: 'bad-input', field: 'flag-space', message: `flag distance must be a positive number of metres, got ${settings.flagSpace}` });
  }
  if (!(settings.flagDays > 0 && Number.isFinite(settings.flagDays))) {
    throw new WorkbenchError({ code: 'bad-input', field: 'flag-days', message: `flag days must be a positive number, got ${settings.flagDays}` });
  }
  const types = assessedTypes(db, settings);
  const summary: NearRepeatColumnSummary = { settings, crimeTypes: [], assessed: 0, flagged: 0 };
  // Progress counts records read and then written, so the total is twice the records assessed.
  const ids = types.map((type) => type.id);
  const assessed =
    ids.length === 0
      ? 0
      : Number(db.exec(`SELECT COUNT(*) FROM record WHERE crime_type_id IN (${ids.map(() => '?').join(', ')}) AND day IS NOT NULL AND ${LOCATED}`, ids)[0]?.values[0]?.[0] ?? 0);
  const total = 2 * assessed + 1;
  let done = 0;
  if (ownSavepoint) db.run('SAVEPOINT near_repeat_column');
  try {
    // Cleared a range of ids at a time (a rowid range is cheap) so a Cancel is seen at a million records.
    const maxId = Number(db.exec('SELECT MAX(id) FROM record')[0]?.values[0]?.[0] ?? 0);
    for (let low = 0; low <= maxId; low += CLEAR_CHUNK) {
      db.run('UPDATE record SET near_repeat = NULL WHERE id > ? AND id <= ? AND near_repeat IS NOT NULL', [low, low + CLEAR_CHUNK]);
      yield { done, total };
    }
    const update = db.prepare('UPDATE record SET near_repeat = ? WHERE id = ?');
    try {
      for (const type of types) {
        const before = done;
        const rows = yield* readRows(
          db,
          `SELECT id, easting, northing, latitude, longitude, day FROM record WHERE crime_type_id = ? AND day IS NOT NULL AND ${LOCATED}`,
          [type.id],
          (read) => ({ done: before + read, total }),
        );
        done += rows.length;
        if (rows.length === 0) continue;
        const x = new Float64Array(rows.length);
        const y = new Float64Array(rows.length);
        const t = new Float64Array(rows.length);
        rows.forEach((row, i) => {
          if (row[1] !== null && row[2] !== null) {
            x[i] = Number(row[1]);
            y[i] = Number(row[2]);
          } else {
            const point = wgs84ToBng(Number(row[3]), Number(row[4]));
            x[i] = point.easting;
            y[i] = point.northing;
          }
          t[i] = Number(row[5]);
        });
        const flags = nearRepeatFlags({ x, y, t }, { flagDistance: settings.flagSpace, flagDays: settings.flagDays, distance: settings.distance });
        yield { done, total };
        for (let i = 0; i < rows.length; i++) {
          update.run([flags.flagged[i] ?? 0, Number(rows[i]?.[0])]);
          if ((i + 1) % WRITE_CHUNK === 0) yield { done: done + i + 1, total };
        }
        done += rows.length;
        summary.crimeTypes.push({ crimeType: type.name, assessed: rows.length, flagged: flags.flaggedCount });
        summary.assessed += rows.length;
        summary.flagged += flags.flaggedCount;
      }
    } finally {
      update.free();
    }
    writeMeta(db, SETTINGS_META, JSON.stringify(settings));
    const filled = signature(db, settings);
    writeMeta(db, SIGNATURE_META, filled);
    writeMeta(db, COUNTS_META, JSON.stringify({ signature: filled, assessed: summary.assessed, flagged: summary.flagged }));
    // Only a refill with settings given is the analyst's choice; an import or an out-of-date refill keeps the stored ones and their date.
    if (Object.keys(change).length > 0) writeMeta(db, SET_AT_META, (now ?? new Date()).toISOString());
    // No yield after this: a cancel must always find the savepoint open.
    if (ownSavepoint) db.run('RELEASE near_repeat_column');
  } catch (error) {
    if (ownSavepoint) {
      db.run('ROLLBACK TO near_repeat_column');
      forgetReads(db);
      db.run('RELEASE near_repeat_column');
    }
    throw error;
  }
  return summary;
}

/** Refills the column when the records changed since it was filled (a removed import, an older workbench). */
export function ensureNearRepeatColumn(db: Database): void {
  if (!isNearRepeatColumnCurrent(db)) refreshNearRepeatColumn(db);
}
