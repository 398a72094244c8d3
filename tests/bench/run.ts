/**
 * `npm run bench`: speed targets measured as ratios, side by side in one run
 * (this machine is noisy: read the ratios, not the absolute times).
 * Options: --records N (pivot store size, default 1,000,000), --only <name>.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import Papa from 'papaparse';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { analyseAll } from '../../shared/analytics/flags';
import { benchKnox } from '../../shared/analytics/repeats/bench-knox';
import { districtCsv, generateDistrictRecords } from '../../shared/generator';
import { importFiles } from '../../shared/import/import-files';
import { refreshCube } from '../../shared/pivot/cube';
import { runPivot } from '../../shared/pivot/run-pivot';
import type { PivotSpec } from '../../shared/pivot/spec';
import { createWorkbench, exportWorkbench } from '../../shared/workbench';
import { policeUkFiles } from '../helpers/police-uk-data';
import { syntheticWorkbench } from './synthetic-store';
import { repeatsBench } from './repeats-bench';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '1000000' }, only: { type: 'string' } },
});
const records = Number(values.records);

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function time(run: () => unknown, rounds = 1): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const results: { bench: string; measure: string; value: string }[] = [];
const report = (bench: string, measure: string, value: string): void => {
  results.push({ bench, measure, value });
  console.log(`${bench.padEnd(28)} ${measure.padEnd(48)} ${value}`);
};
const shouldRun = (name: string): boolean => values.only === undefined || values.only === name;

const SQL = await loadSqlJs();

if (shouldRun('import')) {
  // police.uk import against a parse-only baseline of the same bytes.
  const files = policeUkFiles().map((path) => ({ name: basename(path), bytes: readFileSync(path) }));
  const rows = files.reduce((sum, f) => sum + new TextDecoder().decode(f.bytes).trimEnd().split('\n').length - 1, 0);
  const parseMs = await time(() => {
    for (const f of files) Papa.parse(new TextDecoder().decode(f.bytes), { skipEmptyLines: true });
  }, 3);
  const importMs = await time(async () => {
    const db = createWorkbench(SQL);
    await importFiles(db, files);
    db.close();
  });
  report('import police.uk', `${rows.toLocaleString('en-GB')} rows: rows/s`, Math.round(rows / (importMs / 1000)).toLocaleString('en-GB'));
  report('import police.uk', 'import time / CSV parse-only time (ratio)', (importMs / parseMs).toFixed(1));
}

if (shouldRun('district-import')) {
  // Issue target: 250k rows/s from CSV, and the ratio to DuckDB's read_csv on the same file.
  const rows = Math.min(records, 200_000);
  const csv = districtCsv(generateDistrictRecords({ seed: 1, records: rows }));
  const dir = mkdtempSync(join(tmpdir(), 'cawb-bench-'));
  const path = join(dir, 'district.csv');
  writeFileSync(path, csv);
  const bytes = new TextEncoder().encode(csv);
  const parseMs = await time(() => Papa.parse(new TextDecoder().decode(bytes), { skipEmptyLines: true }), 3);
  const importMs = await time(async () => {
    const db = createWorkbench(SQL);
    await importFiles(db, [{ name: 'district.csv', bytes }], { kind: 'district' });
    db.close();
  });
  const duck = await DuckDBInstance.create(':memory:');
  const connection = await duck.connect();
  const duckMs = await time(async () => {
    await connection.run(`CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv('${path.replace(/'/g, "''")}', all_varchar = true, header = true, delim = ',', quote = '"', escape = '"')`);
  }, 3);
  report('import district CSV', `${rows.toLocaleString('en-GB')} rows: rows/s`, Math.round(rows / (importMs / 1000)).toLocaleString('en-GB'));
  report('import district CSV', 'rows/s / 250,000 target (ratio, 1 meets it)', (rows / (importMs / 1000) / 250_000).toFixed(3));
  report('import district CSV', 'import time / DuckDB read_csv time (ratio)', (importMs / duckMs).toFixed(1));
  report('import district CSV', 'import time / CSV parse-only time (ratio)', (importMs / parseMs).toFixed(1));
  connection.closeSync();
}

if (shouldRun('pivot')) {
  const db = syntheticWorkbench(SQL, records);
  const cubeMs = await time(() => refreshCube(db));
  report('pivot', `cube rebuild at ${records.toLocaleString('en-GB')} records (ms)`, cubeMs.toFixed(0));
  const specs: [string, PivotSpec][] = [
    ['crime type x district', { rows: ['crime_type'], columns: ['district'], measure: 'count', filters: [] }],
    ['district x financial year', { rows: ['district'], columns: ['fin_year'], measure: 'count', filters: [] }],
    ['one crime type, district x month', { rows: ['district'], columns: ['month'], measure: 'count', filters: [{ dimension: 'crime_type', values: ['Crime type 03'] }], from: '2022-04', to: '2023-03' }],
  ];
  for (const [name, spec] of specs) {
    const fromCube = await time(() => runPivot(db, spec), 5);
    // The same pivot forced onto the record table (LSOA filter covering every LSOA defeats the cube).
    const lsoas = (db.exec('SELECT code FROM lsoa')[0]?.values ?? []).map((v) => String(v[0]));
    const scan = await time(() => runPivot(db, { ...spec, filters: [...spec.filters, { dimension: 'lsoa', values: lsoas }] }), 3);
    report('pivot', `${name}: cube ms / record-table ms`, `${fromCube.toFixed(1)} / ${scan.toFixed(0)} (x${(scan / fromCube).toFixed(0)} faster)`);
  }
  const saveMs = await time(() => exportWorkbench(db));
  report('pivot', 'export the workbench bytes (ms)', saveMs.toFixed(0));
  db.close();
}

if (shouldRun('flags')) {
  // Issue target: flags for every crime type x district series of a 1M-record workbench within a few seconds.
  const db = syntheticWorkbench(SQL, records);
  refreshCube(db);
  let seriesCount = 0;
  const flagsMs = await time(() => {
    seriesCount = analyseAll(db, { by: ['crime_type', 'district'], filters: [] }).length;
  });
  const pivotMs = await time(() => runPivot(db, { rows: ['crime_type', 'district'], columns: ['month'], measure: 'count', filters: [] }), 3);
  report('flags', `${seriesCount} series at ${records.toLocaleString('en-GB')} records (ms)`, flagsMs.toFixed(0));
  report('flags', 'flags time / 5 s target (ratio, below 1 meets it)', (flagsMs / 5000).toFixed(2));
  report('flags', 'flags time / pivot that feeds them (ratio)', (flagsMs / pivotMs).toFixed(1));
  db.close();
}

if (shouldRun('knox')) {
  // Issue target: 20,000 events x 999 permutations within a minute.
  const knoxMs = benchKnox(20_000, 999);
  const smallMs = benchKnox(2_000, 999);
  report('near repeat (Knox)', '20,000 events x 999 permutations (ms)', knoxMs.toFixed(0));
  report('near repeat (Knox)', 'time / 60 s target (ratio, below 1 meets it)', (knoxMs / 60_000).toFixed(3));
  report('near repeat (Knox)', '20,000 events / 2,000 events time (ratio; all pairs would be 100)', (knoxMs / smallMs).toFixed(1));
}

if (shouldRun('repeats')) {
  // Repeat victims against DuckDB, and top victims, repeat locations and the flag fill against a UI budget.
  await repeatsBench(SQL, records, report);
}

console.log(JSON.stringify({ records, results }, null, 2));
