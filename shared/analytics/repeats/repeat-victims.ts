/**
 * Repeat victimisation of people (pseudonymised) and of places.
 *
 * Definitions, for a window of W days (default 365) and day numbers d:
 * - two records are "within the window" of each other when |d1 - d2| <= W:
 *   "within 365 days" includes exactly 365 days apart (1 March 2023 and
 *   29 February 2024), as analysts and the Police and Crime Plan read
 *   "within 12 months"; 366 days apart is outside. This is closed, unlike
 *   the Knox bands and near-repeat flags, which are half-open [a, b);
 * - a repeat victim has at least two records within the window of each other;
 * - a repeat record is a record within the window of another record of the
 *   same victim (so a repeat victim has at least two repeat records, and an
 *   isolated record of a repeat victim years earlier is not one);
 * - days to repeat: for each record, the days to that victim's next record,
 *   kept when at most W (0 for two records on the same day);
 * - repeat rate = repeat victims / victims.
 * Counting is within a series: with `by`, a victim's records in two series are
 * two separate histories. Records with no victim pseudonym cannot be linked
 * and are counted in `unlinkedRecords` only.
 */
import { WorkbenchError } from '../../errors';
import { type Progress, type Steps, runSteps } from '../steps';

/** A victimisation record: who (pseudonym) and when (day number), plus any grouping fields. */
export interface VictimRecord {
  victimPseudonym: string | null | undefined;
  day: number;
}

export interface RepeatVictimOptions<R> {
  /** Default 365 (CLI `--window-days`). */
  windowDays?: number;
  /** Fields to split the series by, e.g. ['district']; none gives one series. */
  by?: readonly (keyof R & string)[];
}

export interface RepeatVictimSeries {
  /** The `by` field values of this series; missing values are "". */
  series: Record<string, string>;
  victims: number;
  repeatVictims: number;
  /** repeatVictims / victims, 0 to 1; null with no victims. */
  repeatRate: number | null;
  /** Records with a victim pseudonym. */
  records: number;
  repeatRecords: number;
  /** Records with no pseudonym (not in `records`). */
  unlinkedRecords: number;
  /** Gaps (days) from each record to the same victim's next one, when within the window (<= W); ascending. */
  daysToRepeat: number[];
  /** Median of daysToRepeat; null when there are none. */
  medianDaysToRepeat: number | null;
}

interface HistoryStats {
  repeat: boolean;
  repeatRecords: number;
  gaps: number[];
}

/** Repeat statistics of one history (days of one victim or one place), days sorted ascending. */
function historyStats(sortedDays: readonly number[], windowDays: number): HistoryStats {
  let repeatRecords = 0;
  const gaps: number[] = [];
  // In sorted order, a record has a partner within the window iff its nearest neighbour is within it.
  for (let k = 0; k < sortedDays.length; k++) {
    const d = sortedDays[k]!;
    const prev = k > 0 ? sortedDays[k - 1]! : undefined;
    const next = k + 1 < sortedDays.length ? sortedDays[k + 1]! : undefined;
    const nearPrev = prev !== undefined && d - prev <= windowDays;
    const nearNext = next !== undefined && next - d <= windowDays;
    if (nearPrev || nearNext) repeatRecords++;
    if (nearNext && next !== undefined) gaps.push(next - d);
  }
  return { repeat: repeatRecords > 0, repeatRecords, gaps };
}

/** Median of numbers (mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = sorted.length >>> 1;
  return sorted.length % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}

export function checkWindow(windowDays: number): void {
  if (!(Number.isFinite(windowDays) && windowDays > 0)) {
    throw new WorkbenchError({ code: 'bad-input', message: `window must be a positive number of days, got ${windowDays}`, field: 'window-days' });
  }
}

function checkDay(day: number, index: number): void {
  if (!Number.isFinite(day)) {
    throw new WorkbenchError({ code: 'bad-input', message: `record ${index + 1} has no valid day`, field: 'day' });
  }
}

function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** Repeat victims per series (one series when `by` is empty), series sorted by their key values. */
export function repeatVictimisation<R extends VictimRecord>(
  records: readonly R[],
  options: RepeatVictimOptions<R> = {},
): RepeatVictimSeries[] {
  return runSteps(repeatVictimisationSteps(records, options, (done) => ({ done, total: 2 * records.length })));
}

