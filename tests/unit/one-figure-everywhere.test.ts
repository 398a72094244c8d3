/**
 * One figure everywhere: a Mansfield local profile's figures, computed here
 * from the generated extract files themselves (parsed in this test, never
 * through the importer), against every place an analyst copies them from:
 * the command line (`pivot`, `repeats`, `survey`, `flags`, `export --view`
 * CSV and XLSX), the grid's cell text, the Word profile pack's tables and
 * the figures a chart export carries (its data and its labels).
 *
 * Expected figures are exact fractions (records x 1,000 / residents, and so
 * on) rounded half away from zero to one decimal place in whole-number
 * arithmetic, so no float noise in the expectation can hide a rounding slip
 * in an output. Empty versus zero follows CLI.md's Units paragraph: counts
 * are 0, a rate or change that cannot be computed is empty.
 */
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { runCli } from '../../electron/cli/run-cli';
import { formatMeasure } from '../../renderer/src/format';
import { analysisChart } from '../../shared/charts/analysis-chart';
import { surveyChart, surveyChartRows } from '../../shared/charts/builders';
import { viewChart } from '../../shared/charts/view-chart';
import { shownPivots } from '../../shared/export/view-table';
import { workbenchInfo } from '../../shared/info';
import type { Measure, PivotSpec } from '../../shared/pivot/spec';
import { addProfileItem } from '../../shared/profile/store';
import { getView } from '../../shared/views';
import { formatFraction, roundFigure } from '../../shared/figures';
import { exportWorkbench, openWorkbench } from '../../shared/workbench';
import { csvRows, readCsvFile } from '../helpers/csv-file';
import { countIndependently, policeUkFiles } from '../helpers/police-uk-data';
import { docxTables, documentLabel, htmlTables } from '../helpers/profile-tables';

// ---------------------------------------------------------------- exact figures, rounded as analysts are told

/** num / den (den > 0) to `decimals` places, half away from zero, as whole-number arithmetic: the digits as text. */
function exactRounded(num: number, den: number, decimals = 1): { negative: boolean; digits: string } {
  if (!Number.isInteger(num) || !Number.isInteger(den) || den <= 0) throw new Error(`exactRounded needs whole numbers: ${num}/${den}`);
  const scale = 10n ** BigInt(decimals);
  const n = BigInt(Math.abs(num)) * scale;
  const d = BigInt(den);
  const units = (2n * n + d) / (2n * d);
  const whole = (units / scale).toString();
  const fraction = (units % scale).toString().padStart(decimals, '0');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return { negative: num < 0 && units !== 0n, digits: decimals === 0 ? grouped : `${grouped}.${fraction}` };
}

/** Decimal places: iQuanta's rates (and MSG averages) two, as iQuanta publishes them; every other figure one. */
type FigureKind = 'rate' | 'published_rate' | 'percent' | 'change';
const placesOf = (kind: FigureKind): number => (kind === 'published_rate' ? 2 : 1);

/** A rate or share above nought that rounds to nought: GSS's `[low]`, in the grid and every export alike. */
function isLow(num: number, den: number, kind: FigureKind): boolean {
  return kind !== 'change' && num > 0 && /^[0.,]+$/.test(exactRounded(num, den, placesOf(kind)).digits);
}

/** The figure as the grid shows it: rates `12.3` (iQuanta's `1.28`), shares `12.3%`, changes `+12.3%` / `-12.3%` / `0.0%`; `[low]`. */
function shown(num: number, den: number, kind: FigureKind): string {
  if (isLow(num, den, kind)) return '[low]';
  const { negative, digits } = exactRounded(num, den, placesOf(kind));
  if (kind === 'rate' || kind === 'published_rate') return `${negative ? '-' : ''}${digits}`;
  if (kind === 'percent') return `${negative ? '-' : ''}${digits}%`;
  return `${negative ? '-' : digits === '0.0' ? '' : '+'}${digits}%`;
}

/** The figure rounded to its decimal places as a plain number (what `pivot --format csv` prints, rounded as shown). */
function roundedFigure(num: number, den: number, kind: FigureKind = 'rate'): string {
  const { negative, digits } = exactRounded(num, den, placesOf(kind));
  return `${negative ? '-' : ''}${digits.replace(/,/g, '')}`;
}

/** The same figure as a CSV export writes it: a plain number to the figure's decimal places, or `[low]` as the grid shows it. */
function csvFigure(num: number, den: number, kind: FigureKind = 'rate'): string {
  return isLow(num, den, kind) ? '[low]' : roundedFigure(num, den, kind);
}

// ---------------------------------------------------------------- the extracts, read here

interface Extract {
  month: string;
  day: number;
  finYear: string;
  crimeType: string;
  district: string;
  victimRef: string;
  victimAge: number | null;
  domestic: boolean;
}

