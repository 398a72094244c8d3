/**
 * Property tests: hostile changes to small valid extracts of every kind
 * (tests/helpers/hostile-extracts.ts), imported through the shared
 * pipeline. Whatever the change, the import either reads every data row
 * (accepted, a duplicate, updated or rejected with its line, field and a
 * reason in words, or skipped as a totals or note row, said so) or refuses
 * the file naming it, leaving the workbench byte for byte as it was. Rows
 * the change did not touch are accepted. A malformed quote refuses the file
 * at its line.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { type BaseExtract, baseExtracts, hostileCase, hostileCsv } from '../../tests/helpers/hostile-extracts';
import { WorkbenchError } from '../errors';
import { createWorkbench, exportWorkbench } from '../workbench';
import { importFiles, previewImport } from './import-files';
import type { ImportFileInput, ImportReport } from './types';

const NOW = new Date('2026-06-01T12:00:00Z');
const SAVED_AT = new Date('2026-06-01T00:00:00Z');
/** Runs per extract kind: small files, so the seven kinds take a few seconds. */
const RUNS = 30;

let SQL: SqlJsStatic;
let BASES: BaseExtract[];

beforeAll(async () => {
  SQL = await loadSqlJs();
  BASES = baseExtracts(6);
});

/** Text the analyst must never see in a reason, a warning or an error. */
const LEAKS = /\bundefined\b|\bNaN\b|\[object |function |\bat \S+ \(|TypeError|RangeError|ReferenceError|Cannot read|is not a function|Wrong API use/;

type Outcome = { report: ImportReport } | { error: WorkbenchError };

/** Imports one file into a fresh workbench; on a refusal, checks the workbench's saved bytes did not change. */
async function importInto(db: Database, file: ImportFileInput, kind?: BaseExtract['kind']): Promise<Outcome> {
  const before = exportWorkbench(db, SAVED_AT);
  try {
    const [report] = await importFiles(db, [file], { now: NOW, ...(kind === undefined ? {} : { kind }) });
    if (report === undefined) throw new Error('no report');
    return { report };
  } catch (error) {
    // Anything but a WorkbenchError is a crash the analyst would see as a stack trace.
    if (!(error instanceof WorkbenchError)) throw error;
    expect(Buffer.from(exportWorkbench(db, SAVED_AT)).equals(Buffer.from(before)), `${file.name}: a refused import changed the workbench`).toBe(true);
    return { error };
  }
}

/** The checks every outcome must pass, whatever the file. */
function checkOutcome(file: ImportFileInput, outcome: Outcome): void {
  if ('error' in outcome) {
    const { error } = outcome;
    expect(['bad-input', 'needs-mapping']).toContain(error.code);
    expect(error.message).toContain(file.name);
    expect(error.message).not.toMatch(LEAKS);
    return;
  }
  const { report } = outcome;
  expect(report.accepted + report.rejected + report.duplicate + report.updated, 'every row read has one outcome').toBe(report.read);
  expect(report.rejects).toHaveLength(report.rejected);
  for (const reject of report.rejects) {
    expect(reject.field.trim(), `line ${reject.line}: a field`).not.toBe('');
    expect(reject.reason.trim(), `line ${reject.line}: a reason`).not.toBe('');
    expect(reject.reason, `line ${reject.line}`).not.toMatch(LEAKS);
  }
  for (const warning of report.warnings) expect(warning).not.toMatch(LEAKS);
}

describe('hostile CSV extracts, through the import pipeline', () => {
  it('every data row is read and accounted for, rows left alone are accepted, and a bad quote refuses the file at its line', async () => {
    for (const base of BASES) {
      const width = base.grid[0]?.length ?? 1;
      await fc.assert(
        fc.asyncProperty(hostileCase(base.grid.length - 1, width, true), async (hostile) => {
          const made = hostileCsv(base, hostile);
          const file = { name: base.name, bytes: made.bytes };
          const db = createWorkbench(SQL, NOW);
          try {
            const outcome = await importInto(db, file);
            checkOutcome(file, outcome);
            if (made.quoteLine !== null) {
              if ('error' in outcome) {
                // Refused for its quoting, never read into one cell: at the quote's line, or at a later one where a
                // quote the open one paired with leaves the quoting malformed.
                expect(outcome.error.field?.startsWith('column '), `${base.name}: ${outcome.error.message}`).toBe(true);
                expect(outcome.error.line ?? 0, base.name).toBeGreaterThanOrEqual(made.quoteLine);
              } else {
                // A later quote closed it (valid quoting, as far as any reader can tell). When that joined
                // lines into its row, the row is rejected saying which lines it runs over: none lost unseen.
                const { report } = outcome;
                if (report.read + (report.skipped?.length ?? 0) < made.dataLines.length) {
                  const joined = report.rejects.find((r) => r.line === made.quoteRow);
                  expect(joined?.reason, `${base.name}: the row the open quote joined lines into (row ${made.quoteRow})`).toMatch(/runs over \d+ lines/);
                }
              }
              return;
            }
            if ('error' in outcome) throw new Error(`${base.name}: refused (${outcome.error.message})`);
            const { report } = outcome;
            // Nothing lost: every data row read, or skipped as not data with its line.
            const skipped = (report.skipped ?? []).map((row) => row.line);
            expect(report.read + skipped.length, 'data rows read or skipped').toBe(made.dataLines.length);
            for (const line of skipped) expect(made.dataLines).toContain(line);
            const rejectedLines = report.rejects.map((r) => r.line);
            expect(new Set(rejectedLines).size, 'one reject per row').toBe(rejectedLines.length);
            for (const line of rejectedLines) expect(made.dataLines, 'a reject names a data row').toContain(line);
            if (!made.wholeFile) {
              // Rows the change did not touch: accepted, none rejected or skipped.
              const untouched = made.dataLines.filter((line) => !made.changedLines.has(line));
              expect(untouched.filter((line) => rejectedLines.includes(line) || skipped.includes(line)), 'untouched rows rejected').toEqual([]);
            }
          } finally {
            db.close();
          }
        }),
        { numRuns: Number(process.env.HOSTILE_RUNS ?? RUNS), seed: Number(process.env.HOSTILE_SEED ?? 14), endOnFailure: true },
      );
    }
  });
});

/** What a workbook can hold that a CSV cannot, put in one data cell. */
type XlsxCell = { kind: 'error'; error: '#N/A' | '#REF!' | '#DIV/0!' | '#VALUE!' } | { kind: 'formula without result' } | { kind: 'merged with the next cell' } | { kind: 'date'; serial: number };

const xlsxCell: fc.Arbitrary<XlsxCell> = fc.oneof(
  fc.constantFrom('#N/A' as const, '#REF!' as const, '#DIV/0!' as const, '#VALUE!' as const).map((error) => ({ kind: 'error' as const, error })),
  fc.constant({ kind: 'formula without result' as const }),
  fc.constant({ kind: 'merged with the next cell' as const }),
  // Excel serials out of range too: before 1 March 1900 (the fictitious 29 Feb 1900 is 60), after 9999, negative.
  fc.constantFrom(-1, 0, 1, 59, 60, 61, 45_000.5, 2_958_465, 2_958_466, 1e9).map((serial) => ({ kind: 'date' as const, serial })),
);

/** XML cannot hold most control characters: a workbook never does (Excel writes them as _x0000_). */
const xmlSafe = (text: string): string =>
  text
    .split('\u0001CP1252\u0001')
    .join('\u2019')
    .split('')
    .filter((c) => c.charCodeAt(0) >= 0x20 || c === '\t' || c === '\n' || c === '\r')
    .join('');

async function hostileXlsx(grid: string[][], extra: { line: number; column: number; cell: XlsxCell } | null): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Extract');
  grid.forEach((cells, index) => {
    // Numbers as numbers, as a spreadsheet holds them; the rest as text.
    const row = sheet.getRow(index + 1);
    cells.forEach((text, column) => {
      const safe = xmlSafe(text);
      if (safe !== '') row.getCell(column + 1).value = /^-?\d+(\.\d+)?$/.test(safe) && safe.length < 15 ? Number(safe) : safe;
    });
    row.commit();
  });
  if (extra !== null) {
    const cell = sheet.getRow(extra.line).getCell(extra.column + 1);
    switch (extra.cell.kind) {
      case 'error':
        cell.value = { error: extra.cell.error };
        break;
      case 'formula without result':
        cell.value = { formula: 'A1*2', date1904: false };
        break;
      case 'merged with the next cell':
        sheet.mergeCells(extra.line, extra.column + 1, extra.line, extra.column + 2);
        break;
      case 'date':
        cell.value = extra.cell.serial;
        cell.numFmt = 'dd/mm/yyyy';
        break;
    }
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('hostile XLSX extracts, through the import pipeline', () => {
  it('every data row is read and accounted for, and rows left alone are accepted', async () => {
    for (const base of BASES) {
      const width = base.grid[0]?.length ?? 1;
      const rows = base.grid.length - 1;
      const xlsxName = base.name.replace(/\.csv$/, '.xlsx');
      await fc.assert(
        fc.asyncProperty(
          hostileCase(rows, width, false),
          fc.option(fc.record({ row: fc.integer({ min: 1, max: rows }), column: fc.nat({ max: width - 1 }), cell: xlsxCell }), { freq: 2 }),
          async (hostile, extraCell) => {
            const made = hostileCsv(base, hostile);
            // The extra cell goes on the grid line of that data row, when the row is there (not emptied by another change).
            const line = extraCell === null ? -1 : made.dataLines[Math.min(made.dataLines.length - 1, extraCell.row - 1)] ?? -1;
            const extra = extraCell !== null && line > 0 ? { line, column: extraCell.column, cell: extraCell.cell } : null;
            const file = { name: xlsxName, bytes: await hostileXlsx(made.grid, extra) };
            const db = createWorkbench(SQL, NOW);
            try {
              const outcome = await importInto(db, file);
              checkOutcome(file, outcome);
              if ('error' in outcome) throw new Error(`${xlsxName}: refused (${outcome.error.message})`);
              const { report } = outcome;
              const skipped = (report.skipped ?? []).map((row) => row.line);
              expect(report.read + skipped.length, `${xlsxName}: data rows read or skipped`).toBe(made.dataLines.length);
              const rejectedLines = report.rejects.map((r) => r.line);
              for (const l of rejectedLines) expect(made.dataLines).toContain(l);
              const changed = new Set([...made.changedLines, ...(extra === null ? [] : [extra.line])]);
              const untouched = made.dataLines.filter((l) => !changed.has(l));
              expect(untouched.filter((l) => rejectedLines.includes(l) || skipped.includes(l)), `${xlsxName}: untouched rows rejected`).toEqual([]);
            } finally {
              db.close();
            }
          },
        ),
        { numRuns: Number(process.env.HOSTILE_XLSX_RUNS ?? 10), seed: Number(process.env.HOSTILE_SEED ?? 14), endOnFailure: true },
      );
    }
  });
});

describe('hostile extracts in the column-mapping preview', () => {
  it('the preview reads or refuses every hostile file with a WorkbenchError, and changes nothing', async () => {
    for (const base of BASES) {
      await fc.assert(
        fc.asyncProperty(hostileCase(base.grid.length - 1, base.grid[0]?.length ?? 1, true), async (hostile) => {
          const made = hostileCsv(base, hostile);
          const db = createWorkbench(SQL, NOW);
          try {
            const before = exportWorkbench(db, SAVED_AT);
            try {
              const preview = await previewImport(db, { name: base.name, bytes: made.bytes });
              for (const warning of preview.warnings) expect(warning).not.toMatch(LEAKS);
            } catch (error) {
              if (!(error instanceof WorkbenchError)) throw error;
              expect(error.message).toContain(base.name);
            }
            expect(Buffer.from(exportWorkbench(db, SAVED_AT)).equals(Buffer.from(before)), `${base.name}: the preview changed the workbench`).toBe(true);
          } finally {
            db.close();
          }
        }),
        { numRuns: 10, seed: Number(process.env.HOSTILE_SEED ?? 14), endOnFailure: true },
      );
    }
  });
});
