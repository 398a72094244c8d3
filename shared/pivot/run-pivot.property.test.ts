/**
 * Property tests: on random small record sets written through the real
 * schema, random specs (rows, columns, filters, date range, every record
 * measure) give the same pivot from the engine (through the cube and
 * through the record table) as a naive reference over the same records,
 * and drill-through returns as many records as the cell counts.
 */
import fc from 'fast-check';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { createWorkbench } from '../workbench';
import { withRecordTable } from './cube';
import { type Dimension, DIMENSIONS, PERIOD_DIMENSIONS, isIquantaDimension, isPeriodDimension } from './dimensions';
import { drillThrough } from './drill-through';
import { type RefRecord, type RefResult, type RefStore, REFERENCE_DIMENSIONS, REF_BANDS, insertStore, referencePivot } from './pivot-reference.test-helper';
import { type PivotResult, runPivot } from './run-pivot';
import { MEASURES, type Measure, type PivotFilter, type PivotSpec, isIquantaMeasure, isLaggedMeasure, isWindowMeasure } from './spec';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

const CRIME_TYPES = [
  { name: 'Burglary', group: 1 },
  { name: 'Robbery', group: 2 },
  { name: 'Theft from the person', group: 1 },
  { name: 'Arson', group: null },
];
const DISTRICTS = ['Mansfield', 'Gedling', 'Ashfield', 'Bassetlaw', 'Amber Valley'];
const FIRST_MONTH = 2021 * 12; // 2021-01
const MONTHS = 42; // to 2024-06, across two financial year ends and the 29 February 2024

/** Population as loaders store it: all ages, single years by sex, bands given directly (persons and by sex), persons only, and gaps. */
function population(): RefStore['population'] {
  const rows: RefStore['population'] = [];
  for (const year of [2021, 2023]) {
    rows.push({ district: 1, year, age: null, band: null, sex: null, persons: 100_000 + year });
    for (let age = 0; age <= 90; age++) {
      rows.push({ district: 1, year, age, band: null, sex: 1, persons: 500 + age + year - 2021 });
      rows.push({ district: 1, year, age, band: null, sex: 2, persons: 480 + age });
    }
  }
  rows.push({ district: 2, year: 2022, age: null, band: null, sex: null, persons: 90_000 });
  // Gedling has bands directly, but none for 25-34: that band's rate is blank.
  for (const band of REF_BANDS) if (band.id !== 3) rows.push({ district: 2, year: 2022, age: null, band: band.id, sex: null, persons: 9_000 + band.id });
  // Gedling 2023 by band and sex (again no 25-34): rates by sex and band, and persons as females plus males.
  for (const band of REF_BANDS) {
    if (band.id === 3) continue;
    rows.push({ district: 2, year: 2023, age: null, band: band.id, sex: 1, persons: 4_500 + band.id });
    rows.push({ district: 2, year: 2023, age: null, band: band.id, sex: 2, persons: 4_400 + band.id * 3 });
  }
  // Ashfield: persons, and females of all ages but no males and no ages by sex.
  rows.push({ district: 3, year: 2022, age: null, band: null, sex: null, persons: 120_000 });
  rows.push({ district: 3, year: 2022, age: null, band: null, sex: 1, persons: 61_000 });
  // Amber Valley: persons only, so its rates by sex are blank.
  rows.push({ district: 5, year: 2021, age: null, band: null, sex: null, persons: 125_000 });
  // Bassetlaw (4) has no population at all.
  return rows;
}

const daysInMonth = (month: number): number => new Date(Date.UTC(Math.floor(month / 12), (month % 12) + 1, 0)).getUTCDate();
const dayOf = (month: number, dayOfMonth: number): number =>
  Math.floor(Date.UTC(Math.floor(month / 12), month % 12, Math.min(dayOfMonth, daysInMonth(month))) / 86_400_000);

const orNull = <T,>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq: 4 });
const recordArb: fc.Arbitrary<RefRecord> = fc
  .record({
    source: fc.constantFrom(1 as const, 2 as const),
    recordType: fc.constantFrom(1 as const, 2 as const),
    // Months cluster so some inside the range have no records at all.
    month: fc.oneof(fc.integer({ min: FIRST_MONTH, max: FIRST_MONTH + MONTHS - 1 }), fc.constantFrom(FIRST_MONTH + 14, FIRST_MONTH + 15, FIRST_MONTH + 37)),
    dayOfMonth: orNull(fc.integer({ min: 1, max: 31 })),
    hour: orNull(fc.integer({ min: 0, max: 23 })),
    crimeType: fc.integer({ min: 1, max: CRIME_TYPES.length }),
    district: fc.integer({ min: 1, max: DISTRICTS.length }),
    ward: orNull(fc.integer({ min: 1, max: 2 })),
    lsoa: orNull(fc.integer({ min: 1, max: 3 })),
    ageBand: orNull(fc.integer({ min: 1, max: 7 })),
    sex: orNull(fc.constantFrom(1 as const, 2 as const)),
    domestic: orNull(fc.constantFrom(0 as const, 1 as const)),
    hate: orNull(fc.constantFrom(0 as const, 1 as const)),
    alcohol: orNull(fc.constantFrom(0 as const, 1 as const)),
  })
  .map(({ dayOfMonth, ...r }) => ({ ...r, day: dayOfMonth === null ? null : dayOf(r.month, dayOfMonth) }));

