/**
 * Denominators for rates per 1,000 residents: mid-year population by
 * district and year, all ages or by victim age band, persons or one sex. A
 * rate is only given where a population was loaded; nothing is invented (a
 * rate by sex never falls back on persons), and a missing denominator comes
 * back with the reason the pivot shows.
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

/** What a rate's Total across periods (months, quarters, years) means. */
export const PERSON_YEARS_NOTE =
  "Rate totals across periods (Total per year) are per 1,000 residents per year: the records divided by person-years, each period shown counting its year's mid-year population for the part of a year it is (a month a twelfth, a quarter a quarter, a year in full), within the dates chosen.";

/** A year a Total across periods spans for which some district has no estimate of its own. */
export function nearestYearNote(year: number): string {
  return `Not every district shown has a population estimate for ${year}: its months in rate totals use the nearest year's estimate, as its period cells do.`;
}

export const UNKNOWN_SEX_NOTE = 'Victims whose sex is not recorded have no population to divide by: the Unknown sex has no rate.';

/** The sexes population rows carry (schema: 1 female, 2 male; null = persons). */
const SEXES = [1, 2] as const;
const SEX_WORDS: Readonly<Record<number, string>> = { 1: 'females', 2: 'males' };

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

/**
 * All-ages persons per area, year and sex, as the population_all_ages view
 * gives them (the source's all-ages row, else the sum of its single years,
 * else of its bands), except that a band lying inside another band of the
 * source (0-9 and 10-17 beside 0-17) is not added again: the view's sum
 * counted those people twice.
 */
