/**
 * Record-level district profile extract: one row per recorded crime or ASB
 * incident, district by district, month by month, in committed-date order.
 *
 * How volumes are fixed: the expected count of every (district, month,
 * category) cell comes from population × rate × planted seasonality × planted
 * trend, scaled so the expected total is --records. District totals are
 * fixed exactly (largest remainder), cell counts are Poisson draws adjusted to
 * the district total, so the output has exactly --records rows. Planted
 * repeats (domestic abuse, near-repeat burglary) take slots in those cells
 * rather than adding to them, so they do not distort volumes or seasonality.
 *
 * It is a generator so a million records stream through without being held.
 */

import { Calendar, MINUTES_PER_DAY } from './calendar';
import { ASB_CRIME_TYPE, CRIME_TYPES, type CrimeTypeInfo, type ReportingLag, crimeTypeIndex } from './crime-types';
import { DISTRICTS, type DistrictInfo, lsoaCentre } from './geography';
import { PLANTED, asbTrendFactor, seasonalFactor } from './planted';
import { Random, WeightedChoice, cumulativeWeights, deriveSeed } from './prng';

export type YesNo = '' | 'Y' | 'N';

/** One row of the district profile extract, keyed by the canonical column names of FORMATS.md §1. */
export interface DistrictRecord {
  record_ref: string;
  record_type: 'crime' | 'incident';
  committed_date: string;
  reported_date: string;
  offence_code: string;
  crime_type: string;
  district: string;
  ward: string;
  lsoa_code: string;
  easting: number;
  northing: number;
  victim_ref: string;
  victim_age: number | null;
  victim_sex: '' | 'F' | 'M' | 'Unknown';
  domestic: YesNo;
  hate: YesNo;
  alcohol: YesNo;
  asb_category: '' | 'Personal' | 'Nuisance' | 'Environmental';
}

/** A generated row plus what the generator knows without parsing it back (not written to CSV). */
export interface GeneratedDistrictRecord extends DistrictRecord {
  /** Month of the committed date, 0 = April of the first year. */
  readonly monthIndex: number;
  /** Minutes from the window start to the committed date and time. */
  readonly committedMinute: number;
}

/** Canonical header, in the order written. */
export const DISTRICT_COLUMNS = [
  'record_ref',
  'record_type',
  'committed_date',
  'reported_date',
  'offence_code',
  'crime_type',
  'district',
  'ward',
  'lsoa_code',
  'easting',
  'northing',
  'victim_ref',
  'victim_age',
  'victim_sex',
  'domestic',
  'hate',
  'alcohol',
  'asb_category',
] as const satisfies ReadonlyArray<keyof DistrictRecord>;

export interface DistrictRecordOptions {
  seed: number;
  /** Total rows over all eight districts (crimes + ASB incidents). Default: defaultRecordCount(). */
  records?: number;
  /** Generate only these districts (by name); counts are as if all were generated. */
  districts?: readonly string[];
  /** First financial year (default 2019) and number of years (default 5). */
  firstFinancialYear?: number;
  years?: number;
  /**
   * Probability that a burglary dwelling is followed by a near repeat;
   * default PLANTED.nearRepeat.followProbability. 0 switches the planted
   * near-repeat effect off (for false-positive checks of the Knox test).
   */
  nearRepeatProbability?: number;
}

/** Cells per month: every crime type, then ASB last. */
const ASB_INDEX = CRIME_TYPES.length;
const CELL_TYPES = CRIME_TYPES.length + 1;

/** Share of each crime type in a district, normalised (the City has more robbery, theft from the person, drugs...). */
function typeShares(district: DistrictInfo): number[] {
  const raw = CRIME_TYPES.map((t) => t.share * (district.ageProfile === 'city' ? t.cityFactor : 1));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((r) => r / sum);
}

/**
 * Expected counts per (month, cell type) for each district at the base scale
 * (rates as given in DISTRICTS), laid out month * CELL_TYPES + type.
 */
