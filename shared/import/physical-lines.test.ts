/**
 * The line a reject, a skipped row or a warning names is the physical line
 * where the row starts, as the analyst's text editor counts it (every CRLF,
 * LF and lone CR, those inside quoted cells too): not the row's number,
 * which falls behind by one for every line break a quoted cell holds. The
 * same on the database thread, in a parse worker, in the preview and in the
 * rejects CSV. Each expected line is counted independently, on the text,
 * from where the row was written.
 */
import fc from 'fast-check';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { nodeParseWorker } from '../../electron/cli/parse-worker';
import { parseCsvRows } from './text';
import { createWorkbench } from '../workbench';
import { importFiles, previewImport } from './import-files';
import { rejectsToCsv } from './rejects';
import { csvChunk, csvChunkRows, readCsvBytes, readCsvRows } from './text';
import type { ImportOptions, ImportReport } from './types';

const NOW = new Date('2024-06-01T12:00:00Z');
let SQL: SqlJsStatic;

beforeAll(async () => {
  SQL = await loadSqlJs();
});

/** A CSV written row by row, each row's start offset kept. */
class CsvWriter {
  text = '';
  private readonly starts = new Map<string, number>();

  /** Appends a line as it is, unquoted (a comma in a cell shifts the cells after it). */
  raw(line: string, ending: string, tag: string): void {
    this.starts.set(tag, this.text.length);
    this.text += line + ending;
  }

  /** Appends a row (cells quoted when they hold a comma, a quote or a line break) ended by `ending`. */
  row(cells: readonly string[], ending: string, tag?: string): void {
    if (tag !== undefined) this.starts.set(tag, this.text.length);
    this.text += cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + ending;
  }

  /** The 1-based physical line where the row tagged `tag` starts, counted on the text before it. */
  lineOf(tag: string): number {
    const at = this.starts.get(tag);
    if (at === undefined) throw new Error(`no row ${tag}`);
    return 1 + (this.text.slice(0, at).match(/\r\n|\r|\n/g)?.length ?? 0);
  }

  get bytes(): Uint8Array {
    return new TextEncoder().encode(this.text);
  }
}

const ENDINGS = ['\r\n', '\n', '\r'] as const;
/** Cell text with line breaks of each kind, as Excel's Alt+Enter and other tools write them. */
const BROKEN = ['Port\nland', 'Oak\r\nTree', 'Carl\rton', 'two\n\nblank', 'end\r\n'] as const;

