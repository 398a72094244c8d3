/**
 * Repeat and near-repeat victimisation over the workbench's records: picks
 * the records out of the store and hands them to the pure analyses in
 * ./repeats. Victims are only ever seen as pseudonyms.
 */
import type { Database, SqlValue } from 'sql.js';
import { monthLabel, monthSpan } from '../charts/text';
import { WorkbenchError } from '../errors';
import { toCsv } from '../export/csv';
import { formatMonth, parseMonth } from '../periods';
import { type Dimension, decodeLabel, dimensionSql, loadLookups, needsCrimeTypeJoin } from '../pivot/dimensions';
import { compileWhere } from '../pivot/run-pivot';
import type { PivotFilter } from '../pivot/spec';
import { RECORD_TYPE } from '../schema';
import {
  type DistanceMetric,
  type KnoxResult,
  type RepeatVictimSeries,
  dayToIsoDate,
  equalWidthBreaks,
  type KnoxOptions,
  knoxTest,
  knoxTestAsync,
  nearRepeatFlags,
  median,
  parseBreaks,
  checkWindow,
  placeHistorySteps,
  VictimHistories,
  wgs84ToBng,
} from './repeats';
import { PlaceIndex } from './repeats/place-index';
import { type Progress, type StepOptions, type Steps, recordIdSpan, runSteps, runStepsAsync, scanFrom, scanRecordRanges } from './steps';

export const REPEAT_GROUPS = ['domestic', 'hate', 'asb', 'all'] as const;
export type RepeatGroup = (typeof REPEAT_GROUPS)[number];

export interface RepeatsRequest {
  group: RepeatGroup;
  windowDays?: number;
  by: Dimension[];
  filters: PivotFilter[];
  from?: string;
  to?: string;
}

export interface RepeatsRow {
  group: RepeatGroup;
  series: Record<string, string>;
  victims: number;
  repeat_victims: number;
  repeat_rate: number | null;
  records: number;
  repeat_records: number;
  median_days_to_repeat: number | null;
  days_to_repeat: number[];
  /** The months counted (YYYY-MM): the request's, or the span of the group's dated records. */
  period_from: string | null;
  period_to: string | null;
  /** The same months a year earlier. */
  previous_from: string | null;
  previous_to: string | null;
  /** The year-earlier figures for this series; null when it had no records then. */
  previous_victims: number | null;
  previous_repeat_victims: number | null;
  previous_repeat_rate: number | null;
  /** repeat_rate - previous_repeat_rate (a fraction: -0.05 is 5 percentage points lower). */
  repeat_rate_change: number | null;
  /** Relative change in repeat victims, the Plan's "percentage reduction" (-0.1 is 10% fewer); null with none a year earlier. */
  repeat_victims_change: number | null;
  /** Why there is no year-earlier comparison when those months start before the data; null otherwise. */
  previous_note: string | null;
}

const GROUP_SQL: Readonly<Record<RepeatGroup, string>> = {
  domestic: 'r.domestic = 1',
  hate: 'r.hate = 1',
  asb: `r.record_type = ${RECORD_TYPE.incident}`,
  all: '1',
};

function range(request: { from?: string; to?: string }): { from: number | null; to: number | null } {
  return {
    from: request.from === undefined ? null : monthOption('from', request.from),
    to: request.to === undefined ? null : monthOption('to', request.to),
  };
}

function monthOption(field: string, text: string): number {
  const month = parseMonth(text);
  if (month === null) throw new WorkbenchError({ code: 'bad-input', field, message: `--${field} must be a month (YYYY-MM); got "${text}".` });
  return month;
}

type MonthRange = { from: number | null; to: number | null };

function whereWith(
  db: Database,
  request: { filters: PivotFilter[]; from?: string; to?: string },
  dimensions: Dimension[],
  extra: string,
  months: MonthRange = range(request),
): { from: string; scanFrom: string; where: string; params: SqlValue[] } {
  const lookups = loadLookups(db, [...dimensions, ...request.filters.map((f) => f.dimension)]);
  const where = compileWhere({ rows: [], columns: [], measure: 'count', filters: request.filters }, lookups, months);
  const all = [...dimensions, ...request.filters.map((f) => f.dimension)];
  return {
    from: needsCrimeTypeJoin(all) ? 'record r JOIN crime_type ct ON ct.id = r.crime_type_id' : 'record r',
    /** The same for `scanRecordRanges` (`extra` then ends with its id range). */
    scanFrom: scanFrom(needsCrimeTypeJoin(all)),
    where: where.sql === '' ? `WHERE ${extra}` : `${where.sql} AND ${extra}`,
    params: where.params,
  };
}

/** The id range `scanRecordRanges` binds, last in a WHERE. */
const ID_RANGE = 'r.id BETWEEN ? AND ?';

type SeriesRecord = Record<string, unknown> & { victimPseudonym: string | null; day: number };

