/**
 * A file whose header matches no layout: a best guess goes to the column
 * mapping (never imported unseen), each field previews on its own, a
 * confirmed mapping gives the same records as the clean file and is
 * reapplied with a notice; scripted mappings by header name or number.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { errorOf } from '../../tests/helpers/import-tests';
import { districtCsv } from '../generator/csv';
import { generateDistrictRecords } from '../generator/district-records';
import { workbenchInfo } from '../info';
import { createWorkbench } from '../workbench';
import { importFiles, previewImport } from './import-files';
import { LAYOUTS, guessLayout } from './layouts';
import { parseCsvRows } from './text';
import type { ImportFileInput, ImportOptions } from './types';

const NOW = new Date('2024-06-01T12:00:00Z');
let SQL: SqlJsStatic;

beforeAll(async () => {
  SQL = await loadSqlJs();
});

/** Header names no alias knows, for the generator's district columns. */
const ODD_NAMES: Readonly<Record<string, string>> = {
  record_ref: 'Occ No.',
  record_type: 'Kind',
  committed_date: 'When',
  reported_date: 'Logged',
  offence_code: 'HOC',
  crime_type: 'What',
  district: 'Patch',
  ward: 'Beat',
  lsoa_code: 'Small area',
  easting: 'E',
  northing: 'N',
  victim_ref: 'Person',
  victim_age: 'Years',
  victim_sex: 'M/F',
  domestic: 'Dom abuse',
  hate: 'Prejudice',
  alcohol: 'Drink?',
  asb_category: 'ASB kind',
};

/** A generated Mansfield extract (crime and ASB rows), with its header as the force writes it and as an odd export renames it. */
function generated(records = 400): { clean: string; odd: string; header: string[] } {
  const clean = districtCsv(generateDistrictRecords({ seed: 7, records: records * 10, firstFinancialYear: 2019, years: 1, districts: ['Mansfield'] }));
  const [first = '', ...rest] = clean.split('\r\n');
  const header = first.split(',');
  const odd = [header.map((h) => ODD_NAMES[h] ?? h).join(','), ...rest].join('\r\n');
  return { clean, odd, header };
}

const file = (name: string, text: string): ImportFileInput => ({ name, bytes: new TextEncoder().encode(text) });

/** Everything an import could change: records, imports, saved mappings, lookups, meta (but the modified time). */
function snapshot(db: Database): unknown {
  const all = (sql: string): unknown[][] => db.exec(sql)[0]?.values ?? [];
  return {
    records: all('SELECT * FROM record'),
    imports: all('SELECT * FROM import'),
    mappings: all('SELECT * FROM column_mapping'),
    districts: all('SELECT * FROM district'),
    crimeTypes: all('SELECT * FROM crime_type'),
    meta: all("SELECT * FROM meta WHERE key <> 'modified_at' ORDER BY key"),
  };
}

function recordRows(db: Database): unknown[][] {
  return (
    db.exec(
      `SELECT r.record_type, r.day, r.hour, ct.name, d.name, r.victim_age, r.victim_pseudonym IS NOT NULL, r.domestic, r.easting
       FROM record r JOIN crime_type ct ON ct.id = r.crime_type_id JOIN district d ON d.id = r.district_id ORDER BY r.day, r.hour, ct.name, r.easting`,
    )[0]?.values ?? []
  );
}

const run = (db: Database, files: ImportFileInput[], options: ImportOptions = {}) => importFiles(db, files, { now: NOW, ...options });

