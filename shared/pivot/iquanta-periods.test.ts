/**
 * iQuanta rates over a quarter or year: an area's months of rates per 1,000
 * add up to its period's records per 1,000 residents; part periods and
 * positions or ranks stay blank, with the reason in a note.
 */
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { createWorkbench } from '../workbench';
import { runPivot } from './run-pivot';
import type { PivotSpec } from './spec';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

const RESIDENTS = 128_000;
const GROUP_RESIDENTS = 131_500;
// Mansfield CSP, April 2022 to September 2023: 18 months, counts varying by month.
const MONTHS = Array.from({ length: 18 }, (_, i) => 2022 * 12 + 3 + i);
const countOf = (month: number): number => 800 + ((month * 37) % 150);
const groupCountOf = (month: number): number => 900 + ((month * 11) % 90);

function workbench() {
  const db = createWorkbench(SQL);
  db.run(
    `INSERT INTO import (file_name, file_size, sha256, kind, read_rows, accepted, rejected, duplicate, updated, imported_at)
     VALUES ('iq', 0, '', 'iquanta', 0, 0, 0, 0, 0, '2026-01-01T00:00:00Z')`,
  );
  for (const month of MONTHS) {
    const label = `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
    db.run(
      `INSERT INTO iquanta_value (import_id, area, measure, period, month, window_months, count, rate_per_1000, msg_average, msg_rank, msg_size, msg_lower, msg_upper)
       VALUES (1, 'Mansfield CSP', 'All crime', ?, ?, 1, ?, ?, ?, 4, 15, 5.5, 7.5)`,
      [label, month, countOf(month), (countOf(month) * 1000) / RESIDENTS, (groupCountOf(month) * 1000) / GROUP_RESIDENTS],
    );
  }
  return db;
}

const spec = (measure: PivotSpec['measure'], columns: PivotSpec['columns']): PivotSpec => ({
  rows: ['iq_area'],
  columns,
  measure,
  filters: [{ dimension: 'iq_measure', values: ['All crime'] }],
});

describe('iQuanta rates over longer periods', () => {
  it("a whole financial year's rate is its records per 1,000 residents, and the MSG average the group's", () => {
    const db = workbench();
    try {
      const year = MONTHS.filter((m) => m >= 2022 * 12 + 3 && m <= 2023 * 12 + 2);
      const rate = runPivot(db, spec('iq_rate', ['fin_year']));
      expect(rate.columns).toEqual([['2022/23'], ['2023/24']]);
      const expected = (year.reduce((s, m) => s + countOf(m), 0) * 1000) / RESIDENTS;
      expect(rate.rows[0]?.values[0]).toBeCloseTo(expected, 9);
      const average = runPivot(db, spec('iq_msg_average', ['fin_year']));
      expect(average.rows[0]?.values[0]).toBeCloseTo((year.reduce((s, m) => s + groupCountOf(m), 0) * 1000) / GROUP_RESIDENTS, 9);
      expect(rate.notes.join(' ')).toMatch(/added up/);
    } finally {
      db.close();
    }
  });

  it('a part year (2023/24 has April to September only) is blank, and says why', () => {
    const db = workbench();
    try {
      const rate = runPivot(db, spec('iq_rate', ['fin_year']));
      expect(rate.rows[0]?.values[1]).toBeNull();
      expect(rate.notes.join(' ')).toMatch(/without every month/);
      // A month range that cuts a year makes it a part year too.
      const cut = runPivot(db, { ...spec('iq_rate', ['fin_year']), from: '2022-05' });
      expect(cut.rows[0]?.values[0]).toBeNull();
    } finally {
      db.close();
    }
  });

  it("quarters add up their three months; positions and ranks stay monthly", () => {
    const db = workbench();
    try {
      const rate = runPivot(db, spec('iq_rate', ['quarter']));
      const q2 = [2022 * 12 + 3, 2022 * 12 + 4, 2022 * 12 + 5];
      expect(rate.columns[0]).toEqual(['2022-Q2']);
      expect(rate.rows[0]?.values[0]).toBeCloseTo((q2.reduce((s, m) => s + countOf(m), 0) * 1000) / RESIDENTS, 9);
      for (const measure of ['iq_msg_position', 'iq_rank'] as const) {
        const result = runPivot(db, spec(measure, ['fin_year']));
        expect(result.rows[0]?.values.every((v) => v === null), measure).toBe(true);
        expect(result.notes.join(' '), measure).toMatch(/positions against the MSG band and ranks are published for single months/);
      }
    } finally {
      db.close();
    }
  });
});
