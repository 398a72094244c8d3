/**
 * A naive pivot over plain records, written from the measures' definitions
 * (shared/pivot/run-pivot.ts doc comments) without SQL, the cube or the
 * engine's code, so property tests can compare the two on random specs.
 * Test-only.
 */
import type { Database } from 'sql.js';
import type { Dimension } from './dimensions';
import type { PivotSpec } from './spec';

export interface RefRecord {
  source: 1 | 2;
  recordType: 1 | 2;
  /** Months since year 0. */
  month: number;
  /** Days since 1970-01-01, or null. */
  day: number | null;
  hour: number | null;
  crimeType: number;
  district: number;
  ward: number | null;
  lsoa: number | null;
  ageBand: number | null;
  sex: 1 | 2 | null;
  domestic: 0 | 1 | null;
  hate: 0 | 1 | null;
  alcohol: 0 | 1 | null;
}

export interface RefStore {
  crimeTypes: { name: string; group: number | null }[];
  offenceGroups: string[];
  districts: string[];
  wards: string[];
  lsoas: string[];
  records: RefRecord[];
  /** Population rows as stored: district index (into districts), year, age, band id, sex, persons. */
  population: { district: number; year: number; age: number | null; band: number | null; sex: 1 | 2 | null; persons: number }[];
}

/** The default age bands (schema.ts inserts them with ids 1..8). */
export const REF_BANDS = [
  { id: 1, name: '0-17', min: 0, max: 17 },
  { id: 2, name: '18-24', min: 18, max: 24 },
  { id: 3, name: '25-34', min: 25, max: 34 },
  { id: 4, name: '35-44', min: 35, max: 44 },
  { id: 5, name: '45-54', min: 45, max: 54 },
  { id: 6, name: '55-64', min: 55, max: 64 },
  { id: 7, name: '65+', min: 65, max: null },
] as const;

export const FORCE = ['Ashfield', 'Bassetlaw', 'Broxtowe', 'Gedling', 'Mansfield', 'Newark and Sherwood', 'Nottingham City', 'Rushcliffe'];

/** Writes the store through the real schema (ids are 1-based positions in the lists). */
export function insertStore(db: Database, store: RefStore): void {
  db.run('BEGIN');
  db.run(
    `INSERT INTO import (file_name, file_size, sha256, kind, read_rows, accepted, rejected, duplicate, updated, imported_at)
     VALUES ('random', 0, '', 'district', 0, 0, 0, 0, 0, '2026-01-01T00:00:00Z')`,
  );
  store.offenceGroups.forEach((name, i) => db.run('INSERT INTO offence_group (id, name) VALUES (?, ?)', [i + 1, name]));
  store.crimeTypes.forEach((t, i) => db.run('INSERT INTO crime_type (id, name, offence_group_id) VALUES (?, ?, ?)', [i + 1, t.name, t.group]));
  store.districts.forEach((name, i) => db.run('INSERT INTO district (id, name) VALUES (?, ?)', [i + 1, name]));
  store.wards.forEach((name, i) => db.run('INSERT INTO ward (id, name, district_id) VALUES (?, ?, 1)', [i + 1, name]));
  store.lsoas.forEach((code, i) => db.run('INSERT INTO lsoa (id, code) VALUES (?, ?)', [i + 1, code]));
  const insert = db.prepare(
    `INSERT INTO record (record_key, import_id, source, record_type, month, day, hour, crime_type_id, district_id, ward_id, lsoa_id,
       age_band_id, sex, domestic, hate, alcohol) VALUES (randomblob(16), 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of store.records) {
    insert.run([r.source, r.recordType, r.month, r.day, r.hour, r.crimeType, r.district, r.ward, r.lsoa, r.ageBand, r.sex, r.domestic, r.hate, r.alcohol]);
  }
  insert.free();
  for (const p of store.population) {
    const name = store.districts[p.district - 1] ?? '';
    // A band given directly is stored as its ages, as the importer stores bands.
    const band = p.band === null ? undefined : REF_BANDS.find((b) => b.id === p.band);
    db.run(
      `INSERT INTO population (import_id, area_key, area_code, area_name, district_id, year, age, min_age, max_age, sex, population)
       VALUES (1, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [`name:${name.toLowerCase()}`, name, p.district, p.year, p.age, band?.min ?? null, band?.max ?? null, p.sex, p.persons],
    );
  }
  db.run('COMMIT');
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number): string => String(n).padStart(2, '0');
const monthLabel = (m: number): string => `${Math.floor(m / 12)}-${pad((m % 12) + 1)}`;
/** The financial year (named by its starting calendar year) of a month. */
const finYear = (m: number): number => (m % 12 >= 3 ? Math.floor(m / 12) : Math.floor(m / 12) - 1);