const POPULATION = population();
/** Lookups and population are fixed; the records are random (so a counterexample prints only them). */
const storeOf = (records: RefRecord[]): RefStore => ({
  crimeTypes: CRIME_TYPES,
  offenceGroups: ['Acquisitive crime', 'Violence'],
  districts: DISTRICTS,
  wards: ['Abbey', 'Bulwell'],
  lsoas: ['E01000001', 'E01000002', 'E01000003'],
  records,
  population: POPULATION,
});
const recordsArb = fc.oneof(fc.array(recordArb, { maxLength: 5 }), fc.array(recordArb, { minLength: 30, maxLength: 300, size: 'max' }));

const RECORD_DIMENSIONS = DIMENSIONS.filter((d) => !isIquantaDimension(d) && REFERENCE_DIMENSIONS.includes(d));
const NON_PERIOD = RECORD_DIMENSIONS.filter((d) => !isPeriodDimension(d));
const RECORD_MEASURES = MEASURES.filter((m) => !isIquantaMeasure(m));
const monthLabel = (m: number): string => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;

/** Labels a filter may pick: real values, the "not recorded" value, and one nothing has. */
const FILTER_LABELS: Partial<Record<Dimension, string[]>> = {
  crime_type: [...CRIME_TYPES.map((t) => t.name), 'Nowhere'],
  offence_group: ['Acquisitive crime', 'Violence', 'Not mapped'],
  district: [...DISTRICTS, 'Nowhere'],
  ward: ['Abbey', 'Bulwell', 'Unknown ward'],
  lsoa: ['E01000001', 'E01000003', 'Unknown LSOA'],
  age_band: [...REF_BANDS.map((b) => b.name), 'Unknown'],
  sex: ['Female', 'Male', 'Unknown'],
  record_type: ['Crime', 'Incident'],
  domestic: ['Yes', 'No', 'Not recorded'],
  hate: ['Yes', 'No', 'Not recorded'],
  alcohol: ['Yes', 'No', 'Not recorded'],
  source: ['police-uk', 'district'],
  month: ['2022-03', '2022-04', '2023-02', '2024-02'],
  quarter: ['2022-Q1', '2023-Q2'],
  fin_year: ['2021/22', '2022/23', '2023/24'],
  year: ['2022', '2023'],
  day_of_week: ['Monday', 'Thursday', 'Sunday', 'Not recorded'],
  hour: ['00', '09', '23', 'Not recorded'],
};

const filterArb: fc.Arbitrary<PivotFilter> = fc
  .constantFrom(...RECORD_DIMENSIONS.filter((d) => FILTER_LABELS[d] !== undefined))
  .chain((dimension) => {
    const labels = FILTER_LABELS[dimension] ?? [];
    return fc.subarray(labels, { minLength: 1, maxLength: Math.min(3, labels.length) }).map((values) => ({ dimension, values }));
  });

const monthArb = fc.option(fc.integer({ min: FIRST_MONTH - 3, max: FIRST_MONTH + MONTHS + 2 }).map(monthLabel), { nil: undefined, freq: 2 });

function distinctDims(pool: readonly Dimension[], min: number, max: number, exclude: readonly Dimension[] = []): fc.Arbitrary<Dimension[]> {
  return fc.uniqueArray(fc.constantFrom(...pool.filter((d) => !exclude.includes(d))), { minLength: min, maxLength: max });
}

const specArb: fc.Arbitrary<PivotSpec> = fc.constantFrom(...RECORD_MEASURES).chain((measure: Measure) => {
  const period: readonly Dimension[] =
    measure === 'rolling_12' || measure === 'rolling_12_change' ? ['month'] : measure === 'fytd' || measure === 'fytd_change' ? ['month', 'fin_year'] : PERIOD_DIMENSIONS;
  const shape =
    isLaggedMeasure(measure) || isWindowMeasure(measure)
      ? distinctDims(NON_PERIOD, 1, 2).chain((rows) =>
          fc.tuple(distinctDims(NON_PERIOD, 0, 1, rows), fc.constantFrom(...period)).map(([prefix, p]) => ({ rows, columns: [...prefix, p] })),
        )
      : distinctDims(RECORD_DIMENSIONS, 1, 2)
          // Rates need a district with a population: put district in the rows half the time.
          .chain((rows) => (measure === 'rate' ? fc.boolean().map((b) => (b && !rows.includes('district') ? ['district' as const, ...rows.slice(0, 1)] : rows)) : fc.constant(rows)))
          .chain((rows) => distinctDims(RECORD_DIMENSIONS, 0, 2, rows).map((columns) => ({ rows, columns })));
  // Rates by victim sex: a sex column or a sex filter a third of the time each, so sex-specific denominators are compared often.
  const sexArb = measure === 'rate' ? fc.constantFrom('none', 'column', 'filter') : fc.constant('none');
  const sexFilterArb = fc.subarray(FILTER_LABELS.sex ?? [], { minLength: 1, maxLength: 2 });
  return fc
    .record({ shape, filters: fc.array(filterArb, { maxLength: 2 }), from: monthArb, to: monthArb, sex: sexArb, sexFilter: sexFilterArb })
    .map(({ shape: s, filters: randomFilters, from, to, sex, sexFilter }) => {
      const inLayout = [...s.rows, ...s.columns].includes('sex');
      const columns = sex === 'column' && !inLayout ? [...s.columns.slice(0, 1), 'sex' as const] : s.columns;
      const filters = sex === 'filter' ? [...randomFilters, { dimension: 'sex' as const, values: sexFilter }] : randomFilters;
      const spec: PivotSpec = { rows: s.rows, columns, measure, filters };
      if (from !== undefined) spec.from = from;
      if (to !== undefined) spec.to = to;
      return spec;
    });
});

