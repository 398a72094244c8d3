/**
 * Aggregate cubes: record counts pre-grouped at the grains analysts pivot.
 * At 1M records a scan of `record` takes seconds in sql.js, a cube a few
 * milliseconds (shared/PERF-NOTES.md). In sql.js most of a GROUP BY's time is
 * sorting the rows it reads, so the cube is a family of small tables, each
 * with covering indexes in the order pivots group by, and a pivot reads the
 * smallest one that has its dimensions:
 *
 * - victim family (from one scan of `record`): `cube_victim` (every victim
 *   attribute by month), and rolled up from it `record_cube` (age band),
 *   `cube_month` (no victim attribute), `cube_flags` (domestic / hate /
 *   alcohol), `cube_person` (age band, sex), `cube_total` (no month: pivots
 *   with no period and no date range) and `cube_quarter` (months rounded down
 *   to the quarter: quarters, financial and calendar years, and date ranges
 *   on quarter boundaries);
 * - area family: `cube_area` (ward, LSOA by month), `cube_area_quarter`
 *   (the same by quarter), `cube_ward`, and `cube_area_total` (no month). A
 *   cube keeping LSOA is far larger than the others, so it is only read when
 *   a pivot needs LSOA.
 *
 * Every table also keeps crime type, district, source and record type. Offence
 * groups are joined from `crime_type` at query time, so editing the mapping
 * needs no rebuild. Cubes are derived data: each family carries a signature
 * of the records (and of the age band set, since editing it re-bands them)
 * and is rebuilt when the signature no longer matches.
 */
import type { Database } from 'sql.js';
import { UntilWrite, forgetReads } from '../write-count';
import { ensureNearRepeatColumn } from '../analytics/near-repeat-column';
import { sha256Hex } from '../hash';
import { RawInsert, RawNumberReader } from '../sqljs-raw';
import type { Dimension } from './dimensions';

/** How fine a cube's months are: none (all months summed), financial year starts (April), quarter starts, or months. */
type Grain = 'none' | 'fin_year' | 'quarter' | 'month';
/** A cube answers pivots needing its grain or a coarser one (a financial year is four whole quarters). */
const GRAIN_RANK: Readonly<Record<Grain, number>> = { none: 0, fin_year: 1, quarter: 2, month: 3 };

type Family = 'victim' | 'area';

interface CubeTable {
  table: string;
  family: Family;
  grain: Grain;
  /** Attribute columns (named as in `record`), besides `month` when the grain has one. */
  columns: readonly string[];
  /** The table rolled up into this one; `record` counts rows, a cube sums `n`. */
  from: string;
  indexes: readonly (readonly string[])[];
}

const BASE = ['crime_type_id', 'district_id', 'source', 'record_type'] as const;
const FLAGS = ['domestic', 'hate', 'alcohol'] as const;

