/**
 * Profile tables of the Repeats and Survey tabs' analyses: repeat victims
 * by district, the Knox near-repeat table of pairs by distance and days
 * apart, and Respect Survey shares by area. The item keeps the request, so
 * the analysis runs again at export against the data then held, as a view
 * does. With disclosure control the rows come out already protected:
 * people and pair counts 1-4 as "<5", secondary suppression against the
 * totals, and survey shares from too few respondents withheld.
 *
 * The "most repeated victims" list is deliberately not a kind here: it
 * names individual (pseudonymous) victims and never goes into a profile.
 */
import type { Database } from 'sql.js';
import { type NearRepeatRequest, type RepeatGroup, type RepeatsRequest, type RepeatsRow, nearRepeatFromStoreSync, repeatsFromStore } from '../analytics/repeats-store';
import { filtersText, monthSpan, periodText, sourceNote, surveyQuestionTitle } from '../charts/text';
import { CONFIDENTIAL } from '../disclosure/pivot-table';
import { type CellStatus, isSmallCount, suppressTable } from '../disclosure/suppress';
import type { ExportCell } from '../export/pivot-table';
import { formatDecimal, formatFraction } from '../figures';
import type { WorkbenchInfo } from '../info';
import { DIMENSION_LABELS, isDimension } from '../pivot/dimensions';
import { SURVEY_MIN_RESPONDENTS, type SurveyGroup, type SurveyRequest, againstRestNote, againstRestText, isSurveyGroup } from '../survey/analyse';
import { type SurveyQuery, surveyFromStore } from '../survey/store';

export type TableAnalysis =
  | { analysis: 'repeats'; request: RepeatsRequest }
  | { analysis: 'near-repeat'; request: NearRepeatRequest }
  | { analysis: 'survey'; query: SurveyQuery; request: SurveyRequest };

export const TABLE_ANALYSES = ['repeats', 'near-repeat', 'survey'] as const;

export { SURVEY_MIN_RESPONDENTS };

export function isTableAnalysis(value: unknown): value is TableAnalysis {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { analysis?: unknown; request?: unknown; query?: unknown };
  if (typeof v.request !== 'object' || v.request === null) return false;
  if (v.analysis === 'survey') return typeof v.query === 'object' && v.query !== null;
  return v.analysis === 'repeats' || v.analysis === 'near-repeat';
}

/** Analysts' names for the repeat groups (as the Repeats tab says them). */
export const REPEAT_GROUP_LABELS: Readonly<Record<RepeatGroup, string>> = {
  domestic: 'domestic abuse',
  hate: 'hate crime',
  asb: 'anti-social behaviour',
  all: 'all records',
};

const SURVEY_GROUP_LABELS: Readonly<Record<SurveyGroup, string>> = { area: 'Area', age_band: 'Age band', wave: 'Wave' };

export interface AnalysisTable {
  caption: string;
  sourceNote: string;
  columns: string[];
  rows: ExportCell[][];
}

export interface AnalysisTableOptions {
  suppression: boolean;
  threshold: number;
}

/** Sentences joined, each ending with one full stop. */
function sentences(parts: readonly string[]): string {
  return parts
    .filter((p) => p !== '')
    .map((p) => (/[.!?]$/.test(p) ? p : `${p}.`))
    .join(' ');
}

const percent = (v: number | null): ExportCell => (v === null ? null : formatFraction(v));
const points = (v: number | null): ExportCell => (v === null ? null : formatDecimal(v * 100, 1, { sign: true }));

/**
 * Statuses of one column of counts published with its total (the last
 * entry): primary "<5" and the partners hidden so the total cannot give
 * them away (suppress.ts, one column).
 */
function columnStatuses(counts: readonly number[], total: number | null, threshold: number): { cells: CellStatus[]; total: CellStatus } {
  if (total === null) return { cells: counts.map((c) => (isSmallCount(c, threshold) ? 'primary' : 'published')), total: 'published' };
  const result = suppressTable(
    counts.map((c) => [c]),
    { threshold },
  );
  return { cells: result.cells.map((row) => row[0] ?? 'published'), total: result.columnTotals[0] ?? 'published' };
}

function shownCount(value: number, status: CellStatus, threshold: number): ExportCell {
  if (status === 'primary') return `<${threshold}`;
  if (status === 'secondary') return CONFIDENTIAL;
  return value;
}

function seriesLabel(series: Record<string, string>): string {
  return Object.values(series).join(' / ') || 'All';
}

