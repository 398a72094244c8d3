/**
 * Runs a pivot spec against the store and shapes the result for the grid,
 * the chart, the command line and exports alike, so a figure is the same
 * wherever it is computed.
 *
 * Every pivot is one parameterised GROUP BY (from the cube when its
 * dimensions allow); measures over time (changes, financial year to date,
 * rolling 12 months) group the column period by month and add the months
 * up here, so they need no query per cell.
 */
import type { Database, SqlValue } from 'sql.js';
import { UntilWrite } from '../write-count';
import { nearRepeatFlagMeaning } from '../analytics/near-repeat-column';
import { nearRepeatPivotNote } from '../analytics/near-repeat-flag-text';
import { monthSpan } from '../charts/text';
import { WorkbenchError } from '../errors';
import { formatMonth, parseMonth } from '../periods';
import {
  type Dimension,
  type Lookups,
  type PeriodDimension,
  PERIOD_MONTHS,
  compareCodes,
  decodeLabel,
  dimensionSql,
  encodeLabel,
  isIquantaDimension,
  isPeriodDimension,
  loadLookups,
  lookupRank,
  needsCrimeTypeJoin,
  periodOfMonth,
  periodStartMonth,
} from './dimensions';
import { withStatement } from '../statement-cache';
import { pivotSource } from './cube';
import { runIquantaPivot } from './iquanta';
import { EstimateYears, type RatePeriod } from './estimate-years';
import { forceAreaNote, isForceWorkbench } from './force-area';
import { type Denominator, PERSON_YEARS_NOTE, PopulationTable } from './population';
import { type RateInterval, rateInterval } from '../analytics/rate-interval';
import { type Measure, type PivotSpec, isIquantaMeasure, isLaggedMeasure, isWindowMeasure, validatePivotSpec } from './spec';

type Codes = (number | null)[];

/** A rate that cannot be computed (no population, a ward's records, ...). */
const NO_RATE = Object.freeze({ value: null, interval: null });

export interface PivotRow {
  /** One label per row dimension. */
  key: string[];
  /** The measure per column, null where it cannot be computed. */
  values: (number | null)[];
  /**
   * Text to show instead of the number, per column, where the measure is
   * text (iQuanta position "Above", rank "3 of 15"); absent for numeric measures.
   */
  text?: (string | null)[];
  /** The measure for the row's total. */
  total: number | null;
  totalText?: string | null;
  /** Record counts behind each cell (what drill-through shows). */
  counts: number[];
  countTotal: number;
  /** A rate's 95% confidence interval per column (null where there is no rate); rates only. */
  intervals?: (RateInterval | null)[];
  totalInterval?: RateInterval | null;
  /**
   * Measures built on more than the cell's own records (a change on an
   * earlier period, financial year to date, rolling 12 months): per column,
   * the smallest non-zero record count, other than the cell's own, its
   * figure is computed from (the earlier period's, the window's), 0 when none.
   * Disclosure control withholds a figure computed from a small count.
   */
  inputCounts?: number[];
}

export interface PivotResult {
  spec: PivotSpec;
  /** One entry per column: its labels, one per column dimension. */
  columns: string[][];
  rows: PivotRow[];
  columnTotals: (number | null)[];
  /** Text of the column totals, for text measures (see PivotRow.text). */
  columnTotalsText?: (string | null)[];
  grandTotal: number | null;
  /** The Total row's rate intervals (see PivotRow.intervals). */
  columnTotalIntervals?: (RateInterval | null)[];
  grandTotalInterval?: RateInterval | null;
  columnCountTotals: number[];
  grandCount: number;
  /** The Total row's inputCounts (see PivotRow.inputCounts). */
  columnInputCounts?: number[];
  /**
   * Why some cells are blank, in analysts' words (e.g. "No population
   * loaded: ..."), each once; shown beside the grid and by the command line.
   */
  notes: string[];
  /**
   * The Total column's and Total row's labels where they are not plain
   * "Total": a rate's totals across periods are per 1,000 residents per year.
   */
  totalLabels?: { column: string; row: string };
}

/** The label of a rate's Total taken across periods (person-years). */
export const PER_YEAR_TOTAL_LABEL = 'Total per year';

interface CompiledQuery {
  sql: string;
  params: SqlValue[];
}

/** Inclusive month range; null ends are open. */
interface MonthRange {
  from: number | null;
  to: number | null;
}

