/**
 * `npm run bench -- --only repeats`: the repeat analyses at the scale
 * analysts reach. The store is built with the generator and the importer
 * (not tests/bench/synthetic-store.ts, whose records have no victims, days
 * or grid references), one district file at a time, so it holds what a real
 * import holds (pseudonyms, day numbers, the near_repeat column).
 *
 * Ratios: repeat victims against the same computation on DuckDB over the
 * same records (PERF-NOTES anchor: sql.js 130 ms self-join against DuckDB
 * 26 ms at 1M), and every analysis against a 2 s budget for the UI. "Longest
 * step" is the longest stretch without a yield in the worker's form, i.e.
 * how long a Cancel can wait before it is seen.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { Database, SqlJsStatic } from 'sql.js';
import { nearRepeatFlagState, refreshNearRepeatColumnAsync } from '../../shared/analytics/near-repeat-column';
import { repeatLocationsAsync, repeatLocationsFromStore, repeatsFromStore, repeatsFromStoreAsync, topRepeatVictims, topRepeatVictimsAsync } from '../../shared/analytics/repeats-store';
import { DISTRICTS, districtCsv, generateDistrictRecords } from '../../shared/generator';
import { importFiles } from '../../shared/import/import-files';
import { createWorkbench } from '../../shared/workbench';

type Report = (bench: string, measure: string, value: string) => void;

/** UI responsiveness budget for one analysis. */
const BUDGET_MS = 2000;
/** How long a Cancel may wait to be seen. */
const CANCEL_BUDGET_MS = 250;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function time(run: () => unknown, rounds: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** This process's CPU time so far (ms): a step's CPU time is its own work, whatever else the shared machine runs. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

interface StepTimes {
  ms: number;
  longestStepMs: number;
  /** CPU time of the step with the most (garbage collection on other threads included). */
  longestStepCpuMs: number;
}

/** Runs the worker's form: the median time, and the longest gap between progress reports in any round (a Cancel's wait). */
async function timeSteps(run: (options: { onProgress: () => void }) => Promise<unknown>, rounds = 3): Promise<StepTimes> {
  const samples: number[] = [];
  let longest = 0;
  let longestCpu = 0;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    let last = start;
    let lastCpu = cpuMs();
    const step = (): void => {
      const now = performance.now();
      const cpu = cpuMs();
      longest = Math.max(longest, now - last);
      longestCpu = Math.max(longestCpu, cpu - lastCpu);
      last = now;
      lastCpu = cpu;
    };
    await run({ onProgress: step });
    step();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), longestStepMs: longest, longestStepCpuMs: longestCpu };
}

/** Per district: distinct victims and repeat victims (two domestic records at most 365 days apart), by window function. */
const REPEAT_SQL = (table: string, district: string): string => `
  WITH d AS (
    SELECT ${district} AS district, victim, day - LAG(day) OVER (PARTITION BY ${district}, victim ORDER BY day) AS gap
    FROM ${table} WHERE domestic = 1 AND day IS NOT NULL AND victim IS NOT NULL AND victim <> ''
  )
  SELECT district, COUNT(DISTINCT victim) AS victims, COUNT(DISTINCT CASE WHEN gap <= 365 THEN victim END) AS repeat_victims
  FROM d GROUP BY district ORDER BY district`;

async function buildStore(SQL: SqlJsStatic, records: number): Promise<Database> {
  const db = createWorkbench(SQL);
  for (const district of DISTRICTS) {
    const csv = districtCsv(generateDistrictRecords({ seed: 1, records, districts: [district.name] }));
    await importFiles(db, [{ name: `district-${district.slug}.csv`, bytes: new TextEncoder().encode(csv) }], { kind: 'district' });
  }
  return db;
}

