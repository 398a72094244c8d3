/**
 * Total and subtotal rows print bold because the table builder says which
 * rows they are, not because of their label: a rate view over years has a
 * "Total per year" row (and "Mansfield / Subtotal" group rows), which must be
 * bold in the Word profile, on the print page and in the XLSX export; an
 * ordinary row whose label happens to be "Total" is not.
 */
import ExcelJS from 'exceljs';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { readZipEntry } from '../../tests/helpers/zip';
import { workbenchOf } from '../../tests/helpers/import-tests';
import { viewExportTable } from '../export/view-table';
import { tableToXlsx } from '../export/xlsx';
import { workbenchInfo } from '../info';
import { PER_YEAR_TOTAL_LABEL } from '../pivot/run-pivot';
import type { PivotSpec } from '../pivot/spec';
import { getView, saveView } from '../views';
import { type RenderedItem, buildProfileDocx, tableColumnWidths } from './docx';
import { buildProfileHtml } from './html';
import { planProfile, renderPlan } from './plan';
import { addProfileItem, getProfile } from './store';

let SQL: SqlJsStatic;
let db: Database;

/** 10 to 13 burglaries per district and year (none small, so disclosure control hides nothing), from January 2023 to December 2024. */
const RECORDS = [
  'record_ref,record_type,committed_date,crime_type,district,victim_age,victim_sex',
  ...[
    ['Mansfield', '15/01/2023', 10],
    ['Mansfield', '15/12/2024', 12],
    ['Gedling', '15/06/2023', 11],
    ['Gedling', '15/06/2024', 13],
  ].flatMap(([district, date, n], k) => Array.from({ length: Number(n) }, (_, i) => `T${k}-${i},crime,${date},Burglary,${district},30,F`)),
].join('\n');
const POPULATION = ['area_name,year,age_band,population', 'Mansfield,2023,All ages,1000', 'Mansfield,2024,All ages,1000', 'Gedling,2023,All ages,2000', 'Gedling,2024,All ages,2000'].join('\n');

const RATE_VIEW: PivotSpec = { rows: ['district', 'year'], columns: [], measure: 'rate', filters: [], from: '2023-01', to: '2024-12' };

beforeAll(async () => {
  SQL = await loadSqlJs();
  db = await workbenchOf(SQL, [
    { name: 'district.csv', text: RECORDS },
    { name: 'population.csv', text: POPULATION, kind: 'population' },
  ]);
  saveView(db, 'Rates by district and year', RATE_VIEW, 'bar');
  addProfileItem(db, 'Rates', { kind: 'pivot', viewName: 'Rates by district and year', caption: 'Rates per 1,000' });
});