/** Records grouped, or victims' records counted, between yields. */
export const VICTIM_CHUNK = 32_768;

/**
 * `repeatVictimisation` as steps: yields every VICTIM_CHUNK records grouped
 * and again every VICTIM_CHUNK records of victims counted (`progress` maps
 * that count, 0 to twice the records, to the caller's), so the worker can
 * take a Cancel at a million records.
 */
export function* repeatVictimisationSteps<R extends VictimRecord>(
  records: readonly R[],
  options: RepeatVictimOptions<R>,
  progress: (done: number) => Progress,
): Steps<RepeatVictimSeries[]> {
  checkWindow(options.windowDays ?? 365);
  const histories = new VictimHistories(options);
  for (let index = 0; index < records.length; index++) {
    if (index > 0 && index % VICTIM_CHUNK === 0) yield progress(index);
    histories.add(records[index]!);
  }
  return yield* histories.countSteps((counted) => progress(records.length + counted));
}

interface Bucket {
  series: Record<string, string>;
  days: Map<string, number[]>;
  unlinked: number;
}

/**
 * Victims' histories per series, built a record at a time as records are
 * read (so a million need not all be held as objects first), then counted
 * in steps: `repeatVictimisation`'s two halves.
 */
export class VictimHistories<R extends VictimRecord> {
  private readonly buckets = new Map<string, Bucket>();
  private readonly by: readonly (keyof R & string)[];
  /** Records added. */
  size = 0;

  constructor(private readonly options: RepeatVictimOptions<R>) {
    this.by = options.by ?? [];
  }

  add(r: R): void {
    checkDay(r.day, this.size);
    this.size++;
    const values = this.by.map((k) => fieldText(r[k]));
    const key = JSON.stringify(values);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const series: Record<string, string> = {};
      this.by.forEach((k, i) => (series[k] = values[i] ?? ''));
      bucket = { series, days: new Map(), unlinked: 0 };
      this.buckets.set(key, bucket);
    }
    const victim = r.victimPseudonym;
    if (victim === null || victim === undefined || victim === '') {
      bucket.unlinked++;
      return;
    }
    const list = bucket.days.get(victim);
    if (list) list.push(r.day);
    else bucket.days.set(victim, [r.day]);
  }

  /** The series, sorted by their key values; yields every VICTIM_CHUNK records of victims counted (`progress` gets that count, up to `size`). */
  *countSteps(progress: (counted: number) => Progress): Steps<RepeatVictimSeries[]> {
    const windowDays = this.options.windowDays ?? 365;
    checkWindow(windowDays);
    const out: { key: string[]; result: RepeatVictimSeries }[] = [];
    // Records of victims counted so far, and when the last yield came.
    let counted = 0;
    let countedAtYield = 0;
    for (const [key, bucket] of this.buckets) {
      let repeatVictims = 0;
      let recordCount = 0;
      let repeatRecords = 0;
      const gaps: number[] = [];
      for (const days of bucket.days.values()) {
        days.sort((a, b) => a - b);
        const stats = historyStats(days, windowDays);
        recordCount += days.length;
        repeatRecords += stats.repeatRecords;
        if (stats.repeat) repeatVictims++;
        for (const g of stats.gaps) gaps.push(g);
        counted += days.length;
        if (counted - countedAtYield >= VICTIM_CHUNK) {
          countedAtYield = counted;
          yield progress(counted);
        }
      }
      // A typed sort: the same ascending order as (a, b) => a - b for these whole, finite day gaps, several times faster at a million.
      const sortedGaps = Array.from(Float64Array.from(gaps).sort());
      const victims = bucket.days.size;
      out.push({
        key: JSON.parse(key) as string[],
        result: {
          series: bucket.series,
          victims,
          repeatVictims,
          repeatRate: victims > 0 ? repeatVictims / victims : null,
          records: recordCount,
          repeatRecords,
          unlinkedRecords: bucket.unlinked,
          daysToRepeat: sortedGaps,
          medianDaysToRepeat: median(sortedGaps),
        },
      });
    }
    out.sort((a, b) => compareKeys(a.key, b.key));
    return out.map((o) => o.result);
  }
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    // Code-unit order, not locale order, so output is the same on every machine.
    const x = a[k] ?? '';
    const y = b[k] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** A place victimised: a point (e.g. a police.uk snapped point) or a key such as a grid reference. */
