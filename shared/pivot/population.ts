/**
 * Denominators for rates per 1,000 residents: mid-year population by
 * district and year (persons), all ages or by victim age band. A rate is
 * only given where a population was loaded; nothing is invented, and a
 * missing denominator comes back with the reason the pivot shows.
 */
import type { Database, SqlValue } from 'sql.js';
import { FORCE_DISTRICTS, canonicalDistrict } from '../districts';
import { type AgeRange, formatAgeRange } from '../population-ages';

/** year -> persons. */
type Years = Map<number, number>;
/** year -> persons, or why that year's estimate cannot give the band. */
type BandYears = Map<number, number | string>;

/** The single years ONS estimates give: 0 to 90, where 90 means 90 and over. */
const OLDEST_SINGLE_YEAR = 90;

export const NO_POPULATION_NOTE = 'No population loaded: rates per 1,000 need population estimates for the districts and years shown.';

export type Denominator = { persons: number } | { reason: string };

/** A band the source gave: inclusive ages (max null = open-ended) and persons. */
interface PopulationBand extends AgeRange {
  persons: number;
}

/** Persons aged min to max (max null = open) from single years, or null unless every year is there (90 = 90 and over). */
function sumOfSingles(ages: Map<number, number>, min: number, max: number | null): number | null {
  const last = Math.min(max ?? OLDEST_SINGLE_YEAR, OLDEST_SINGLE_YEAR);
  for (let a = min; a <= last; a++) if (!ages.has(a)) return null;
  let persons = 0;
  for (const [a, n] of ages) if (a >= min && (max === null || a <= max)) persons += n;
  return persons;
}

/**
 * Persons aged min to max from the source's bands that lie inside it, when
 * some of them cover it exactly (a file giving 0-17 as well as 0-9 and 10-17
 * still works); else the first band straddling its edge (no honest split);
 * null when the bands leave part of it uncovered.
 */
function sumOfBands(bands: readonly PopulationBand[], min: number, max: number | null): number | AgeRange | null {
  const overlapping = bands.filter((b) => (max === null || b.min <= max) && (b.max === null || b.max >= min));
  const inside = overlapping.filter((b) => b.min >= min && (max === null || (b.max !== null && b.max <= max)));
  // Persons from min up to each age reached (Infinity: open-ended), band by band in age order.
  const reached = new Map<number, number>([[min, 0]]);
  for (const band of [...inside].sort((a, b) => a.min - b.min)) {
    const before = reached.get(band.min);
    const after = band.max === null ? Number.POSITIVE_INFINITY : band.max + 1;
    if (before !== undefined && !reached.has(after)) reached.set(after, before + band.persons);
  }
  const persons = reached.get(max === null ? Number.POSITIVE_INFINITY : max + 1);
  if (persons !== undefined) return persons;
  return overlapping.find((b) => !inside.includes(b)) ?? null;
}

interface Band {
  name: string;
  minAge: number | null;
  maxAge: number | null;
}

/** Persons where the source gave them (sex blank), otherwise the sum of the sexes. */
class PersonsAccumulator {
  private readonly persons = new Map<string, number>();
  private readonly bySex = new Map<string, number>();

  add(key: string, sex: SqlValue | undefined, population: number): void {
    const target = sex === null ? this.persons : this.bySex;
    target.set(key, (target.get(key) ?? 0) + population);
  }

  entries(): Map<string, number> {
    const merged = new Map(this.persons);
    for (const [key, value] of this.bySex) if (!merged.has(key)) merged.set(key, value);
    return merged;
  }
}

export class PopulationTable {
  private constructor(
    /** district id -> year -> persons, all ages. */
    private readonly allAges: Map<number, Years>,
    /** `${district id}|${band id}` -> year -> persons (or why not). */
    private readonly byBand: Map<string, BandYears>,
    private readonly forceDistrictIds: number[],
    private readonly districtNames: Map<number, string>,
    private readonly bands: Map<number, Band>,
  ) {}

