/**
 * Disclosure control on measures built from more than the cell's own count:
 * a % change or change in number on an earlier period, financial year to
 * date and rolling 12 months. A figure computed from a small count (the
 * earlier period's, or the window's records) must not be published: from
 * "+466.7%" and a published count of 17 (or from the fraction 14/3 alone),
 * the earlier period's 3 is back. Workbenches built here through the real
 * importer, with the small counts planted where the test says.
 */
import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { shownPivotTable } from '../export/pivot-table';
import { shownPivots } from '../export/view-table';
import { importFiles } from '../import/import-files';
import type { PivotSpec } from '../pivot/spec';
import { createWorkbench } from '../workbench';
import { disclosedShownTable } from './shown-table';

const SQL = await loadSqlJs();
const HEADER = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

/** A workbench of police.uk rows: `plan[month][type]` records in Mansfield, and 20 of Vehicle crime in every month. */
async function workbench(plan: Record<string, Record<string, number>>) {
  const db = createWorkbench(SQL);
  const lines = [HEADER];
  for (const [month, types] of Object.entries(plan)) {
    for (const [type, n] of Object.entries({ ...types, 'Vehicle crime': 20 })) {
      for (let k = 0; k < n; k += 1) lines.push(`id${lines.length},${month},Notts,Notts,-1.19,53.14,On or near X,E01028000,Mansfield 001A,${type},,`);
    }
  }
  await importFiles(db, [{ name: 'street.csv', bytes: new TextEncoder().encode(lines.join('\n')) }], { kind: 'police-uk' });
  return db;
}

function cell(table: { columns: string[]; rows: (string | number | null)[][] }, row: string, column: string): string | number | null | undefined {
  const j = table.columns.indexOf(column);
  return table.rows.find((r) => r[0] === row)?.[j];
}

describe('measures built on an earlier period or a window of months', () => {
  it('a % change whose earlier period is a small count is withheld, with a partner so the Total row cannot give it away', async () => {
    const db = await workbench({ '2024-01': { Burglary: 3, Robbery: 9 }, '2024-02': { Burglary: 17, Robbery: 12 } });
    for (const measure of ['change_prev', 'diff_prev'] as const) {
      const spec: PivotSpec = { rows: ['crime_type'], columns: ['month'], measure, filters: [], from: '2024-02' };
      const table = disclosedShownTable(shownPivots(db, spec), null);
      // 17 records against 3 the month before: +466.7% (or +14) would give the 3 away.
      expect(cell(table, 'Burglary', '2024-02'), measure).toBe('[c]');
      expect(table.primary, measure).toBeGreaterThanOrEqual(1);
      // Burglary's figure is part of the Total row's: another row is withheld with it.
      expect(table.rows.filter((r) => r[1] === '[c]').length, measure).toBeGreaterThanOrEqual(2);
      expect(cell(table, 'Vehicle crime', '2024-02') === '[c]' || cell(table, 'Robbery', '2024-02') === '[c]', measure).toBe(true);
      // The grid's own "<5" table (and its export without disclosure control) blanks it too.
      const shown = shownPivotTable(shownPivots(db, spec), null, { smallCountThreshold: 5 });
      expect(cell(shown, 'Burglary', '2024-02'), measure).toBeNull();
      expect(cell(shown, 'Robbery', '2024-02'), measure).not.toBeNull();
    }
  });

  it('a change in the first period shown has no earlier period: its cells stay blank, not [c], and are not counted as withheld', async () => {
    // 2024-01 is the first month in the data: its changes do not exist, whatever its counts.
    const db = await workbench({ '2024-01': { Burglary: 3, Robbery: 2 }, '2024-02': { Burglary: 17, Robbery: 12 } });
    for (const measure of ['change_prev', 'diff_prev'] as const) {
      const spec: PivotSpec = { rows: ['crime_type'], columns: ['month'], measure, filters: [] };
      const table = disclosedShownTable(shownPivots(db, spec), null);
      const first = table.columns.indexOf('2024-01');
      expect(first, measure).toBeGreaterThan(0);
      for (const row of table.rows) expect(row[first], `${measure} ${String(row[0])}`).toBeNull();
      // What the header counts as withheld is what the table marks, and only figures that exist are marked.
      const marked = table.rows.flatMap((r) => r.slice(1)).filter((c) => c === '[c]' || c === '<5').length;
      expect(table.primary + table.secondary, measure).toBe(marked);
      expect(table.header.some((h) => h.includes(`Withheld in this table: ${table.primary} `)), measure).toBe(true);
    }
  });

  it('financial year to date: a year-to-date of 1 to 4 records is withheld even where the cell\'s own count is large', async () => {
    // Financial years by their first months: 2023/24 has 3 robberies in April 2023 and 40 in March 2024; the latest month
    // shown is April 2024, so each year's figure is its April alone.
    const db = await workbench({ '2023-04': { Robbery: 3 }, '2024-03': { Robbery: 40 }, '2024-04': { Robbery: 8 } });
    const spec: PivotSpec = { rows: ['crime_type'], columns: ['fin_year'], measure: 'fytd', filters: [] };
    const table = disclosedShownTable(shownPivots(db, spec), null);
    expect(cell(table, 'Robbery', '2023/24')).toBe('[c]');
    expect(cell(table, 'Robbery', '2024/25')).toBe(8);
  });
});