export interface LocationRecord {
  x?: number;
  y?: number;
  /** Overrides the coordinates as the place's identity when given. */
  key?: string;
  day: number;
}

export interface RepeatLocationOptions {
  /** Default 365. */
  windowDays?: number;
  /** How many places to list; default 10. */
  top?: number;
  /** Snap coordinates to squares of this many metres (grid reference) instead of exact points. */
  gridSize?: number;
}

export interface RepeatLocation {
  key: string;
  /** The point (or the square's south-west corner); null for keyed places without coordinates. */
  x: number | null;
  y: number | null;
  records: number;
  /** Records within the window of another record at the same place. */
  repeatRecords: number;
  firstDay: number;
  lastDay: number;
  medianDaysToRepeat: number | null;
}

export interface RepeatLocationsResult {
  locations: number;
  /** Places with at least two records within the window of each other. */
  repeatLocations: number;
  records: number;
  repeatRecords: number;
  /** The places with most repeat records (then most records, then key), at most `top`. */
  top: RepeatLocation[];
}

/**
 * Places victimised again within the window. Identity is the `key` when given,
 * else the exact coordinates, else (with `gridSize`) the grid square.
 */
export function repeatLocations(records: readonly LocationRecord[], options: RepeatLocationOptions = {}): RepeatLocationsResult {
  return runSteps(repeatLocationSteps(records, options, (done) => ({ done, total: 2 * records.length })));
}

/** Records grouped, or places summarised, between yields. */
const LOCATION_CHUNK = 50_000;

/**
 * `repeatLocations` as steps: yields every LOCATION_CHUNK records grouped and
 * places summarised (`progress` maps that count to the caller's progress),
 * so the worker can take a Cancel at a million records.
 */