/** Each row of each table in document.xml: its cell texts and whether every run in it is bold. */
function docxRows(docx: Uint8Array): { cells: string[]; bold: boolean }[] {
  const xml = readZipEntry(Buffer.from(docx), 'word/document.xml')?.toString('utf8') ?? '';
  return [...xml.matchAll(/<w:tr\b[^>]*>(.*?)<\/w:tr>/gs)].map((row) => {
    const body = row[1] ?? '';
    const cells = [...body.matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((cell) => [...(cell[1] ?? '').matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
    const runs = [...body.matchAll(/<w:r>(.*?)<\/w:r>/gs)].map((r) => r[1] ?? '');
    return { cells, bold: runs.length > 0 && runs.every((r) => /<w:b\/>/.test(r)) };
  });
}

async function renderedProfile(): Promise<RenderedItem[]> {
  return renderPlan(planProfile(db, getProfile(db, 'Rates')), () => {
    throw new Error('no charts in this profile');
  });
}

describe('total rows are bold by what they are', () => {
  it('the view really has a "Total per year" row and subtotal rows', () => {
    const table = viewExportTable(db, getView(db, 'Rates by district and year'), null);
    expect(table.rows.map((r) => r[0])).toEqual(['Gedling / Subtotal', 'Gedling / 2023', 'Gedling / 2024', 'Mansfield / Subtotal', 'Mansfield / 2023', 'Mansfield / 2024', PER_YEAR_TOTAL_LABEL]);
    expect(table.totalRows).toEqual([0, 3, 6]);
  });

  for (const suppression of [true, false]) {
    it(`Word: the Total per year row and the subtotals are bold, the district-year rows are not (disclosure control ${suppression ? 'on' : 'off'})`, async () => {
      const docx = await buildProfileDocx(getProfile(db, 'Rates'), await renderedProfile(), { suppression, now: new Date('2025-01-03T00:00:00Z'), info: workbenchInfo(db) });
      const rows = docxRows(docx).filter((r) => r.cells.length === 2);
      // The document indents a nested table as the grid does: a district's row (its subtotal), then its years.
      expect(rows.map((r) => [r.cells[0], r.bold])).toEqual([
        ['District / Calendar year', true],
        ['Gedling', true],
        ['2023', false],
        ['2024', false],
        ['Mansfield', true],
        ['2023', false],
        ['2024', false],
        [PER_YEAR_TOTAL_LABEL, true],
      ]);
      const xml = readZipEntry(Buffer.from(docx), 'word/document.xml')?.toString('utf8') ?? '';
      const indents = [...xml.matchAll(/<w:tr\b[^>]*>.*?<w:tc>(.*?)<\/w:tc>/gs)].map((m) => /<w:ind w:left="(\d+)"/.exec(m[1] ?? '')?.[1] ?? '0');
      expect(indents).toEqual(['0', '0', '200', '200', '0', '200', '200', '0']);
      // (10 + 12 + 11 + 13) / 6,000 person-years per 1,000.
      expect(rows.find((r) => r.cells[0] === PER_YEAR_TOTAL_LABEL)?.cells[1]).toBe('7.7');
    });
  }

  it('print page: the same rows carry class="total"', async () => {
    const html = buildProfileHtml(getProfile(db, 'Rates'), await renderedProfile(), { info: workbenchInfo(db) });
    const rows = [...html.matchAll(/<tr( class="total")?><td( style="[^"]*")?>([^<]*)<\/td>/g)].map((m) => [m[3], m[1] !== undefined, m[2] !== undefined]);
    // [label, bold, indented]
    expect(rows).toEqual([
      ['Gedling', true, false],
      ['2023', false, true],
      ['2024', false, true],
      ['Mansfield', true, false],
      ['2023', false, true],
      ['2024', false, true],
      [PER_YEAR_TOTAL_LABEL, true, false],
    ]);
  });

  it('XLSX: the total and subtotal rows are bold', async () => {
    const bytes = await tableToXlsx(viewExportTable(db, getView(db, 'Rates by district and year'), null));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const bold: Record<string, boolean> = {};
    workbook.worksheets[0]?.eachRow((row) => {
      const label = row.getCell(1).value;
      if (typeof label === 'string' && (/^(Gedling|Mansfield) \//.test(label) || label === PER_YEAR_TOTAL_LABEL)) bold[label] = row.getCell(1).font?.bold === true && row.getCell(2).font?.bold === true;
    });
    expect(bold).toEqual({
      'Gedling / Subtotal': true,
      'Gedling / 2023': false,
      'Gedling / 2024': false,
      'Mansfield / Subtotal': true,
      'Mansfield / 2023': false,
      'Mansfield / 2024': false,
      [PER_YEAR_TOTAL_LABEL]: true,
    });
  });

  it('a ready-made table row labelled "Total" (a series of that name) is not taken for a total', async () => {
    const item: RenderedItem = { kind: 'table', caption: 'Series', sourceNote: '', columns: ['Series', 'Records'], rows: [['Total', 40], ['Other', 30]] };
    const html = buildProfileHtml({ name: 'Plain' }, [item], {});
    expect(html).toContain('<tr><td>Total</td><td>40</td></tr>');
    const rows = docxRows(await buildProfileDocx({ name: 'Plain' }, [item], { now: new Date('2025-01-03T00:00:00Z') }));
    expect(rows.find((r) => r.cells[0] === 'Total')?.bold).toBe(false);
  });
});

describe('a table fits its labels', () => {
  it('each column is as wide as its longest cell: long row labels get room (never above 45% of the page), figures stay narrow, and the widths fill the page', () => {
    const columns = ['District / Offence group', '2019/20', '2020/21', 'Total'];
    const rows = [
      ['Ashfield', 1362, 1485, 2847],
      ['Criminal damage and arson', 89, 99, 188],
      ['Miscellaneous crimes against society', 29, 46, 75],
    ];
    const outline = [
      { label: 'Ashfield', depth: 0 },
      { label: 'Criminal damage and arson', depth: 1 },
      { label: 'Miscellaneous crimes against society', depth: 1 },
    ];
    const widths = tableColumnWidths(columns, rows, outline);
    const page = 11906 - 2 * 1134;
    expect(widths.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(page - widths.length);
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(page + widths.length);
    const [label = 0, ...figures] = widths;
    expect(label).toBeLessThanOrEqual(0.45 * page + 1);
    for (const w of figures) expect(label).toBeGreaterThan(2 * w);
    // Short labels: no more room than they need, the figures share the rest.
    const short = tableColumnWidths(['District', '2023', '2024'], [['Gedling', 11, 13]], undefined);
    expect(short[0]).toBeLessThan(0.45 * page);
    expect(Math.abs((short[1] ?? 0) - (short[2] ?? 0))).toBeLessThanOrEqual(1);
  });
});
