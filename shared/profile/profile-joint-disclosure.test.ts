/**
 * A flags summary and a view in one profile are two tables over the same
 * records: the summary's Records per series is a total the view's table
 * may withhold. Protected one table at a time, the view hides the Theft
 * total to protect the Robbery total (3); the summary prints Theft's 7, and
 * the view's Total column then gives Robbery's 3 away. The check is the
 * attacker's (tests/helpers/disclosure-check) on the view's table with the
 * summary's published Records taken as known.
 */
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { recoverableByLeaves } from '../../tests/helpers/disclosure-check';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { shownPivotLayout } from '../export/pivot-table';
import { shownPivots } from '../export/view-table';
import { importFiles } from '../import/import-files';
import { saveView } from '../views';
import { createWorkbench } from '../workbench';
import { type RenderedItem, documentTable } from './docx';
import { type PlannedItem, planProfile } from './plan';
import { addProfileItem, getProfile } from './store';

let db: Database;
const SPEC = { rows: ['crime_type'], columns: ['district'], measure: 'count', filters: [], from: '2024-11', to: '2024-12' } as const;

beforeAll(async () => {
  const SQL = await loadSqlJs();
  db = createWorkbench(SQL, new Date('2025-01-01T00:00:00Z'));
  const lines = ['Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'];
  const add = (n: number, month: string, district: 'Mansfield' | 'Ashfield', type: string): void => {
    for (let k = 0; k < n; k += 1) lines.push(`x${lines.length},${month},N,N,-1.19,53.14,X,E0102800${district === 'Mansfield' ? 0 : 1},${district} 001A,${type},,`);
  };
  for (const month of ['2024-11', '2024-12']) {
    add(20, month, 'Mansfield', 'Burglary');
    add(12, month, 'Ashfield', 'Burglary');
    add(6, month, 'Mansfield', 'Vehicle crime');
    add(5, month, 'Ashfield', 'Vehicle crime');
    add(2, month, 'Mansfield', 'Theft from the person');
  }
  // Robbery: 1 in Mansfield and 2 in Ashfield (3 in all); Theft from the person: 4 and 3 (7).
  add(1, '2024-12', 'Mansfield', 'Robbery');
  add(2, '2024-11', 'Ashfield', 'Robbery');
  add(3, '2024-12', 'Ashfield', 'Theft from the person');
  await importFiles(db, [{ name: '2024-street.csv', bytes: new TextEncoder().encode(lines.join('\n')) }], { now: new Date('2025-01-02T00:00:00Z') });
  saveView(db, 'Crime types by district', { ...SPEC, rows: [...SPEC.rows], columns: [...SPEC.columns], filters: [] }, 'table');
  addProfileItem(db, 'Joint', { kind: 'pivot', viewName: 'Crime types by district' });
  addProfileItem(db, 'Joint', { kind: 'flags', settings: { by: ['crime_type'], filters: [], from: '2024-11', to: '2024-12' } });
  // The same records with crime types across the columns: the summary's records are the Total row's figures.
  saveView(db, 'Districts by crime type', { ...SPEC, rows: ['district'], columns: ['crime_type'], filters: [] }, 'table');
  addProfileItem(db, 'Across', { kind: 'flags', settings: { by: ['crime_type'], filters: [], from: '2024-11', to: '2024-12' } });
  addProfileItem(db, 'Across', { kind: 'pivot', viewName: 'Districts by crime type' });
}, 60_000);

/** The view's table protected on its own, as before flags summaries were taken into account. */
const aloneOf = (item: PlannedItem | undefined): PlannedItem => {
  if (item?.kind !== 'table' || item.view === undefined) throw new Error('expected a view table');
  const { pivots, sort } = item.view;
  return { ...item, view: { pivots, sort } };
};

const tableOf = (item: PlannedItem | undefined) => {
  if (item?.kind !== 'table') throw new Error('expected a table');
  return documentTable(item satisfies RenderedItem, { suppression: true, threshold: 5, info: null });
};