/** In build order: a table is built after the one it is rolled up from. */
const CUBES: readonly CubeTable[] = [
  {
    table: 'cube_victim',
    family: 'victim',
    grain: 'month',
    columns: [...BASE, 'age_band_id', 'sex', ...FLAGS],
    from: 'record',
    indexes: [],
  },
  {
    table: 'record_cube',
    family: 'victim',
    grain: 'month',
    columns: [...BASE, 'age_band_id'],
    from: 'cube_victim',
    indexes: [
      ['crime_type_id', 'district_id', 'month', 'age_band_id', 'n'],
      ['month', 'crime_type_id', 'district_id', 'age_band_id', 'n'],
    ],
  },
  {
    table: 'cube_flags',
    family: 'victim',
    grain: 'month',
    columns: [...BASE, ...FLAGS],
    from: 'cube_victim',
    indexes: [['domestic', 'month', 'district_id', 'crime_type_id', 'n']],
  },
  {
    table: 'cube_person',
    family: 'victim',
    grain: 'month',
    columns: [...BASE, 'age_band_id', 'sex'],
    from: 'cube_victim',
    indexes: [['age_band_id', 'sex', 'month', 'district_id', 'crime_type_id', 'n']],
  },
  {
    table: 'cube_total',
    family: 'victim',
    grain: 'none',
    columns: [...BASE, 'age_band_id', 'sex', ...FLAGS],
    from: 'cube_victim',
    indexes: [['age_band_id', 'sex', 'n']],
  },
  {
    // Crime type x district by month without age bands: an eighth of record_cube's rows, for month slices.
    table: 'cube_month',
    family: 'victim',
    grain: 'month',
    columns: [...BASE],
    from: 'record_cube',
    indexes: [
      ['crime_type_id', 'district_id', 'month', 'n'],
      ['month', 'crime_type_id', 'district_id', 'n'],
    ],
  },
  { table: 'cube_quarter', family: 'victim', grain: 'quarter', columns: [...BASE], from: 'cube_month', indexes: [] },
  {
    table: 'cube_area',
    family: 'area',
    grain: 'month',
    columns: [...BASE, 'ward_id', 'lsoa_id'],
    from: 'record',
    indexes: [
      ['crime_type_id', 'month', 'lsoa_id', 'ward_id', 'district_id', 'n'],
      ['district_id', 'month', 'lsoa_id', 'ward_id', 'crime_type_id', 'n'],
    ],
  },
  {
    // cube_area with months rounded down to quarters: the LSOA views over financial years, quarters and
    // whole-quarter date ranges read half the rows and sort fewer. No victim attributes: a cube keeping
    // LSOA with those is larger than the record table's index (shared/PERF-NOTES.md).
    table: 'cube_area_quarter',
    family: 'area',
    grain: 'quarter',
    columns: [...BASE, 'ward_id', 'lsoa_id'],
    from: 'cube_area',
    indexes: [
      ['crime_type_id', 'month', 'lsoa_id', 'ward_id', 'district_id', 'n'],
      ['district_id', 'month', 'lsoa_id', 'ward_id', 'crime_type_id', 'n'],
    ],
  },
  {
    // The same by financial year (49k rows at 1M): the LSOA top list for a year reads one row per LSOA.
    table: 'cube_area_fin_year',
    family: 'area',
    grain: 'fin_year',
    columns: [...BASE, 'ward_id', 'lsoa_id'],
    from: 'cube_area_quarter',
    indexes: [
      ['crime_type_id', 'month', 'lsoa_id', 'ward_id', 'district_id', 'n'],
      ['district_id', 'month', 'lsoa_id', 'ward_id', 'crime_type_id', 'n'],
    ],
  },
  {
    table: 'cube_ward',
    family: 'area',
    grain: 'month',
    columns: [...BASE, 'ward_id'],
    from: 'cube_area',
    indexes: [['district_id', 'ward_id', 'crime_type_id', 'month', 'n']],
  },
  {
    table: 'cube_area_total',
    family: 'area',
    grain: 'none',
    columns: [...BASE, 'ward_id', 'lsoa_id'],
    from: 'cube_area',
    indexes: [['district_id', 'ward_id', 'crime_type_id', 'n']],
  },
];

/**
 * The order a pivot tries the cubes in: smallest first (rows at 1M generated
 * records: quarter 3k, total 6k, area total 10k, month 9k, record_cube 41k, flags 21k,
 * person 78k, ward 109k, victim 131k, area by financial year 49k, area by
 * quarter 163k, area 342k; the area ones only for LSOA, as ward has cube_ward), except
 * that record_cube's indexes make it the better read for crime type and
 * month slices.
 */
const PREFERENCE: readonly string[] = [
  'cube_quarter',
  'cube_total',
  'cube_area_total',
  'cube_month',
  // Before the smaller cube_flags: its indexes serve crime type and month slices.
  'record_cube',
  'cube_flags',
  'cube_person',
  'cube_ward',
  'cube_victim',
  'cube_area_fin_year',
  'cube_area_quarter',
  'cube_area',
];

