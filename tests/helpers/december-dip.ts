/**
 * One crime type at about 40 records a month (Poisson noise) from January
 * 2023 whose every December holds only 10: the Christmas dip. Twelve months
 * are too few to test seasonality (two of each calendar month are needed), so
 * the dip can only read as an exception; thirty-six are enough to test.
 */
import { poissonMonthlySeries } from '../../shared/generator';
import { type TrendSeries, trendSeriesCsv } from './trend-series';

export const DIP_TYPE = 'Burglary';
export const DIP_COUNT = 10;

export function decemberDipSeries(months: number): TrendSeries[] {
  const points = poissonMonthlySeries({ seed: 303, base: 40, months, start: '2023-01' });
  return [
    {
      crimeType: DIP_TYPE,
      months: points.map((p) => p.period),
      counts: points.map((p) => (p.period.endsWith('-12') ? DIP_COUNT : p.count)),
    },
  ];
}

export const decemberDipCsv = (months: number): string => trendSeriesCsv(decemberDipSeries(months));