const close = (a: number | null | undefined, b: number | null | undefined): boolean =>
  a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));

function expectSame(engine: PivotResult, reference: RefResult, label: string): void {
  expect(engine.columns, `${label}: columns`).toEqual(reference.columns);
  expect(engine.rows.map((r) => r.key), `${label}: rows`).toEqual(reference.rows.map((r) => r.key));
  expect(engine.rows.map((r) => r.counts), `${label}: counts`).toEqual(reference.rows.map((r) => r.counts));
  expect(engine.columnCountTotals, `${label}: column counts`).toEqual(reference.columnCountTotals);
  expect(engine.grandCount, `${label}: grand count`).toBe(reference.grandCount);
  engine.rows.forEach((row, i) => {
    const ref = reference.rows[i];
    row.values.forEach((v, j) => expect(close(v, ref?.values[j]), `${label}: row ${row.key.join('/')} column ${j}: ${v} vs ${ref?.values[j]}`).toBe(true));
    expect(close(row.total, ref?.total), `${label}: row total ${row.key.join('/')}: ${row.total} vs ${ref?.total}`).toBe(true);
  });
  engine.columnTotals.forEach((v, j) => expect(close(v, reference.columnTotals[j]), `${label}: column total ${j}: ${v} vs ${reference.columnTotals[j]}`).toBe(true));
  expect(close(engine.grandTotal, reference.grandTotal), `${label}: grand total`).toBe(true);
}

function build(store: RefStore): Database {
  const db = createWorkbench(SQL);
  insertStore(db, store);
  return db;
}

/** PIVOT_PROPERTY_RUNS=200 for a deeper search than the routine run. */
const RUNS = Number(process.env.PIVOT_PROPERTY_RUNS ?? 12);

describe('pivot engine against a naive reference (property-based)', () => {
  it('random specs over random records: the engine (cube and record table) equals the reference, and drill-through equals the cell', () => {
    fc.assert(
      fc.property(recordsArb, fc.array(specArb, { minLength: 12, maxLength: 12 }), fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), (records, specs, picks) => {
        const store = storeOf(records);
        const db = build(store);
        try {
          for (const spec of specs) {
            const label = JSON.stringify(spec);
            const reference = referencePivot(store, spec);
            const viaCube = runPivot(db, spec);
            expectSame(viaCube, reference, `${label} (cube where possible)`);
            expectSame(withRecordTable(db, () => runPivot(db, spec)), reference, `${label} (record table)`);
            // Drill-through: a random cell and a random row total.
            const [a = 0, b = 0, c = 0] = picks;
            const row = viaCube.rows[a % Math.max(1, viaCube.rows.length)];
            if (row !== undefined && viaCube.columns.length > 0) {
              const j = b % viaCube.columns.length;
              const cell = drillThrough(db, { spec, rowKey: row.key, columnKey: viaCube.columns[j] ?? [], offset: 0, limit: 1 });
              // Financial year to date and rolling 12 months drill into their window: as many records as the figure (none to match when it is blank).
              const isWindow = spec.measure === 'fytd' || spec.measure === 'rolling_12';
              const value = row.values[j];
              if (!isWindow) expect(cell.total, `${label}: drill-through of ${row.key.join('/')} x ${viaCube.columns[j]?.join('/')}`).toBe(row.counts[j]);
              else if (value !== null && value !== undefined) expect(cell.total, `${label}: drill-through of the window ${row.key.join('/')} x ${viaCube.columns[j]?.join('/')}`).toBe(value);
              const other = viaCube.rows[c % viaCube.rows.length];
              if (other !== undefined) {
                expect(drillThrough(db, { spec, rowKey: other.key, columnKey: [], offset: 0, limit: 1 }).total, `${label}: row total drill`).toBe(other.countTotal);
              }
            }
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: RUNS },
    );
  }, 60_000 + RUNS * 3_000);
});
