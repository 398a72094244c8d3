/**
 * The records behind one pivot cell, a page at a time. It uses the same
 * WHERE clause as the pivot plus one equality per row and column dimension,
 * so the number of records here always equals the cell's count. A financial
 * year to date or rolling 12 months cell counts a window of months: its
 * records are the window's, as many as the figure. Each record is shown by
 * the source's own reference, in any order a column gives; the export reads
 * them all in one pass (drillThroughCsvSteps).
 */
import type { Database, SqlValue } from 'sql.js';
import { formatDay } from '../import/dates';
import { formatMonth, parseMonth } from '../periods';
import { RECORD_TYPE, SOURCE } from '../schema';
import { type Dimension, encodeLabel, isPeriodDimension, loadLookups, needsCrimeTypeJoin, periodOfMonth, periodStartMonth } from './dimensions';
import { compileWhere } from './run-pivot';
import type { Steps } from '../analytics/steps';
import { WorkbenchError } from '../errors';
import { escapeCsvCell } from '../export/csv';
import { type PivotFilter, type PivotSpec, isIquantaMeasure, validatePivotSpec } from './spec';

export interface DrillThroughRequest {
  spec: PivotSpec;
  /** Labels of the cell's row (one per row dimension); empty for a column total. */
  rowKey: string[];
  /** Labels of the cell's column; empty for a row total. */
  columnKey: string[];
  offset: number;
  limit: number;
  /** The order of the records: a field, ascending unless `descending` (blanks last either way); month then id by default. */
  sort?: DrillSort;
}

export interface DrillSort {
  field: keyof DrillThroughRecord;
  descending?: boolean;
}

/**
 * One record as the drill-through grid shows it: what the analyst checks it by
 * in the source system. Victims are not identified: no victim reference or
 * pseudonym, and the age as its band only.
 */
export interface DrillThroughRecord {
  /** The source's own reference (crime or incident number, police.uk's Crime ID); null for records imported before references were kept, and police.uk ASB. */
  reference: string | null;
  source: string;
  recordType: 'crime' | 'incident';
  month: string;
  date: string | null;
  /** Hour of day committed, "22:00-22:59", where the extract gives a time. */
  hour: string | null;
  reportedDate: string | null;
  crimeType: string;
  offenceCode: string | null;
  district: string;
  ward: string | null;
  lsoa: string | null;
  location: string | null;
  easting: number | null;
  northing: number | null;
  latitude: number | null;
  longitude: number | null;
  ageBand: string | null;
  sex: 'F' | 'M' | null;
  /** Flags as Y / N, blank when the extract does not say; hate as its strand where one is given. */
  domestic: 'Y' | 'N' | null;
  hate: string | null;
  alcohol: 'Y' | 'N' | null;
  asbCategory: string | null;
  outcome: string | null;
  /** Near-repeat flag (the Repeat victimisation tab's settings): Y / N, blank when not assessed. */
  nearRepeat: 'Y' | 'N' | null;
  /** The record's id in this workbench. */
  id: number;
}

export interface DrillThroughPage {
  total: number;
  offset: number;
  /** The fields the records' sources have, in the order shown: a police.uk record has no ward, age band or flags. */
  fields: (keyof DrillThroughRecord)[];
  records: DrillThroughRecord[];
}

/** Every field, in the order the grid and its export show them. */
export const DRILL_FIELDS = [
  'reference', 'source', 'recordType', 'month', 'date', 'hour', 'reportedDate', 'crimeType', 'offenceCode', 'district',
  'ward', 'lsoa', 'location', 'ageBand', 'sex', 'domestic', 'hate', 'alcohol', 'asbCategory', 'nearRepeat', 'outcome',
  'easting', 'northing', 'latitude', 'longitude', 'id',
] as const satisfies readonly (keyof DrillThroughRecord)[];

/** What police.uk's street-level files give (month, snapped location and last outcome; no day, victim or flags). */
const POLICE_UK_FIELDS: ReadonlySet<keyof DrillThroughRecord> = new Set([
  'reference', 'source', 'recordType', 'month', 'crimeType', 'district', 'lsoa', 'location', 'outcome', 'latitude', 'longitude', 'nearRepeat', 'id',
]);
/** What a district profile extract can give (no police.uk snapped location). */
const DISTRICT_FIELDS: ReadonlySet<keyof DrillThroughRecord> = new Set(DRILL_FIELDS.filter((field) => field !== 'location'));

