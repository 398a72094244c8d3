/**
 * Denominators for rates per 1,000 residents: mid-year population by
 * district and year, all ages or by victim age band, persons or one sex. A
 * rate is only given where a population was loaded; nothing is invented (a
 * rate by sex never falls back on persons), and a missing denominator comes
 * back with the reason the pivot shows.
 */
import type { Database, SqlValue } from 'sql.js';
import { FORCE_DISTRICTS, canonicalDistrict } from '../districts';
import { type AgeCover, type AgePiece, agePieces, coverAges, formatAgeRange } from '../population-ages';

/** year -> persons, or why that year's estimate cannot give them. */
type Years = Map<number, number | string>;

export const NO_POPULATION_NOTE = 'No population loaded: rates per 1,000 need population estimates for the districts and years shown.';

/** What a rate's Total across periods (months, quarters, years) means. */
export const PERSON_YEARS_NOTE =
  "Rate totals across periods (Total per year) are per 1,000 residents per year: the records divided by person-years, each period shown counting its year's mid-year population for the months of it the data covers within the dates chosen (a month a twelfth, a quarter a quarter, a whole year in full, a year with 3 months of data a quarter).";


export const UNKNOWN_SEX_NOTE = 'Victims whose sex is not recorded have no population to divide by: the Unknown sex has no rate.';

/** The sexes population rows carry (schema: 1 female, 2 male; null = persons). */
const SEXES = [1, 2] as const;
const SEX_WORDS: Readonly<Record<number, string>> = { 1: 'females', 2: 'males' };

/**
 * Residents, with the year of the estimate each district's figure comes from
 * (the nearest loaded to the year asked for), so a note can say so; or why
 * there is no figure.
 */
export type Denominator = { persons: number; estimateYears?: ReadonlyMap<number, ReadonlySet<number>> } | { reason: string };

/** Why the pieces give no figure for a range, in a note (`whose`: "Mansfield, age band 0-17"); null when they simply leave ages out. */
function coverReason(cover: Exclude<AgeCover, { persons: number }>, whose: string): string | null {
  if ('straddling' in cover) {
    return `No population by age for ${whose}: the population band ${formatAgeRange(cover.straddling)} straddles its edge and cannot be split; load single-year estimates or bands that fit.`;
  }
  if ('overlapping' in cover) {
    const [a, b] = cover.overlapping;
    return `No population for ${whose}: the population bands ${formatAgeRange(a)} and ${formatAgeRange(b)} overlap (the same people in both), so adding them would count some twice; load bands that do not overlap, or single years.`;
  }
  return null;
}

/**
 * All-ages persons per area, year and sex: the source's all-ages row, else
 * its single years and bands where some of them cover every age once (not
 * the population_all_ages view's plain sum, which counts 0-15 and 16-17
 * again beside 0-17, and 18-19 twice from 15-19 and 18-24); else why not.
 */
