/**
 * Victims by age band against the population's age profile, for the
 * filters, period and districts chosen (the needs assessment's "18-24 are
 * 22% of victims against 19% of the population").
 *
 * Victims: distinct victim pseudonyms per band (a person victimised ten
 * times counts once; a person whose band changed in the period counts in
 * each band), or records, as the analyst chooses. Only records with a
 * victim (a pseudonym or an age band) count, so police.uk rows, which carry
 * no victim, are left out rather than swelling "Unknown".
 *
 * Population: the mid-year estimates of the same districts (the districts
 * of the records counted) for the year the period ends in (or the nearest
 * year loaded), banded into the victim bands by age_band's min and max ages:
 * single years of age and bands (ranges on the population rows) that lie
 * inside a victim band and cover it once (0-9 and 10-17 make 0-17; a file's
 * own 0-17 beside them is not added again; singles 0-84 and 85+ make 65+).
 * A population band that straddles two victim bands cannot be split
 * honestly, nor can bands that share ages (15-19 and 18-24) be added: they
 * are reported, and the victim bands concerned are left out of the comparison.
 */
import type { Database, SqlValue } from 'sql.js';
import { type StoredAgeBand, listAgeBands, parseAgeBand } from '../age-bands';
import { WorkbenchError } from '../errors';
import { formatMonth, parseMonth } from '../periods';
import { type AgePiece, agePieces, coverAges, formatAgeRange } from '../population-ages';
import { loadLookups } from '../pivot/dimensions';
import { compileWhere } from '../pivot/run-pivot';
import type { PivotFilter } from '../pivot/spec';
import { type AgeProfileRow, ageDisproportion } from './builders';

export const AGE_PROFILE_COUNTS = ['victims', 'records'] as const;
export type AgeProfileCount = (typeof AGE_PROFILE_COUNTS)[number];

export interface AgeProfileRequest {
  filters: PivotFilter[];
  from?: string;
  to?: string;
  /** Default 'victims' (distinct pseudonyms). */
  count?: AgeProfileCount;
  /** Mid-year of the population estimates; default the calendar year the period ends in. */
  year?: number;
}

export interface AgeProfileResult {
  request: AgeProfileRequest;
  count: AgeProfileCount;
  /** Bands compared, in band order, with victims, population, shares and ratio. */
  rows: AgeProfileRow[];
  /** Victims (or records) with no known band, left out of the shares. */
  unknownAge: number;
  /** Victims in bands with no population figure (left out of the shares). */
  withoutPopulation: number;
  /** Districts whose residents are compared, with the mid-year used for each. */
  districts: { name: string; year: number | null }[];
  /** The year asked for (or derived from the period). */
  year: number | null;
  /** Population bands that straddle victim bands and were left out. */
  unmatchedPopulationBands: string[];
  /** Pairs of population bands that share ages ("15-19 and 18-24"), leaving the victim bands they fall in uncounted. */
  overlappingPopulationBands?: string[];
  /** Victim bands those straddle or overlap in, left out of the comparison (their residents cannot be counted). */
  uncountedBands?: string[];
}

interface BandRange {
  id: number;
  name: string;
  min: number;
  /** Inclusive; Infinity when open-ended. */
  max: number;
}

function rangeOf(band: StoredAgeBand): { min: number; max: number } | null {
  if (band.minAge !== null) return { min: band.minAge, max: band.maxAge ?? Number.POSITIVE_INFINITY };
  const parsed = parseAgeBand(band.name);
  return parsed === null ? null : { min: parsed.minAge, max: parsed.maxAge ?? Number.POSITIVE_INFINITY };
}

const one = (db: Database, sql: string, params: SqlValue[] = []): SqlValue[][] => db.exec(sql, params)[0]?.values ?? [];

/** Calendar year of the period's last month: the request's `to`, else the data's last month. */
function periodYear(db: Database, request: AgeProfileRequest): number | null {
  const to = request.to === undefined ? null : parseMonth(request.to);
  const last = to ?? (one(db, 'SELECT MAX(month) FROM record')[0]?.[0] as number | null | undefined) ?? null;
  return last === null ? null : Number(formatMonth(last).slice(0, 4));
}