/** The fields of records from these sources, in DRILL_FIELDS order (every field for an unknown source). */
export function drillFields(sources: readonly number[]): (keyof DrillThroughRecord)[] {
  const of = sources.map((source) => (source === SOURCE['police-uk'] ? POLICE_UK_FIELDS : source === SOURCE.district ? DISTRICT_FIELDS : null));
  if (of.length === 0 || of.includes(null)) return [...DRILL_FIELDS];
  return DRILL_FIELDS.filter((field) => of.some((fields) => fields?.has(field) === true));
}

/** The spec's filters plus the cell's own row and column values. */
export function cellFilters(request: Pick<DrillThroughRequest, 'spec' | 'rowKey' | 'columnKey'>): PivotFilter[] {
  const { spec } = request;
  const filters = spec.filters.map((f) => ({ dimension: f.dimension, values: [...f.values] }));
  // Filters are ANDed, so a cell inside a filtered pivot matches both.
  const add = (dimension: Dimension, label: string): void => {
    filters.push({ dimension, values: [label] });
  };
  spec.rows.forEach((dimension, i) => {
    const label = request.rowKey[i];
    if (label !== undefined) add(dimension, label);
  });
  spec.columns.forEach((dimension, i) => {
    const label = request.columnKey[i];
    if (label !== undefined) add(dimension, label);
  });
  return filters;
}

/**
 * Financial year to date and rolling 12 months count a window of months
 * ending at the cell's period (as run-pivot's timePivot does), so the
 * records behind such a cell are the whole window's, not its own month's.
 * Null for every other measure, and for cells with no period (row totals).
 */
export function windowMonths(db: Database, spec: PivotSpec, columnKey: readonly string[]): { from: number; to: number } | null {
  if (spec.measure !== 'fytd' && spec.measure !== 'rolling_12') return null;
  const time = spec.columns[spec.columns.length - 1];
  const label = columnKey[spec.columns.length - 1];
  if (time === undefined || label === undefined || !isPeriodDimension(time)) return null;
  const code = encodeLabel(time, label, loadLookups(db, [time]));
  if (typeof code !== 'number') return null;
  if (time === 'month') {
    return { from: spec.measure === 'rolling_12' ? code - 11 : periodStartMonth('fin_year', periodOfMonth('fin_year', code)), to: code };
  }
  if (time !== 'fin_year' || spec.measure !== 'fytd') return null;
  // A year to date spans April to the calendar month of the latest month shown (--to, else the data's last), every year alike.
  const last = Number(db.exec('SELECT MAX(month) FROM record')[0]?.values[0]?.[0] ?? Number.NaN);
  const to = spec.to === undefined ? last : Math.min(last, parseMonth(spec.to) ?? last);
  if (!Number.isFinite(to)) return null;
  const months = to - periodStartMonth('fin_year', periodOfMonth('fin_year', to)) + 1;
  const start = periodStartMonth('fin_year', code);
  return { from: start, to: start + months - 1 };
}

/** The cell's records as a query: FROM, WHERE and its parameters, with the count by source. */
interface DrillQuery {
  from: string;
  where: { sql: string; params: SqlValue[] };
  total: number;
  fields: (keyof DrillThroughRecord)[];
}

function drillQuery(db: Database, request: Pick<DrillThroughRequest, 'spec' | 'rowKey' | 'columnKey'>): DrillQuery {
  const spec = validatePivotSpec(request.spec);
  if (isIquantaMeasure(spec.measure)) {
    throw new WorkbenchError({ code: 'usage', message: 'iQuanta figures are published aggregates: there are no records behind them to drill into.' });
  }
  const window = windowMonths(db, spec, request.columnKey);
  // A window cell: its months replace the period's own filter and the pivot's range, which the window looks back beyond.
  const filters = cellFilters(window === null ? request : { ...request, columnKey: request.columnKey.slice(0, -1) });
  const dimensions = filters.map((f) => f.dimension);
  const lookups = loadLookups(db, dimensions);
  const where = compileWhere(
    { ...spec, filters },
    lookups,
    window ?? {
      from: spec.from === undefined ? null : parseMonth(spec.from),
      to: spec.to === undefined ? null : parseMonth(spec.to),
    },
  );
  const from = needsCrimeTypeJoin(dimensions) ? 'record r JOIN crime_type ct ON ct.id = r.crime_type_id' : 'record r';
  // By source (an indexed column, so no dearer than the count alone): which fields the records can have.
  const bySource = db.exec(`SELECT r.source, COUNT(*) FROM ${from} ${where.sql} GROUP BY r.source`, where.params)[0]?.values ?? [];
  const total = bySource.reduce((sum, row) => sum + Number(row[1]), 0);
  return { from, where, total, fields: drillFields(bySource.map((row) => Number(row[0]))) };
}

