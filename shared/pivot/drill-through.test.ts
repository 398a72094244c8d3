/**
 * The records behind a cell, as the analyst checks them in the source system:
 * each with the source's own reference and the fields its extract gave, read
 * back against an independent parse of the same file.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { districtCsv, generateDistrictRecords } from '../generator';
import { type HandlerContext, WorkbenchService } from '../service';
import { DRILL_LABELS, type DrillSort, type DrillThroughRecord } from './drill-through';
import { escapeCsvCell } from '../export/csv';
import type { PivotSpec } from './spec';

const context: HandlerContext = { isCancelled: () => false, emit: () => undefined };
const EXTRACTS = resolve(import.meta.dirname, '../../tests/fixtures/old-workbenches/extracts');
const spec: PivotSpec = { rows: ['crime_type'], columns: ['district'], measure: 'count', filters: [] };

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

const rowsOf = (text: string): Record<string, string>[] => Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Every record behind the cell, page by page (as the export fetches them). */
async function drillAll(service: WorkbenchService, crimeType: string, district: string): Promise<{ fields: string[]; records: DrillThroughRecord[] }> {
  const records: DrillThroughRecord[] = [];
  let fields: string[] = [];
  for (let offset = 0; ; ) {
    const page = await service.dispatch('pivot/drill', { spec, rowKey: [crimeType], columnKey: [district], offset, limit: 250 }, context);
    fields = page.fields;
    records.push(...page.records);
    offset += page.records.length;
    if (page.records.length === 0 || offset >= page.total) break;
  }
  return { fields, records };
}

/** dd/mm/yyyy[ HH:MM] as yyyy-mm-dd. */
const isoDate = (ukDate: string): string => {
  const [d, m, y] = (ukDate.split(' ')[0] ?? '').split('/');
  return `${y}-${m}-${d}`;
};