function repeatsTable(db: Database, request: RepeatsRequest, info: WorkbenchInfo | null, options: AnalysisTableOptions): AnalysisTable {
  const by = request.by.filter(isDimension);
  const rows = repeatsFromStore(db, { ...request, by });
  // Split by district, the table ends with the whole area's figures (a victim counted once however many districts).
  const total: RepeatsRow | null = by.length === 0 ? null : (repeatsFromStore(db, { ...request, by: [] })[0] ?? null);
  const all = total === null ? rows : [...rows, total];
  const { threshold } = options;
  // Each count column with its total: victims and repeat victims (people), records and repeat records.
  const countKeys = ['victims', 'repeat_victims', 'records', 'repeat_records'] as const;
  const statuses = Object.fromEntries(
    countKeys.map((key) => {
      const s = options.suppression ? columnStatuses(rows.map((r) => r[key]), total?.[key] ?? null, threshold) : null;
      return [key, all.map((_, i) => (s === null ? 'published' : i < rows.length ? (s.cells[i] ?? 'published') : s.total))];
    }),
  ) as Record<(typeof countKeys)[number], CellStatus[]>;
  const table = all.map((row, i): ExportCell[] => {
    const hidden = (key: (typeof countKeys)[number]): boolean => statuses[key][i] !== 'published';
    const peopleHidden = hidden('victims') || hidden('repeat_victims');
    // A year earlier's rate from a handful of people would give them away too.
    const previousSmall =
      options.suppression && (isSmallCount(row.previous_victims ?? 0, threshold) || isSmallCount(row.previous_repeat_victims ?? 0, threshold));
    return [
      i < rows.length ? seriesLabel(row.series) : 'All',
      shownCount(row.victims, statuses.victims[i] ?? 'published', threshold),
      shownCount(row.repeat_victims, statuses.repeat_victims[i] ?? 'published', threshold),
      peopleHidden ? CONFIDENTIAL : percent(row.repeat_rate),
      previousSmall ? CONFIDENTIAL : percent(row.previous_repeat_rate),
      peopleHidden || previousSmall ? CONFIDENTIAL : points(row.repeat_rate_change),
      shownCount(row.records, statuses.records[i] ?? 'published', threshold),
      shownCount(row.repeat_records, statuses.repeat_records[i] ?? 'published', threshold),
      hidden('repeat_victims') ? CONFIDENTIAL : row.median_days_to_repeat,
    ];
  });
  const first = rows[0];
  const period = first?.period_from && first.period_to ? monthSpan(first.period_from, first.period_to) : periodText(request, info?.dateRange ?? null);
  const previous = first?.previous_from && first.previous_to ? monthSpan(first.previous_from, first.previous_to) : '';
  const windowDays = request.windowDays ?? 365;
  const where = request.filters.map((f) => f.values.join(' or ')).join(', ');
  const filters = filtersText({ filters: request.filters.filter((f) => isDimension(f.dimension)) });
  return {
    caption: `Repeat victims, ${REPEAT_GROUP_LABELS[request.group]}${by.length === 0 ? '' : `, by ${by.map((d) => DIMENSION_LABELS[d].toLowerCase()).join(' and ')}`}, ${[where, period].filter((s) => s !== '').join(', ')}`,
    sourceNote: sentences([
      sourceNote(info, ['district']),
      `Period ${period}${filters === '' ? '' : `; ${filters}`}`,
      `A repeat victim has two or more records within ${windowDays} days of each other; repeat rate is repeat victims over victims`,
      previous === '' ? '' : `Rate a year earlier: the same months, ${previous}; change in percentage points`,
      first?.previous_note ?? '',
      by.length === 0 ? '' : 'All counts each victim once, so it can be less than the sum of the rows',
    ]),
    columns: [by.length === 0 ? 'Area' : by.map((d) => DIMENSION_LABELS[d]).join(' / '), 'Victims', 'Repeat victims', 'Repeat rate', 'Rate a year earlier', 'Change (points)', 'Records', 'Repeat records', 'Median days to repeat'],
    rows: table,
  };
}

