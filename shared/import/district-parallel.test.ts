/**
 * District rows read by a parse worker (a Node worker thread here, a Web
 * Worker in the app) must give exactly what reading them on the database
 * thread gives: the same records, byte for byte, the same rejects and
 * skipped rows by line, the same duplicates and updates with the same change
 * log; Cancel and a worker failure must leave the workbench as it was.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { nodeParseWorker } from '../../electron/cli/parse-worker';
import { type DistrictRecord, districtCsv, generateDistrictRecords } from '../generator';
import { PSEUDONYM_KEY_META, pseudonymKey } from '../pseudonym';
import { readMeta, writeMeta } from '../schema';
import { createWorkbench } from '../workbench';
import type { ParseReply, ParseRequest, ParseWorkerFactory } from './district-parse-worker';
import { serveDistrictParsing } from './district-parse-worker';
import { importFiles } from './import-files';
import type { ImportFileInput, ImportOptions, ImportReport } from './types';

const NOW = new Date('2025-06-01T12:00:00Z');
let SQL: SqlJsStatic;
let records: DistrictRecord[];
let file: ImportFileInput;

/** A large extract with what real ones have: a title row, bad rows, a quoted cell, a repeated reference, a note and a totals row. */
function awkwardExtract(rows: readonly DistrictRecord[]): ImportFileInput {
  const lines = districtCsv(rows).trimEnd().split('\n');
  const header = lines[0] ?? '';
  const columns = header.split(',');
  const at = (name: string): number => columns.indexOf(name);
  const data = lines.slice(1).map((line) => line.split(','));
  const edit = (row: number, column: string, value: string): void => {
    const cells = data[row];
    if (cells !== undefined) cells[at(column)] = value;
  };
  for (let row = 7; row < data.length; row += 997) edit(row, 'committed_date', '31/02/2021');
  for (let row = 11; row < data.length; row += 1499) edit(row, 'district', 'Atlantis');
  for (let row = 13; row < data.length; row += 2003) edit(row, 'victim_age', '-4');
  for (let row = 17; row < data.length; row += 1201) edit(row, 'ward', '"Ward, with a comma"');
  const body = data.map((cells) => cells.join(','));
  // The same crime again further down, with a changed outcome of the ward: an update within one file.
  body.splice(20_000, 0, body[5] ?? '');
  body.splice(12_345, 0, 'Note: figures are provisional', '');
  body.push(`Total,${new Array(columns.length - 1).fill('').join(',')}`);
  const text = ['Recorded crime and ASB: district profile extract', header, ...body].join('\r\n');
  return { name: 'district-awkward.csv', bytes: new TextEncoder().encode(text) };
}

beforeAll(async () => {
  SQL = await loadSqlJs();
  records = [...generateDistrictRecords({ seed: 9, records: 40_000 })];
  file = awkwardExtract(records);
});

async function importInto(db: Database, input: ImportFileInput, options: ImportOptions = {}): Promise<ImportReport> {
  const [report] = await importFiles(db, [input], { now: NOW, kind: 'district', ...options });
  if (report === undefined) throw new Error('no report');
  return report;
}

/** Every stored record, change and lookup, as one comparable text. */
function contents(db: Database): string {
  const tables = ['record', 'record_change', 'crime_type', 'ward', 'lsoa', 'age_band', 'outcome', 'hate_strand', 'asb_category'];
  return tables
    .map((table) => {
      const result = db.exec(`SELECT * FROM ${table} ORDER BY 1`)[0];
      const rows = (result?.values ?? []).map((row) => row.map((v) => (v instanceof Uint8Array ? Array.from(v).join('.') : String(v))).join('|'));
      return `${table}:${rows.length}\n${rows.join('\n')}`;
    })
    .join('\n');
}

function summary(report: ImportReport): unknown {
  const { read, accepted, rejected, duplicate, updated, rejects, skipped } = report;
  return { read, accepted, rejected, duplicate, updated, rejects, skipped };
}

/** A worker on this thread: the same serving code, so a test can make it fail on cue. */
function inThreadWorker(failOn?: (request: ParseRequest) => 'error' | 'crash' | null): ParseWorkerFactory {
  return () => {
    let onReply: (reply: ParseReply) => void = () => undefined;
    let onFailure: (error: Error) => void = () => undefined;
    let stopped = false;
    const handle = serveDistrictParsing((reply) => queueMicrotask(() => !stopped && onReply(structuredClone(reply))));
    return {
      post: (request) => {
        const failure = failOn?.(request) ?? null;
        if (failure === 'crash') queueMicrotask(() => onFailure(new Error('worker crashed')));
        else if (failure === 'error' && request.type === 'chunk') queueMicrotask(() => onReply({ type: 'error', id: request.id, message: 'bad chunk' }));
        else handle(structuredClone(request));
      },
      onReply: (listener) => {
        onReply = listener;
      },
      onFailure: (listener) => {
        onFailure = listener;
      },
      terminate: () => {
        stopped = true;
      },
    };
  };
}