/**
 * What each field sorts by (recordsSql's aliases): coded fields by their name, an age band by
 * its place in the band set, a date by its day. From this list only: the request never writes SQL.
 */
const SORT_SQL: Readonly<Record<keyof DrillThroughRecord, string>> = {
  reference: 'r.record_ref',
  source: 'r.source',
  recordType: 'r.record_type',
  month: 'r.month',
  date: 'r.day',
  hour: 'r.hour',
  reportedDate: 'r.reported_day',
  crimeType: 'ctn.name',
  offenceCode: 'r.offence_code',
  district: 'd.name',
  ward: 'w.name',
  lsoa: 'l.code',
  location: 'loc.name',
  easting: 'r.easting',
  northing: 'r.northing',
  latitude: 'r.latitude',
  longitude: 'r.longitude',
  ageBand: 'ab.sort_order',
  sex: 'r.sex',
  domestic: 'r.domestic',
  hate: 'IFNULL(hs.name, r.hate)',
  alcohol: 'r.alcohol',
  asbCategory: 'ac.name',
  outcome: 'o.name',
  nearRepeat: 'r.near_repeat',
  id: 'r.id',
};

/** ORDER BY for a sort: the field (blanks last), then month and id so every order is total and pages never overlap. */
function orderBy(sort: DrillSort | undefined): string {
  const expression = sort === undefined ? undefined : Object.hasOwn(SORT_SQL, sort.field) ? SORT_SQL[sort.field] : undefined;
  if (sort !== undefined && expression === undefined) throw new WorkbenchError({ code: 'usage', message: `The records cannot be sorted by "${String(sort.field)}".` });
  if (expression === undefined) return 'r.month, r.id';
  const direction = sort?.descending === true ? 'DESC' : 'ASC';
  return `${expression} IS NULL, ${expression} ${direction}, r.month, r.id`;
}

/** The records' columns (as recordOf reads them), in the request's order. */
function recordsSql({ from, where }: DrillQuery, paged: boolean, sort?: DrillSort): string {
  return `SELECT r.id, r.source, r.month, r.day, ctn.name, d.name, l.code, loc.name, o.name, r.latitude, r.longitude,
      r.record_ref, r.record_type, r.hour, r.reported_day, r.offence_code, w.name, r.easting, r.northing, ab.name, r.sex,
      r.domestic, r.hate, hs.name, r.alcohol, ac.name, r.near_repeat
    FROM ${from}
    JOIN crime_type ctn ON ctn.id = r.crime_type_id
    JOIN district d ON d.id = r.district_id
    LEFT JOIN lsoa l ON l.id = r.lsoa_id
    LEFT JOIN location loc ON loc.id = r.location_id
    LEFT JOIN outcome o ON o.id = r.outcome_id
    LEFT JOIN ward w ON w.id = r.ward_id
    LEFT JOIN age_band ab ON ab.id = r.age_band_id
    LEFT JOIN hate_strand hs ON hs.id = r.hate_strand_id
    LEFT JOIN asb_category ac ON ac.id = r.asb_category_id
    ${where.sql}
    ORDER BY ${orderBy(sort)}${paged ? ' LIMIT ? OFFSET ?' : ''}`;
}

const SOURCE_NAMES = new Map<number, string>(Object.entries(SOURCE).map(([name, code]) => [code, name]));

