/**
 * The command line's commands, as a function from arguments to output so
 * tests can run it in-process. Workbench files are opened through the same
 * checks as the app and written atomically.
 */
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from 'sql.js';
import { WorkbenchError } from '../../shared/errors';
import { exportTableToCsv, pivotToCsv, toCsv } from '../../shared/export/csv';
import { pivotExportTable } from '../../shared/export/pivot-table';
import { tableToXlsx } from '../../shared/export/xlsx';
import { importFiles } from '../../shared/import/import-files';
import { IMPORT_KINDS, type ImportKind } from '../../shared/import/types';
import { workbenchInfo } from '../../shared/info';
import { DIMENSIONS, type Dimension, isDimension } from '../../shared/pivot/dimensions';
import { type PivotResult, runPivot } from '../../shared/pivot/run-pivot';
import { MEASURES, type PivotFilter, type PivotSpec, isMeasure } from '../../shared/pivot/spec';
import { CHART_KINDS, type ChartKind, getView, saveView } from '../../shared/views';
import { createWorkbench, exportWorkbench, openWorkbench } from '../../shared/workbench';
import { writeFileAtomic } from '../file-io';
import { loadSqlJs } from './load-sqljs';

export interface CliResult {
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

const USAGE = `Usage: npm run --silent cli -- <command> [arguments] [options]
Commands:
  info <wb>
  import <wb> <file>... [--kind ${IMPORT_KINDS.join('|')}] [--rejects <csv>]
  pivot <wb> --rows <dim> [--cols <dim>] [--measure <m>] [--where <dim>=<value>]... [--from YYYY-MM] [--to YYYY-MM] [--format csv|json] [--totals]
  view save <wb> --name <n> --rows <dim> [--cols <dim>] [--measure <m>] [--where ...] [--from ...] [--to ...] [--chart ${CHART_KINDS.join('|')}]
  export <wb> --view <n> --out <file.csv>
Dimensions: ${DIMENSIONS.join(', ')}
Measures: ${MEASURES.join(', ')}`;

class UsageError extends Error {}

const OPTIONS = {
  kind: { type: 'string' },
  year: { type: 'string' },
  rejects: { type: 'string' },
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
    const stdout = await runCommand(command, rest, parsed.values);
    return { exitCode: 0, stdout, stderr: '' };
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

async function runCommand(command: string, args: string[], values: Values): Promise<string> {
  switch (command) {
    case 'info': {
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
      return json({ schemaVersion, records, sources, imports, dateRange });
    }
    case 'import':
      return importCommand(args, values);
    case 'pivot': {
      const db = await openExisting(single(args, 'pivot <wb> --rows <dim>'));
      const result = runPivot(db, specFrom(values));
      return formatPivot(result, values);
    }
    case 'view': {
      const [verb, path, ...extra] = args;
      if (verb !== 'save' || path === undefined || extra.length > 0) throw new UsageError('view save <wb> --name <n> --rows <dim> ...');
      if (values.name === undefined) throw new UsageError('view save needs --name <n>.');
      const chart = values.chart ?? 'table';
      if (!(CHART_KINDS as readonly string[]).includes(chart)) throw new UsageError(`--chart must be one of ${CHART_KINDS.join(', ')}.`);
      const db = await openExisting(path);
      saveView(db, values.name, specFrom(values), chart as ChartKind);
      await saveTo(db, path);
      return '';
    }
    case 'export': {
      const path = single(args, 'export <wb> --view <n> --out <file>');
      if (values.view === undefined || values.out === undefined) throw new UsageError('export needs --view <n> and --out <file>.');
      const db = await openExisting(path);
      const view = getView(db, values.view);
      const out = values.out;
      const table = pivotExportTable(runPivot(db, view.spec), workbenchInfo(db), { totals: true });
      if (out.toLowerCase().endsWith('.csv')) {
        await writeFileAtomic(out, new TextEncoder().encode(exportTableToCsv(table)));
      } else if (out.toLowerCase().endsWith('.xlsx')) {
        await writeFileAtomic(out, await tableToXlsx(table, view.name));
      } else {
        throw new WorkbenchError({
          code: 'bad-input',
          file: out,
          message: `${out}: the command line exports a view as .csv or .xlsx in this version.`,
        });
      }
      return '';
    }
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
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
  await writeFileAtomic(path, exportWorkbench(db));
}

async function importCommand(args: string[], values: Values): Promise<string> {
  const [path, ...files] = args;
  if (path === undefined || files.length === 0) throw new UsageError('Expected: import <wb> <file>...');
  const kind = values.kind;
  if (kind !== undefined && !(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`--kind must be one of ${IMPORT_KINDS.join(', ')}.`);
  }
  const SQL = await loadSqlJs();
  const db = existsSync(path) ? openWorkbench(SQL, await readFile(path), basename(path)) : createWorkbench(SQL);
  const inputs = [];
  for (const file of files) {
    if (!existsSync(file) || !(await stat(file)).isFile()) {
      throw new WorkbenchError({ code: 'bad-input', file, message: `${file}: no such file.` });
    }
    inputs.push({ name: basename(file), bytes: await readFile(file) });
  }
  const reports = await importFiles(db, inputs, kind === undefined ? {} : { kind: kind as ImportKind });
  await saveTo(db, path);
  if (values.rejects !== undefined) {
    const rows: (string | number)[][] = [['file', 'line', 'field', 'reason']];
    for (const report of reports) for (const r of report.rejects) rows.push([report.file, r.line, r.field, r.reason]);
    await writeFile(values.rejects, toCsv(rows));
  }
  return json(
    reports.map(({ file, kind: k, read, accepted, rejected, duplicate, updated }) => ({ file, kind: k, read, accepted, rejected, duplicate, updated })),
  );
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
  return spec;
}

function formatPivot(result: PivotResult, values: Values): string {
  const format = values.format ?? 'csv';
  if (format === 'csv') return pivotToCsv(result, { totals: values.totals === true });
  if (format !== 'json') throw new UsageError(`--format must be csv or json; got "${format}".`);
  const columnNames = result.columns.map((labels) => labels.join(' / '));
  return json({
    measure: result.spec.measure,
    rows: result.spec.rows,
    columns: result.spec.columns,
    columnValues: columnNames,
    data: result.rows.map((row) => ({
      ...Object.fromEntries(result.spec.rows.map((dimension, i) => [dimension, row.key[i] ?? ''])),
      cells: Object.fromEntries(columnNames.map((name, j) => [name === '' ? 'value' : name, row.values[j] ?? null])),
      total: row.total,
    })),
    columnTotals: Object.fromEntries(columnNames.map((name, j) => [name === '' ? 'value' : name, result.columnTotals[j] ?? null])),
    grandTotal: result.grandTotal,
  });
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