export async function repeatsBench(SQL: SqlJsStatic, records: number, report: Report): Promise<void> {
  const name = 'repeats';
  const start = performance.now();
  const db = await buildStore(SQL, records);
  const stored = Number(db.exec('SELECT COUNT(*) FROM record')[0]?.values[0]?.[0] ?? 0);
  report(name, `store: generator + importer, ${stored.toLocaleString('en-GB')} records (s)`, ((performance.now() - start) / 1000).toFixed(1));

  // Repeat victims: the app's command, the same definition as one SQL query on sql.js, and on DuckDB.
  const request = { group: 'domestic' as const, windowDays: 365, by: ['district' as const], filters: [] };
  let appRows = repeatsFromStore(db, request);
  const appMs = await time(() => (appRows = repeatsFromStore(db, request)), 3);
  const sqlJsSql = REPEAT_SQL('(SELECT r.victim_pseudonym AS victim, r.day, r.domestic, dd.name AS district_name FROM record r JOIN district dd ON dd.id = r.district_id)', 'district_name');
  let sqlJsRows: unknown[][] = [];
  const sqlJsMs = await time(() => (sqlJsRows = db.exec(sqlJsSql)[0]?.values ?? []), 3);

  const duck = await DuckDBInstance.create(':memory:');
  const connection = await duck.connect();
  await connection.run('CREATE TABLE rec (victim VARCHAR, day INTEGER, domestic INTEGER, district VARCHAR)');
  const appender = await connection.createAppender('rec');
  const source = db.prepare('SELECT r.victim_pseudonym, r.day, r.domestic, d.name FROM record r JOIN district d ON d.id = r.district_id');
  try {
    while (source.step()) {
      const [victim, day, domestic, district] = source.get();
      if (victim === null || victim === undefined) appender.appendNull();
      else appender.appendVarchar(String(victim));
      if (day === null || day === undefined) appender.appendNull();
      else appender.appendInteger(Number(day));
      appender.appendInteger(Number(domestic ?? 0));
      appender.appendVarchar(String(district));
      appender.endRow();
    }
  } finally {
    source.free();
  }
  appender.closeSync();
  let duckRows: unknown[][] = [];
  const duckMs = await time(async () => (duckRows = (await connection.runAndReadAll(REPEAT_SQL('rec', 'district'))).getRowsJS()), 5);
  connection.closeSync();
  duck.closeSync();

  // The three must agree, or the times compare different work.
  const key = (rows: unknown[][]): string => JSON.stringify(rows.map((r) => [String(r[0]), Number(r[1]), Number(r[2])]));
  const appKey = key([...appRows].sort((a, b) => ((a.series.district ?? '') < (b.series.district ?? '') ? -1 : 1)).map((r) => [r.series.district, r.victims, r.repeat_victims]));
  const agree = appKey === key(sqlJsRows) && appKey === key(duckRows);
  const repeatVictims = appRows.reduce((n, r) => n + r.repeat_victims, 0);
  report(name, `repeat victims (domestic, 365 d, by district): ${repeatVictims.toLocaleString('en-GB')}; engines agree`, agree ? 'yes' : 'NO');
  report(name, 'repeat victims: app command ms / sql.js LAG ms / DuckDB ms', `${appMs.toFixed(0)} / ${sqlJsMs.toFixed(0)} / ${duckMs.toFixed(0)}`);
  report(name, 'app command / DuckDB (ratio; app also counts the year before)', (appMs / duckMs).toFixed(1));
  report(name, 'sql.js LAG query / DuckDB (ratio; PERF-NOTES 219/26 = 8.4)', (sqlJsMs / duckMs).toFixed(1));
  report(name, `app command / ${BUDGET_MS / 1000} s budget (ratio, below 1 meets it)`, (appMs / BUDGET_MS).toFixed(2));

  // The long analyses, one-shot (CLI) and in the worker's form with progress and Cancel.
  const repeatSteps = await timeSteps((options) => repeatsFromStoreAsync(db, request, options));
  // Every record (the largest read: 1M records, two periods), where a Cancel waits longest.
  const everyRecord = { ...request, group: 'all' as const };
  const everyRecordMs = await time(() => repeatsFromStore(db, everyRecord), 1);
  const everyRecordSteps = await timeSteps((options) => repeatsFromStoreAsync(db, everyRecord, options), 2);
  const top = { group: 'domestic' as const, filters: [], top: 20 };
  const topMs = await time(() => topRepeatVictims(db, top), 3);
  const topSteps = await timeSteps((options) => topRepeatVictimsAsync(db, top, options));
  const topAll = { ...top, group: 'all' as const };
  const topAllMs = await time(() => topRepeatVictims(db, topAll), 1);
  const topAllSteps = await timeSteps((options) => topRepeatVictimsAsync(db, topAll, options), 2);
  const locations = { group: 'all' as const, filters: [], top: 20 };
  const locationsMs = await time(() => repeatLocationsFromStore(db, locations), 3);
  const locationSteps = await timeSteps((options) => repeatLocationsAsync(db, locations, options));
  const flagSteps = await timeSteps((options) => refreshNearRepeatColumnAsync(db, {}, options));
  const assessed = Number(db.exec('SELECT COUNT(*) FROM record WHERE near_repeat IS NOT NULL')[0]?.values[0]?.[0] ?? 0);
  // The Repeats tab's line after each import: the fill's kept counts, against counting the flags again.
  const flagStateMs = await time(() => nearRepeatFlagState(db), 5);
  const flagScanMs = await time(() => db.exec('SELECT COUNT(*), TOTAL(near_repeat) FROM record WHERE near_repeat IS NOT NULL'), 5);
  report(name, 'near-repeat flag line (settings and counts) ms / counting the flags ms', `${flagStateMs.toFixed(1)} / ${flagScanMs.toFixed(0)}`);
  report(name, '  flag line / counting the flags (ratio)', (flagStateMs / flagScanMs).toFixed(3));
  const rows: [string, number, StepTimes][] = [
    ['repeat victims (domestic, 365 d, by district)', appMs, repeatSteps],
    ['repeat victims (all records, 365 d, by district)', everyRecordMs, everyRecordSteps],
    ['top victims (domestic, top 20)', topMs, topSteps],
    ['top victims (all records, top 20)', topAllMs, topAllSteps],
    ['repeat locations (all records, top 20)', locationsMs, locationSteps],
    [`near-repeat flag fill (burglary, ${assessed.toLocaleString('en-GB')} assessed)`, Number.NaN, flagSteps],
  ];
  for (const [label, oneShotMs, steps] of rows) {
    const shown = Number.isNaN(oneShotMs) ? '' : `one-shot ${oneShotMs.toFixed(0)} ms, `;
    report(name, `${label}: ${shown}with Cancel (ms)`, steps.ms.toFixed(0));
    report(name, `  with Cancel / ${BUDGET_MS / 1000} s budget (ratio, below 1 meets it)`, (steps.ms / BUDGET_MS).toFixed(2));
    if (!Number.isNaN(oneShotMs)) report(name, '  with Cancel / one-shot (ratio: the cost of yielding)', (steps.ms / oneShotMs).toFixed(2));
    report(name, `  longest step before a Cancel is seen / ${CANCEL_BUDGET_MS} ms (ratio)`, `${(steps.longestStepMs / CANCEL_BUDGET_MS).toFixed(2)} (${steps.longestStepMs.toFixed(0)} ms)`);
    report(name, `  longest step's CPU time / ${CANCEL_BUDGET_MS} ms (ratio; the work itself, without other processes' load)`, `${(steps.longestStepCpuMs / CANCEL_BUDGET_MS).toFixed(2)} (${steps.longestStepCpuMs.toFixed(0)} ms)`);
  }
  db.close();
}