/** The dimensions the reference knows (others added later are not compared). */
export const REFERENCE_DIMENSIONS: readonly Dimension[] = [
  'crime_type', 'offence_group', 'district', 'ward', 'lsoa', 'age_band', 'sex', 'record_type', 'domestic', 'hate', 'alcohol',
  'month', 'quarter', 'fin_year', 'year', 'source', 'day_of_week', 'hour',
];

interface Value {
  label: string;
  /** Sort rank: lower first; unknown values last. */
  rank: number;
  /** First and last month, for period values. */
  span?: [number, number];
}

const UNKNOWN_RANK = 1e9;

/** A record's value of a dimension, from first principles. */
export function valueOf(store: RefStore, r: RefRecord, dimension: Dimension): Value {
  const byName = (names: readonly string[], index: number | null, unknown: string): Value => {
    if (index === null) return { label: unknown, rank: UNKNOWN_RANK };
    const name = names[index - 1] ?? '';
    return { label: name, rank: [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)).indexOf(name) };
  };
  const fixed = (labels: Record<number, string>, code: number | null, unknown: string): Value => {
    const label = code === null ? undefined : labels[code];
    if (label === undefined) return { label: unknown, rank: UNKNOWN_RANK };
    return { label, rank: Object.values(labels).sort((a, b) => a.localeCompare(b)).indexOf(label) };
  };
  const m = r.month;
  const y = Math.floor(m / 12);
  switch (dimension) {
    case 'crime_type':
      return byName(store.crimeTypes.map((t) => t.name), r.crimeType, 'Unknown');
    case 'offence_group': {
      const group = store.crimeTypes[r.crimeType - 1]?.group ?? null;
      return group === null ? { label: 'Not mapped', rank: UNKNOWN_RANK } : { label: store.offenceGroups[group - 1] ?? '', rank: group };
    }
    case 'district': {
      // The force's districts, then the others, then the district named Unknown district, each alphabetically.
      const value = byName(store.districts, r.district, 'Unknown district');
      if (value.rank === UNKNOWN_RANK) return value;
      const tier = FORCE.includes(value.label) ? 0 : value.label === 'Unknown district' ? 2 : 1;
      return { label: value.label, rank: tier * store.districts.length + value.rank };
    }
    case 'ward':
      return byName(store.wards, r.ward, 'Unknown ward');
    case 'lsoa':
      return byName(store.lsoas, r.lsoa, 'Unknown LSOA');
    case 'age_band': {
      const band = REF_BANDS.find((b) => b.id === r.ageBand);
      return band === undefined ? { label: 'Unknown', rank: UNKNOWN_RANK } : { label: band.name, rank: band.id };
    }
    case 'sex':
      return fixed({ 1: 'Female', 2: 'Male' }, r.sex, 'Unknown');
    case 'record_type':
      return fixed({ 1: 'Crime', 2: 'Incident' }, r.recordType, 'Unknown');
    case 'domestic':
    case 'hate':
    case 'alcohol':
      return fixed({ 0: 'No', 1: 'Yes' }, r[dimension], 'Not recorded');
    case 'source':
      return fixed({ 1: 'police-uk', 2: 'district' }, r.source, 'Unknown');
    case 'month':
      return { label: monthLabel(m), rank: m, span: [m, m] };
    case 'quarter': {
      const q = Math.floor((m % 12) / 3);
      return { label: `${y}-Q${q + 1}`, rank: y * 4 + q, span: [y * 12 + q * 3, y * 12 + q * 3 + 2] };
    }
    case 'fin_year': {
      const f = finYear(m);
      return { label: `${f}/${pad((f + 1) % 100)}`, rank: f, span: [f * 12 + 3, f * 12 + 14] };
    }
    case 'year':
      return { label: String(y), rank: y, span: [y * 12, y * 12 + 11] };
    case 'day_of_week': {
      if (r.day === null) return { label: 'Not recorded', rank: UNKNOWN_RANK };
      const js = new Date(r.day * 86_400_000).getUTCDay();
      return { label: DAYS[js] ?? '', rank: (js + 6) % 7 };
    }
    case 'hour':
      return r.hour === null ? { label: 'Not recorded', rank: UNKNOWN_RANK } : { label: pad(r.hour), rank: r.hour };
    default:
      throw new Error(`no reference for ${dimension}`);
  }
}

