/**
 * The pivot benchmark's measured processes (spawned by pivot-bench.ts), each
 * its own process so resident memory is the workbench's alone, not left over
 * from other benchmarks, from the generator or from DuckDB:
 *   generate <records> <csv>  generator -> district CSV on disk (the app never generates)
 *   build <csv> <out>         real importer -> .workbench file
 *   sqljs <file> <rounds>     open, cube build, save, reopen and the ten pivots in sql.js
 * Prints one JSON line on stdout.
 */
import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { writeFileAtomic } from '../../electron/file-io';
import { districtCsvChunks, generateDistrictRecords } from '../../shared/generator';
import { importFiles, readyForImport } from '../../shared/import/import-files';
import { parseMonth } from '../../shared/periods';
import { refreshCube, pivotSource } from '../../shared/pivot/cube';
import { runPivot } from '../../shared/pivot/run-pivot';
import { workbenchInfo } from '../../shared/info';
import { createWorkbench, exportWorkbench, isIntactSave, openWorkbench } from '../../shared/workbench';
import { BENCH_SPECS } from './pivot-specs';

export interface GenerateResult {
  records: number;
  generateMs: number;
  csvBytes: number;
  maxRssMb: number;
}

export interface BuildResult {
  importMs: number;
  accepted: number;
  fileBytes: number;
  /** The importer's process alone: the CSV's bytes read from disk and the import... */
  importMaxRssMb: number;
  /** ...then the workbench's bytes exported and written (a save right after the import). */
  maxRssMb: number;
}

export interface SpecTiming {
  name: string;
  /** The table the workbench answered from (a cube or `record`), and its count expression. */
  table: string;
  count: string;
  samplesMs: number[];
  grandCount: number;
}

export interface SqlJsResult {
  openImportedMs: number;
  cubeBuildMs: number;
  cubeRows: Record<string, number>;
  saveMs: number;
  exportMs: number;
  savedBytes: number;
  reopenMs: number;
  /** workbenchInfo right after the reopen: what the Open command returns with it. */
  reopenInfoMs: number;
  /**
   * One reopen taken apart: the file read from disk (page cache warm), bytes into sql.js, the digest
   * check (what openWorkbench runs on a saved file) and quick_check (what it runs when the digest does not match).
   */
  reopenParts: { readMs: number; deserialiseMs: number; digestMs: number; quickCheckMs: number };
  specs: SpecTiming[];
  /** Highest rss seen by sampling every 20 ms (only while the event loop is free). */
  sampledPeakRssMb: number;
  /** The kernel's high-water mark for the process (getrusage), which also sees peaks inside long synchronous calls. */
  maxRssMb: number;
}

const mb = (bytes: number): number => Math.round(bytes / 1e6);
const maxRssMb = (): number => Math.round((process.resourceUsage().maxRSS * 1024) / 1e6);

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timed<T>(run: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  const ms = performance.now() - start;
  // Let the rss sampler run between steps.
  await new Promise((resolve) => setImmediate(resolve));
  return { ms, value };
}

/** Streams the generated CSV to disk in chunks, so not even the generator holds the whole file. */
async function generate(records: number, out: string): Promise<GenerateResult> {
  const fd = openSync(out, 'w');
  const generated = await timed(() => {
    for (const chunk of districtCsvChunks(generateDistrictRecords({ seed: 1, records }))) writeSync(fd, chunk);
  });
  closeSync(fd);
  return { records, generateMs: generated.ms, csvBytes: statSync(out).size, maxRssMb: maxRssMb() };
}

/** Imports the CSV as the app does: the file's bytes in memory, then the real importer. */
async function build(csv: string, out: string): Promise<BuildResult> {
  const bytes = readFileSync(csv);
  const SQL = await loadSqlJs();
  let db = createWorkbench(SQL);
  const files = [{ name: 'district-all.csv', bytes }];
  const imported = await timed(() => {
    db = readyForImport(db, SQL, files);
    return importFiles(db, files, { kind: 'district' });
  });
  const importMaxRssMb = maxRssMb();
  const file = exportWorkbench(db);
  writeFileSync(out, file);
  db.close();
  const accepted = imported.value.reduce((sum, result) => sum + result.accepted, 0);
  return { importMs: imported.ms, accepted, fileBytes: file.length, importMaxRssMb, maxRssMb: maxRssMb() };
}

