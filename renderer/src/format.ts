/** Numbers the UK way, as analysts paste them into reports. */
import { monthLabel } from '../../shared/charts/text';
import { formatFigure, measureFormat } from '../../shared/figures';
import type { Measure } from '../../shared/pivot/spec';

const COUNT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
/** How a measure's numbers read, and each cell's text: one definition for the grid and every export (shared/figures.ts). */
export { type MeasureFormat, measureFormat } from '../../shared/figures';

export function isPercentMeasure(measure: Measure): boolean {
  const format = measureFormat(measure);
  return format === 'percent' || format === 'change';
}

/**
 * A cell as shown, the UK way: empty for null (cannot be computed), `1,234`
 * for counts, `12.5%` for shares, `+4.5%` for changes, `+12` for differences,
 * rates to one decimal place; rounded half away from zero, as every export.
 */
export function formatMeasure(value: number | null | undefined, measure: Measure): string {
  return formatFigure(value, measure);
}

const TWO_DIGITS = new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 2 });

/** What a "[low]" cell stands for, e.g. "[low]: above nought but below 0.05, so it would show as nought: 0.042 per 1,000". */
export function lowFigureTooltip(value: number, measure: Measure): string {
  const format = measureFormat(measure);
  const half = format === 'published_rate' ? '0.005' : '0.05';
  const unit = format === 'percent' ? '%' : format === 'rate' ? ' per 1,000' : '';
  return `[low]: above nought but below ${half}${format === 'percent' ? '%' : ''}, so it would show as nought: ${TWO_DIGITS.format(value)}${unit}`;
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
