/**
 * The command line's commands, as a function from arguments to output so
 * tests can run it in-process. Workbench files are opened through the same
 * checks as the app and written atomically.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from 'sql.js';
import { FLAG_KINDS, analyseAll, exceptionFlags, forecastFlags, seasonalityFlags, trendFlags } from '../../shared/analytics/flags';
import { nearRepeatFlagState, refreshNearRepeatColumn } from '../../shared/analytics/near-repeat-column';
import { parseBreaks } from '../../shared/analytics/repeats';
import { type NearRepeatRequest, REPEAT_GROUPS, type RepeatGroup, type RepeatsRequest, nearRepeatFromStore, repeatLocationsFromStore, repeatsFromStore, topRepeatVictims } from '../../shared/analytics/repeats-store';
import { SIZE_PRESET_NAMES, type SizePreset, chartSize, isSizePreset } from '../../shared/charts/theme';
import { viewChart } from '../../shared/charts/view-chart';
import { WorkbenchError } from '../../shared/errors';
import { exportTableToCsv, pivotToCsv, toCsv, withUtf8Bom } from '../../shared/export/csv';
import { shownPivots, viewExportTable } from '../../shared/export/view-table';
import { tableToXlsx } from '../../shared/export/xlsx';
import { importFiles, listSavedMappings, readyForImport } from '../../shared/import/import-files';
import { rejectsToCsv } from '../../shared/import/rejects';
import { isXlsxFile } from '../../shared/import/table';
import { LAYOUTS, columnName } from '../../shared/import/layouts';
import { type ColumnMapping, type FileMapping, IMPORT_KINDS, type ImportFileInput, type ImportKind } from '../../shared/import/types';
import { workbenchInfo } from '../../shared/info';
import { DIMENSIONS, DIMENSION_LABELS, type Dimension, encodeLabel, isDimension, isIquantaDimension, isPeriodDimension, loadLookups } from '../../shared/pivot/dimensions';
import { type PivotResult, runPivot } from '../../shared/pivot/run-pivot';
import { MEASURES, type PivotFilter, type PivotSpec, isMeasure } from '../../shared/pivot/spec';
import { CHART_KINDS, type ChartKind, type SavedView, getView, saveView } from '../../shared/views';
import { buildProfileDocx } from '../../shared/profile/docx';
import { buildProfileHtml } from '../../shared/profile/html';
import { type ChartAnalysis, analysisChart } from '../../shared/charts/analysis-chart';
import { type TableAnalysis, analysisTable } from '../../shared/profile/analysis-tables';
import { planProfile, renderPlan } from '../../shared/profile/plan';
import { addProfileItem, getProfile } from '../../shared/profile/store';
import { SURVEY_GROUPS, type SurveyGroup, type SurveyRequest, isSurveyGroup } from '../../shared/survey/analyse';
import { type SurveyQuery, surveyFromStore } from '../../shared/survey/store';
import { confidenceFraction } from '../../shared/survey/stats';
import { SCHEMA_VERSION } from '../../shared/schema';
import { createWorkbench, exportWorkbench, openWorkbench, workbenchUpgrade } from '../../shared/workbench';
import { READ_ONLY_CODE, errorCode, writeFileAtomic } from '../file-io';
import { renderChart } from './chart-render';
import { loadSqlJs } from './load-sqljs';
import { nodeParseWorker } from './parse-worker';
import { parseViewSort } from './view-sort';

export interface CliResult {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

const USAGE = `Usage: npm run --silent cli -- <command> [arguments] [options]
Commands:
  info <wb>
  import <wb> <file>... [--kind ${IMPORT_KINDS.join('|')}] [--year YYYY] [--rejects <csv>] [--map <field>=<column>[,<field>=<column>...]] [--sheet <name|number>]
      --map: the column of each field, by header name or 1-based number, for files whose header the workbench does not know
      (e.g. --map record_ref="Occ No",committed_date=3); fields not given keep the columns found by name; saved in the
      workbench and applied to the next file with the same header
      --sheet: the sheet to read from each XLSX file given, by name or 1-based number (a name wins); the first sheet
      when omitted; CSV files given with it are read as usual, but --sheet with no XLSX file is wrong usage
  pivot <wb> --rows <dim>[,<dim>] [--cols <dim>[,<dim>]] [--measure <m>] [--where <dim>=<value>]... [--from YYYY-MM] [--to YYYY-MM] [--format csv|json] [--totals] [--intervals]
    (change_*, diff_*: last column a period; fytd*: month or fin_year; rolling_12*: month; iq_*: iq_area, iq_measure and periods only;
    --intervals, a rate in CSV: each figure's 95% confidence limits after it; JSON gives a rate's intervals always)
  view save <wb> --name <n> --rows <dim> [--cols <dim>] [--measure <m>] [--where ...] [--from ...] [--to ...] [--chart ${CHART_KINDS.join('|')}] [--sort rows|total|<column>[:asc|desc]]
  export <wb> --view <n> --out <file.png|file.svg|file.csv|file.xlsx> [--size ${SIZE_PRESET_NAMES.join('|')}] [--suppress] [--intervals]
    (--suppress: disclosure control as in profiles and the app's export with "<5" on: counts below 5 as <5, and [c] for
    figures that would give one away through a total or subtotal; a chart leaves the same figures out.
    --intervals, a rate's table: each rate's 95% confidence limits beside it and, with district, age band or sex
    alone on an axis, Higher / Similar / Lower against the Total, as the app exports with "Compare with the Total" on)
  export <wb> --chart age-profile|iquanta [its options, as for profile add] --out <file.png|file.svg> [--size ...] [--suppress]
  survey <wb> --question <q_column> --positive "<label>,<label>" [--by ${SURVEY_GROUPS.join('|')}]... [--wave YYYY] [--level 95]
  profile add <wb> --name <profile> (--view <n> [--caption "<text>"] | --text "<commentary>")
  profile add <wb> --name <profile> --chart age-profile [--count victims|records] [--where ...] [--from ...] [--to ...] [--year YYYY] [--caption ...]
  profile add <wb> --name <profile> --chart iquanta --area "<area>" --measure "<measure>" [--from ...] [--to ...] [--caption ...]
  profile add <wb> --name <profile> --flags [--by crime_type,district] [--where ...] [--from ...] [--to ...] [--caption ...]   (a flags summary: trend, seasonality, exceptions, forecast)
  profile add <wb> --name <profile> --repeats [the repeats options: --group, --window-days, --by district, --where, --from, --to] [--caption ...]
  profile add <wb> --name <profile> --knox --crime-type <t> [the near-repeat options: bands, breaks, --permutations, --seed, --distance, ...] [--caption ...]
  profile add <wb> --name <profile> --survey --question <q_column> --positive "<label>,<label>" [--by area|age_band|wave]... [--wave YYYY] [--level 95] [--caption ...]
    (tables of repeat victims, Knox pairs by distance and days apart, survey shares: run again at export; with disclosure
    control counts 1-4 are <5 with [c] where a total would give them away, and a share from fewer than 10 respondents is withheld)
  profile export <wb> --name <profile> --out <file.docx|file.html> [--no-suppression]   (.html: the print-ready page for PDF)
  repeats <wb> [--group domestic|hate|asb|all] [--window-days 365] [--by district] [--where ...] [--from ...] [--to ...]
  repeats <wb> --top N [--group ...] [--window-days 365] [--where ...]   (most-repeated victims by pseudonym, with their records)
  repeats <wb> --locations [--top 20] [--grid-size 100] [--group ...] [--window-days 365] [--where ...]   (repeat locations)
  near-repeat <wb> --crime-type <t> [--space-band 100] [--space-bands 5] [--time-band 7] [--time-bands 5] [--permutations 999] [--seed 1] [--flag-space 200] [--flag-days 7] [--distance euclidean|manhattan] [--space-breaks ...] [--time-breaks ...] [--save-flags]
    (--save-flags: store these flags as the pivot's near_repeat dimension for this crime type, and save the workbench)
  flags seasonality|trend|exceptions|forecast <wb> [--by crime_type,district] [--where ...] [--from ...] [--to ...] [--format json|csv]
    (the series of one command are adjusted together: trend test, control chart and forecast follow each series' adjusted seasonal verdict)
    (trend: direction is rising or falling only when significant after the Benjamini-Hochberg adjustment across the series,
    q_value < 0.05, else none; p_value is the series' own Mann-Kendall p-value)
    (seasonality: seasonal is true only when significant after the Benjamini-Hochberg adjustment across the series,
    q_value < 0.05, else false (null with a reason when no verdict); p_value is the series' own test's p-value)
Dimensions: ${DIMENSIONS.join(', ')}
Measures: ${MEASURES.join(', ')}`;

class UsageError extends Error {}

const OPTIONS = {
  kind: { type: 'string' },
  year: { type: 'string' },
  rejects: { type: 'string' },
  map: { type: 'string', multiple: true },
  sheet: { type: 'string' },
  rows: { type: 'string' },
  cols: { type: 'string' },
  measure: { type: 'string' },
  where: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string' },
  totals: { type: 'boolean' },
  name: { type: 'string' },
  chart: { type: 'string' },
  view: { type: 'string' },
  out: { type: 'string' },
  size: { type: 'string' },
  by: { type: 'string', multiple: true },
  group: { type: 'string' },
  'window-days': { type: 'string' },
  top: { type: 'string' },
  locations: { type: 'boolean' },
  'grid-size': { type: 'string' },
  'save-flags': { type: 'boolean' },
  'crime-type': { type: 'string' },
  'space-band': { type: 'string' },
  'space-bands': { type: 'string' },
  'time-band': { type: 'string' },
  'time-bands': { type: 'string' },
  'space-breaks': { type: 'string' },
  'time-breaks': { type: 'string' },
  permutations: { type: 'string' },
  seed: { type: 'string' },
  'flag-space': { type: 'string' },
  'flag-days': { type: 'string' },
  distance: { type: 'string' },
  question: { type: 'string' },
  positive: { type: 'string' },
  wave: { type: 'string' },
  level: { type: 'string' },
  caption: { type: 'string' },
  text: { type: 'string' },
  'no-suppression': { type: 'boolean' },
  area: { type: 'string' },
  count: { type: 'string' },
  suppress: { type: 'boolean' },
  intervals: { type: 'boolean' },
  sort: { type: 'string' },
  flags: { type: 'boolean' },
  repeats: { type: 'boolean' },
  knox: { type: 'boolean' },
  survey: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export async function runCli(argv: readonly string[]): Promise<CliResult> {
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const [command, ...rest] = parsed.positionals;
    if (parsed.values.help === true || command === undefined) {
      return command === undefined && parsed.values.help !== true
        ? { exitCode: 2, stdout: '', stderr: USAGE }
        : { exitCode: 0, stdout: `${USAGE}\n`, stderr: '' };
    }
    const output = await runCommand(command, rest, parsed.values);
    return typeof output === 'string' ? { exitCode: 0, stdout: output, stderr: '' } : { exitCode: 0, ...output };
  } catch (error) {
    if (error instanceof UsageError) return { exitCode: 2, stdout: '', stderr: `${error.message}\n\n${USAGE}` };
    if (error instanceof WorkbenchError) {
      return { exitCode: error.code === 'usage' ? 2 : 1, stdout: '', stderr: describe(error) };
    }
    return { exitCode: 1, stdout: '', stderr: error instanceof Error ? error.message : String(error) };
  }
}

function describe(error: WorkbenchError): string {
  const where = [
    error.file !== undefined && !error.message.includes(error.file) ? error.file : null,
    error.line !== undefined && !error.message.includes(`line ${error.line}`) ? `line ${error.line}` : null,
    error.field !== undefined && !error.message.includes(error.field) ? `field ${error.field}` : null,
  ].filter((part) => part !== null);
  return where.length > 0 ? `${where.join(', ')}: ${error.message}` : error.message;
}

async function runCommand(command: string, args: string[], values: Values): Promise<string | { stdout: string; stderr: string }> {
  switch (command) {
    case 'info': {
      jsonOnly(values, 'info');
      const db = await openExisting(single(args, 'info <wb>'));
      const info = workbenchInfo(db);
      const { schemaVersion, records, sources, dateRange } = info;
      const imports = info.imports.map(({ file, sha256, kind, accepted, rejected, duplicate, updated, at }) => ({
        file,
        sha256,
        kind,
        accepted,
        rejected,
        duplicate,
        updated,
        at,
      }));
      // mappings: the column mappings saved in the workbench (by the app's dialog or --map), newest first.
      const mappings = listSavedMappings(db).map(({ kind, layout, savedAt, columns }) => ({ kind, layout, savedAt, columns }));
      // nearRepeatFlags (additive): what the pivot's near_repeat flags mean; setAt null = the defaults, filled on import.
      const flagState = nearRepeatFlagState(db);
      const nearRepeatFlags = {
        crimeTypes: flagState.crimeTypes,
        flagSpace: flagState.settings.flagSpace,
        flagDays: flagState.settings.flagDays,
        distance: flagState.settings.distance,
        setAt: flagState.setAt,
        assessed: flagState.assessed,
        flagged: flagState.flagged,
      };
      // upgrade (additive): present when the file is in an older format, brought up to date in memory (the file is not written).
      return json({ schemaVersion, records, sources, imports, dateRange, mappings, nearRepeatFlags, ...(info.upgrade === undefined ? {} : { upgrade: info.upgrade }) });
    }
    case 'import':
      return importCommand(args, values);
    case 'pivot': {
      const db = await openExisting(single(args, 'pivot <wb> --rows <dim>'));
      const pivotSpec = specFrom(values);
      checkFilterValues(db, pivotSpec.filters);
      const result = runPivot(db, pivotSpec);
      // Why cells are blank (e.g. no population loaded) goes to stderr: stdout holds the result only.
      return { stdout: formatPivot(result, values), stderr: result.notes.map((note) => `Note: ${note}\n`).join('') };
    }
    case 'view': {
      const [verb, path, ...extra] = args;
      if (verb !== 'save' || path === undefined || extra.length > 0) throw new UsageError('view save <wb> --name <n> --rows <dim> ...');
      if (values.name === undefined) throw new UsageError('view save needs --name <n>.');
      const chart = values.chart ?? 'table';
      if (!(CHART_KINDS as readonly string[]).includes(chart)) throw new UsageError(`--chart must be one of ${CHART_KINDS.join(', ')}.`);
      const db = await openExisting(path);
      const spec = specFrom(values);
      checkFilterValues(db, spec.filters);
      // The sort names a column of this view's table, so the pivot is run to know its columns.
      const sort = values.sort === undefined ? undefined : parseViewSort(values.sort, runPivot(db, spec));
      saveView(db, values.name, spec, chart as ChartKind, new Date(), sort);
      await saveTo(db, path);
      return '';
    }
    case 'export': {
      const path = single(args, 'export <wb> --view <n> --out <file>');
      if (values.view === undefined && values.chart !== undefined && values.out !== undefined) {
        await exportAnalysisChart(await openExisting(path), chartAnalysisFrom(values), values.out, values.size ?? 'a4', values.suppress === true);
        return '';
      }
      if (values.view === undefined || values.out === undefined) throw new UsageError('export needs --view <n> and --out <file>.');
      const db = await openExisting(path);
      const view = getView(db, values.view);
      const out = values.out;
      const lowered = out.toLowerCase();
      const suppression = values.suppress === true;
      if (lowered.endsWith('.png') || lowered.endsWith('.svg')) {
        await exportChart(db, view, out, values.size ?? 'a4', suppression);
        return '';
      }
      if (values.size !== undefined) throw new UsageError('--size applies to .png and .svg exports only.');
      if (values.intervals === true && view.spec.measure !== 'rate') throw new UsageError(`--intervals applies to a rate per 1,000; view "${view.name}" is not one.`);
      // The table the app exports for this view, built by the same function (shared/export/view-table.ts).
      const table = viewExportTable(db, view, workbenchInfo(db), { suppression, intervals: values.intervals === true });
      if (lowered.endsWith('.csv')) {
        await writeCsvFile(out, exportTableToCsv(table));
      } else if (out.toLowerCase().endsWith('.xlsx')) {
        await writeOutput(out, await tableToXlsx(table, view.name));
      } else {
        throw new WorkbenchError({
          code: 'bad-input',
          file: out,
          message: `${out}: a view exports as .png, .svg (its chart), .csv or .xlsx (its table).`,
        });
      }
      return '';
    }
    case 'flags':
      return flagsCommand(args, values);
    case 'survey':
      return surveyCommand(args, values);
    case 'profile':
      return profileCommand(args, values);
    case 'repeats': {
      const db = await openExisting(single(args, 'repeats <wb> [--group domestic|hate|asb|all] [--window-days 365] [--by district]'));
      const { by, ...scope } = repeatsRequestFrom(db, values);
      const top = values.top === undefined ? undefined : wholeNumber('--top', values.top);
      if (values.locations === true) {
        if (by.length > 0) throw new UsageError('--locations lists places across the area; drop --by.');
        jsonOnly(values, 'repeats --locations');
        // 0 is the exact point, as in the app's Grid square field.
        const gridSize = values['grid-size'] === undefined ? undefined : positiveNumber('--grid-size', values['grid-size']) || undefined;
        return json(repeatLocationsFromStore(db, { ...scope, ...(top === undefined ? {} : { top }), ...(gridSize === undefined ? {} : { gridSize }) }));
      }
      if (values['grid-size'] !== undefined) throw new UsageError('--grid-size goes with --locations.');
      if (top !== undefined) {
        if (by.length > 0) throw new UsageError('--top lists victims across the area; drop --by.');
        jsonOnly(values, 'repeats --top');
        // Pseudonyms only: raw victim references are never stored in the workbench.
        return json(topRepeatVictims(db, { ...scope, top }));
      }
      const rows = repeatsFromStore(db, { ...scope, by }).map(({ days_to_repeat: _days, ...row }) => row);
      return formatSeriesRows(rows, 'series', values);
    }
    case 'near-repeat': {
      const path = single(args, 'near-repeat <wb> --crime-type <t> [...]');
      jsonOnly(values, 'near-repeat');
      const db = await openExisting(path);
      const request = nearRepeatRequestFrom(db, values);
      const distance = request.distance ?? 'euclidean';
      const output = await nearRepeatFromStore(db, request);
      if (values['save-flags'] !== true) return json(output);
      const saved = refreshNearRepeatColumn(db, {
        crimeTypes: [request.crimeType],
        ...(request.flagSpace === undefined ? {} : { flagSpace: request.flagSpace }),
        ...(request.flagDays === undefined ? {} : { flagDays: request.flagDays }),
        distance,
      });
      await saveTo(db, path);
      return json({ ...output, pivot_flags: { crime_types: saved.crimeTypes.map((t) => t.crimeType), assessed: saved.assessed, flagged: saved.flagged } });
    }
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

/** A saved view's chart as PNG or SVG; a table view is drawn as lines over periods, else as bars. */
async function exportChart(db: Database, view: SavedView, out: string, size: string, suppression: boolean): Promise<void> {
  if (!isSizePreset(size)) throw new UsageError(`--size must be one of ${SIZE_PRESET_NAMES.join(', ')}; got "${size}".`);
  const preset: SizePreset = size;
  const lastColumn = view.spec.columns[view.spec.columns.length - 1];
  const chart = view.chart !== 'table' ? view.chart : lastColumn !== undefined && isPeriodDimension(lastColumn) ? 'line' : 'bar';
  const { width, height } = chartSize(preset);
  const base = { name: view.name, chart, info: workbenchInfo(db), width, height };
  // With --suppress the chart hides what the view's disclosed table hides (its subtotals' protection too), as in profiles.
  const pivots = suppression ? shownPivots(db, view.spec) : null;
  const option =
    pivots === null
      ? viewChart({ ...base, result: runPivot(db, view.spec) })
      : viewChart({ ...base, result: pivots.result, disclosure: { suppression: true }, shown: { pivots, sort: view.sort ?? null } });
  if (option === null) throw new WorkbenchError({ code: 'bad-input', message: `The view "${view.name}" has no chart.` });
  const rendered = renderChart(option, preset);
  await writeOutput(out, out.toLowerCase().endsWith('.svg') ? new TextEncoder().encode(rendered.svg) : rendered.png);
}