describe('a flags summary and a view in one profile', () => {
  it('the summary prints each crime type\'s records, which are the view\'s row totals', () => {
    const [view, flags] = planProfile(db, getProfile(db, 'Joint'));
    const summary = tableOf(flags);
    const table = tableOf(view);
    expect(summary.rows.map((r) => [r[0], r[1]])).toEqual([
      ['Burglary', 64],
      ['Robbery', '<5'],
      ['Theft from the person', 7],
      ['Vehicle crime', 22],
    ]);
    expect(table.rows.find((r) => r[0] === 'Robbery')?.at(-1)).toBe('<5');
  });

  it('together they give no hidden count away: the view never relies on a total the summary prints', () => {
    const [view, flags] = planProfile(db, getProfile(db, 'Joint'));
    const summary = tableOf(flags);
    const table = tableOf(view);
    const layout = shownPivotLayout(shownPivots(db, { ...SPEC, rows: [...SPEC.rows], columns: [...SPEC.columns], filters: [] }), null);
    const printed = new Set(summary.rows.filter((r) => typeof r[1] === 'number').map((r) => r[0]));
    const width = layout.columns.length;
    // What the reader cannot see: the view's withheld figures, less the row totals the summary prints.
    const unseen = (rows: (string | number | null)[][]): boolean[][] =>
      rows.map((cells) => cells.slice(1).map((cell, j) => (cell === '<5' || cell === '[c]') && !(j === width && printed.has(String(cells[0])))));
    expect(table.rows.map((r) => r[0])).toEqual(layout.rows.map((r) => (r.kind === 'total' ? 'Total' : r.key.join(' / '))));
    expect(recoverableByLeaves(layout, unseen(table.rows))).toEqual([]);
    // Protected on its own, the view withholds Theft's total (7), which the summary prints: Robbery's total is then worked out.
    const alone = tableOf(aloneOf(view));
    expect(alone.rows.find((r) => r[0] === 'Theft from the person')?.at(-1)).toBe('[c]');
    expect(recoverableByLeaves(layout, unseen(alone.rows))).toContainEqual([layout.rows.findIndex((r) => r.key[0] === 'Robbery'), width]);
    // Each table still hides what it hid alone: Robbery's small counts.
    expect(table.rows.find((r) => r[0] === 'Robbery')?.slice(1)).toEqual(['<5', '<5', '<5']);
  });

  it('with the crime types across the columns too: the Total row\'s figures the summary prints protect nothing', () => {
    const [flags, view] = planProfile(db, getProfile(db, 'Across'));
    const summary = tableOf(flags);
    const table = tableOf(view);
    const layout = shownPivotLayout(shownPivots(db, { ...SPEC, rows: ['district'], columns: ['crime_type'], filters: [] }), null);
    const printed = new Set(summary.rows.filter((r) => typeof r[1] === 'number').map((r) => r[0]));
    const totalRow = table.rows.length - 1;
    const hidden = table.rows.map((cells, i) =>
      cells.slice(1).map((cell, j) => (cell === '<5' || cell === '[c]') && !(i === totalRow && printed.has(layout.columns[j]?.labels[0] ?? ''))),
    );
    expect(hidden.flat().some(Boolean)).toBe(true);
    expect(recoverableByLeaves(layout, hidden)).toEqual([]);
  });

  it('a view not by crime type: its total less the summary\'s printed crime types would give Robbery\'s 3 away, so it is withheld', () => {
    saveView(db, 'By district', { ...SPEC, rows: ['district'], columns: [], filters: [] }, 'table');
    addProfileItem(db, 'Not by type', { kind: 'flags', settings: { by: ['crime_type'], filters: [], from: '2024-11', to: '2024-12' } });
    addProfileItem(db, 'Not by type', { kind: 'pivot', viewName: 'By district' });
    const [flags, view] = planProfile(db, getProfile(db, 'Not by type'));
    const summary = tableOf(flags);
    const printedTypes = summary.rows.flatMap((r) => (typeof r[1] === 'number' ? [r[1]] : []));
    expect(summary.rows.filter((r) => r[1] === '<5')).toHaveLength(1);
    // The reader knows the records in all from the Total, or from every district printed.
    const recordsInAll = (rows: (string | number | null)[][]): number | null => {
      const total = rows.find((r) => r[0] === 'Total')?.[1];
      if (typeof total === 'number') return total;
      const districts = rows.filter((r) => r[0] !== 'Total').map((r) => r[1]);
      return districts.every((c) => typeof c === 'number') ? districts.reduce<number>((a, c) => a + Number(c), 0) : null;
    };
    const robbery = (rows: (string | number | null)[][]): number | null => {
      const all = recordsInAll(rows);
      return all === null ? null : all - printedTypes.reduce((a, b) => a + b, 0);
    };
    // On its own the view prints every district and the Total: Robbery's 3 follows.
    expect(robbery(tableOf(aloneOf(view)).rows)).toBe(3);
    expect(robbery(tableOf(view).rows)).toBeNull();
  });

  it('a view over fewer months is protected with the summary: no November count below 5 is the summary less the view', () => {
    saveView(db, 'December only', { ...SPEC, rows: ['crime_type'], columns: ['district'], filters: [], from: '2024-12' }, 'table');
    addProfileItem(db, 'Other months', { kind: 'pivot', viewName: 'December only' });
    addProfileItem(db, 'Other months', { kind: 'flags', settings: { by: ['crime_type'], filters: [], from: '2024-11', to: '2024-12' } });
    const [view, flags] = planProfile(db, getProfile(db, 'Other months'));
    const viewRows = tableOf(view).rows;
    const flagsRows = tableOf(flags).rows;
    // Each crime type's November: its Nov-Dec records (the summary) less its December total (the view), where both print.
    const novembers = flagsRows.flatMap((r) => {
      const december = viewRows.find((v) => v[0] === r[0])?.at(-1);
      return typeof r[1] === 'number' && typeof december === 'number' ? [r[1] - december] : [];
    });
    expect(novembers.length).toBeGreaterThan(0);
    expect(novembers.filter((n) => n >= 1 && n <= 4)).toEqual([]);
    // The note says why more may be withheld.
    expect(view?.kind === 'table' ? view.sourceNote : '').toContain('subtracting one table from another');
  });
});
