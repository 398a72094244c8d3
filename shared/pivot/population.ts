/**
 * Denominators for rates per 1,000 residents: mid-year population by
 * district and year (persons), all ages or by victim age band. A rate is
 * only given where a population was loaded; nothing is invented, and a
 * missing denominator comes back with the reason the pivot shows.
 */
import type { Database, SqlValue } from 'sql.js';
import { parseAgeBand } from '../age-bands';
import { FORCE_DISTRICTS, canonicalDistrict } from '../districts';

/** year -> persons. */
type Years = Map<number, number>;

/** The single years ONS estimates give: 0 to 90, where 90 means 90 and over. */
const OLDEST_SINGLE_YEAR = 90;

export const NO_POPULATION_NOTE = 'No population loaded: rates per 1,000 need population estimates for the districts and years shown.';

export type Denominator = { persons: number } | { reason: string };

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
    /** `${district id}|${band id}` -> year -> persons. */
    private readonly byBand: Map<string, Years>,
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
    const byBand = new Map<string, Years>();
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

      // Bands: a band the source gave directly, else the sum of its single years when all are there.
      const direct = new PersonsAccumulator();
      const single = new PersonsAccumulator();
      for (const [districtId, areaName, year, age, bandId, sex, population] of db.exec(
        'SELECT district_id, area_name, year, age, age_band_id, sex, population FROM population WHERE age IS NOT NULL OR age_band_id IS NOT NULL',
      )[0]?.values ?? []) {
        const id = districtOf(districtId, areaName);
        if (id === undefined) continue;
        if (age !== null) single.add(`${id}|${Number(year)}|${Number(age)}`, sex, Number(population));
        else direct.add(`${id}|${Number(year)}|${Number(bandId)}`, sex, Number(population));
      }
      const singles = new Map<string, Map<number, number>>();
      for (const [key, persons] of single.entries()) {
        const [id, year, age] = key.split('|');
        const ages = singles.get(`${id}|${year}`) ?? new Map<number, number>();
        ages.set(Number(age), persons);
        singles.set(`${id}|${year}`, ages);
      }
      const put = (districtId: string, bandId: number, year: number, persons: number): void => {
        const key = `${districtId}|${bandId}`;
        const years = byBand.get(key) ?? new Map<number, number>();
        years.set(year, persons);
        byBand.set(key, years);
      };
      for (const [key, ages] of singles) {
        const [id = '', year = ''] = key.split('|');
        for (const [bandId, band] of bands) {
          if (band.minAge === null) continue;
          const last = Math.min(band.maxAge ?? OLDEST_SINGLE_YEAR, OLDEST_SINGLE_YEAR);
          let complete = true;
          for (let a = band.minAge; a <= last && complete; a++) complete = ages.has(a);
          if (!complete) continue;
          let persons = 0;
          for (const [a, n] of ages) if (a >= band.minAge && (band.maxAge === null || a <= band.maxAge)) persons += n;
          put(id, bandId, Number(year), persons);
        }
      }
      for (const [key, persons] of direct.entries()) {
        const [id = '', year, bandId] = key.split('|');
        put(id, Number(bandId), Number(year), persons);
      }
      // A band the source did not give, made of bands it did that tile its ages exactly
      // (0-17 from 0-9 and 10-17; 65+ from 65-74 and 75+), so no one is counted twice or left out.
      // Bands first seen in a population file are stored by name only: their ages are read from the name.
      const rangeOf = (b: Band | undefined): Band | null => {
        if (b === undefined) return null;
        if (b.minAge !== null) return b;
        const parsed = parseAgeBand(b.name);
        return parsed === null ? null : { name: b.name, minAge: parsed.minAge, maxAge: parsed.maxAge };
      };
      const givenBands = new Map<string, Map<number, number>>();
      for (const [key, persons] of direct.entries()) {
        const [id = '', year = '', bandId = ''] = key.split('|');
        const given = givenBands.get(`${id}|${year}`) ?? new Map<number, number>();
        given.set(Number(bandId), persons);
        givenBands.set(`${id}|${year}`, given);
      }
      for (const [key, given] of givenBands) {
        const [id = '', year = ''] = key.split('|');
        for (const [bandId, band] of bands) {
          if (band.minAge === null || given.has(bandId) || byBand.get(`${id}|${bandId}`)?.has(Number(year)) === true) continue;
          const parts = [...given.keys()]
            .map((partId) => ({ partId, part: rangeOf(bands.get(partId)) }))
            .filter((p): p is { partId: number; part: Band } => p.part !== null && p.part.minAge !== null && p.part.minAge >= (band.minAge ?? 0))
            .filter(({ part }) => band.maxAge === null || (part.maxAge !== null && part.maxAge <= band.maxAge))
            .sort((a, b) => (a.part.minAge ?? 0) - (b.part.minAge ?? 0));
          let next: number | null = band.minAge;
          let persons = 0;
          for (const { partId, part } of parts) {
            if (next === null || part.minAge !== next) break;
            persons += given.get(partId) ?? 0;
            next = part.maxAge === null ? null : part.maxAge + 1;
          }
          const isTiled = band.maxAge === null ? next === null : next === band.maxAge + 1;
          if (parts.length > 1 && isTiled) put(id, bandId, Number(year), persons);
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
  private static nearest(years: Years | undefined, year: number): number | null {
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