function allAgesRows(db: Database): { districtId: SqlValue; areaName: SqlValue; year: number; sex: SqlValue; population: number | string | null; isGap?: true }[] {
  const groups = new Map<string, { districtId: SqlValue; areaName: SqlValue; year: number; sex: SqlValue; all: number | null; singles: Map<number, number>; bands: AgePiece[] }>();
  const rows = db.exec('SELECT area_key, district_id, area_name, year, sex, age, min_age, max_age, age_band_id, population FROM population')[0]?.values ?? [];
  for (const [areaKey, districtId, areaName, year, sex, age, min, max, bandId, population] of rows) {
    const key = `${String(areaKey)}|${Number(year)}|${sex === null ? '' : Number(sex)}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { districtId: null, areaName: null, year: Number(year), sex: sex ?? null, all: null, singles: new Map(), bands: [] };
      groups.set(key, group);
    }
    // As the view's MAX(): the largest id and name the area's rows carry.
    if (districtId !== null && (group.districtId === null || Number(districtId) > Number(group.districtId))) group.districtId = districtId ?? null;
    if (areaName !== null && (group.areaName === null || String(areaName) > String(group.areaName))) group.areaName = areaName ?? null;
    const persons = Number(population);
    if (age !== null) group.singles.set(Number(age), persons);
    else if (min !== null) group.bands.push({ min: Number(min), max: max === null ? null : Number(max), persons });
    else if (bandId === null) group.all = Math.max(group.all ?? persons, persons);
  }
  return [...groups.values()].map(({ districtId, areaName, year, sex, all, singles, bands }) => {
    if (all !== null || (singles.size === 0 && bands.length === 0)) return { districtId, areaName, year, sex, population: all };
    const cover = coverAges(agePieces(singles, bands), { min: 0, max: null });
    const whose = `${String(areaName)} (mid-${year}${sex === null ? '' : `, ${SEX_WORDS[Number(sex)] ?? ''}`}), all ages`;
    if ('persons' in cover) return { districtId, areaName, year, sex, population: cover.persons };
    const reason = coverReason(cover, whose);
    if (reason !== null) return { districtId, areaName, year, sex, population: reason };
    return {
      districtId,
      areaName,
      year,
      sex,
      population: `No population for ${whose}: the ages loaded leave some ages out and there is no All ages row, so the total is unknown; load every age or an All ages figure.`,
      isGap: true,
    };
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
    private readonly byBand: Map<string, Years>,
    /** `${district id}|${sex}` -> year -> residents of that sex, all ages; only where the source gave figures by sex. */
    private readonly allAgesBySex: Map<string, Years>,
    /** `${district id}|${band id}|${sex}` -> year -> residents of that sex in the band (or why not). */
    private readonly byBandAndSex: Map<string, Years>,
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
    const allAgesBySex = new Map<string, Years>();
    const byBandAndSex = new Map<string, Years>();
    if (hasTable) {
      const all = new PersonsAccumulator();
      // `${district id}|${year}|${sex or ''}` -> why its ages give no all-ages figure.
      const reasons = new Map<string, { reason: string; isGap: boolean }>();
      for (const { districtId, areaName, year, sex, population, isGap } of allAgesRows(db)) {
        const id = districtOf(districtId, areaName);
        if (id === undefined || population === null) continue;
        if (typeof population === 'string') reasons.set(`${id}|${year}|${sex === null ? '' : Number(sex)}`, { reason: population, isGap: isGap === true });
        else all.add(`${id}|${year}`, sex, population);
      }
      /** `${district id}|${year}` -> persons, into `${district id}${suffix}` -> year -> persons. */
      const putAllAges = (entries: Map<string, number>, target: Map<string, Years>, suffix: string): void => {
        for (const [key, persons] of entries) {
          const [id, year] = key.split('|');
          const years = target.get(`${id}${suffix}`) ?? new Map<number, number | string>();
          years.set(Number(year), persons);
          target.set(`${id}${suffix}`, years);
        }
      };
      const allAgesByKey = new Map<string, Years>();
      putAllAges(all.entries(), allAgesByKey, '');
      for (const sex of SEXES) putAllAges(all.entriesOf(sex), allAgesBySex, `|${sex}`);
      // A year whose ages count someone twice says why, for persons (and for its sex), unless a figure was given; one whose
      // ages leave some out falls back on the nearest year with a figure, as a band with a gap does, and says why only when none has.
      for (const [key, { reason, isGap }] of reasons) {
        const [id = '', year = '', sex = ''] = key.split('|');
        const targets: [Map<string, Years>, string][] = sex === '' ? [[allAgesByKey, id]] : [[allAgesBySex, `${id}|${sex}`], [allAgesByKey, id]];
        for (const [map, at] of targets) {
          if (isGap && map.has(at)) continue;
          const years = map.get(at) ?? new Map<number, number | string>();
          if (!years.has(Number(year))) years.set(Number(year), reason);
          map.set(at, years);
        }
      }
      for (const [id, years] of allAgesByKey) allAges.set(Number(id), years);

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
      const putBands = (singleEntries: Map<string, number>, bandedEntries: Map<string, number>, target: Map<string, Years>, suffix: string, who: string): void => {
        const singles = new Map<string, Map<number, number>>();
        for (const [key, persons] of singleEntries) {
          const [id, year, age] = key.split('|');
          const ages = singles.get(`${id}|${year}`) ?? new Map<number, number>();
          ages.set(Number(age), persons);
          singles.set(`${id}|${year}`, ages);
        }
        const ranges = new Map<string, AgePiece[]>();
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
          const pieces = agePieces(singles.get(districtYear) ?? new Map<number, number>(), ranges.get(districtYear) ?? []);
          for (const [bandId, band] of bands) {
            if (band.minAge === null) continue;
            const cover = coverAges(pieces, { min: band.minAge, max: band.maxAge });
            if ('persons' in cover) {
              put(districtYear, bandId, cover.persons);
              continue;
            }
            const [id] = districtYear.split('|');
            const district = districtNames.get(Number(id)) ?? `district ${id}`;
            const reason = coverReason(cover, `${district}, age band ${band.name}${who}`);
            if (reason !== null) put(districtYear, bandId, reason);
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

  /** The force's districts known to the workbench. */
  forceDistricts(): readonly number[] {
    return this.forceDistrictIds;
  }

  /** Whether any estimate (all ages, by band or by sex, any year) is loaded for the district. */
  hasPopulation(districtId: number): boolean {
    if (this.allAges.has(districtId) || this.allAgesBySex.has(`${districtId}|1`) || this.allAgesBySex.has(`${districtId}|2`)) return true;
    for (const bandId of this.bands.keys()) if (this.byBand.has(`${districtId}|${bandId}`)) return true;
    return false;
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
    // The estimates' own years (the nearest to the year asked for), to name them if they come to 0, and by district.
    const estimateYears = new Set<number>();
    const byDistrict = new Map<number, Set<number>>();
    const used = (id: number, estimateYear: number): void => {
      estimateYears.add(estimateYear);
      const years = byDistrict.get(id) ?? new Set<number>();
      years.add(estimateYear);
      byDistrict.set(id, years);
    };
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
          if (typeof persons === 'string') return { reason: persons };
          if (persons === null) {
            const oneSex = sex === null ? oneSexOnly(district, (s) => this.allAgesBySex.has(`${id}|${s}`)) : null;
            if (oneSex !== null) return oneSex;
            return { reason: `No population${who === '' ? '' : ` of${who}`} loaded for ${district}: its rates are blank.` };
          }
          used(id, PopulationTable.nearestYear(years, year) ?? year);
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
          used(id, PopulationTable.nearestYear(years, year) ?? year);
          total += persons;
        }
      }
    }
    if (total === 0) return { reason: this.zeroPopulationNote(districtIds, bandIds, sexes, [...estimateYears]) };
    return { persons: total, estimateYears: byDistrict };
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

  /** Persons in these districts, all ages; null if any has no estimate. */
  persons(districtIds: readonly number[] | null, year: number): number | null {
    const result = this.denominator(districtIds, year, null);
    return 'persons' in result ? result.persons : null;
  }
}