export function* repeatLocationSteps(
  records: readonly LocationRecord[],
  options: RepeatLocationOptions,
  progress: (done: number) => Progress,
): Steps<RepeatLocationsResult> {
  const windowDays = options.windowDays ?? 365;
  checkWindow(windowDays);
  const topN = options.top ?? 10;
  const grid = options.gridSize;
  if (grid !== undefined && !(grid > 0 && Number.isFinite(grid))) {
    throw new WorkbenchError({ code: 'bad-input', message: `grid size must be a positive number of metres, got ${grid}`, field: 'gridSize' });
  }
  const places = new Map<string, { x: number | null; y: number | null; days: number[] }>();
  for (let index = 0; index < records.length; index++) {
    const r = records[index]!;
    if ((index + 1) % LOCATION_CHUNK === 0) yield progress(index + 1);
    checkDay(r.day, index);
    let key: string;
    let x: number | null = null;
    let y: number | null = null;
    if (r.key !== undefined && r.key !== '') {
      key = r.key;
      x = r.x ?? null;
      y = r.y ?? null;
    } else if (r.x !== undefined && r.y !== undefined && Number.isFinite(r.x) && Number.isFinite(r.y)) {
      x = grid ? Math.floor(r.x / grid) * grid : r.x;
      y = grid ? Math.floor(r.y / grid) * grid : r.y;
      key = `${x},${y}`;
    } else {
      throw new WorkbenchError({ code: 'bad-input', message: `record ${index + 1} has neither a key nor coordinates`, field: 'x,y' });
    }
    const place = places.get(key);
    if (place) place.days.push(r.day);
    else places.set(key, { x, y, days: [r.day] });
  }

  let repeatLocationCount = 0;
  let placeCount = 0;
  let recordCount = 0;
  let repeatRecordCount = 0;
  const listed: RepeatLocation[] = [];
  let summarised = 0;
  for (const [key, place] of places) {
    summarised += place.days.length;
    if (++placeCount % LOCATION_CHUNK === 0) yield progress(records.length + summarised);
    place.days.sort((a, b) => a - b);
    const stats = historyStats(place.days, windowDays);
    recordCount += place.days.length;
    repeatRecordCount += stats.repeatRecords;
    if (!stats.repeat) continue;
    repeatLocationCount++;
    listed.push({
      key,
      x: place.x,
      y: place.y,
      records: place.days.length,
      repeatRecords: stats.repeatRecords,
      firstDay: place.days[0]!,
      lastDay: place.days[place.days.length - 1]!,
      medianDaysToRepeat: median(stats.gaps),
    });
  }
  listed.sort((a, b) => b.repeatRecords - a.repeatRecords || b.records - a.records || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    locations: places.size,
    repeatLocations: repeatLocationCount,
    records: recordCount,
    repeatRecords: repeatRecordCount,
    top: listed.slice(0, Math.max(0, topN)),
  };
}

/** Per place (by index): its records, repeat records and first and last day. */
export interface PlaceHistories {
  records: Int32Array;
  repeatRecords: Int32Array;
  firstDay: Float64Array;
  lastDay: Float64Array;
}

/**
 * The repeat statistics of `repeatLocationSteps` for many places at once,
 * given a place index and a day per record: a counting sort by place, then
 * each place's days sorted in place. No Map, string key or array per place,
 * and a place with one record (most of them at a million records) is never
 * sorted. `windowOf` gives a place's window (days, or months + 0.5 for
 * month-only places). Yields every LOCATION_CHUNK places summarised.
 */
export function* placeHistorySteps(
  placeOf: Int32Array,
  days: Float64Array,
  placeCount: number,
  windowOf: (place: number) => number,
  progress: (placesDone: number) => Progress,
): Steps<PlaceHistories> {
  const records = new Int32Array(placeCount);
  for (let i = 0; i < placeOf.length; i++) records[placeOf[i]!]!++;
  // start[p]..start[p + 1]: place p's days in `sorted`.
  const start = new Int32Array(placeCount + 1);
  for (let p = 0; p < placeCount; p++) start[p + 1] = start[p]! + records[p]!;
  const next = start.slice(0, placeCount);
  const sorted = new Float64Array(placeOf.length);
  for (let i = 0; i < placeOf.length; i++) sorted[next[placeOf[i]!]!++] = days[i]!;
  const repeatRecords = new Int32Array(placeCount);
  const firstDay = new Float64Array(placeCount);
  const lastDay = new Float64Array(placeCount);
  for (let p = 0; p < placeCount; p++) {
    if ((p + 1) % LOCATION_CHUNK === 0) yield progress(p + 1);
    const from = start[p]!;
    const to = start[p + 1]!;
    if (to - from > 1) sorted.subarray(from, to).sort();
    firstDay[p] = sorted[from]!;
    lastDay[p] = sorted[to - 1]!;
    // As historyStats: in sorted order a record repeats iff a neighbour is within the window.
    const w = windowOf(p);
    let repeats = 0;
    for (let k = from; k < to; k++) {
      const d = sorted[k]!;
      if ((k > from && d - sorted[k - 1]! <= w) || (k + 1 < to && sorted[k + 1]! - d <= w)) repeats++;
    }
    repeatRecords[p] = repeats;
  }
  return { records, repeatRecords, firstDay, lastDay };
}