describe('a header that matches no layout', () => {
  it('is guessed as a district extract from what its columns hold, and goes to the mapping instead of importing', async () => {
    const { odd, header } = generated();
    const rows = parseCsvRows(odd);
    const guess = guessLayout(rows, undefined);
    expect(guess?.match.layout.name).toBe('district');
    // The guessed columns are the ones the generator wrote those fields to.
    expect(guess?.match.mapping).toMatchObject({
      district: header.indexOf('district'),
      committed_date: header.indexOf('committed_date'),
      crime_type: header.indexOf('crime_type'),
      record_ref: header.indexOf('record_ref'),
    });

    const db = createWorkbench(SQL);
    const before = snapshot(db);
    const error = await errorOf(run(db, [file('odd.csv', odd)]));
    expect(error.code).toBe('needs-mapping');
    expect(error.file).toBe('odd.csv');
    expect(error.message).toMatch(/odd\.csv line 1: the header matches no layout.*district profile extract.*district names in column G \(Patch\)/);
    expect(error.needsMapping).toMatchObject({ kind: 'district', headerLine: 1, missing: [] });
    expect(workbenchInfo(db).records).toBe(0);
    expect(snapshot(db)).toEqual(before);

    // A header with a few names known (two flags) gets the same guess for the rest.
    const partial = odd.replace('Dom abuse', 'DA?').replace('Prejudice', 'Hate?');
    const partialError = await errorOf(run(db, [file('partial.csv', partial)]));
    expect(partialError.code).toBe('needs-mapping');
    expect(partialError.needsMapping?.mapping).toMatchObject({ district: header.indexOf('district'), domestic: header.indexOf('domestic'), hate: header.indexOf('hate') });
  });

  it('a known kind with nothing to go on still asks for the mapping; no kind and no guess is bad input', async () => {
    const db = createWorkbench(SQL);
    const text = 'Alpha,Beta\nx1,y1\nx2,y2\n';
    const asked = await errorOf(run(db, [file('plain.csv', text)], { kind: 'district' }));
    expect(asked.code).toBe('needs-mapping');
    expect(asked.needsMapping?.missing).toEqual(['record_ref', 'committed_date', 'crime_type', 'district']);
    const refused = await errorOf(run(db, [file('plain.csv', text)]));
    expect(refused.code).toBe('bad-input');
    expect(refused.message).toContain('plain.csv line 1');
    // Chosen as population with no value columns: the long layout's fields are asked for, not the wide one's.
    const population = file('people.csv', 'Code,Place,When,Group,G,People\nE07000174,Mansfield,2019,0-17,F,11000\n');
    expect(guessLayout(parseCsvRows('Code,Place,When,Group,G,People\nE07000174,Mansfield,2019,0-17,F,11000\n'), undefined)).toBeNull();
    expect((await previewImport(db, population, { kind: 'population' })).layout).toBe('population-long');
    // Still long once the fields both layouts share are mapped.
    const partly = await previewImport(db, population, { kind: 'population', mapping: { kind: 'population', columns: { area_code: 0, area_name: 1 } } });
    expect(partly).toMatchObject({ layout: 'population-long', missing: ['year', 'population'] });
    // One alias (a "date" column) is not a guess.
    expect(guessLayout(parseCsvRows('date,amount\n2023-01-01,5\n'), undefined)).toBeNull();
    // Wide layouts are guessed from their value columns.
    expect(guessLayout(parseCsvRows('Place,q_safe_day,q_safe_night,q_drugs\nA,1,2,3\n'), undefined)?.match.layout.name).toBe('respect');
  });

  it('previews each mapped field on its own: the value read, or the reason a row would be rejected for that field', async () => {
    const db = createWorkbench(SQL);
    const text = ['Ref,When,What,Where,Years', 'A1,03/04/2014,Robbery,Mansfield,19', 'A2,31/02/2014,Shoplifting,Atlantis,200', 'A3,05/04/2014,Burglary Dwelling,Gedling,'].join('\n');
    // Only two fields mapped so far: they are read already.
    const partial = await previewImport(db, file('p.csv', text), { kind: 'district', mapping: { kind: 'district', columns: { district: 3, victim_age: 4 } } });
    expect(partial.missing).toEqual(['record_ref', 'committed_date', 'crime_type']);
    expect(partial.parsed).toEqual([]);
    expect(partial.byField.district).toEqual([
      { line: 2, value: 'Mansfield' },
      { line: 3, reject: 'unknown district "Atlantis"' },
      { line: 4, value: 'Gedling' },
    ]);
    expect(partial.byField.victim_age).toEqual([
      { line: 2, value: 19 },
      { line: 3, reject: expect.stringContaining('bad age "200"') as string },
      { line: 4, value: null },
    ]);
    const full = await previewImport(db, file('p.csv', text), {
      kind: 'district',
      mapping: { kind: 'district', columns: { record_ref: 0, committed_date: 1, crime_type: 2, district: 3 } },
    });
    // Row 3 fails on its date and its district: each field says its own reason.
    expect(full.byField.committed_date?.[1]).toEqual({ line: 3, reject: expect.stringContaining('unreadable date "31/02/2014"') as string });
    expect(full.byField.district?.[1]).toEqual({ line: 3, reject: 'unknown district "Atlantis"' });
    expect(full.byField.crime_type?.[1]).toEqual({ line: 3, value: 'Shoplifting' });
    expect(full.byField.committed_date?.[0]).toEqual({ line: 2, value: '2014-04-03' });
    // Nothing was written (not even the lookups the parse touched).
    expect(db.exec("SELECT COUNT(*) FROM district WHERE name = 'Gedling'")[0]?.values[0]?.[0] ?? 0).toBe(0);
  });

  it('every layout accepts the example values it previews unmapped required fields with', async () => {
    const db = createWorkbench(SQL);
    for (const layout of LAYOUTS) {
      const required = layout.fields.filter((f) => f.required === true);
      for (const field of required) expect(field.example, `${layout.name} ${field.name}`).toBeDefined();
      // Wide layouts need their value columns: a month, ages, a question.
      const values =
        layout.name === 'iquanta-wide' ? [['2014-04', '5']] : layout.name === 'respect' ? [['q_safe', 'Yes']] : layout.name === 'population-wide' ? Array.from({ length: 12 }, (_, i) => [String(i), '10']) : [];
      const header = [...required.map((f) => f.name), ...values.map((v) => v[0] ?? '')];
      const row = [...required.map((f) => f.example ?? ''), ...values.map((v) => v[1] ?? '')];
      const preview = await previewImport(db, file(`${layout.name}-2014.csv`, `${header.join(',')}\n${row.join(',')}\n`), { kind: layout.kind });
      expect(preview.layout, layout.name).toBe(layout.name);
      expect(preview.parsed[0]?.reject, layout.name).toBeUndefined();
    }
  });

  it('mapped in full, it gives the same records as the clean file; the mapping is saved and reapplied with a notice', async () => {
    const { clean, odd, header } = generated();
    const reference = createWorkbench(SQL);
    const [cleanReport] = await run(reference, [file('clean.csv', clean)]);
    const db = createWorkbench(SQL);
    const preview = await previewImport(db, file('odd.csv', odd), { now: NOW });
    expect(preview).toMatchObject({ kind: 'district', source: 'guessed' });
    // The analyst maps every column by its meaning (the guess covers the required ones).
    const columns = Object.fromEntries(header.map((name, i) => [name, i]));
    const [report] = await run(db, [file('odd.csv', odd)], { mappings: { 'odd.csv': { kind: 'district', columns } } });
    expect(report).toMatchObject({ accepted: cleanReport?.accepted, rejected: cleanReport?.rejected, mappingSource: 'explicit' });
    expect(report?.accepted).toBeGreaterThan(100);
    expect(recordRows(db)).toEqual(recordRows(reference));

    const later = odd.split('\r\n').slice(0, 40).join('\r\n').replace(/\r\n([^,\r\n]+),/g, '\r\nB$1,');
    const [again] = await run(db, [file('odd-later.csv', later)]);
    expect(again).toMatchObject({ mappingSource: 'saved', mappingSavedAt: NOW.toISOString() });
    expect(again?.accepted).toBe(39);
    expect(again?.warnings).toContain('odd-later.csv: Column mapping saved on 2024-06-01 applied.');
  });
});