/** An age profile or iQuanta comparison as PNG or SVG (`--suppress`: figures on counts below 5 left out, as in profiles). */
async function exportAnalysisChart(db: Database, analysis: ChartAnalysis, out: string, size: string, suppression: boolean): Promise<void> {
  if (!isSizePreset(size)) throw new UsageError(`--size must be one of ${SIZE_PRESET_NAMES.join(', ')}; got "${size}".`);
  const lowered = out.toLowerCase();
  if (!lowered.endsWith('.png') && !lowered.endsWith('.svg')) throw new UsageError('export --chart writes a .png or .svg.');
  const chart = analysisChart(db, analysis, { width: chartSize(size).width, disclosure: { suppression } });
  const rendered = renderChart(chart.option, size);
  await writeOutput(out, lowered.endsWith('.svg') ? new TextEncoder().encode(rendered.svg) : rendered.png);
}

/** `--by` may repeat and may list several values: `--by area --by wave` or `--by area,wave`. */
function byList(values: Values): string[] {
  return (values.by ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** The repeat victims request of `repeats` (and `profile add --repeats`): group, window, split, filters and months, checked. */
function repeatsRequestFrom(db: Database, values: Values): RepeatsRequest {
  const group = values.group ?? 'all';
  if (!(REPEAT_GROUPS as readonly string[]).includes(group)) throw new UsageError(`--group must be one of ${REPEAT_GROUPS.join(', ')}.`);
  const by = byList(values).map((d) => dimensionOption('--by', d));
  const spec = specFrom({ ...values, rows: 'crime_type' });
  checkFilterValues(db, spec.filters);
  const scope = {
    group: group as RepeatGroup,
    filters: spec.filters,
    ...(values['window-days'] === undefined ? {} : { windowDays: moreThanZero('--window-days', values['window-days'], 'days') }),
    ...(spec.from === undefined ? {} : { from: spec.from }),
    ...(spec.to === undefined ? {} : { to: spec.to }),
  };
  return { ...scope, by };
}

/** The Knox request of `near-repeat` (and `profile add --knox`), each option checked so a bad one is wrong usage naming it. */
function nearRepeatRequestFrom(db: Database, values: Values): NearRepeatRequest {
  if (values['crime-type'] === undefined) throw new UsageError('near-repeat needs --crime-type <t>.');
  const distance = values.distance ?? 'euclidean';
  if (distance !== 'euclidean' && distance !== 'manhattan') throw new UsageError('--distance must be euclidean or manhattan.');
  const spec = specFrom({ ...values, rows: 'crime_type' });
  checkFilterValues(db, spec.filters);
  const number = (name: keyof Values): number | undefined => {
    const text = values[name];
    return typeof text === 'string' ? positiveNumber(`--${name}`, text) : undefined;
  };
  const request: NearRepeatRequest = { crimeType: values['crime-type'], filters: spec.filters, distance };
  if (spec.from !== undefined) request.from = spec.from;
  if (spec.to !== undefined) request.to = spec.to;
  const assign = <K extends keyof NearRepeatRequest>(key: K, value: NearRepeatRequest[K] | undefined): void => {
    if (value !== undefined) request[key] = value;
  };
  // Option values are checked here so a bad one is wrong usage (exit 2) naming the option.
  const checked = (name: keyof Values, ok: (n: number) => boolean, what: string): number | undefined => {
    const value = number(name);
    if (value !== undefined && !ok(value)) throw new UsageError(`--${name} must be ${what}; got "${String(values[name])}".`);
    return value;
  };
  const whole = (n: number): boolean => Number.isInteger(n) && n >= 1;
  assign('spaceBand', checked('space-band', (n) => n > 0, 'a positive number of metres'));
  assign('spaceBands', checked('space-bands', whole, 'a whole number of at least 1'));
  assign('timeBand', checked('time-band', (n) => n > 0, 'a positive number of days'));
  assign('timeBands', checked('time-bands', whole, 'a whole number of at least 1'));
  assign('permutations', checked('permutations', Number.isInteger, 'a whole number (999 is usual)'));
  assign('seed', checked('seed', Number.isInteger, 'a whole number'));
  assign('flagSpace', number('flag-space'));
  assign('flagDays', number('flag-days'));
  for (const name of ['space-breaks', 'time-breaks'] as const) {
    const text = values[name];
    if (text === undefined) continue;
    let edges: number[];
    try {
      edges = parseBreaks(text);
    } catch {
      edges = [];
    }
    if (edges.length < 2 || (edges[0] ?? -1) < 0) {
      throw new UsageError(`--${name} must be two or more band edges from 0 up, strictly increasing, the last may be Inf (e.g. 0,100,200); got "${text}".`);
    }
  }
  assign('spaceBreaks', values['space-breaks']);
  assign('timeBreaks', values['time-breaks']);
  return request;
}

/** The question and answers of `survey` (and `profile add --survey`), checked. */
function surveyRequestFrom(values: Values): { query: SurveyQuery; request: SurveyRequest } {
  if (values.question === undefined || values.positive === undefined) throw new UsageError('survey needs --question <q_column> and --positive "<label>,<label>".');
  const positive = values.positive.split(',').map((v) => v.trim()).filter((v) => v !== '');
  if (positive.length === 0) throw new UsageError('--positive needs at least one answer label.');
  const by: SurveyGroup[] = byList(values).map((g) => {
    if (!isSurveyGroup(g)) throw new UsageError(`--by must be one of ${SURVEY_GROUPS.join(', ')}; got "${g}".`);
    return g;
  });
  if (values.wave !== undefined && !/^\d{4}$/.test(values.wave)) throw new UsageError(`--wave must be a survey year (YYYY); got "${values.wave}".`);
  const level = values.level === undefined ? 95 : Number(values.level);
  try {
    confidenceFraction(level);
  } catch {
    throw new UsageError(`--level must be a confidence level between 90 and 100 (e.g. 95 or 99.8); got "${values.level ?? ''}".`);
  }
  return {
    query: { question: values.question, ...(values.wave === undefined ? {} : { wave: Number(values.wave) }) },
    request: { positive, by, level },
  };
}

async function surveyCommand(args: string[], values: Values): Promise<string> {
  const path = single(args, 'survey <wb> --question <q_column> --positive "<label>,<label>" [--by area|age_band|wave]... [--wave YYYY] [--level 95]');
  const { query, request } = surveyRequestFrom(values);
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv; got "${format}".`);
  const db = await openExisting(path);
  // Against the rest flat beside the share (grouped first by area or age band), so a CSV has a column for each.
  const results = surveyFromStore(db, query, request).map(({ against_rest: against, ...result }) =>
    against === undefined
      ? result
      : {
          ...result,
          against_rest: against?.verdict ?? null,
          rest_estimate: against?.rest_estimate ?? null,
          difference: against?.difference ?? null,
          p_value: against?.p_value ?? null,
          q_value: against?.q_value ?? null,
        },
  );
  return formatSeriesRows(results, 'group', values);
}

async function profileCommand(args: string[], values: Values): Promise<string> {
  const [verb, path, ...extra] = args;
  if ((verb !== 'add' && verb !== 'export') || path === undefined || extra.length > 0) {
    throw new UsageError('Expected: profile add <wb> --name <profile> (--view <n> [--caption "..."] | --text "...") or profile export <wb> --name <profile> --out <file.docx> [--no-suppression]');
  }
  if (values.name === undefined) throw new UsageError(`profile ${verb} needs --name <profile>.`);
  const db = await openExisting(path);
  if (verb === 'add' && values.flags === true) {
    // A flags summary, as the Flags tab adds one: its split, filters and months as given (checked now, as `flags` does).
    const by = (values.by === undefined ? ['crime_type'] : byList(values)).map((d) => dimensionOption('--by', d));
    const spec = specFrom({ ...values, rows: by.join(',') });
    checkFilterValues(db, spec.filters);
    const settings = { by, filters: spec.filters, ...(spec.from === undefined ? {} : { from: spec.from }), ...(spec.to === undefined ? {} : { to: spec.to }) };
    addProfileItem(db, values.name, { kind: 'flags', settings, ...(values.caption === undefined ? {} : { caption: values.caption }) });
    await saveTo(db, path);
    return '';
  }
  const analysisKinds = (['repeats', 'knox', 'survey'] as const).filter((k) => values[k] === true);
  if (verb === 'add' && analysisKinds.length > 0) {
    if (analysisKinds.length > 1 || values.flags === true || values.chart !== undefined || values.view !== undefined || values.text !== undefined) {
      throw new UsageError('profile add takes one item at a time: --repeats, --knox, --survey, --flags, --chart, --view or --text.');
    }
    // The request as the repeats, near-repeat and survey commands take it, run now to check it (and again at export).
    const kind = analysisKinds[0];
    const analysis: TableAnalysis =
      kind === 'repeats'
        ? { analysis: 'repeats', request: repeatsRequestFrom(db, values) }
        : kind === 'knox'
          ? { analysis: 'near-repeat', request: nearRepeatRequestFrom(db, values) }
          : { analysis: 'survey', ...surveyRequestFrom(values) };
    analysisTable(db, analysis.analysis === 'near-repeat' ? { ...analysis, request: { ...analysis.request, permutations: 0 } } : analysis, null, { suppression: false, threshold: 5 });
    addProfileItem(db, values.name, { kind: 'analysis', analysis, ...(values.caption === undefined ? {} : { caption: values.caption }) });
    await saveTo(db, path);
    return '';
  }
  if (verb === 'add' && values.chart !== undefined) {
    const chart = chartAnalysisFrom(values);
    analysisChart(db, chart);
    addProfileItem(db, values.name, { kind: 'chart', chart, ...(values.caption === undefined ? {} : { caption: values.caption }) });
    await saveTo(db, path);
    return '';
  }
  if (verb === 'add') {
    if ((values.view === undefined) === (values.text === undefined)) throw new UsageError('profile add needs one of --view <n>, --chart age-profile|iquanta, --flags, --repeats, --knox, --survey or --text "<commentary>".');
    if (values.view !== undefined) {
      getView(db, values.view);
      addProfileItem(db, values.name, { kind: 'view', viewName: values.view, ...(values.caption === undefined ? {} : { caption: values.caption }) });
    } else {
      if (values.caption !== undefined) throw new UsageError('--caption goes with --view, not --text.');
      addProfileItem(db, values.name, { kind: 'text', text: values.text ?? '' });
    }
    await saveTo(db, path);
    return '';
  }
  const isHtml = values.out !== undefined && /\.html?$/i.test(values.out);
  if (values.out === undefined || !(isHtml || values.out.toLowerCase().endsWith('.docx'))) throw new UsageError('profile export needs --out <file.docx> or --out <file.html>.');
  const profile = getProfile(db, values.name);
  const preset: SizePreset = 'a4';
  const size = chartSize(preset);
  const items = await renderPlan(planProfile(db, profile, { width: size.width, suppression: values['no-suppression'] !== true }), (option) => ({
    png: renderChart(option, preset).png,
    widthMm: size.widthMm ?? 170,
    heightMm: size.heightMm ?? 100,
  }));
  const documentOptions = { suppression: values['no-suppression'] !== true, info: workbenchInfo(db) };
  const bytes = isHtml ? new TextEncoder().encode(buildProfileHtml(profile, items, documentOptions)) : await buildProfileDocx(profile, items, documentOptions);
  await writeOutput(values.out, bytes);
  return '';
}

/** The analysis of `profile add --chart ...`; the chart is checked by running it, so a bad area or no population fails now. */
function chartAnalysisFrom(values: Values): ChartAnalysis {
  const range = { ...(values.from === undefined ? {} : { from: values.from }), ...(values.to === undefined ? {} : { to: values.to }) };
  if (values.chart === 'age-profile') {
    const count = values.count ?? 'victims';
    if (count !== 'victims' && count !== 'records') throw new UsageError(`--count must be victims or records; got "${count}".`);
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !Number.isInteger(year)) throw new UsageError(`--year must be a year such as 2023; got "${values.year ?? ''}".`);
    const { filters } = specFrom({ ...values, rows: 'district', measure: 'count' });
    return { analysis: 'age-profile', request: { filters, ...range, count, ...(year === undefined ? {} : { year }) } };
  }
  if (values.chart === 'iquanta') {
    if (values.area === undefined || values.measure === undefined) throw new UsageError('--chart iquanta needs --area "<area>" and --measure "<measure>".');
    return { analysis: 'iquanta', request: { area: values.area, measure: values.measure, ...range } };
  }
  throw new UsageError(`--chart for a profile must be age-profile or iquanta; got "${values.chart ?? ''}".`);
}

/** The Flags panel's kinds, and the forecast (the panel draws it on the trend chart). */
const CLI_FLAG_KINDS = [...FLAG_KINDS, 'forecast'] as const;

async function flagsCommand(args: string[], values: Values): Promise<string> {
  const [kind, path, ...extra] = args;
  if (kind === undefined || !(CLI_FLAG_KINDS as readonly string[]).includes(kind) || path === undefined || extra.length > 0) {
    throw new UsageError(`Expected: flags ${CLI_FLAG_KINDS.join('|')} <wb> [--by crime_type,district] [--where ...] [--from YYYY-MM] [--to YYYY-MM]`);
  }
  const db = await openExisting(path);
  const by = (values.by === undefined ? ['crime_type'] : byList(values)).map((d) => dimensionOption('--by', d));
  const spec = specFrom({ ...values, rows: by.join(',') });
  checkFilterValues(db, spec.filters);
  const analysed = analyseAll(db, { by, filters: spec.filters, ...(spec.from === undefined ? {} : { from: spec.from }), ...(spec.to === undefined ? {} : { to: spec.to }) });
  const flags =
    kind === 'seasonality' ? seasonalityFlags(analysed) : kind === 'trend' ? trendFlags(analysed) : kind === 'forecast' ? forecastFlags(analysed) : exceptionFlags(analysed);
  const format = values.format ?? 'json';
  if (format === 'csv') return flagsToCsv(flags);
  if (format !== 'json') throw new UsageError(`--format must be json or csv; got "${format}".`);
  return json(flags);
}

/** One row per series: its `--by` values, then each field (lists and objects as JSON text). */
function flagsToCsv(flags: readonly { series: Record<string, string> }[]): string {
  return seriesRowsToCsv(flags, 'series');
}

/** Rows whose `key` object holds the --by values (flags' and repeats' series, the survey's group) as CSV: those values first. */
function seriesRowsToCsv<K extends string>(list: readonly ({ [key in K]: Record<string, string> } & object)[], key: K): string {
  const cell = (value: unknown): string | number | null =>
    typeof value === 'number' || typeof value === 'string' ? value : value === null || value === undefined ? null : JSON.stringify(value);
  const rows: Record<string, unknown>[] = list.map((item) => {
    const { [key]: series, ...fields } = item;
    return { ...series, ...fields };
  });
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return toCsv([columns, ...rows.map((row) => columns.map((column) => cell(row[column])))]);
}

/** `--format json` (the default) or `csv` for a list of series. */
function formatSeriesRows<K extends string>(list: readonly ({ [key in K]: Record<string, string> } & object)[], key: K, values: Values): string {
  const format = values.format ?? 'json';
  if (format === 'csv') return seriesRowsToCsv(list, key);
  if (format !== 'json') throw new UsageError(`--format must be json or csv; got "${format}".`);
  return json(list);
}

/** Commands that print one JSON document (not a list of rows) refuse another --format rather than ignore it. */
function jsonOnly(values: Values, command: string): void {
  if (values.format !== undefined && values.format !== 'json') throw new UsageError(`${command} prints JSON only; drop --format ${values.format}.`);
}

function positiveNumber(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`${name} must be a non-negative number; got "${text}".`);
  return value;
}

/** A window: zero days would find no repeat and is surely a slip. */
function moreThanZero(name: string, text: string, unit: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${name} must be a number of ${unit} above 0; got "${text}".`);
  return value;
}

function wholeNumber(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${name} must be a whole number of at least 1; got "${text}".`);
  return value;
}

function single(args: string[], form: string): string {
  if (args.length !== 1 || args[0] === undefined) throw new UsageError(`Expected: ${form}`);
  return args[0];
}

async function openExisting(path: string): Promise<Database> {
  if (!existsSync(path)) throw new WorkbenchError({ code: 'bad-input', file: path, message: `${path}: no such workbench file.` });
  const SQL = await loadSqlJs();
  return openWorkbench(SQL, await readFile(path), basename(path));
}

async function saveTo(db: Database, path: string): Promise<void> {
  await writeOutput(path, exportWorkbench(db), 'the workbench');
}

/** A CSV file for the analyst (Excel-bound), with the BOM as the app saves it; CSV on stdout has none. */
async function writeCsvFile(path: string, csv: string, what = '--out'): Promise<void> {
  await writeOutput(path, new TextEncoder().encode(withUtf8Bom(csv)), what);
}

/**
 * An atomic write that, when it fails, names the file asked for (not the
 * temporary file beside it) and says why in words, as bad input (exit 1).
 */
async function writeOutput(path: string, bytes: Uint8Array, what = '--out'): Promise<void> {
  try {
    await writeFileAtomic(path, bytes);
  } catch (error) {
    const code = errorCode(error);
    const why =
      code === 'ENOENT' ? `the folder ${dirname(path)} does not exist`
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === READ_ONLY_CODE ? 'the file is read-only (it was left as it is)'
      : code === 'EISDIR' ? 'it is a folder'
      : code === 'ENOSPC' ? 'the disk is full'
      : error instanceof Error ? error.message : String(error);
    throw new WorkbenchError({ code: 'bad-input', file: path, message: `${path}: cannot write ${what}: ${why}.` });
  }
}

async function importCommand(args: string[], values: Values): Promise<{ stdout: string; stderr: string }> {
  const [path, ...files] = args;
  if (path === undefined || files.length === 0) throw new UsageError('Expected: import <wb> <file>...');
  const kind = values.kind;
  if (kind !== undefined && !(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`--kind must be one of ${IMPORT_KINDS.join(', ')}.`);
  }
  const year = values.year;
  if (year !== undefined && !/^\d{4}$/.test(year)) throw new UsageError(`--year must be a year (YYYY); got "${year}".`);
  // Before any reading or writing: a workbench that cannot be saved there would fail after the --rejects file is written.
  if (!existsSync(dirname(resolve(path)))) {
    throw new WorkbenchError({ code: 'bad-input', file: path, message: `${path}: cannot write the workbench: the folder ${dirname(resolve(path))} does not exist.` });
  }
  const SQL = await loadSqlJs();
  let db = existsSync(path) ? openWorkbench(SQL, await readFile(path), basename(path)) : createWorkbench(SQL);
  // Read now: readyForImport may move the workbench into a new database.
  const upgrade = workbenchUpgrade(db);
  const inputs = [];
  for (const file of files) {
    if (!existsSync(file) || !(await stat(file)).isFile()) {
      throw new WorkbenchError({ code: 'bad-input', file, message: `${file}: no such file.` });
    }
    inputs.push({ name: basename(file), bytes: await readFile(file) });
  }
  const sheets = sheetOption(values.sheet, inputs);
  const columnRefs = mapOption(values.map ?? []);
  const mappings: Record<string, FileMapping> | undefined =
    columnRefs === null
      ? undefined
      : Object.fromEntries(
          inputs.map((input) => [input.name, { ...(kind === undefined ? {} : { kind: kind as ImportKind }), columns: {}, columnRefs, keepAutomatic: true }]),
        );
  db = readyForImport(db, SQL, inputs);
  let reports;
  try {
    reports = await importFiles(db, inputs, {
      ...(kind === undefined ? {} : { kind: kind as ImportKind }),
      ...(year === undefined ? {} : { year: Number(year) }),
      ...(mappings === undefined ? {} : { mappings }),
      ...(sheets === undefined ? {} : { sheets }),
      parseWorker: nodeParseWorker,
    });
  } catch (error) {
    const hinted = error instanceof WorkbenchError && error.code === 'needs-mapping' ? withMapHint(error) : error;
    // The core names the workbook's other sheets when the one read has no extract header: say how to pick one here.
    if (hinted instanceof WorkbenchError && sheets === undefined && hinted.message.includes("the workbook's other sheets")) {
      throw new WorkbenchError({ ...hinted.toInfo(), message: `${hinted.message}\nChoose the sheet with --sheet <name|number>.` });
    }
    throw hinted;
  }
  // The rejects file first: if it cannot be written the import fails and the workbench is left as it was.
  if (values.rejects !== undefined) await writeCsvFile(values.rejects, rejectsToCsv(reports), '--rejects');
  await saveTo(db, path);
  // Warnings (Windows-1252 text, a title or totals row skipped, a saved mapping applied) on stderr: stdout is the result only.
  const warnings = reports.flatMap((report) => report.warnings).map((warning) => `Warning: ${warning}\n`).join('');
  // An older file is now saved in the current format, which the builds before it cannot open: say so.
  const upgraded =
    upgrade === null ? '' : `Note: ${basename(path)} was in an older file format (schema ${upgrade.fromSchema}, saved by version ${upgrade.savedBy || 'unknown'}) and is now saved in the current one (schema ${SCHEMA_VERSION}).\n`;
  const stdout = json(
    reports.map(({ file, kind: k, read, accepted, rejected, duplicate, updated, mapping, mappingSource, mappingSavedAt, header, sheet }) => ({
      file,
      // XLSX only: the sheet that was read.
      ...(sheet === undefined ? {} : { sheet }),
      kind: k,
      read,
      accepted,
      rejected,
      duplicate,
      updated,
      // Only when the columns were not found by name: which mapping was used, field -> header cell.
      ...(mappingSource === 'explicit' || mappingSource === 'saved'
        ? { mapping: { source: mappingSource, ...(mappingSavedAt === undefined ? {} : { savedAt: mappingSavedAt }), columns: namedColumns(mapping ?? {}, header ?? []) } }
        : {}),
    })),
  );
  return { stdout, stderr: `${upgraded}${warnings}` };
}

/** `--sheet` for every XLSX input (CSV inputs have no sheets); wrong usage when no input is XLSX or the value is blank. */
function sheetOption(sheet: string | undefined, inputs: readonly ImportFileInput[]): Record<string, string> | undefined {
  if (sheet === undefined) return undefined;
  if (sheet.trim() === '') throw new UsageError('--sheet must be a sheet name or a 1-based sheet number.');
  const workbooks = inputs.filter((input) => isXlsxFile(input));
  if (workbooks.length === 0) throw new UsageError(`--sheet applies to XLSX workbooks, and none of the files given is one (${inputs.map((i) => i.name).join(', ')}).`);
  return Object.fromEntries(workbooks.map((input) => [input.name, sheet]));
}

/** `--map a=X,b=3 --map c=Y` as field -> column reference; null when not given. Commas may sit inside a column name unless a field= follows. */
function mapOption(clauses: readonly string[]): Record<string, string> | null {
  if (clauses.length === 0) return null;
  const refs: Record<string, string> = {};
  for (const clause of clauses) {
    for (const part of clause.split(/,(?=\s*[A-Za-z_][A-Za-z0-9_]*\s*=)/)) {
      const at = part.indexOf('=');
      const field = at < 0 ? '' : part.slice(0, at).trim();
      const column = at < 0 ? '' : part.slice(at + 1).trim().replace(/^"(.*)"$/, '$1');
      if (field === '' || column === '') throw new UsageError(`--map must be <field>=<column>[,<field>=<column>...] (a header name or a 1-based column number); got "${part}".`);
      if (refs[field] !== undefined) throw new UsageError(`--map gives ${field} twice.`);
      refs[field] = column;
    }
  }
  return refs;
}

/** Field -> header cell (or "column N" when the cell is blank), for the JSON output. */
function namedColumns(mapping: ColumnMapping, header: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).map(([field, index]) => [field, (header[index] ?? '').trim() || `column ${index + 1}`]));
}

/** A needs-mapping error as the command line says it: the unmapped required fields and the --map that would import the file. */
function withMapHint(error: WorkbenchError): WorkbenchError {
  const detail = error.needsMapping;
  if (detail === undefined) return error;
  const fields = new Map(LAYOUTS.filter((l) => l.kind === detail.kind).flatMap((l) => l.fields.map((f) => [f.name, f] as const)));
  const quote = (name: string): string => (/^[\w.-]+$/.test(name) ? name : `"${name.replace(/"/g, '')}"`);
  const required = [...fields.values()].filter((f) => f.required === true && (detail.mapping[f.name] !== undefined || detail.missing.includes(f.name))).map((f) => f.name);
  const lines = [error.message];
  if (detail.missing.length > 0) {
    lines.push(`Unmapped required field${detail.missing.length === 1 ? '' : 's'}: ${detail.missing.map((f) => `${f} (${fields.get(f)?.label ?? f})`).join(', ')}.`);
  }
  const suggested = required.filter((f) => detail.mapping[f] !== undefined);
  if (suggested.length > 0) {
    lines.push(`Columns so far: ${suggested.map((f) => `${f} (${fields.get(f)?.label ?? f}) = ${columnName(detail.header, detail.mapping[f] ?? 0)}`).join('; ')}.`);
  }
  const example = required.map((f) => `${f}=${detail.mapping[f] === undefined ? '<column>' : quote(detail.header[detail.mapping[f] ?? 0] ?? '') || String((detail.mapping[f] ?? 0) + 1)}`);
  lines.push(`Import it with --map ${example.join(',')} (a header name or a 1-based column number); the header's columns are ${detail.header.map((_, i) => columnName(detail.header, i)).join(', ')}.`);
  const info = error.toInfo();
  return new WorkbenchError({ ...info, message: lines.join('\n') });
}

