/**
 * Monthly series for the trend flags: one crime type with a planted rise
 * (35% a year) and twelve flat ones (Poisson noise about 40 a month), three
 * years from April 2021, as a police.uk street-level file. With these seeds
 * one flat series ("Other theft") has a raw Mann-Kendall p below 0.05 by chance,
 * which the Benjamini-Hochberg adjustment across the 13 series must not flag.
 */
import { poissonMonthlySeries } from '../../shared/generator';

export const PLANTED_RISE = 'Shoplifting';
export const FLAT_TYPES = [
  'Anti-social behaviour',
  'Bicycle theft',
  'Burglary',
  'Criminal damage and arson',
  'Other crime',
  'Other theft',
  'Drugs',
  'Possession of weapons',
  'Public order',
  'Robbery',
  'Theft from the person',
  'Vehicle crime',
] as const;
/** The flat series that is "rising" on its own raw p-value (p ≈ 0.03) and not after adjustment. */
export const CHANCE_RISE = 'Other theft';

export interface TrendSeries {
  crimeType: string;
  months: string[];
  counts: number[];
}

export function trendSeries(): TrendSeries[] {
  const planted = poissonMonthlySeries({ seed: 101, base: 40, trendPerYear: 0.35, months: 36, start: '2021-04' });
  const flat = FLAT_TYPES.map((_, k) => poissonMonthlySeries({ seed: 200 + k, base: 40, months: 36, start: '2021-04' }));
  return [planted, ...flat].map((points, i) => ({
    crimeType: i === 0 ? PLANTED_RISE : (FLAT_TYPES[i - 1] ?? ''),
    months: points.map((p) => p.period),
    counts: points.map((p) => p.count),
  }));
}

/** The series as one police.uk street-level CSV, one row per record. */
export function trendSeriesCsv(series: readonly TrendSeries[] = trendSeries()): string {
  const lines = ['Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'];
  series.forEach((s, n) => {
    s.months.forEach((month, i) => {
      for (let k = 0; k < (s.counts[i] ?? 0); k++) lines.push(`t${n}-${i}-${k},${month},N,N,-1.19,53.14,X,E01028000,Mansfield 001A,${s.crimeType},,`);
    });
  });
  return `${lines.join('\n')}\n`;
}

/** Benjamini-Hochberg q-values by brute force: q_i = min over p_j >= p_i of m p_j / rank_j (capped at 1). */
export function bruteForceBh(pValues: readonly number[]): number[] {
  const m = pValues.length;
  return pValues.map((p) => {
    let q = 1;
    for (const other of pValues) {
      if (other < p) continue;
      const rank = pValues.filter((x) => x <= other).length;
      q = Math.min(q, (m * other) / rank);
    }
    return q;
  });
}
