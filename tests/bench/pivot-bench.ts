/**
 * The pivot suite (`npm run bench -- --only pivot-suite`; tests/bench/README.md):
 * for each size, a generated workbench through the real importer, then in a
 * fresh process sql.js open / cube build / save / reopen / ten pivots with
 * resident memory, then the same ten pivots on native SQLite (the same file:
 * same indexes and cubes) and DuckDB (the same records), with the goals as
 * ratios.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { runPivot } from '../../shared/pivot/run-pivot';
import { openWorkbench } from '../../shared/workbench';
import type { BuildResult, GenerateResult, SqlJsResult } from './pivot-bench-child';
import { BENCH_SPECS, type SpecCodes } from './pivot-specs';

export type Report = (bench: string, measure: string, value: string) => void;

export interface PivotSuiteOptions {
  sizes: readonly number[];
  /** Timed runs of each pivot on each engine. */
  rounds?: number;
  report: Report;
}

const CHILD = fileURLToPath(new URL('./pivot-bench-child.ts', import.meta.url));

/** The goals of issue 4 at 1M records. */
const GOALS = { pivotP95Ms: 25, duckRatio: 0.5, openMs: 1000, saveMs: 2000, rssMb: 1000 } as const;

/** Nearest-rank percentile. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function runChild<T>(args: string[]): T {
  // The same Node with the same loader flags (tsx) that runs this file.
  const result = spawnSync(process.execPath, [...process.execArgv, CHILD, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`pivot bench child ${args[0] ?? ''} failed with status ${String(result.status)}`);
  const line = result.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as T;
}

interface EngineTiming {
  samplesMs: number[];
  grandCount: number;
}

const RECORD_COLUMNS = [
  'crime_type_id',
  'district_id',
  'ward_id',
  'lsoa_id',
  'month',
  'source',
  'record_type',
  'age_band_id',
  'sex',
  'domestic',
  'hate',
  'alcohol',
] as const;

/** One engine's way of running pivot i once, returning the sum of its counts. */
type Runner = (i: number) => Promise<number> | number;

const sumCounts = (rows: readonly (readonly unknown[])[]): number => rows.reduce((sum, row) => sum + Number(row[row.length - 1]), 0);

/**
 * The ten pivots on the three engines, interleaved: each round runs every
 * pivot once on each engine (in a rotating order), so a burst of load on
 * this shared machine hits all three alike instead of one engine's series.
 */