function dimensionOption(name: string, value: string): Dimension {
  if (!isDimension(value)) throw new UsageError(`${name} must be one of ${DIMENSIONS.join(', ')}; got "${value}".`);
  return value;
}

function specFrom(values: Values): PivotSpec {
  if (values.rows === undefined) throw new UsageError('--rows <dim> is required.');
  const measure = values.measure ?? 'count';
  if (!isMeasure(measure)) throw new UsageError(`--measure must be one of ${MEASURES.join(', ')}; got "${measure}".`);
  const filters: PivotFilter[] = [];
  for (const clause of values.where ?? []) {
    const at = clause.indexOf('=');
    if (at <= 0) throw new UsageError(`--where must be <dim>=<value>; got "${clause}".`);
    const dimension = dimensionOption('--where', clause.slice(0, at).trim());
    const value = clause.slice(at + 1);
    const existing = filters.find((f) => f.dimension === dimension);
    if (existing) existing.values.push(value);
    else filters.push({ dimension, values: [value] });
  }
  const spec: PivotSpec = {
    rows: values.rows.split(',').map((d) => dimensionOption('--rows', d.trim())),
    columns: values.cols === undefined ? [] : values.cols.split(',').map((d) => dimensionOption('--cols', d.trim())),
    measure,
    filters,
  };
  if (values.from !== undefined) spec.from = values.from;
  if (values.to !== undefined) spec.to = values.to;
  // YYYY-MM compares as text; the form itself is checked with the spec.
  const month = /^\d{4}-\d{2}$/;
  if (spec.from !== undefined && spec.to !== undefined && month.test(spec.from) && month.test(spec.to) && spec.from > spec.to) {
    throw new UsageError(`--from ${spec.from} is after --to ${spec.to}: give the earlier month first.`);
  }
  return spec;
}