function dayNumber(d: number, m: number, y: number): number {
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

function readDistrictExtract(path: string): Extract[] {
  const [header, ...rows] = csvRows(readFileSync(path, 'utf8'));
  const at = (name: string): number => header?.indexOf(name) ?? -1;
  const [date, type, district, victim, age, domestic] = ['committed_date', 'crime_type', 'district', 'victim_ref', 'victim_age', 'domestic'].map(at);
  return rows
    .filter((row) => row.length > 1)
    .map((row) => {
      const match = /^(\d{2})\/(\d{2})\/(\d{4})/.exec(row[date ?? -1] ?? '');
      if (!match) throw new Error(`bad date in ${path}: ${row.join(',')}`);
      const [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const ageText = row[age ?? -1] ?? '';
      return {
        month: `${y}-${String(m).padStart(2, '0')}`,
        day: dayNumber(d, m, y),
        finYear: m >= 4 ? `${y}/${String((y + 1) % 100).padStart(2, '0')}` : `${y - 1}/${String(y % 100).padStart(2, '0')}`,
        crimeType: row[type ?? -1] ?? '',
        district: row[district ?? -1] ?? '',
        victimRef: row[victim ?? -1] ?? '',
        victimAge: ageText === '' ? null : Number(ageText),
        domestic: row[domestic ?? -1] === 'Y',
      };
    });
}

/** Persons by district, mid-year and population age band (both sexes added). */
function readPopulation(path: string): Map<string, number> {
  const [header, ...rows] = csvRows(readFileSync(path, 'utf8'));
  const [area, year, band, population] = ['area_name', 'year', 'age_band', 'population'].map((n) => header?.indexOf(n) ?? -1);
  const persons = new Map<string, number>();
  for (const row of rows) {
    if (row.length < 2) continue;
    const key = `${row[area ?? -1]}|${row[year ?? -1]}|${row[band ?? -1]}`;
    persons.set(key, (persons.get(key) ?? 0) + Number(row[population ?? -1]));
  }
  return persons;
}

// The workbench's default victim bands and the population bands that make each up (0-17 = 0-9 + 10-17, 65+ = 65-74 + 75+).
const VICTIM_BANDS: readonly { name: string; min: number; max: number; population: readonly string[] }[] = [
  { name: '0-17', min: 0, max: 17, population: ['0-9', '10-17'] },
  { name: '18-24', min: 18, max: 24, population: ['18-24'] },
  { name: '25-34', min: 25, max: 34, population: ['25-34'] },
  { name: '35-44', min: 35, max: 44, population: ['35-44'] },
  { name: '45-54', min: 45, max: 54, population: ['45-54'] },
  { name: '55-64', min: 55, max: 64, population: ['55-64'] },
  { name: '65+', min: 65, max: 200, population: ['65-74', '75+'] },
];
const FIN_YEARS = ['2019/20', '2020/21', '2021/22', '2022/23', '2023/24'] as const;

// ---------------------------------------------------------------- the workbench, built by the command line

let dir: string;
let extracts: string;
let workbench: string;
let db: Database;
let records: Extract[];
let mansfield: Extract[];
let population: Map<string, number>;

async function cli(...argv: string[]): Promise<string> {
  const result = await runCli(argv);
  if (result.exitCode !== 0) throw new Error(`cli ${argv.join(' ')} exited ${result.exitCode}: ${result.stderr}`);
  return result.stdout;
}

const VIEWS: Record<string, { spec: PivotSpec; chart: 'table' | 'bar' | 'heatmap' }> = {
  'Rate by age band': { spec: { rows: ['age_band'], columns: ['fin_year'], measure: 'rate', filters: [{ dimension: 'district', values: ['Mansfield'] }] }, chart: 'table' },
  'Rate by age band, chart': {
    spec: { rows: ['age_band'], columns: ['fin_year'], measure: 'rate', filters: [{ dimension: 'district', values: ['Mansfield'] }], from: '2023-04', to: '2024-03' },
    chart: 'bar',
  },
  'FYTD': { spec: { rows: ['crime_type'], columns: ['fin_year'], measure: 'fytd', filters: [{ dimension: 'district', values: ['Mansfield'] }], to: '2023-12' }, chart: 'table' },
  'FYTD change': {
    spec: { rows: ['crime_type'], columns: ['fin_year'], measure: 'fytd_change', filters: [{ dimension: 'district', values: ['Mansfield'] }], to: '2023-12' },
    chart: 'table',
  },
  'Change on last year': { spec: { rows: ['crime_type'], columns: ['fin_year'], measure: 'change_year', filters: [{ dimension: 'district', values: ['Mansfield'] }] }, chart: 'table' },
  'Rolling 12 months': { spec: { rows: ['crime_type'], columns: ['month'], measure: 'rolling_12', filters: [{ dimension: 'district', values: ['Mansfield'] }], from: '2023-10' }, chart: 'table' },
  'Share of row': { spec: { rows: ['crime_type'], columns: ['district'], measure: 'share_row', filters: [], from: '2023-04', to: '2024-03' }, chart: 'table' },
  'Share of row, heatmap': {
    spec: { rows: ['crime_type'], columns: ['district'], measure: 'share_row', filters: [{ dimension: 'crime_type', values: ['Shoplifting', 'Anti-social behaviour', 'Arson'] }], from: '2023-04', to: '2024-03' },
    chart: 'heatmap',
  },
  'Nested': { spec: { rows: ['district', 'crime_type'], columns: ['fin_year', 'month'], measure: 'count', filters: [], from: '2023-01', to: '2023-06' }, chart: 'table' },
  'MSG average': {
    spec: { rows: ['iq_area'], columns: ['month'], measure: 'iq_msg_average', filters: [{ dimension: 'iq_measure', values: ['All crime'] }], from: '2023-10' },
    chart: 'table',
  },
};

function specArgs(spec: PivotSpec): string[] {
  return [
    '--rows', spec.rows.join(','),
    ...(spec.columns.length > 0 ? ['--cols', spec.columns.join(',')] : []),
    '--measure', spec.measure,
    ...spec.filters.flatMap((f) => f.values.flatMap((v) => ['--where', `${f.dimension}=${v}`])),
    ...(spec.from === undefined ? [] : ['--from', spec.from]),
    ...(spec.to === undefined ? [] : ['--to', spec.to]),
  ];
}

let docx: string[][][];
let printPage: string[][][];
let suppressedDocx: string[][][];
const tableOf = new Map<string, string[][]>();

async function buildProfile(): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'one-figure-'));
  extracts = join(dir, 'extracts');
  execFileSync(join(process.cwd(), 'node_modules/.bin/tsx'), ['scripts/generate.ts', '--seed', '1', '--records', '20000', '--out', extracts], { stdio: 'ignore' });
  records = ['district-mansfield.csv', 'district-ashfield.csv'].flatMap((f) => readDistrictExtract(join(extracts, f)));
  mansfield = records.filter((r) => r.district === 'Mansfield');
  population = readPopulation(join(extracts, 'population-long.csv'));
  workbench = join(dir, 'profile.workbench');
  await cli('import', workbench, ...['district-mansfield.csv', 'district-ashfield.csv', 'population-long.csv', 'iquanta-long.csv', 'respect-survey.csv'].map((f) => join(extracts, f)));
  for (const [name, { spec, chart }] of Object.entries(VIEWS)) await cli('view', 'save', workbench, '--name', name, ...specArgs(spec), '--chart', chart);
  for (const name of Object.keys(VIEWS)) if (VIEWS[name]?.chart === 'table') await cli('profile', 'add', workbench, '--name', 'Mansfield', '--view', name);
  await cli('profile', 'add', workbench, '--name', 'Mansfield', '--chart', 'iquanta', '--area', 'Mansfield CSP', '--measure', 'All crime', '--from', '2023-04');
  // A flags summary (the app's Profiles tab adds these; the command line has no verb for it).
  const SQL = await loadSqlJs();
  const withFlags = openWorkbench(SQL, readFileSync(workbench), 'profile.workbench');
  addProfileItem(withFlags, 'Mansfield', { kind: 'flags', settings: { by: ['crime_type'], filters: [{ dimension: 'district', values: ['Mansfield'] }] } });
  writeFileSync(workbench, exportWorkbench(withFlags));
  await cli('profile', 'export', workbench, '--name', 'Mansfield', '--out', join(dir, 'profile.docx'), '--no-suppression');
  docx = docxTables(readFileSync(join(dir, 'profile.docx')));
  // The print page (the app's PDF) and the pack as sent, with disclosure control on.
  await cli('profile', 'export', workbench, '--name', 'Mansfield', '--out', join(dir, 'profile.html'), '--no-suppression');
  printPage = htmlTables(readFileSync(join(dir, 'profile.html'), 'utf8'));
  await cli('profile', 'export', workbench, '--name', 'Mansfield', '--out', join(dir, 'profile-suppressed.docx'));
  suppressedDocx = docxTables(readFileSync(join(dir, 'profile-suppressed.docx')));
  const tableNames = Object.keys(VIEWS).filter((name) => VIEWS[name]?.chart === 'table');
  tableNames.forEach((name, i) => tableOf.set(name, docx[i] ?? []));
  tableOf.set('Flags', docx[tableNames.length] ?? []);
  db = openWorkbench(SQL, readFileSync(workbench), 'profile.workbench');
}

// ---------------------------------------------------------------- every output of one view