describe('drill-through records', () => {
  it("list a district extract's own references and fields for the cell, and nothing that identifies a victim", async () => {
    const text = districtCsv(generateDistrictRecords({ seed: 7, records: 4_000 }));
    const service = new WorkbenchService(SQL);
    const [report] = await service.dispatch('import/files', { files: [{ name: 'district.csv', bytes: bytes(text) }] }, context);
    expect(report?.rejected).toBe(0);
    const rows = rowsOf(text);
    const cell = rows.filter((r) => r.crime_type === 'Burglary Dwelling' && r.district === 'Mansfield');
    expect(cell.length).toBeGreaterThan(10);

    const { fields, records } = await drillAll(service, 'Burglary Dwelling', 'Mansfield');
    expect(records.map((r) => r.reference).sort()).toEqual(cell.map((r) => r.record_ref).sort());
    expect(fields).toEqual(expect.arrayContaining(['reference', 'ward', 'ageBand', 'sex', 'domestic', 'offenceCode', 'easting']));
    expect(fields).not.toContain('location');
    const byRef = new Map(cell.map((r) => [r.record_ref, r]));
    for (const record of records) {
      const row = byRef.get(record.reference ?? '');
      expect(row, record.reference ?? 'null').toBeDefined();
      if (row === undefined) continue;
      expect([record.date, record.reportedDate, record.ward, record.lsoa, record.offenceCode, record.easting, record.northing], row.record_ref).toEqual([
        isoDate(row.committed_date ?? ''),
        row.reported_date === '' ? null : isoDate(row.reported_date ?? ''),
        row.ward,
        row.lsoa_code,
        row.offence_code || null,
        Number(row.easting),
        Number(row.northing),
      ]);
      expect(record.recordType).toBe(row.record_type);
      expect(record.sex).toBe(row.victim_sex === 'F' || row.victim_sex === 'M' ? row.victim_sex : null);
      expect(record.domestic).toBe(row.domestic === 'Y' ? 'Y' : row.domestic === 'N' ? 'N' : null);
      expect(record.hour).toBe(/ \d\d:\d\d$/.test(row.committed_date ?? '') ? `${row.committed_date?.slice(-5, -3)}:00-${row.committed_date?.slice(-5, -3)}:59` : null);
    }
    // Victims are not identified: neither their reference, nor its pseudonym, nor an exact age.
    const shown = JSON.stringify(records);
    const pseudonyms = (service.database.exec('SELECT DISTINCT victim_pseudonym FROM record WHERE victim_pseudonym IS NOT NULL')[0]?.values ?? []).map((r) => String(r[0]));
    for (const row of cell) if (row.victim_ref !== '') expect(shown).not.toContain(`"${row.victim_ref}"`);
    for (const pseudonym of pseudonyms) expect(shown).not.toContain(pseudonym);
    expect(Object.keys(records[0] ?? {})).not.toContain('victimAge');
  });

  it("list police.uk's Crime IDs (none for ASB) and only the fields police.uk has", async () => {
    const file = '2023-01-excerpt.csv';
    const text = readFileSync(resolve(EXTRACTS, file), 'utf8');
    const service = new WorkbenchService(SQL);
    await service.dispatch('import/files', { files: [{ name: file, bytes: bytes(text) }] }, context);
    const rows = rowsOf(text).filter((r) => (r['LSOA name'] ?? '').startsWith('Ashfield '));
    for (const crimeType of ['Violence and sexual offences', 'Anti-social behaviour']) {
      const cell = rows.filter((r) => r['Crime type'] === crimeType);
      expect(cell.length, crimeType).toBeGreaterThan(0);
      const { fields, records } = await drillAll(service, crimeType, 'Ashfield');
      expect(records.map((r) => r.reference ?? '').sort(), crimeType).toEqual(cell.map((r) => r['Crime ID'] ?? '').sort());
      expect(fields).toEqual(['reference', 'source', 'recordType', 'month', 'crimeType', 'district', 'lsoa', 'location', 'nearRepeat', 'outcome', 'latitude', 'longitude', 'id']);
    }
  });

  it('keep a reference exactly as the extract writes it, in any script, and a formula-like one as text', async () => {
    const header = 'record_ref,committed_date,crime_type,district';
    const refs = ['Ünal-1/24', '  CR/000123/24  ', '=1+2', '東京-7', 'plain-1'];
    const text = [header, ...refs.map((ref) => `${ref},03/04/2024,Shoplifting,Gedling`)].join('\r\n');
    const service = new WorkbenchService(SQL);
    const [report] = await service.dispatch('import/files', { files: [{ name: 'refs.csv', bytes: bytes(text) }] }, context);
    expect(report?.accepted).toBe(refs.length);
    const { records } = await drillAll(service, 'Shoplifting', 'Gedling');
    // Trimmed as the record key is (the same reference with spaces round it is the same record).
    expect(records.map((r) => r.reference).sort()).toEqual(refs.map((ref) => ref.trim()).sort());
  });

  it('export as one CSV in the order the pages show, every field the sources have, and stop with nothing written on Cancel', async () => {
    const text = districtCsv(generateDistrictRecords({ seed: 8, records: 50_000 }));
    const service = new WorkbenchService(SQL);
    await service.dispatch('import/files', { files: [{ name: 'district.csv', bytes: bytes(text) }] }, context);
    const header = ['Crime Analyst Workbench drill-through', 'Records behind: all, with a "quote", and =sign'];
    // The grand total: every record, over 20,000, so the export reports progress as it goes.
    const everything = { spec: { ...spec, rows: [], columns: [] }, rowKey: [], columnKey: [] };
    const progress: number[] = [];
    const { csv, count } = await service.dispatch('pivot/drill-csv', { ...everything, header }, {
      isCancelled: () => false,
      emit: (name, payload) => {
        if (name === 'drill/progress') progress.push((payload as { done: number }).done);
      },
    });
    const recordCount = Number(service.database.exec('SELECT COUNT(*) FROM record')[0]?.values[0]?.[0]);
    expect(count).toBe(recordCount);
    expect(progress).toEqual([20_000, 40_000]);
    const lines = csv.split('\r\n');
    expect(lines.slice(0, 3)).toEqual(['Crime Analyst Workbench drill-through', '"Records behind: all, with a ""quote"", and =sign"', '']);
    const page = await service.dispatch('pivot/drill', { ...everything, offset: 0, limit: 5_000 }, context);
    expect(lines[3]?.split(',')).toEqual(page.fields.map((field) => DRILL_LABELS[field]));
    expect(lines).toHaveLength(4 + recordCount + 1);
    expect(lines[lines.length - 1]).toBe('');
    // The first page's records, line for line, in the same order.
    page.records.forEach((record, i) => expect(lines[4 + i], String(record.id)).toBe(page.fields.map((field) => escapeCsvCell(record[field])).join(',')));
    // One line per record, each of them once.
    const idAt = page.fields.indexOf('id');
    expect(new Set(lines.slice(4, -1).map((line) => line.split(',').at(idAt - page.fields.length))).size).toBe(recordCount);

    let reads = 0;
    await expect(
      service.dispatch('pivot/drill-csv', { ...everything, header }, { isCancelled: () => ++reads > 1, emit: () => undefined }),
    ).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('sort by any column over all the records behind the cell, blanks last, pages never overlapping, and the export keeps the order', async () => {
    const text = districtCsv(generateDistrictRecords({ seed: 5, records: 6_000 }));
    const service = new WorkbenchService(SQL);
    await service.dispatch('import/files', { files: [{ name: 'district.csv', bytes: bytes(text) }] }, context);
    const cell = { spec, rowKey: ['Violence without injury'], columnKey: ['Nottingham City'] };
    const pages = async (sort: DrillSort): Promise<DrillThroughRecord[]> => {
      const records: DrillThroughRecord[] = [];
      for (let offset = 0; ; offset += 37) {
        const page = await service.dispatch('pivot/drill', { ...cell, offset, limit: 37, sort }, context);
        records.push(...page.records);
        if (offset + 37 >= page.total) return records;
      }
    };
    const total = (await service.dispatch('pivot/drill', { ...cell, offset: 0, limit: 1 }, context)).total;
    expect(total).toBeGreaterThan(200);
    const bands = (service.database.exec('SELECT name FROM age_band ORDER BY sort_order')[0]?.values ?? []).map((r) => String(r[0]));
    const cases: { sort: DrillSort; key: (r: DrillThroughRecord) => string | number | null }[] = [
      { sort: { field: 'date', descending: true }, key: (r) => r.date },
      { sort: { field: 'ward' }, key: (r) => r.ward },
      { sort: { field: 'ageBand' }, key: (r) => (r.ageBand === null ? null : bands.indexOf(r.ageBand)) },
      { sort: { field: 'reference', descending: true }, key: (r) => r.reference },
    ];
    for (const { sort, key } of cases) {
      const records = await pages(sort);
      const label = JSON.stringify(sort);
      expect(records, label).toHaveLength(total);
      expect(new Set(records.map((r) => r.id)).size, label).toBe(total);
      const keys = records.map(key);
      const firstBlank = keys.indexOf(null);
      if (firstBlank >= 0) expect(keys.slice(firstBlank).every((k) => k === null), `${label}: blanks last`).toBe(true);
      const known = firstBlank < 0 ? keys : keys.slice(0, firstBlank);
      for (let i = 1; i < known.length; i++) {
        const [a, b] = [known[i - 1] ?? '', known[i] ?? ''];
        expect(sort.descending === true ? a >= b : a <= b, `${label} at ${i}: ${a} then ${b}`).toBe(true);
      }
      const { csv } = await service.dispatch('pivot/drill-csv', { ...cell, header: [], sort }, context);
      // No header lines: the blank line, the columns, then the records.
      const lines = csv.split('\r\n').slice(1, -1);
      // The workbench record id is the last column.
      expect(lines[0]?.split(',').at(-1)).toBe('Workbench record id');
      expect(lines.slice(1).map((line) => Number(line.split(',').at(-1))), label).toEqual(records.map((r) => r.id));
    }
    // Only the fields there are: nothing else reaches the SQL.
    await expect(service.dispatch('pivot/drill', { ...cell, offset: 0, limit: 5, sort: { field: 'id; DROP TABLE record' as 'id' } }, context)).rejects.toThrow(/cannot be sorted/);
  });

  it('keep any reference a file can hold, in any script, byte for byte as trimmed (property)', async () => {
    // Cells a CSV holds unquoted: no comma, quote or line break; no control characters (a reference has none).
    const unit = fc.oneof(
      fc.constantFrom('A', 'z', '0', '9', '/', '-', ' ', '.', '#', '=', '+', '@'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }).filter((c) => !/[\p{Cc}\p{Cs},"\u2028\u2029\uFEFF]/u.test(c)),
    );
    const reference = fc.string({ unit, minLength: 1, maxLength: 24 }).filter((ref) => ref.trim() !== '');
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(reference, { minLength: 1, maxLength: 30, selector: (ref) => ref.trim() }), async (refs) => {
        const text = ['record_ref,committed_date,crime_type,district', ...refs.map((ref) => `${ref},03/04/2024,Shoplifting,Gedling`)].join('\n');
        const service = new WorkbenchService(SQL);
        const [report] = await service.dispatch('import/files', { files: [{ name: 'refs.csv', bytes: bytes(text) }], kind: 'district' }, context);
        expect(report?.accepted).toBe(refs.length);
        const { records } = await drillAll(service, 'Shoplifting', 'Gedling');
        expect(records.map((r) => r.reference).sort()).toEqual(refs.map((ref) => ref.trim()).sort());
      }),
      { numRuns: 100 },
    );
  });
});
