/**
 * Charts that are not a pivot: the victims' age profile against the
 * population and the iQuanta comparison. An analysis is plain JSON (kept in
 * a profile item), so the app, the profile export and the command line
 * rebuild the same chart from it. With disclosure control the figures built
 * on counts below the threshold are gaps in the chart, and the source note
 * says so.
 */
import type { Database } from 'sql.js';
import { roundHalfAway } from '../figures';
import { CONFIDENTIAL } from '../disclosure/pivot-table';
import { DEFAULT_THRESHOLD, isHidden, isSmallCount, suppressTable } from '../disclosure/suppress';
import type { ExportCell } from '../export/pivot-table';
import { type WorkbenchInfo, workbenchInfo } from '../info';
import { type AgeProfileRequest, type AgeProfileResult, ageProfileFromStore } from './age-profile-store';
import { type AgeProfileRow, ageProfileChart, describeAgeRow, iquantaComparisonChart, latestRankText } from './builders';
import { type IquantaComparison, type IquantaRequest, iquantaFromStore } from './iquanta-store';
import { filtersText, periodText, sourceNote, withText } from './text';
import type { ChartOption, ChartText } from './theme';

export type ChartAnalysis = { analysis: 'age-profile'; request: AgeProfileRequest } | { analysis: 'iquanta'; request: IquantaRequest };

export const CHART_ANALYSES = ['age-profile', 'iquanta'] as const;

export function isChartAnalysis(value: unknown): value is ChartAnalysis {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { analysis?: unknown; request?: unknown };
  return (v.analysis === 'age-profile' || v.analysis === 'iquanta') && typeof v.request === 'object' && v.request !== null;
}

export interface Disclosure {
  /** Suppress figures built on counts from 1 to threshold - 1. */
  suppression: boolean;
  threshold?: number;
}

export interface AnalysisChart {
  option: ChartOption;
  text: ChartText;
  /** A caption for a profile, e.g. "Victims by age band against the population". */
  caption: string;
  /** Figures left out of the chart by disclosure control. */
  suppressed: number;
  /** The figures as a table (the same suppression applied), for print and for screen readers. */
  columns: string[];
  rows: ExportCell[][];
}

// A share to one decimal place, half away from zero, as the pivot's shares (Math.round(287.49999999999997) gave 28.7 for 28.75%).
const pct = (v: number | null): ExportCell => (v === null ? CONFIDENTIAL : roundHalfAway(v * 100, 1));

export const suppressionNote = (threshold: number): string => `Figures from counts below ${threshold} are suppressed (shown as gaps).`;

function withNote(text: ChartText, suppressed: number, threshold: number): ChartText {
  if (suppressed === 0) return text;
  const note = suppressionNote(threshold);
  // First, so that a long source note truncated to the chart's width never cuts off the warning.
  return { ...text, sourceNote: text.sourceNote === '' ? note : `${note} ${text.sourceNote}` };
}

export function ageProfileText(result: AgeProfileResult, info: WorkbenchInfo | null): ChartText {
  const who = result.count === 'victims' ? 'Victims (distinct people)' : 'Records with a victim';
  const filters = filtersText({ filters: result.request.filters });
  const years = [...new Set(result.districts.map((d) => d.year).filter((y) => y !== null))].sort();
  const peak = [...result.rows].filter((r) => r.ratio !== null).sort((a, b) => (b.ratio ?? 0) - (a.ratio ?? 0))[0];
  const subtitle = [
    `${who} by age band, ${periodText(result.request, info?.dateRange ?? null)}`,
    filters,
    years.length === 0 ? '' : `residents: mid-${years.join(', ')} estimates`,
  ]
    .filter((s) => s !== '')
    .join(' · ');
  // Bands left out because an estimates' band crosses their edges: said first, so the note cannot hide it.
  const uncounted = result.uncountedBands ?? [];
  const straddling = result.unmatchedPopulationBands;
  const overlapping = result.overlappingPopulationBands ?? [];
  const why = [
    ...(straddling.length === 0 ? [] : [`the population estimates' band${straddling.length === 1 ? '' : 's'} ${straddling.join(', ')} cross${straddling.length === 1 ? 'es' : ''} their edges`]),
    ...(overlapping.length === 0 ? [] : [`the population estimates' bands ${overlapping.join('; ')} overlap, so adding them would count some residents twice`]),
  ].join('; ');
  const leftOut = uncounted.length === 0 ? '' : `Not compared: ${uncounted.join(', ')} (${why}).`;
  const source = sourceNote(info, ['district', 'population']);
  return {
    title: peak === undefined ? 'Victims by age band against the population' : describeAgeRow(peak),
    subtitle,
    sourceNote: [leftOut, source].filter((t) => t !== '').join(' '),
  };
}

export function iquantaText(result: IquantaComparison, info: WorkbenchInfo | null): ChartText {
  const first = result.points[0]?.month;
  const last = result.points.at(-1)?.month;
  const unit = result.unit === 'rate' ? 'Rate per 1,000 residents' : 'Count';
  const window = result.windowMonths === 1 ? 'monthly' : `rolling ${result.windowMonths} months`;
  const rank = latestRankText(result.points);
  return {
    title: `${result.measure}: ${result.area} against its most similar group`,
    subtitle: [`${unit}, ${window}, ${periodText({ from: first, to: last }, null)}`, rank].filter((s) => s !== '').join(' · '),
    sourceNote: sourceNote(info, ['iquanta']),
  };
}

