/**
 * Victim age bands. The band set is kept in the workbench (`age_band`) so an
 * analyst can change it; each band has an inclusive age range, so ages kept
 * on records (and population single years) can be banded again after a
 * change. A record with no age has no band (shown as "Unknown").
 */
import type { Database } from 'sql.js';
import { forgetReads } from './write-count';
import { WorkbenchError } from './errors';
import { invalidateCube } from './pivot/cube';

export interface AgeBand {
  name: string;
  /** Inclusive; null for the Unknown band. */
  minAge: number | null;
  /** Inclusive; null when open-ended (65+) or Unknown. */
  maxAge: number | null;
}

export interface StoredAgeBand extends AgeBand {
  id: number;
  sortOrder: number;
}

export const UNKNOWN_AGE_BAND = 'Unknown';
/** Oldest age accepted on import; older is a data error. */
export const MAX_AGE = 120;

export const DEFAULT_AGE_BANDS: readonly AgeBand[] = [
  { name: '0-17', minAge: 0, maxAge: 17 },
  { name: '18-24', minAge: 18, maxAge: 24 },
  { name: '25-34', minAge: 25, maxAge: 34 },
  { name: '35-44', minAge: 35, maxAge: 44 },
  { name: '45-54', minAge: 45, maxAge: 54 },
  { name: '55-64', minAge: 55, maxAge: 64 },
  { name: '65+', minAge: 65, maxAge: null },
  { name: UNKNOWN_AGE_BAND, minAge: null, maxAge: null },
];

/**
 * A band's range from its name: `18-24`, `18 to 24`, `65+`, `65 and over`,
 * `Under 18`, `0-17`. Null when the name says nothing about ages.
 */
export function parseAgeBand(text: string): { name: string; minAge: number; maxAge: number | null } | null {
  const value = text.trim().toLowerCase().replace(/\s+/g, ' ');
  let match = /^(\d{1,3}) ?(?:-|–|to) ?(\d{1,3})$/.exec(value);
  if (match) {
    const min = Number(match[1]);
    const max = Number(match[2]);
    return min <= max ? { name: `${min}-${max}`, minAge: min, maxAge: max } : null;
  }
  match = /^(\d{1,3}) ?(?:\+|and over|or over|and older|plus)$/.exec(value);
  if (match) return { name: `${Number(match[1])}+`, minAge: Number(match[1]), maxAge: null };
  match = /^(?:under|less than|<) ?(\d{1,3})$/.exec(value);
  if (match && Number(match[1]) > 0) return { name: `0-${Number(match[1]) - 1}`, minAge: 0, maxAge: Number(match[1]) - 1 };
  return null;
}

export function isUnknownAgeBand(text: string): boolean {
  return /^(unknown|not known|not recorded|n\/?k|u|)$/i.test(text.trim());
}

/** Puts the default bands in a workbench that has none. */
export function ensureAgeBands(db: Database): void {
  const count = Number(db.exec('SELECT COUNT(*) FROM age_band')[0]?.values[0]?.[0] ?? 0);
  if (count > 0) return;
  DEFAULT_AGE_BANDS.forEach((band, index) => {
    db.run('INSERT INTO age_band (name, sort_order, min_age, max_age) VALUES (?, ?, ?, ?)', [
      band.name,
      index,
      band.minAge,
      band.maxAge,
    ]);
  });
}

export function listAgeBands(db: Database): StoredAgeBand[] {
  ensureAgeBands(db);
  return (db.exec('SELECT id, name, sort_order, min_age, max_age FROM age_band ORDER BY sort_order, id')[0]?.values ?? []).map(
    (row) => ({
      id: Number(row[0]),
      name: String(row[1]),
      sortOrder: Number(row[2]),
      minAge: row[3] === null ? null : Number(row[3]),
      maxAge: row[4] === null ? null : Number(row[4]),
    }),
  );
}

/**
 * Replaces the band set used for deriving bands from ages. Bands given by
 * name only in an extract (no age) keep their rows. Records with an age are
 * banded again. Bands must not overlap.
 */
/**
 * Why a band set cannot be used, or null when it can: every age from 0 to
 * MAX_AGE in exactly one band (no overlaps, no gaps), whole-year ranges,
 * distinct names; only Unknown has no range.
 */
export function ageBandProblem(bands: readonly AgeBand[]): string | null {
  const names = new Set<string>();
  for (const band of bands) {
    const name = band.name.trim();
    if (name === '') return 'Every age band needs a name.';
    if (names.has(name.toLowerCase())) return `Two age bands are called ${name}.`;
    names.add(name.toLowerCase());
    if (band.minAge === null) {
      if (band.maxAge !== null || name.toLowerCase() !== UNKNOWN_AGE_BAND.toLowerCase()) {
        return `Age band ${name} needs a first age (only ${UNKNOWN_AGE_BAND} has none).`;
      }
      continue;
    }
    if (!Number.isInteger(band.minAge) || band.minAge < 0 || band.minAge > MAX_AGE) return `Age band ${name}: the first age must be a whole number from 0 to ${MAX_AGE}.`;
    if (band.maxAge !== null && (!Number.isInteger(band.maxAge) || band.maxAge < band.minAge)) {
      return `Age band ${name}: the last age must be a whole number no lower than the first (${band.minAge}).`;
    }
  }
  const ranged = bands.filter((b) => b.minAge !== null).sort((a, b) => (a.minAge ?? 0) - (b.minAge ?? 0));
  const first = ranged[0];
  if (first === undefined) return 'The band set needs at least one band with ages.';
  if (first.minAge !== 0) return `Ages 0-${(first.minAge ?? 1) - 1} are in no band: the first band (${first.name}) starts at ${first.minAge ?? 0}.`;
  for (let i = 1; i < ranged.length; i++) {
    const previous = ranged[i - 1];
    const current = ranged[i];
    if (previous === undefined || current === undefined) continue;
    const start = current.minAge ?? 0;
    if (previous.maxAge === null || previous.maxAge >= start) return `Age bands ${previous.name} and ${current.name} overlap.`;
    if (previous.maxAge + 1 < start) {
      const gap = previous.maxAge + 1 === start - 1 ? `Age ${start - 1} is` : `Ages ${previous.maxAge + 1}-${start - 1} are`;
      return `${gap} in no band: ${previous.name} ends at ${previous.maxAge} and ${current.name} starts at ${start}.`;
    }
  }
  const last = ranged[ranged.length - 1];
  if (last?.maxAge !== null && last !== undefined && (last.maxAge ?? 0) < MAX_AGE) {
    return `Ages over ${last.maxAge ?? 0} are in no band: make the last band (${last.name}) open-ended, e.g. ${last.minAge ?? 0}+.`;
  }
  return null;
}