/**
 * The group's dated records in these months, read a range of record ids at a
 * time (`progress` maps the ids covered) so the worker can take a Cancel
 * mid-read, each added to the victims' histories as it is read.
 */
function* victimRecordSteps(
  db: Database,
  request: RepeatsRequest,
  months: MonthRange,
  progress: (idsCovered: number) => Progress,
): Steps<VictimHistories<SeriesRecord>> {
  const lookups = loadLookups(db, request.by);
  const { scanFrom: from, where, params } = whereWith(db, request, request.by, `${GROUP_SQL[request.group]} AND r.day IS NOT NULL AND ${ID_RANGE}`, months);
  const columns = request.by.map(dimensionSql);
  const histories = new VictimHistories<SeriesRecord>({ windowDays: request.windowDays ?? 365, by: request.by });
  yield* scanRecordRanges(
    db,
    `SELECT r.victim_pseudonym, r.day${columns.map((c) => `, ${c}`).join('')} FROM ${from} ${where}`,
    params,
    (row) => {
      const record: SeriesRecord = {
        victimPseudonym: row[0] === null ? null : String(row[0]),
        day: Number(row[1]),
      };
      request.by.forEach((dimension, i) => {
        const code = row[i + 2];
        record[dimension] = decodeLabel(dimension, code === null || code === undefined ? null : Number(code), lookups);
      });
      histories.add(record);
    },
    progress,
  );
  return histories;
}

interface Periods {
  period: MonthRange;
  previous: { from: number; to: number } | null;
  inScope: number;
  earlierInScope: number;
}

/**
 * The months compared (the request's, or when it gives none the months the
 * group's dated records span), the year before, and how many records each
 * holds (for progress), in one scan of the group's dated records, a range
 * of ids at a time. Without a --to the year before ends a year before the
 * last month, not known until the scan ends, so its count is taken to be
 * this period's.
 */
function* periodSteps(db: Database, request: RepeatsRequest, progress: (idsCovered: number) => Progress): Steps<Periods> {
  const given = range(request);
  const { scanFrom: from, where, params } = whereWith(db, request, [], `${GROUP_SQL[request.group]} AND r.day IS NOT NULL AND ${ID_RANGE}`, { from: null, to: null });
  const inRange = (lo: number | null, hi: number | null): string => [lo === null ? '1' : `r.month >= ${lo}`, hi === null ? '1' : `r.month <= ${hi}`].join(' AND ');
  // Without --from the year before has no lower bound (every month is after the first one less 12).
  const earlier = given.to === null ? '0' : inRange(given.from === null ? null : given.from - 12, given.to - 12);
  let first: number | null = null;
  let last: number | null = null;
  let inScope = 0;
  let earlierCount = 0;
  yield* scanRecordRanges(
    db,
    `SELECT MIN(r.month), MAX(r.month), TOTAL(CASE WHEN ${inRange(given.from, given.to)} THEN 1 END), TOTAL(CASE WHEN ${earlier} THEN 1 END) FROM ${from} ${where}`,
    params,
    (row) => {
      // One row per id range; MIN and MAX are null in a range with none of the group's records.
      if (row[0] !== null && row[0] !== undefined) first = first === null ? Number(row[0]) : Math.min(first, Number(row[0]));
      if (row[1] !== null && row[1] !== undefined) last = last === null ? Number(row[1]) : Math.max(last, Number(row[1]));
      inScope += Number(row[2] ?? 0);
      earlierCount += Number(row[3] ?? 0);
    },
    progress,
  );
  const periodFrom = given.from ?? first;
  const periodTo = given.to ?? last;
  return {
    period: { from: periodFrom, to: periodTo },
    previous: periodFrom === null || periodTo === null ? null : { from: periodFrom - 12, to: periodTo - 12 },
    inScope,
    earlierInScope: given.to === null ? inScope : earlierCount,
  };
}

/**
 * Repeat victims per series: two or more records of one victim within the
 * window (closed: exactly 365 days apart counts). Each row also carries the
 * same figures for the same months a year earlier and the change, the
 * Police and Crime Plan's measure; the earlier period is counted the same
 * way (only its own records), so the two are comparable.
 */
export function repeatsFromStore(db: Database, request: RepeatsRequest): RepeatsRow[] {
  return runSteps(repeatSteps(db, request));
}

/** The same in the worker, with progress (records read, both periods) and Cancel; it changes nothing, so a cancel only stops it. */
export function repeatsFromStoreAsync(db: Database, request: RepeatsRequest, options: StepOptions): Promise<RepeatsRow[]> {
  return runStepsAsync(repeatSteps(db, request), options, 'Repeat victimisation cancelled.');
}