export function expectedCells(calendar: Calendar): Float64Array[] {
  return DISTRICTS.map((district) => {
    const shares = typeShares(district);
    const crimesPerMonth = (district.population * district.crimeRatePer1000) / 1000 / 12;
    const asbPerMonth = (district.population * district.asbRatePer1000) / 1000 / 12;
    const cells = new Float64Array(calendar.months.length * CELL_TYPES);
    for (const slot of calendar.months) {
      CRIME_TYPES.forEach((type, t) => {
        cells[slot.index * CELL_TYPES + t] = crimesPerMonth * (shares[t] ?? 0) * seasonalFactor(type.name, slot.month);
      });
      cells[slot.index * CELL_TYPES + ASB_INDEX] =
        asbPerMonth * seasonalFactor(ASB_CRIME_TYPE, slot.month) * asbTrendFactor(district.name, slot.index);
    }
    return cells;
  });
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i += 1) total += values[i] ?? 0;
  return total;
}

/**
 * The --records default: the expected total at the base rates (about 98,000
 * crimes and 35,000 ASB incidents a year force-wide over five years), rounded
 * to a thousand.
 */
export function defaultRecordCount(firstFinancialYear = 2019, years = 5): number {
  const cells = expectedCells(new Calendar(firstFinancialYear, years));
  return Math.round(cells.reduce((acc, c) => acc + sum(c), 0) / 1000) * 1000;
}

/**
 * Exact rows per district for a total, proportional to the expected volumes
 * (largest remainder, so they add up to the total).
 */
export function districtTargets(records: number, firstFinancialYear = 2019, years = 5): Map<string, number> {
  const cells = expectedCells(new Calendar(firstFinancialYear, years));
  const expected = cells.map((c) => sum(c));
  const total = expected.reduce((a, b) => a + b, 0);
  const exact = expected.map((e) => (records * e) / total);
  const floors = exact.map((x) => Math.floor(x));
  let left = records - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left -= 1;
  }
  return new Map(DISTRICTS.map((d, i) => [d.name, floors[i] ?? 0]));
}

interface Place {
  ward: number;
  lsoa: number;
  easting: number;
  northing: number;
}

interface Victim {
  ref: string;
  age: number;
  sex: 'F' | 'M' | 'Unknown';
}

interface Pending {
  minute: number;
  type: number;
  place: Place;
  victim: Victim | null;
  domestic: boolean;
}

interface DomesticFollowUp {
  minute: number;
  type: number;
  place: Place;
  victim: Victim;
}

/** Victim ages: 18-24 planted at PLANTED.victimAge.victimShare, the rest spread over life. */
const VICTIM_AGE_BANDS = new WeightedChoice<readonly [number, number]>([
  [[0, 9], 0.02],
  [[10, 17], 0.08],
  [[PLANTED.victimAge.minAge, PLANTED.victimAge.maxAge], PLANTED.victimAge.victimShare],
  [[25, 34], 0.22],
  [[35, 44], 0.17],
  [[45, 54], 0.13],
  [[55, 64], 0.09],
  [[65, 74], 0.05],
  [[75, 94], 0.02],
]);

const SEX_GENERAL = new WeightedChoice<Victim['sex']>([['F', 0.47], ['M', 0.5], ['Unknown', 0.03]]);
const SEX_SEXUAL = new WeightedChoice<Victim['sex']>([['F', 0.85], ['M', 0.14], ['Unknown', 0.01]]);
const SEX_DOMESTIC = new WeightedChoice<Victim['sex']>([
  ['F', PLANTED.domesticRepeat.femaleShare],
  ['M', 0.99 - PLANTED.domesticRepeat.femaleShare],
  ['Unknown', 0.01],
]);
const ASB_CATEGORIES = new WeightedChoice<DistrictRecord['asb_category']>([
  ['Personal', 0.22],
  ['Nuisance', 0.68],
  ['Environmental', 0.1],
]);

