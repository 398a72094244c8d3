/**
 * Property tests for the aggregate extracts (iQuanta long and wide, Respect
 * Survey, population estimates) in hostile layouts: a value column given
 * twice, totals rows in the middle, footnotes below the data, blank lines,
 * text cells holding commas and line breaks, every line ending, bad figures
 * and weights of 0, below 0 or blank, "90+" ages. Each file is written
 * row by row from planted content, so what the workbench must hold is known
 * independently: every data row read once, the bad ones rejected at their
 * physical line and field, totals and notes skipped at theirs, and the
 * stored figures exactly the good rows' (the first of two columns for one
 * thing), none lost, none counted twice.
 */
import fc from 'fast-check';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { createWorkbench } from '../workbench';
import { importFiles } from './import-files';
import type { ImportReport } from './types';

const NOW = new Date('2024-06-01T12:00:00Z');
const RUNS = 40;
let SQL: SqlJsStatic;

beforeAll(async () => {
  SQL = await loadSqlJs();
});

/** A CSV written row by row, keeping the physical line each row starts on. */
class Planted {
  text = '';
  readonly data: { line: number }[] = [];
  readonly rejects: [number, string][] = [];
  readonly skipped: [number, string][] = [];

  private get line(): number {
    return 1 + (this.text.match(/\r\n|\r|\n/g)?.length ?? 0);
  }

  row(cells: readonly string[], ending: string, role?: { reject: string } | 'data' | 'totals row' | 'note row'): void {
    const line = this.line;
    if (role === 'data') this.data.push({ line });
    else if (role === 'totals row' || role === 'note row') this.skipped.push([line, role]);
    else if (role !== undefined) {
      this.data.push({ line });
      this.rejects.push([line, role.reject]);
    }
    this.text += cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + ending;
  }
}

const ending = fc.constantFrom('\r\n', '\n', '\r');
/** Free text as extracts hold it: plain, with a comma, a quote or a line break (quoted when written). */
const text = (base: string): fc.Arbitrary<string> => fc.constantFrom(base, `${base}, east`, `${base} "A"`, `${base}\nnorth`, `${base}\r\nsouth`);
/** What goes between data rows: nothing, a blank line, a totals row. */
const between = fc.constantFrom<'none' | 'blank' | 'total'>('none', 'none', 'none', 'blank', 'total');
/** Footnotes below the data, as spreadsheet exports add them. */
const notes = fc.subarray(['Source: Home Office iQuanta', 'Note: figures are provisional and may be revised in later releases', '1. Rates are per 1,000 residents']);

async function importOne(name: string, body: string, check: (report: ImportReport, db: Database) => void, kind?: 'iquanta' | 'respect' | 'population'): Promise<void> {
  const db = createWorkbench(SQL, NOW);
  try {
    const [report] = await importFiles(db, [{ name, bytes: new TextEncoder().encode(body) }], { now: NOW, ...(kind === undefined ? {} : { kind }) });
    if (report === undefined) throw new Error('no report');
    check(report, db);
  } finally {
    db.close();
  }
}

function checkAccounting(report: ImportReport, planted: Planted): void {
  expect(report.read, 'every data row read, once').toBe(planted.data.length);
  expect(report.accepted + report.updated + report.duplicate + report.rejected).toBe(report.read);
  expect(report.rejects.map((r) => [r.line, r.field])).toEqual(planted.rejects);
  expect((report.skipped ?? []).map((s) => [s.line, s.reason])).toEqual(planted.skipped);
}

const rows = (db: Database, sql: string): unknown[][] => db.exec(sql)[0]?.values ?? [];