/** The record column each cube-answerable dimension reads; period dimensions read `month`. */
const DIMENSION_COLUMN: ReadonlyMap<Dimension, string> = new Map<Dimension, string>([
  ['crime_type', 'crime_type_id'],
  ['offence_group', 'crime_type_id'],
  ['district', 'district_id'],
  ['ward', 'ward_id'],
  ['lsoa', 'lsoa_id'],
  ['age_band', 'age_band_id'],
  ['sex', 'sex'],
  ['record_type', 'record_type'],
  ['domestic', 'domestic'],
  ['hate', 'hate'],
  ['alcohol', 'alcohol'],
  ['source', 'source'],
]);
const QUARTER_GRAIN_DIMENSIONS: ReadonlySet<Dimension> = new Set<Dimension>(['quarter', 'fin_year', 'year']);
/** The period dimensions a financial-year cube can answer (calendar years and quarters cut across them). */
const FIN_YEAR_GRAIN_DIMENSIONS: ReadonlySet<Dimension> = new Set<Dimension>(['fin_year']);

/** Every dimension some cube can answer. */
export const CUBE_DIMENSIONS: ReadonlySet<Dimension> = new Set<Dimension>([
  ...DIMENSION_COLUMN.keys(),
  'month',
  ...QUARTER_GRAIN_DIMENSIONS,
]);

/** Bumped when the cube tables change shape, so files saved with older cubes rebuild them. */
const CUBE_DESIGN = 'v5';
const SIGNATURE_KEY: Readonly<Record<Family, string>> = { victim: 'cube_signature', area: 'cube_area_signature' };

/** A SHA-256 digest of a string: the import list need not be stored whole, and a collision would mean a stale cube. */
function digest(text: string): string {
  return sha256Hex(new TextEncoder().encode(text));
}

/**
 * Changes whenever records are added, updated or removed (every import, and
 * every removal, changes the import list) or the age bands are edited. It is
 * computed on every pivot, so it reads only small tables and the record
 * table's last rowid: COUNT(*) over a million records alone takes longer
 * than a pivot from the cube.
 */
/** The signature, read once until the workbench is next written to. */
const signatures = new UntilWrite<string>();

function recordsSignature(db: Database): string {
  return signatures.get(db, 'records', () => readRecordsSignature(db));
}

function readRecordsSignature(db: Database): string {
  const row = db.exec(
    `SELECT (SELECT MAX(id) FROM record),
            (SELECT COUNT(*) || ';' || group_concat(line, ',') FROM (
               SELECT id || '/' || sha256 || '/' || imported_at || '/' || accepted || '/' || updated AS line
               FROM import ORDER BY id)),
            (SELECT group_concat(id || ':' || IFNULL(min_age, '') || '-' || IFNULL(max_age, ''), ',')
             FROM (SELECT id, min_age, max_age FROM age_band ORDER BY id))`,
  )[0]?.values[0];
  return `${CUBE_DESIGN}:${String(row?.[0] ?? 0)}:${digest(String(row?.[1] ?? ''))}:${digest(String(row?.[2] ?? ''))}`;
}

const storedSignatures = new UntilWrite<string | null>();

function storedSignature(db: Database, family: Family): string | null {
  return storedSignatures.get(db, family, () => {
    const row = db.exec('SELECT value FROM meta WHERE key = ?', [SIGNATURE_KEY[family]])[0]?.values[0];
    return typeof row?.[0] === 'string' ? row[0] : null;
  });
}

function isFamilyCurrent(db: Database, family: Family, signature = recordsSignature(db)): boolean {
  return storedSignature(db, family) === signature;
}

/**
 * Marks every cube stale (the signature already covers the age bands; this is
 * for changes it cannot see): the next pivot that reads one rebuilds it.
 */
export function invalidateCube(db: Database): void {
  db.run('DELETE FROM meta WHERE key IN (?, ?)', [SIGNATURE_KEY.victim, SIGNATURE_KEY.area]);
}

/** True when every cube matches the records. */
export function isCubeCurrent(db: Database): boolean {
  const signature = recordsSignature(db);
  return isFamilyCurrent(db, 'victim', signature) && isFamilyCurrent(db, 'area', signature);
}

/**
 * The month a cube row stands for. A quarter-grain cube keeps each quarter's first month, so month / 3,
 * (month - 3) / 12 and month / 12 still work; a financial-year cube each year's April, so (month - 3) / 12 does.
 */