/** Hour-of-day weights: violence and disorder lean to the evening and night, shoplifting to shop hours. */
const HOURS_GENERAL = [3, 2.5, 2, 1.5, 1, 1, 1.5, 2.5, 3.5, 4, 4.5, 5, 5, 5, 5, 5.5, 6, 6, 6, 6, 5.5, 5, 4.5, 4];
const HOURS_NIGHT = [6, 6, 5, 3, 2, 1, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4, 4.5, 5, 5.5, 6, 6, 6.5, 7, 7.5, 7.5, 7];
const HOURS_SHOP = [0, 0, 0, 0, 0, 0, 0, 0.5, 2, 4, 5, 6, 6, 6, 6, 6, 6, 5.5, 5, 4, 3, 1.5, 0.5, 0];
const HOURS_ASB = [3, 2, 1.5, 1, 0.5, 0.5, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5.5, 6.5, 7, 7.5, 7.5, 7, 6, 5, 4];
const NIGHT_TYPES = new Set(['Violence with injury', 'Violence without injury', 'Public order offences', 'Robbery of personal property']);

const HOUR_TABLES = {
  general: cumulativeWeights(HOURS_GENERAL),
  night: cumulativeWeights(HOURS_NIGHT),
  shop: cumulativeWeights(HOURS_SHOP),
  asb: cumulativeWeights(HOURS_ASB),
};

const BURGLARY_DWELLING = crimeTypeIndex(PLANTED.nearRepeat.crimeType);
const DOMESTIC_REPEAT_TYPES = new WeightedChoice<number>(
  PLANTED.domesticRepeat.repeatCrimeTypes.map(([name, w]) => [crimeTypeIndex(name), w] as const),
);
const DOMESTIC_TYPE_ORDER = PLANTED.domesticRepeat.repeatCrimeTypes.map(([name]) => crimeTypeIndex(name));

/** Share of non-domestic personal victims who are someone already in the district's recent victims. */
const GENERAL_REPEAT_SHARE = 0.05;
const VICTIM_POOL_SIZE = 1000;

function hourTable(type: number): Float64Array {
  if (type === ASB_INDEX) return HOUR_TABLES.asb;
  const name = CRIME_TYPES[type]?.name ?? '';
  if (NIGHT_TYPES.has(name)) return HOUR_TABLES.night;
  if (name === 'Shoplifting') return HOUR_TABLES.shop;
  return HOUR_TABLES.general;
}

function lagMinutes(rng: Random, lag: ReportingLag | 'asb'): number {
  switch (lag) {
    case 'immediate':
      return 5 + rng.exponential(45);
    case 'hours':
      return rng.exponential(180);
    case 'property':
      return rng.chance(0.6) ? rng.exponential(300) : rng.exponential(1.5 * MINUTES_PER_DAY);
    case 'sexual':
      return rng.chance(0.55) ? rng.exponential(MINUTES_PER_DAY) : rng.exponential(90 * MINUTES_PER_DAY);
    case 'proactive':
      return rng.uniform(0, 30);
    case 'slow':
      return rng.exponential(3 * MINUTES_PER_DAY);
    case 'asb':
      return rng.exponential(20);
  }
}

/** Draw the cell counts of one district: Poisson per cell, then nudged so they add up to the target exactly. */
function cellBudgets(rng: Random, expected: Float64Array, target: number): Int32Array {
  const expectedTotal = sum(expected);
  const counts = new Int32Array(expected.length);
  if (target <= 0 || expectedTotal <= 0) return counts;
  const scale = target / expectedTotal;
  let total = 0;
  for (let i = 0; i < expected.length; i += 1) {
    const n = rng.poisson((expected[i] ?? 0) * scale);
    counts[i] = n;
    total += n;
  }
  if (total < target) {
    const cumulative = cumulativeWeights(Array.from(expected));
    for (; total < target; total += 1) {
      const cell = rng.pickCumulative(cumulative);
      counts[cell] = (counts[cell] ?? 0) + 1;
    }
  }
  while (total > target) {
    // Remove one record uniformly among those drawn, so cells shrink in proportion.
    let unit = Math.floor(rng.next() * total);
    for (let i = 0; i < counts.length; i += 1) {
      const c = counts[i] ?? 0;
      if (unit < c) {
        counts[i] = c - 1;
        break;
      }
      unit -= c;
    }
    total -= 1;
  }
  return counts;
}