interface ViewOutputs {
  /** CLI `pivot --format json`: row key -> column -> raw figure. */
  json: Map<string, Map<string, number | null>>;
  jsonTotals: Map<string, number | null>;
  /** CLI `pivot --format csv --totals` (stdout, unrounded to 6 decimals): row -> column -> cell text. */
  cliCsv: Map<string, Map<string, string>>;
  /** `export --view x.csv`: row label -> column heading -> cell text. */
  csv: Map<string, Map<string, string>>;
  /** `export --view x.xlsx`: row label -> column heading -> cell value, and the figures' number format. */
  xlsx: Map<string, Map<string, number | string | null>>;
  xlsxFormat: string;
  /** The Word profile's table: row label -> column heading -> cell text. */
  docx: Map<string, Map<string, string>>;
}

function byLabel<T>(rows: readonly (readonly T[])[], label: (cell: T | undefined) => string): Map<string, Map<string, T>> {
  const [columns = [], ...body] = rows;
  return new Map(body.map((row) => [label(row[0]), new Map(columns.slice(1).map((c, j) => [label(c), row[j + 1] as T]))]));
}

async function outputsOf(name: string): Promise<ViewOutputs> {
  const view = VIEWS[name];
  if (view === undefined) throw new Error(name);
  return outputsFor(workbench, dir, name, view.spec, tableOf.get(name) ?? []);
}

/** A saved view's figures from the CLI's pivot JSON, its CSV and XLSX exports, and the given Word table. */
async function outputsFor(path: string, folder: string, name: string, spec: PivotSpec, docxTable: string[][]): Promise<ViewOutputs> {
  const parsed = JSON.parse(await cli('pivot', path, ...specArgs(spec), '--format', 'json')) as {
    data: { cells: Record<string, number | null>; total: number | null; [dim: string]: unknown }[];
  };
  const key = (row: (typeof parsed.data)[number]): string => spec.rows.map((d) => String(row[d])).join(' / ');
  const json = new Map(parsed.data.map((row) => [key(row), new Map(Object.entries(row.cells))]));
  const jsonTotals = new Map(parsed.data.map((row) => [key(row), row.total]));
  const cliCsv = byLabel(csvRows(await cli('pivot', path, ...specArgs(spec), '--format', 'csv', '--totals')), (c) => c ?? '');

  const csvPath = join(folder, `${name}.csv`);
  await cli('export', path, '--view', name, '--out', csvPath);
  const csvTable = csvRows(readCsvFile(csvPath));
  const headerEnd = csvTable.findIndex((row) => row.length === 1 && row[0] === '');
  const csv = byLabel(csvTable.slice(headerEnd + 1), (c) => c ?? '');

  const xlsxPath = join(folder, `${name}.xlsx`);
  await cli('export', path, '--view', name, '--out', xlsxPath);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(new Uint8Array(readFileSync(xlsxPath)).buffer);
  const sheet = book.worksheets[0];
  if (sheet === undefined) throw new Error('no sheet');
  const sheetRows: (number | string | null)[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    sheetRows.push(values.map((v) => (typeof v === 'number' || typeof v === 'string' ? v : null)));
  });
  const tableStart = sheetRows.findIndex((row) => row.every((v) => v === null) || row.length === 0);
  const xlsx = byLabel(sheetRows.slice(tableStart + 1), (c) => String(c ?? ''));
  const xlsxFormat = sheet.getColumn(2).numFmt ?? '';
  // A nested view prints indented by each row's own label ("Mansfield", then "Burglary" beneath): its rows are
  // the export's in the same order, so each takes the export's full label once its own is checked against it.
  const exported = csvTable.slice(headerEnd + 1);
  const wordRows =
    spec.rows.length < 2
      ? docxTable
      : docxTable.map((cells, i) => {
          const full = exported[i]?.[0] ?? '';
          if (i > 0 && cells[0] !== documentLabel(full)) throw new Error(`Word row ${i}: "${cells[0] ?? ''}" is not the export's "${full}"`);
          return [full, ...cells.slice(1)];
        });
  return { json, jsonTotals, cliCsv, csv, xlsx, xlsxFormat, docx: byLabel(wordRows, (c) => c ?? '') };
}

/**
 * One cell of a view everywhere: `exact` is num/den (null: cannot be computed, so empty),
 * `kind` how the grid shows it. Returns the disagreements, each naming where.
 */
function checkCell(
  out: ViewOutputs,
  measure: Measure,
  row: string,
  column: string,
  exact: { num: number; den: number } | null,
  kind: FigureKind | 'count',
  jsonColumn = column,
): string[] {
  const problems: string[] = [];
  const where = `${row} / ${column}`;
  const raw = column === 'Total' || column === 'Total per year' ? out.jsonTotals.get(row) : out.json.get(row)?.get(jsonColumn);
  const value = exact === null ? null : exact.num / exact.den;
  const text = exact === null ? '' : kind === 'count' ? exact.num.toLocaleString('en-GB') : shown(exact.num, exact.den, kind);
  const csvText = exact === null ? '' : kind === 'count' ? String(exact.num) : csvFigure(exact.num, exact.den, kind);
  const roundedText = exact === null ? '' : kind === 'count' ? String(exact.num) : roundedFigure(exact.num, exact.den, kind);
  // An export's cell: the same number, or the same word ([low]).
  const sameCell = (cell: string | number | null | undefined): boolean =>
    cell !== undefined && cell !== null && cell !== '' && (csvText === '[low]' ? cell === '[low]' : Number(cell) === Number(csvText));
  if (value === null ? raw !== null && raw !== undefined : raw === null || raw === undefined || Math.abs(raw - value) > 1e-6 * Math.max(1, Math.abs(value))) {
    problems.push(`${where}: CLI pivot ${String(raw)}, expected ${String(value)}`);
  }
  // `pivot --format csv` prints the figure unrounded (6 decimals) for scripts: rounded as shown, it is the same figure.
  const printed = out.cliCsv.get(row)?.get(column === 'Total per year' ? 'Total' : jsonColumn);
  const printedShown = printed === undefined || printed === '' ? '' : String(roundFigure(Number(printed), measure));
  if (printedShown === '' ? roundedText !== '' : Number(printedShown) !== Number(roundedText)) problems.push(`${where}: CLI pivot CSV "${String(printed)}", expected ${roundedText}`);
  const grid = formatMeasure(raw ?? null, measure);
  if (grid !== text) problems.push(`${where}: grid shows "${grid}", expected "${text}"`);
  // A CSV cell is a number: 200 and 200.0 are the same figure, 4.22295 is not 4.2.
  const csvCell = out.csv.get(row)?.get(column);
  if (csvText === '' ? csvCell !== '' : !sameCell(csvCell)) problems.push(`${where}: export CSV "${String(csvCell)}", expected "${csvText}"`);
  // The XLSX cell holds the figure as shown too (formatted by the measure's number format), so Excel has nothing to round.
  const xlsxCell = out.xlsx.get(row)?.get(column);
  if (value === null ? xlsxCell !== null && xlsxCell !== undefined : !sameCell(xlsxCell)) {
    problems.push(`${where}: XLSX ${String(xlsxCell)}, expected ${csvText}`);
  }
  // A rate by age band prints its comparison with all ages after the figure ("33.8 ▲", shared/pivot/rate-compare.ts): the figure is the same.
  const docxCell = out.docx.get(row)?.get(column)?.replace(/ [▲▼]$/, '');
  if (out.docx.size > 0 && docxCell !== text) problems.push(`${where}: Word profile "${String(docxCell)}", expected "${text}"`);
  return problems;
}