async function sqljs(path: string, rounds: number): Promise<SqlJsResult> {
  let sampledPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  }, 20);
  try {
    const SQL = await loadSqlJs();
    // A Buffer, as the command line passes: sql.js keeps its memory in place rather than copying it
    // (the desktop worker's Uint8Array is copied: pivot-bench.ts times that open too).
    const { db, openSamples } = await (async () => {
      const imported = readFileSync(path);
      // Open the freshly imported file (no cube yet), three times.
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) {
        const opened = await timed(() => openWorkbench(SQL, imported, 'imported.workbench'));
        samples.push(opened.ms);
        opened.value.close();
      }
      return { db: openWorkbench(SQL, imported, 'imported.workbench'), openSamples: samples };
    })();

    // The cube is derived data the first pivot after an import builds.
    const cubeSamples: number[] = [];
    for (let i = 0; i < 2; i++) cubeSamples.push((await timed(() => refreshCube(db))).ms);
    const cubeRows: Record<string, number> = {};
    for (const [name] of db.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%cube%'")[0]?.values ?? []) {
      cubeRows[String(name)] = Number(db.exec(`SELECT COUNT(*) FROM "${String(name)}"`)[0]?.values[0]?.[0] ?? 0);
    }

    // Save as the desktop app does: export the bytes, then an atomic write next to the target.
    const savedPath = `${path}.saved.workbench`;
    const saveSamples: number[] = [];
    const exportSamples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await timed(async () => {
        const exported = await timed(() => exportWorkbench(db));
        exportSamples.push(exported.ms);
        await writeFileAtomic(savedPath, exported.value);
      });
      saveSamples.push(result.ms);
    }
    db.close();

    // Reopen the saved workbench (records, indexes and cube) from the bytes on disk.
    const read = await timed(() => readFileSync(savedPath));
    const savedBytes = read.value;
    const reopenSamples: number[] = [];
    const infoSamples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const opened = await timed(() => openWorkbench(SQL, savedBytes, 'saved.workbench'));
      reopenSamples.push(opened.ms);
      // What the Open command returns with the workbench (the Data panel's counts).
      infoSamples.push((await timed(() => workbenchInfo(opened.value))).ms);
      opened.value.close();
    }
    // Where reopening spends its time: the bytes into sql.js and their digest (what a saved file's open
    // checks), and quick_check (what a file without a matching digest, e.g. saved by an older version, adds).
    const deserialise = await timed(() => new SQL.Database(savedBytes));
    const digest = await timed(() => isIntactSave(savedBytes));
    if (!digest.value) throw new Error('the saved workbench does not carry its digest');
    const quick = await timed(() => deserialise.value.exec('PRAGMA quick_check'));
    deserialise.value.close();
    const reopened = openWorkbench(SQL, savedBytes, 'saved.workbench');

    // runPivot itself has no cache (the per-spec cache is WorkbenchService's), so every call runs the query.
    const specs: SpecTiming[] = [];
    for (const { name, spec } of BENCH_SPECS) {
      const dimensions = [...spec.rows, ...spec.columns, ...spec.filters.map((f) => f.dimension)];
      // The month range as runPivot passes it (count measures query exactly the asked range).
      const range = { from: spec.from === undefined ? null : parseMonth(spec.from), to: spec.to === undefined ? null : parseMonth(spec.to) };
      const source = pivotSource(reopened, dimensions, range);
      let grandCount = 0;
      for (let i = 0; i < 2; i++) grandCount = runPivot(reopened, spec).grandCount;
      const samplesMs: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const start = performance.now();
        runPivot(reopened, spec);
        samplesMs.push(performance.now() - start);
        if (i % 5 === 4) await new Promise((resolve) => setImmediate(resolve));
      }
      specs.push({ name, table: source.table, count: source.count, samplesMs, grandCount });
    }
    reopened.close();
    return {
      openImportedMs: median(openSamples),
      cubeBuildMs: median(cubeSamples),
      cubeRows,
      saveMs: median(saveSamples),
      exportMs: median(exportSamples),
      savedBytes: statSync(savedPath).size,
      reopenMs: median(reopenSamples),
      reopenInfoMs: median(infoSamples),
      reopenParts: { readMs: read.ms, deserialiseMs: deserialise.ms, digestMs: digest.ms, quickCheckMs: quick.ms },
      specs,
      sampledPeakRssMb: mb(sampledPeak),
      maxRssMb: maxRssMb(),
    };
  } finally {
    clearInterval(sampler);
  }
}

const [mode, first, second] = process.argv.slice(2);
if (mode === 'generate' && first !== undefined && second !== undefined) {
  process.stdout.write(`${JSON.stringify(await generate(Number(first), second))}\n`);
} else if (mode === 'build' && first !== undefined && second !== undefined) {
  process.stdout.write(`${JSON.stringify(await build(first, second))}\n`);
} else if (mode === 'sqljs' && first !== undefined) {
  process.stdout.write(`${JSON.stringify(await sqljs(first, Number(second ?? 30)))}\n`);
} else {
  process.stderr.write('usage: pivot-bench-child.ts generate <records> <csv> | build <csv> <out> | sqljs <file> [rounds]\n');
  process.exitCode = 2;
}