/**
 * Each --where value must be one the workbench knows (any case), else the
 * filter would silently match nothing: a typo, or `domestic=Y` where the
 * pivot says Yes. The error lists the values there are.
 */
function checkFilterValues(db: Database, filters: readonly PivotFilter[]): void {
  const lookups = loadLookups(db, filters.map((f) => f.dimension));
  for (const { dimension, values } of filters) {
    const iquanta = isIquantaDimension(dimension);
    const known = (listed: readonly string[]) => (value: string) =>
      iquanta ? listed.some((label) => label.toLowerCase() === value.trim().toLowerCase()) : encodeLabel(dimension, value, lookups) !== undefined;
    const present = (): string[] =>
      runPivot(db, { rows: [dimension], columns: [], measure: iquanta ? 'iq_value' : 'count', filters: [] }).rows.map((row) => row.key[0] ?? '');
    const listed = iquanta ? present() : [];
    const unknown = values.find((value) => !known(listed)(value));
    if (unknown === undefined) continue;
    const all = iquanta ? listed : present();
    const shown = all.length > 30 ? `${all.slice(0, 30).join(', ')}, ... (${all.length} in all)` : all.join(', ');
    throw new WorkbenchError({
      code: 'bad-input',
      field: dimension,
      message: `--where ${dimension}=${unknown}: the workbench has no ${DIMENSION_LABELS[dimension].toLowerCase()} value "${unknown}"; ${all.length === 0 ? 'it has none' : `its values are ${shown}`}.`,
    });
  }
}

