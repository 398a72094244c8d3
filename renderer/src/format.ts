/** Numbers the UK way, as analysts paste them into reports. */
import { monthLabel } from '../../shared/charts/text';
import type { Measure } from '../../shared/pivot/spec';

const COUNT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const ONE_DP = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const PERCENT = ONE_DP;
const CHANGE = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const DIFFERENCE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const VALUE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** How a measure's numbers read. Decided from the measure's name, so measures the engine adds later format sensibly. */
export type MeasureFormat = 'count' | 'rate' | 'percent' | 'change' | 'difference' | 'value';

export function measureFormat(measure: Measure): MeasureFormat {
  const name: string = measure;
  // Rates per 1,000 (ours and iQuanta's, and the MSG average, itself a rate) to one decimal place.
  if (name === 'rate' || name === 'iq_rate' || name === 'iq_msg_average') return 'rate';
  if (name === 'iq_value') return 'count';
  if (name.startsWith('share_')) return 'percent';
  // change_prev, change_year, fytd_change, rolling_12_change: percentage changes.
  if (name.startsWith('change_') || name.endsWith('_change')) return 'change';
  if (name.startsWith('diff_')) return 'difference';
  if (name.startsWith('iq_')) return 'value';
  return 'count';
}

export function isPercentMeasure(measure: Measure): boolean {
  const format = measureFormat(measure);
  return format === 'percent' || format === 'change';
}

/**
 * A cell as shown, the UK way: empty for null (cannot be computed), `1,234`
 * for counts, `12.5%` for shares, `+4.5%` for changes, `+12` for differences,
 * rates to one decimal place.
 */
export function formatMeasure(value: number | null | undefined, measure: Measure): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  switch (measureFormat(measure)) {
    case 'change':
      return `${CHANGE.format(value)}%`;
    case 'percent':
      return `${PERCENT.format(value)}%`;
    case 'rate':
      return ONE_DP.format(value);
    case 'difference':
      return DIFFERENCE.format(value);
    case 'value':
      return VALUE.format(value);
    case 'count':
      return COUNT.format(value);
  }
}

export function formatCount(value: number): string {
  return COUNT.format(value);
}

/** `2023-01` as `Jan 2023`, as the charts and exports write it (the browser's en-GB short month is "Sept"). */
export function formatMonthLabel(month: string): string {
  return monthLabel(month);
}

export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** `2023-06-08` as `8 Jun 2023` and `2023-06` as `Jun 2023`, as UK analysts write dates; anything else unchanged. */
export function formatDay(date: string): string {
  const day = /^(\d{4}-\d{2})-(\d{2})$/.exec(date);
  if (day !== null) return `${Number(day[2])} ${monthLabel(day[1] ?? '')}`;
  return monthLabel(date);
}