const MONTH_AT: Readonly<Record<Grain, string>> = {
  none: 'month',
  fin_year: '((month - 3) / 12) * 12 + 3',
  quarter: '(month / 3) * 3',
  month: 'month',
};

/** A key column's value and NULL (0) each take one UTF-16 code unit of a group's key. */
const LARGEST_KEY_VALUE = 0xfffe;

/**
 * Fills a cube by counting its groups in a Map rather than by SQLite's
 * GROUP BY, which sorts every row it reads: at 1M records cube_victim took
 * 3.6 s of an 11.7 s build that way. A group's key is its values as one
 * code unit each (value + 1; 0 for NULL), so a row costs one short string.
 * Returns false, having written nothing, when a value does not fit (not a
 * whole number from 0 to 65,533): the caller then groups in SQL.
 */
function fillByCounting(db: Database, cube: CubeTable, keys: readonly string[], source: (column: string) => string): boolean {
  const width = keys.length;
  const groups = new Map<string, number>();
  const codes: number[] = new Array<number>(width).fill(0);
  const read = db.prepare(`SELECT ${keys.map(source).join(', ')}, ${cube.from === 'record' ? '1' : 'n'} FROM ${cube.from}`);
  try {
    const rows = RawNumberReader.of(db, read);
    if (rows === null) return false;
    while (rows.step()) {
      for (let i = 0; i < width; i++) {
        const value = rows.number(i);
        if (value === null) codes[i] = 0;
        else if (Number.isInteger(value) && value >= 0 && value < LARGEST_KEY_VALUE) codes[i] = value + 1;
        else return false;
      }
      const key = String.fromCharCode(...codes);
      groups.set(key, (groups.get(key) ?? 0) + (rows.number(width) ?? 0));
    }
  } finally {
    read.free();
  }
  const insert = db.prepare(`INSERT INTO ${cube.table} (${keys.join(', ')}, n) VALUES (${keys.map(() => '?').join(', ')}, ?)`);
  const bind = RawInsert.of(db, insert);
  const values: (number | null)[] = new Array<number | null>(width + 1).fill(null);
  try {
    for (const [key, count] of groups) {
      for (let i = 0; i < width; i++) {
        const code = key.charCodeAt(i);
        values[i] = code === 0 ? null : code - 1;
      }
      values[width] = count;
      if (bind === null) {
        insert.run(values);
        continue;
      }
      values.forEach((value, i) => bind.number(i + 1, value));
      // On an SQLite error, sql.js's own run throws it with SQLite's message.
      if (!bind.step()) insert.run(values);
    }
  } finally {
    bind?.free();
    insert.free();
  }
  return true;
}

function buildTable(db: Database, cube: CubeTable): void {
  const keys = cube.grain === 'none' ? [...cube.columns] : [...cube.columns, 'month'];
  const source = (column: string): string => (column === 'month' ? MONTH_AT[cube.grain] : column);
  const count = cube.from === 'record' ? 'COUNT(*)' : 'SUM(n)';
  db.run(`DROP TABLE IF EXISTS ${cube.table}`);
  db.run(`CREATE TABLE ${cube.table} (${keys.map((c) => `${c} INTEGER`).join(', ')}, n INTEGER NOT NULL)`);
  if (!fillByCounting(db, cube, keys, source)) {
    db.run(
      `INSERT INTO ${cube.table} (${keys.join(', ')}, n)
       SELECT ${keys.map(source).join(', ')}, ${count} FROM ${cube.from}
       GROUP BY ${keys.map((_, i) => String(i + 1)).join(', ')}`,
    );
  }
  // Indexes after the rows: building one from sorted data is cheaper than keeping it up to date.
  cube.indexes.forEach((columns, i) => {
    db.run(`CREATE INDEX ${cube.table}_${i + 1} ON ${cube.table} (${columns.join(', ')})`);
  });
}