/** Age profile rows with shares and ratios hidden where the band's count is small (and one more, since shares add to 100%). */
export function disclosedAgeRows(rows: readonly AgeProfileRow[], threshold: number): { rows: (AgeProfileRow & { hidden: boolean })[]; suppressed: number } {
  // One row of counts whose total is implied (shares add up to 100%): secondary suppression as for a table with totals.
  const pattern = suppressTable([rows.map((r) => r.victims)], { threshold, totals: true });
  const cells = pattern.cells[0] ?? [];
  const out = rows.map((r, j) => (isHidden(cells[j] ?? 'published') ? { ...r, hidden: true } : { ...r, hidden: false }));
  // Shares add up to 100% even when the total is small and hidden, so one hidden share is never alone:
  // the smallest other band goes too (a non-zero one first; a zero share would still give the rest away).
  if (out.filter((r) => r.hidden).length === 1 && out.length > 1) {
    const partner = out
      .map((r, j) => ({ r, j }))
      .filter(({ r }) => !r.hidden)
      .sort((a, b) => Number(a.r.victims === 0) - Number(b.r.victims === 0) || a.r.victims - b.r.victims)[0];
    if (partner) out[partner.j] = { ...partner.r, hidden: true };
  }
  return { rows: out, suppressed: out.filter((r) => r.hidden).length };
}

/** What an analysis found, before charting: plain data the UI can chart again at any width and text. */
export type AnalysisData = { analysis: 'age-profile'; result: AgeProfileResult } | { analysis: 'iquanta'; result: IquantaComparison };

export function analysisData(db: Database, analysis: ChartAnalysis): AnalysisData {
  return analysis.analysis === 'age-profile'
    ? { analysis: 'age-profile', result: ageProfileFromStore(db, analysis.request) }
    : { analysis: 'iquanta', result: iquantaFromStore(db, analysis.request) };
}

export interface AnalysisChartOptions {
  text?: Partial<ChartText>;
  width?: number;
  disclosure?: Disclosure;
}

export function analysisChart(db: Database, analysis: ChartAnalysis, options: AnalysisChartOptions = {}): AnalysisChart {
  return buildAnalysisChart(analysisData(db, analysis), workbenchInfo(db), options);
}

/** Default chart text of an analysis (title, subtitle, source note), before the analyst's edits. */
export function analysisText(data: AnalysisData, info: WorkbenchInfo | null): ChartText {
  return data.analysis === 'age-profile' ? ageProfileText(data.result, info) : iquantaText(data.result, info);
}

/** Pure: the chart, its text and its figures as a table, from an analysis' data. */
export function buildAnalysisChart(data: AnalysisData, info: WorkbenchInfo | null, options: AnalysisChartOptions = {}): AnalysisChart {
  const threshold = options.disclosure?.threshold ?? DEFAULT_THRESHOLD;
  const suppression = options.disclosure?.suppression ?? false;
  const width = options.width === undefined ? {} : { width: options.width };
  if (data.analysis === 'age-profile') {
    const { result } = data;
    const disclosed = suppression ? disclosedAgeRows(result.rows, threshold) : { rows: result.rows.map((r) => ({ ...r, hidden: false })), suppressed: 0 };
    const text = withNote(withText(ageProfileText(result, info), options.text), disclosed.suppressed, threshold);
    // A hidden band keeps its population share (residents are not a disclosure risk) but loses its victim share and ratio.
    const chartRows = disclosed.rows.map((r) => (r.hidden ? { ...r, victim_share: Number.NaN, ratio: null } : r));
    const option = ageProfileChart(chartRows, { text, ...width });
    for (const series of option.series) series.data = series.data.map((v) => (typeof v === 'number' && Number.isNaN(v) ? null : v));
    const who = result.count === 'victims' ? 'Victims' : 'Records';
    return {
      option,
      text,
      caption: 'Victims by age band against the population',
      suppressed: disclosed.suppressed,
      columns: ['Age band', who, '% of victims', 'Residents', '% of residents', 'Ratio'],
      rows: disclosed.rows.map((r) =>
        r.hidden
          ? [r.band, isSmallCount(r.victims, threshold) ? `<${threshold}` : CONFIDENTIAL, CONFIDENTIAL, Math.round(r.population), pct(r.population_share), CONFIDENTIAL]
          : [r.band, r.victims, pct(r.victim_share), Math.round(r.population), pct(r.population_share), r.ratio === null ? null : roundHalfAway(r.ratio, 2)],
      ),
    };
  }
  const { result } = data;
  const hidden = result.points.map((p) => suppression && isSmallCount(p.count, threshold));
  const suppressed = hidden.filter(Boolean).length;
  const text = withNote(withText(iquantaText(result, info), options.text), suppressed, threshold);
  const option = iquantaComparisonChart({ ...result, values: result.points.map((p, i) => (hidden[i] === true ? null : p.value)) }, { text, ...width });
  return {
    option,
    text,
    caption: `${result.measure}: ${result.area} against its most similar group`,
    suppressed,
    columns: ['Month', result.unit === 'rate' ? 'Rate per 1,000' : 'Count', 'MSG average', 'MSG lower', 'MSG upper', 'Rank'],
    rows: result.points.map((p, i) => [
      p.month,
      hidden[i] === true ? CONFIDENTIAL : p.value,
      p.msgAverage,
      p.msgLower,
      p.msgUpper,
      p.rank === null ? null : `${p.rank}${p.size === null ? '' : ` of ${p.size}`}`,
    ]),
  };
}
