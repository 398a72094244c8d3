/** Numbers the UK way, as analysts paste them into reports. */
import type { Measure } from '../../shared/pivot/spec';

const COUNT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const PERCENT = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const CHANGE = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });

export function isPercentMeasure(measure: Measure): boolean {
  return measure !== 'count' && measure !== 'rate';
}

/** A cell as shown: empty for null (cannot be computed), `12.3%` for shares, `+4.5%` for changes. */
export function formatMeasure(value: number | null | undefined, measure: Measure): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  if (measure === 'change_prev' || measure === 'change_year') return `${CHANGE.format(value)}%`;
  if (isPercentMeasure(measure)) return `${PERCENT.format(value)}%`;
  return COUNT.format(value);
}

export function formatCount(value: number): string {
  return COUNT.format(value);
}

/** `2023-01` as `Jan 2023`. */
export function formatMonthLabel(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return date.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