function mansfieldPersons(year: number, bands: readonly string[]): number {
  return bands.reduce((sum, band) => sum + (population.get(`Mansfield|${year}|${band}`) ?? Number.NaN), 0);
}

describe('one figure everywhere: a Mansfield local profile', () => {
  beforeAll(buildProfile, 120_000);

  it('rate per 1,000 by age band and financial year (and its Total per year) is the same in the CLI, grid, CSV, XLSX and Word', async () => {
    const out = await outputsOf('Rate by age band');
    expect(out.xlsxFormat).toBe('#,##0.0');
    const problems: string[] = [];
    for (const band of VICTIM_BANDS) {
      let all = 0;
      let personYears = 0;
      for (const fy of FIN_YEARS) {
        const n = mansfield.filter((r) => r.finYear === fy && r.victimAge !== null && r.victimAge >= band.min && r.victimAge <= band.max).length;
        // A financial year's rate uses the mid-year estimate of the year it starts in (2023/24: mid-2023).
        const persons = mansfieldPersons(Number(fy.slice(0, 4)), band.population);
        all += n;
        personYears += persons;
        problems.push(...checkCell(out, 'rate', band.name, fy, { num: n * 1000, den: persons }, 'rate'));
      }
      problems.push(...checkCell(out, 'rate', band.name, 'Total per year', { num: all * 1000, den: personYears }, 'rate'));
    }
    // Victims of unknown age have no population: empty, never 0.
    for (const fy of FIN_YEARS) problems.push(...checkCell(out, 'rate', 'Unknown', fy, null, 'rate'));
    expect(problems).toEqual([]);
  });

  it('the print page (PDF) prints every table as the Word file does; with disclosure control a figure is the same or withheld', () => {
    expect(printPage).toEqual(docx);
    expect(suppressedDocx.map((t) => t.length)).toEqual(docx.map((t) => t.length));
    const changed: string[] = [];
    docx.forEach((table, t) =>
      table.forEach((row, i) =>
        row.forEach((cell, k) => {
          const sent = suppressedDocx[t]?.[i]?.[k];
          if (sent !== cell && sent !== '<5' && sent !== '[c]') changed.push(`table ${t + 1} row ${i} column ${k}: "${cell}" became "${String(sent)}"`);
        }),
      ),
    );
    expect(changed).toEqual([]);
  });

  it("a rate view's chart carries the same figures as its table", () => {
    const view = getView(db, 'Rate by age band, chart');
    const pivots = shownPivots(db, view.spec);
    const option = viewChart({ name: view.name, chart: view.chart, result: pivots.result, info: workbenchInfo(db), disclosure: { suppression: false }, shown: { pivots, sort: null } });
    const series = (option?.series ?? []) as { name: string; data: (number | null | { value: number | null })[] }[];
    const categories = (option?.xAxis as { data?: string[] } | undefined)?.data ?? [];
    const [only] = series;
    expect(only?.name).toBe('2023/24');
    const problems: string[] = [];
    for (const band of VICTIM_BANDS) {
      const n = mansfield.filter((r) => r.finYear === '2023/24' && r.victimAge !== null && r.victimAge >= band.min && r.victimAge <= band.max).length;
      const persons = mansfieldPersons(2023, band.population);
      const point = only?.data[categories.indexOf(band.name)];
      const value = typeof point === 'object' && point !== null ? point.value : point;
      if (typeof value !== 'number' || Math.abs(value - (n * 1000) / persons) > 1e-9) problems.push(`${band.name}: chart ${String(value)}, expected ${(n * 1000) / persons}`);
    }
    expect(problems).toEqual([]);
  });
  it('financial year to date (April to December), its change, and the change on last year agree everywhere', async () => {
    const types = [...new Set(mansfield.map((r) => r.crimeType))].sort();
    const problems: string[] = [];
    const inFytd = (r: Extract, fy: string): boolean => r.finYear === fy && r.month <= `${fy.slice(0, 4)}-12`;
    const fytd = await outputsOf('FYTD');
    const fytdChange = await outputsOf('FYTD change');
    const change = await outputsOf('Change on last year');
    expect([fytd.xlsxFormat, fytdChange.xlsxFormat, change.xlsxFormat]).toEqual(['#,##0', '+0.0"%";-0.0"%";0.0"%"', '+0.0"%";-0.0"%";0.0"%"']);
    for (const type of types) {
      const ofType = mansfield.filter((r) => r.crimeType === type);
      FIN_YEARS.forEach((fy, i) => {
        const current = ofType.filter((r) => inFytd(r, fy)).length;
        problems.push(...checkCell(fytd, 'fytd', type, fy, { num: current, den: 1 }, 'count'));
        const previousYear = FIN_YEARS[i - 1];
        // The first year has no year before it in the data: its change cannot be computed (empty), as a change on a base of 0.
        const previous = previousYear === undefined ? 0 : ofType.filter((r) => inFytd(r, previousYear)).length;
        problems.push(...checkCell(fytdChange, 'fytd_change', type, fy, previous === 0 ? null : { num: (current - previous) * 100, den: previous }, 'change'));
        const whole = ofType.filter((r) => r.finYear === fy).length;
        const wholeBefore = previousYear === undefined ? 0 : ofType.filter((r) => r.finYear === previousYear).length;
        problems.push(...checkCell(change, 'change_year', type, fy, wholeBefore === 0 ? null : { num: (whole - wholeBefore) * 100, den: wholeBefore }, 'change'));
      });
      // Windows and changes do not add up across years: no Total.
      for (const out of [fytd, fytdChange, change]) if ((out.csv.get(type)?.get('Total') ?? '') !== '') problems.push(`${type}: a Total "${String(out.csv.get(type)?.get('Total'))}" for a window measure`);
    }
    const cutShortSpec: PivotSpec = { rows: ['crime_type'], columns: ['fin_year'], measure: 'change_year', filters: [{ dimension: 'district', values: ['Mansfield'] }], to: '2023-12' };
    const cutShort = JSON.parse(await cli('pivot', workbench, ...specArgs(cutShortSpec), '--format', 'json')) as {
      data: { crime_type: string; cells: Record<string, number | null> }[];
    };
    for (const row of cutShort.data) {
      const current = mansfield.filter((r) => r.crimeType === row.crime_type && inFytd(r, '2023/24')).length;
      const previous = mansfield.filter((r) => r.crimeType === row.crime_type && inFytd(r, '2022/23')).length;
      const expected = previous === 0 ? null : ((current - previous) * 100) / previous;
      if (row.cells['2023/24'] !== expected) problems.push(`${row.crime_type}: change on last year to December 2023 is ${String(row.cells['2023/24'])}, April-December like with like is ${String(expected)}`);
    }
    expect(problems).toEqual([]);
  });

  it('rolling 12 months agrees everywhere', async () => {
    const out = await outputsOf('Rolling 12 months');
    const months = ['2023-10', '2023-11', '2023-12', '2024-01', '2024-02', '2024-03'];
    const monthsBefore = (month: string, n: number): string => {
      const [y, m] = month.split('-').map(Number);
      const index = (y ?? 0) * 12 + (m ?? 1) - 1 - n;
      return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    };
    const problems: string[] = [];
    for (const type of [...new Set(mansfield.map((r) => r.crimeType))].sort()) {
      for (const month of months) {
        const n = mansfield.filter((r) => r.crimeType === type && r.month >= monthsBefore(month, 11) && r.month <= month).length;
        problems.push(...checkCell(out, 'rolling_12', type, month, { num: n, den: 1 }, 'count'));
      }
    }
    expect(problems).toEqual([]);
  });

  it('share of row (crime type by district, 2023/24) agrees everywhere, and in the heatmap export', async () => {
    const out = await outputsOf('Share of row');
    const inYear = records.filter((r) => r.finYear === '2023/24');
    const problems: string[] = [];
    for (const type of [...new Set(inYear.map((r) => r.crimeType))].sort()) {
      const row = inYear.filter((r) => r.crimeType === type);
      for (const district of ['Ashfield', 'Mansfield']) {
        problems.push(...checkCell(out, 'share_row', type, district, { num: row.filter((r) => r.district === district).length * 100, den: row.length }, 'percent'));
      }
      problems.push(...checkCell(out, 'share_row', type, 'Total', { num: 100, den: 1 }, 'percent'));
    }
    expect(problems).toEqual([]);

    // The heatmap's cell labels, in the SVG the command line exports, are the grid's figures.
    const svgPath = join(dir, 'share.svg');
    await cli('export', workbench, '--view', 'Share of row, heatmap', '--out', svgPath);
    const texts = [...readFileSync(svgPath, 'utf8').matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
    const expected = ['Anti-social behaviour', 'Arson', 'Shoplifting'].flatMap((type) => {
      const row = inYear.filter((r) => r.crimeType === type);
      return ['Ashfield', 'Mansfield'].map((d) => shown(row.filter((r) => r.district === d).length * 100, row.length, 'percent'));
    });
    expect(expected.filter((label) => !texts.includes(label))).toEqual([]);
  });

  it('the nested pivot (district > crime type by financial year > month) and its subtotals agree everywhere', async () => {
    const out = await outputsOf('Nested');
    const months = ['2023-01', '2023-02', '2023-03', '2023-04', '2023-05', '2023-06'];
    const fyOf = (month: string): string => (month >= '2023-04' ? '2023/24' : '2022/23');
    const shownRecords = records.filter((r) => months.includes(r.month));
    const problems: string[] = [];
    const compare = (rowLabel: string, column: string, n: number, jsonKey: string | null): void => {
      const text = String(n);
      for (const [where, cell] of [['CSV', out.csv.get(rowLabel)?.get(column)], ['Word', out.docx.get(rowLabel)?.get(column)]] as const) {
        const expectedText = where === 'Word' ? n.toLocaleString('en-GB') : text;
        if (cell !== expectedText) problems.push(`${rowLabel} / ${column}: ${where} "${String(cell)}", expected "${expectedText}"`);
      }
      if (out.xlsx.get(rowLabel)?.get(column) !== n) problems.push(`${rowLabel} / ${column}: XLSX ${String(out.xlsx.get(rowLabel)?.get(column))}, expected ${n}`);
      if (jsonKey !== null) {
        const raw = column === 'Total' ? out.jsonTotals.get(jsonKey) : out.json.get(jsonKey)?.get(column);
        if (raw !== n) problems.push(`${rowLabel} / ${column}: CLI pivot ${String(raw)}, expected ${n}`);
      }
    };
    const groups: { label: string; json: string | null; rows: Extract[] }[] = [];
    for (const district of ['Ashfield', 'Mansfield']) {
      const ofDistrict = shownRecords.filter((r) => r.district === district);
      groups.push({ label: `${district} / Subtotal`, json: null, rows: ofDistrict });
      for (const type of [...new Set(ofDistrict.map((r) => r.crimeType))]) groups.push({ label: `${district} / ${type}`, json: `${district} / ${type}`, rows: ofDistrict.filter((r) => r.crimeType === type) });
    }
    groups.push({ label: 'Total', json: null, rows: shownRecords });
    for (const group of groups) {
      for (const month of months) compare(group.label, `${fyOf(month)} / ${month}`, group.rows.filter((r) => r.month === month).length, group.json);
      for (const fy of ['2022/23', '2023/24']) compare(group.label, `${fy} / Total`, group.rows.filter((r) => fyOf(r.month) === fy).length, null);
      compare(group.label, 'Total', group.rows.length, group.json);
    }
    expect(problems).toEqual([]);
  });

  it("the iQuanta MSG average agrees everywhere, and the comparison chart carries the extract's figures", async () => {
    const [header, ...rows] = csvRows(readFileSync(join(extracts, 'iquanta-long.csv'), 'utf8'));
    const col = (name: string): number => header?.indexOf(name) ?? -1;
    const allCrime = rows.filter((r) => r[col('measure')] === 'All crime' && (r[col('period')] ?? '') >= '2023-10');
    const out = await outputsOf('MSG average');
    const problems: string[] = [];
    for (const row of allCrime) {
      const text = row[col('msg_average')] ?? '';
      const [whole = '0', fraction = ''] = text.split('.');
      problems.push(...checkCell(out, 'iq_msg_average', row[col('area')] ?? '', row[col('period')] ?? '', { num: Number(whole + fraction), den: 10 ** fraction.length }, 'published_rate'));
    }
    // Published figures do not add up: no Total.
    for (const area of out.csv.keys()) if (area !== 'Total' && (out.csv.get(area)?.get('Total') ?? '') !== '') problems.push(`${area}: an MSG average Total`);
    expect(problems).toEqual([]);

    const chart = analysisChart(db, { analysis: 'iquanta', request: { area: 'Mansfield CSP', measure: 'All crime', from: '2023-10' } });
    const mansfieldRows = allCrime.filter((r) => r[col('area')] === 'Mansfield CSP');
    expect(chart.rows.map((r) => r.slice(0, 5))).toEqual(
      mansfieldRows.map((r) => [r[col('period')], Number(r[col('rate_per_1000')]), Number(r[col('msg_average')]), Number(r[col('msg_lower')]), Number(r[col('msg_upper')])]),
    );
    expect(chart.rows.map((r) => r[5])).toEqual(mansfieldRows.map((r) => `${r[col('msg_rank')]} of ${r[col('msg_size')]}`));
  });
  it('the Respect Survey weighted share and its Wilson interval (2023, by ward) agree in the CLI, the chart and the figure shown', async () => {
    const [header, ...rows] = csvRows(readFileSync(join(extracts, 'respect-survey.csv'), 'utf8'));
    const col = (name: string): number => header?.indexOf(name) ?? -1;
    const answering = rows.filter((r) => r[col('wave')] === '2023' && r[col('q_drug_dealing_problem')] !== "Don't know" && (r[col('q_drug_dealing_problem')] ?? '') !== '');
    const results = JSON.parse(
      await cli('survey', workbench, '--question', 'q_drug_dealing_problem', '--positive', 'Very big problem,Fairly big problem', '--by', 'area', '--wave', '2023'),
    ) as { group: { area: string }; respondents: number; effective_n: number; estimate: number; lower: number; upper: number }[];
    const z = 1.959963984540054;
    const problems: string[] = [];
    const areas = [...new Set(answering.map((r) => r[col('area')] ?? ''))].sort();
    expect(results.map((r) => r.group.area).sort()).toEqual(areas);
    for (const area of areas) {
      const inArea = answering.filter((r) => r[col('area')] === area);
      // Weights have two decimals: in hundredths they are whole numbers, so the share is an exact fraction.
      const hundredths = (r: string[]): number => Math.round(Number(r[col('weight')]) * 100);
      const all = inArea.reduce((sum, r) => sum + hundredths(r), 0);
      const positive = inArea.filter((r) => /^(Very|Fairly) big problem$/.test(r[col('q_drug_dealing_problem')] ?? '')).reduce((sum, r) => sum + hundredths(r), 0);
      const squares = inArea.reduce((sum, r) => sum + hundredths(r) ** 2, 0);
      const n = (all * all) / squares;
      const p = positive / all;
      const x = p * n;
      const root = z * Math.sqrt(z * z + 4 * x * (1 - x / n));
      const lower = (2 * x + z * z - root) / (2 * (n + z * z));
      const upper = (2 * x + z * z + root) / (2 * (n + z * z));
      const got = results.find((r) => r.group.area === area);
      if (got === undefined) continue;
      for (const [field, expected, actual] of [['respondents', inArea.length, got.respondents], ['effective_n', n, got.effective_n], ['estimate', p, got.estimate], ['lower', lower, got.lower], ['upper', upper, got.upper]] as const) {
        if (Math.abs(expected - actual) > 1e-9) problems.push(`${area} ${field}: CLI ${actual}, expected ${expected}`);
      }
      // The Survey tab's figure, the one an analyst copies.
      const text = shown(positive * 100, all, 'percent');
      if (formatFraction(got.estimate) !== text) problems.push(`${area}: shown "${formatFraction(got.estimate)}", expected "${text}"`);
    }
    const chart = surveyChart(surveyChartRows(results), { text: { title: '', subtitle: '', sourceNote: '' } });
    const bars = (chart.series[0]?.data ?? []) as number[];
    results.forEach((r, i) => {
      if (Math.abs((bars[i] ?? Number.NaN) - r.estimate * 100) > 1e-9) problems.push(`${r.group.area}: chart bar ${String(bars[i])}, expected ${r.estimate * 100}`);
    });
    expect(problems).toEqual([]);
  });

  it('repeat victimisation (domestic, 365 days, by district) agrees with the extract', async () => {
    const results = JSON.parse(await cli('repeats', workbench, '--group', 'domestic', '--window-days', '365', '--by', 'district')) as {
      series: { district: string };
      victims: number;
      repeat_victims: number;
      repeat_rate: number;
      records: number;
      repeat_records: number;
      median_days_to_repeat: number | null;
    }[];
    const problems: string[] = [];
    for (const district of ['Ashfield', 'Mansfield']) {
      const byVictim = new Map<string, number[]>();
      for (const r of records.filter((x) => x.district === district && x.domestic && x.victimRef !== '')) byVictim.set(r.victimRef, [...(byVictim.get(r.victimRef) ?? []), r.day]);
      let repeatVictims = 0;
      let repeatRecords = 0;
      let recordCount = 0;
      const gaps: number[] = [];
      for (const days of byVictim.values()) {
        days.sort((a, b) => a - b);
        recordCount += days.length;
        // Within 365 days includes exactly 365 days apart.
        const near = days.map((d, i) => (i > 0 && d - (days[i - 1] ?? 0) <= 365) || (i < days.length - 1 && (days[i + 1] ?? 0) - d <= 365));
        if (near.some(Boolean)) repeatVictims += 1;
        repeatRecords += near.filter(Boolean).length;
        for (let i = 1; i < days.length; i++) if ((days[i] ?? 0) - (days[i - 1] ?? 0) <= 365) gaps.push((days[i] ?? 0) - (days[i - 1] ?? 0));
      }
      gaps.sort((a, b) => a - b);
      const mid = gaps.length / 2;
      const median = gaps.length === 0 ? null : gaps.length % 2 === 1 ? (gaps[Math.floor(mid)] ?? 0) : ((gaps[mid - 1] ?? 0) + (gaps[mid] ?? 0)) / 2;
      const got = results.find((r) => r.series.district === district);
      const expected = { victims: byVictim.size, repeat_victims: repeatVictims, records: recordCount, repeat_records: repeatRecords, median_days_to_repeat: median };
      const actual = got === undefined ? null : { victims: got.victims, repeat_victims: got.repeat_victims, records: got.records, repeat_records: got.repeat_records, median_days_to_repeat: got.median_days_to_repeat };
      if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${district}: CLI ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
      if (got !== undefined && formatFraction(got.repeat_rate) !== shown(repeatVictims * 100, byVictim.size, 'percent')) {
        problems.push(`${district}: repeat rate shown "${formatFraction(got.repeat_rate)}", expected "${shown(repeatVictims * 100, byVictim.size, 'percent')}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("the Word profile's flags summary agrees with `flags trend` and `flags seasonality` and with the records", async () => {
    const trend = JSON.parse(await cli('flags', 'trend', workbench, '--by', 'crime_type', '--where', 'district=Mansfield')) as {
      series: { crime_type: string };
      direction: string;
      significant: boolean;
      sen_slope: number | null;
      reason?: string;
    }[];
    const seasonality = JSON.parse(await cli('flags', 'seasonality', workbench, '--by', 'crime_type', '--where', 'district=Mansfield')) as {
      series: { crime_type: string };
      seasonal: boolean | null;
      peak_month: number | null;
      reason?: string;
    }[];
    const table = tableOf.get('Flags') ?? [];
    const forecast = JSON.parse(await cli('flags', 'forecast', workbench, '--by', 'crime_type', '--where', 'district=Mansfield')) as {
      series: { crime_type: string };
      forecast: { mean: number }[];
    }[];
    const hasForecast = forecast.some((f) => f.forecast.length > 0);
    expect(table[0]).toEqual(['Series', 'Records', 'Trend', 'Seasonality', 'Exceptions', ...(hasForecast ? ['Forecast'] : [])]);
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const problems: string[] = [];
    for (const row of table.slice(1)) {
      const [type = '', count, trendText, seasonText] = row;
      const n = mansfield.filter((r) => r.crimeType === type).length;
      if (count !== n.toLocaleString('en-GB')) problems.push(`${type}: Word says ${String(count)} records, the extract has ${n}`);
      const t = trend.find((x) => x.series.crime_type === type);
      const slope = t?.sen_slope ?? 0;
      // The slope to one decimal place, half away from zero (on the figure the CLI prints).
      const tenths = Math.round(Math.abs(slope) * 10 + 1e-9) * Math.sign(slope);
      // A series the CLI did not test (too few records) reads so in Word too, not as tested and clear.
      const untested = (reason: string | undefined): boolean => reason?.startsWith('too few records to test') === true;
      const expectedTrend = untested(t?.reason) ? 'too few records to test' : t?.significant === true ? `${t.direction} (${(tenths / 10).toFixed(1)}/month)` : 'no significant trend';
      if (trendText !== expectedTrend) problems.push(`${type}: Word trend "${String(trendText)}", CLI says "${expectedTrend}"`);
      const s = seasonality.find((x) => x.series.crime_type === type);
      const expectedSeason = untested(s?.reason) ? 'too few records to test' : s?.seasonal === true && s.peak_month !== null ? `peaks in ${months[s.peak_month - 1] ?? ''}` : 'none found';
      if (seasonText !== expectedSeason) problems.push(`${type}: Word seasonality "${String(seasonText)}", CLI says "${expectedSeason}"`);
      // The forecast: the six months `flags forecast` prints, summed and rounded to whole records (blank without one).
      const f = forecast.find((x) => x.series.crime_type === type)?.forecast ?? [];
      const expectedForecast = f.length === 0 ? '' : Math.round(f.reduce((a, p) => a + Math.max(0, p.mean), 0)).toLocaleString('en-GB');
      const forecastText = row[5] ?? '';
      if (hasForecast && !/^(\[c\])?$/.test(forecastText) && forecastText !== expectedForecast) problems.push(`${type}: Word forecast "${forecastText}", CLI says "${expectedForecast}"`);
    }
    expect(table.length - 1).toBe(new Set(mansfield.map((r) => r.crimeType)).size);
    expect(problems).toEqual([]);
  });
});


/**
 * Figures that are exactly a half at one decimal place: 49 records over
 * 20,000 residents is 2.45 per 1,000, 23 of 80 is 28.75%, 80 to 103 is
 * +28.75% and 80 to 57 is -28.75%. Computed as (23 / 80) x 100 they came out
 * 28.749999999999996 and the grid, CSV and Word showed 28.7 where Excel shows
 * the XLSX cell as 28.8; each must show the half rounded away from zero.
 */
describe('exact halves round the same everywhere', () => {
  const tieDir = mkdtempSync(join(tmpdir(), 'one-figure-ties-'));
  const tieWorkbench = join(tieDir, 'ties.workbench');
  const rows = (district: string, type: string, date: string, n: number, tag: string): string[] =>
    Array.from({ length: n }, (_, i) => `${tag}-${i},crime,${date},${type},${district},30,F`);

  beforeAll(async () => {
    const district = [
      'record_ref,record_type,committed_date,crime_type,district,victim_age,victim_sex',
      // 2022: 80 burglaries and 80 shoplifting; 2023: 103 burglaries, 57 shoplifting; 49 robberies in Mansfield in 2023.
      ...rows('Mansfield', 'Burglary', '15/06/2022', 80, 'B22'),
      ...rows('Mansfield', 'Shoplifting', '15/06/2022', 80, 'S22'),
      ...rows('Mansfield', 'Burglary', '15/06/2023', 103, 'B23'),
      ...rows('Mansfield', 'Shoplifting', '15/06/2023', 57, 'S23'),
      ...rows('Mansfield', 'Robbery', '15/06/2023', 49, 'R23'),
      // 2,500 to 2,499: -0.04%, which shows as 0.0% (Excel showed the unrounded cell as -0.0%).
      ...rows('Mansfield', 'Vehicle crime', '15/06/2022', 2500, 'V22'),
      ...rows('Mansfield', 'Vehicle crime', '15/06/2023', 2499, 'V23'),
      // 23 of 80 thefts are Gedling's.
      ...rows('Gedling', 'Theft', '15/06/2023', 23, 'TG'),
      ...rows('Ashfield', 'Theft', '15/06/2023', 57, 'TA'),
      // Figures above nought that round to nought: 5 arsons among 120,000 residents (0.04 per 1,000) and 1 of
      // 2,500 vehicle crimes (0.04%), against 6 (0.05, a half: 0.1) and 2 (0.08%: 0.1%).
      ...rows('Rushcliffe', 'Arson', '15/06/2023', 5, 'AR23'),
      ...rows('Rushcliffe', 'Arson', '15/06/2022', 6, 'AR22'),
      ...rows('Rushcliffe', 'Vehicle crime', '15/06/2023', 1, 'VR23'),
      ...rows('Gedling', 'Vehicle crime', '15/06/2023', 2, 'VG23'),
    ].join('\n');
    const populationCsv = ['area_name,year,age_band,population', 'Mansfield,2022,All ages,20000', 'Mansfield,2023,All ages,20000', 'Rushcliffe,2022,All ages,120000', 'Rushcliffe,2023,All ages,120000'].join('\n');
    writeFileSync(join(tieDir, 'district.csv'), district);
    writeFileSync(join(tieDir, 'population.csv'), populationCsv);
    await cli('import', tieWorkbench, join(tieDir, 'district.csv'), join(tieDir, 'population.csv'));
  });

  async function everywhere(spec: PivotSpec, row: string, column: string): Promise<{ grid: string; csv: string; word: string; xlsx: number | string | null }> {
    const name = `${spec.measure} ${row} ${column}`;
    await cli('view', 'save', tieWorkbench, '--name', name, ...specArgs(spec));
    const json = JSON.parse(await cli('pivot', tieWorkbench, ...specArgs(spec), '--format', 'json')) as { data: { cells: Record<string, number | null>; [dim: string]: unknown }[] };
    const raw = json.data.find((r) => spec.rows.map((d) => String(r[d])).join(' / ') === row)?.cells[column] ?? null;
    const csvPath = join(tieDir, `${name}.csv`);
    await cli('export', tieWorkbench, '--view', name, '--out', csvPath);
    const table = csvRows(readCsvFile(csvPath));
    const blank = table.findIndex((r) => r.length === 1 && r[0] === '');
    const csv = byLabel(table.slice(blank + 1), (c) => c ?? '').get(row)?.get(column) ?? '(missing)';
    const xlsxPath = join(tieDir, `${name}.xlsx`);
    await cli('export', tieWorkbench, '--view', name, '--out', xlsxPath);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(readFileSync(xlsxPath)).buffer);
    let xlsx: number | string | null = null;
    book.worksheets[0]?.eachRow((r) => {
      const values = Array.isArray(r.values) ? r.values : [];
      if (values[1] === row) {
        const header = book.worksheets[0]?.getRow(r.number - [...table.slice(blank + 1)].findIndex((t) => t[0] === row)).values;
        const at = Array.isArray(header) ? header.indexOf(column) : -1;
        const v: unknown = values[at];
        xlsx = typeof v === 'number' || typeof v === 'string' ? v : null;
      }
    });
    await cli('profile', 'add', tieWorkbench, '--name', name, '--view', name);
    const docxPath = join(tieDir, `${name}.docx`);
    await cli('profile', 'export', tieWorkbench, '--name', name, '--out', docxPath, '--no-suppression');
    const word = byLabel(docxTables(readFileSync(docxPath))[0] ?? [], (c) => c ?? '').get(row)?.get(column) ?? '(missing)';
    return { grid: formatMeasure(raw, spec.measure), csv, word, xlsx };
  }

  it('a rate of 2.45 per 1,000 shows as 2.5', async () => {
    const spec: PivotSpec = { rows: ['crime_type'], columns: ['year'], measure: 'rate', filters: [{ dimension: 'district', values: ['Mansfield'] }] };
    const out = await everywhere(spec, 'Robbery', '2023');
    expect(out).toEqual({ grid: '2.5', csv: '2.5', word: '2.5', xlsx: 2.5 });
  });

  it('a share of 28.75% shows as 28.8%', async () => {
    const spec: PivotSpec = { rows: ['crime_type'], columns: ['district'], measure: 'share_row', filters: [{ dimension: 'crime_type', values: ['Theft'] }] };
    const out = await everywhere(spec, 'Theft', 'Gedling');
    expect(out).toEqual({ grid: '28.8%', csv: '28.8', word: '28.8%', xlsx: 28.8 });
  });

  it('a rate or share above nought that rounds to nought shows as [low] everywhere, and the export says what it means', async () => {
    const rate: PivotSpec = { rows: ['crime_type'], columns: ['year'], measure: 'rate', filters: [{ dimension: 'district', values: ['Rushcliffe'] }] };
    expect(await everywhere(rate, 'Arson', '2023')).toEqual({ grid: '[low]', csv: '[low]', word: '[low]', xlsx: '[low]' });
    expect(await everywhere(rate, 'Arson', '2022')).toEqual({ grid: '0.1', csv: '0.1', word: '0.1', xlsx: 0.1 });
    const share: PivotSpec = { rows: ['crime_type'], columns: ['district'], measure: 'share_row', filters: [{ dimension: 'crime_type', values: ['Vehicle crime'] }], from: '2023-01' };
    expect(await everywhere(share, 'Vehicle crime', 'Rushcliffe')).toEqual({ grid: '[low]', csv: '[low]', word: '[low]', xlsx: '[low]' });
    expect(await everywhere(share, 'Vehicle crime', 'Gedling')).toEqual({ grid: '0.1%', csv: '0.1', word: '0.1%', xlsx: 0.1 });
    const note = '[low] marks a rate or share above nought that rounds to nought at the places shown.';
    expect(csvRows(readCsvFile(join(tieDir, 'share_row Vehicle crime Rushcliffe.csv'))).map((r) => r[0])).toContain(note);
    // A table with no such figure says nothing of it.
    const mansfield: PivotSpec = { rows: ['crime_type'], columns: ['year'], measure: 'rate', filters: [{ dimension: 'district', values: ['Mansfield'] }, { dimension: 'crime_type', values: ['Burglary'] }] };
    expect(await everywhere(mansfield, 'Burglary', '2022')).toEqual({ grid: '4.0', csv: '4', word: '4.0', xlsx: 4 });
    const plain = csvRows(readCsvFile(join(tieDir, 'rate Burglary 2022.csv')));
    expect(plain.some((r) => r.includes('[low]') || r.includes(note))).toBe(false);
  });

  it('changes of +28.75%, -28.75% and -0.04% show as +28.8%, -28.8% and 0.0%', async () => {
    const spec: PivotSpec = { rows: ['crime_type'], columns: ['month'], measure: 'change_year', filters: [{ dimension: 'district', values: ['Mansfield'] }], from: '2023-06' };
    expect(await everywhere(spec, 'Burglary', '2023-06')).toEqual({ grid: '+28.8%', csv: '28.8', word: '+28.8%', xlsx: 28.8 });
    expect(await everywhere(spec, 'Vehicle crime', '2023-06')).toEqual({ grid: '0.0%', csv: '0', word: '0.0%', xlsx: 0 });
    expect(await everywhere(spec, 'Shoplifting', '2023-06')).toEqual({ grid: '-28.8%', csv: '-28.8', word: '-28.8%', xlsx: -28.8 });
  });
});

/**
 * The real police.uk files for March 2023 and March 2024 (../shared/data):
 * the share of each crime type's records by district and the change on the
 * same month a year earlier, read from the files here, against the CLI, the
 * grid's text and the CSV and XLSX exports, cell by cell.
 */
describe('one figure everywhere on real police.uk data', () => {
  const realDir = mkdtempSync(join(tmpdir(), 'one-figure-real-'));
  const realWorkbench = join(realDir, 'real.workbench');
  const files = policeUkFiles().filter((f) => /(2023-03|2024-03)-nottinghamshire/.test(f));
  const views: Record<string, PivotSpec> = {
    'Shares by district, March 2024': { rows: ['crime_type'], columns: ['district'], measure: 'share_row', filters: [], from: '2024-03', to: '2024-03' },
    'Change on March 2023': { rows: ['crime_type'], columns: ['district', 'month'], measure: 'change_year', filters: [], from: '2024-03', to: '2024-03' },
  };
  let outputs: Record<string, ViewOutputs>;

  beforeAll(async () => {
    expect(files).toHaveLength(2);
    await cli('import', realWorkbench, ...files);
    outputs = {};
    for (const [name, spec] of Object.entries(views)) {
      await cli('view', 'save', realWorkbench, '--name', name, ...specArgs(spec));
      outputs[name] = await outputsFor(realWorkbench, realDir, name, spec, []);
    }
  }, 120_000);

  it('shares of row and changes on last year, cell by cell', () => {
    const [march2023, march2024] = files.map((f) => countIndependently([f]).byTypeAndDistrict);
    const types = [...new Set([...(march2024?.keys() ?? [])].map((k) => k.split('|')[0] ?? ''))].sort();
    const districts = [...new Set([...(march2024?.keys() ?? [])].map((k) => k.split('|')[1] ?? ''))].sort();
    const problems: string[] = [];
    const shares = outputs['Shares by district, March 2024'];
    const changes = outputs['Change on March 2023'];
    if (shares === undefined || changes === undefined) throw new Error('no outputs');
    for (const type of types) {
      const total = districts.reduce((sum, d) => sum + (march2024?.get(`${type}|${d}`) ?? 0), 0);
      for (const district of districts) {
        const now = march2024?.get(`${type}|${district}`) ?? 0;
        const before = march2023?.get(`${type}|${district}`) ?? 0;
        problems.push(...checkCell(shares, 'share_row', type, district, { num: now * 100, den: total }, 'percent'));
        // A district with none a year earlier has no % change (empty, not 0); a row or column with no records at all is not listed.
        if (now + before > 0) problems.push(...checkCell(changes, 'change_year', type, `${district} / 2024-03`, before === 0 ? null : { num: (now - before) * 100, den: before }, 'change'));
      }
    }
    expect(problems).toEqual([]);
  });
});