function refreshFamily(db: Database, family: Family, signature: string): void {
  db.run('SAVEPOINT refresh_cube');
  try {
    for (const cube of CUBES) if (cube.family === family) buildTable(db, cube);
    db.run(
      `INSERT INTO meta (key, value) VALUES (?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      [SIGNATURE_KEY[family], signature],
    );
    db.run('RELEASE refresh_cube');
  } catch (error) {
    db.run('ROLLBACK TO refresh_cube');
    forgetReads(db);
    db.run('RELEASE refresh_cube');
    throw error;
  }
}

/** Rebuilds every cube from the records (inside the caller's transaction, if any). */
export function refreshCube(db: Database): void {
  const signature = recordsSignature(db);
  refreshFamily(db, 'victim', signature);
  refreshFamily(db, 'area', signature);
}

/** Month range of a query, as month indexes (null = open). */
export interface MonthRange {
  from: number | null;
  to: number | null;
}

/**
 * The finest months a pivot needs: a date range off quarter boundaries or a
 * month dimension needs months; quarters, calendar years or a range off
 * financial-year boundaries (April to March) need quarters.
 */
function neededGrain(dimensions: readonly Dimension[], range: MonthRange | undefined): Grain {
  // Without the range we cannot know what the query filters on, so only monthly cubes are safe.
  if (range === undefined || dimensions.includes('month')) return 'month';
  const offBoundary = (step: number, first: number): boolean =>
    (range.from !== null && (range.from - first) % step !== 0) || (range.to !== null && (range.to + 1 - first) % step !== 0);
  if (offBoundary(3, 0)) return 'month';
  if (offBoundary(12, 3) || dimensions.some((d) => QUARTER_GRAIN_DIMENSIONS.has(d) && !FIN_YEAR_GRAIN_DIMENSIONS.has(d))) return 'quarter';
  if (range.from !== null || range.to !== null || dimensions.some((d) => FIN_YEAR_GRAIN_DIMENSIONS.has(d))) return 'fin_year';
  return 'none';
}

/** The cube a pivot over these dimensions (rows, columns and filters) and month range can read, if any. */
export function chooseCube(dimensions: readonly Dimension[], range?: MonthRange): string | null {
  const grain = neededGrain(dimensions, range);
  const columns: string[] = [];
  for (const dimension of dimensions) {
    if (dimension === 'month' || QUARTER_GRAIN_DIMENSIONS.has(dimension)) continue;
    const column = DIMENSION_COLUMN.get(dimension);
    if (column === undefined) return null;
    columns.push(column);
  }
  for (const table of PREFERENCE) {
    const cube = CUBES.find((c) => c.table === table);
    if (cube === undefined || GRAIN_RANK[cube.grain] < GRAIN_RANK[grain]) continue;
    if (columns.every((c) => cube.columns.includes(c))) return cube.table;
  }
  return null;
}

/** Databases whose pivots read the record table for now (see withRecordTable). */
const recordTableOnly = new WeakSet<Database>();

/**
 * Runs `read` with every pivot on `db` answered from the record table, not a
 * cube: what tests and the benchmark compare the cubes against.
 */
export function withRecordTable<T>(db: Database, read: () => T): T {
  recordTableOnly.add(db);
  try {
    return read();
  } finally {
    recordTableOnly.delete(db);
  }
}

/**
 * The table a pivot over these dimensions should read: the smallest cube that
 * can answer (rebuilt here when stale), else the records. Pass the query's
 * month range so cubes without months can be used; without it only monthly
 * cubes are considered.
 */
export function pivotSource(
  db: Database,
  dimensions: readonly Dimension[],
  range?: MonthRange,
): { table: string; count: string } {
  // The near-repeat flag is derived data too: refilled if the records changed since (e.g. an import removed).
  if (dimensions.includes('near_repeat')) ensureNearRepeatColumn(db);
  const table = recordTableOnly.has(db) ? null : chooseCube(dimensions, range);
  const cube = CUBES.find((c) => c.table === table);
  if (cube === undefined) return { table: 'record', count: 'COUNT(*)' };
  const signature = recordsSignature(db);
  if (!isFamilyCurrent(db, cube.family, signature)) refreshFamily(db, cube.family, signature);
  return { table: cube.table, count: 'SUM(r.n)' };
}