/**
 * Bands the records' ages (where an age was given) with the band set as it
 * stands: every record, or those `only` selects (an SQL condition on
 * `record`, with its parameters).
 */
export function bandRecordAges(db: Database, only = 'TRUE', params: (number | string)[] = []): void {
  db.run(
    `UPDATE record SET age_band_id = (
       SELECT b.id FROM age_band b
       WHERE b.min_age IS NOT NULL AND record.victim_age >= b.min_age AND (b.max_age IS NULL OR record.victim_age <= b.max_age))
     WHERE victim_age IS NOT NULL AND (${only})`,
    params,
  );
}

export function setAgeBands(db: Database, bands: readonly AgeBand[]): StoredAgeBand[] {
  const problem = ageBandProblem(bands);
  if (problem !== null) throw new WorkbenchError({ code: 'bad-input', field: 'age bands', message: problem });
  db.run('SAVEPOINT set_age_bands');
  try {
    ensureAgeBands(db);
    // Bands no longer in the set lose their range (kept for records that name them) and sort after it.
    db.run('UPDATE age_band SET min_age = NULL, max_age = NULL, sort_order = sort_order + 1000');
    bands.forEach((band, index) => {
      db.run(
        `INSERT INTO age_band (name, sort_order, min_age, max_age) VALUES (?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET sort_order = excluded.sort_order, min_age = excluded.min_age, max_age = excluded.max_age`,
        [band.name, index, band.minAge, band.maxAge],
      );
    });
    db.run('UPDATE age_band SET sort_order = 1000000 WHERE name = ? AND sort_order >= 1000', [UNKNOWN_AGE_BAND]);
    bandRecordAges(db);
    // The aggregate cube holds age bands: rebuild it on the next pivot.
    invalidateCube(db);
    db.run('RELEASE set_age_bands');
  } catch (error) {
    db.run('ROLLBACK TO set_age_bands');
    forgetReads(db);
    db.run('RELEASE set_age_bands');
    throw error;
  }
  return listAgeBands(db);
}

/** Band ids for an import: ages through a lookup array, names through a map (new names added). */
export class AgeBandLookup {
  private readonly byAge: (number | null)[] = [];
  private readonly byName = new Map<string, number>();

  constructor(private readonly db: Database) {
    ensureAgeBands(db);
    for (const band of listAgeBands(db)) {
      this.byName.set(band.name.toLowerCase(), band.id);
      if (band.minAge === null) continue;
      const last = band.maxAge ?? MAX_AGE;
      for (let age = band.minAge; age <= Math.min(last, MAX_AGE); age++) this.byAge[age] = band.id;
    }
  }

  /** The band of an age (0-120), or null when the band set leaves it out. */
  ofAge(age: number): number | null {
    return this.byAge[age] ?? null;
  }

  /** The band of a band name as an extract gives it; null for Unknown. New names are added to the set. */
  ofName(text: string): number | null {
    if (isUnknownAgeBand(text)) return null;
    const parsed = parseAgeBand(text);
    const name = parsed?.name ?? text.trim().replace(/\s+/g, ' ');
    const known = this.byName.get(name.toLowerCase());
    if (known !== undefined) return known;
    const sortOrder = Number(this.db.exec('SELECT IFNULL(MAX(sort_order), -1) + 1 FROM age_band')[0]?.values[0]?.[0] ?? 0);
    // A band that only comes by name has no range: ages are never derived into it.
    this.db.run('INSERT INTO age_band (name, sort_order, min_age, max_age) VALUES (?, ?, NULL, NULL)', [name, sortOrder]);
    const id = Number(this.db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0]);
    this.byName.set(name.toLowerCase(), id);
    this.reorder(parsed?.minAge ?? null, id);
    return id;
  }

  /** Keeps bands in age order (Unknown and unranged names last) after adding one. */
  private reorder(minAge: number | null, id: number): void {
    const bands = listAgeBands(this.db);
    const ageOf = (band: StoredAgeBand): number => {
      if (band.id === id && minAge !== null) return minAge;
      if (band.minAge !== null) return band.minAge;
      const parsed = parseAgeBand(band.name);
      if (parsed !== null) return parsed.minAge;
      return band.name === UNKNOWN_AGE_BAND ? Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER - 1;
    };
    bands.sort((a, b) => ageOf(a) - ageOf(b) || a.sortOrder - b.sortOrder);
    bands.forEach((band, index) => this.db.run('UPDATE age_band SET sort_order = ? WHERE id = ?', [index, band.id]));
  }
}
