/**
 * What each profile item becomes in the document, worked out from the
 * workbench: a view's chart (as a themed option, rendered to PNG by the
 * caller: the app on a canvas, the command line with resvg), a view's table
 * (the pivot, for disclosure control at export), a flags summary, or
 * commentary. Only the rasterising is left to the platform.
 */
import type { Database } from 'sql.js';
import { type FlagsResult, runFlags, shortSpanReason } from '../analytics/flags';
import { MIN_MEAN_RECORDS_PER_MONTH, MIN_RECORDED_MONTHS_SHARE, MIN_SEASONALITY_MONTHS } from '../analytics/series';
import { type Steps, runSteps } from '../analytics/steps';
import { analysisChart, suppressionNote } from '../charts/analysis-chart';
import { chartNotes, viewChart } from '../charts/view-chart';
import { type AtomSource, type JointMember, type ProfileDisclosure, profileDisclosure } from '../disclosure/joint';
import { type ShownTogether, shownTogether } from '../disclosure/shown-table';
import { DEFAULT_THRESHOLD } from '../disclosure/suppress';
import { filtersText, monthLabel, monthSpan, periodText, sourceNote } from '../charts/text';
import type { ChartOption } from '../charts/theme';
import type { ExportCell, ShownPivots } from '../export/pivot-table';
import { formatDecimal } from '../figures';
import { shownPivots } from '../export/view-table';
import { type WorkbenchInfo, workbenchInfo } from '../info';
import { DIMENSION_LABELS, type Dimension, isDimension } from '../pivot/dimensions';
import { runPivot } from '../pivot/run-pivot';
import type { PivotFilter, PivotSpec } from '../pivot/spec';
import { type SavedView, getView } from '../views';
import type { RenderedItem } from './docx';
import { type AnalysisTable, type AnalysisTableOptions, type TableAnalysis, analysisTable } from './analysis-tables';
import type { Profile, ProfileItem } from './store';

export type PlannedItem =
  | { kind: 'chart'; caption: string; sourceNote: string; option: ChartOption }
  | Exclude<RenderedItem, { kind: 'figure' }>;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function note(info: WorkbenchInfo | null, spec: Pick<PivotSpec, 'from' | 'to' | 'filters'> & { measure?: PivotSpec['measure'] }): string {
  const source = sourceNote(info, ['police-uk', 'district', ...(spec.measure === 'rate' ? ['population'] : [])]);
  const filters = filtersText(spec);
  return [source, `Period ${periodText(spec, info?.dateRange ?? null)}${filters === '' ? '' : `; ${filters}`}`].filter((s) => s !== '').join('. ');
}

/** Parts of a source note as sentences: each ends with a full stop, none with two. */
function sentences(parts: readonly string[]): string {
  return parts
    .filter((p) => p !== '')
    .map((p) => (/[.!?]$/.test(p) ? p : `${p}.`))
    .join(' ');
}

