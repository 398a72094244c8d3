/**
 * Monthly series for the seasonality flags: one crime type with a planted
 * summer peak (40% above average in July, as far below in January) and
 * twelve flat ones (Poisson noise about 40 a month), three years from April
 * 2021, as a police.uk street-level file. With these seeds one flat series
 * ("Robbery") has a raw seasonality p below 0.05 by chance (p ≈ 0.035),
 * which the Benjamini-Hochberg adjustment across the 13 series must not flag.
 */
import { poissonMonthlySeries } from '../../shared/generator';
import { FLAT_TYPES, type TrendSeries, trendSeriesCsv } from './trend-series';

export const PLANTED_SUMMER = 'Shoplifting';
/** The flat series that is "seasonal" on its own raw p-value and not after adjustment. */
export const CHANCE_SEASONAL = 'Robbery';

export function seasonalSeries(): TrendSeries[] {
  const planted = poissonMonthlySeries({ seed: 101, base: 40, seasonalAmplitude: 0.4, peakMonth: 7, months: 36, start: '2021-04' });
  // Seeds 200-211 give flat series with p > 0.3; seed 249 a flat one with p ≈ 0.035.
  const flat = FLAT_TYPES.map((crimeType) => poissonMonthlySeries({ seed: crimeType === CHANCE_SEASONAL ? 249 : 200 + FLAT_TYPES.indexOf(crimeType), base: 40, months: 36, start: '2021-04' }));
  return [planted, ...flat].map((points, i) => ({
    crimeType: i === 0 ? PLANTED_SUMMER : (FLAT_TYPES[i - 1] ?? ''),
    months: points.map((p) => p.period),
    counts: points.map((p) => p.count),
  }));
}

export const seasonalSeriesCsv = (): string => trendSeriesCsv(seasonalSeries());

/**
 * The same thirteen series, but the chance-seasonal one also rises 30% a
 * year (seed 473: raw seasonality p ≈ 0.035, q ≈ 0.22 among the 13), so the
 * Flags panel lists it (as a rising trend) and its charts can be opened: on
 * its own raw p it would get the seasonal methods, on the adjusted verdict
 * it gets the plain ones.
 */
export function seasonalSeriesWithChanceRise(): TrendSeries[] {
  const rising = poissonMonthlySeries({ seed: 473, base: 40, trendPerYear: 0.3, months: 36, start: '2021-04' });
  return seasonalSeries().map((s) => (s.crimeType === CHANCE_SEASONAL ? { ...s, counts: rising.map((p) => p.count) } : s));
}

export const seasonalSeriesWithChanceRiseCsv = (): string => trendSeriesCsv(seasonalSeriesWithChanceRise());