describe('district rows read by a parse worker', () => {
  it('gives the same records, rejects, skipped rows and counts as reading them on the database thread', async () => {
    const inline = createWorkbench(SQL, NOW);
    const parallel = createWorkbench(SQL, NOW);
    // One pseudonym key for both, so the pseudonyms (and content hashes) can be compared.
    pseudonymKey(inline);
    writeMeta(parallel, PSEUDONYM_KEY_META, readMeta(inline, PSEUDONYM_KEY_META) ?? '');
    let batches = 0;
    const counted: ParseWorkerFactory = () => {
      const port = nodeParseWorker();
      return {
        ...port,
        onReply: (listener) =>
          port.onReply((reply) => {
            if (reply.type === 'batch') batches++;
            listener(reply);
          }),
      };
    };
    const a = await importInto(inline, file);
    const b = await importInto(parallel, file, { parseWorker: counted });
    // The worker read every chunk (5,000 rows each), not the database thread after a silent fallback.
    expect(batches).toBeGreaterThanOrEqual(records.length / 5_000);
    expect(summary(b)).toEqual(summary(a));
    expect([a.readBy, b.readBy]).toEqual(['database thread', 'parse worker']);
    // The planted problems are there to be compared.
    expect(a.rejected).toBeGreaterThan(60);
    expect(a.updated + a.duplicate).toBeGreaterThanOrEqual(1);
    expect(a.skipped?.map((row) => row.reason)).toEqual(expect.arrayContaining(['note row', 'totals row']));
    expect(a.read).toBe(a.accepted + a.rejected + a.duplicate + a.updated);
    expect(contents(parallel)).toBe(contents(inline));
    // Each record keeps its reference as the file writes it (the worker hands them over as bytes).
    const refs = new Set((parallel.exec('SELECT record_ref FROM record')[0]?.values ?? []).map((r) => String(r[0])));
    expect(refs.size).toBe(a.accepted);
    // Rows 7, 11 and 13 are rejected; the next planted problem is at row 1,004.
    for (const record of records.slice(20, 1_000)) expect(refs.has(record.record_ref.trim()), record.record_ref).toBe(true);
    // Importing again: every row a duplicate, both ways.
    const again = await importInto(parallel, file, { parseWorker: nodeParseWorker });
    expect(again.duplicate).toBe(a.accepted + a.updated + a.duplicate);
    expect(again.accepted).toBe(0);
    inline.close();
    parallel.close();
  }, 120_000);

  it('a Cancel while the worker reads leaves the workbench exactly as it was', async () => {
    const db = createWorkbench(SQL, NOW);
    const before = contents(db);
    let chunks = 0;
    await expect(
      importInto(db, file, { parseWorker: nodeParseWorker, onProgress: () => void chunks++, isCancelled: () => chunks >= 1 }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(contents(db)).toBe(before);
    db.close();
  }, 60_000);

  it('a worker that cannot start falls back to reading on the database thread; one that fails later fails the import and changes nothing', async () => {
    const reference = createWorkbench(SQL, NOW);
    const expected = summary(await importInto(reference, file));
    reference.close();

    const fallback = createWorkbench(SQL, NOW);
    const report = await importInto(fallback, file, { parseWorker: inThreadWorker((request) => (request.type === 'setup' ? 'crash' : null)) });
    expect(summary(report)).toEqual(expected);
    expect(report.readBy).toBe('database thread');
    fallback.close();

    const failing = createWorkbench(SQL, NOW);
    const before = contents(failing);
    let posted = 0;
    await expect(
      importInto(failing, file, { parseWorker: inThreadWorker((request) => (request.type === 'chunk' && ++posted === 4 ? 'error' : null)) }),
    ).rejects.toThrow(/bad chunk/);
    expect(contents(failing)).toBe(before);
    failing.close();

    const threwAtOnce = createWorkbench(SQL, NOW);
    const thrown = await importInto(threwAtOnce, file, {
      parseWorker: () => {
        throw new Error('no workers here');
      },
    });
    expect(summary(thrown)).toEqual(expected);
    threwAtOnce.close();
  }, 120_000);

  it('the in-thread worker stand-in reads as the real one does', async () => {
    const a = createWorkbench(SQL, NOW);
    const b = createWorkbench(SQL, NOW);
    const ra = await importInto(a, file, { parseWorker: inThreadWorker() });
    const rb = await importInto(b, file, { parseWorker: nodeParseWorker });
    expect(summary(ra)).toEqual(summary(rb));
    a.close();
    b.close();
  }, 120_000);
});
