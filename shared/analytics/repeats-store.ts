/**
 * Repeat and near-repeat victimisation over the workbench's records: picks
 * the records out of the store and hands them to the pure analyses in
 * ./repeats. Victims are only ever seen as pseudonyms.
 */
import type { Database, SqlValue } from 'sql.js';
import { WorkbenchError } from '../errors';
import { parseMonth } from '../periods';
import { type Dimension, decodeLabel, dimensionSql, loadLookups, needsCrimeTypeJoin } from '../pivot/dimensions';
import { compileWhere } from '../pivot/run-pivot';
import type { PivotFilter } from '../pivot/spec';
import { RECORD_TYPE } from '../schema';
import {
  type DistanceMetric,
  type KnoxResult,
  equalWidthBreaks,
  knoxTestAsync,
  nearRepeatFlags,
  parseBreaks,
  repeatVictimisation,
  wgs84ToBng,
} from './repeats';

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
}

const GROUP_SQL: Readonly<Record<RepeatGroup, string>> = {
  domestic: 'r.domestic = 1',
  hate: 'r.hate = 1',
  asb: `r.record_type = ${RECORD_TYPE.incident}`,
  all: '1',
};

function range(request: { from?: string; to?: string }): { from: number | null; to: number | null } {
  return {
    from: request.from === undefined ? null : parseMonth(request.from),
    to: request.to === undefined ? null : parseMonth(request.to),
  };
}

function whereWith(db: Database, request: { filters: PivotFilter[]; from?: string; to?: string }, dimensions: Dimension[], extra: string): { from: string; where: string; params: SqlValue[] } {
  const lookups = loadLookups(db, [...dimensions, ...request.filters.map((f) => f.dimension)]);
  const where = compileWhere({ rows: [], columns: [], measure: 'count', filters: request.filters }, lookups, range(request));
  const all = [...dimensions, ...request.filters.map((f) => f.dimension)];
  return {
    from: needsCrimeTypeJoin(all) ? 'record r JOIN crime_type ct ON ct.id = r.crime_type_id' : 'record r',
    where: where.sql === '' ? `WHERE ${extra}` : `${where.sql} AND ${extra}`,
    params: where.params,
  };
}

/** Repeat victims per series: two or more records of one victim within the window. */
export function repeatsFromStore(db: Database, request: RepeatsRequest): RepeatsRow[] {
  const lookups = loadLookups(db, request.by);
  const { from, where, params } = whereWith(db, request, request.by, `${GROUP_SQL[request.group]} AND r.day IS NOT NULL`);
  const columns = request.by.map(dimensionSql);
  const rows = db.exec(`SELECT r.victim_pseudonym, r.day${columns.map((c) => `, ${c}`).join('')} FROM ${from} ${where}`, params)[0]?.values ?? [];
  const records = rows.map((row) => {
    const record: Record<string, unknown> & { victimPseudonym: string | null; day: number } = {
      victimPseudonym: row[0] === null ? null : String(row[0]),
      day: Number(row[1]),
    };
    request.by.forEach((dimension, i) => {
      const code = row[i + 2];
      record[dimension] = decodeLabel(dimension, code === null || code === undefined ? null : Number(code), lookups);
    });
    return record;
  });
  if (records.length === 0) {
    throw new WorkbenchError({
      code: 'bad-input',
      message: 'No dated records in this group: repeat victimisation needs a district extract with dates and victim references (police.uk data has neither).',
    });
  }
  return repeatVictimisation(records, { windowDays: request.windowDays ?? 365, by: request.by }).map((s) => ({
    group: request.group,
    series: s.series,
    victims: s.victims,
    repeat_victims: s.repeatVictims,
    repeat_rate: s.repeatRate,
    records: s.records,
    repeat_records: s.repeatRecords,
    median_days_to_repeat: s.medianDaysToRepeat,
    days_to_repeat: s.daysToRepeat,
  }));
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

export async function nearRepeatFromStore(
  db: Database,
  request: NearRepeatRequest,
  options: { onProgress?: (done: number, total: number) => void; isCancelled?: () => boolean } = {},
): Promise<NearRepeatOutput> {
  const events = nearRepeatEvents(db, request);
  if (events.t.length < 2) {
    throw new WorkbenchError({
      code: 'bad-input',
      message: `Fewer than two dated, located "${request.crimeType}" records: the near-repeat test needs event dates (police.uk gives only months).`,
    });
  }
  const spaceBreaks = request.spaceBreaks === undefined ? equalWidthBreaks(request.spaceBand ?? 100, request.spaceBands ?? 5) : parseBreaks(request.spaceBreaks);
  const timeBreaks = request.timeBreaks === undefined ? equalWidthBreaks(request.timeBand ?? 7, request.timeBands ?? 5) : parseBreaks(request.timeBreaks);
  const distance = request.distance ?? 'euclidean';
  const result: KnoxResult = await knoxTestAsync(events, {
    spaceBreaks,
    timeBreaks,
    distance,
    permutations: request.permutations ?? 999,
    seed: request.seed ?? 1,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.isCancelled ? { isCancelled: options.isCancelled } : {}),
  });
  const flags = nearRepeatFlags(events, { flagDistance: request.flagSpace ?? 200, flagDays: request.flagDays ?? 7, distance });
  return {
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