function nearRepeatTable(db: Database, request: NearRepeatRequest, info: WorkbenchInfo | null, options: AnalysisTableOptions): AnalysisTable {
  const result = nearRepeatFromStoreSync(db, { ...request, withPoints: false });
  const { threshold } = options;
  // Protected as if the band totals were published: with open-ended bands the pairs add up to n(n-1)/2, known from the events.
  const statuses = options.suppression ? suppressTable(result.observed, { threshold }).cells : null;
  const rows: ExportCell[][] = [];
  result.space_bands.forEach((space, i) => {
    result.time_bands.forEach((time, j) => {
      const observed = result.observed[i]?.[j] ?? 0;
      const status = statuses?.[i]?.[j] ?? 'published';
      const isHidden = status !== 'published';
      const ratio = result.knox_ratio[i]?.[j] ?? null;
      rows.push([
        space,
        time,
        shownCount(observed, status, threshold),
        // Printed as shown ("1,754.5", "2.0"), as the Knox ratio and p-value are.
        formatDecimal(result.expected[i]?.[j] ?? 0, 1),
        isHidden ? CONFIDENTIAL : ratio === null ? null : formatDecimal(ratio, 2),
        isHidden ? CONFIDENTIAL : formatDecimal(result.p_value[i]?.[j] ?? 1, 3),
        isHidden ? CONFIDENTIAL : result.significant[i]?.[j] === true ? 'Yes' : 'No',
      ]);
    });
  });
  const period = periodText(request, info?.dateRange ?? null);
  const where = request.filters.map((f) => f.values.join(' or ')).join(', ');
  const filters = filtersText({ filters: request.filters.filter((f) => isDimension(f.dimension)) });
  return {
    caption: `Near repeats of ${request.crimeType}: pairs by distance and days apart, ${[where, period].filter((s) => s !== '').join(', ')}`,
    sourceNote: sentences([
      sourceNote(info, ['district']),
      `Period ${period}${filters === '' ? '' : `; ${filters}`}`,
      `Knox test on ${result.events.toLocaleString('en-GB')} dated, located records: pairs of records this far apart (metres, ${result.distance}) and this many days apart, against the mean of ${result.permutations} permutations of their dates (seed ${result.seed}); significant at p <= 0.05`,
    ]),
    columns: ['Distance (m)', 'Days apart', 'Pairs', 'Expected pairs', 'Knox ratio', 'p-value', 'Significant'],
    rows,
  };
}

function surveyTable(db: Database, query: SurveyQuery, request: SurveyRequest, info: WorkbenchInfo | null, options: AnalysisTableOptions): AnalysisTable {
  const by = request.by.filter(isSurveyGroup);
  const results = surveyFromStore(db, query, { ...request, by });
  const { threshold } = options;
  let withheld = 0;
  // Grouped first by area or age band: each against the rest (shared/survey/analyse.ts compareWithRest).
  const compared = results.some((r) => r.against_rest !== undefined);
  const rows = results.map((r): ExportCell[] => {
    // Too few respondents: the share is withheld whatever the disclosure setting would allow for the count.
    const isFew = options.suppression && r.respondents < SURVEY_MIN_RESPONDENTS;
    if (isFew) withheld += 1;
    return [
      ...by.map((g) => r.group[g] ?? ''),
      options.suppression && isSmallCount(r.respondents, threshold) ? `<${threshold}` : r.respondents,
      isFew ? CONFIDENTIAL : percent(r.estimate),
      isFew ? CONFIDENTIAL : percent(r.lower),
      isFew ? CONFIDENTIAL : percent(r.upper),
      ...(compared ? [isFew ? CONFIDENTIAL : againstRestText(r.against_rest)] : []),
    ];
  });
  const level = request.level ?? 95;
  const when = query.wave === undefined ? 'all waves' : `${query.wave} survey`;
  const where = (query.areas ?? []).join(' or ');
  return {
    caption: `${surveyQuestionTitle(query.question)}${by.length === 0 ? '' : `, by ${by.map((g) => SURVEY_GROUP_LABELS[g].toLowerCase()).join(' and ')}`}, ${[where, when].filter((s) => s !== '').join(', ')}`,
    sourceNote: sentences([
      sourceNote(info, ['respect']),
      `Respect Survey, ${when}: % answering ${request.positive.map((p) => `"${p}"`).join(' or ')}, weighted; "Don't know" excluded. ${level}% confidence intervals (Wilson, on the effective sample size)`,
      withheld === 0 ? '' : `${withheld === 1 ? 'One share is' : `${withheld} shares are`} withheld ([c]): based on fewer than ${SURVEY_MIN_RESPONDENTS} respondents`,
      compared && by[0] !== undefined ? againstRestNote(by[0], level) : '',
    ]),
    columns: [...by.map((g) => SURVEY_GROUP_LABELS[g]), 'Respondents', 'Share', `Lower ${level}%`, `Upper ${level}%`, ...(compared ? ['Against the rest'] : [])],
    rows,
  };
}

/** The analysis run now and laid out as the profile prints it. */
export function analysisTable(db: Database, analysis: TableAnalysis, info: WorkbenchInfo | null, options: AnalysisTableOptions): AnalysisTable {
  if (analysis.analysis === 'repeats') return repeatsTable(db, analysis.request, info, options);
  if (analysis.analysis === 'near-repeat') return nearRepeatTable(db, analysis.request, info, options);
  return surveyTable(db, analysis.query, analysis.request, info, options);
}
