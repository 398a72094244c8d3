/**
 * A view's chart under disclosure control hides what the view's table hides,
 * subtotals included: the request must carry the table's pivots (`shown`)
 * whenever it carries `disclosure`, so no caller can get the weaker flat
 * pattern that ignores subtotals (the @ts-expect-error below is checked by
 * `npm run typecheck`).
 */
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { workbenchOf } from '../../tests/helpers/import-tests';
import { disclosedPivotResult } from '../disclosure/pivot-table';
import { disclosedShownTable } from '../disclosure/shown-table';
import { shownPivots } from '../export/view-table';
import type { PivotSpec } from '../pivot/spec';
import { suppressionNote } from './analysis-chart';
import type { ChartOption } from './theme';
import { type ViewChartRequest, viewChart } from './view-chart';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

/** Mansfield: 20 burglaries and 1 robbery (small); Ashfield 9 and 8. */
const RECORDS = [
  'record_ref,record_type,committed_date,crime_type,district,victim_age,victim_sex',
  ...[
    ['Mansfield', 'Burglary', 20],
    ['Mansfield', 'Robbery', 1],
    ['Ashfield', 'Burglary', 9],
    ['Ashfield', 'Robbery', 8],
  ].flatMap(([district, type, n], k) => Array.from({ length: Number(n) }, (_, i) => `V${k}-${i},crime,15/06/2023,${type},${district},30,F`)),
].join('\n');

const SPEC: PivotSpec = { rows: ['district', 'crime_type'], columns: [], measure: 'count', filters: [], from: '2023-01', to: '2023-12' };

/** Bar values by category label. */
function bars(option: ChartOption | null): Record<string, unknown> {
  const series = option?.series[0];
  const categories = (option?.xAxis as { data?: unknown[] } | undefined)?.data ?? (option?.yAxis as { data?: unknown[] } | undefined)?.data ?? [];
  const values = (series?.data ?? []).map((d) => (typeof d === 'object' && d !== null && 'value' in d ? d.value : d));
  return Object.fromEntries(categories.map((c, i) => [String(c), values[i] ?? null]));
}

describe('viewChart under disclosure control', () => {
  it("hides what the view's table hides, the subtotal's partner included", async () => {
    const db = await workbenchOf(SQL, [{ name: 'district.csv', text: RECORDS }]);
    const pivots = shownPivots(db, SPEC);
    const option = viewChart({ name: 'By district and crime type', chart: 'bar', result: pivots.result, info: null, disclosure: { suppression: true }, shown: { pivots, sort: null } });
    const got = bars(option);
    // The table publishes Mansfield's subtotal (21): its robbery (1) is hidden, and so is its burglary (20), or 21 - 20 gives it away.
    const table = disclosedShownTable(pivots, null);
    expect(Object.fromEntries(table.rows.map((r) => [r[0], r[1]]))).toMatchObject({ 'Mansfield / Subtotal': 21, 'Mansfield / Robbery': '<5', 'Mansfield / Burglary': '[c]' });
    expect(got).toEqual({ 'Ashfield / Burglary': 9, 'Ashfield / Robbery': 8, 'Mansfield / Burglary': null, 'Mansfield / Robbery': null });
    // The flat pattern (no subtotals) would have shown Mansfield's 20 burglaries beside a published subtotal of 21.
    const flat = disclosedPivotResult(pivots.result).result;
    expect(flat.rows.find((r) => r.key.join(' / ') === 'Mansfield / Burglary')?.values).toEqual([20]);
    expect(option?.graphic.some((g) => g.style.text.includes(suppressionNote(5)))).toBe(true);
  });

  it('disclosure without the shown table does not type-check', () => {
    const weaker = (request: Omit<ViewChartRequest, 'shown'>): ChartOption | null =>
      // @ts-expect-error: disclosure needs the view's shown table (its subtotals), never the flat pattern.
      viewChart({ ...request, disclosure: { suppression: true } });
    expect(typeof weaker).toBe('function');
  });
});

describe('a line view with months down the rows', () => {
  /** Mansfield 2, 3, 4 burglaries in Jan, Feb and Mar 2023; Ashfield 5, 6, 7. */
  const MONTHLY = [
    'record_ref,record_type,committed_date,crime_type,district,victim_age,victim_sex',
    ...[
      ['Mansfield', '01', 2],
      ['Mansfield', '02', 3],
      ['Mansfield', '03', 4],
      ['Ashfield', '01', 5],
      ['Ashfield', '02', 6],
      ['Ashfield', '03', 7],
    ].flatMap(([district, month, n]) => Array.from({ length: Number(n) }, (_, i) => `${String(district)}-${String(month)}-${i},crime,15/${String(month)}/2023,Burglary,${String(district)},30,F`)),
  ].join('\n');
  const lines = (option: ChartOption | null): { x: unknown[]; series: Record<string, unknown[]> } => ({
    x: (option?.xAxis as { data?: unknown[] } | undefined)?.data ?? [],
    series: Object.fromEntries((option?.series ?? []).filter((s) => s.type === 'line').map((s) => [String(s.name), s.data])),
  });

  it('draws time along the x axis, one line per district, not a line per month', async () => {
    const db = await workbenchOf(SQL, [{ name: 'district.csv', text: MONTHLY }]);
    const spec: PivotSpec = { rows: ['month'], columns: ['district'], measure: 'count', filters: [], from: '2023-01', to: '2023-03' };
    const pivots = shownPivots(db, spec);
    const got = lines(viewChart({ name: 'Burglary by month', chart: 'line', result: pivots.result, info: null }));
    expect(got.x).toEqual(['Jan 2023', 'Feb 2023', 'Mar 2023']);
    expect(got.series).toEqual({ Ashfield: [5, 6, 7], Mansfield: [2, 3, 4] });
  });

  it('draws one trend line for months with nothing in columns', async () => {
    const db = await workbenchOf(SQL, [{ name: 'district.csv', text: MONTHLY }]);
    const spec: PivotSpec = { rows: ['month'], columns: [], measure: 'count', filters: [], from: '2023-01', to: '2023-03' };
    const pivots = shownPivots(db, spec);
    const got = lines(viewChart({ name: 'Burglary by month', chart: 'line', result: pivots.result, info: null }));
    expect(got.x).toEqual(['Jan 2023', 'Feb 2023', 'Mar 2023']);
    expect(Object.values(got.series)).toEqual([[7, 9, 11]]);
  });
});