function* repeatSteps(db: Database, request: RepeatsRequest): Steps<RepeatsRow[]> {
  const months = range(request);
  const span = recordIdSpan(db);
  const ids = span === null ? 0 : span.last - span.first + 1;
  // Progress: record ids covered by the periods scan, this period's read and the year before's, then
  // each period's records counted, then one step. Until the scan ends the counts are taken at their
  // largest (every record each), so the fraction done only ever rises.
  let total = 5 * ids + 1;
  yield { done: 0, total };
  const { period: spanned, previous: previousPeriod, inScope, earlierInScope } = yield* periodSteps(db, request, (covered) => ({ done: covered, total }));
  const period = spanned.from === null || spanned.to === null ? null : { from: spanned.from, to: spanned.to };
  const reads = previousPeriod === null ? 2 : 3;
  total = reads * ids + inScope + earlierInScope + 1;
  const records = yield* victimRecordSteps(db, request, months, (covered) => ({ done: ids + covered, total }));
  if (records.size === 0) {
    throw new WorkbenchError({
      code: 'bad-input',
      message: 'No dated records in this group: repeat victimisation needs a district extract with dates and victim references (police.uk data has neither).',
    });
  }
  /** Counting `counted` of `histories`' records, as this phase's share (`share` records) of the progress after `before`. */
  const counting = (before: number, share: number, histories: VictimHistories<SeriesRecord>) => (counted: number): Progress => ({
    done: before + Math.min(share, Math.floor((share * counted) / Math.max(1, histories.size))),
    total,
  });
  const previous = new Map<string, RepeatVictimSeries>();
  // Like change_year in the pivot: no comparison with months partly before the data (the whole span's
  // year before always is), which would count fewer victims and show a rise that is not there.
  const firstDated = db.exec('SELECT MIN(month) FROM record WHERE day IS NOT NULL')[0]?.values[0]?.[0];
  const previousNote =
    previousPeriod !== null && typeof firstDated === 'number' && previousPeriod.from < firstDated
      ? `No comparison with the same months a year earlier (${monthSpan(formatMonth(previousPeriod.from), formatMonth(previousPeriod.to))}): they start before the dated records do (${monthLabel(formatMonth(firstDated))}).`
      : null;
  if (previousPeriod !== null) {
    const earlier = yield* victimRecordSteps(db, request, previousPeriod, (covered) => ({ done: 2 * ids + covered, total }));
    yield { done: reads * ids, total };
    const series = earlier.size === 0 ? [] : yield* earlier.countSteps(counting(reads * ids, earlierInScope, earlier));
    for (const s of series) previous.set(JSON.stringify(s.series), s);
  }
  const current = yield* records.countSteps(counting(reads * ids + earlierInScope, inScope, records));
  yield { done: total - 1, total };
  const month = (m: number | undefined): string | null => (m === undefined ? null : formatMonth(m));
  return current.map((s) => {
    const before = previousNote === null ? previous.get(JSON.stringify(s.series)) : undefined;
    const previousRate = before?.repeatRate ?? null;
    const previousRepeatVictims = before?.repeatVictims ?? null;
    return {
      group: request.group,
      series: s.series,
      victims: s.victims,
      repeat_victims: s.repeatVictims,
      repeat_rate: s.repeatRate,
      records: s.records,
      repeat_records: s.repeatRecords,
      median_days_to_repeat: s.medianDaysToRepeat,
      days_to_repeat: s.daysToRepeat,
      period_from: month(period?.from),
      period_to: month(period?.to),
      previous_from: month(previousPeriod?.from),
      previous_to: month(previousPeriod?.to),
      previous_victims: before?.victims ?? null,
      previous_repeat_victims: previousRepeatVictims,
      previous_repeat_rate: previousRate,
      repeat_rate_change: s.repeatRate === null || previousRate === null ? null : s.repeatRate - previousRate,
      repeat_victims_change: previousRepeatVictims === null || previousRepeatVictims === 0 ? null : (s.repeatVictims - previousRepeatVictims) / previousRepeatVictims,
      previous_note: previousNote,
    };
  });
}

/** Rows of `select` for these record ids (`r.id IN (...)`), in chunks that stay under SQLite's parameter limit. */
function rowsById(db: Database, select: string, ids: readonly number[]): SqlValue[][] {
  const out: SqlValue[][] = [];
  for (let k = 0; k < ids.length; k += 500) {
    const chunk = ids.slice(k, k + 500);
    out.push(...(db.exec(`${select} WHERE r.id IN (${chunk.map(() => '?').join(', ')})`, chunk)[0]?.values ?? []));
  }
  return out;
}

export interface TopVictimsRequest extends Omit<RepeatsRequest, 'by'> {
  /** How many victims to list; default 20. */
  top?: number;
}

/** One of a victim's records, as a safeguarding referral needs it. */
export interface VictimRecordDetail {
  /** The source's reference for the record (crime or incident number): how the referral finds the victim in the source system. */
  reference: string | null;
  date: string;
  crime_type: string;
  district: string;
  ward: string;
  /** Within the window of another of this victim's records. */
  is_repeat: boolean;
}

