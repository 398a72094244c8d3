/**
 * Population denominators (FORMATS.md §4): a long table by district, year,
 * age band and sex, and the ONS "MYE2 - Persons" wide CSV with the quirks of
 * the real download. Populations are smooth synthetic age profiles fitted to
 * the real shape (Nottingham City is student-heavy: about 20% aged 18-24
 * against about 7% in the county districts), scaled to the district
 * populations the crime rates use. They do not depend on the seed: the same
 * denominators serve every generated data set.
 */

import { DISTRICTS, type DistrictInfo } from './geography';
import { PLANTED } from './planted';

/** Single years of age 0-89 then 90+ (index 90), as ONS publishes. */
export const SINGLE_YEAR_AGES = 91;

export const POPULATION_AGE_BANDS = ['0-9', '10-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75+'] as const;

export interface PopulationRow {
  area_code: string;
  area_name: string;
  year: number;
  age_band: string;
  sex: 'F' | 'M';
  population: number;
}

export const POPULATION_COLUMNS = ['area_code', 'area_name', 'year', 'age_band', 'sex', 'population'] as const satisfies ReadonlyArray<
  keyof PopulationRow
>;

type Anchors = ReadonlyArray<readonly [number, number]>;

/** Relative persons per single year of age, as anchor points joined by straight lines; then the 90+ lump. */
const PROFILES: Readonly<Record<'county' | 'city', { anchors: Anchors; over90: number }>> = {
  county: {
    anchors: [[0, 1], [17, 1.08], [18, 0.95], [24, 0.95], [25, 1], [35, 1.02], [45, 1.15], [57, 1.3], [65, 1.1], [72, 1.15], [80, 0.62], [89, 0.2]],
    over90: 0.8,
  },
  city: {
    anchors: [[0, 1.15], [15, 1], [17, 1.05], [18, 2], [19, 3.1], [21, 3.2], [23, 2.5], [25, 2.1], [30, 1.6], [40, 1.15], [55, 0.9], [65, 0.6], [75, 0.42], [89, 0.1]],
    over90: 0.35,
  },
};

function profileWeights(kind: 'county' | 'city' | 'mixed'): number[] {
  if (kind === 'mixed') {
    // England and the region: mostly county-like with some of the city's young adults.
    const county = profileWeights('county');
    const city = profileWeights('city');
    const cs = county.reduce((a, b) => a + b, 0);
    const ci = city.reduce((a, b) => a + b, 0);
    return county.map((w, i) => 0.8 * (w / cs) + 0.2 * ((city[i] ?? 0) / ci));
  }
  const { anchors, over90 } = PROFILES[kind];
  const weights: number[] = [];
  for (let age = 0; age < 90; age += 1) {
    let value = anchors[anchors.length - 1]?.[1] ?? 1;
    for (let i = 0; i + 1 < anchors.length; i += 1) {
      const [a0, v0] = anchors[i] ?? [0, 1];
      const [a1, v1] = anchors[i + 1] ?? [0, 1];
      if (age >= a0 && age <= a1) {
        value = a1 === a0 ? v0 : v0 + ((v1 - v0) * (age - a0)) / (a1 - a0);
        break;
      }
    }
    weights.push(value);
  }
  weights.push(over90);
  return weights;
}

/** Split a total over weights in whole numbers that add up exactly (largest remainder). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map((x) => Math.floor(x));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, f: x - Math.floor(x) })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left -= 1;
  }
  return out;
}

/** Female share by age: slightly more boys among children, more women in old age. */
function femaleShare(age: number): number {
  if (age < 18) return 0.487;
  if (age < 60) return 0.5;
  if (age < 90) return 0.5 + ((age - 60) / 30) * 0.12;
  return 0.7;
}

export interface SingleYearPopulation {
  female: number[];
  male: number[];
  persons: number[];
  total: number;
}

/** Grows 0.5% a year around the mid-2020 figure (steady, so rates are not driven by the denominator). */
export function districtPopulationInYear(district: DistrictInfo, year: number): number {
  return Math.round(district.population * (1 + 0.005 * (year - 2020)));
}

function singleYear(total: number, kind: 'county' | 'city' | 'mixed'): SingleYearPopulation {
  const persons = apportion(total, profileWeights(kind));
  const female = persons.map((p, age) => Math.round(p * femaleShare(age)));
  const male = persons.map((p, age) => p - (female[age] ?? 0));
  return { female, male, persons, total };
}

export function districtSingleYearPopulation(district: DistrictInfo, year: number): SingleYearPopulation {
  return singleYear(districtPopulationInYear(district, year), district.ageProfile);
}

function bandRange(band: string): readonly [number, number] {
  if (band.endsWith('+')) return [Number(band.slice(0, -1)), SINGLE_YEAR_AGES - 1];
  const [lo, hi] = band.split('-').map(Number);
  return [lo ?? 0, hi ?? 0];
}

