/**
 * Default chart text from what a chart shows: the title names the measure
 * and the breakdown, the subtitle the period and filters, the source note
 * the extracts behind the figures. All three are plain strings the analyst
 * may edit before export.
 */
import { kindLabel } from '../import/types';
import type { WorkbenchInfo } from '../info';
import { parseMonth } from '../periods';
import { DIMENSION_LABELS } from '../pivot/dimensions';
import { MEASURE_LABELS, type PivotSpec } from '../pivot/spec';
import type { ChartText } from './theme';

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** `2024-03` as `Mar 2024`; anything else unchanged. */
export function monthLabel(month: string): string {
  if (parseMonth(month) === null) return month;
  const [year, m] = month.split('-');
  return `${MONTH_NAMES[Number(m) - 1] ?? m} ${year ?? ''}`;
}

/** An import's time (ISO) as its day, the way the note's months are written: `2025-02-03T…` is `3 Feb 2025`. */
export function dayLabel(at: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(at);
  if (match === null) return at;
  const [, year, month, day] = match;
  return `${Number(day)} ${MONTH_NAMES[Number(month) - 1] ?? month} ${year ?? ''}`;
}

/**
 * Months from one to another as a caption says them: "Jan 2023 to Dec 2024",
 * but one month is just "Apr 2014" (never "Apr 2014 to Apr 2014").
 */
export function monthSpan(from: string, to: string): string {
  return from === to ? monthLabel(from) : `${monthLabel(from)} to ${monthLabel(to)}`;
}

/** "Jan 2023 to Dec 2024", from the spec's range, else the data's ("Apr 2014" for one month). */
export function periodText(spec: Pick<PivotSpec, 'from' | 'to'>, dataRange: { from: string; to: string } | null): string {
  const from = spec.from ?? dataRange?.from;
  const to = spec.to ?? dataRange?.to;
  if (from === undefined && to === undefined) return 'all dates';
  if (from !== undefined && to !== undefined) return monthSpan(from, to);
  return `${from === undefined ? 'start of data' : monthLabel(from)} to ${to === undefined ? 'end of data' : monthLabel(to)}`;
}

export function filtersText(spec: Pick<PivotSpec, 'filters'>): string {
  return spec.filters.map((f) => `${DIMENSION_LABELS[f.dimension]}: ${f.values.join(' or ')}`).join('; ');
}

/**
 * "Source: 24 police.uk street-level files (last imported 3 Jan 2025); ..."
 * Up to three files are named; more are summarised per kind with their
 * data range, so the note stays one line. Kinds and days in words: the
 * note is printed under the chart in the analyst's profile.
 */
export function sourceNote(info: WorkbenchInfo | null, kinds?: readonly string[]): string {
  if (info === null) return '';
  const imports = info.imports.filter((i) => kinds === undefined || kinds.includes(i.kind));
  if (imports.length === 0) return '';
  if (imports.length <= 3) {
    return `Source: ${imports.map((i) => `${i.file} (imported ${dayLabel(i.at)})`).join('; ')}`;
  }
  const byKind = new Map<string, typeof imports>();
  for (const i of imports) byKind.set(i.kind, [...(byKind.get(i.kind) ?? []), i]);
  const parts = [...byKind].map(([kind, list]) => {
    const last = list.map((i) => i.at).sort().at(-1) ?? '';
    return list.length === 1 ? `1 ${kindLabel(kind)} (imported ${dayLabel(last)})` : `${list.length} ${kindLabel(kind)}s (last imported ${dayLabel(last)})`;
  });
  const range = info.dateRange ? `; records ${monthSpan(info.dateRange.from, info.dateRange.to)}` : '';
  return `Source: ${parts.join('; ')}${range}`;
}

/**
 * Title, subtitle and source note for a pivot view (a saved view's name is
 * the best title). `notes` are the pivot's (why a rate is blank, what Near
 * repeat counts): they follow the sources, so a chart pasted on its own says them.
 */
export function viewChartText(spec: PivotSpec, info: WorkbenchInfo | null, name?: string, notes: readonly string[] = []): ChartText {
  const rows = spec.rows.map((d) => DIMENSION_LABELS[d]).join(' and ');
  const columns = spec.columns.map((d) => DIMENSION_LABELS[d]).join(' and ');
  const breakdown = [rows, columns].filter((s) => s !== '').join(' by ');
  const title = name ?? `${MEASURE_LABELS[spec.measure]}${breakdown === '' ? '' : ` by ${breakdown}`}`;
  const filters = filtersText(spec);
  const subtitle = [`${MEASURE_LABELS[spec.measure]}, ${periodText(spec, info?.dateRange ?? null)}`, filters].filter((s) => s !== '').join(' · ');
  // A pivot counts records; a rate also divides by population figures.
  const kinds = ['police-uk', 'district', ...(spec.measure === 'rate' ? ['population'] : [])];
  const source = sourceNote(info, kinds);
  return { title, subtitle, sourceNote: [source === '' || /[.!?]$/.test(source) || notes.length === 0 ? source : `${source}.`, ...notes].filter((s) => s !== '').join(' ') };
}

/** Edits win over defaults, field by field. */
export function withText(defaults: ChartText, edits: Partial<ChartText> | undefined): ChartText {
  return { ...defaults, ...Object.fromEntries(Object.entries(edits ?? {}).filter(([, v]) => typeof v === 'string')) };
}

/** Titles for the Respect Survey questions named in FORMATS.md; others are spelt out from the column. */
const SURVEY_QUESTION_TITLES: Readonly<Record<string, string>> = {
  q_drug_dealing_problem: 'People using or dealing drugs as a problem',
  q_asb_problem: 'Anti-social behaviour as a problem',
  q_safe_after_dark: 'Feeling safe outside after dark',
  q_police_council_dealing: 'Agree the police and council are dealing with anti-social behaviour and crime',
};

/** A Respect Survey question in words: `q_drug_dealing_problem` is "People using or dealing drugs as a problem". */
export function surveyQuestionTitle(question: string): string {
  return SURVEY_QUESTION_TITLES[question] ?? question.replace(/^q_/, '').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Chart text for Respect Survey results: the question, the answers counted, the wave and level. */
export function surveyChartText(question: string, positive: readonly string[], options: { wave?: number; level?: number; info?: WorkbenchInfo | null } = {}): ChartText {
  const title = surveyQuestionTitle(question);
  const subtitle = [
    `% answering ${positive.map((p) => `"${p}"`).join(' or ')} (weighted; "Don't know" excluded)`,
    `${options.level ?? 95}% confidence intervals`,
    options.wave === undefined ? '' : `${options.wave} survey`,
  ]
    .filter((s) => s !== '')
    .join(' · ');
  return { title, subtitle, sourceNote: sourceNote(options.info ?? null, ['respect']) };
}