/** A repeat victim by pseudonym (never the source system's reference) with their records, oldest first. */
export interface TopVictim {
  pseudonym: string;
  records: number;
  repeat_records: number;
  first_date: string;
  last_date: string;
  median_days_to_repeat: number | null;
  details: VictimRecordDetail[];
}

/**
 * The most-repeated victims for safeguarding referral: repeat victims only,
 * most repeat records first (then most records, latest record, pseudonym).
 * Personal data: the UI exports it only after a warning.
 */
export function topRepeatVictims(db: Database, request: TopVictimsRequest): TopVictim[] {
  return runSteps(topVictimSteps(db, request));
}

/** The same in the worker, with progress (records read) and Cancel; it changes nothing, so a cancel only stops it. */
export function topRepeatVictimsAsync(db: Database, request: TopVictimsRequest, options: StepOptions): Promise<TopVictim[]> {
  return runStepsAsync(topVictimSteps(db, request), options, 'Top repeat victims cancelled.');
}

/** Victims whose records are summarised between yields, counted by their records. */
export const TOP_VICTIM_CHUNK = 32_768;

function* topVictimSteps(db: Database, request: TopVictimsRequest): Steps<TopVictim[]> {
  const top = request.top ?? 20;
  if (!(Number.isInteger(top) && top > 0)) throw new WorkbenchError({ code: 'bad-input', field: 'top', message: `--top must be a whole number above 0; got ${top}.` });
  const windowDays = request.windowDays ?? 365;
  const scoped = { ...request, by: [] };
  const { scanFrom: from, where, params } = whereWith(
    db,
    scoped,
    [],
    `${GROUP_SQL[request.group]} AND r.day IS NOT NULL AND r.victim_pseudonym IS NOT NULL AND r.victim_pseudonym <> '' AND ${ID_RANGE}`,
  );
  const span = recordIdSpan(db);
  const idCount = span === null ? 0 : span.last - span.first + 1;
  // Progress: record ids covered by the read, then records of victims summarised (at most one per id), then one step.
  let total = 2 * idCount + 1;
  yield { done: 0, total };
  // Every record in scope is read, a range of ids at a time (a GROUP BY over the victims in SQL is
  // one statement step Cancel cannot interrupt: 0.3-0.8 s at a million). Each victim gets an index
  // and each record keeps only that index, its day and its id, so half a million records make no
  // object or array each; the victims with one record (most of them) are then passed over.
  const victimIndex = new Map<string, number>();
  const pseudonyms: string[] = [];
  let victimOf = new Int32Array(1024);
  let days = new Float64Array(1024);
  let recordIds = new Float64Array(1024);
  let read = 0;
  yield* scanRecordRanges(
    db,
    `SELECT r.victim_pseudonym, r.day, r.id FROM ${from} ${where}`,
    params,
    (row) => {
      const pseudonym = String(row[0]);
      let victim = victimIndex.get(pseudonym);
      if (victim === undefined) {
        victim = pseudonyms.length;
        victimIndex.set(pseudonym, victim);
        pseudonyms.push(pseudonym);
      }
      if (read === victimOf.length) {
        victimOf = grown(victimOf, (n) => new Int32Array(n));
        days = grown(days, (n) => new Float64Array(n));
        recordIds = grown(recordIds, (n) => new Float64Array(n));
      }
      victimOf[read] = victim;
      days[read] = Number(row[1]);
      recordIds[read] = Number(row[2]);
      read++;
    },
    (covered) => ({ done: covered, total }),
  );
  total = idCount + read + 1;
  yield { done: idCount, total };
  // Each victim's records together (a counting sort by victim), in the order read.
  const victimCount = pseudonyms.length;
  const start = new Int32Array(victimCount + 1);
  for (let i = 0; i < read; i++) start[victimOf[i]! + 1]!++;
  for (let v = 0; v < victimCount; v++) start[v + 1]! += start[v]!;
  const next = start.slice(0, victimCount);
  const byVictim = new Int32Array(read);
  for (let i = 0; i < read; i++) byVictim[next[victimOf[i]!]!++] = i;
  const victims: (Omit<TopVictim, 'details'> & { ids: number[]; near: boolean[] })[] = [];
  let summarised = 0;
  let summarisedAtYield = 0;
  for (let victim = 0; victim < victimCount; victim++) {
    const from = start[victim]!;
    const to = start[victim + 1]!;
    summarised += to - from;
    if (summarised - summarisedAtYield >= TOP_VICTIM_CHUNK) {
      summarisedAtYield = summarised;
      yield { done: idCount + summarised, total };
    }
    // Only victims with two or more records in scope can repeat.
    if (to - from < 2) continue;
    const list: { id: number; day: number }[] = [];
    for (let k = from; k < to; k++) list.push({ id: recordIds[byVictim[k]!]!, day: days[byVictim[k]!]! });
    list.sort((a, b) => a.day - b.day || a.id - b.id);
    const pseudonym = pseudonyms[victim]!;
    const victimDays = list.map((r) => r.day);
    const near = victimDays.map(
      (d, k) => (k > 0 && d - (victimDays[k - 1] ?? -Infinity) <= windowDays) || (k + 1 < victimDays.length && (victimDays[k + 1] ?? Infinity) - d <= windowDays),
    );
    const repeatRecords = near.filter(Boolean).length;
    if (repeatRecords === 0) continue;
    const gaps = victimDays.slice(1).map((d, k) => d - (victimDays[k] ?? d)).filter((g) => g <= windowDays);
    victims.push({
      pseudonym,
      records: list.length,
      repeat_records: repeatRecords,
      first_date: dayToIsoDate(victimDays[0] ?? 0),
      last_date: dayToIsoDate(victimDays[victimDays.length - 1] ?? 0),
      median_days_to_repeat: median(gaps),
      ids: list.map((r) => r.id),
      near,
    });
  }
  yield { done: total - 1, total };
  victims.sort(
    (a, b) =>
      b.repeat_records - a.repeat_records ||
      b.records - a.records ||
      (a.last_date < b.last_date ? 1 : a.last_date > b.last_date ? -1 : 0) ||
      (a.pseudonym < b.pseudonym ? -1 : a.pseudonym > b.pseudonym ? 1 : 0),
  );
  const listed = victims.slice(0, top);
  // Reference, date, crime type, district and ward only for the records listed.
  const ids = listed.flatMap((v) => v.ids);
  const labels = new Map<number, { reference: string | null; day: number; crimeType: string; district: string; ward: string }>();
  const found = rowsById(
    db,
    `SELECT r.id, r.day, ct.name, d.name, w.name, r.record_ref FROM record r JOIN crime_type ct ON ct.id = r.crime_type_id JOIN district d ON d.id = r.district_id
     LEFT JOIN ward w ON w.id = r.ward_id`,
    ids,
  );
  for (const row of found) {
    labels.set(Number(row[0]), {
      reference: row[5] === null ? null : String(row[5]),
      day: Number(row[1]),
      crimeType: String(row[2]),
      district: String(row[3]),
      ward: row[4] === null ? 'Unknown ward' : String(row[4]),
    });
  }
  return listed.map(({ ids: recordIds, near, ...victim }) => ({
    ...victim,
    details: recordIds.map((id, k) => {
      const label = labels.get(id);
      return {
        reference: label?.reference ?? null,
        date: dayToIsoDate(label?.day ?? 0),
        crime_type: label?.crimeType ?? 'Unknown',
        district: label?.district ?? 'Unknown district',
        ward: label?.ward ?? 'Unknown ward',
        is_repeat: near[k] === true,
      };
    }),
  }));
}