describe('scripted mappings (columns by header name or number)', () => {
  const text = ['Export of 01/06/2024', 'Ref No,When,What,Area,Ward', 'Q1,01/04/2014,Robbery,Mansfield,Portland', 'Q2,02/04/2014,Shoplifting,Ashfield,Kirkby'].join('\n');

  it('resolves names and 1-based numbers, finds the header row they are on, keeps the columns matched by name', async () => {
    const db = createWorkbench(SQL);
    const [report] = await run(db, [file('q.csv', text)], {
      mappings: { 'q.csv': { kind: 'district', columns: {}, columnRefs: { record_ref: 'ref no', committed_date: '2', crime_type: 'What', district: 'Area' }, keepAutomatic: true } },
    });
    // ward came from its own name; the title row above the header was skipped.
    expect(report).toMatchObject({ accepted: 2, mapping: { record_ref: 0, committed_date: 1, crime_type: 2, district: 3, ward: 4 } });
    expect(db.exec('SELECT COUNT(*) FROM record WHERE ward_id IS NOT NULL')[0]?.values[0]?.[0]).toBe(2);
  });

  it('names the file and the field for an unknown column or field, and changes nothing', async () => {
    const db = createWorkbench(SQL);
    const before = snapshot(db);
    const badColumn = await errorOf(
      run(db, [file('q.csv', text)], { mappings: { 'q.csv': { kind: 'district', columns: {}, columnRefs: { crime_type: 'Offence' }, keepAutomatic: true } } }),
    );
    expect(badColumn).toMatchObject({ code: 'bad-input', file: 'q.csv', field: 'crime_type' });
    expect(badColumn.message).toContain('no column "Offence" for Crime type (crime_type)');
    const badField = await errorOf(run(db, [file('q.csv', text)], { mappings: { 'q.csv': { kind: 'district', columns: {}, columnRefs: { offence: 'What' } } } }));
    expect(badField).toMatchObject({ code: 'bad-input', file: 'q.csv', field: 'offence' });
    const incomplete = await errorOf(
      run(db, [file('q.csv', text)], { mappings: { 'q.csv': { kind: 'district', columns: {}, columnRefs: { record_ref: 'Ref No', committed_date: 'When' }, keepAutomatic: true } } }),
    );
    expect(incomplete).toMatchObject({ code: 'needs-mapping', file: 'q.csv', field: 'crime_type, district' });
    expect(snapshot(db)).toEqual(before);
  });
});