async function timeEngines(
  savedPath: string,
  sqljs: SqlJsResult,
  codes: SpecCodes,
  rounds: number,
  report: Report,
  label: string,
): Promise<{ sqljs: EngineTiming[]; native: EngineTiming[]; duck: EngineTiming[]; workerReopenMs: number }> {
  const bytes = readFileSync(savedPath);
  const SQL = await loadSqlJs();
  // The desktop app's worker receives a plain Uint8Array, which sql.js copies into its file system (a Node
  // Buffer, as the command line and the sql.js session pass, it uses in place): that open, timed here.
  const workerReopenSamples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const received = new Uint8Array(bytes);
    const start = performance.now();
    openWorkbench(SQL, received, 'saved.workbench').close();
    workerReopenSamples.push(performance.now() - start);
  }
  const workerReopenMs = percentile(workerReopenSamples, 50);
  // A copy, so sql.js never writes into the bytes native SQLite reads.
  const workbench = openWorkbench(SQL, new Uint8Array(bytes), 'saved.workbench');
  // Deserialised into memory, as sql.js holds it: the saved workbench with its indexes and cubes.
  const native = new Database(bytes);
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE TABLE record (${RECORD_COLUMNS.map((c) => `${c} INTEGER`).join(', ')})`);
    await connection.run('CREATE TABLE crime_type (id INTEGER, offence_group_id INTEGER)');
    const loadStart = performance.now();
    // The same integer-coded rows as the workbench's record table, through DuckDB's appender.
    const append = async (table: string, rows: Iterable<unknown>): Promise<void> => {
      const appender = await connection.createAppender(table);
      for (const row of rows) {
        for (const value of row as (number | null)[]) {
          if (value === null) appender.appendNull();
          else appender.appendInteger(value);
        }
        appender.endRow();
      }
      appender.closeSync();
    };
    await append('record', native.prepare(`SELECT ${RECORD_COLUMNS.join(', ')} FROM record`).raw(true).iterate());
    await append('crime_type', native.prepare('SELECT id, offence_group_id FROM crime_type').raw(true).iterate());
    report('pivot suite', `${label}: DuckDB load of the same records (ms)`, (performance.now() - loadStart).toFixed(0));

    const nativeStatements = BENCH_SPECS.map((bench, i) => {
      const source = sqljs.specs[i];
      if (source === undefined) throw new Error(`no sql.js result for ${bench.name}`);
      const { sql, params } = bench.sql('sqlite', source.table, source.count, codes);
      return { statement: native.prepare(sql).raw(true), params };
    });
    const duckStatements = await Promise.all(
      BENCH_SPECS.map(async (bench) => {
        const { sql, params } = bench.sql('duckdb', 'record', 'COUNT(*)', codes);
        const prepared = await connection.prepare(sql);
        prepared.bind(params);
        return prepared;
      }),
    );
    const runners: Runner[] = [
      // runPivot has no cache of its own (the per-spec cache is WorkbenchService's): every call runs the query.
      (i) => {
        const spec = BENCH_SPECS[i]?.spec;
        return spec === undefined ? 0 : runPivot(workbench, spec).grandCount;
      },
      (i) => {
        const n = nativeStatements[i];
        return n === undefined ? 0 : sumCounts(n.statement.all(...n.params) as unknown[][]);
      },
      async (i) => {
        const reader = await duckStatements[i]?.runAndReadAll();
        return reader === undefined ? 0 : sumCounts(reader.getRows());
      },
    ];
    const timings = runners.map(() => BENCH_SPECS.map((): EngineTiming => ({ samplesMs: [], grandCount: 0 })));
    for (let round = -2; round < rounds; round++) {
      for (let i = 0; i < BENCH_SPECS.length; i++) {
        for (let k = 0; k < runners.length; k++) {
          const engine = (k + Math.max(round, 0) + i) % runners.length;
          const start = performance.now();
          const grandCount = await runners[engine]?.(i);
          const ms = performance.now() - start;
          const timing = timings[engine]?.[i];
          if (timing === undefined) continue;
          timing.grandCount = grandCount ?? 0;
          // Rounds -2 and -1 warm up.
          if (round >= 0) timing.samplesMs.push(ms);
        }
      }
    }
    for (const prepared of duckStatements) prepared.destroySync();
    const [s = [], n = [], d = []] = timings;
    return { sqljs: s, native: n, duck: d, workerReopenMs };
  } finally {
    connection.closeSync();
    instance.closeSync();
    native.close();
    workbench.close();
  }
}

function specCodes(path: string): SpecCodes {
  const db = new Database(readFileSync(path), { readonly: true });
  try {
    const id = (sql: string, label: string): number => {
      const row = db.prepare(sql).raw(true).get(label) as [number] | undefined;
      if (row === undefined) throw new Error(`the generated workbench has no "${label}"`);
      return row[0];
    };
    return {
      burglaryDwelling: id('SELECT id FROM crime_type WHERE name = ?', 'Burglary Dwelling'),
      mansfield: id('SELECT id FROM district WHERE name = ?', 'Mansfield'),
    };
  } finally {
    db.close();
  }
}

export interface SuiteRow {
  records: number;
  name: string;
  table: string;
  sqljsP50: number;
  sqljsP95: number;
  nativeP50: number;
  nativeP95: number;
  duckP50: number;
  duckP95: number;
}

export async function runPivotSuite({ sizes, rounds = 60, report }: PivotSuiteOptions): Promise<SuiteRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cawb-pivot-bench-'));
  const rows: SuiteRow[] = [];
  const summaries: string[] = [];
  try {
    for (const records of sizes) {
      const label = `${(records / 1000).toLocaleString('en-GB')}k records`;
      const path = join(dir, `generated-${records}.workbench`);
      const csv = join(dir, `generated-${records}.csv`);
      // Generated and imported in separate processes: the analyst's app only imports, so the import's peak is the importer's.
      const generated = runChild<GenerateResult>(['generate', String(records), csv]);
      const built = runChild<BuildResult>(['build', csv, path]);
      rmSync(csv);
      if (built.accepted !== records) throw new Error(`the importer accepted ${built.accepted} of ${records} generated records`);
      report('pivot suite', `${label}: generate CSV / import (ms)`, `${generated.generateMs.toFixed(0)} / ${built.importMs.toFixed(0)}`);
      report('pivot suite', `${label}: import rows/s (importer only)`, Math.round(records / (built.importMs / 1000)).toLocaleString('en-GB'));
      report('pivot suite', `${label}: peak RSS of the import / with the save after it / of the generator (MB)`, `${built.importMaxRssMb} / ${built.maxRssMb} / ${generated.maxRssMb}`);

      // The session's pivots pick the tables and count toward its memory; their latency is timed below, interleaved.
      const sqljs = runChild<SqlJsResult>(['sqljs', path, '5']);
      const savedPath = `${path}.saved.workbench`;
      const codes = specCodes(savedPath);
      const engines = await timeEngines(savedPath, sqljs, codes, rounds, report, label);
      const { native, duck } = engines;

      report('pivot suite', `${label}: file size imported / saved with cubes (MB)`, `${(built.fileBytes / 1e6).toFixed(0)} / ${(sqljs.savedBytes / 1e6).toFixed(0)}`);
      report('pivot suite', `${label}: cube build (ms)`, sqljs.cubeBuildMs.toFixed(0));
      report('pivot suite', `${label}: cube rows`, Object.entries(sqljs.cubeRows).map(([t, n]) => `${t} ${n.toLocaleString('en-GB')}`).join(', '));
      report('pivot suite', `${label}: open imported file, no cube (ms)`, sqljs.openImportedMs.toFixed(0));
      report('pivot suite', `${label}: reopen saved file (ms) / 1.0 s goal`, `${sqljs.reopenMs.toFixed(0)} / ${(sqljs.reopenMs / GOALS.openMs).toFixed(2)}`);
      const parts = sqljs.reopenParts;
      report('pivot suite', `${label}: reopen from a Uint8Array, as the desktop worker does (ms) / 1.0 s goal`, `${engines.workerReopenMs.toFixed(0)} / ${(engines.workerReopenMs / GOALS.openMs).toFixed(2)}`);
      report('pivot suite', `${label}: reopen + workbench info (ms) / 1.0 s goal`, `${(sqljs.reopenMs + sqljs.reopenInfoMs).toFixed(0)} / ${((sqljs.reopenMs + sqljs.reopenInfoMs) / GOALS.openMs).toFixed(2)}`);
      report('pivot suite', `${label}: reopen parts: read file / bytes into sql.js / digest / (quick_check, skipped when the digest matches) (ms)`, `${parts.readMs.toFixed(0)} / ${parts.deserialiseMs.toFixed(0)} / ${parts.digestMs.toFixed(0)} / (${parts.quickCheckMs.toFixed(0)})`);
      report('pivot suite', `${label}: save = export + atomic write (ms) / 2 s goal`, `${sqljs.saveMs.toFixed(0)} (export ${sqljs.exportMs.toFixed(0)}) / ${(sqljs.saveMs / GOALS.saveMs).toFixed(2)}`);
      report('pivot suite', `${label}: peak RSS sql.js session (MB) / 1 GB goal`, `${sqljs.maxRssMb} (sampled ${sqljs.sampledPeakRssMb}) / ${(sqljs.maxRssMb / GOALS.rssMb).toFixed(2)}`);

      const lines: string[] = [];
      BENCH_SPECS.forEach((bench, i) => {
        const chosen = sqljs.specs[i];
        const timed = engines.sqljs[i];
        const s = chosen === undefined || timed === undefined ? undefined : { ...chosen, ...timed };
        const n = native[i];
        const d = duck[i];
        if (s === undefined || n === undefined || d === undefined) return;
        // The engines must agree, or the timings compare different work.
        if (s.grandCount !== n.grandCount || s.grandCount !== d.grandCount) {
          throw new Error(`${bench.name}: counts differ (sql.js ${s.grandCount}, SQLite ${n.grandCount}, DuckDB ${d.grandCount})`);
        }
        const row: SuiteRow = {
          records,
          name: bench.name,
          table: s.table,
          sqljsP50: percentile(s.samplesMs, 50),
          sqljsP95: percentile(s.samplesMs, 95),
          nativeP50: percentile(n.samplesMs, 50),
          nativeP95: percentile(n.samplesMs, 95),
          duckP50: percentile(d.samplesMs, 50),
          duckP95: percentile(d.samplesMs, 95),
        };
        rows.push(row);
        report(
          'pivot suite',
          `${label}: ${bench.name} [${s.table}]`,
          `sql.js p50 ${row.sqljsP50.toFixed(1)} p95 ${row.sqljsP95.toFixed(1)} ms | SQLite p50 ${row.nativeP50.toFixed(1)} p95 ${row.nativeP95.toFixed(1)} | DuckDB p50 ${row.duckP50.toFixed(1)} p95 ${row.duckP95.toFixed(1)} | /25ms ${(row.sqljsP95 / GOALS.pivotP95Ms).toFixed(2)} /DuckDB ${(row.sqljsP95 / row.duckP95).toFixed(2)} /SQLite ${(row.sqljsP95 / row.nativeP95).toFixed(1)}`,
        );
        lines.push(
          `| ${bench.name} | ${s.table} | ${row.sqljsP50.toFixed(1)} / ${row.sqljsP95.toFixed(1)} | ${row.nativeP50.toFixed(1)} / ${row.nativeP95.toFixed(1)} | ${row.duckP50.toFixed(1)} / ${row.duckP95.toFixed(1)} | ${(row.sqljsP95 / GOALS.pivotP95Ms).toFixed(2)} | ${(row.sqljsP95 / row.duckP95).toFixed(2)} (p50 ${(row.sqljsP50 / row.duckP50).toFixed(2)}) | ${(row.sqljsP95 / row.nativeP95).toFixed(1)} (p50 ${(row.sqljsP50 / row.nativeP50).toFixed(1)}) |`,
        );
      });
      const meets = rows.filter((r) => r.records === records && r.sqljsP95 <= GOALS.pivotP95Ms && r.sqljsP95 / r.duckP95 <= GOALS.duckRatio).length;
      report('pivot suite', `${label}: pivots meeting both latency goals`, `${meets} of ${BENCH_SPECS.length}`);
      summaries.push(
        [
          `\n#### ${label} (times in ms; ${rounds} runs of each pivot on each engine)\n`,
          '| pivot | sql.js reads | sql.js p50 / p95 | SQLite p50 / p95 | DuckDB p50 / p95 | sql.js p95 / 25 ms | sql.js p95 / DuckDB p95 (goal <= 0.5) | sql.js p95 / SQLite p95 |',
          '|---|---|---|---|---|---|---|---|',
          ...lines,
          '',
          '| measure | result | ratio to goal |',
          '|---|---|---|',
          `| import (generator CSV -> importer) | ${Math.round(records / (built.importMs / 1000)).toLocaleString('en-GB')} rows/s | ${(records / (built.importMs / 1000) / 250_000).toFixed(2)} of 250k rows/s |`,
          `| cube build | ${sqljs.cubeBuildMs.toFixed(0)} ms | |`,
          `| file size imported / saved with cubes | ${(built.fileBytes / 1e6).toFixed(0)} / ${(sqljs.savedBytes / 1e6).toFixed(0)} MB | |`,
          `| reopen the saved workbench | ${sqljs.reopenMs.toFixed(0)} ms | ${(sqljs.reopenMs / GOALS.openMs).toFixed(2)} of 1.0 s |`,
          `| reopen from a Uint8Array (the desktop worker's; bytes copied into sql.js) | ${engines.workerReopenMs.toFixed(0)} ms | ${(engines.workerReopenMs / GOALS.openMs).toFixed(2)} of 1.0 s |`,
          `| reopen, then the workbench info Open shows | ${(sqljs.reopenMs + sqljs.reopenInfoMs).toFixed(0)} ms (info ${sqljs.reopenInfoMs.toFixed(0)} ms) | ${((sqljs.reopenMs + sqljs.reopenInfoMs) / GOALS.openMs).toFixed(2)} of 1.0 s |`,
          `| reopen parts: read file / bytes into sql.js / digest check | ${parts.readMs.toFixed(0)} / ${parts.deserialiseMs.toFixed(0)} / ${parts.digestMs.toFixed(0)} ms (quick_check, run only without a matching digest: ${parts.quickCheckMs.toFixed(0)} ms) | |`,
          `| save (export + atomic write) | ${sqljs.saveMs.toFixed(0)} ms | ${(sqljs.saveMs / GOALS.saveMs).toFixed(2)} of 2 s |`,
          `| peak RSS, sql.js session (open, cube, save, reopen, pivots) | ${sqljs.maxRssMb} MB | ${(sqljs.maxRssMb / GOALS.rssMb).toFixed(2)} of 1 GB |`,
          `| peak RSS, import (CSV bytes read, importer) / then saved | ${built.importMaxRssMb} / ${built.maxRssMb} MB | ${(built.importMaxRssMb / GOALS.rssMb).toFixed(2)} / ${(built.maxRssMb / GOALS.rssMb).toFixed(2)} of 1 GB |`,
          `| peak RSS, generator (bench only, its own process) | ${generated.maxRssMb} MB | |`,
        ].join('\n'),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(summaries.join('\n'));
  return rows;
}