/** The safeguarding list as CSV: one row per record, the victim as a pseudonym. */
export function topVictimsCsv(victims: readonly TopVictim[]): string {
  const header = ['victim_pseudonym', 'victim_records', 'victim_repeat_records', 'record_ref', 'date', 'crime_type', 'district', 'ward', 'repeat_record'];
  const rows = victims.flatMap((v) =>
    v.details.map((d) => [v.pseudonym, v.records, v.repeat_records, d.reference, d.date, d.crime_type, d.district, d.ward, d.is_repeat ? 'Yes' : 'No']),
  );
  return toCsv([header, ...rows]);
}

export interface RepeatLocationsRequest extends Omit<RepeatsRequest, 'by'> {
  /** How many places to list; default 20. */
  top?: number;
  /** Snap grid references to squares of this many metres (e.g. 100); default: the exact point. */
  gridSize?: number;
}

export interface RepeatLocationRow {
  /** The place's identity: "E,N" (grid metres, or the square's south-west corner) or "lat,lon" (police.uk's snapped point). */
  key: string;
  easting: number | null;
  northing: number | null;
  latitude: number | null;
  longitude: number | null;
  /** police.uk's location text ("On or near ..."), when given. */
  location: string | null;
  lsoa: string | null;
  ward: string | null;
  district: string;
  records: number;
  repeat_records: number;
  /** Dates (YYYY-MM-DD) for dated records, months (YYYY-MM) for police.uk. */
  first: string;
  last: string;
  /** 'day' for dated records; 'month' where the source gives only the month (police.uk). */
  precision: 'day' | 'month';
}

export interface RepeatLocationsOutput {
  window_days: number;
  /** For month-only records: months apart that count as within the window. */
  window_months: number;
  locations: number;
  repeat_locations: number;
  records: number;
  repeat_records: number;
  top: RepeatLocationRow[];
}

/** Months apart that count as "within W days" when only the month is known: floor(W / 30.4375), 11 for 365 days. */
export function windowMonths(windowDays: number): number {
  return Math.floor(windowDays / (365.25 / 12));
}