class DistrictSimulation {
  private readonly rng: Random;
  private readonly wardChoice: Float64Array;
  private readonly lsoaCentres: ReadonlyArray<ReadonlyArray<{ easting: number; northing: number }>>;
  private readonly codeChoices: ReadonlyArray<WeightedChoice<string>>;
  private readonly domesticCarry = new Map<number, DomesticFollowUp[]>();
  private readonly burglaryCarry = new Map<number, Array<{ minute: number; place: Place }>>();
  private readonly victimPool: Victim[] = [];
  private victimPoolNext = 0;
  /** Burglary slots borrowed from later months by followers that found none left (see simulateBurglaryDwelling). */
  private burglaryDebt = 0;
  private victimCounter = 0;
  private readonly crimeSeq = new Map<number, number>();
  private readonly incidentSeq = new Map<number, number>();

  constructor(
    private readonly district: DistrictInfo,
    private readonly calendar: Calendar,
    seed: number,
    private readonly nearRepeatProbability: number = PLANTED.nearRepeat.followProbability,
  ) {
    this.rng = new Random(deriveSeed(seed, 'district', district.name));
    this.wardChoice = cumulativeWeights(district.wards.map((w) => w.weight));
    this.lsoaCentres = district.wards.map((w) => w.lsoaCodes.map((_, i) => lsoaCentre(w, i, district.spreadM)));
    this.codeChoices = CRIME_TYPES.map((t) => new WeightedChoice(t.codes));
  }

  *run(expected: Float64Array, target: number): Generator<GeneratedDistrictRecord> {
    const budgets = cellBudgets(this.rng, expected, target);
    // Burglary slots in the months after each month: what near-repeat followers may borrow against.
    const months = this.calendar.months.length;
    const burglaryLater = new Array<number>(months).fill(0);
    for (let m = months - 2; m >= 0; m -= 1) {
      burglaryLater[m] = (burglaryLater[m + 1] ?? 0) + (budgets[(m + 1) * CELL_TYPES + BURGLARY_DWELLING] ?? 0);
    }
    for (const slot of this.calendar.months) {
      const month = this.simulateMonth(
        slot.index,
        budgets.subarray(slot.index * CELL_TYPES, (slot.index + 1) * CELL_TYPES),
        burglaryLater[slot.index] ?? 0,
      );
      // Stable sort: ties keep creation order, so output is deterministic.
      month.sort((a, b) => a.minute - b.minute);
      for (const pending of month) yield this.toRecord(pending, slot.index);
    }
  }

  private simulateMonth(monthIndex: number, budget: Int32Array, burglarySlotsLater: number): Pending[] {
    const out: Pending[] = [];
    const used = new Int32Array(CELL_TYPES);
    this.placeDomesticFollowUps(monthIndex, budget, used, out);
    this.simulateBurglaryDwelling(monthIndex, budget[BURGLARY_DWELLING] ?? 0, burglarySlotsLater, out);
    used[BURGLARY_DWELLING] = budget[BURGLARY_DWELLING] ?? 0;
    for (let type = 0; type < CELL_TYPES; type += 1) {
      const fresh = (budget[type] ?? 0) - (used[type] ?? 0);
      for (let i = 0; i < fresh; i += 1) out.push(this.freshRecord(type, this.freshMinute(monthIndex, type)));
    }
    return out;
  }

  /** Repeat domestic incidents scheduled by earlier months take their slots first. */
  private placeDomesticFollowUps(monthIndex: number, budget: Int32Array, used: Int32Array, out: Pending[]): void {
    const due = this.domesticCarry.get(monthIndex);
    if (due === undefined) return;
    this.domesticCarry.delete(monthIndex);
    for (const followUp of due) {
      // If the planned category is full this month, record it as another domestic category with room.
      let type = followUp.type;
      if ((used[type] ?? 0) >= (budget[type] ?? 0)) {
        type = DOMESTIC_TYPE_ORDER.find((t) => (used[t] ?? 0) < (budget[t] ?? 0)) ?? -1;
      }
      if (type < 0) continue; // no room at all: the repeat is dropped (only at tiny --records)
      used[type] = (used[type] ?? 0) + 1;
      out.push({ minute: followUp.minute, type, place: followUp.place, victim: followUp.victim, domestic: true });
      if (this.rng.chance(PLANTED.domesticRepeat.furtherRepeatProbability)) {
        this.scheduleDomesticRepeat(followUp.victim, followUp.place, followUp.minute);
      }
    }
  }