/** A dimension as a caption says it: "crime type", but "LSOA" stays as it is. */
function splitWords(dimension: string): string {
  const label = isDimension(dimension) ? DIMENSION_LABELS[dimension] : dimension;
  return /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/** A flags item's settings as run (the defaults where none were saved; an empty month is none). */
function flagsScope(item: ProfileItem): { by: Dimension[]; filters: PivotFilter[]; from?: string; to?: string } {
  const settings = item.settings ?? { by: ['crime_type'], filters: [] };
  return { by: settings.by.filter(isDimension), filters: settings.filters, ...(settings.from ? { from: settings.from } : {}), ...(settings.to ? { to: settings.to } : {}) };
}

/**
 * The records behind a profile's tables, for protecting them together: a
 * count per combination of the dimensions asked for (the pivot's own
 * labels) and which tables' months and filters it falls in.
 */
function recordAtoms(db: Database): AtomSource {
  return (dimensions, scopes) => {
    const atoms = new Map<string, { labels: string[]; count: number; scopes: number[] }>();
    scopes.forEach((scope, s) => {
      const result = runPivot(db, {
        rows: dimensions.filter(isDimension),
        columns: [],
        measure: 'count',
        filters: scope.filters.map((f) => ({ dimension: f.dimension, values: [...f.values] })),
        ...(scope.from ? { from: scope.from } : {}),
        ...(scope.to ? { to: scope.to } : {}),
      });
      for (const row of result.rows) {
        const key = JSON.stringify(row.key);
        const atom = atoms.get(key) ?? { labels: row.key, count: row.countTotal, scopes: [] };
        atom.scopes.push(s);
        atoms.set(key, atom);
      }
    });
    return [...atoms.values()];
  };
}

/** What a caption adds to say what and when: the filters' values and the months ("Mansfield, Apr 2019 to Mar 2024"). */
function scopeText(spec: Pick<PivotSpec, 'from' | 'to' | 'filters'>, info: WorkbenchInfo | null): string {
  return [...spec.filters.map((f) => f.values.join(' or ')), periodText(spec, info?.dateRange ?? null)].filter((s) => s !== '').join(', ');
}

/** A forecast's six months as a heading says them: "Apr 2024 to Sep 2024". */
function forecastMonths(flags: FlagsResult): string {
  const months = flags.forecasts.find((f) => f !== null && f.length > 0) ?? [];
  const first = months[0]?.month;
  const last = months.at(-1)?.month;
  return first === undefined || last === undefined ? '' : monthSpan(first, last);
}

/** Said under a table protected against subtraction from a table over other months or filters. */
export const ACROSS_SCOPES_NOTE =
  'Protected together with the other tables of this profile over other months or filters: figures are also withheld so that no small count can be worked out by subtracting one table from another';

function flagsSummary(item: ProfileItem, flags: FlagsResult, info: WorkbenchInfo | null): PlannedItem {
  const settings = item.settings ?? { by: ['crime_type'], filters: [] };
  const scope = flagsScope(item);
  const { by } = scope;
  const ahead = forecastMonths(flags);
  const rows: ExportCell[][] = flags.series.map((s, i) => {
    const trend = flags.trend[i];
    const season = flags.seasonality[i];
    const exceptions = flags.exceptions[i]?.exceptions ?? [];
    const last = exceptions[exceptions.length - 1];
    const records = s.counts.reduce((a, b) => a + b, 0);
    // A series below the volume rule was not tested: "none found" would read as tested and clear.
    if (flags.volumes[i]?.testable === false) {
      const untested = 'too few records to test';
      return [Object.values(s.series).join(' / ') || 'All records', records, untested, untested, untested, ...(ahead === '' ? [] : [null])];
    }
    return [
      Object.values(s.series).join(' / ') || 'All records',
      records,
      trend?.significant ? `${trend.direction} (${formatDecimal(trend.sen_slope ?? 0, 1)}/month)` : 'no significant trend',
      // Too few months to test seasonality: "none found" would read as tested and not seasonal.
      season?.significant && season.peak_month !== null ? `peaks in ${MONTHS[season.peak_month - 1] ?? ''}` : (shortSpanReason(s.counts.length) ?? 'none found'),
      exceptions.length === 0 ? 'none' : `${exceptions.length} (latest ${monthLabel(last?.month ?? '')}, ${last?.flag ?? ''})`,
      ...(ahead === '' ? [] : [forecastTotal(flags.forecasts[i] ?? null)]),
    ];
  });
  return {
    kind: 'table',
    // What and when: the split, the filters' values and the months ("Flags by crime type, Mansfield, Apr 2019 to Mar 2024").
    caption: item.caption ?? `Flags by ${by.map(splitWords).join(' and ')}, ${scopeText(scope, info)}`,
    sourceNote: sentences([
      note(info, settings),
      `Records: the series' records over the period. Trend: Mann-Kendall with Sen's slope in records a month (the seasonal test for series found seasonal); seasonality and trend significant after Benjamini-Hochberg adjustment at ${flags.alpha}`,
      'Exceptions: months outside the control limits (XmR chart on the deseasonalised series) with a count unusual in absolute terms too, "high" above and "low" below',
      flags.volumes.some((v) => !v.testable)
        ? `Series averaging under ${MIN_MEAN_RECORDS_PER_MONTH} records a month, or with records in fewer than ${Math.round(MIN_RECORDED_MONTHS_SHARE * 3)} months of 3, have too few records to test`
        : '',
      flags.series.some((s) => shortSpanReason(s.counts.length) !== null)
        ? `Seasonality is not tested on fewer than ${MIN_SEASONALITY_MONTHS} months, and the exceptions' limits are then not adjusted for the season: a seasonal month (e.g. a December dip) can read as an exception`
        : '',
      ahead === '' ? '' : `Forecast: the records expected over the next six months, ${ahead}, Holt-Winters for seasonal series and Holt's linear trend otherwise; blank where a series is too short to forecast`,
    ]),
    columns: ['Series', 'Records', 'Trend', 'Seasonality', 'Exceptions', ...(ahead === '' ? [] : ['Forecast'])],
    rows,
    countColumns: [1],
  };
}

/** A six-month forecast as one figure: the expected records over those months, whole. */
function forecastTotal(forecast: readonly { mean: number }[] | null): number | null {
  if (forecast === null || forecast.length === 0) return null;
  return Math.round(forecast.reduce((sum, f) => sum + Math.max(0, f.mean), 0));
}

/** An analysis item's table for the data held: `analysisTable`, or a memo of it (analysisTablesOnce). */
export type AnalysisTables = (db: Database, analysis: TableAnalysis, info: WorkbenchInfo | null, options: AnalysisTableOptions) => AnalysisTable;

/**
 * Each analysis table worked out once, then given again for the same
 * request and disclosure settings: a profile can hold the same analysis
 * twice (say under two captions), and a repeat scan or a Knox test's
 * permutations are slow. The key has no data in it, so a memo lives for
 * one plan only; its tables are not to be edited.
 */
export function analysisTablesOnce(run: AnalysisTables = analysisTable): AnalysisTables {
  const tables = new Map<string, AnalysisTable>();
  return (db, analysis, info, options) => {
    const key = JSON.stringify([analysis, options.suppression, options.threshold]);
    const known = tables.get(key);
    if (known !== undefined) return known;
    const table = run(db, analysis, info, options);
    tables.set(key, table);
    return table;
  };
}

export interface PlanOptions {
  /** Chart layout width in px. */
  width?: number;
  /** Disclosure control on charts too (default true, as for the document's tables). */
  suppression?: boolean;
  threshold?: number;
}

/** The document's items for a profile, in order. */
export function planProfile(db: Database, profile: Profile, options: PlanOptions = {}): PlannedItem[] {
  return runSteps(planProfileSteps(db, profile, options));
}

/** planProfile as steps: the joint disclosure protection yields after each round, so the worker can cancel an export. */
export function* planProfileSteps(db: Database, profile: Profile, options: PlanOptions = {}): Steps<PlannedItem[]> {
  const info = workbenchInfo(db);
  const disclosure = { suppression: options.suppression ?? true, threshold: options.threshold ?? DEFAULT_THRESHOLD };
  const tableOf = analysisTablesOnce();
  const flagsRuns = new Map(
    profile.items.flatMap((item) => {
      if (item.kind !== 'flags') return [];
      const scope = flagsScope(item);
      return [[item.id, { scope, flags: runFlags(db, scope) }] as const];
    }),
  );
  // Each view's pivots once.
  const runView = (name: string): { view: SavedView; pivots: ShownPivots } => {
    const view = getView(db, name);
    // The pivots the grid runs for the view (subtotals too), so its table is the grid's and the export's.
    return { view, pivots: shownPivots(db, view.spec) };
  };
  const views = new Map<string, { view: SavedView; pivots: ShownPivots }>();
  for (const item of profile.items) {
    if ((item.kind === 'view' || item.kind === 'pivot') && !views.has(item.viewName ?? '')) views.set(item.viewName ?? '', runView(item.viewName ?? ''));
  }
  // Every table the profile publishes (views, flags summaries' records) is protected with the others, once for the profile.
  const members: JointMember[] = [
    ...[...views.values()].map(({ view, pivots }): JointMember => ({ kind: 'view', pivots, sort: view.sort ?? null })),
    ...[...flagsRuns.values()].map(({ scope, flags }): JointMember => ({
      kind: 'counts',
      scope,
      dimensions: scope.by,
      counts: flags.series.map((s) => ({ labels: scope.by.map((d) => s.series[d] ?? ''), count: s.counts.reduce((a, b) => a + b, 0) })),
    })),
  ];
  // Without disclosure control nothing is withheld: no joint pattern to work out (half a minute on a large profile), and no note saying one was.
  const joint: ProfileDisclosure | null = !disclosure.suppression || members.length < 2 ? null : profileDisclosure(members, recordAtoms(db));
  if (joint !== null) yield* joint.prepare(disclosure.threshold);
  const memberOf = new Map<string, number>([
    ...[...views.keys()].map((name, k) => [`view:${name}`, k] as const),
    ...[...flagsRuns.keys()].map((id, k) => [`flags:${id}`, views.size + k] as const),
  ]);
  const togetherFor = (key: string): ShownTogether | undefined => {
    const index = memberOf.get(key);
    return joint === null || index === undefined ? undefined : shownTogether(joint, index, disclosure.threshold);
  };
  const acrossNote = (together: ShownTogether | undefined): string[] => (together?.acrossScopes === true ? [ACROSS_SCOPES_NOTE] : []);
  return profile.items.map((item): PlannedItem => {
    if (item.kind === 'text') return { kind: 'text', text: item.text ?? '' };
    const flagsRun = flagsRuns.get(item.id);
    if (item.kind === 'flags' && flagsRun !== undefined) {
      const together = togetherFor(`flags:${item.id}`);
      const summary = flagsSummary(item, flagsRun.flags, info);
      if (summary.kind !== 'table' || together === undefined) return summary;
      return { ...summary, sourceNote: sentences([summary.sourceNote, ...acrossNote(together)]), together };
    }
    if (item.kind === 'analysis' && item.analysis !== null) {
      // Run again for the export, on the data held then; already protected (analysis-tables.ts), so no countColumns.
      const table = tableOf(db, item.analysis, info, disclosure);
      return { kind: 'table', caption: item.caption ?? table.caption, sourceNote: table.sourceNote, columns: table.columns, rows: table.rows };
    }
    if (item.kind === 'chart' && item.chart !== null) {
      const chart = analysisChart(db, item.chart, { disclosure, ...(options.width === undefined ? {} : { width: options.width }) });
      // Say where and when, as a view's caption and note do: the area or filters and the months charted.
      const months = chart.rows.map((r) => String(r[0] ?? '')).filter((m) => /^\d{4}-\d{2}$/.test(m));
      const scope =
        item.chart.analysis === 'age-profile'
          ? { spec: item.chart.request, text: scopeText(item.chart.request, info) }
          : { spec: { filters: [], ...(months[0] === undefined ? {} : { from: months[0] }), ...(months.at(-1) === undefined ? {} : { to: months.at(-1) }) }, text: '' };
      const period = periodText(scope.spec, info?.dateRange ?? null);
      const filters = filtersText(scope.spec);
      return {
        kind: 'chart',
        caption: item.caption ?? `${chart.caption}, ${scope.text === '' ? period : scope.text}`,
        sourceNote: sentences([chart.text.sourceNote, `Period ${period}${filters === '' ? '' : `; ${filters}`}`]),
        option: chart.option,
      };
    }
    const { view, pivots } = views.get(item.viewName ?? '') ?? runView(item.viewName ?? '');
    const { result } = pivots;
    const together = togetherFor(`view:${item.viewName ?? ''}`);
    const shown = { pivots, sort: view.sort ?? null, ...(together === undefined ? {} : { together }) };
    const caption = item.caption ?? view.name;
    // The pivot's notes (no population loaded, a nearest year's estimates, what Near repeat means) say why a figure is blank or what it counts.
    const sourceNoteText = sentences([note(info, view.spec), ...result.notes, ...acrossNote(together)]);
    const chartNoteText = sentences([note(info, view.spec), ...chartNotes(result), ...acrossNote(together)]);
    const option =
      item.kind === 'view' ? viewChart({ name: caption, chart: view.chart, result, info, disclosure, shown, ...(options.width === undefined ? {} : { width: options.width }) }) : null;
    if (option !== null) {
      // The caption under the figure says what it is; the chart keeps its subtitle and source note.
      const suppressed = option.graphic.some((g) => g.style.text.includes(suppressionNote(disclosure.threshold)));
      return { kind: 'chart', caption, sourceNote: suppressed ? sentences([chartNoteText, suppressionNote(disclosure.threshold)]) : chartNoteText, option };
    }
    return { kind: 'table', caption, sourceNote: sourceNoteText, view: shown };
  });
}

/** A chart rasterised for the document: PNG bytes and the size to print it at. */
export interface RenderedImage {
  png: Uint8Array;
  widthMm: number;
  heightMm: number;
}

/**
 * Planned items with their charts rasterised by the platform's renderer
 * (`index` is the item's position in the plan, so images rendered elsewhere,
 * e.g. on the app's canvas, can be passed back by position).
 */
export async function renderPlan(
  plan: readonly PlannedItem[],
  render: (option: ChartOption, index: number) => Promise<RenderedImage> | RenderedImage,
): Promise<RenderedItem[]> {
  const out: RenderedItem[] = [];
  for (const [index, item] of plan.entries()) {
    if (item.kind !== 'chart') {
      out.push(item);
      continue;
    }
    const image = await render(item.option, index);
    out.push({ kind: 'figure', caption: item.caption, sourceNote: item.sourceNote, ...image });
  }
  return out;
}