describe('hostile aggregate extracts', () => {
  it('iQuanta long: every row accounted for at its line, the stored counts exactly the good rows’', async () => {
    const row = fc.record({ measure: text('All crime'), count: fc.oneof(fc.nat(5000).map(String), fc.constantFrom('n/a', '-4', '')), gap: between, ending });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 12 }), notes, ending, async (planned, footnotes, end) => {
        const planted = new Planted();
        planted.row(['area', 'measure', 'period', 'count'], end);
        const expected = new Map<string, number>();
        planned.forEach((r, i) => {
          // A month per row: every row its own value, so none is a duplicate of another.
          const period = `${2010 + Math.floor(i / 12)}-${String(1 + (i % 12)).padStart(2, '0')}`;
          const bad = r.count === '' ? 'count' : Number(r.count) < 0 || Number.isNaN(Number(r.count)) ? 'count' : null;
          planted.row(['Nottinghamshire', r.measure, period, r.count], r.ending, bad === null ? 'data' : { reject: bad });
          if (bad === null) expected.set(`${r.measure.replace(/\s+/g, ' ').trim()}|${period}`, Number(r.count));
          if (r.gap === 'blank') planted.row([''], r.ending);
          if (r.gap === 'total') planted.row(['Total', '', '', '123'], r.ending, 'totals row');
        });
        for (const note of footnotes) planted.row([note], end, 'note row');
        await importOne('iquanta-long.csv', planted.text, (report, db) => {
          checkAccounting(report, planted);
          expect(report.accepted).toBe(expected.size);
          const stored = rows(db, 'SELECT measure, period, count FROM iquanta_value');
          expect(stored.length).toBe(expected.size);
          const total = stored.reduce((sum, [, , count]) => sum + Number(count), 0);
          expect(total).toBe([...expected.values()].reduce((a, b) => a + b, 0));
        }, 'iquanta');
      }),
      { numRuns: RUNS },
    );
  });

  it('iQuanta wide: a month given twice reads its first column; a blank month is no value; a row of blanks is rejected', async () => {
    const MONTHS = ['Apr 2013', 'May 2013', 'Jun 2013'];
    const cellValue = fc.oneof(fc.nat(900).map(String), fc.constant(''));
    const row = fc.record({ measure: text('Burglary'), values: fc.array(cellValue, { minLength: 4, maxLength: 4 }), gap: between, ending });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 10 }), fc.constantFrom('Apr 2013', '2013-04', 'May 2013'), notes, ending, async (planned, again, footnotes, end) => {
        const planted = new Planted();
        // The fourth month column repeats one of the three (by the same name or another spelling).
        planted.row(['area', 'measure', ...MONTHS, again], end);
        let expectedTotal = 0;
        let expectedValues = 0;
        planned.forEach((r, i) => {
          const read = r.values.slice(0, 3);
          const empty = read.every((v) => v === '');
          planted.row([`Area ${i}`, r.measure, ...r.values], r.ending, empty ? { reject: 'count' } : 'data');
          for (const v of read) if (v !== '') {
            expectedTotal += Number(v);
            expectedValues++;
          }
          if (r.gap === 'blank') planted.row(['', ''], r.ending);
          if (r.gap === 'total') planted.row(['Total', '', '1', '2', '3', '4'], r.ending, 'totals row');
        });
        for (const note of footnotes) planted.row([note], end, 'note row');
        await importOne('iquanta-wide.csv', planted.text, (report, db) => {
          checkAccounting(report, planted);
          expect(report.warnings.some((w) => w.includes('columns') && (w.includes('the first (C)') || w.includes('the first (D)')))).toBe(true);
          const [count, total] = rows(db, 'SELECT COUNT(*), IFNULL(SUM(count), 0) FROM iquanta_value')[0] ?? [];
          expect([count, total]).toEqual([expectedValues, expectedTotal]);
        }, 'iquanta');
      }),
      { numRuns: RUNS },
    );
  });

  it('Respect Survey: a question given twice reads its first column; weights of 0 or below are rejected, blank ones are weight 1 and said', async () => {
    const weight = fc.oneof(fc.constantFrom('0.5', '1.25', '2', '0.875'), fc.constantFrom('', '0', '-1', 'heavy'));
    const answer = fc.constantFrom('Very big problem', 'Not a problem at all', "Don't know", '');
    const row = fc.record({ area: text('Arboretum'), weight, first: answer, second: answer, gap: between, ending });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 10 }), fc.constantFrom('q_asb_problem', 'Q ASB problem'), notes, ending, async (planned, again, footnotes, end) => {
        const planted = new Planted();
        planted.row(['respondent_id', 'wave', 'area', 'weight', 'q_asb_problem', again], end);
        const expected: { weight: number; answer: string }[] = [];
        const blanks: number[] = [];
        planned.forEach((r, i) => {
          const w = r.weight.trim();
          const bad = w !== '' && !(Number(w) > 0);
          const line = 1 + (planted.text.match(/\r\n|\r|\n/g)?.length ?? 0);
          planted.row([`R${i}`, '2013', r.area, r.weight, r.first, r.second], r.ending, bad ? { reject: 'weight' } : 'data');
          if (!bad) {
            expected.push({ weight: w === '' ? 1 : Number(w), answer: r.first });
            if (w === '') blanks.push(line);
          }
          if (r.gap === 'blank') planted.row([''], r.ending);
          if (r.gap === 'total') planted.row(['Total', '', '', '', '', ''], r.ending, 'totals row');
        });
        for (const note of footnotes) planted.row([note], end, 'note row');
        await importOne('respect.csv', planted.text, (report, db) => {
          checkAccounting(report, planted);
          expect(report.accepted).toBe(expected.length);
          const [weights] = rows(db, 'SELECT IFNULL(SUM(weight), 0) FROM survey_respondent')[0] ?? [];
          expect(Number(weights)).toBeCloseTo(expected.reduce((sum, e) => sum + e.weight, 0), 9);
          const answers = rows(db, "SELECT answer FROM survey_answer WHERE question = 'q_asb_problem' ORDER BY answer").map(([a]) => a);
          expect(answers).toEqual(expected.map((e) => e.answer).filter((a) => a !== '').sort());
          const said = report.warnings.find((w) => w.includes('blank weight'));
          if (blanks.length === 0) expect(said).toBeUndefined();
          else expect(said).toContain(`line${blanks.length === 1 ? '' : 's'} ${blanks.slice(0, 5).join(', ')}`);
        }, 'respect');
      }),
      { numRuns: RUNS },
    );
  });

  it('population long: single years to "90+", bad figures and unknown ages rejected at their line, the all-ages sum exactly the good rows’', async () => {
    const row = fc.record({ age: fc.oneof(fc.nat(89).map(String), fc.constantFrom('90+', '90 and over', 'ninety', '130')), population: fc.oneof(fc.nat(2000).map(String), fc.constantFrom('1,250', '-3', 'x', '')), gap: between, ending });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 12 }), notes, ending, async (planned, footnotes, end) => {
        const planted = new Planted();
        planted.row(['area_name', 'year', 'age', 'population'], end);
        // One row per age: a second row for an age would be an update of the first, not a second figure.
        const seen = new Set<number>();
        let total = 0;
        for (const r of planned) {
          const age = /^90/.test(r.age) ? 90 : /^\d+$/.test(r.age) && Number(r.age) <= 89 ? Number(r.age) : null;
          if (age !== null && seen.has(age)) continue;
          if (age !== null) seen.add(age);
          const value = Number(r.population.replace(/,/g, ''));
          const bad = r.population === '' || !(value >= 0) ? 'population' : age === null ? 'age' : null;
          planted.row(['Mansfield', '2019', r.age, r.population], r.ending, bad === null ? 'data' : { reject: bad });
          if (bad === null) total += value;
          if (r.gap === 'blank') planted.row([''], r.ending);
          if (r.gap === 'total') planted.row(['Total', '2019', '', '999'], r.ending, 'totals row');
        }
        for (const note of footnotes) planted.row([note], end, 'note row');
        await importOne('population.csv', planted.text, (report, db) => {
          checkAccounting(report, planted);
          const [sum] = rows(db, 'SELECT IFNULL(SUM(population), 0) FROM population')[0] ?? [];
          expect(Number(sum)).toBe(total);
          expect(rows(db, 'SELECT COUNT(*) FROM population WHERE age > 90')[0]?.[0]).toBe(0);
        }, 'population');
      }),
      { numRuns: RUNS },
    );
  });
});
