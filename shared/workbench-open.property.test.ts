/**
 * Opening hostile files, as the app's database worker (the service's
 * workbench/open) and the command line (openWorkbench) do: truncated saves,
 * bytes changed anywhere, random bytes, a zero-byte file, an SQLite file that
 * is not a workbench, one with a later schema. Each is opened or refused
 * with a WorkbenchError that names the file and says what is wrong in
 * words; after a refusal the workbench that was open is exactly as it was.
 */
import fc from 'fast-check';
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../electron/cli/load-sqljs';
import { WorkbenchError } from './errors';
import { importFiles } from './import/import-files';
import { META_KEYS, SCHEMA_VERSION, writeMeta } from './schema';
import { type HandlerContext, WorkbenchService } from './service';
import { createWorkbench, exportWorkbench, openWorkbench } from './workbench';

const context: HandlerContext = { isCancelled: () => false, emit: () => undefined };
const NOW = new Date('2026-06-01T12:00:00Z');
const LEAKS = /\bundefined\b|\[object |\bat \S+ \(|TypeError|RangeError|Cannot read|is not a function/;
const MESSAGES: Record<string, RegExp> = {
  'not-sqlite': /is not a workbench file: it is not an SQLite database\.$/,
  damaged: /is damaged and cannot be opened \(.+\)\. The file has been left as it is\.$/,
  'not-workbench': /is an SQLite database but not a Crime Analyst Workbench file\.$/,
  'newer-version': /was saved by a newer version of Crime Analyst Workbench/,
};

let SQL: SqlJsStatic;
let saved: Uint8Array;

beforeAll(async () => {
  SQL = await loadSqlJs();
  const db = createWorkbench(SQL, NOW);
  const rows = Array.from({ length: 40 }, (_, i) => `R-${i},0${1 + (i % 9)}/04/2023,Shoplifting,Mansfield,Ward ${i % 7}`);
  await importFiles(db, [{ name: 'district.csv', bytes: new TextEncoder().encode(['record_ref,committed_date,crime_type,district,ward', ...rows].join('\n')) }], { now: NOW });
  saved = exportWorkbench(db, NOW);
  db.close();
});

/** 'opened', or the code of the refusal: a WorkbenchError naming the file, with its code's message. */
function openOrRefusal(bytes: Uint8Array): string {
  try {
    openWorkbench(SQL, bytes, 'case.workbench').close();
    return 'opened';
  } catch (error) {
    if (!(error instanceof WorkbenchError)) throw error;
    expect(error.message).toMatch(/^case\.workbench /);
    expect(error.message).not.toMatch(LEAKS);
    expect(error.message).toMatch(MESSAGES[error.code] ?? /^$/);
    return error.code;
  }
}

describe('opening hostile files', () => {
  it('a save cut short anywhere (zero bytes included) is refused, never opened with records missing', () => {
    fc.assert(fc.property(fc.nat({ max: saved.length - 1 }), (length) => {
      expect(['not-sqlite', 'damaged']).toContain(openOrRefusal(saved.slice(0, length)));
    }), { numRuns: 60 });
  });

  it('a save with bytes changed anywhere is refused, or opens (a change in unused space) and reads', () => {
    fc.assert(fc.property(fc.array(fc.record({ at: fc.nat({ max: saved.length - 1 }), value: fc.nat({ max: 255 }) }), { minLength: 1, maxLength: 4 }), (changes) => {
      const bytes = saved.slice();
      for (const { at, value } of changes) bytes[at] = value;
      const outcome = openOrRefusal(bytes);
      if (outcome === 'opened') {
        const db = openWorkbench(SQL, bytes, 'case.workbench');
        try {
          // What opened can be read: the records and the imports table answer.
          expect(() => db.exec('SELECT COUNT(*) FROM record; SELECT COUNT(*) FROM import')).not.toThrow();
        } finally {
          db.close();
        }
      } else expect(['not-sqlite', 'damaged', 'not-workbench', 'newer-version']).toContain(outcome);
    }), { numRuns: 60 });
  });

  it('random bytes, and random bytes behind an SQLite header, are refused', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), fc.boolean(), (random, withHeader) => {
      const bytes = withHeader ? new Uint8Array([...new TextEncoder().encode('SQLite format 3\u0000'), ...random]) : random;
      expect(['not-sqlite', 'damaged']).toContain(openOrRefusal(bytes));
    }), { numRuns: 80 });
  });

  it('an SQLite file that is not a workbench, and a workbench of a later schema, are refused saying so', () => {
    const other = new SQL.Database();
    other.run('CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO ledger VALUES (1, 2.5)');
    expect(openOrRefusal(other.export())).toBe('not-workbench');
    other.close();
    const later = openWorkbench(SQL, saved, 'x.workbench');
    writeMeta(later, META_KEYS.schemaVersion, String(SCHEMA_VERSION + 1));
    expect(openOrRefusal(exportWorkbench(later, NOW))).toBe('newer-version');
    later.close();
  });

  it('through the database worker’s service: a refused open leaves the open workbench exactly as it was', async () => {
    const service = new WorkbenchService(SQL);
    await service.dispatch('workbench/open', { bytes: saved, fileName: 'good.workbench' }, context);
    const before = exportWorkbench(service.database, NOW);
    const hostile = [new Uint8Array(0), saved.slice(0, 4096), saved.slice(0, saved.length - 1), new TextEncoder().encode('record_ref,committed_date\n')];
    for (const bytes of hostile) {
      await expect(service.dispatch('workbench/open', { bytes, fileName: 'bad.workbench' }, context)).rejects.toBeInstanceOf(WorkbenchError);
      expect(Buffer.from(exportWorkbench(service.database, NOW)).equals(Buffer.from(before))).toBe(true);
    }
    expect((await service.dispatch('workbench/info', {}, context)).records).toBe(40);
  });
});

describe('the damaged-file message', () => {
  it('is one line in words, without SQLite’s check banner ("*** in database main ***")', () => {
    // A page header zeroed, and the header's change counter: the full check runs and finds the page.
    const bytes = saved.slice();
    const pageSize = (bytes[16] ?? 0) * 256 + (bytes[17] ?? 0);
    bytes[pageSize * 27] = 0;
    bytes[24] = 0;
    const message = (() => {
      try {
        openWorkbench(SQL, bytes, 'case.workbench').close();
        return 'opened';
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    })();
    expect(message).toMatch(/^case\.workbench is damaged and cannot be opened \(/);
    expect(message).not.toMatch(/[\r\n]|\*\*\*/);
  });
});