/** One row of recordsSql as the record the grid and the export show. */
function recordOf(row: readonly SqlValue[]): DrillThroughRecord {
  return {
    reference: textOrNull(row[11]),
    source: SOURCE_NAMES.get(Number(row[1])) ?? String(row[1]),
    recordType: Number(row[12]) === RECORD_TYPE.incident ? 'incident' : 'crime',
    month: formatMonth(Number(row[2])),
    date: dayOrNull(row[3]),
    hour: row[13] === null || row[13] === undefined ? null : `${String(row[13]).padStart(2, '0')}:00-${String(row[13]).padStart(2, '0')}:59`,
    reportedDate: dayOrNull(row[14]),
    crimeType: String(row[4]),
    offenceCode: textOrNull(row[15]),
    district: String(row[5]),
    ward: textOrNull(row[16]),
    lsoa: textOrNull(row[6]),
    location: textOrNull(row[7]),
    easting: numberOrNull(row[17]),
    northing: numberOrNull(row[18]),
    latitude: numberOrNull(row[9]),
    longitude: numberOrNull(row[10]),
    ageBand: textOrNull(row[19]),
    sex: row[20] === 1 ? 'F' : row[20] === 2 ? 'M' : null,
    domestic: flag(row[21]),
    hate: row[23] !== null && row[23] !== undefined && row[22] !== 0 ? String(row[23]) : flag(row[22]),
    alcohol: flag(row[24]),
    asbCategory: textOrNull(row[25]),
    outcome: textOrNull(row[8]),
    nearRepeat: flag(row[26]),
    id: Number(row[0]),
  };
}

export function drillThrough(db: Database, request: DrillThroughRequest): DrillThroughPage {
  const query = drillQuery(db, request);
  const limit = Math.max(1, Math.min(request.limit, 5_000));
  const offset = Math.max(0, request.offset);
  const rows = db.exec(recordsSql(query, true, request.sort), [...query.where.params, limit, offset])[0]?.values ?? [];
  return { total: query.total, offset, fields: query.fields, records: rows.map(recordOf) };
}

/** Each field's column heading, in the grid and the export. */
export const DRILL_LABELS: Readonly<Record<keyof DrillThroughRecord, string>> = {
  reference: 'Reference',
  source: 'Source',
  recordType: 'Record type',
  month: 'Month',
  date: 'Date',
  hour: 'Time',
  reportedDate: 'Reported',
  crimeType: 'Crime type',
  offenceCode: 'Offence code',
  district: 'District',
  ward: 'Ward',
  lsoa: 'LSOA',
  location: 'Location',
  ageBand: 'Victim age band',
  sex: 'Victim sex',
  domestic: 'Domestic',
  hate: 'Hate',
  alcohol: 'Alcohol',
  asbCategory: 'ASB category',
  nearRepeat: 'Near repeat',
  outcome: 'Outcome',
  easting: 'Easting',
  northing: 'Northing',
  latitude: 'Latitude',
  longitude: 'Longitude',
  id: 'Workbench record id',
};

export interface DrillCsvRequest {
  spec: PivotSpec;
  rowKey: string[];
  columnKey: string[];
  /** Lines above the table (what the records are behind, the scope, the sources). */
  header: string[];
  /** The grid's order, which the file keeps. */
  sort?: DrillSort;
}

/** Rows read between yields (progress and a chance to cancel). */
const CSV_ROWS_PER_STEP = 20_000;

/**
 * Every record behind the cell as a CSV file's text (the header lines, a
 * blank line, the columns, then a line per record, as exportTableToCsv
 * writes a table), read by one statement in order: paging through a large
 * cell would sort its records once per page.
 */
export function* drillThroughCsvSteps(db: Database, request: DrillCsvRequest): Steps<{ csv: string; count: number }> {
  const query = drillQuery(db, request);
  const lines = [...request.header.map((line) => escapeCsvCell(line)), '', query.fields.map((field) => escapeCsvCell(DRILL_LABELS[field])).join(',')];
  const statement = db.prepare(recordsSql(query, false, request.sort));
  let count = 0;
  try {
    statement.bind(query.where.params);
    while (statement.step()) {
      const record = recordOf(statement.get());
      lines.push(query.fields.map((field) => escapeCsvCell(record[field])).join(','));
      count++;
      if (count % CSV_ROWS_PER_STEP === 0) yield { done: count, total: query.total };
    }
  } finally {
    statement.free();
  }
  return { csv: `${lines.join('\r\n')}\r\n`, count };
}

function textOrNull(value: SqlValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

function numberOrNull(value: SqlValue | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function dayOrNull(value: SqlValue | undefined): string | null {
  return value === null || value === undefined ? null : formatDay(Number(value));
}

function flag(value: SqlValue | undefined): 'Y' | 'N' | null {
  return value === null || value === undefined ? null : Number(value) === 0 ? 'N' : 'Y';
}