function formatPivot(result: PivotResult, values: Values): string {
  const format = values.format ?? 'csv';
  if (values.intervals === true && result.spec.measure !== 'rate') throw new UsageError('--intervals applies to --measure rate.');
  if (format === 'csv') return pivotToCsv(result, { totals: values.totals === true, intervals: values.intervals === true });
  if (format !== 'json') throw new UsageError(`--format must be csv or json; got "${format}".`);
  const columnNames = result.columns.map((labels) => labels.join(' / '));
  const byColumn = <T>(cells: readonly T[]): Record<string, T | null> => Object.fromEntries(columnNames.map((name, j) => [name === '' ? 'value' : name, cells[j] ?? null]));
  return json({
    measure: result.spec.measure,
    rows: result.spec.rows,
    columns: result.spec.columns,
    columnValues: columnNames,
    data: result.rows.map((row) => ({
      ...Object.fromEntries(result.spec.rows.map((dimension, i) => [dimension, row.key[i] ?? ''])),
      cells: byColumn(row.values),
      // Text measures (iQuanta position "Above", rank "3 of 15") also give the text shown.
      ...(row.text === undefined ? {} : { text: byColumn(row.text) }),
      total: row.total,
      // A rate's 95% confidence interval per cell and for the row's total, always in JSON (fields are added, none changed).
      ...(row.intervals === undefined ? {} : { intervals: byColumn(row.intervals), totalInterval: row.totalInterval ?? null }),
    })),
    columnTotals: byColumn(result.columnTotals),
    ...(result.columnTotalIntervals === undefined ? {} : { columnTotalIntervals: byColumn(result.columnTotalIntervals) }),
    grandTotal: result.grandTotal,
    ...(result.grandTotalInterval === undefined ? {} : { grandTotalInterval: result.grandTotalInterval }),
    notes: result.notes,
  });
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
