/**
 * Repeat and near-repeat victimisation: the pure core behind the `repeats` and
 * `near-repeat` commands and the app's views. Plain functions on arrays, no
 * DOM, Node or database dependencies, so they run in Node, in Electron and in
 * a Web Worker alike.
 *
 * Conventions shared by every function here:
 * - Knox bands and near-repeat flags are half-open, [a, b), as in R
 *   NearRepeat: "within 7 days" means a difference under 7, "within 200 m" a
 *   distance under 200;
 * - the repeat-victim and repeat-location window is closed: "within 365
 *   days" includes records exactly 365 days apart (repeat-victims.ts);
 * - coordinates are metres on a projected grid (British National Grid via
 *   `wgs84ToBng`), times are day numbers (`isoDateToDay`);
 * - distances default to manhattan, as in NearRepeat and the Near Repeat Calculator.
 */

export {
  /** Interval closure of bands (R `cut()` flags); the default is [a, b). */
  type IntervalClosure,
  /** The default closure, [a, b). */
  LEFT_CLOSED,
  /** Equal-width edges with an open-ended band after (CLI `--space-band/--space-bands`). */
  equalWidthBreaks,
  /** The breaks that reproduce a Near Repeat Calculator table. */
  nearRepeatCalculatorBreaks,
  /** "0,100,200,Inf" to edges (CLI `--space-breaks/--time-breaks`). */
  parseBreaks,
  /** Throws a bad-input WorkbenchError for malformed edges. */
  validateBreaks,
  /** Whether the last band is open-ended. */
  isOpenEnded,
  /** Band of a value, -1 if none. */
  bandIndex,
  /** "[0, 100)"-style labels. */
  bandLabels,
  /** Edge formatting ("Inf" for Infinity). */
  formatEdge,
  /** Counts of values per band. */
  histogram,
  type Histogram,
} from './bands';

export {
  /** ISO date to day number (days since 1970-01-01). */
  isoDateToDay,
  /** Day number to ISO date. */
  dayToIsoDate,
} from './days';

export {
  /** WGS84 latitude/longitude to British National Grid, ~5 m. */
  wgs84ToBng,
  /** WGS84 to OSGB36 latitude/longitude (Helmert). */
  wgs84ToOsgb36,
  /** OSGB36 latitude/longitude to grid (exact projection). */
  osgb36ToGrid,
  /** Straight-line distance. */
  euclideanDistance,
  /** |dx| + |dy|. */
  manhattanDistance,
  /** Distance function for a metric. */
  distanceFunction,
  type DistanceMetric,
  type GridPoint,
  type LatLon,
} from './coordinates';

export {
  /** Grid index over points. */
  buildGridIndex,
  /** All pairs within a distance, without O(n^2) comparisons. */
  pairsWithin,
  type GridIndex,
  type PairList,
  type PointColumns,
} from './spatial-index';

export {
  /** Seeded xoshiro128** generator. */
  xoshiro128,
  /** Fisher-Yates shuffle with a seeded generator. */
  shuffleInPlace,
  type Rng,
} from './prng';

export {
  /** Knox test with Monte Carlo permutations (synchronous; progress and cancellation by callback). */
  knoxTest,
  /** Knox test that yields to the event loop every few permutations. */
  knoxTestAsync,
  /** Resolves on a later event-loop turn. */
  yieldToEventLoop,
  type KnoxAsyncOptions,
  type KnoxColumns,
  type KnoxEvent,
  type KnoxInput,
  type KnoxOptions,
  type KnoxResult,
} from './knox';

export {
  /** Events preceded by another within the flag distance and days; the near-repeat share. */
  nearRepeatFlags,
  type NearRepeatFlagOptions,
  type NearRepeatFlags,
} from './near-repeat-flags';

export {
  /** Victims, repeat victims, repeat rate, repeat records and days to repeat, per series. */
  repeatVictimisation,
  /** The same as steps, so the worker can take a Cancel at a million records. */
  repeatVictimisationSteps,
  /** Victims' histories built as records are read, then counted in steps (the store's repeat victims). */
  VictimHistories,
  /** Places victimised again within the window, top N. */
  repeatLocations,
  repeatLocationSteps,
  /** The same statistics per place index, for a million records (the store's repeat locations). */
  placeHistorySteps,
  checkWindow,
  type PlaceHistories,
  /** Median (null for none). */
  median,
  type LocationRecord,
  type RepeatLocation,
  type RepeatLocationOptions,
  type RepeatLocationsResult,
  type RepeatVictimOptions,
  type RepeatVictimSeries,
  type VictimRecord,
} from './repeat-victims';

export {
  /** Milliseconds for a Knox test on seeded random events (for `npm run bench`). */
  benchKnox,
  /** The seeded random events the benchmark uses. */
  randomKnoxEvents,
} from './bench-knox';