/** Compiles the WHERE clause: filters and the month range, all bound as parameters. */
export function compileWhere(spec: PivotSpec, lookups: Lookups, monthRange: MonthRange): CompiledQuery {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  for (const filter of spec.filters) {
    if (isIquantaDimension(filter.dimension)) {
      // Record queries (pivot, drill-through, analytics) cannot filter on iQuanta's own columns.
      throw new WorkbenchError({ code: 'usage', message: `"${filter.dimension}" filters iQuanta figures, not records.` });
    }
    const codes = filter.values.map((label) => encodeLabel(filter.dimension, label, lookups));
    const known = codes.filter((code): code is number => typeof code === 'number');
    const matchesUnknown = codes.includes(null);
    const parts: string[] = [];
    if (known.length > 0) {
      parts.push(`${dimensionSql(filter.dimension)} IN (${known.map(() => '?').join(', ')})`);
      params.push(...known);
    }
    if (matchesUnknown) parts.push(`${dimensionSql(filter.dimension)} IS NULL`);
    clauses.push(parts.length > 0 ? `(${parts.join(' OR ')})` : '0');
  }
  if (monthRange.from !== null) {
    clauses.push('r.month >= ?');
    params.push(monthRange.from);
  }
  if (monthRange.to !== null) {
    clauses.push('r.month <= ?');
    params.push(monthRange.to);
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function fromClause(table: string, dimensions: readonly Dimension[]): string {
  return needsCrimeTypeJoin(dimensions) ? `${table} r JOIN crime_type ct ON ct.id = r.crime_type_id` : `${table} r`;
}

function keyOf(codes: Codes): string {
  return keyOfRange(codes, 0, codes.length);
}

/** keyOf of codes[start..end), without slicing them out. */
function keyOfRange(codes: Codes, start: number, end: number): string {
  let key = '';
  for (let i = start; i < end; i++) {
    const code = codes[i];
    key += `${i > start ? '|' : ''}${code === null || code === undefined ? 'n' : String(code)}`;
  }
  return key;
}

/** How many periods of the column dimension a change measure looks back. */
function changeLag(measure: Measure, dimension: PeriodDimension): number {
  if (measure === 'change_prev' || measure === 'diff_prev') return 1;
  return dimension === 'month' ? 12 : dimension === 'quarter' ? 4 : 1;
}

function periodEndMonth(dimension: PeriodDimension, code: number): number {
  return periodStartMonth(dimension, code) + PERIOD_MONTHS[dimension] - 1;
}

// Multiplied before dividing, so a figure that is exactly a half at one decimal place (23 more on 80: 28.75%) is that
// half, not 28.749999999999996, and rounds as analysts (and Excel) round it: every output shows the same figure.
const change = (current: number, previous: number | null): number | null =>
  previous === null || previous === 0 ? null : ((current - previous) * 100) / previous;

/** The first month a time measure needs: its comparison base and windows reach back before `from`. */
function lookbackStart(measure: Measure, dimension: PeriodDimension, from: number): number {
  switch (measure) {
    case 'rolling_12':
      return from - 11;
    case 'rolling_12_change':
      return from - 23;
    case 'fytd':
      return periodStartMonth('fin_year', periodOfMonth('fin_year', from));
    case 'fytd_change':
      return periodStartMonth('fin_year', periodOfMonth('fin_year', from)) - 12;
    default:
      return periodStartMonth(dimension, periodOfMonth(dimension, from) - changeLag(measure, dimension));
  }
}

/** What one GROUP BY returns: a count per (row codes, column codes). */
interface Grouped {
  cells: Map<string, number>;
  rowCodes: Map<string, Codes>;
  columnCodes: Map<string, Codes>;
}

function groupCounts(db: Database, spec: PivotSpec, lookups: Lookups, range: MonthRange, monthlyLastColumn: boolean): Grouped {
  const dimensions = [...spec.rows, ...spec.columns];
  const where = compileWhere(spec, lookups, range);
  const allDimensions = [...dimensions, ...spec.filters.map((f) => f.dimension)];
  // The month range lets pivots with no period, or whole quarters, read the smaller cubes; measures over
  // time group the column period by month and sum the months here, so they need a cube with months.
  const source = pivotSource(db, monthlyLastColumn ? [...allDimensions, 'month'] : allDimensions, range);
  const groupSql = dimensions.map((d, i) => (monthlyLastColumn && i === dimensions.length - 1 ? 'r.month' : dimensionSql(d)));
  const select = groupSql.length > 0 ? `${groupSql.join(', ')}, ${source.count}` : source.count;
  const group = groupSql.length > 0 ? `GROUP BY ${groupSql.join(', ')}` : '';
  const sql = `SELECT ${select} FROM ${fromClause(source.table, allDimensions)} ${where.sql} ${group}`;
  const grouped: Grouped = { cells: new Map(), rowCodes: new Map(), columnCodes: new Map() };
  const rowCount = spec.rows.length;
  const codeCount = dimensions.length;
  // One row's codes, reused: arrays are made only for rows and columns not seen before.
  const codes: (number | null)[] = new Array<number | null>(codeCount).fill(null);
  // The same spec shape (same SQL, other values) reuses its prepared statement.
  withStatement(db, sql, (statement, raw) => {
    statement.bind(where.params);
    // Reads the next row into `codes`; its count, or -1 when there are no more rows.
    const next =
      raw !== null
        ? (): number => {
            if (!raw.step()) return -1;
            for (let i = 0; i < codeCount; i++) codes[i] = raw.number(i);
            return raw.number(codeCount) ?? 0;
          }
        : (): number => {
            if (!statement.step()) return -1;
            const values = statement.get();
            for (let i = 0; i < codeCount; i++) {
              const value = values[i];
              codes[i] = value === null || value === undefined ? null : Number(value);
            }
            return Number(values[codeCount]);
          };
    for (let count = next(); count >= 0; count = next()) {
      if (count === 0) continue;
      const r = keyOfRange(codes, 0, rowCount);
      const c = keyOfRange(codes, rowCount, codeCount);
      if (!grouped.rowCodes.has(r)) grouped.rowCodes.set(r, codes.slice(0, rowCount));
      if (!grouped.columnCodes.has(c)) grouped.columnCodes.set(c, codes.slice(rowCount, codeCount));
      const cell = `${r}#${c}`;
      grouped.cells.set(cell, (grouped.cells.get(cell) ?? 0) + count);
    }
  });
  return grouped;
}

export function runPivot(db: Database, input: PivotSpec): PivotResult {
  const spec = validatePivotSpec(input);
  if (isIquantaMeasure(spec.measure)) return runIquantaPivot(db, spec);
  const dimensions = [...spec.rows, ...spec.columns, ...spec.filters.map((f) => f.dimension)];
  const lookups = loadLookups(db, dimensions);
  const from = spec.from === undefined ? null : parseMonth(spec.from);
  const to = spec.to === undefined ? null : parseMonth(spec.to);
  const result = isLaggedMeasure(spec.measure) || isWindowMeasure(spec.measure) ? timePivot(db, spec, lookups, { from, to }) : plainPivot(db, spec, lookups, { from, to });
  const partPeriods = partPeriodNote(db, spec, result, lookups, { from, to });
  if (partPeriods !== null) result.notes.push(partPeriods);
  // After the pivot, which refilled the flags if they were out of date.
  if (dimensions.includes('near_repeat')) result.notes.push(nearRepeatPivotNote(nearRepeatFlagMeaning(db)));
  return result;
}

/**
 * Quarters and years shown that the records (or the dates chosen) cover
 * only in part, said by name: police.uk data for Jan 2023 to Dec 2024 gives
 * 2022/23 three months and 2024/25 nine, and beside whole years they read as
 * falls of 75% and 25% that never happened.
 */
function partPeriodNote(db: Database, spec: PivotSpec, result: PivotResult, lookups: Lookups, range: MonthRange): string | null {
  // Only quarters and longer can be cut short: most pivots have none, and skip the labels and the coverage.
  const isLong = (dimension: Dimension): dimension is PeriodDimension => isPeriodDimension(dimension) && dimension !== 'month';
  if (!spec.rows.some(isLong) && !spec.columns.some(isLong)) return null;
  const coverage = coveredMonths(db, range.from, range.to);
  if (coverage === null) return null;
  const parts: string[] = [];
  const shown = (labels: readonly (readonly string[])[], at: number): Set<string> => new Set(labels.flatMap((l) => (l[at] === undefined ? [] : [l[at]])));
  const periods = [
    ...spec.rows.flatMap((dimension, at) => (isLong(dimension) ? [{ dimension, labels: shown(result.rows.map((r) => r.key), at) }] : [])),
    ...spec.columns.flatMap((dimension, at) => (isLong(dimension) ? [{ dimension, labels: shown(result.columns, at) }] : [])),
  ];
  for (const { dimension, labels } of periods) {
    for (const label of labels) {
      const code = encodeLabel(dimension, label, lookups);
      if (code === null || code === undefined) continue;
      const start = periodStartMonth(dimension, code);
      const end = start + PERIOD_MONTHS[dimension] - 1;
      if (start >= coverage.from && end <= coverage.to) continue;
      const first = Math.max(start, coverage.from);
      const last = Math.min(end, coverage.to);
      const months = monthSpan(formatMonth(first), formatMonth(last));
      parts.push(`${label} has ${months} only`);
    }
  }
  if (parts.length === 0) return null;
  // A part year's rate per 1,000 is its months' records over a year's residents: three months read as a quarter of a year's rate.
  const rates = spec.measure === 'rate' ? ' Their rates per 1,000 are for those months only, not per year.' : '';
  return `Part periods: ${parts.join('; ')} (the figures cover ${monthSpan(formatMonth(coverage.from), formatMonth(coverage.to))}). They are not whole-period figures: compare them with whole periods with care.${rates}`;
}

export const SUB_AREA_RATE_NOTE =
  'Rates per 1,000 are by district: population estimates are loaded by district, so a ward or LSOA (in the rows, columns or filters) has no rate.';

/** Districts a note names before it only counts the rest: a note is read beside the grid, not as a list. */
export const DISTRICTS_NAMED = 8;

/** "A, B, C" for a few districts; "A, …, H and 4 more" past the first {@link DISTRICTS_NAMED}. */
export function firstDistrictsAndMore(names: readonly string[]): string {
  if (names.length <= DISTRICTS_NAMED) return names.join(', ');
  return `${names.slice(0, DISTRICTS_NAMED).join(', ')} and ${names.length - DISTRICTS_NAMED} more`;
}

/** Which districts' records a rate across districts leaves out (no population loaded), and how many of those shown. */
function leftOutNote(
  districts: ReadonlySet<number | null>,
  records: ReadonlyMap<number | null, number>,
  grand: { leftOut: number; shown: number } | null,
  lookups: Lookups,
): string {
  // Most records first: the districts that matter to the figure are named before the list is cut short.
  const names = [...districts]
    .map((code) => ({ name: decodeLabel('district', code, lookups), n: records.get(code) ?? 0 }))
    .sort((a, b) => b.n - a.n || a.name.localeCompare(b.name))
    .map(({ name }) => name);
  const listed = firstDistrictsAndMore(names);
  const howMany = grand === null ? '' : ` (${grand.leftOut.toLocaleString('en-GB')} of the ${grand.shown.toLocaleString('en-GB')} records shown)`;
  return `Rates across districts (the Totals, and any rate not split by district) count only records in districts with a population loaded, over those districts' residents: records in ${listed}${howMany} are left out, as no population is loaded for them.`;
}

const NO_POPULATION_FOR = /^No population( of [a-z]+)? loaded for (.+): its rates are blank\.$/;
/** More districts without population than this get one note between them. */
const NO_POPULATION_NOTES_KEPT = 3;

/**
 * One "No population loaded for ..." note per district, until there are
 * many: police.uk records land in 100+ districts over the border, and a note
 * each would push the grid off the screen. Then one note names the first 8.
 */
export function groupNoPopulationNotes(notes: readonly string[]): string[] {
  const byWho = new Map<string, string[]>();
  for (const note of notes) {
    const match = NO_POPULATION_FOR.exec(note);
    if (match === null) continue;
    const who = match[1] ?? '';
    byWho.set(who, [...(byWho.get(who) ?? []), match[2] ?? '']);
  }
  const grouped: string[] = [];
  const done = new Set<string>();
  for (const note of notes) {
    const match = NO_POPULATION_FOR.exec(note);
    const districts = match === null ? undefined : byWho.get(match[1] ?? '');
    if (match === null || districts === undefined || districts.length <= NO_POPULATION_NOTES_KEPT) grouped.push(note);
    else if (!done.has(match[1] ?? '')) {
      done.add(match[1] ?? '');
      const listed = firstDistrictsAndMore(districts);
      grouped.push(`No population${match[1] ?? ''} loaded for ${districts.length.toLocaleString('en-GB')} districts (${listed}): their rates are blank.`);
    }
  }
  return grouped;
}

/** Count, rate and shares: each cell is the records of its row and column. */
function plainPivot(db: Database, spec: PivotSpec, lookups: Lookups, range: MonthRange): PivotResult {
  const { from, to } = range;
  const notes = new Set<string>();
  const population = spec.measure === 'rate' ? PopulationTable.load(db) : null;
  const { cells, rowCodes, columnCodes } = groupCounts(db, spec, lookups, range, false);

  const coverage = coveredMonths(db, from, to);
  fillPeriodGaps(spec.rows, rowCodes, coverage);
  fillPeriodGaps(spec.columns, columnCodes, coverage);
  // Without column fields there is always the one value column, records or not (a CSV header of district,value).
  if (spec.columns.length === 0 && columnCodes.size === 0) columnCodes.set(keyOf([]), []);
  const sortedRows = sortKeys(spec.rows, [...rowCodes.values()], lookups);
  const shownColumns = sortKeys(spec.columns, [...columnCodes.values()], lookups);

  const columnKeys = shownColumns.map(keyOf);
  const rowCounts = sortedRows.map((row) => {
    const r = keyOf(row);
    return columnKeys.map((c) => cells.get(`${r}#${c}`) ?? 0);
  });
  const columnCountTotals = shownColumns.map((_, j) => rowCounts.reduce((sum, counts) => sum + (counts[j] ?? 0), 0));
  const rowCountTotals = rowCounts.map((counts) => counts.reduce((a, b) => a + b, 0));
  const grandCount = rowCountTotals.reduce((a, b) => a + b, 0);
  const share = (part: number, whole: number): number | null => (whole === 0 ? null : (part * 100) / whole);

  // A rate's denominator: the cell's district (or the filtered districts, or the force area),
  // age band (or the filtered bands, or all ages) and victim sex (or the filtered sexes, or persons)
  // in the year of the cell's period (or the latest year shown; person-years for a Total across periods).
  const filtered = (dimension: Dimension): Codes =>
    spec.filters
      .filter((f) => f.dimension === dimension)
      .flatMap((f) => f.values.map((label) => encodeLabel(dimension, label, lookups)))
      .filter((code): code is number | null => code !== undefined);
  const cellCode = (dimension: Dimension, row: Codes | null, column: Codes | null): number | null | undefined => {
    const r = spec.rows.indexOf(dimension);
    const c = spec.columns.indexOf(dimension);
    return r >= 0 && row !== null ? row[r] : c >= 0 && column !== null ? column[c] : undefined;
  };
  const filteredDistricts = filtered('district').filter((code): code is number => code !== null);
  const districtsOf = (row: Codes | null, column: Codes | null): number[] | null => {
    const code = cellCode('district', row, column);
    if (typeof code === 'number') return [code];
    if (code === null) return [];
    return filteredDistricts.length > 0 ? filteredDistricts : null;
  };
  const filteredBands = filtered('age_band');
  const bandsOf = (row: Codes | null, column: Codes | null): Codes | null => {
    const code = cellCode('age_band', row, column);
    if (code !== undefined) return [code];
    return filteredBands.length > 0 ? filteredBands : null;
  };
  // Victim sex, like age band: the cell's sex, else the filtered sexes, else persons (null).
  const filteredSexes = filtered('sex');
  const sexesOf = (row: Codes | null, column: Codes | null): Codes | null => {
    const code = cellCode('sex', row, column);
    if (code !== undefined) return [code];
    return filteredSexes.length > 0 ? filteredSexes : null;
  };
  // Population estimates are by district: a ward's or LSOA's records have no denominator of their own.
  const subArea = [...spec.rows, ...spec.columns, ...spec.filters.map((f) => f.dimension)].find((d) => d === 'ward' || d === 'lsoa');
  const periodRow = spec.rows.findIndex(isPeriodDimension);
  const periodColumn = spec.columns.findIndex(isPeriodDimension);
  const latestMonth = to ?? coverage?.to ?? 0;
  const yearOf = (row: Codes | null, column: Codes | null): number => {
    const at = (dimension: Dimension | undefined, code: number | null | undefined): number | null => {
      if (dimension === undefined || typeof code !== 'number' || !isPeriodDimension(dimension)) return null;
      // Mid-year estimates: a financial year's 30 June falls in its first calendar year.
      return Math.floor(periodStartMonth(dimension, code) / 12);
    };
    return (
      at(spec.rows[periodRow], row?.[periodRow]) ?? at(spec.columns[periodColumn], column?.[periodColumn]) ?? Math.floor(latestMonth / 12)
    );
  };

  // The periods a cell's rate is for, as its population year takes them (the row's period, else the
  // column's, else the whole span), to say which estimate year it divides by.
  const periodsOf = (row: Codes | null, column: Codes | null): RatePeriod[] => {
    const at = (dimension: Dimension | undefined, code: number | null | undefined): RatePeriod[] | null =>
      dimension === undefined || typeof code !== 'number' || !isPeriodDimension(dimension) ? null : [{ dimension, code, label: decodeLabel(dimension, code, lookups) }];
    const span = coverage === null ? [] : [{ dimension: null, code: 0, label: monthSpan(formatMonth(coverage.from), formatMonth(coverage.to)) }];
    return at(spec.rows[periodRow], row?.[periodRow]) ?? at(spec.columns[periodColumn], column?.[periodColumn]) ?? span;
  };
  const estimateYears = new EstimateYears();

  // A Total across a period dimension (no period fixed by its row or column) spans many periods: its
  // denominator is person-years, each period shown counting its year's residents (the year its cell
  // takes) for the months of it the data covers, within --from/--to: a month a twelfth, a whole financial
  // year in full, April to December 2024 three quarters. So a two-year Total is per year rather than twice
  // the rate, a Total over one column is it, and part years at the ends of the data weigh only their months.
  const spannedPeriod = (row: Codes | null, column: Codes | null): PeriodDimension | null => {
    if ((periodRow >= 0 && row !== null) || (periodColumn >= 0 && column !== null)) return null;
    const dimension = periodRow >= 0 ? spec.rows[periodRow] : periodColumn >= 0 ? spec.columns[periodColumn] : undefined;
    return dimension !== undefined && isPeriodDimension(dimension) ? dimension : null;
  };
  // The months of the periods shown (those the data covers), within --from/--to, less any a period filter leaves out.
  const periodFilters = spec.filters.flatMap((f) =>
    isPeriodDimension(f.dimension) ? [{ dimension: f.dimension, codes: new Set(f.values.map((label) => encodeLabel(f.dimension, label, lookups))) }] : [],
  );
  const isShownMonth = (m: number): boolean => (from === null || m >= from) && (to === null || m <= to) && periodFilters.every((f) => f.codes.has(periodOfMonth(f.dimension, m)));
  /** Population year -> the months shown that take it, and the periods they are in. */
  type YearMonths = Map<number, { months: number; periods: RatePeriod[] }>;
  const monthsByYear = new Map<PeriodDimension, YearMonths>();
  const monthsOfYears = (dimension: PeriodDimension): YearMonths => {
    const known = monthsByYear.get(dimension);
    if (known !== undefined) return known;
    const months: YearMonths = new Map();
    // Only the months the data covers (coverage is already within --from/--to): a part year is not a whole one.
    for (let m = coverage?.from ?? 0; coverage !== null && m <= coverage.to; m++) {
      if (!isShownMonth(m)) continue;
      const p = periodOfMonth(dimension, m);
      const year = Math.floor(periodStartMonth(dimension, p) / 12);
      const entry = months.get(year) ?? { months: 0, periods: [] };
      entry.months += 1;
      if (entry.periods.at(-1)?.code !== p) entry.periods.push({ dimension, code: p, label: decodeLabel(dimension, p, lookups) });
      months.set(year, entry);
    }
    monthsByYear.set(dimension, months);
    return months;
  };
  // A rate across districts (a Total, or a pivot not split by district, with no district filter) is the force
  // area's in the force's own workbench: its districts' records over their residents (force-area.ts). police.uk
  // records over the border (Wyre, Lancaster) or of an unknown district are left out of both, even where a
  // national file gives their district residents, and the notes name them. Another force's workbench divides
  // the records of the districts with a population loaded that the pivot's records fall in by their residents.
  const spansDistricts = population !== null && !population.isEmpty && subArea === undefined && filteredDistricts.length === 0;
  const districtRow = spec.rows.indexOf('district');
  const districtColumn = spec.columns.indexOf('district');
  /** `${row key or *}#${column key or *}` -> district code (null: unknown) -> records. */
  const byDistrict = new Map<string, Map<number | null, number>>();
  if (spansDistricts) {
    const addTo = (key: string, district: number | null, count: number): void => {
      const map = byDistrict.get(key) ?? new Map<number | null, number>();
      map.set(district, (map.get(district) ?? 0) + count);
      byDistrict.set(key, map);
    };
    const add = (rowKey: string, columnKey: string, district: number | null, count: number): void => {
      for (const key of [`${rowKey}#${columnKey}`, `${rowKey}#*`, `*#${columnKey}`, '*#*']) addTo(key, district, count);
    };
    if (districtRow >= 0 || districtColumn >= 0) {
      for (const [key, count] of cells) {
        const [r = '', c = ''] = key.split('#');
        const codes = districtRow >= 0 ? rowCodes.get(r) : columnCodes.get(c);
        add(r, c, codes?.[districtRow >= 0 ? districtRow : districtColumn] ?? null, count);
      }
    } else {
      const split = groupCounts(db, { ...spec, rows: [...spec.rows, 'district'] }, lookups, range, false);
      for (const [key, count] of split.cells) {
        const [r = '', c = ''] = key.split('#');
        const codes = split.rowCodes.get(r) ?? [];
        add(keyOfRange(codes, 0, spec.rows.length), c, codes[spec.rows.length] ?? null, count);
      }
    }
  }
  const isForceArea = spansDistricts && isForceWorkbench(db);
  // The same districts for every cell across districts, so a Total per year lies among its periods' rates.
  const acrossDistricts = new Set(
    population === null
      ? []
      : isForceArea
        ? population.forceDistricts().filter((id) => population.hasPopulation(id))
        : [...(byDistrict.get('*#*')?.keys() ?? [])].filter((id): id is number => id !== null && population.hasPopulation(id)),
  );
  const leftOutDistricts = new Set<number | null>();
  /** For a cell across districts: the districts with a population and their records, or null when the cell has a district of its own. */
  const populatedPart = (row: Codes | null, column: Codes | null): { districts: number[]; count: number; leftOut: number } | null => {
    if (!spansDistricts || population === null || districtsOf(row, column) !== null) return null;
    const counts = byDistrict.get(`${row === null ? '*' : keyOf(row)}#${column === null ? '*' : keyOf(column)}`) ?? new Map<number | null, number>();
    let count = 0;
    let leftOut = 0;
    for (const [district, n] of counts) {
      if (district !== null && acrossDistricts.has(district)) {
        count += n;
      } else {
        leftOutDistricts.add(district);
        leftOut += n;
      }
    }
    return { districts: [...acrossDistricts], count, leftOut };
  };
  let grandLeftOut: { leftOut: number; shown: number } | null = null;

  // `per`: the persons are counted over that many parts of a year (12: person-months), so the rate is per year.
  const rateDenominator = (row: Codes | null, column: Codes | null, across?: readonly number[]): (Denominator & { per?: number }) | undefined => {
    if (population === null) return undefined;
    const districts = across ?? districtsOf(row, column);
    const bands = bandsOf(row, column);
    const sexes = sexesOf(row, column);
    const spanned = spannedPeriod(row, column);
    if (spanned === null) {
      const year = yearOf(row, column);
      const denominator = population.denominator(districts, year, bands, sexes);
      if ('persons' in denominator) estimateYears.record(year, periodsOf(row, column), denominator.estimateYears);
      return denominator;
    }
    // Person-months, in whole numbers, divided once at the end (no twelfths carried through the sum).
    let personMonths = 0;
    for (const [year, { months, periods }] of monthsOfYears(spanned)) {
      const denominator = population.denominator(districts, year, bands, sexes);
      if ('reason' in denominator) return denominator;
      estimateYears.record(year, periods, denominator.estimateYears);
      personMonths += denominator.persons * months;
    }
    notes.add(PERSON_YEARS_NOTE);
    return { persons: personMonths, per: 12 };
  };

  /** A rate and its 95% confidence interval (shared/analytics/rate-interval.ts). */
  const rateOf = (row: Codes | null, column: Codes | null, count: number): { value: number | null; interval: RateInterval | null } => {
    if (subArea !== undefined) {
      notes.add(SUB_AREA_RATE_NOTE);
      return NO_RATE;
    }
    const part = populatedPart(row, column);
    if (part !== null && part.districts.length === 0 && !population?.isEmpty) {
      notes.add('No population loaded for the districts of these records: their rates are blank.');
      return NO_RATE;
    }
    if (part !== null && row === null && column === null) grandLeftOut = { leftOut: part.leftOut, shown: count };
    const denominator = rateDenominator(row, column, part === null || population?.isEmpty === true ? undefined : part.districts);
    if (denominator === undefined) return NO_RATE;
    if ('reason' in denominator) {
      notes.add(denominator.reason);
      return NO_RATE;
    }
    // Records x 1,000 over residents, one division last (49 over 20,000 is 2.45 exactly, so it shows as 2.5).
    const records = part === null || population?.isEmpty === true ? count : part.count;
    if (denominator.persons === 0) return NO_RATE;
    // The interval is the count's (Poisson), over the same residents: person-years when `per` says so.
    return {
      value: (records * 1000 * (denominator.per ?? 1)) / denominator.persons,
      interval: rateInterval(records, denominator.persons / (denominator.per ?? 1), 1000),
    };
  };

  /** A cell's figure, and for a rate its interval. */
  const measureOf = (row: Codes | null, column: Codes | null, count: number, rowTotal: number, columnTotal: number): { value: number | null; interval: RateInterval | null } => {
    switch (spec.measure) {
      case 'share_row':
        return { value: share(count, rowTotal), interval: null };
      case 'share_col':
        return { value: share(count, columnTotal), interval: null };
      case 'share_total':
        return { value: share(count, grandCount), interval: null };
      case 'rate':
        return rateOf(row, column, count);
      default:
        return { value: count, interval: null };
    }
  };

  const isRate = spec.measure === 'rate';
  const rows: PivotRow[] = sortedRows.map((row, i) => {
    const counts = rowCounts[i] ?? [];
    const countTotal = rowCountTotals[i] ?? 0;
    const cells = shownColumns.map((column, j) => measureOf(row, column, counts[j] ?? 0, countTotal, columnCountTotals[j] ?? 0));
    const total = measureOf(row, null, countTotal, countTotal, grandCount);
    return {
      key: spec.rows.map((dimension, d) => decodeLabel(dimension, row[d] ?? null, lookups)),
      values: cells.map((cell) => cell.value),
      total: total.value,
      counts,
      countTotal,
      ...(isRate ? { intervals: cells.map((cell) => cell.interval), totalInterval: total.interval } : {}),
    };
  });
  const columnCells = shownColumns.map((column, j) => measureOf(null, column, columnCountTotals[j] ?? 0, grandCount, columnCountTotals[j] ?? 0));
  const grand = measureOf(null, null, grandCount, grandCount, grandCount);
  // District labels, loaded once and only when a note names a district.
  let districtNames: Lookups | null = null;
  const districtLookups = (): Lookups => (districtNames ??= lookups.labels.has('district') ? lookups : loadLookups(db, ['district']));
  const districtName = (code: number | null): string => decodeLabel('district', code, districtLookups());
  for (const note of estimateYears.notes(districtName)) notes.add(note);
  const totalsRecords = byDistrict.get('*#*') ?? new Map<number | null, number>();
  if (leftOutDistricts.size > 0 && isForceArea) {
    notes.add(forceAreaNote([...leftOutDistricts].map((code) => ({ name: districtName(code), records: totalsRecords.get(code) ?? 0 })), grandLeftOut));
  } else if (leftOutDistricts.size > 0) notes.add(leftOutNote(leftOutDistricts, totalsRecords, grandLeftOut, districtLookups()));
  return {
    spec,
    columns: shownColumns.map((column) => spec.columns.map((dimension, d) => decodeLabel(dimension, column[d] ?? null, lookups))),
    rows,
    columnTotals: columnCells.map((cell) => cell.value),
    grandTotal: grand.value,
    columnCountTotals,
    grandCount,
    ...(isRate ? { columnTotalIntervals: columnCells.map((cell) => cell.interval), grandTotalInterval: grand.interval } : {}),
    notes: groupNoPopulationNotes([...notes]),
    ...(notes.has(PERSON_YEARS_NOTE)
      ? {
          totalLabels: {
            column: periodRow < 0 && periodColumn >= 0 ? PER_YEAR_TOTAL_LABEL : 'Total',
            row: periodColumn < 0 && periodRow >= 0 ? PER_YEAR_TOTAL_LABEL : 'Total',
          },
        }
      : {}),
  };
}

/**
 * Measures over time, on the last column's period P (the row and the other
 * column labels fixed). "Covered" means inside the months the workbench's
 * records span (all sources), so a window that starts before the data is
 * blank rather than a misleading partial sum.
 *
 * - A cell's own count is its records in P within --from/--to: what
 *   drill-through shows (for fytd and rolling_12, the window's records:
 *   drill-through.ts windowMonths).
 * - change_prev / change_year (%) and diff_prev / diff_year (number) compare
 *   that count with the same months one period earlier / a year earlier
 *   (like with like when P is cut short by --from/--to or the end of the
 *   data); blank when those months are not all covered, and the % also when
 *   the base is 0.
 * - rolling_12 on month M: records in the 12 months M-11..M; blank unless
 *   M-11 is covered. rolling_12_change: % change on M-23..M-12.
 * - fytd on month M: records from the April starting M's financial year to
 *   M (April alone in April, the whole year in March). On financial year Y:
 *   records from April of Y to the same calendar month as the latest month
 *   shown (--to, else the data's last month), so every year spans the same
 *   months as the current one. Blank unless the April is covered.
 *   fytd_change: % change on the same span a year earlier.
 * Totals across periods are blank (windows are not additive); column totals
 * apply the measure to all rows together. A row (or column label) is listed
 * when it has records in the months shown or in the months they look back on.
 */
function timePivot(db: Database, spec: PivotSpec, lookups: Lookups, range: MonthRange): PivotResult {
  const timeColumn = spec.columns[spec.columns.length - 1];
  if (timeColumn === undefined || !isPeriodDimension(timeColumn)) throw new Error('validated: a time measure has a period column');
  const { from, to } = range;
  const data = coveredMonths(db, null, null);
  const queryFrom = from === null ? null : lookbackStart(spec.measure, timeColumn, from);
  const { cells, rowCodes, columnCodes } = groupCounts(db, spec, lookups, { from: queryFrom, to }, true);

  // Months by row and by column prefix (the column's labels but its period); '*' sums all rows.
  const monthly = new Map<string, number>();
  for (const [key, count] of cells) {
    const [r = '', c = ''] = key.split('#');
    const at = c.lastIndexOf('|');
    const prefix = at < 0 ? '' : c.slice(0, at);
    const month = at < 0 ? c : c.slice(at + 1);
    monthly.set(`${r}#${prefix}#${month}`, count);
    monthly.set(`*#${prefix}#${month}`, (monthly.get(`*#${prefix}#${month}`) ?? 0) + count);
  }
  const prefixes = new Map<string, Codes>();
  for (const codes of columnCodes.values()) prefixes.set(keyOf(codes.slice(0, -1)), codes.slice(0, -1));

  const shownFrom = data === null ? null : Math.max(data.from, from ?? data.from);
  const shownTo = data === null ? null : Math.min(data.to, to ?? data.to);
  const periods: number[] = [];
  if (shownFrom !== null && shownTo !== null && shownFrom <= shownTo) {
    for (let p = periodOfMonth(timeColumn, shownFrom); p <= periodOfMonth(timeColumn, shownTo); p++) periods.push(p);
  }
  const columns = sortKeys(
    spec.columns,
    [...prefixes.values()].flatMap((prefix) => periods.map((p) => [...prefix, p])),
    lookups,
  );
  const sortedRows = sortKeys(spec.rows, [...rowCodes.values()], lookups);

  const sum = (row: string, prefix: string, first: number, last: number): number => {
    let total = 0;
    for (let m = first; m <= last; m++) total += monthly.get(`${row}#${prefix}#${m}`) ?? 0;
    return total;
  };
  const isCovered = (month: number): boolean => data !== null && month >= data.from;
  /** The months of period P a cell counts: P within --from/--to and the data. */
  const ownSpan = (p: number): [number, number] => [
    Math.max(periodStartMonth(timeColumn, p), shownFrom ?? Number.MIN_SAFE_INTEGER),
    Math.min(periodEndMonth(timeColumn, p), shownTo ?? Number.MAX_SAFE_INTEGER),
  ];
  const lagMonths = changeLag(spec.measure, timeColumn) * PERIOD_MONTHS[timeColumn];
  const latest = shownTo ?? 0;
  // Financial year to date spans this many months from April (1 in April, 12 in March).
  const fytdMonths = latest - periodStartMonth('fin_year', periodOfMonth('fin_year', latest)) + 1;
  const fytdOf = (row: string, prefix: string, p: number): number | null => {
    const [first, last] =
      timeColumn === 'fin_year'
        ? [periodStartMonth('fin_year', p), periodStartMonth('fin_year', p) + fytdMonths - 1]
        : [periodStartMonth('fin_year', periodOfMonth('fin_year', p)), p];
    return isCovered(first) ? sum(row, prefix, first, last) : null;
  };
  const rollingOf = (row: string, prefix: string, month: number): number | null =>
    isCovered(month - 11) ? sum(row, prefix, month - 11, month) : null;

  // Why some cells are blank, said once each beside the grid.
  const notes = new Set<string>();
  const dataStart = data === null ? '' : formatMonth(data.from);
  const uncovered = (message: string): null => {
    notes.add(`${message} (the data starts in ${dataStart}).`);
    return null;
  };
  const percent = (current: number, base: number | null): number | null => {
    if (base === 0) notes.add('A % change is blank where the earlier figure is 0.');
    return change(current, base);
  };
  /** The figure, and the record counts besides the cell's own it is computed from (for disclosure control). */
  const valueOf = (row: string, prefix: string, p: number, count: number): { value: number | null; inputs: (number | null)[] } => {
    switch (spec.measure) {
      case 'rolling_12': {
        const window = rollingOf(row, prefix, p);
        return { value: window ?? uncovered('Rolling 12 months are blank until 12 months of data precede the month'), inputs: [window] };
      }
      case 'rolling_12_change': {
        const current = rollingOf(row, prefix, p);
        const previous = rollingOf(row, prefix, p - 12);
        const value =
          current === null || previous === null ? uncovered('The change in rolling 12 months is blank until 24 months of data precede the month') : percent(current, previous);
        return { value, inputs: [current, previous] };
      }
      case 'fytd': {
        const window = fytdOf(row, prefix, p);
        return { value: window ?? uncovered('Financial year to date is blank where the year\'s April is before the data'), inputs: [window] };
      }
      case 'fytd_change': {
        const current = fytdOf(row, prefix, p);
        const previous = fytdOf(row, prefix, timeColumn === 'fin_year' ? p - 1 : p - 12);
        const value =
          current === null || previous === null
            ? uncovered('The change in financial year to date is blank where the previous year\'s April is before the data')
            : percent(current, previous);
        return { value, inputs: [current, previous] };
      }
      default: {
        const [first, last] = ownSpan(p);
        if (!isCovered(first - lagMonths)) return { value: uncovered('A change is blank where the period it compares with is not all covered by the data'), inputs: [] };
        const base = sum(row, prefix, first - lagMonths, last - lagMonths);
        return { value: spec.measure === 'diff_prev' || spec.measure === 'diff_year' ? count - base : percent(count, base), inputs: [base] };
      }
    }
  };

  const cellOf = (row: string, column: Codes): { count: number; value: number | null; input: number } => {
    const p = column[column.length - 1] ?? 0;
    const prefix = keyOf(column.slice(0, -1));
    const [first, last] = ownSpan(p);
    const count = sum(row, prefix, first, last);
    const { value, inputs } = valueOf(row, prefix, p, count);
    // The smallest non-zero input: a figure is computed from a small count exactly when it is small.
    const nonZero = inputs.filter((n): n is number => n !== null && n > 0);
    return { count, value, input: nonZero.length === 0 ? 0 : Math.min(...nonZero) };
  };

  const rows: PivotRow[] = sortedRows.map((row) => {
    const r = keyOf(row);
    const cellsOfRow = columns.map((column) => cellOf(r, column));
    const counts = cellsOfRow.map((cell) => cell.count);
    return {
      key: spec.rows.map((dimension, d) => decodeLabel(dimension, row[d] ?? null, lookups)),
      values: cellsOfRow.map((cell) => cell.value),
      total: null,
      counts,
      countTotal: counts.reduce((a, b) => a + b, 0),
      inputCounts: cellsOfRow.map((cell) => cell.input),
    };
  });
  const totals = columns.map((column) => cellOf('*', column));
  const columnCountTotals = totals.map((cell) => cell.count);
  return {
    spec,
    columns: columns.map((column) => spec.columns.map((dimension, d) => decodeLabel(dimension, column[d] ?? null, lookups))),
    rows,
    columnTotals: totals.map((cell) => cell.value),
    grandTotal: null,
    columnCountTotals,
    grandCount: columnCountTotals.reduce((a, b) => a + b, 0),
    columnInputCounts: totals.map((cell) => cell.input),
    notes: [...notes],
  };
}

/** The months the workbench's data covers (all sources), clipped to the asked range. */
/** The records' first and last month, read once until the workbench is next written to ([] when there are none). */
const recordMonths = new UntilWrite<number[]>();

function coveredMonths(db: Database, from: number | null, to: number | null): { from: number; to: number } | null {
  const range = recordMonths.get(db, 'months', () => {
    const row = db.exec('SELECT (SELECT MIN(month) FROM record), (SELECT MAX(month) FROM record)')[0]?.values[0];
    return row?.[0] === null || row?.[0] === undefined ? [] : [Number(row[0]), Number(row[1])];
  });
  if (range.length < 2) return null;
  const first = Math.max(Number(range[0]), from ?? Number.MIN_SAFE_INTEGER);
  const last = Math.min(Number(range[1]), to ?? Number.MAX_SAFE_INTEGER);
  return first <= last ? { from: first, to: last } : null;
}

/**
 * A month (quarter, year) with no records inside the covered date range is a
 * real zero, so when the last dimension is a period every period of the
 * coverage is listed (under each value of the other dimensions that has
 * records, with the periods before it that contain it, whether or not they
 * have records); periods outside the coverage are missing, not zero.
 */
function fillPeriodGaps(dimensions: readonly Dimension[], keys: Map<string, Codes>, coverage: { from: number; to: number } | null): void {
  const last = dimensions[dimensions.length - 1];
  if (coverage === null || last === undefined || !isPeriodDimension(last)) return;
  // Every period before the last one is filled from the coverage too, so a
  // financial year with no records still lists its months (as zeros): the
  // period codes of each covered month, once per distinct combination.
  const isPeriod = dimensions.map(isPeriodDimension);
  const periodCombos = new Map<string, Codes>();
  for (let month = coverage.from; month <= coverage.to; month++) {
    const codes = dimensions.map((dimension) => (isPeriodDimension(dimension) ? periodOfMonth(dimension, month) : null));
    periodCombos.set(keyOf(codes), codes);
  }
  // The values of the other dimensions (district, crime type, ...) that have records.
  const others = new Map<string, Codes>();
  if (dimensions.every(isPeriodDimension)) others.set('', dimensions.map(() => null));
  for (const codes of keys.values()) {
    const shape = codes.map((code, d) => (isPeriod[d] === true ? null : code));
    others.set(keyOf(shape), shape);
  }
  for (const shape of others.values()) {
    for (const combo of periodCombos.values()) {
      const codes = shape.map((code, d) => (isPeriod[d] === true ? (combo[d] ?? null) : code));
      keys.set(keyOf(codes), codes);
    }
  }
}

/**
 * Keys in the order compareCodes gives, dimension by dimension. Each code is
 * ranked once (its lookup table position, or its place among the few
 * distinct values of other dimensions), so the sort compares numbers: an
 * LSOA list of hundreds sorts in a fraction of the time.
 */
function sortKeys(dimensions: readonly Dimension[], keys: Codes[], lookups: Lookups): Codes[] {
  const rankers = dimensions.map((dimension, d): ((code: number | null) => number) => {
    if (lookupRank(dimension, null, lookups) !== undefined) return (code) => lookupRank(dimension, code, lookups) ?? 0;
    const distinct = [...new Set(keys.map((key) => key[d] ?? null))].sort((a, b) => compareCodes(dimension, a, b, lookups));
    const ranks = new Map<number | null, number>();
    distinct.forEach((code, i) => {
      const previous = distinct[i - 1];
      // Codes compareCodes holds equal share a rank, so the next dimension decides, as before.
      const tied = i > 0 && previous !== undefined && compareCodes(dimension, previous, code, lookups) === 0;
      ranks.set(code, tied ? (ranks.get(previous) ?? i) : i);
    });
    return (code) => ranks.get(code) ?? 0;
  });
  // Ranks in one flat array and the keys sorted by position: no object per key.
  const width = rankers.length;
  const ranks = new Float64Array(keys.length * width);
  keys.forEach((key, i) => {
    for (let d = 0; d < width; d++) ranks[i * width + d] = rankers[d]?.(key[d] ?? null) ?? 0;
  });
  const order = keys.map((_, i) => i);
  order.sort((a, b) => {
    for (let d = 0; d < width; d++) {
      const difference = (ranks[a * width + d] ?? 0) - (ranks[b * width + d] ?? 0);
      if (difference !== 0) return difference;
    }
    return a - b;
  });
  return order.map((i) => keys[i] ?? []);
}