  /**
   * The next domestic incident of a repeat victim: always in a later month
   * (so it lands in a month not yet simulated) and within 365 days.
   */
  private scheduleDomesticRepeat(victim: Victim, place: Place, minute: number): void {
    const monthIndex = this.calendar.monthIndexOf(minute);
    if (monthIndex + 1 >= this.calendar.months.length) return;
    const earliest = this.calendar.month(monthIndex + 1).startMinute;
    const latest = Math.min(minute + PLANTED.domesticRepeat.withinDays * MINUTES_PER_DAY, this.calendar.endMinute - 1);
    if (earliest > latest) return;
    const when = this.rng.int(earliest, latest);
    const target = this.calendar.monthIndexOf(when);
    const list = this.domesticCarry.get(target) ?? [];
    list.push({ minute: when, type: DOMESTIC_REPEAT_TYPES.draw(this.rng), place, victim });
    this.domesticCarry.set(target, list);
  }

  /**
   * Burglary dwelling with near repeats: events are processed in time order;
   * each may spawn a follower nearby within 7 days. A follower takes the slot
   * of the month's latest fresh burglary not yet processed; one falling in
   * the next month is carried over and takes a slot there. When no slot is
   * left, the follower borrows one from later months (they start fewer fresh
   * burglaries), as long as later months have slots to lend, so the planted
   * share holds even when a district sees only a few burglaries a month and
   * the total stays exact.
   */
  private simulateBurglaryDwelling(monthIndex: number, budget: number, slotsLater: number, out: Pending[]): void {
    const slot = this.calendar.month(monthIndex);
    const monthEnd = slot.startMinute + slot.days * MINUTES_PER_DAY;
    const repay = Math.min(this.burglaryDebt, budget);
    this.burglaryDebt -= repay;
    let slots = budget - repay;
    const followers = (this.burglaryCarry.get(monthIndex) ?? []).sort((a, b) => a.minute - b.minute);
    this.burglaryCarry.delete(monthIndex);
    const canBorrow = (): boolean => this.burglaryDebt + 1 <= slotsLater;
    const kept: Array<{ minute: number; place: Place }> = [];
    for (const f of followers) {
      if (slots > 0) slots -= 1;
      else if (canBorrow()) this.burglaryDebt += 1;
      else continue;
      kept.push(f);
    }
    const fresh: number[] = [];
    for (let i = 0; i < slots; i += 1) fresh.push(this.freshMinute(monthIndex, BURGLARY_DWELLING));
    fresh.sort((a, b) => a - b);
    let fi = 0;
    let fe = fresh.length;
    let pi = 0;
    const { minOffsetM, maxOffsetM, withinDays } = PLANTED.nearRepeat;
    const followProbability = this.nearRepeatProbability;
    for (;;) {
      const nextFollower = kept[pi];
      const nextFresh = fi < fe ? fresh[fi] : undefined;
      let minute: number;
      let place: Place;
      if (nextFollower !== undefined && (nextFresh === undefined || nextFollower.minute <= nextFresh)) {
        minute = nextFollower.minute;
        place = nextFollower.place;
        pi += 1;
      } else if (nextFresh !== undefined) {
        minute = nextFresh;
        place = this.drawPlace();
        fi += 1;
      } else {
        break;
      }
      out.push({ minute, type: BURGLARY_DWELLING, place, victim: this.generalVictim(BURGLARY_DWELLING), domestic: false });
      if (!this.rng.chance(followProbability)) continue;
      const followMinute = minute + this.rng.int(60, withinDays * MINUTES_PER_DAY - 60);
      const followPlace = this.nearbyPlace(place, minOffsetM, maxOffsetM);
      if (followMinute >= monthEnd) {
        // Next month's budget is checked when that month is simulated.
        if (followMinute < this.calendar.endMinute) {
          const list = this.burglaryCarry.get(monthIndex + 1) ?? [];
          list.push({ minute: followMinute, place: followPlace });
          this.burglaryCarry.set(monthIndex + 1, list);
        }
        continue;
      }
      if (fe > fi) fe -= 1; // the follower takes the slot of the latest fresh burglary still to come
      else if (canBorrow()) this.burglaryDebt += 1;
      else continue;
      let at = kept.length;
      while (at > pi && (kept[at - 1]?.minute ?? 0) > followMinute) at -= 1;
      kept.splice(at, 0, { minute: followMinute, place: followPlace });
    }
  }

