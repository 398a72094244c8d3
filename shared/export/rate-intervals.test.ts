/**
 * A rate table with its 95% limits for a spreadsheet: each figure followed
 * by its lower and upper limit (the same as the engine's intervals and the
 * published PHE method) and, with district alone on an axis, Higher /
 * Similar / Lower against the Total; under disclosure control a withheld
 * rate takes its limits with it. Over records made by hand: 1,000 residents
 * in each district, Mansfield 400 records, Gedling 190, Ashfield 100, Rushcliffe 3.
 */
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { byarsLimits, exactPoissonLimits } from '../analytics/rate-interval';
import { disclosedShownTable } from '../disclosure/shown-table';
import { importFiles } from '../import/import-files';
import type { PivotSpec } from '../pivot/spec';
import { createWorkbench } from '../workbench';
import ExcelJS from 'exceljs';
import { exportTableToCsv } from './csv';
import { shownPivotTable } from './pivot-table';
import { COMPARED_NOTE, INTERVALS_NOTE, withRateIntervals } from './rate-intervals';
import { shownPivots } from './view-table';
import { tableToXlsx } from './xlsx';

const RECORDS = { Mansfield: 400, Gedling: 190, Ashfield: 100, Rushcliffe: 3 } as const;

let db: Database;

beforeAll(async () => {
  const lines = ['record_ref,committed_date,crime_type,district'];
  for (const [district, n] of Object.entries(RECORDS)) for (let i = 0; i < n; i++) lines.push(`${district}-${i},15/06/2023,Burglary,${district}`);
  const population = ['area_name,year,age_band,population', ...Object.keys(RECORDS).map((d) => `${d},2023,All ages,1000`)];
  db = createWorkbench(await loadSqlJs());
  const reports = await importFiles(db, [
    { name: 'district.csv', bytes: new TextEncoder().encode(lines.join('\n')) },
    { name: 'population.csv', bytes: new TextEncoder().encode(population.join('\n')) },
  ]);
  expect(reports.map((r) => r.rejected)).toEqual([0, 0]);
});

const spec = (overrides: Partial<PivotSpec>): PivotSpec => ({ rows: ['district'], columns: [], measure: 'rate', filters: [], ...overrides });
const rowOf = (rows: readonly (string | number | null)[][], label: string) => rows.find((cells) => cells[0] === label);

describe('rate tables with their confidence limits', () => {
  it('districts as rows: each rate, its limits and how it compares with the Total', () => {
    const pivots = shownPivots(db, spec({}));
    const table = withRateIntervals(shownPivotTable(pivots, null), pivots);
    expect(table.columns).toEqual([
      'District',
      'Rate per 1,000 population',
      'Rate per 1,000 population: lower 95% limit',
      'Rate per 1,000 population: upper 95% limit',
      'Rate per 1,000 population: against the Total',
    ]);
    const mansfield = byarsLimits(400);
    const [label, rate, lower, upper, against] = rowOf(table.rows, 'Mansfield') ?? [];
    expect([label, rate, against]).toEqual(['Mansfield', 400, 'Higher']);
    expect(lower).toBeCloseTo(mansfield.lower, 9);
    expect(upper).toBeCloseTo(mansfield.upper, 9);
    expect(rowOf(table.rows, 'Gedling')?.[4]).toBe('Similar');
    expect(rowOf(table.rows, 'Ashfield')?.[4]).toBe('Lower');
    // Three records: exact Poisson limits.
    const rushcliffe = exactPoissonLimits(3);
    const [, rate3, lower3, upper3] = rowOf(table.rows, 'Rushcliffe') ?? [];
    expect(rate3).toBe(3);
    expect(lower3).toBeCloseTo(rushcliffe.lower, 9);
    expect(upper3).toBeCloseTo(rushcliffe.upper, 9);
    // The Total is the benchmark: its own limits, no comparison.
    const total = byarsLimits(693);
    const totalRow = rowOf(table.rows, 'Total');
    expect(totalRow?.[2]).toBeCloseTo(total.lower / 4, 9);
    expect(totalRow?.[4]).toBeNull();
    expect(table.header.slice(-2)).toEqual([INTERVALS_NOTE, COMPARED_NOTE]);
    // The CSV writes the limits as figures, rounded as rates are.
    expect(exportTableToCsv(table)).toContain('\r\nMansfield,400,361.8,441.2,Higher\r\n');
  });

  it("districts as columns: each cell against its row's Total, the Total column's limits uncompared", () => {
    const pivots = shownPivots(db, spec({ rows: ['crime_type'], columns: ['district'] }));
    const table = withRateIntervals(shownPivotTable(pivots, null), pivots);
    const at = (name: string): number => table.columns.indexOf(name);
    const burglary = rowOf(table.rows, 'Burglary') ?? [];
    expect(burglary[at('Mansfield: against the Total')]).toBe('Higher');
    expect(burglary[at('Ashfield: against the Total')]).toBe('Lower');
    expect(burglary[at('Total: against the Total')]).toBeNull();
    expect(burglary[at('Total: upper 95% limit')]).toBeCloseTo((byarsLimits(693).upper * 1000) / 4000, 9);
  });

  it('nested under another dimension: the limits without a comparison', () => {
    const pivots = shownPivots(db, spec({ rows: ['crime_type', 'district'] }));
    const table = withRateIntervals(shownPivotTable(pivots, null), pivots);
    expect(table.columns).toHaveLength(4);
    expect(table.header).toContain(INTERVALS_NOTE);
    expect(table.header).not.toContain(COMPARED_NOTE);
  });

  it("under disclosure control a withheld rate's limits and comparison are withheld too", () => {
    const pivots = shownPivots(db, spec({}));
    const table = withRateIntervals(disclosedShownTable(pivots, null, { threshold: 5 }), pivots);
    expect(rowOf(table.rows, 'Rushcliffe')).toEqual(['Rushcliffe', '[c]', '[c]', '[c]', '[c]']);
    expect(rowOf(table.rows, 'Mansfield')?.[4]).toBe('Higher');
  });

  it('the XLSX holds the limits as figures in the rate format, rounded as shown, the comparison as words', async () => {
    const pivots = shownPivots(db, spec({}));
    const book = new ExcelJS.Workbook();
    const bytes = await tableToXlsx(withRateIntervals(shownPivotTable(pivots, null), pivots));
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const rows: unknown[][] = [];
    book.worksheets[0]?.eachRow((row) => rows.push([1, 2, 3, 4, 5].map((c) => [row.getCell(c).value, row.getCell(c).numFmt])));
    const mansfield = rows.find((cells) => (cells[0] as unknown[])[0] === 'Mansfield');
    expect(mansfield?.slice(1)).toEqual([
      [400, '#,##0.0'],
      [361.8, '#,##0.0'],
      [441.2, '#,##0.0'],
      ['Higher', '#,##0.0'],
    ]);
  });

  it('leaves any other measure as it is', () => {
    const pivots = shownPivots(db, spec({ measure: 'count' }));
    const table = shownPivotTable(pivots, null);
    expect(withRateIntervals(table, pivots)).toBe(table);
  });
});