export function ageProfileFromStore(db: Database, request: AgeProfileRequest): AgeProfileResult {
  const count = request.count ?? 'victims';
  const bands = listAgeBands(db);
  const lookups = loadLookups(db, request.filters.map((f) => f.dimension));
  const from = request.from === undefined ? null : parseMonth(request.from);
  const to = request.to === undefined ? null : parseMonth(request.to);
  const where = compileWhere({ rows: [], columns: [], measure: 'count', filters: request.filters }, lookups, { from, to });
  const hasVictim = '(r.victim_pseudonym IS NOT NULL OR r.age_band_id IS NOT NULL)';
  const whereSql = where.sql === '' ? `WHERE ${hasVictim}` : `${where.sql} AND ${hasVictim}`;
  const join = 'record r JOIN crime_type ct ON ct.id = r.crime_type_id';
  const measure = count === 'victims' ? 'COUNT(DISTINCT r.victim_pseudonym)' : 'COUNT(*)';
  const byBand = new Map<number | null, number>();
  for (const [bandId, n] of one(db, `SELECT r.age_band_id, ${measure} FROM ${join} ${whereSql} GROUP BY r.age_band_id`, where.params)) {
    byBand.set(bandId === null ? null : Number(bandId), Number(n));
  }
  const districtIds = one(db, `SELECT DISTINCT r.district_id FROM ${join} ${whereSql}`, where.params).map(([id]) => Number(id));

  // Victim bands: those with an age range (stored, or read from the name when victims carry it).
  const victimBands: BandRange[] = bands.flatMap((band) => {
    const range = band.minAge !== null || (byBand.get(band.id) ?? 0) > 0 ? rangeOf(band) : null;
    return range === null ? [] : [{ id: band.id, name: band.name, ...range }];
  });
  const rangedIds = new Set(victimBands.map((b) => b.id));
  let unknownAge = 0;
  for (const [bandId, n] of byBand) if (bandId === null || !rangedIds.has(bandId)) unknownAge += n;

  const year = request.year ?? periodYear(db, request);
  const population = new Map<number, number>(victimBands.map((b) => [b.id, 0]));
  const unmatched = new Set<string>();
  // Victim bands a straddling population band overlaps: part of that band's residents are theirs, but how many is
  // unknown, so they cannot be counted (dropping the band would undercount them and every share).
  const uncounted = new Set<number>();
  // Pairs of population bands sharing ages ("15-19 and 18-24"), where no other bands cover a victim band.
  const overlapping = new Set<string>();
  const districts: { name: string; year: number | null }[] = [];
  for (const districtId of districtIds) {
    const name = String(one(db, 'SELECT name FROM district WHERE id = ?', [districtId])[0]?.[0] ?? '');
    // Areas imported before any record of their district have no district_id yet: match those on name.
    const area = '(district_id = ? OR (district_id IS NULL AND area_name = ?))';
    const years = one(db, `SELECT DISTINCT year FROM population WHERE ${area} ORDER BY year`, [districtId, name]).map(([y]) => Number(y));
    // The year asked for, else the latest before it, else the earliest after.
    const chosen = year === null ? (years.at(-1) ?? null) : years.includes(year) ? year : (years.filter((y) => y < year).at(-1) ?? years.find((y) => y > year) ?? null);
    districts.push({ name, year: chosen });
    if (chosen === null) continue;
    const rows = one(db, `SELECT age, min_age, max_age, sex, population FROM population WHERE ${area} AND year = ? AND (age IS NOT NULL OR min_age IS NOT NULL)`, [districtId, name, chosen]);
    // Single years and bands together (the pieces below use each age once); persons where given, else the sexes summed (never both).
    const chosenRows = rows;
    const persons = chosenRows.filter((r) => r[3] === null);
    const sexes = new Set(chosenRows.map((r) => r[3]));
    if (persons.length === 0 && sexes.size === 1) {
      // One sex's age profile is not all residents': say so rather than compare all victims with it.
      throw new WorkbenchError({
        code: 'bad-input',
        message: `The population loaded for ${name} (mid-${chosen}) is of ${Number([...sexes][0]) === 1 ? 'females' : 'males'} only: the age profile compares victims with all residents; import the estimates for both sexes, or persons.`,
      });
    }
    // Each victim band from the pieces that cover it once (0-17 from 0-15 and 16-17, or the file's own 0-17, never
    // both; 65+ from 65 to 84 and 85+), so a file with nested or open-ended bands counts everyone once.
    const singles = new Map<number, number>();
    const ranges = new Map<string, AgePiece>();
    for (const [age, min, max, , value] of persons.length > 0 ? persons : chosenRows) {
      if (age !== null) singles.set(Number(age), (singles.get(Number(age)) ?? 0) + Number(value));
      else {
        const key = `${String(min)}|${String(max)}`;
        const piece = ranges.get(key) ?? { min: Number(min), max: max === null ? null : Number(max), persons: 0 };
        piece.persons += Number(value);
        ranges.set(key, piece);
      }
    }
    const pieces = agePieces(singles, [...ranges.values()]);
    for (const band of victimBands) {
      const cover = coverAges(pieces, { min: band.min, max: Number.isFinite(band.max) ? band.max : null });
      if ('persons' in cover) population.set(band.id, (population.get(band.id) ?? 0) + cover.persons);
      else if ('straddling' in cover) {
        uncounted.add(band.id);
        unmatched.add(formatAgeRange(cover.straddling));
      } else if ('overlapping' in cover) {
        uncounted.add(band.id);
        overlapping.add(cover.overlapping.map(formatAgeRange).join(' and '));
      }
    }
  }
  if (districtIds.length === 0) {
    throw new WorkbenchError({
      code: 'bad-input',
      message: 'No victims in the records chosen: the age profile needs district extracts with victim details (police.uk records carry none).',
    });
  }
  if (districts.every((d) => d.year === null)) {
    throw new WorkbenchError({
      code: 'bad-input',
      message: `No population loaded for ${districts.map((d) => d.name).join(', ')}: the age profile compares victims with population estimates by age.`,
    });
  }
  for (const id of uncounted) population.set(id, 0);
  if (overlapping.size > 0 && unmatched.size === 0 && [...population.values()].every((v) => v === 0)) {
    throw new WorkbenchError({
      code: 'bad-input',
      message: `The population estimates' bands ${[...overlapping].sort().join('; ')} overlap (the same people in both): residents cannot be counted by victim band without counting some twice. Import estimates whose bands do not overlap, or by single year of age.`,
    });
  }
  if (uncounted.size > 0 && [...population.values()].every((v) => v === 0)) {
    const named = victimBands.map((b) => b.name).join(', ');
    throw new WorkbenchError({
      code: 'bad-input',
      message: `The population estimates' bands ${[...unmatched].sort().join(', ')} do not fit the victim age bands (${named}): each crosses a band's edge, so residents cannot be counted by victim band. Choose victim age bands the estimates' bands fit (Reference data), or import estimates by single year of age.`,
    });
  }
  if ([...population.values()].every((v) => v === 0)) {
    throw new WorkbenchError({
      code: 'bad-input',
      message: `No population by age loaded for ${districts.map((d) => d.name).join(', ')}${unmatched.size > 0 ? ` (bands ${[...unmatched].sort().join(', ')} do not fit the victim age bands)` : ''}: the age profile compares victims with mid-year estimates by single year of age or by band.`,
    });
  }
  const rows = ageDisproportion(
    victimBands.map((b) => b.name),
    victimBands.map((b) => byBand.get(b.id) ?? 0),
    victimBands.map((b) => population.get(b.id) ?? 0),
  );
  const compared = new Set(rows.map((r) => r.band));
  const withoutPopulation = victimBands.filter((b) => !compared.has(b.name)).reduce((s, b) => s + (byBand.get(b.id) ?? 0), 0);
  const uncountedBands = victimBands.filter((b) => uncounted.has(b.id)).map((b) => b.name);
  return {
    request,
    count,
    rows,
    unknownAge,
    withoutPopulation,
    districts,
    year,
    unmatchedPopulationBands: [...unmatched].sort(),
    ...(overlapping.size === 0 ? {} : { overlappingPopulationBands: [...overlapping].sort() }),
    ...(uncountedBands.length === 0 ? {} : { uncountedBands }),
  };
}
