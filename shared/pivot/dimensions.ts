/**
 * The dimensions a pivot can use. Each compiles to an integer SQL expression
 * over `record r` (so GROUP BY works on codes, not text), and decodes codes
 * to the labels analysts see. A null code is the explicit "not recorded"
 * value, never silently dropped.
 */
import type { Database } from 'sql.js';
import { UntilWrite } from '../write-count';
import {
  formatFinancialYear,
  formatMonth,
  formatQuarter,
  parseFinancialYear,
  parseMonth,
  parseQuarter,
} from '../periods';
import { FORCE_DISTRICTS, UNKNOWN_DISTRICT } from '../districts';
import { RECORD_TYPE, SOURCE } from '../schema';

export const DIMENSIONS = [
  'crime_type',
  'offence_group',
  'district',
  'ward',
  'lsoa',
  'age_band',
  'sex',
  'record_type',
  'domestic',
  'hate',
  'alcohol',
  'month',
  'quarter',
  'fin_year',
  'year',
  'source',
  'near_repeat',
  'day_of_week',
  'hour',
  'iq_area',
  'iq_measure',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const PERIOD_DIMENSIONS = ['month', 'quarter', 'fin_year', 'year'] as const satisfies readonly Dimension[];
export type PeriodDimension = (typeof PERIOD_DIMENSIONS)[number];

export function isDimension(name: string): name is Dimension {
  return (DIMENSIONS as readonly string[]).includes(name);
}

export function isPeriodDimension(name: Dimension): name is PeriodDimension {
  return (PERIOD_DIMENSIONS as readonly string[]).includes(name);
}

export const DIMENSION_LABELS: Readonly<Record<Dimension, string>> = {
  crime_type: 'Crime type',
  offence_group: 'Offence group',
  district: 'District',
  ward: 'Ward',
  lsoa: 'LSOA',
  age_band: 'Victim age band',
  sex: 'Victim sex',
  record_type: 'Record type',
  domestic: 'Domestic',
  hate: 'Hate',
  alcohol: 'Alcohol',
  month: 'Month',
  quarter: 'Quarter',
  fin_year: 'Financial year',
  year: 'Calendar year',
  source: 'Source',
  near_repeat: 'Near repeat',
  day_of_week: 'Day of week',
  hour: 'Hour of day',
  iq_area: 'iQuanta area',
  iq_measure: 'iQuanta measure',
};

/**
 * Dimensions of the iQuanta table (comparative aggregates, not records). An
 * iQuanta pivot uses these and the period dimensions only; a record pivot
 * never uses these.
 */
export const IQUANTA_DIMENSIONS = ['iq_area', 'iq_measure'] as const satisfies readonly Dimension[];
export type IquantaDimension = (typeof IQUANTA_DIMENSIONS)[number];

export function isIquantaDimension(name: Dimension): name is IquantaDimension {
  return (IQUANTA_DIMENSIONS as readonly string[]).includes(name);
}

/** Monday first, as UK calendars are; record.day 0 (1970-01-01) was a Thursday. */
export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** Day of week (0 = Monday) of a day count since 1970-01-01. */
export function dayOfWeek(day: number): number {
  return (((day % 7) + 10) % 7);
}

function formatHour(hour: number): string {
  return String(hour).padStart(2, '0');
}

function parseHour(label: string): number | null {
  const match = /^(\d{1,2})(?::00)?$/.exec(label.trim());
  return match && Number(match[1]) <= 23 ? Number(match[1]) : null;
}

function parseDayName(label: string): number | null {
  const index = DAY_NAMES.findIndex((name) => name.toLowerCase() === label.trim().toLowerCase());
  return index >= 0 ? index : null;
}

/** Months covered by one period of each period dimension. */
export const PERIOD_MONTHS: Readonly<Record<PeriodDimension, number>> = { month: 1, quarter: 3, fin_year: 12, year: 12 };

const SEX_LABELS = new Map<number, string>([
  [1, 'Female'],
  [2, 'Male'],
]);
const FLAG_LABELS = new Map<number, string>([
  [1, 'Yes'],
  [0, 'No'],
]);
const RECORD_TYPE_LABELS = new Map<number, string>([
  [RECORD_TYPE.crime, 'Crime'],
  [RECORD_TYPE.incident, 'Incident'],
]);
const SOURCE_LABELS = new Map<number, string>(Object.entries(SOURCE).map(([name, code]) => [code, name]));

/** Labels of lookup-table dimensions, loaded once per query. */
export interface Lookups {
  labels: Map<Dimension, Map<number, string>>;
  order: Map<Dimension, Map<number, number>>;
}

interface DimensionDef {
  /** SQL expression giving the integer code; may refer to `r` and `ct` (crime_type). */
  sql: string;
  needsCrimeType?: boolean;
  unknownLabel: string;
  /** Where the labels come from: a lookup table, fixed labels, or a period formatter. */
  labels: TableSource | ReadonlyMap<number, string> | ((code: number) => string);
  /** Label to code, for periods (the others reverse their label map). */
  parse?: (label: string) => number | null;
}

/**
 * The force's own districts first, then the others police.uk places records in
 * (LSOAs over the border: Amber Valley, Erewash, ...), then Unknown district, each
 * alphabetically: an analyst reads the force area before the strays. Constants
 * only, quoted as SQL literals.
 */
const sqlText = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const FORCE_NAMES = FORCE_DISTRICTS.map(sqlText).join(', ');
const DISTRICT_ORDER = `CASE WHEN name IN (${FORCE_NAMES}) THEN 0 WHEN name = ${sqlText(UNKNOWN_DISTRICT)} THEN 2 ELSE 1 END, name COLLATE NOCASE`;
/**
 * LSOAs and wards the same way, by the district each lies in: the force's
 * own first (an LSOA whose district is one of the eight), then those over
 * the border, then those of no known district, each by code (LSOA) or name
 * (ward). By code alone, police.uk's strays (E01019xxx in Amber Valley)
 * sat among the force's own (E01027xxx-E01028xxx and E01033xxx).
 */
const byDistrict = (column: string): string =>
  `CASE WHEN district_id IN (SELECT id FROM district WHERE name IN (${FORCE_NAMES})) THEN 0 WHEN district_id IS NULL OR district_id IN (SELECT id FROM district WHERE name = ${sqlText(UNKNOWN_DISTRICT)}) THEN 2 ELSE 1 END, ${column} COLLATE NOCASE`;

const DEFS: Readonly<Record<Dimension, DimensionDef>> = {
  crime_type: { sql: 'r.crime_type_id', unknownLabel: 'Unknown', labels: { table: 'crime_type', column: 'name' } },
  offence_group: {
    sql: 'ct.offence_group_id',
    needsCrimeType: true,
    unknownLabel: 'Not mapped',
    labels: { table: 'offence_group', column: 'name', orderBy: 'id' },
  },
  district: { sql: 'r.district_id', unknownLabel: 'Unknown district', labels: { table: 'district', column: 'name', orderBy: DISTRICT_ORDER } },
  ward: { sql: 'r.ward_id', unknownLabel: 'Unknown ward', labels: { table: 'ward', column: 'name', orderBy: byDistrict('name') } },
  lsoa: { sql: 'r.lsoa_id', unknownLabel: 'Unknown LSOA', labels: { table: 'lsoa', column: 'code', orderBy: byDistrict('code') } },
  age_band: {
    sql: 'r.age_band_id',
    unknownLabel: 'Unknown',
    labels: { table: 'age_band', column: 'name', orderBy: 'sort_order' },
  },
  sex: { sql: 'r.sex', unknownLabel: 'Unknown', labels: SEX_LABELS },
  record_type: { sql: 'r.record_type', unknownLabel: 'Unknown', labels: RECORD_TYPE_LABELS },
  domestic: { sql: 'r.domestic', unknownLabel: 'Not recorded', labels: FLAG_LABELS },
  hate: { sql: 'r.hate', unknownLabel: 'Not recorded', labels: FLAG_LABELS },
  alcohol: { sql: 'r.alcohol', unknownLabel: 'Not recorded', labels: FLAG_LABELS },
  month: { sql: 'r.month', unknownLabel: 'Unknown', labels: formatMonth, parse: parseMonth },
  // Month indexes are non-negative, so integer division is floor division.
  quarter: { sql: '(r.month / 3)', unknownLabel: 'Unknown', labels: formatQuarter, parse: parseQuarter },
  fin_year: {
    sql: '((r.month - 3) / 12)',
    unknownLabel: 'Unknown',
    labels: formatFinancialYear,
    parse: parseFinancialYear,
  },
  year: {
    sql: '(r.month / 12)',
    unknownLabel: 'Unknown',
    labels: String,
    parse: (label) => (/^\d{4}$/.test(label.trim()) ? Number(label) : null),
  },
  source: { sql: 'r.source', unknownLabel: 'Unknown', labels: SOURCE_LABELS },
  // Filled by shared/analytics/near-repeat-column.ts; null = not assessed (no date or position, or another crime type).
  near_repeat: { sql: 'r.near_repeat', unknownLabel: 'Not assessed', labels: FLAG_LABELS },
  // Same arithmetic as dayOfWeek(); the +10 keeps days before 1970 non-negative.
  day_of_week: {
    sql: '(((r.day % 7) + 10) % 7)',
    unknownLabel: 'Not recorded',
    labels: (code) => DAY_NAMES[code] ?? 'Not recorded',
    parse: parseDayName,
  },
  hour: { sql: 'r.hour', unknownLabel: 'Not recorded', labels: formatHour, parse: parseHour },
  // iQuanta dimensions are text columns of iquanta_value, grouped by shared/pivot/iquanta.ts;
  // they have no integer code over records.
  iq_area: { sql: 'NULL', unknownLabel: 'Unknown area', labels: String },
  iq_measure: { sql: 'NULL', unknownLabel: 'Unknown measure', labels: String },
};

type TableSource = { table: string; column: string; orderBy?: string };
type LabelSource = DimensionDef['labels'];

function isFixedLabels(source: LabelSource): source is ReadonlyMap<number, string> {
  return source instanceof Map;
}

function isTableSource(source: LabelSource): source is TableSource {
  return typeof source === 'object' && !isFixedLabels(source);
}

export function dimensionSql(dimension: Dimension): string {
  return DEFS[dimension].sql;
}

export function needsCrimeTypeJoin(dimensions: readonly Dimension[]): boolean {
  return dimensions.some((d) => DEFS[d].needsCrimeType === true);
}

/** Each dimension's labels and order, read once until the workbench is next written to. */
const lookupTables = new UntilWrite<{ labels: Map<number, string>; order: Map<number, number> }>();

/** The label lookups of table-backed dimensions. The maps are shared between calls: read them, do not change them. */
export function loadLookups(db: Database, dimensions: readonly Dimension[]): Lookups {
  const lookups: Lookups = { labels: new Map(), order: new Map() };
  for (const dimension of new Set(dimensions)) {
    const source = DEFS[dimension].labels;
    if (!isTableSource(source)) continue;
    const { table, column, orderBy } = source;
    const sql = `SELECT id, ${column} FROM ${table} ORDER BY ${orderBy ?? `${column} COLLATE NOCASE`}`;
    const { labels, order } = lookupTables.get(db, sql, () => {
      const labels = new Map<number, string>();
      const order = new Map<number, number>();
      (db.exec(sql)[0]?.values ?? []).forEach(([id, label], index) => {
        labels.set(Number(id), String(label));
        order.set(Number(id), index);
      });
      return { labels, order };
    });
    lookups.labels.set(dimension, labels);
    lookups.order.set(dimension, order);
  }
  return lookups;
}

export function decodeLabel(dimension: Dimension, code: number | null, lookups: Lookups): string {
  const def = DEFS[dimension];
  if (code === null) return def.unknownLabel;
  const source = def.labels;
  if (typeof source === 'function') return source(code);
  const map = isFixedLabels(source) ? source : lookups.labels.get(dimension);
  return map?.get(code) ?? def.unknownLabel;
}

/**
 * The code of a label, for filters: `null` matches records where the value
 * is not recorded; `undefined` means no record can have that label.
 */
export function encodeLabel(dimension: Dimension, label: string, lookups: Lookups): number | null | undefined {
  const def = DEFS[dimension];
  if (label === def.unknownLabel) return null;
  if (def.parse) return def.parse(label) ?? undefined;
  const source = def.labels;
  const map = isFixedLabels(source) ? source : lookups.labels.get(dimension);
  for (const [code, name] of map ?? []) if (name.toLowerCase() === label.trim().toLowerCase()) return code;
  return undefined;
}

/** Sort order of codes: periods in time order, lookups by their table order, unknown last. */
export function compareCodes(dimension: Dimension, a: number | null, b: number | null, lookups: Lookups): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const order = lookups.order.get(dimension);
  if (order) return (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER);
  const source = DEFS[dimension].labels;
  if (isFixedLabels(source)) return (source.get(a) ?? '').localeCompare(source.get(b) ?? '');
  return a - b;
}

/**
 * compareCodes as a number, for sorting many keys at once (an LSOA list has
 * hundreds): a code's place in its lookup table's order, unknown codes after
 * the known and the null code last; undefined for dimensions without a
 * lookup table, which compareCodes orders otherwise.
 */
export function lookupRank(dimension: Dimension, code: number | null, lookups: Lookups): number | undefined {
  const order = lookups.order.get(dimension);
  if (order === undefined) return undefined;
  return code === null ? Number.MAX_VALUE : (order.get(code) ?? Number.MAX_SAFE_INTEGER);
}

/** First month (index) of a period code. */
export function periodStartMonth(dimension: PeriodDimension, code: number): number {
  switch (dimension) {
    case 'month':
      return code;
    case 'quarter':
      return code * 3;
    case 'fin_year':
      return code * 12 + 3;
    case 'year':
      return code * 12;
  }
}

/** The period code that contains a month index. */
export function periodOfMonth(dimension: PeriodDimension, month: number): number {
  switch (dimension) {
    case 'month':
      return month;
    case 'quarter':
      return Math.floor(month / 3);
    case 'fin_year':
      return Math.floor((month - 3) / 12);
    case 'year':
      return Math.floor(month / 12);
  }
}
