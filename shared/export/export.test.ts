import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { PivotResult } from '../pivot/run-pivot';
import { UTF8_BOM, escapeCsvCell, exportTableToCsv, pivotToCsv, withUtf8Bom } from './csv';
import type { ImportEntry, WorkbenchInfo } from '../info';
import { pivotExportTable, sourceLines } from './pivot-table';
import { tableToXlsx } from './xlsx';

const result: PivotResult = {
  spec: { rows: ['district'], columns: ['crime_type'], measure: 'count', filters: [{ dimension: 'year', values: ['2023'] }], from: '2023-01', to: '2023-12' },
  columns: [['Burglary'], ['=HYPERLINK("x")']],
  rows: [
    { key: ['Mansfield'], values: [12, 3], total: 15, counts: [12, 3], countTotal: 15 },
    { key: ['@Gedling'], values: [0, 7], total: 7, counts: [0, 7], countTotal: 7 },
  ],
  columnTotals: [12, 10],
  grandTotal: 22,
  columnCountTotals: [12, 10],
  grandCount: 22,
  notes: [],
};

describe('exports', () => {
  it('escapes cells a spreadsheet would run as formulas, and quotes per RFC 4180', () => {
    expect(escapeCsvCell('=1+1')).toBe("'=1+1");
    expect(escapeCsvCell('+44')).toBe("'+44");
    expect(escapeCsvCell('-2')).toBe("'-2");
    expect(escapeCsvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(escapeCsvCell('a,"b"')).toBe('"a,""b"""');
    expect(escapeCsvCell(-2)).toBe('-2');
    expect(escapeCsvCell(null)).toBe('');
  });

  it('a CSV saved for Excel starts with the UTF-8 BOM, once; the CSV writers themselves add none', () => {
    const csv = exportTableToCsv({ header: ['Rate × 1,000'], columns: ['District', 'Note'], rows: [['Mansfield', 'victim’s £5 café']] });
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    const saved = withUtf8Bom(csv);
    expect([...new TextEncoder().encode(saved).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(withUtf8Bom(saved)).toBe(saved);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(new TextEncoder().encode(saved))).toBe(`${UTF8_BOM}${csv}`);
    expect(saved.slice(1)).toContain('victim’s £5 café');
  });

  it("source lines name each import's kind in the analyst's words; a kind this version does not know stays as it is", () => {
    const entry = (file: string, kind: string): ImportEntry => ({
      id: 1, file, size: 10, sha256: 'ab'.repeat(32), kind, read: 5, accepted: 1234, rejected: 0, duplicate: 0, updated: 0, at: '2026-11-30T10:00:00Z', records: 5, restorable: 0, values: 0,
    });
    const lines = sourceLines({
      imports: [entry('2023-01-street.csv', 'police-uk'), entry('profile.csv', 'district'), entry('msg.csv', 'iquanta'), entry('new.csv', 'crime-survey')],
      dateRange: null,
    });
    expect(lines).toEqual([
      'Source: 2023-01-street.csv (police.uk street-level file, 1,234 records, imported 30 Nov 2026, sha256 abababababab)',
      'Source: profile.csv (district profile extract, 1,234 records, imported 30 Nov 2026, sha256 abababababab)',
      'Source: msg.csv (iQuanta extract, 1,234 records, imported 30 Nov 2026, sha256 abababababab)',
      'Source: new.csv (crime-survey, 1,234 records, imported 30 Nov 2026, sha256 abababababab)',
    ]);
  });

  it("a pivot's header names only the extracts its figures come from: records, their population for a rate, the iQuanta file for an iQuanta measure", () => {
    const entry = (file: string, kind: string): ImportEntry => ({
      id: 1, file, size: 10, sha256: 'cd'.repeat(32), kind, read: 5, accepted: 5, rejected: 0, duplicate: 0, updated: 0, at: '2026-11-30T10:00:00Z', records: 5, restorable: 0, values: 0,
    });
    const info = {
      imports: [entry('street.csv', 'police-uk'), entry('profile.csv', 'district'), entry('msg.csv', 'iquanta'), entry('respect.csv', 'respect'), entry('pop.csv', 'population')],
      dateRange: null,
    } as unknown as WorkbenchInfo;
    const sources = (measure: PivotResult['spec']['measure']): string[] =>
      pivotExportTable({ ...result, spec: { ...result.spec, measure } }, info)
        .header.filter((line) => line.startsWith('Source: '))
        .map((line) => line.slice('Source: '.length).split(' ')[0] ?? '');
    expect(sources('count')).toEqual(['street.csv', 'profile.csv']);
    expect(sources('change_year')).toEqual(['street.csv', 'profile.csv']);
    expect(sources('rate')).toEqual(['street.csv', 'profile.csv', 'pop.csv']);
    expect(sources('iq_value')).toEqual(['msg.csv']);
  });

  it('CSV of the pivot as the command line prints it: no totals unless asked', () => {
    const csv = pivotToCsv(result);
    expect(csv.split('\r\n')[0]).toBe(`district,Burglary,"'=HYPERLINK(""x"")"`);
    expect(csv).not.toContain('Total');
    expect(pivotToCsv(result, { totals: true }).trim().split('\r\n').pop()).toBe('Total,12,10,22');
  });

  it('the export table states measure, period and filters, and shows small counts as <5 including totals', () => {
    const table = pivotExportTable(result, null, { smallCountThreshold: 5 });
    expect(table.header).toContain('Period: Jan 2023 to Dec 2023');
    expect(table.header).toContain('Filters: Calendar year = 2023');
    expect(table.rows[0]).toEqual(['Mansfield', 12, '<5', 15]);
    expect(table.rows[1]).toEqual(['@Gedling', 0, 7, 7]);
    const csv = exportTableToCsv(table);
    expect(csv).toContain("'@Gedling,0,7,7");
    expect(csv).toContain('Mansfield,12,<5,15');
  });

  it('a one-month period is said once in the header block, CSV and XLSX alike ("Apr 2014", not "Apr 2014 to Apr 2014")', async () => {
    const oneMonth = { ...result, spec: { ...result.spec, filters: [], from: '2014-04', to: '2014-04' } };
    const info: WorkbenchInfo = {
      schemaVersion: 1, appVersion: 'test', workbenchId: 'w', createdAt: '', modifiedAt: '', records: 3, sources: {}, imports: [],
      dateRange: { from: '2014-04', to: '2014-04' }, aggregates: { iquantaValues: 0, surveyRespondents: 0, populationRows: 0 }, isSynthetic: false, description: null,
    };
    const table = pivotExportTable(oneMonth, info);
    expect(table.header.filter((line) => line.startsWith('Period') || line.startsWith('Data covers'))).toEqual(['Period: Apr 2014', 'Data covers Apr 2014']);
    expect(exportTableToCsv(table).split('\r\n').slice(0, table.header.length)).toContain('Period: Apr 2014');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await tableToXlsx(table)).buffer as ArrayBuffer);
    const firstCells: unknown[] = [];
    workbook.worksheets[0]?.eachRow((row) => firstCells.push((row.values as unknown[])[1]));
    expect(firstCells).toContain('Period: Apr 2014');
    expect(firstCells.join('\n')).not.toContain('Apr 2014 to Apr 2014');
    // An open end takes the data's month, so one month of data reads once too; a span and an open end without data keep "to".
    const open = { ...oneMonth, spec: { ...oneMonth.spec, from: undefined, to: undefined } };
    expect(pivotExportTable(open, info).header).toContain('Period: Apr 2014');
    expect(pivotExportTable({ ...oneMonth, spec: { ...oneMonth.spec, to: '2015-03' } }, null).header).toContain('Period: Apr 2014 to Mar 2015');
    expect(pivotExportTable({ ...oneMonth, spec: { ...oneMonth.spec, to: undefined } }, null).header).toContain('Period: Apr 2014 to end of data');
    expect(sourceLines({ imports: [], dateRange: { from: '2023-01', to: '2024-12' } })).toEqual(['Data covers Jan 2023 to Dec 2024']);
  });

  it('XLSX holds the header block, the table as numbers, and no formulas', async () => {
    const bytes = await tableToXlsx(pivotExportTable(result, null));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const values: unknown[][] = [];
    sheet?.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    expect(values[0]).toEqual(['Crime Analyst Workbench export']);
    const header = values.findIndex((v) => v[0] === 'District');
    expect(values[header]).toEqual(['District', 'Burglary', `'=HYPERLINK("x")`, 'Total']);
    expect(values[header + 1]).toEqual(['Mansfield', 12, 3, 15]);
    let formulas = 0;
    sheet?.eachRow((row) => row.eachCell((cell) => { if (cell.type === ExcelJS.ValueType.Formula) formulas++; }));
    expect(formulas).toBe(0);
  });
});
