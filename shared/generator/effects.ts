/**
 * Measurements of the planted effects from generated rows: the simple
 * computations an analyst (or a test) would make, kept beside the generator
 * so the tests and the README's claims measure the same thing.
 */

import { Calendar, MINUTES_PER_DAY, parseGeneratedDate } from './calendar';
import type { DistrictRecord } from './district-records';
import { PLANTED } from './planted';
import type { RespectRow } from './respect-survey';

type Row = Pick<DistrictRecord, 'committed_date' | 'crime_type' | 'district' | 'record_type'>;

function calendarMonth(date: string): number {
  return Number(date.slice(3, 5));
}

/** Mean count in June-August over mean count in December-February, for the rows of the given crime types. */
export function summerWinterRatio(rows: Iterable<Row>, crimeTypes: readonly string[]): number {
  let summer = 0;
  let winter = 0;
  for (const r of rows) {
    if (!crimeTypes.includes(r.crime_type)) continue;
    const m = calendarMonth(r.committed_date);
    if (m >= 6 && m <= 8) summer += 1;
    else if (m === 12 || m <= 2) winter += 1;
  }
  return winter > 0 ? summer / winter : Number.NaN;
}

/** Share of distinct victims on domestic rows who have two domestic rows at most `withinDays` apart. */
export function domesticRepeatShare(
  rows: Iterable<Pick<DistrictRecord, 'victim_ref' | 'domestic' | 'committed_date'>>,
  withinDays: number = PLANTED.domesticRepeat.withinDays,
): { victims: number; repeatVictims: number; share: number } {
  const calendar = new Calendar();
  const byVictim = new Map<string, number[]>();
  for (const r of rows) {
    if (r.domestic !== 'Y' || r.victim_ref === '') continue;
    const list = byVictim.get(r.victim_ref) ?? [];
    list.push(parseGeneratedDate(r.committed_date, calendar));
    byVictim.set(r.victim_ref, list);
  }
  let repeatVictims = 0;
  for (const times of byVictim.values()) {
    times.sort((a, b) => a - b);
    for (let i = 1; i < times.length; i += 1) {
      if ((times[i] ?? 0) - (times[i - 1] ?? 0) <= withinDays * MINUTES_PER_DAY) {
        repeatVictims += 1;
        break;
      }
    }
  }
  return { victims: byVictim.size, repeatVictims, share: byVictim.size > 0 ? repeatVictims / byVictim.size : Number.NaN };
}

/**
 * Share of burglaries (of the planted type) followed by another within
 * `distanceM` metres in the window (startDays, startDays + days] after it,
 * same district. With startDays = 0 this is the near-repeat share; with a
 * window weeks later it estimates chance coincidence.
 */
export function nearRepeatShare(
  rows: Iterable<Pick<DistrictRecord, 'crime_type' | 'district' | 'easting' | 'northing' | 'committed_date'>>,
  options: { distanceM?: number; days?: number; startDays?: number } = {},
): { burglaries: number; followed: number; share: number } {
  const distance = options.distanceM ?? PLANTED.nearRepeat.distanceM;
  const from = (options.startDays ?? 0) * MINUTES_PER_DAY;
  const to = from + (options.days ?? PLANTED.nearRepeat.withinDays) * MINUTES_PER_DAY;
  const calendar = new Calendar();
  const byDistrict = new Map<string, Array<{ t: number; e: number; n: number }>>();
  for (const r of rows) {
    if (r.crime_type !== PLANTED.nearRepeat.crimeType) continue;
    const list = byDistrict.get(r.district) ?? [];
    list.push({ t: parseGeneratedDate(r.committed_date, calendar), e: r.easting, n: r.northing });
    byDistrict.set(r.district, list);
  }
  let burglaries = 0;
  let followed = 0;
  const d2 = distance * distance;
  for (const list of byDistrict.values()) {
    list.sort((a, b) => a.t - b.t);
    for (let i = 0; i < list.length; i += 1) {
      const a = list[i];
      if (a === undefined) continue;
      burglaries += 1;
      for (let j = i + 1; j < list.length; j += 1) {
        const b = list[j];
        if (b === undefined) break;
        const dt = b.t - a.t;
        if (dt > to) break;
        if (dt <= from) continue;
        if ((b.e - a.e) ** 2 + (b.n - a.n) ** 2 <= d2) {
          followed += 1;
          break;
        }
      }
    }
  }
  return { burglaries, followed, share: burglaries > 0 ? followed / burglaries : Number.NaN };
}

/** Share of rows with a victim age whose victim is aged minAge..maxAge. */
export function victimAgeShare(
  rows: Iterable<Pick<DistrictRecord, 'victim_age'>>,
  minAge: number = PLANTED.victimAge.minAge,
  maxAge: number = PLANTED.victimAge.maxAge,
): number {
  let all = 0;
  let inBand = 0;
  for (const r of rows) {
    if (r.victim_age === null) continue;
    all += 1;
    if (r.victim_age >= minAge && r.victim_age <= maxAge) inBand += 1;
  }
  return all > 0 ? inBand / all : Number.NaN;
}

/**
 * ASB incidents per financial year for one district (or all the others when
 * `others` is set), and the yearly growth from a least-squares line through
 * the logs of the yearly counts (e^slope − 1).
 */
export function asbYearlyGrowth(
  rows: Iterable<Row>,
  district: string,
  options: { others?: boolean } = {},
): { counts: number[]; growth: number } {
  const counts = new Array<number>(PLANTED.window.years).fill(0);
  for (const r of rows) {
    if (r.record_type !== 'incident') continue;
    if (options.others === true ? r.district === district : r.district !== district) continue;
    const year = Number(r.committed_date.slice(6, 10));
    const month = calendarMonth(r.committed_date);
    const fy = (month >= 4 ? year : year - 1) - PLANTED.window.firstFinancialYear;
    if (fy >= 0 && fy < counts.length) counts[fy] = (counts[fy] ?? 0) + 1;
  }
  if (counts.some((c) => c <= 0)) return { counts, growth: Number.NaN };
  const n = counts.length;
  const meanX = (n - 1) / 2;
  const logs = counts.map((c) => Math.log(c));
  const meanY = logs.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  logs.forEach((y, x) => {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  });
  return { counts, growth: Math.exp(sxy / sxx) - 1 };
}

/** Weighted share answering one of `answers` to a question, for one area or all other areas. */
export function surveyShare(
  rows: Iterable<RespectRow>,
  question: keyof RespectRow,
  answers: readonly string[],
  area: string,
  options: { others?: boolean } = {},
): number {
  let base = 0;
  let hits = 0;
  for (const r of rows) {
    if (options.others === true ? r.area === area : r.area !== area) continue;
    base += r.weight;
    if (answers.includes(String(r[question]))) hits += r.weight;
  }
  return base > 0 ? hits / base : Number.NaN;
}