  private freshMinute(monthIndex: number, type: number): number {
    const slot = this.calendar.month(monthIndex);
    const day = this.rng.int(0, slot.days - 1);
    const hour = this.rng.pickCumulative(hourTable(type));
    return slot.startMinute + day * MINUTES_PER_DAY + hour * 60 + this.rng.int(0, 59);
  }

  private drawPlace(): Place {
    const ward = this.rng.pickCumulative(this.wardChoice);
    const centres = this.lsoaCentres[ward] ?? [];
    const lsoa = this.rng.int(0, centres.length - 1);
    const centre = centres[lsoa] ?? { easting: 0, northing: 0 };
    const spread = this.district.spreadM;
    return this.clampPlace(ward, lsoa, centre.easting + this.rng.normal() * spread, centre.northing + this.rng.normal() * spread);
  }

  private nearbyPlace(origin: Place, minM: number, maxM: number): Place {
    const r = this.rng.uniform(minM, maxM);
    const angle = this.rng.uniform(0, 2 * Math.PI);
    return this.clampPlace(origin.ward, origin.lsoa, origin.easting + r * Math.cos(angle), origin.northing + r * Math.sin(angle));
  }

  /** Whole metres inside the district box (plain arguments, no spread: this runs for every record). */
  private clampPlace(ward: number, lsoa: number, easting: number, northing: number): Place {
    const box = this.district.box;
    return {
      ward,
      lsoa,
      easting: Math.round(Math.min(box.maxE, Math.max(box.minE, easting))),
      northing: Math.round(Math.min(box.maxN, Math.max(box.minN, northing))),
    };
  }

  private newVictim(sex: Victim['sex']): Victim {
    this.victimCounter += 1;
    const [lo, hi] = VICTIM_AGE_BANDS.draw(this.rng);
    return {
      ref: `NOM-${this.district.refDigit}${String(this.victimCounter).padStart(6, '0')}`,
      age: this.rng.int(lo, hi),
      sex,
    };
  }

  /** A non-domestic victim: usually a new person, sometimes someone victimised before (people do recur). */
  private generalVictim(type: number): Victim {
    if (this.victimPool.length > 0 && this.rng.chance(GENERAL_REPEAT_SHARE)) return this.rng.pick(this.victimPool);
    const sexChoice = CRIME_TYPES[type]?.name === 'Sexual offences' ? SEX_SEXUAL : SEX_GENERAL;
    const victim = this.newVictim(sexChoice.draw(this.rng));
    if (this.victimPool.length < VICTIM_POOL_SIZE) this.victimPool.push(victim);
    else this.victimPool[this.victimPoolNext] = victim;
    this.victimPoolNext = (this.victimPoolNext + 1) % VICTIM_POOL_SIZE;
    return victim;
  }

  private freshRecord(type: number, minute: number): Pending {
    const place = this.drawPlace();
    const info: CrimeTypeInfo | undefined = CRIME_TYPES[type];
    if (info === undefined || !info.personalVictim) return { minute, type, place, victim: null, domestic: false };
    if (info.domesticShare > 0 && this.rng.chance(info.domesticShare)) {
      const victim = this.newVictim(SEX_DOMESTIC.draw(this.rng));
      if (this.rng.chance(PLANTED.domesticRepeat.repeatVictimShare)) this.scheduleDomesticRepeat(victim, place, minute);
      return { minute, type, place, victim, domestic: true };
    }
    return { minute, type, place, victim: this.generalVictim(type), domestic: false };
  }

  private nextRef(kind: 'crime' | 'incident', minute: number): string {
    const year = this.calendar.yearOfDay(Math.floor(minute / MINUTES_PER_DAY));
    const yy = String(year % 100).padStart(2, '0');
    const counters = kind === 'crime' ? this.crimeSeq : this.incidentSeq;
    const seq = (counters.get(year) ?? 0) + 1;
    counters.set(year, seq);
    const digits = `${this.district.refDigit}${String(seq).padStart(6, '0')}`;
    return kind === 'crime' ? `${yy}${digits}/${yy}` : `IN-${yy}${digits}`;
  }

