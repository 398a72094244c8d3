/**
 * The Flags panel's list: every significant flag across series in one list,
 * worded the way an analyst would write it in a briefing, plus the badges
 * the pivot shows on rows whose series was flagged.
 */
import type { FlagKind, FlagsResult } from '../../../shared/analytics/flags';
import { MIN_MEAN_RECORDS_PER_MONTH, MIN_RECORDED_MONTHS_SHARE, MIN_SEASONALITY_MONTHS } from '../../../shared/analytics/series';
import type { Dimension } from '../../../shared/pivot/dimensions';
import { monthSpan } from '../../../shared/charts/text';
import { formatCount, formatMonthLabel } from '../format';

export interface FlagItem {
  id: string;
  kind: FlagKind;
  /** Index into FlagsResult.series. */
  seriesIndex: number;
  seriesLabel: string;
  text: string;
  /** BH-adjusted p-value; null for exceptions (control-chart signals are not p-values). */
  qValue: number | null;
  /** Exceptions only: the month flagged. */
  month?: string;
  /** Exceptions only: distance beyond the limit, in units of the limit's distance from expected. */
  exceedance?: number;
}

const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const FIXED = [1, 2].map((digits) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

/**
 * A control limit to one decimal place (two when one would round it onto
 * the count): in whole numbers a count of 6 outside an upper limit of 5.84
 * read "6 (limits 0–6)", as if it were inside.
 */
function limitText(limit: number, value: number): string {
  const [one, two] = FIXED;
  if (one === undefined || two === undefined) return String(limit);
  return Math.round(limit * 10) / 10 === value ? two.format(limit) : one.format(limit);
}

/** "Jan"; null when the month is not known (the caller says so in words, never "?"). */
export function monthShort(month: number | null): string | null {
  return month === null ? null : (MONTH_SHORT[month - 1] ?? null);
}

/** "peak Jul (index 1.40)", or "peak month not estimated" when the indices could not be estimated. */
export function peakText(month: number | null, index: number | null): string {
  const name = monthShort(month);
  if (name === null) return 'peak month not estimated';
  return index === null ? `peak ${name}` : `peak ${name} (index ${index.toFixed(2)})`;
}

export function formatQ(q: number | null): string {
  if (q === null) return 'q not available';
  return q < 0.001 ? 'q < 0.001' : `q = ${q.toFixed(3)}`;
}

/** A raw p-value and its BH-adjusted q-value: "p = 0.030, q = 0.198". */
export function formatPQ(p: number | null, q: number | null): string {
  const raw = p === null ? 'p not available' : p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
  return `${raw}, ${formatQ(q)}`;
}

export function seriesLabel(series: Record<string, string>, by: readonly Dimension[]): string {
  return by.map((d) => series[d] ?? '').join(', ') || 'All records';
}

/**
 * Significant seasonality and trend flags strongest first (smallest q-value),
 * then control-chart exceptions, the furthest beyond their limits first.
 */
export function flagItems(result: FlagsResult, by: readonly Dimension[]): FlagItem[] {
  const withQ: FlagItem[] = [];
  result.seasonality.forEach((flag, i) => {
    if (!flag.significant) return;
    const label = seriesLabel(flag.series, by);
    withQ.push({
      id: `seasonality:${i}`,
      kind: 'seasonality',
      seriesIndex: i,
      seriesLabel: label,
      text: `${label}: seasonal, ${peakText(flag.peak_month, flag.peak_index)}, ${formatPQ(flag.p_value, flag.q_value)}`,
      qValue: flag.q_value,
    });
  });
  result.trend.forEach((flag, i) => {
    if (!flag.significant) return;
    const label = seriesLabel(flag.series, by);
    const slope = flag.sen_slope === null ? '' : ` ${ONE_DECIMAL.format(Math.abs(flag.sen_slope))} records a month`;
    withQ.push({
      id: `trend:${i}`,
      kind: 'trend',
      seriesIndex: i,
      seriesLabel: label,
      text: `${label}: ${flag.direction}${slope}, ${formatPQ(flag.p_value, flag.q_value)}`,
      qValue: flag.q_value,
    });
  });
  withQ.sort((a, b) => (a.qValue ?? 1) - (b.qValue ?? 1));

  const exceptions: FlagItem[] = [];
  result.exceptions.forEach((flag, i) => {
    const label = seriesLabel(flag.series, by);
    for (const e of flag.exceptions) {
      const limit = e.flag === 'high' ? e.upper : e.lower;
      const width = Math.abs(limit - e.expected);
      exceptions.push({
        id: `exceptions:${i}:${e.month}`,
        kind: 'exceptions',
        seriesIndex: i,
        seriesLabel: label,
        month: e.month,
        text: `${label}: exception in ${formatMonthLabel(e.month)}: ${formatCount(e.value)} (expected ${FIXED[0]?.format(e.expected) ?? e.expected}, limits ${limitText(e.lower, e.value)}–${limitText(e.upper, e.value)})`,
        qValue: null,
        exceedance: width === 0 ? 0 : Math.abs(e.value - e.expected) / width,
      });
    }
  });
  exceptions.sort((a, b) => (b.exceedance ?? 0) - (a.exceedance ?? 0));
  return [...withQ, ...exceptions];
}

export interface UntestedItem {
  seriesIndex: number;
  seriesLabel: string;
  /** "Wyre: too few records to test (36 records over 24 months)". */
  text: string;
}

/** Series left untested by the volume rule, in the run's order: listed apart, never as flags. */
export function untestedItems(result: FlagsResult, by: readonly Dimension[]): UntestedItem[] {
  return result.volumes.flatMap((volume, i) => {
    if (volume.reason === null) return [];
    const label = seriesLabel(result.series[i]?.series ?? {}, by);
    return [{ seriesIndex: i, seriesLabel: label, text: `${label}: ${volume.reason}` }];
  });
}

/** The volume rule in an analyst's words (shared/analytics/series/sparse.ts gives the reasons). */
export const VOLUME_RULE_TEXT = `A series is tested only with an average of at least ${MIN_MEAN_RECORDS_PER_MONTH} records a month and records in at least ${Math.round(MIN_RECORDED_MONTHS_SHARE * 3)} months of every 3; sparser ones are listed here instead, since their "seasonality", trends and exceptions would be a handful of records.`;

/** Months a series needs: trends and control charts 12, seasonality MIN_SEASONALITY_MONTHS (shared/analytics). */
const MONTHS_FOR_TREND = 12;
const MONTHS_FOR_SEASONALITY = MIN_SEASONALITY_MONTHS;

/**
 * The notice beside a run whose series are too short for the seasonality
 * test (null otherwise): its exceptions were judged against flat limits, so a
 * seasonal month (the Christmas dip) can be listed as an exception.
 */
export function shortSpanText(result: FlagsResult): string | null {
  const short = result.shortSpan;
  if (short === null || short.months < MONTHS_FOR_TREND) return null;
  return `These series cover ${formatCount(short.months)} months. Seasonality needs at least ${short.needs} months (two of each calendar month) to test, so it was not tested, and exceptions are judged against a baseline that cannot allow for the season: a December dip may be seasonal.`;
}

/**
 * What to say when a run lists no flag at all: "no flags" alone reads as
 * "nothing unusual", which it is not when there were no records, or too few
 * months for any test.
 */
export function noFlagsText(result: FlagsResult): string {
  if (result.series.length === 0) return 'No records in the months and filters chosen on the Pivot tab: there is nothing to flag.';
  const months = result.series.reduce<string[]>((longest, s) => (s.months.length > longest.length ? s.months : longest), []);
  const span = months.length === 0 ? '' : ` (${monthSpan(months[0] ?? '', months[months.length - 1] ?? '')})`;
  const cover = `The series cover ${formatCount(months.length)} month${months.length === 1 ? '' : 's'}${span}`;
  if (months.length < MONTHS_FOR_TREND) {
    return `${cover}: trends and exceptions need at least ${MONTHS_FOR_TREND} months, seasonality ${MONTHS_FOR_SEASONALITY}. Import more months, or widen From and To on the Pivot tab.`;
  }
  const untested = result.volumes.filter((v) => !v.testable).length;
  if (untested === result.series.length) {
    return `All ${formatCount(untested)} series have too few records to test (listed below). Widen the filters or the months on the Pivot tab, or split the series less finely.`;
  }
  const series = `${formatCount(result.series.length - untested)} series${untested === 0 ? '' : ` (${formatCount(untested)} more with too few records to test)`}`;
  if (months.length < MONTHS_FOR_SEASONALITY) {
    return `No significant trend and no month outside its control limits across ${series}. ${cover}: seasonality needs at least ${MONTHS_FOR_SEASONALITY}.`;
  }
  return `No significant seasonality or trend, and no month outside its control limits, across ${series}.`;
}

export interface RowBadge {
  symbol: string;
  text: string;
}

/** A series' identity independent of dimension order: `crime_type=Burglary|district=Mansfield`. */
export function seriesKey(values: Readonly<Record<string, string>>): string {
  return Object.keys(values)
    .sort()
    .map((d) => `${d}=${values[d] ?? ''}`)
    .join('|');
}

/** Badges per series key, for the pivot's row headers. */
export function rowBadges(result: FlagsResult): Map<string, RowBadge[]> {
  const badges = new Map<string, RowBadge[]>();
  const add = (series: Record<string, string>, badge: RowBadge): void => {
    const key = seriesKey(series);
    badges.set(key, [...(badges.get(key) ?? []), badge]);
  };
  result.trend.forEach((flag) => {
    if (!flag.significant) return;
    if (flag.direction === 'rising') add(flag.series, { symbol: '▲', text: 'rising trend' });
    if (flag.direction === 'falling') add(flag.series, { symbol: '▼', text: 'falling trend' });
  });
  result.seasonality.forEach((flag) => {
    if (flag.significant) add(flag.series, { symbol: '◆', text: `seasonal, ${peakText(flag.peak_month, null)}` });
  });
  result.exceptions.forEach((flag) => {
    const n = flag.exceptions.length;
    if (n > 0) add(flag.series, { symbol: '!', text: `${n} exception${n === 1 ? '' : 's'}` });
  });
  return badges;
}
