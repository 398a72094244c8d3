/**
 * Near-repeat flags: which events followed another event close by and soon
 * after, i.e. fell in the Knox table's first cell [0, flagDistance) x
 * [0, flagDays).
 *
 * Conventions (the same half-open bands as the Knox test):
 * - "close by": distance < flagDistance (a pair exactly 200 m apart is not within 200 m);
 * - "soon after": 0 <= t_this - t_other < flagDays, so with whole days and 7
 *   days, the other event was 0 to 6 days earlier;
 * - same day (t_this === t_other): the order within the day is unknown, so by
 *   default each of the two counts as following the other; set
 *   `sameDayCounts: false` to require a strictly earlier event.
 */
import { WorkbenchError } from '../../errors';
import type { DistanceMetric } from './coordinates';
import type { KnoxColumns, KnoxEvent } from './knox';
import { pairsWithin } from './spatial-index';

export interface NearRepeatFlagOptions {
  /** Metres; default 200 (CLI `--flag-space`). */
  flagDistance?: number;
  /** Days; default 7 (CLI `--flag-days`). */
  flagDays?: number;
  /** Default 'manhattan', as in the Knox test. */
  distance?: DistanceMetric;
  /** Whether a same-day event close by counts as a precursor; default true. */
  sameDayCounts?: boolean;
}

export interface NearRepeatFlags {
  events: number;
  /** 1 where the event followed another within the flag distance and days, else 0; in input order. */
  flagged: Uint8Array;
  /** How many earlier (or same-day) events each event followed. */
  precursors: Int32Array;
  flaggedCount: number;
  /** flaggedCount / events (0 when there are no events): the CLI's `near_repeat_share`. */
  share: number;
  flagDistance: number;
  flagDays: number;
  distance: DistanceMetric;
}

/** Flags events preceded by another within `flagDistance` metres and `flagDays` days. */
export function nearRepeatFlags(input: readonly KnoxEvent[] | KnoxColumns, options: NearRepeatFlagOptions = {}): NearRepeatFlags {
  const flagDistance = options.flagDistance ?? 200;
  const flagDays = options.flagDays ?? 7;
  const distance = options.distance ?? 'manhattan';
  const sameDayCounts = options.sameDayCounts ?? true;
  if (!(flagDistance > 0 && Number.isFinite(flagDistance))) {
    throw new WorkbenchError({ code: 'bad-input', message: `flag distance must be a positive number of metres, got ${flagDistance}`, field: 'flag-space' });
  }
  if (!(flagDays > 0 && Number.isFinite(flagDays))) {
    throw new WorkbenchError({ code: 'bad-input', message: `flag days must be a positive number, got ${flagDays}`, field: 'flag-days' });
  }
  const cols: KnoxColumns = Array.isArray(input)
    ? {
        x: (input as readonly KnoxEvent[]).map((e) => e.x),
        y: (input as readonly KnoxEvent[]).map((e) => e.y),
        t: (input as readonly KnoxEvent[]).map((e) => e.t),
      }
    : (input as KnoxColumns);
  const n = cols.t.length;
  for (let k = 0; k < n; k++) {
    if (!Number.isFinite(cols.t[k]!)) throw new WorkbenchError({ code: 'bad-input', message: `event ${k + 1} has no valid time`, field: 't' });
  }
  const flagged = new Uint8Array(n);
  const precursors = new Int32Array(n);
  // The index returns d <= radius; the strict d < flagDistance test below keeps the half-open convention.
  const pairs = pairsWithin({ x: cols.x, y: cols.y }, flagDistance, distance);
  for (let k = 0; k < pairs.count; k++) {
    if (!(pairs.distance[k]! < flagDistance)) continue;
    const i = pairs.i[k]!;
    const j = pairs.j[k]!;
    const dt = cols.t[i]! - cols.t[j]!; // > 0: i is later
    if (dt === 0) {
      if (!sameDayCounts) continue;
      precursors[i]!++;
      precursors[j]!++;
    } else if (dt > 0 && dt < flagDays) {
      precursors[i]!++;
    } else if (dt < 0 && -dt < flagDays) {
      precursors[j]!++;
    }
  }
  let flaggedCount = 0;
  for (let k = 0; k < n; k++) {
    if (precursors[k]! > 0) {
      flagged[k] = 1;
      flaggedCount++;
    }
  }
  return { events: n, flagged, precursors, flaggedCount, share: n > 0 ? flaggedCount / n : 0, flagDistance, flagDays, distance };
}