async function importOne(db: Database, name: string, bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportReport> {
  const [report] = await importFiles(db, [{ name, bytes }], { now: NOW, ...options });
  if (report === undefined) throw new Error('no report');
  return report;
}

function linesOf(report: ImportReport): { rejects: [number, string][]; skipped: [number, string][] } {
  return { rejects: report.rejects.map((r) => [r.line, r.field]), skipped: (report.skipped ?? []).map((s) => [s.line, s.reason]) };
}

describe('the line of a row, as the reader gives it', () => {
  it('counts every line break before the row, inside quoted cells too, for text and bytes and every chunk', () => {
    const cell = fc.oneof(fc.constantFrom('a', '', 'x y'), fc.constantFrom(...BROKEN));
    const file = fc.array(fc.record({ cells: fc.array(cell, { minLength: 1, maxLength: 3 }), ending: fc.constantFrom(...ENDINGS) }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(file, fc.boolean(), (rows, bom) => {
        const csv = new CsvWriter();
        rows.forEach((r, i) => csv.row(['k', ...r.cells], r.ending, `row ${i}`));
        const bytes = new TextEncoder().encode((bom ? '\ufeff' : '') + csv.text);
        const fromBytes = readCsvBytes(bytes, 'x.csv').rows;
        const fromText = readCsvRows(csv.text);
        const expected = rows.map((_, i) => csv.lineOf(`row ${i}`)).slice(0, fromBytes.rowCount);
        expect(Array.from({ length: fromBytes.rowCount }, (_, i) => fromBytes.line(i))).toEqual(expected);
        expect(Array.from({ length: fromText.rowCount }, (_, i) => fromText.line(i))).toEqual(expected);
        // The chunks a parse worker is given carry the same lines.
        for (let start = 0; start < fromBytes.rowCount; start += 3) {
          const chunk = csvChunk(fromBytes, start, start + 3);
          if (chunk === null) throw new Error('not indexed');
          const chunkRows = csvChunkRows(chunk);
          expect(Array.from({ length: chunkRows.rowCount }, (_, i) => chunkRows.line(i))).toEqual(expected.slice(start, start + 3));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('papaparse’s reading (a quote it has to recover from) still counts the breaks inside cells', () => {
    // Text after a closing quote on line 6: the byte reader refuses it, the text reader hands it to papaparse (which reads the rest into one cell).
    const text = 'a,b\n"x\ny",1\n"p\r\nq",2\n"bad"x,3\n4,5\n';
    const rows = readCsvRows(text);
    expect(parseCsvRows(text)[3]).toEqual(['bad"x,3\n4,5\n']);
    expect(Array.from({ length: rows.rowCount }, (_, i) => rows.line(i))).toEqual([1, 2, 4, 6]);
  });
});

describe('rejects and skipped rows name the physical line', () => {
  const HEADER = ['record_ref', 'committed_date', 'crime_type', 'district', 'ward'];

  /** A district extract: a two-line title above the header, wards with line breaks of every kind, bad rows, a note and a totals row. */
  function districtExtract(rows: number): { csv: CsvWriter; rejects: [string, string][]; skipped: [string, string][] } {
    const csv = new CsvWriter();
    csv.row(['Recorded crime\nDistrict extract (provisional)'], '\r\n');
    csv.row(HEADER, '\r\n', 'header');
    const rejects: [string, string][] = [];
    const skipped: [string, string][] = [];
    for (let i = 0; i < rows; i++) {
      const tag = `R-${i}`;
      const ward = i % 5 === 0 ? (BROKEN[i % BROKEN.length] ?? '') : 'Portland';
      const district = i % 97 === 3 ? 'Atlantis' : 'Mansfield';
      const date = i % 113 === 7 ? '31/02/2023' : `0${1 + (i % 9)}/04/2023`;
      csv.row([tag, date, 'Shoplifting', district, ward], ENDINGS[i % 3] ?? '\n', tag);
      if (date === '31/02/2023') rejects.push([tag, 'committed_date']);
      else if (district === 'Atlantis') rejects.push([tag, 'district']);
      if (i === Math.floor(rows / 3)) csv.raw(`S-${i},01/04/2023,Shoplifting,Mansfield, North,`, '\n', 'shifted');
      if (i === Math.floor(rows / 2)) {
        csv.row(['Note: figures for this month are provisional and may change'], '\n', 'note');
        skipped.push(['note', 'note row']);
      }
    }
    csv.row(['Total', '', '', '', ''], '\r\n', 'total');
    skipped.push(['total', 'totals row']);
    return { csv, rejects, skipped };
  }

  it('a district extract read on the database thread and by a parse worker: every line is the physical line, the same both ways', async () => {
    // Past the parse worker's threshold (20,000 rows), so the worker reads it.
    const { csv, rejects, skipped } = districtExtract(21_000);
    const expected = {
      rejects: rejects.map(([tag, field]): [number, string] => [csv.lineOf(tag), field]),
      skipped: skipped.map(([tag, reason]): [number, string] => [csv.lineOf(tag), reason]),
    };
    // The planted rows sit well below line breaks: row numbers would be thousands of lines out.
    expect((expected.rejects.at(-1)?.[0] ?? 0) - 21_000).toBeGreaterThan(4_000);
    const inline = createWorkbench(SQL, NOW);
    const parallel = createWorkbench(SQL, NOW);
    try {
      const a = await importOne(inline, 'district.csv', csv.bytes, { kind: 'district' });
      const b = await importOne(parallel, 'district.csv', csv.bytes, { kind: 'district', parseWorker: nodeParseWorker });
      expect([a.readBy, b.readBy]).toEqual(['database thread', 'parse worker']);
      expect(linesOf(a)).toEqual(expected);
      expect(linesOf(b)).toEqual(expected);
      expect(a.warnings).toContain(`district.csv: the header is on line ${csv.lineOf('header')}; the lines above it were skipped.`);
      expect(a.warnings).toContain(`district.csv line ${csv.lineOf('total')}: totals row skipped (not data).`);
      expect(a.read).toBe(21_001);
      expect(a.accepted + a.rejected).toBe(21_001);
      // The row a comma shifted (its empty ward pushed past the header) is named on both paths, at its physical line.
      const shifted = `district.csv: line ${csv.lineOf('shifted')} has one cell more than the header's 5, an empty one`;
      expect(a.warnings.some((w) => w.startsWith(shifted))).toBe(true);
      expect(b.warnings).toEqual(a.warnings);
      // The rejects CSV names the same lines.
      const csvLines = parseCsvRows(rejectsToCsv([a])).slice(1).map((row) => [Number(row[1]), row[2]]);
      expect(csvLines).toEqual(expected.rejects);
    } finally {
      inline.close();
      parallel.close();
    }
  }, 120_000);

  it('a small district extract (row by row) and the one-row preview name the same lines', async () => {
    const { csv, rejects } = districtExtract(60);
    const db = createWorkbench(SQL, NOW);
    try {
      const report = await importOne(db, 'small.csv', csv.bytes);
      expect(linesOf(report).rejects).toEqual(rejects.map(([tag, field]) => [csv.lineOf(tag), field]));
      const preview = await previewImport(db, { name: 'small.csv', bytes: csv.bytes });
      expect(preview.headerLine).toBe(csv.lineOf('header'));
      expect(preview.parsed.map((row) => row.line)).toEqual(Array.from({ length: 10 }, (_, i) => csv.lineOf(`R-${i}`)));
      expect(preview.byField.ward?.map((reading) => reading.line)).toEqual(preview.parsed.map((row) => row.line));
    } finally {
      db.close();
    }
  });

  it('a header line given with a mapping is the physical line (the mapping dialog sends back the line it showed)', async () => {
    const { csv, rejects } = districtExtract(12);
    const db = createWorkbench(SQL, NOW);
    try {
      const headerLine = csv.lineOf('header');
      expect(headerLine).toBe(3);
      const columns = { record_ref: 0, committed_date: 1, crime_type: 2, district: 3, ward: 4 };
      const report = await importOne(db, 'mapped.csv', csv.bytes, { mappings: { 'mapped.csv': { kind: 'district', columns, headerLine, save: false } } });
      expect(report.header).toEqual(HEADER);
      expect(linesOf(report).rejects).toEqual(rejects.map(([tag, field]) => [csv.lineOf(tag), field]));
      // Twelve rows and the one a comma shifted.
      expect(report.accepted).toBe(13 - rejects.length);
    } finally {
      db.close();
    }
  });

  it('iQuanta, Respect Survey and population rows after cells with line breaks name the physical line', async () => {
    const iquanta = new CsvWriter();
    iquanta.row(['area', 'measure', 'period', 'count'], '\r\n');
    iquanta.row(['Nottinghamshire', 'All crime\n(recorded)', '2014-10', '5'], '\n', 'a');
    iquanta.row(['Nottinghamshire', 'All crime', '2014-11', 'many'], '\r', 'bad');
    iquanta.row(['Total', '', '', '5'], '\r\n', 'total');
    const respect = new CsvWriter();
    respect.row(['respondent_id', 'wave', 'area', 'q_asb_problem'], '\n');
    respect.row(['R1', '2013', 'Arboretum', 'Very big\r\nproblem'], '\r\n', 'a');
    respect.row(['R2', '20xx', 'Arboretum', 'Not a problem'], '\n', 'bad');
    const population = new CsvWriter();
    population.row(['area_name', 'year', 'age', 'population'], '\n');
    population.row(['Mansfield\n(district)', '2019', '30', '100'], '\n', 'a');
    population.row(['Mansfield', '2019', '31', '-4'], '\n', 'bad');
    const db = createWorkbench(SQL, NOW);
    try {
      const iq = await importOne(db, 'iquanta.csv', iquanta.bytes);
      expect(linesOf(iq)).toEqual({ rejects: [[iquanta.lineOf('bad'), 'count']], skipped: [[iquanta.lineOf('total'), 'totals row']] });
      const survey = await importOne(db, 'respect.csv', respect.bytes);
      expect(linesOf(survey).rejects).toEqual([[respect.lineOf('bad'), 'wave']]);
      const people = await importOne(db, 'population.csv', population.bytes);
      expect(linesOf(people).rejects).toEqual([[population.lineOf('bad'), 'population']]);
      expect([iquanta.lineOf('bad'), respect.lineOf('bad'), population.lineOf('bad')]).toEqual([4, 4, 4]);
    } finally {
      db.close();
    }
  });

  it('a rejected row holding line breaks names the lines it runs over, physical lines both', async () => {
    const csv = new CsvWriter();
    csv.row(HEADER, '\n');
    csv.row(['R-1', '01/04/2023', 'Shoplifting', 'Mansfield', 'Port\nland'], '\n');
    csv.row(['R-2', '01/04/2023', 'Shoplifting', 'Atlantis', 'Oak\r\nTree\nEast'], '\r\n', 'bad');
    csv.row(['R-3', '01/04/2023', 'Shoplifting', 'Atlantis', 'Portland'], '\r\n', 'after');
    const db = createWorkbench(SQL, NOW);
    try {
      const report = await importOne(db, 'joined.csv', csv.bytes);
      expect(report.rejects.map((r) => r.line)).toEqual([csv.lineOf('bad'), csv.lineOf('after')]);
      expect(csv.lineOf('bad')).toBe(4);
      expect(report.rejects[0]?.reason).toMatch(/runs over 3 lines \(4-6\)/);
      expect(report.rejects[1]?.reason).not.toMatch(/runs over/);
    } finally {
      db.close();
    }
  });
});
