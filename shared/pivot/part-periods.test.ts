/**
 * Quarters and years at the edges of the data (or of the dates chosen) that
 * have only some of their months are named in a note, with the months they
 * have: beside whole periods their figures read as falls that never happened.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { workbenchOf } from '../../tests/helpers/import-tests';
import { runPivot } from './run-pivot';
import type { PivotSpec } from './spec';

let SQL: SqlJsStatic;
let db: Database;

/** Two burglaries a month from Feb 2023 to Dec 2024. */
const RECORDS = [
  'record_ref,record_type,committed_date,crime_type,district',
  ...Array.from({ length: 23 }, (_, i) => {
    const month = 1 + i; // 1 = Feb 2023
    const year = 2023 + Math.floor(month / 12);
    const mm = String((month % 12) + 1).padStart(2, '0');
    return [`A${i},crime,15/${mm}/${year},Burglary,Mansfield`, `B${i},crime,16/${mm}/${year},Burglary,Gedling`];
  }).flat(),
].join('\n');

beforeAll(async () => {
  SQL = await loadSqlJs();
  db = await workbenchOf(SQL, [{ name: 'district.csv', text: RECORDS }]);
});

function partNote(spec: Partial<PivotSpec>): string | undefined {
  return runPivot(db, { rows: ['district'], columns: [], measure: 'count', filters: [], ...spec }).notes.find((n) => n.startsWith('Part periods:'));
}

describe('part periods are named', () => {
  it('financial years: the first and last have only some months, each named with its months', () => {
    expect(partNote({ columns: ['fin_year'] })).toBe(
      'Part periods: 2022/23 has Feb 2023 to Mar 2023 only; 2024/25 has Apr 2024 to Dec 2024 only (the figures cover Feb 2023 to Dec 2024). They are not whole-period figures: compare them with whole periods with care.',
    );
    // The figures really are part-year counts: 2 months x 2 records.
    const result = runPivot(db, { rows: [], columns: ['fin_year'], measure: 'count', filters: [] });
    expect(result.columns.map((c) => c[0])).toEqual(['2022/23', '2023/24', '2024/25']);
    expect(result.columnCountTotals).toEqual([4, 24, 18]);
  });

  it('calendar years and quarters, in rows as in columns, and with a change measure', () => {
    expect(partNote({ rows: ['year'] })).toContain('2023 has Feb 2023 to Dec 2023 only');
    expect(partNote({ rows: ['year'] })).not.toContain('2024 has');
    expect(partNote({ columns: ['quarter'] })).toMatch(/^Part periods: 2023-Q1 has Feb 2023 to Mar 2023 only \(the figures/);
    expect(partNote({ rows: ['district'], columns: ['fin_year'], measure: 'change_prev' })).toContain('2024/25 has Apr 2024 to Dec 2024 only');
  });

  it('the dates chosen cut periods too; a single month is named as one; months themselves are never part periods', () => {
    expect(partNote({ columns: ['fin_year'], from: '2023-06', to: '2024-03' })).toBe(
      'Part periods: 2023/24 has Jun 2023 to Mar 2024 only (the figures cover Jun 2023 to Mar 2024). They are not whole-period figures: compare them with whole periods with care.',
    );
    expect(partNote({ columns: ['quarter'], from: '2023-04', to: '2024-04' })).toContain('2024-Q2 has Apr 2024 only');
    expect(partNote({ columns: ['month'] })).toBeUndefined();
    // Whole years chosen: no note.
    expect(partNote({ columns: ['fin_year'], from: '2023-04', to: '2024-03' })).toBeUndefined();
    expect(partNote({ rows: ['district'] })).toBeUndefined();
  });
});