  private toRecord(p: Pending, monthIndex: number): GeneratedDistrictRecord {
    const rng = this.rng;
    const ward = this.district.wards[p.place.ward];
    const latest = this.calendar.endMinute - 1;
    const isAsb = p.type === ASB_INDEX;
    const info = CRIME_TYPES[p.type];
    // Unknown committed times (property found damaged or missing) are written as a date only; never for
    // domestic or burglary dwelling records, whose repeat windows are measured to the minute.
    const dateOnly = !isAsb && !p.domestic && info !== undefined && info.dateOnlyShare > 0 && rng.chance(info.dateOnlyShare);
    const lag = isAsb || info === undefined ? lagMinutes(rng, 'asb') : lagMinutes(rng, info.lag);
    const reported = Math.max(p.minute, Math.min(latest, p.minute + Math.round(lag)));
    // One object literal with every field in a fixed order: V8 keeps a single hidden class for a
    // million rows (building it with object spread was ten times slower).
    return {
      record_ref: this.nextRef(isAsb ? 'incident' : 'crime', p.minute),
      record_type: isAsb ? 'incident' : 'crime',
      committed_date: dateOnly ? this.calendar.date(p.minute) : this.calendar.dateTime(p.minute),
      reported_date: this.calendar.dateTime(reported),
      offence_code: isAsb ? '' : (this.codeChoices[p.type]?.draw(rng) ?? ''),
      crime_type: isAsb ? ASB_CRIME_TYPE : (info?.name ?? ''),
      district: this.district.name,
      ward: ward?.name ?? '',
      lsoa_code: ward?.lsoaCodes[p.place.lsoa] ?? '',
      easting: p.place.easting,
      northing: p.place.northing,
      victim_ref: p.victim?.ref ?? '',
      victim_age: p.victim?.age ?? null,
      victim_sex: p.victim?.sex ?? '',
      domestic: isAsb ? '' : p.domestic ? 'Y' : 'N',
      hate: isAsb ? '' : rng.chance(info?.hateShare ?? 0) ? 'Y' : 'N',
      alcohol: isAsb ? '' : rng.chance(info?.alcoholShare ?? 0) ? 'Y' : 'N',
      asb_category: isAsb ? ASB_CATEGORIES.draw(rng) : '',
      monthIndex,
      committedMinute: p.minute,
    };
  }
}

/**
 * Stream the district profile records: district by district (in DISTRICTS
 * order), each in committed-date order. Each district draws from its own
 * seeded stream, so a district's rows do not depend on which others are
 * generated.
 */
export function* generateDistrictRecords(options: DistrictRecordOptions): Generator<GeneratedDistrictRecord> {
  const firstYear = options.firstFinancialYear ?? PLANTED.window.firstFinancialYear;
  const years = options.years ?? PLANTED.window.years;
  const records = options.records ?? defaultRecordCount(firstYear, years);
  if (!Number.isInteger(records) || records < 0) throw new RangeError(`records must be a whole number ≥ 0, got ${records}`);
  const p = options.nearRepeatProbability;
  if (p !== undefined && !(p >= 0 && p < 1)) throw new RangeError(`nearRepeatProbability must be in [0, 1), got ${p}`);
  const calendar = new Calendar(firstYear, years);
  const cells = expectedCells(calendar);
  const targets = districtTargets(records, firstYear, years);
  const wanted = options.districts;
  if (wanted !== undefined) {
    for (const name of wanted) {
      if (!DISTRICTS.some((d) => d.name === name)) throw new RangeError(`unknown district ${name}`);
    }
  }
  for (const [i, district] of DISTRICTS.entries()) {
    if (wanted !== undefined && !wanted.includes(district.name)) continue;
    const expected = cells[i];
    if (expected === undefined) continue;
    yield* new DistrictSimulation(district, calendar, options.seed, options.nearRepeatProbability).run(expected, targets.get(district.name) ?? 0);
  }
}