  /** Reads every population estimate; an empty table (nothing loaded) answers every question with a reason. */
  static load(db: Database): PopulationTable {
    const hasTable = db.exec("SELECT 1 FROM sqlite_master WHERE name = 'population_all_ages'").length > 0;
    const districtIds = new Map<string, number>();
    const districtNames = new Map<number, string>();
    for (const [id, name] of db.exec('SELECT id, name FROM district')[0]?.values ?? []) {
      districtIds.set(String(name), Number(id));
      districtNames.set(Number(id), String(name));
    }
    const bands = new Map<number, Band>();
    for (const [id, name, min, max] of db.exec('SELECT id, name, min_age, max_age FROM age_band')[0]?.values ?? []) {
      bands.set(Number(id), { name: String(name), minAge: min === null ? null : Number(min), maxAge: max === null ? null : Number(max) });
    }
    // Areas imported before any record of their district matched on name now.
    const districtOf = (districtId: SqlValue | undefined, areaName: SqlValue | undefined): number | undefined =>
      districtId === null ? districtIds.get(canonicalDistrict(typeof areaName === 'string' ? areaName : '')) : Number(districtId);

    const allAges = new Map<number, Years>();
    const byBand = new Map<string, BandYears>();
    if (hasTable) {
      const all = new PersonsAccumulator();
      for (const [districtId, areaName, year, sex, population] of db.exec(
        'SELECT district_id, area_name, year, sex, population FROM population_all_ages',
      )[0]?.values ?? []) {
        const id = districtOf(districtId, areaName);
        if (id === undefined || population === null) continue;
        all.add(`${id}|${Number(year)}`, sex, Number(population));
      }
      for (const [key, persons] of all.entries()) {
        const [id, year] = key.split('|').map(Number);
        if (id === undefined || year === undefined) continue;
        const years = allAges.get(id) ?? new Map<number, number>();
        years.set(year, persons);
        allAges.set(id, years);
      }

      // Victim bands from single years where all of a band's years are there, else from the
      // source's bands lying inside it that cover it exactly (0-9 and 10-17 make 0-17).
      const single = new PersonsAccumulator();
      const banded = new PersonsAccumulator();
      for (const [districtId, areaName, year, age, min, max, sex, population] of db.exec(
        'SELECT district_id, area_name, year, age, min_age, max_age, sex, population FROM population WHERE age IS NOT NULL OR min_age IS NOT NULL',
      )[0]?.values ?? []) {
        const id = districtOf(districtId, areaName);
        if (id === undefined) continue;
        if (age !== null) single.add(`${id}|${Number(year)}|${Number(age)}`, sex, Number(population));
        else banded.add(`${id}|${Number(year)}|${Number(min)}|${max === null ? '' : Number(max)}`, sex, Number(population));
      }
      const singles = new Map<string, Map<number, number>>();
      for (const [key, persons] of single.entries()) {
        const [id, year, age] = key.split('|');
        const ages = singles.get(`${id}|${year}`) ?? new Map<number, number>();
        ages.set(Number(age), persons);
        singles.set(`${id}|${year}`, ages);
      }
      const ranges = new Map<string, PopulationBand[]>();
      for (const [key, persons] of banded.entries()) {
        const [id, year, min, max] = key.split('|');
        const list = ranges.get(`${id}|${year}`) ?? [];
        list.push({ min: Number(min), max: max === '' || max === undefined ? null : Number(max), persons });
        ranges.set(`${id}|${year}`, list);
      }
      const put = (districtYear: string, bandId: number, value: number | string): void => {
        const [id = '', year = ''] = districtYear.split('|');
        const key = `${id}|${bandId}`;
        const years = byBand.get(key) ?? new Map<number, number | string>();
        years.set(Number(year), value);
        byBand.set(key, years);
      };
      for (const districtYear of new Set([...singles.keys(), ...ranges.keys()])) {
        const ages = singles.get(districtYear);
        for (const [bandId, band] of bands) {
          if (band.minAge === null) continue;
          const fromSingles = ages === undefined ? null : sumOfSingles(ages, band.minAge, band.maxAge);
          if (fromSingles !== null) {
            put(districtYear, bandId, fromSingles);
            continue;
          }
          const fromBands = sumOfBands(ranges.get(districtYear) ?? [], band.minAge, band.maxAge);
          if (fromBands === null) continue;
          const [id] = districtYear.split('|');
          const district = districtNames.get(Number(id)) ?? `district ${id}`;
          put(
            districtYear,
            bandId,
            typeof fromBands === 'number'
              ? fromBands
              : `No population by age for ${district}, age band ${band.name}: the population band ${formatAgeRange(fromBands)} straddles its edge and cannot be split; load single-year estimates or bands that fit.`,
          );
        }
      }
    }
    const forceDistrictIds = FORCE_DISTRICTS.flatMap((name) => {
      const id = districtIds.get(name);
      return id === undefined ? [] : [id];
    });
    return new PopulationTable(allAges, byBand, forceDistrictIds, districtNames, bands);
  }

  get isEmpty(): boolean {
    return this.allAges.size === 0 && this.byBand.size === 0;
  }

  /** The estimate nearest to the year: the latest at or before it, else the earliest after it. */
  private static nearest<T>(years: Map<number, T> | undefined, year: number): T | null {
    if (!years) return null;
    let best: number | null = null;
    for (const y of years.keys()) {
      if (y <= year && (best === null || best > year || y > best)) best = y;
      else if (y > year && (best === null || (best > year && y < best))) best = y;
    }
    return best === null ? null : (years.get(best) ?? null);
  }

  /**
   * Persons in these districts (the force area when null) and age bands (all
   * ages when null), in the estimate nearest the year; a reason when any
   * part has no estimate, so no rate is ever computed on part of its people.
   */
  denominator(districtIds: readonly number[] | null, year: number, bandIds: readonly (number | null)[] | null): Denominator {
    if (this.isEmpty) return { reason: NO_POPULATION_NOTE };
    const ids = districtIds ?? this.forceDistrictIds;
    if (ids.length === 0) return { reason: 'Records with an unknown district have no population: their rates are blank.' };
    let total = 0;
    for (const id of ids) {
      const district = this.districtNames.get(id) ?? `district ${id}`;
      if (bandIds === null) {
        const persons = PopulationTable.nearest(this.allAges.get(id), year);
        if (persons === null) return { reason: `No population loaded for ${district}: its rates are blank.` };
        total += persons;
        continue;
      }
      for (const bandId of bandIds) {
        const band = bandId === null ? undefined : this.bands.get(bandId);
        if (bandId === null || band === undefined || (band.minAge === null && band.name.toLowerCase() === 'unknown')) {
          return { reason: 'Victims of unknown age have no population to divide by: the Unknown age band has no rate.' };
        }
        const persons = PopulationTable.nearest(this.byBand.get(`${id}|${bandId}`), year);
        if (typeof persons === 'string') return { reason: persons };
        if (persons === null) {
          return { reason: `No population by age for ${district}, age band ${band.name}: load single-year or banded estimates for its rate.` };
        }
        total += persons;
      }
    }
    return { persons: total };
  }

  /** Persons in these districts, all ages; null if any has no estimate. */
  persons(districtIds: readonly number[] | null, year: number): number | null {
    const result = this.denominator(districtIds, year, null);
    return 'persons' in result ? result.persons : null;
  }
}