/** A period value (label, rank, span) from its kind and any month inside it. */
function periodValue(store: RefStore, dimension: Dimension, month: number): Value {
  const probe: RefRecord = {
    source: 1, recordType: 1, month, day: null, hour: null, crimeType: 1, district: 1, ward: null, lsoa: null,
    ageBand: null, sex: null, domestic: null, hate: null, alcohol: null,
  };
  return valueOf(store, probe, dimension);
}

export interface RefResult {
  columns: string[][];
  rows: { key: string[]; values: (number | null)[]; total: number | null; counts: number[]; countTotal: number }[];
  columnTotals: (number | null)[];
  grandTotal: number | null;
  columnCountTotals: number[];
  grandCount: number;
}

interface Tuple {
  values: Value[];
  key: string;
}

const tuples = new WeakMap<RefRecord, Map<string, Tuple>>();
/** A record's labels for some dimensions (memoised: the reference recounts records for every cell). */
const tupleOf = (store: RefStore, r: RefRecord, dimensions: readonly Dimension[]): Tuple => {
  const byDimensions = tuples.get(r) ?? new Map<string, Tuple>();
  tuples.set(r, byDimensions);
  const id = dimensions.join(',');
  const known = byDimensions.get(id);
  if (known !== undefined) return known;
  const values = dimensions.map((d) => valueOf(store, r, d));
  const tuple = { values, key: values.map((v) => v.label).join('\u001f') };
  byDimensions.set(id, tuple);
  return tuple;
};
const compareTuples = (a: Tuple, b: Tuple): number => {
  for (let i = 0; i < a.values.length; i++) {
    const d = (a.values[i]?.rank ?? 0) - (b.values[i]?.rank ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};
const parse = (text: string | undefined): number | null => {
  if (text === undefined) return null;
  const [y, m] = text.split('-').map(Number);
  return (y ?? 0) * 12 + (m ?? 1) - 1;
};
const pct = (current: number, base: number | null): number | null => (base === null || base === 0 ? null : ((current - base) / base) * 100);

function matchesFilters(store: RefStore, spec: PivotSpec, r: RefRecord): boolean {
  return spec.filters.every((f) => f.values.includes(valueOf(store, r, f.dimension).label));
}

/** The reference pivot. */
export function referencePivot(store: RefStore, spec: PivotSpec): RefResult {
  const from = parse(spec.from);
  const to = parse(spec.to);
  const months = store.records.map((r) => r.month);
  const dataMin = months.length > 0 ? Math.min(...months) : null;
  const dataMax = months.length > 0 ? Math.max(...months) : null;
  const filtered = store.records.filter((r) => matchesFilters(store, spec, r));
  const isTime = ['change_prev', 'change_year', 'diff_prev', 'diff_year', 'fytd', 'fytd_change', 'rolling_12', 'rolling_12_change'].includes(spec.measure);
  return isTime ? timeReference(store, spec, filtered, from, to, dataMin, dataMax) : plainReference(store, spec, filtered, from, to, dataMin, dataMax);
}

function distinct(store: RefStore, records: readonly RefRecord[], dimensions: readonly Dimension[]): Map<string, Tuple> {
  const out = new Map<string, Tuple>();
  for (const r of records) {
    const t = tupleOf(store, r, dimensions);
    out.set(t.key, t);
  }
  return out;
}

/**
 * Every month of the coverage, under each combination of the non-period
 * values that has records: each period dimension takes that month's period,
 * so a financial year with no records still lists its months.
 */
function fill(store: RefStore, dimensions: readonly Dimension[], tuples: Map<string, Tuple>, cover: [number, number] | null): void {
  const last = dimensions[dimensions.length - 1];
  const isPeriod = (d: Dimension): boolean => ['month', 'quarter', 'fin_year', 'year'].includes(d);
  if (cover === null || last === undefined || !isPeriod(last)) return;
  const others = new Map<string, (Value | null)[]>();
  if (dimensions.every(isPeriod)) others.set('', dimensions.map(() => null));
  for (const t of tuples.values()) {
    const shape = t.values.map((v, d) => (isPeriod(dimensions[d] ?? last) ? null : v));
    others.set(shape.map((v) => v?.label ?? '').join('\u001f'), shape);
  }
  for (const shape of others.values()) {
    for (let m = cover[0]; m <= cover[1]; m++) {
      const values = shape.map((v, d) => v ?? periodValue(store, dimensions[d] ?? last, m));
      const key = values.map((v) => v.label).join('\u001f');
      tuples.set(key, { values, key });
    }
  }
}

/**
 * One district-year's population of all ages, for one sex (1, 2) or persons
 * (null): the all-ages row the source gave, else the sum of its single
 * years or of its bands where they cover every age (a gap is no total); persons
 * where the source gave persons, else females plus males.
 */
function allAgesOf(rows: RefStore['population'], year: number, sex: 1 | 2 | null): number | null {
  const of = (who: 1 | 2 | null): number | null => {
    const mine = rows.filter((p) => p.year === year && p.sex === who);
    const given = mine.find((p) => p.age === null && p.band === null);
    if (given !== undefined) return given.persons;
    // Single years add up to everyone only when every age from 0 to 90 (90 and over) is there; bands only when every band is.
    const singles = mine.filter((p) => p.age !== null);
    if (new Set(singles.map((p) => p.age)).size === 91) return singles.reduce((s, p) => s + p.persons, 0);
    const bands = mine.filter((p) => p.band !== null);
    return new Set(bands.map((p) => p.band)).size === REF_BANDS.length ? bands.reduce((s, p) => s + p.persons, 0) : null;
  };
  if (sex !== null) return of(sex);
  const persons = of(null);
  if (persons !== null) return persons;
  const female = of(1);
  const male = of(2);
  return female === null && male === null ? null : (female ?? 0) + (male ?? 0);
}

function plainReference(
  store: RefStore,
  spec: PivotSpec,
  filtered: RefRecord[],
  from: number | null,
  to: number | null,
  dataMin: number | null,
  dataMax: number | null,
): RefResult {
  const inRange = filtered.filter((r) => (from === null || r.month >= from) && (to === null || r.month <= to));
  const cover: [number, number] | null =
    dataMin === null || dataMax === null ? null : [Math.max(dataMin, from ?? dataMin), Math.min(dataMax, to ?? dataMax)];
  const coverOrNull = cover !== null && cover[0] <= cover[1] ? cover : null;
  const rowTuples = distinct(store, inRange, spec.rows);
  const columnTuples = distinct(store, inRange, spec.columns);
  fill(store, spec.rows, rowTuples, coverOrNull);
  fill(store, spec.columns, columnTuples, coverOrNull);
  // No column fields: always the one value column, records or not.
  if (spec.columns.length === 0 && columnTuples.size === 0) columnTuples.set('', { values: [], key: '' });
  const rows = [...rowTuples.values()].sort(compareTuples);
  const columns = [...columnTuples.values()].sort(compareTuples);
  const count = (row: Tuple | null, column: Tuple | null): number =>
    inRange.filter(
      (r) => (row === null || tupleOf(store, r, spec.rows).key === row.key) && (column === null || tupleOf(store, r, spec.columns).key === column.key),
    ).length;
  const grand = rows.reduce((sum, row) => sum + columns.reduce((s, column) => s + count(row, column), 0), 0);
  const share = (a: number, b: number): number | null => (b === 0 ? null : (a / b) * 100);
  const latestYear = Math.floor((to ?? coverOrNull?.[1] ?? 0) / 12);

  // Population is by district: no rate once a ward or LSOA is a row, column or filter.
  const bySubArea = [...spec.rows, ...spec.columns, ...spec.filters.map((f) => f.dimension)].some((d) => d === 'ward' || d === 'lsoa');
  const rate = (row: Tuple | null, column: Tuple | null, cellCount: number): number | null => {
    if (bySubArea) return null;
    let n = cellCount;
    const at = (dimension: Dimension): Value | undefined => {
      const r = spec.rows.indexOf(dimension);
      const c = spec.columns.indexOf(dimension);
      return r >= 0 && row !== null ? row.values[r] : c >= 0 && column !== null ? column.values[c] : undefined;
    };
    // The cell's district, else the filtered ones, else the force's districts in the store.
    const district = at('district');
    const filteredDistricts = spec.filters
      .filter((f) => f.dimension === 'district')
      .flatMap((f) => f.values)
      .map((v) => store.districts.indexOf(v) + 1)
      .filter((id) => id > 0);
    const force = store.districts.map((name, i) => (FORCE.includes(name) ? i + 1 : 0)).filter((id) => id > 0);
    // Across districts (no district of its own, none filtered): where at least half the workbench's records lie in
    // the force's districts, the force's districts with a population; else the districts with a population that
    // the records shown fall in. Only their records count.
    const hasPopulation = (id: number): boolean => store.population.some((p) => p.district === id);
    const known = store.records.filter((r) => store.districts[r.district - 1] !== 'Unknown district');
    const isForceWorkbench = known.filter((r) => force.includes(r.district)).length * 2 >= known.length;
    const across = (): number[] =>
      isForceWorkbench ? force.filter(hasPopulation) : [...new Set(inRange.map((r) => r.district))].filter(hasPopulation);
    const districtIds = district !== undefined ? [store.districts.indexOf(district.label) + 1] : filteredDistricts.length > 0 ? filteredDistricts : across();
    if (district === undefined && filteredDistricts.length === 0) {
      n = inRange.filter(
        (r) =>
          districtIds.includes(r.district) &&
          (row === null || tupleOf(store, r, spec.rows).key === row.key) &&
          (column === null || tupleOf(store, r, spec.columns).key === column.key),
      ).length;
    }
    // The cell's age band, else the filtered ones, else all ages (null).
    const band = at('age_band');
    const bandFilter = spec.filters
      .filter((f) => f.dimension === 'age_band')
      .flatMap((f) => f.values)
      .filter((v) => v === 'Unknown' || REF_BANDS.some((b) => b.name === v));
    const bandNames = band !== undefined ? [band.label] : bandFilter.length > 0 ? bandFilter : null;
    const periodOf = (dims: readonly Dimension[], tuple: Tuple | null): number | null => {
      const i = dims.findIndex((d) => ['month', 'quarter', 'fin_year', 'year'].includes(d));
      const span = i >= 0 && tuple !== null ? tuple.values[i]?.span : undefined;
      return span === undefined ? null : Math.floor(span[0] / 12);
    };
    const year = periodOf(spec.rows, row) ?? periodOf(spec.columns, column) ?? latestYear;
    // The cell's victim sex, else the filtered ones, else persons: a rate by sex divides by that sex's
    // residents only, and victims of unknown sex have none.
    const sexCell = at('sex');
    const sexFilter = spec.filters.filter((f) => f.dimension === 'sex').flatMap((f) => f.values);
    const sexLabels = sexCell !== undefined ? [sexCell.label] : sexFilter.length > 0 ? sexFilter : null;
    const sexCodes = sexLabels?.map((label) => (label === 'Female' ? 1 : label === 'Male' ? 2 : null)) ?? null;
    if (sexCodes?.includes(null) === true) return null;
    const sexes: (1 | 2 | null)[] = sexCodes ?? [null];
    if (store.population.length === 0 || districtIds.length === 0) return null;
    const residents = (y: number): number | null => residentsOf(districtIds, bandNames, sexes, y);
    // A Total across a period kind (no period fixed by the row or column): person-years. Each period of
    // that kind the coverage touches counts, for each of its months inside the coverage (the data, within
    // --from/--to) and the period filters, a twelfth of the residents of the year it starts in.
    const isPeriod = (d: Dimension): boolean => ['month', 'quarter', 'fin_year', 'year'].includes(d);
    const rowPeriod = spec.rows.findIndex(isPeriod);
    const columnPeriod = spec.columns.findIndex(isPeriod);
    const isFixed = (rowPeriod >= 0 && row !== null) || (columnPeriod >= 0 && column !== null);
    const spanned = isFixed ? undefined : rowPeriod >= 0 ? spec.rows[rowPeriod] : columnPeriod >= 0 ? spec.columns[columnPeriod] : undefined;
    if (spanned === undefined) {
      const persons = residents(year);
      return persons === null || persons === 0 ? null : (n / persons) * 1000;
    }
    if (coverOrNull === null) return null;
    const periods = new Map<string, Value>();
    for (let m = coverOrNull[0]; m <= coverOrNull[1]; m++) {
      const p = periodValue(store, spanned, m);
      periods.set(p.label, p);
    }
    const periodFilters = spec.filters.filter((f) => isPeriod(f.dimension));
    let personYears = 0;
    for (const p of periods.values()) {
      const [first, last] = p.span ?? [0, -1];
      let shown = 0;
      for (let m = first; m <= last; m++) {
        const inRange = m >= coverOrNull[0] && m <= coverOrNull[1];
        if (inRange && periodFilters.every((f) => f.values.includes(periodValue(store, f.dimension, m).label))) shown++;
      }
      if (shown === 0) continue;
      const persons = residents(Math.floor(first / 12));
      if (persons === null) return null;
      personYears += (persons * shown) / 12;
    }
    return personYears === 0 ? null : (n / personYears) * 1000;
  };
  /** Residents of a cell's districts, bands and sexes in a year (the nearest estimate); null if any part has none. */
  const residentsOf = (districtIds: readonly number[], bandNames: readonly string[] | null, sexes: readonly (1 | 2 | null)[], year: number): number | null => {
    let persons = 0;
    for (const [id, sex] of districtIds.flatMap((d) => sexes.map((x) => [d, x] as const))) {
      // Persons use every row (the sexes add up to persons where the source gave no persons); a sex only its own.
      const rows = store.population.filter((p) => p.district === id && (sex === null || p.sex === sex));
      const byYear = new Map<number, number>();
      if (bandNames === null) {
        for (const y of new Set(rows.map((p) => p.year))) {
          const all = allAgesOf(rows, y, sex);
          if (all !== null) byYear.set(y, all);
        }
      } else {
        for (const y of new Set(rows.map((p) => p.year))) {
          let total = 0;
          for (const name of bandNames) {
            const b = REF_BANDS.find((x) => x.name === name);
            if (b === undefined) return null;
            const direct = rows.filter((p) => p.year === y && p.band === b.id);
            const singles = rows.filter((p) => p.year === y && p.age !== null && p.age >= b.min && (b.max === null || p.age <= b.max));
            const ages = new Set(singles.map((p) => p.age));
            const needed = Math.min(b.max ?? 90, 90) - b.min + 1;
            if (direct.length > 0) total += direct.reduce((s, p) => s + p.persons, 0);
            else if (ages.size === needed) total += singles.reduce((s, p) => s + p.persons, 0);
            else {
              total = Number.NaN;
              break;
            }
          }
          if (!Number.isNaN(total)) byYear.set(y, total);
        }
      }
      if (byYear.size === 0) return null;
      const years = [...byYear.keys()];
      const atOrBefore = years.filter((y) => y <= year);
      const chosen = atOrBefore.length > 0 ? Math.max(...atOrBefore) : Math.min(...years);
      persons += byYear.get(chosen) ?? 0;
    }
    return persons;
  };

  const measure = (row: Tuple | null, column: Tuple | null): number | null => {
    const n = count(row, column);
    switch (spec.measure) {
      case 'count':
        return n;
      case 'share_row':
        return share(n, count(row, null));
      case 'share_col':
        return share(n, count(null, column));
      case 'share_total':
        return share(n, grand);
      case 'rate':
        return rate(row, column, n);
      default:
        throw new Error(spec.measure);
    }
  };
  return {
    columns: columns.map((c) => c.values.map((v) => v.label)),
    rows: rows.map((row) => {
      const counts = columns.map((column) => count(row, column));
      return { key: row.values.map((v) => v.label), values: columns.map((column) => measure(row, column)), total: measure(row, null), counts, countTotal: count(row, null) };
    }),
    columnTotals: columns.map((column) => measure(null, column)),
    grandTotal: measure(null, null),
    columnCountTotals: columns.map((column) => count(null, column)),
    grandCount: grand,
  };
}

function timeReference(
  store: RefStore,
  spec: PivotSpec,
  filtered: RefRecord[],
  from: number | null,
  to: number | null,
  dataMin: number | null,
  dataMax: number | null,
): RefResult {
  const period = spec.columns[spec.columns.length - 1] ?? 'month';
  const prefixDims = spec.columns.slice(0, -1);
  const spanOf = (p: Value): [number, number] => p.span ?? [0, 0];
  const fyStart = (m: number): number => finYear(m) * 12 + 3;
  const lagMonths =
    spec.measure === 'change_prev' || spec.measure === 'diff_prev'
      ? { month: 1, quarter: 3, fin_year: 12, year: 12 }[period as 'month']
      : 12;
  // The months a row's measure looks back on, from the first month shown.
  const lookback = (m: number): number => {
    switch (spec.measure) {
      case 'rolling_12':
        return m - 11;
      case 'rolling_12_change':
        return m - 23;
      case 'fytd':
        return fyStart(m);
      case 'fytd_change':
        return fyStart(m) - 12;
      default:
        return spanOf(periodValue(store, period, m))[0] - lagMonths;
    }
  };
  const queryFrom = from === null ? null : lookback(from);
  const listed = filtered.filter((r) => (queryFrom === null || r.month >= queryFrom) && (to === null || r.month <= to));
  const rows = [...distinct(store, listed, spec.rows).values()].sort(compareTuples);
  const prefixes = [...distinct(store, listed, prefixDims).values()];
  const shownFrom = dataMin === null ? null : Math.max(dataMin, from ?? dataMin);
  const shownTo = dataMax === null ? null : Math.min(dataMax, to ?? dataMax);
  const periods: Value[] = [];
  if (shownFrom !== null && shownTo !== null && shownFrom <= shownTo) {
    for (let m = shownFrom; m <= shownTo; m++) {
      const p = periodValue(store, period, m);
      if (!periods.some((q) => q.label === p.label)) periods.push(p);
    }
  }
  const columns = prefixes
    .flatMap((prefix) => periods.map((p) => ({ values: [...prefix.values, p], key: `${prefix.key}\u001f${p.label}`, prefix, p })))
    .sort(compareTuples);
  const covered = (m: number): boolean => dataMin !== null && m >= dataMin;
  const sum = (row: Tuple | null, prefix: Tuple, first: number, last: number): number =>
    filtered.filter(
      (r) =>
        r.month >= first &&
        r.month <= last &&
        (to === null || r.month <= to) &&
        (row === null || tupleOf(store, r, spec.rows).key === row.key) &&
        tupleOf(store, r, prefixDims).key === prefix.key,
    ).length;
  const own = (p: Value): [number, number] => [Math.max(spanOf(p)[0], shownFrom ?? -1e9), Math.min(spanOf(p)[1], shownTo ?? 1e9)];
  const latest = shownTo ?? 0;
  const fytd = (row: Tuple | null, prefix: Tuple, p: Value): number | null => {
    const [first, last] = period === 'fin_year' ? [spanOf(p)[0], spanOf(p)[0] + (latest - fyStart(latest))] : [fyStart(spanOf(p)[0]), spanOf(p)[0]];
    return covered(first) ? sum(row, prefix, first, last) : null;
  };
  const rolling = (row: Tuple | null, prefix: Tuple, m: number): number | null => (covered(m - 11) ? sum(row, prefix, m - 11, m) : null);
  const earlier = (p: Value, months: number): Value => periodValue(store, period, spanOf(p)[0] - months);
  const cell = (row: Tuple | null, column: (typeof columns)[number]): { count: number; value: number | null } => {
    const [first, last] = own(column.p);
    const count = sum(row, column.prefix, first, last);
    const m = spanOf(column.p)[0];
    let value: number | null;
    switch (spec.measure) {
      case 'rolling_12':
        value = rolling(row, column.prefix, m);
        break;
      case 'rolling_12_change': {
        const current = rolling(row, column.prefix, m);
        value = current === null ? null : pct(current, rolling(row, column.prefix, m - 12));
        break;
      }
      case 'fytd':
        value = fytd(row, column.prefix, column.p);
        break;
      case 'fytd_change': {
        const current = fytd(row, column.prefix, column.p);
        value = current === null ? null : pct(current, fytd(row, column.prefix, earlier(column.p, 12)));
        break;
      }
      default: {
        if (!covered(first - lagMonths)) value = null;
        else {
          const base = sum(row, column.prefix, first - lagMonths, last - lagMonths);
          value = spec.measure.startsWith('diff') ? count - base : pct(count, base);
        }
      }
    }
    return { count, value };
  };
  const totals = columns.map((column) => cell(null, column));
  return {
    columns: columns.map((c) => c.values.map((v) => v.label)),
    rows: rows.map((row) => {
      const cells = columns.map((column) => cell(row, column));
      const counts = cells.map((c) => c.count);
      return { key: row.values.map((v) => v.label), values: cells.map((c) => c.value), total: null, counts, countTotal: counts.reduce((a, b) => a + b, 0) };
    }),
    columnTotals: totals.map((c) => c.value),
    grandTotal: null,
    columnCountTotals: totals.map((c) => c.count),
    grandCount: totals.reduce((s, c) => s + c.count, 0),
  };
}
