/**
 * How a figure reads, in one place for every output: the grid, the CSV and
 * XLSX exports, the Word profile and print page, chart labels. Each measure
 * has one number of decimal places (rates, shares and changes one; counts
 * whole) and one rounding rule, half away from zero (12.25 -> 12.3,
 * -12.25 -> -12.3), taken on the figure to 15 significant digits as Excel
 * does, so a figure a hair under a half through floating-point arithmetic
 * (28.749999999999996 for 23 of 80) rounds as the exact figure does and as
 * Excel shows the XLSX cell. Math.round (half up, so -12.25 -> -12.2) and
 * toFixed (on the binary value, so 28.75 can give 28.7) are not used.
 */
import type { Measure } from './pivot/spec';

/** How a measure's numbers read. Decided from the measure's name, so measures the engine adds later format sensibly. */
export type MeasureFormat = 'count' | 'rate' | 'published_rate' | 'percent' | 'change' | 'difference' | 'value';

export function measureFormat(measure: Measure): MeasureFormat {
  const name: string = measure;
  // Rates per 1,000 to one decimal place.
  if (name === 'rate') return 'rate';
  // iQuanta's rates and MSG averages (itself a rate) as iQuanta publishes them, to two: a month's rate is
  // about 1 per 1,000, and at one place 1.28 against an MSG band of 1.02-1.36 read 1.3 against 1.0-1.4.
  if (name === 'iq_rate' || name === 'iq_msg_average') return 'published_rate';
  if (name === 'iq_value') return 'count';
  if (name.startsWith('share_')) return 'percent';
  // change_prev, change_year, fytd_change, rolling_12_change: percentage changes.
  if (name.startsWith('change_') || name.endsWith('_change')) return 'change';
  if (name.startsWith('diff_')) return 'difference';
  if (name.startsWith('iq_')) return 'value';
  return 'count';
}

/** Changes and differences: figures that fall below nought, read against no change (a colour scale centred on 0). */
export function isSignedMeasure(measure: Measure): boolean {
  const format = measureFormat(measure);
  return format === 'change' || format === 'difference';
}

/** Decimal places shown: at least `min`, at most `max`. */
const DECIMALS: Readonly<Record<MeasureFormat, { min: number; max: number }>> = {
  count: { min: 0, max: 2 },
  rate: { min: 1, max: 1 },
  published_rate: { min: 2, max: 2 },
  percent: { min: 1, max: 1 },
  change: { min: 1, max: 1 },
  difference: { min: 0, max: 1 },
  value: { min: 0, max: 2 },
};

/** The figure to 15 significant digits, as Excel reads a cell before rounding it for show. */
function excelValue(value: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(15));
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(min: number, max: number, options: { sign?: boolean; grouping?: boolean } = {}): Intl.NumberFormat {
  const key = `${min}|${max}|${options.sign === true}|${options.grouping !== false}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    // Intl rounds the decimal figure half away from zero ('halfExpand'), as Excel does.
    format = new Intl.NumberFormat('en-GB', {
      minimumFractionDigits: min,
      maximumFractionDigits: max,
      roundingMode: 'halfExpand',
      useGrouping: options.grouping !== false,
      ...(options.sign === true ? { signDisplay: 'exceptZero' } : {}),
    });
    numberFormats.set(key, format);
  }
  return format;
}

/** A number to `decimals` places, half away from zero (on its 15-significant-digit figure); -0 comes back as 0. */
export function roundHalfAway(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const rounded = Number(numberFormat(0, decimals, { grouping: false }).format(excelValue(value)));
  return rounded === 0 ? 0 : rounded;
}

/** Fixed decimal places, half away from zero, the UK way (`1,234.5`): for figures outside the pivot (slopes, sample sizes). */
export function formatDecimal(value: number, decimals: number, options: { sign?: boolean } = {}): string {
  const rounded = roundHalfAway(value, decimals);
  return numberFormat(decimals, decimals, options).format(rounded);
}

/**
 * GSS's symbol for a figure above nought that rounds to nought at the places
 * shown: a rate of 0.04 per 1,000 (five robberies among a city's 330,000
 * residents in a month) printed as `0.0` reads as none.
 */
export const LOW_FIGURE = '[low]';

/**
 * A rate or share (never below nought) that is above nought but rounds to
 * nought as shown. Changes and differences are not: `0.0%` there says "no
 * change to one decimal place", which is true.
 */
export function isLowFigure(value: number | null | undefined, measure: Measure): boolean {
  if (value === null || value === undefined || !Number.isFinite(value) || value <= 0) return false;
  const format = measureFormat(measure);
  if (format !== 'rate' && format !== 'published_rate' && format !== 'percent') return false;
  return roundHalfAway(value, DECIMALS[format].max) === 0;
}

/**
 * A fraction (0-1) as a percentage to one decimal place: 0.28745 -> `28.7%`,
 * as the survey and repeats figures read; above nought but under 0.05% is
 * `[low]` (LOW_FIGURE) unless signed (a change).
 */
export function formatFraction(value: number | null | undefined, options: { sign?: boolean } = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  if (options.sign !== true && value > 0 && roundHalfAway(value * 100, 1) === 0) return LOW_FIGURE;
  return `${formatDecimal(value * 100, 1, options)}%`;
}

/** A measure's figure rounded as it is shown (rates, shares, changes to one decimal place): what a CSV export writes. */
export function roundFigure(value: number, measure: Measure): number {
  return roundHalfAway(value, DECIMALS[measureFormat(measure)].max);
}

/**
 * A cell as shown, the UK way: empty for null (cannot be computed), `1,234`
 * for counts, `12.5%` for shares, `+4.5%` for changes, `+12` for differences,
 * rates to one decimal place; a rate or share above nought that rounds to
 * nought is `[low]` (isLowFigure).
 */
export function formatFigure(value: number | null | undefined, measure: Measure): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  if (isLowFigure(value, measure)) return LOW_FIGURE;
  const format = measureFormat(measure);
  const { min, max } = DECIMALS[format];
  const rounded = roundHalfAway(value, max);
  const signed = format === 'change' || format === 'difference';
  const text = numberFormat(min, max, { sign: signed }).format(rounded);
  return format === 'percent' || format === 'change' ? `${text}%` : text;
}
