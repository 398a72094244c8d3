import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../electron/cli/load-sqljs';
import { WorkbenchError } from './errors';
import type { PivotSpec } from './pivot/spec';
import { getView, listViews, saveView } from './views';
import { createWorkbench, exportWorkbench, openWorkbench } from './workbench';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

const SPEC: PivotSpec = {
  rows: ['district', 'crime_type'],
  columns: ['fin_year', 'month'],
  measure: 'count',
  filters: [{ dimension: 'domestic', values: ['Yes'] }],
  from: '2023-04',
  to: '2024-03',
};

describe('saved view sort', () => {
  it('keeps the sort through save and reopen of the workbench, and views without one stay unsorted', () => {
    const db = createWorkbench(SQL);
    saveView(db, 'Sorted', SPEC, 'table', new Date('2026-01-01T00:00:00Z'), { column: '2023/24 / 2023-04', direction: 'desc' });
    saveView(db, 'Plain', SPEC, 'line');
    const reopened = openWorkbench(SQL, exportWorkbench(db));
    expect(getView(reopened, 'Sorted')).toMatchObject({ spec: SPEC, chart: 'table', sort: { column: '2023/24 / 2023-04', direction: 'desc' } });
    expect('sort' in getView(reopened, 'Plain')).toBe(false);
    expect(listViews(reopened).map((v) => v.name)).toEqual(['Plain', 'Sorted']);
  });

  it('refuses a sort with no direction', () => {
    const db = createWorkbench(SQL);
    // A sort from outside the app (a hand-edited request) is checked, not stored blindly.
    const bad = JSON.parse('{"column":"__total","direction":"up"}') as { column: string; direction: 'asc' };
    expect(() => saveView(db, 'Bad', SPEC, 'table', new Date(), bad)).toThrow(WorkbenchError);
    expect(listViews(db)).toEqual([]);
  });
});