function allAgesRows(db: Database): { districtId: SqlValue; areaName: SqlValue; year: number; sex: SqlValue; population: number | null }[] {
  const groups = new Map<string, { districtId: SqlValue; areaName: SqlValue; year: number; sex: SqlValue; all: number | null; singles: number | null; bands: PopulationBand[] }>();
  const rows = db.exec('SELECT area_key, district_id, area_name, year, sex, age, min_age, max_age, age_band_id, population FROM population')[0]?.values ?? [];
  for (const [areaKey, districtId, areaName, year, sex, age, min, max, bandId, population] of rows) {
    const key = `${String(areaKey)}|${Number(year)}|${sex === null ? '' : Number(sex)}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { districtId: null, areaName: null, year: Number(year), sex: sex ?? null, all: null, singles: null, bands: [] };
      groups.set(key, group);
    }
    // As the view's MAX(): the largest id and name the area's rows carry.
    if (districtId !== null && (group.districtId === null || Number(districtId) > Number(group.districtId))) group.districtId = districtId ?? null;
    if (areaName !== null && (group.areaName === null || String(areaName) > String(group.areaName))) group.areaName = areaName ?? null;
    const persons = Number(population);
    if (age !== null) group.singles = (group.singles ?? 0) + persons;
    else if (min !== null) group.bands.push({ min: Number(min), max: max === null ? null : Number(max), persons });
    else if (bandId === null) group.all = Math.max(group.all ?? persons, persons);
  }
  const isInside = (band: AgeRange, other: AgeRange): boolean =>
    band !== other && band.min >= other.min && (other.max === null || (band.max !== null && band.max <= other.max));
  return [...groups.values()].map(({ districtId, areaName, year, sex, all, singles, bands }) => {
    const outer = bands.filter((band) => !bands.some((other) => isInside(band, other)));
    const fromBands = outer.length === 0 ? null : outer.reduce((sum, band) => sum + band.persons, 0);
    return { districtId, areaName, year, sex, population: all ?? singles ?? fromBands };
  });
}

interface Band {
  name: string;
  minAge: number | null;
  maxAge: number | null;
}

/** When the source gave figures for one sex only: the reason a rate of all victims is blank (males alone are not all residents). */
function oneSexOnly(district: string, given: (sex: number) => boolean): { reason: string } | null {
  const sexes = SEXES.filter(given);
  if (sexes.length !== 1) return null;
  return { reason: `The population loaded for ${district} is of ${SEX_WORDS[sexes[0] ?? 1] ?? ''} only: rates of all its victims need both sexes or persons.` };
}

/**
 * Persons where the source gave them (sex blank), otherwise the sum of the
 * sexes where both are there (males alone are not all residents); and each
 * sex as given.
 */
class PersonsAccumulator {
  private readonly persons = new Map<string, number>();
  private readonly bothSexes = new Map<string, number>();
  private readonly sexes = new Map<number, Map<string, number>>();

  add(key: string, sex: SqlValue | undefined, population: number): void {
    const targets = sex === null || sex === undefined ? [this.persons] : [this.bothSexes, this.sexOf(Number(sex))];
    for (const target of targets) target.set(key, (target.get(key) ?? 0) + population);
  }

  private sexOf(sex: number): Map<string, number> {
    const map = this.sexes.get(sex) ?? new Map<string, number>();
    this.sexes.set(sex, map);
    return map;
  }

  entries(): Map<string, number> {
    const merged = new Map(this.persons);
    for (const [key, value] of this.bothSexes) {
      if (!merged.has(key) && SEXES.every((sex) => this.sexes.get(sex)?.has(key) === true)) merged.set(key, value);
    }
    return merged;
  }

  /** Only the rows the source gave for this sex (never persons). */
  entriesOf(sex: number): Map<string, number> {
    return this.sexes.get(sex) ?? new Map<string, number>();
  }
}

export class PopulationTable {
  private constructor(
    /** district id -> year -> persons, all ages. */
    private readonly allAges: Map<number, Years>,
    /** `${district id}|${band id}` -> year -> persons (or why not). */
    private readonly byBand: Map<string, BandYears>,
    /** `${district id}|${sex}` -> year -> residents of that sex, all ages; only where the source gave figures by sex. */
    private readonly allAgesBySex: Map<string, Years>,
    /** `${district id}|${band id}|${sex}` -> year -> residents of that sex in the band (or why not). */
    private readonly byBandAndSex: Map<string, BandYears>,
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
    const allAgesBySex = new Map<string, Years>();
    const byBandAndSex = new Map<string, BandYears>();
    if (hasTable) {
      const all = new PersonsAccumulator();
      for (const { districtId, areaName, year, sex, population } of allAgesRows(db)) {
        const id = districtOf(districtId, areaName);
        if (id === undefined || population === null) continue;
        all.add(`${id}|${year}`, sex, population);
      }
      /** `${district id}|${year}` -> persons, into `${district id}${suffix}` -> year -> persons. */
      const putAllAges = (entries: Map<string, number>, target: Map<string, Years>, suffix: string): void => {
        for (const [key, persons] of entries) {
          const [id, year] = key.split('|');
          const years = target.get(`${id}${suffix}`) ?? new Map<number, number>();
          years.set(Number(year), persons);
          target.set(`${id}${suffix}`, years);
        }
      };
      const allAgesByKey = new Map<string, Years>();
      putAllAges(all.entries(), allAgesByKey, '');
      for (const [id, years] of allAgesByKey) allAges.set(Number(id), years);
      for (const sex of SEXES) putAllAges(all.entriesOf(sex), allAgesBySex, `|${sex}`);

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
      /**
       * Each victim band's population per district and year from these single years and bands,
       * into `${district id}|${band id}${suffix}`; `who` names whose population it is in a reason.
       */
      const putBands = (singleEntries: Map<string, number>, bandedEntries: Map<string, number>, target: Map<string, BandYears>, suffix: string, who: string): void => {
        const singles = new Map<string, Map<number, number>>();
        for (const [key, persons] of singleEntries) {
          const [id, year, age] = key.split('|');
          const ages = singles.get(`${id}|${year}`) ?? new Map<number, number>();
          ages.set(Number(age), persons);
          singles.set(`${id}|${year}`, ages);
        }
        const ranges = new Map<string, PopulationBand[]>();
        for (const [key, persons] of bandedEntries) {
          const [id, year, min, max] = key.split('|');
          const list = ranges.get(`${id}|${year}`) ?? [];
          list.push({ min: Number(min), max: max === '' || max === undefined ? null : Number(max), persons });
          ranges.set(`${id}|${year}`, list);
        }
        const put = (districtYear: string, bandId: number, value: number | string): void => {
          const [id = '', year = ''] = districtYear.split('|');
          const key = `${id}|${bandId}${suffix}`;
          const years = target.get(key) ?? new Map<number, number | string>();
          years.set(Number(year), value);
          target.set(key, years);
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
                : `No population by age for ${district}, age band ${band.name}${who}: the population band ${formatAgeRange(fromBands)} straddles its edge and cannot be split; load single-year estimates or bands that fit.`,
            );
          }
        }
      };
      putBands(single.entries(), banded.entries(), byBand, '', '');
      for (const sex of SEXES) putBands(single.entriesOf(sex), banded.entriesOf(sex), byBandAndSex, `|${sex}`, `, ${SEX_WORDS[sex]}`);
    }
    const forceDistrictIds = FORCE_DISTRICTS.flatMap((name) => {
      const id = districtIds.get(name);
      return id === undefined ? [] : [id];
    });
    return new PopulationTable(allAges, byBand, allAgesBySex, byBandAndSex, forceDistrictIds, districtNames, bands);
  }

  get isEmpty(): boolean {
    return this.allAges.size === 0 && this.byBand.size === 0 && this.allAgesBySex.size === 0 && this.byBandAndSex.size === 0;
  }

  /** The estimate nearest to the year: the latest at or before it, else the earliest after it. */
  private static nearest<T>(years: Map<number, T> | undefined, year: number): T | null {
    const best = PopulationTable.nearestYear(years, year);
    return best === null ? null : (years?.get(best) ?? null);
  }

  /** The year of the estimate nearest to the year (see nearest). */
  private static nearestYear(years: Map<number, unknown> | undefined, year: number): number | null {
    if (!years) return null;
    let best: number | null = null;
    for (const y of years.keys()) {
      if (y <= year && (best === null || best > year || y > best)) best = y;
      else if (y > year && (best === null || (best > year && y < best))) best = y;
    }
    return best;
  }

  /** Whether the source gave this district any figures by sex (in any year). */
  private hasSexFigures(districtId: number): boolean {
    return SEXES.some((sex) => this.allAgesBySex.has(`${districtId}|${sex}`));
  }

  /**
   * Residents of these districts (the force area when null), age bands (all
   * ages when null) and sexes (persons when null), in the estimate nearest
   * the year; a reason when any part has no estimate, so no rate is ever
   * computed on part of its people, nor a rate by sex on persons.
   */
  denominator(
    districtIds: readonly number[] | null,
    year: number,
    bandIds: readonly (number | null)[] | null,
    sexes: readonly (number | null)[] | null = null,
  ): Denominator {
    if (this.isEmpty) return { reason: NO_POPULATION_NOTE };
    const ids = districtIds ?? this.forceDistrictIds;
    if (ids.length === 0) return { reason: 'Records with an unknown district have no population: their rates are blank.' };
    if (sexes !== null && sexes.some((sex) => sex === null || SEX_WORDS[sex] === undefined)) return { reason: UNKNOWN_SEX_NOTE };
    let total = 0;
    // The estimates' own years (the nearest to the year asked for), to name them if they come to 0.
    const estimateYears = new Set<number>();
    for (const id of ids) {
      const district = this.districtNames.get(id) ?? `district ${id}`;
      if (sexes !== null && !this.hasSexFigures(id)) {
        return { reason: `The population loaded for ${district} has no figures by sex (persons only): its rates by victim sex are blank.` };
      }
      // One pass for persons, else one per sex asked for.
      for (const sex of sexes ?? [null]) {
        const suffix = sex === null ? '' : `|${sex}`;
        const who = sex === null ? '' : ` ${SEX_WORDS[sex] ?? ''}`;
        if (bandIds === null) {
          const years = sex === null ? this.allAges.get(id) : this.allAgesBySex.get(`${id}${suffix}`);
          const persons = PopulationTable.nearest(years, year);
          if (persons === null) {
            const oneSex = sex === null ? oneSexOnly(district, (s) => this.allAgesBySex.has(`${id}|${s}`)) : null;
            if (oneSex !== null) return oneSex;
            return { reason: `No population${who === '' ? '' : ` of${who}`} loaded for ${district}: its rates are blank.` };
          }
          estimateYears.add(PopulationTable.nearestYear(years, year) ?? year);
          total += persons;
          continue;
        }
        for (const bandId of bandIds) {
          const band = bandId === null ? undefined : this.bands.get(bandId);
          if (bandId === null || band === undefined || (band.minAge === null && band.name.toLowerCase() === 'unknown')) {
            return { reason: 'Victims of unknown age have no population to divide by: the Unknown age band has no rate.' };
          }
          const years = sex === null ? this.byBand.get(`${id}|${bandId}`) : this.byBandAndSex.get(`${id}|${bandId}${suffix}`);
          const persons = PopulationTable.nearest(years, year);
          if (typeof persons === 'string') return { reason: persons };
          if (persons === null) {
            // One sex by age is loaded, not both: say so, as the all-ages rate does, rather than "no population by age".
            const oneSex = sex === null ? oneSexOnly(district, (s) => this.byBandAndSex.has(`${id}|${bandId}|${s}`)) : null;
            if (oneSex !== null) return oneSex;
            return sex === null
              ? { reason: `No population by age for ${district}, age band ${band.name}: load single-year or banded estimates for its rate.` }
              : { reason: `No population by age and sex for ${district}, age band ${band.name},${who}: load single-year or banded estimates by sex for its rate.` };
          }
          estimateYears.add(PopulationTable.nearestYear(years, year) ?? year);
          total += persons;
        }
      }
    }
    if (total === 0) return { reason: this.zeroPopulationNote(districtIds, bandIds, sexes, [...estimateYears]) };
    return { persons: total };
  }

  /** Why a rate over a population estimate of 0 is blank, naming whose estimate and which year's. */
  private zeroPopulationNote(
    districtIds: readonly number[] | null,
    bandIds: readonly (number | null)[] | null,
    sexes: readonly (number | null)[] | null,
    years: number[],
  ): string {
    const listed = (words: string[]): string => (words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`);
    const districts = districtIds === null ? 'the force area' : listed(districtIds.map((id) => this.districtNames.get(id) ?? `district ${id}`));
    const bands = bandIds === null ? [] : bandIds.flatMap((id) => (id === null ? [] : [this.bands.get(id)?.name ?? `band ${id}`]));
    const whose = [
      districts,
      ...(bands.length === 0 ? [] : [`age band${bands.length > 1 ? 's' : ''} ${listed(bands)}`]),
      ...(sexes === null ? [] : [listed(sexes.map((sex) => (sex === null ? '' : (SEX_WORDS[sex] ?? ''))))]),
    ].join(', ');
    const inYears = listed(years.sort((a, b) => a - b).map(String));
    return `The population loaded for ${whose}${whose.includes(',') ? ',' : ''} in ${inYears} is 0: its rate is blank.`;
  }

  /** Whether each of these districts (the force area when null) has an all-ages estimate for exactly this year. */
  hasOwnEstimate(districtIds: readonly number[] | null, year: number): boolean {
    return (districtIds ?? this.forceDistrictIds).every((id) => this.allAges.get(id)?.has(year) === true);
  }

  /** Persons in these districts, all ages; null if any has no estimate. */
  persons(districtIds: readonly number[] | null, year: number): number | null {
    const result = this.denominator(districtIds, year, null);
    return 'persons' in result ? result.persons : null;
  }
}