/**
 * Places victimised again within the window. Dated records (district
 * extracts) count in days, month-only records (police.uk) in whole months;
 * the two never share a place, as one is keyed by grid reference and the
 * other by police.uk's snapped latitude/longitude.
 */
export function repeatLocationsFromStore(db: Database, request: RepeatLocationsRequest): RepeatLocationsOutput {
  return runSteps(storeLocationSteps(db, request));
}

/** The same in the worker, with progress (records read, then placed) and Cancel; it changes nothing. */
export function repeatLocationsAsync(db: Database, request: RepeatLocationsRequest, options: StepOptions): Promise<RepeatLocationsOutput> {
  return runStepsAsync(storeLocationSteps(db, request), options, 'Repeat locations cancelled.');
}

/** Doubles a typed array's length, keeping its values (as more records or places are read). */
function grown<T extends Int32Array | Float64Array | Uint8Array>(array: T, make: (length: number) => T): T {
  const bigger = make(Math.max(16, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** Place flags: the records are dated (days, not months); the place is police.uk's latitude/longitude, not a grid reference. */
const DATED_PLACE = 1;
const LAT_LON_PLACE = 2;

function* storeLocationSteps(db: Database, request: RepeatLocationsRequest): Steps<RepeatLocationsOutput> {
  const windowDays = request.windowDays ?? 365;
  const top = request.top ?? 20;
  const grid = request.gridSize;
  const scoped = { ...request, by: [] };
  const located = '((r.easting IS NOT NULL AND r.northing IS NOT NULL) OR (r.latitude IS NOT NULL AND r.longitude IS NOT NULL))';
  const { scanFrom: from, where, params } = whereWith(db, scoped, [], `${GROUP_SQL[request.group]} AND ${located} AND ${ID_RANGE}`);
  // Positions and times only (grouping in sql.js is slower than here); names are looked up for the places listed.
  // Progress: record ids covered by the read, then places summarised (as records), then one step for the listing and names.
  const span = recordIdSpan(db);
  const idCount = span === null ? 0 : span.last - span.first + 1;
  let total = 2 * idCount + 1;
  yield { done: 0, total };
  // How many records are in scope is known only once they are read (a COUNT first is one long step): the arrays and the index grow.
  const inScope = Math.min(idCount, 1 << 16);
  // No squares (or 0, the app's "exact point"): whole metres; dividing by 0 made every place NaN.
  const snap = (v: number): number => (grid === undefined || !(grid > 0) ? Math.round(v) : Math.floor(v / grid) * grid);
  // A place is the pair (a, b), dated or not: easting and northing (snapped), or police.uk's
  // latitude and longitude when no squares were asked for. Each record keeps only its place index
  // and day, and each place its first record, so a million records make no string, object or
  // array each (the Map of "d:x,y" strings to arrays this replaced took seconds at 1M).
  let placeOf = new Int32Array(inScope);
  let days = new Float64Array(inScope);
  let firstId = new Float64Array(inScope);
  let keyA = new Float64Array(inScope);
  let keyB = new Float64Array(inScope);
  let flags = new Uint8Array(inScope);
  const placeIndex = new PlaceIndex(inScope);
  let read = 0;
  let placeCount = 0;
  let hasDated = false;
  let hasMonthly = false;
  yield* scanRecordRanges(
    db,
    `SELECT r.id, r.easting, r.northing, r.latitude, r.longitude, r.day, r.month FROM ${from} ${where}`,
    params,
    (row) => {
      let a: number;
      let b: number;
      let flag = 0;
      if (row[1] !== null && row[2] !== null) {
        a = snap(Number(row[1]));
        b = snap(Number(row[2]));
      } else if (grid === undefined) {
        a = Number(row[3]);
        b = Number(row[4]);
        // The grid point is worked out for the places listed only; a bad point still fails here.
        if (!(Number.isFinite(a) && Number.isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180)) wgs84ToBng(a, b);
        flag = LAT_LON_PLACE;
      } else {
        const point = wgs84ToBng(Number(row[3]), Number(row[4]));
        a = snap(point.easting);
        b = snap(point.northing);
      }
      const isDated = row[5] !== null;
      if (isDated) {
        flag |= DATED_PLACE;
        hasDated = true;
      } else hasMonthly = true;
      const place = placeIndex.indexOf(a, b, isDated);
      if (read === placeOf.length) {
        placeOf = grown(placeOf, (n) => new Int32Array(n));
        days = grown(days, (n) => new Float64Array(n));
      }
      if (place === placeCount) {
        placeCount++;
        if (place === firstId.length) {
          firstId = grown(firstId, (n) => new Float64Array(n));
          keyA = grown(keyA, (n) => new Float64Array(n));
          keyB = grown(keyB, (n) => new Float64Array(n));
          flags = grown(flags, (n) => new Uint8Array(n));
        }
        firstId[place] = Number(row[0]);
        keyA[place] = a;
        keyB[place] = b;
        flags[place] = flag;
      }
      placeOf[read] = place;
      days[read] = Number(isDated ? row[5] : row[6]);
      read++;
    },
    (covered) => ({ done: covered, total }),
  );
  total = idCount + read + 1;
  if (read === 0) {
    throw new WorkbenchError({ code: 'bad-input', message: 'No located records in this group: repeat locations need grid references or police.uk points.' });
  }
  const months = windowMonths(windowDays);
  // Whole months: "at most `months` apart" is a window of months + 0.5 on integer month indexes.
  const monthWindow = months + 0.5;
  if (hasDated) checkWindow(windowDays);
  if (hasMonthly) checkWindow(monthWindow);
  const histories = yield* placeHistorySteps(
    placeOf.subarray(0, read),
    days.subarray(0, read),
    placeCount,
    (place) => ((flags[place]! & DATED_PLACE) !== 0 ? windowDays : monthWindow),
    (placesDone) => ({ done: Math.min(total - 1, idCount + Math.round((placesDone / placeCount) * read)), total }),
  );
  yield { done: total - 1, total };
  const placeKey = (place: number): string => `${keyA[place]},${keyB[place]}`;
  const listed: { place: number; key: string; records: number; repeatRecords: number }[] = [];
  let repeatRecords = 0;
  for (let place = 0; place < placeCount; place++) {
    const repeats = histories.repeatRecords[place]!;
    if (repeats === 0) continue;
    repeatRecords += repeats;
    listed.push({ place, key: `${(flags[place]! & DATED_PLACE) !== 0 ? 'd' : 'm'}:${placeKey(place)}`, records: histories.records[place]!, repeatRecords: repeats });
  }
  listed.sort((a, b) => b.repeatRecords - a.repeatRecords || b.records - a.records || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const chosen = listed.slice(0, top);
  const labels = new Map<number, { location: string | null; lsoa: string | null; ward: string | null; district: string }>();
  const text = (v: SqlValue | undefined): string | null => (v === null || v === undefined ? null : String(v));
  const found = rowsById(
    db,
    `SELECT r.id, loc.name, l.code, w.name, d.name FROM record r JOIN district d ON d.id = r.district_id LEFT JOIN ward w ON w.id = r.ward_id
     LEFT JOIN lsoa l ON l.id = r.lsoa_id LEFT JOIN location loc ON loc.id = r.location_id`,
    chosen.map(({ place }) => firstId[place]!),
  );
  for (const row of found) labels.set(Number(row[0]), { location: text(row[1]), lsoa: text(row[2]), ward: text(row[3]), district: String(row[4]) });
  return {
    window_days: windowDays,
    window_months: months,
    locations: placeCount,
    repeat_locations: listed.length,
    records: read,
    repeat_records: repeatRecords,
    top: chosen.map(({ place, records, repeatRecords: repeats }): RepeatLocationRow => {
      const a = keyA[place]!;
      const b = keyB[place]!;
      const isLatLon = (flags[place]! & LAT_LON_PLACE) !== 0;
      const isDated = (flags[place]! & DATED_PLACE) !== 0;
      const point = isLatLon ? wgs84ToBng(a, b) : null;
      const names = labels.get(firstId[place]!);
      return {
        key: placeKey(place),
        easting: point === null ? a : snap(point.easting),
        northing: point === null ? b : snap(point.northing),
        latitude: isLatLon ? a : null,
        longitude: isLatLon ? b : null,
        precision: isDated ? 'day' : 'month',
        location: names?.location ?? null,
        lsoa: names?.lsoa ?? null,
        ward: names?.ward ?? null,
        district: names?.district ?? 'Unknown district',
        records,
        repeat_records: repeats,
        first: isDated ? dayToIsoDate(histories.firstDay[place]!) : formatMonth(histories.firstDay[place]!),
        last: isDated ? dayToIsoDate(histories.lastDay[place]!) : formatMonth(histories.lastDay[place]!),
      };
    }),
  };
}

export interface NearRepeatRequest {
  crimeType: string;
  filters: PivotFilter[];
  from?: string;
  to?: string;
  spaceBand?: number;
  spaceBands?: number;
  timeBand?: number;
  timeBands?: number;
  spaceBreaks?: string;
  timeBreaks?: string;
  permutations?: number;
  seed?: number;
  flagSpace?: number;
  flagDays?: number;
  distance?: DistanceMetric;
  /** Also return each event's position and flag (for the app's scatter; the CLI leaves it out). */
  withPoints?: boolean;
}

/** Events in British National Grid metres, in one order, with their near-repeat flag. */
export interface NearRepeatPoints {
  x: number[];
  y: number[];
  near_repeat: boolean[];
}

export interface NearRepeatOutput {
  events: number;
  space_bands: string[];
  time_bands: string[];
  observed: number[][];
  expected: number[][];
  knox_ratio: (number | null)[][];
  p_value: number[][];
  significant: boolean[][];
  near_repeat_share: number | null;
  permutations: number;
  seed: number;
  distance: DistanceMetric;
  /** The flag distance (m) and days the share and points were flagged with. */
  flag_space?: number;
  flag_days?: number;
  points?: NearRepeatPoints;
}

/** Events of one crime type with a date and a position, in British National Grid metres. */
export function nearRepeatEvents(db: Database, request: NearRepeatRequest): { x: Float64Array; y: Float64Array; t: Float64Array } {
  const filters: PivotFilter[] = [...request.filters, { dimension: 'crime_type', values: [request.crimeType] }];
  const { from, where, params } = whereWith(db, { ...request, filters }, [], 'r.day IS NOT NULL AND ((r.easting IS NOT NULL AND r.northing IS NOT NULL) OR (r.latitude IS NOT NULL AND r.longitude IS NOT NULL))');
  const rows = db.exec(`SELECT r.easting, r.northing, r.latitude, r.longitude, r.day FROM ${from} ${where}`, params)[0]?.values ?? [];
  const x = new Float64Array(rows.length);
  const y = new Float64Array(rows.length);
  const t = new Float64Array(rows.length);
  rows.forEach((row, i) => {
    if (row[0] !== null && row[1] !== null) {
      x[i] = Number(row[0]);
      y[i] = Number(row[1]);
    } else {
      const point = wgs84ToBng(Number(row[2]), Number(row[3]));
      x[i] = point.easting;
      y[i] = point.northing;
    }
    t[i] = Number(row[4]);
  });
  return { x, y, t };
}

/** The events, bands and options the Knox test is run with for a request. */
function knoxSetup(db: Database, request: NearRepeatRequest): { events: ReturnType<typeof nearRepeatEvents>; options: KnoxOptions } {
  const events = nearRepeatEvents(db, request);
  if (events.t.length < 2) {
    throw new WorkbenchError({
      code: 'bad-input',
      message: `Fewer than two dated, located "${request.crimeType}" records: the near-repeat test needs event dates (police.uk gives only months).`,
    });
  }
  const spaceBreaks = request.spaceBreaks === undefined ? equalWidthBreaks(request.spaceBand ?? 100, request.spaceBands ?? 5) : parseBreaks(request.spaceBreaks);
  const timeBreaks = request.timeBreaks === undefined ? equalWidthBreaks(request.timeBand ?? 7, request.timeBands ?? 5) : parseBreaks(request.timeBreaks);
  return { events, options: { spaceBreaks, timeBreaks, distance: request.distance ?? 'euclidean', permutations: request.permutations ?? 999, seed: request.seed ?? 1 } };
}

function nearRepeatOutput(events: ReturnType<typeof nearRepeatEvents>, request: NearRepeatRequest, result: KnoxResult): NearRepeatOutput {
  const distance = result.distance;
  const flagSpace = request.flagSpace ?? 200;
  const flagDays = request.flagDays ?? 7;
  const flags = nearRepeatFlags(events, { flagDistance: flagSpace, flagDays, distance });
  const extra: Pick<NearRepeatOutput, 'flag_space' | 'flag_days' | 'points'> =
    request.withPoints === true
      ? { flag_space: flagSpace, flag_days: flagDays, points: { x: Array.from(events.x), y: Array.from(events.y), near_repeat: Array.from(flags.flagged, (f) => f === 1) } }
      : {};
  return {
    ...extra,
    events: result.events,
    space_bands: result.spaceLabels,
    time_bands: result.timeLabels,
    observed: result.observed,
    expected: result.expected,
    knox_ratio: result.knoxRatio.map((row) => row.map((v) => (Number.isFinite(v) ? v : null))),
    p_value: result.pValue,
    significant: result.significant,
    near_repeat_share: flags.share,
    permutations: result.permutations,
    seed: result.seed,
    distance,
  };
}

export async function nearRepeatFromStore(
  db: Database,
  request: NearRepeatRequest,
  options: { onProgress?: (done: number, total: number) => void; isCancelled?: () => boolean } = {},
): Promise<NearRepeatOutput> {
  const { events, options: knox } = knoxSetup(db, request);
  const result: KnoxResult = await knoxTestAsync(events, {
    ...knox,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.isCancelled ? { isCancelled: options.isCancelled } : {}),
  });
  return nearRepeatOutput(events, request, result);
}

/** The same at once (a profile's Knox table, run again at export): the same seed gives the same table. */
export function nearRepeatFromStoreSync(db: Database, request: NearRepeatRequest): NearRepeatOutput {
  const { events, options } = knoxSetup(db, request);
  return nearRepeatOutput(events, request, knoxTest(events, options));
}