function sumAges(values: readonly number[], lo: number, hi: number): number {
  let s = 0;
  for (let a = lo; a <= hi; a += 1) s += values[a] ?? 0;
  return s;
}

/** Long table: every district, years 2019-2023 by default, age band and sex. */
export function populationRows(options: { years?: readonly number[] } = {}): PopulationRow[] {
  const years = options.years ?? PLANTED.respectSurvey.waves;
  const rows: PopulationRow[] = [];
  for (const district of DISTRICTS) {
    for (const year of years) {
      const pop = districtSingleYearPopulation(district, year);
      for (const band of POPULATION_AGE_BANDS) {
        const [lo, hi] = bandRange(band);
        for (const sex of ['F', 'M'] as const) {
          rows.push({
            area_code: district.onsCode,
            area_name: district.name,
            year,
            age_band: band,
            sex,
            population: sumAges(sex === 'F' ? pop.female : pop.male, lo, hi),
          });
        }
      }
    }
  }
  return rows;
}

/** Share of residents aged minAge..maxAge in a district, or force-wide when district is undefined. */
export function populationShare(minAge: number, maxAge: number, district?: string, year = 2020): number {
  let inBand = 0;
  let total = 0;
  for (const d of DISTRICTS) {
    if (district !== undefined && d.name !== district) continue;
    const pop = districtSingleYearPopulation(d, year);
    inBand += sumAges(pop.persons, minAge, Math.min(maxAge, SINGLE_YEAR_AGES - 1));
    total += pop.total;
  }
  return total > 0 ? inBand / total : 0;
}

/** The real download has 256 columns: 95 used, the rest empty. */
const ONS_COLUMNS = 256;
/** And 17 blank rows (all commas) at the bottom. */
const ONS_BLANK_ROWS = 17;

/** `1,234,567`: by hand rather than toLocaleString, whose output depends on the ICU build. */
export function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function onsNumber(n: number): string {
  // Excel's "#,##0" format saved as CSV: numbers of 1,000 and more are quoted because of the separator.
  return n >= 1000 ? `"${withThousands(n)}"` : String(n);
}

function onsLine(cells: readonly string[]): string {
  const padded = cells.slice();
  while (padded.length < ONS_COLUMNS) padded.push('');
  return padded.join(',');
}

/**
 * The ONS "MYE2 - Persons" sheet saved as CSV, for the force area plus
 * surrounding rows an importer must skip (country, region, county, other
 * unitary authorities): UTF-8 BOM, CRLF, header
 * `Code,Name,Geography,All ages,0,...,89,90+`, thousands separators in
 * quoted numbers, 256 columns, 17 blank rows at the bottom, no line break
 * after the last one. The year is only in the file name.
 */
export function onsMyePersonsCsv(year = 2020): string {
  const header = ['Code', 'Name', 'Geography', 'All ages', ...Array.from({ length: 90 }, (_, a) => String(a)), '90+'];
  const rows: string[] = [onsLine(header)];
  const add = (code: string, name: string, geography: string, pop: SingleYearPopulation): void => {
    const cells = [code, name.includes(',') ? `"${name}"` : name, geography, onsNumber(pop.total), ...pop.persons.map(onsNumber)];
    rows.push(onsLine(cells));
  };
  const growth = 1 + 0.005 * (year - 2020);
  add('E92000001', 'ENGLAND', 'Country', singleYear(Math.round(56_550_138 * growth), 'mixed'));
  add('E12000004', 'EAST MIDLANDS', 'Region', singleYear(Math.round(4_865_583 * growth), 'mixed'));
  add('E06000015', 'Derby', 'Unitary Authority', singleYear(Math.round(257_000 * growth), 'county'));
  add('E06000016', 'Leicester', 'Unitary Authority', singleYear(Math.round(354_000 * growth), 'city'));
  const city = DISTRICTS.find((d) => d.onsGeography === 'Unitary Authority');
  if (city !== undefined) add(city.onsCode, city.onsName, city.onsGeography, districtSingleYearPopulation(city, year));
  const county = DISTRICTS.filter((d) => d.onsGeography === 'Non-metropolitan District').map((d) => ({
    d,
    pop: districtSingleYearPopulation(d, year),
  }));
  const countyPersons = Array.from({ length: SINGLE_YEAR_AGES }, (_, a) => county.reduce((s, c) => s + (c.pop.persons[a] ?? 0), 0));
  add('E10000024', 'Nottinghamshire', 'County', {
    persons: countyPersons,
    female: [],
    male: [],
    total: countyPersons.reduce((a, b) => a + b, 0),
  });
  for (const { d, pop } of county) add(d.onsCode, d.onsName, d.onsGeography, pop);
  for (let i = 0; i < ONS_BLANK_ROWS; i += 1) rows.push(onsLine([]));
  return `\uFEFF${rows.join('\r\n')}`;
}
