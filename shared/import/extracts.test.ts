import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { errorOf } from '../../tests/helpers/import-tests';
import { removeImport, workbenchInfo } from '../info';
import { listOffenceGroupMapping, setOffenceGroup } from '../offence-groups';
import { pseudonymise } from '../pseudonym';
import { createWorkbench, exportWorkbench } from '../workbench';
import { importFiles, previewImport } from './import-files';
import { rejectsToCsv } from './rejects';
import type { ImportFileInput, ImportReport } from './types';

const FIXTURES = resolve(import.meta.dirname, '../../tests/fixtures/extracts');
const NOW = new Date('2024-06-01T12:00:00Z');
let SQL: SqlJsStatic;

beforeAll(async () => {
  SQL = await loadSqlJs();
});

function fixture(name: string): ImportFileInput {
  return { name, bytes: readFileSync(resolve(FIXTURES, name)) };
}

function csvFile(name: string, lines: string[]): ImportFileInput {
  return { name, bytes: new TextEncoder().encode(lines.join('\r\n')) };
}

async function importOne(db: Database, file: ImportFileInput, options: Parameters<typeof importFiles>[2] = {}): Promise<ImportReport> {
  const [report] = await importFiles(db, [file], { now: NOW, ...options });
  if (report === undefined) throw new Error('no report');
  return report;
}

function rows(db: Database, sql: string, params: (string | number | null)[] = []): unknown[][] {
  return db.exec(sql, params)[0]?.values ?? [];
}

function scalar(db: Database, sql: string, params: (string | number | null)[] = []): unknown {
  return rows(db, sql, params)[0]?.[0];
}

/** Reads the district fixture into an XLSX with real date cells and an Excel serial, like a force export. */
async function districtXlsx(): Promise<ImportFileInput> {
  const text = readFileSync(resolve(FIXTURES, 'district-clean.csv'), 'utf8').trim().split('\n');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Crimes');
  sheet.addRow(['District profile extract, April 2014']);
  text.forEach((line, index) => {
    const cells: (string | number | Date)[] = line.split(',');
    if (index > 0) {
      // committed_date: a Date cell for some rows, an unformatted serial for one, text for the rest.
      const date = String(cells[2]);
      const dmy = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2}))?$/.exec(date);
      if (dmy && index % 2 === 1) {
        cells[2] = new Date(Date.UTC(Number(dmy[3]), Number(dmy[2]) - 1, Number(dmy[1]), Number(dmy[4] ?? 0), Number(dmy[5] ?? 0)));
      } else if (dmy && dmy[4] === undefined) {
        cells[2] = Date.UTC(Number(dmy[3]), Number(dmy[2]) - 1, Number(dmy[1])) / 86_400_000 + 25_569;
      }
      for (const column of [8, 9, 11]) if (cells[column] !== '') cells[column] = Number(cells[column]);
    }
    sheet.addRow(cells);
  });
  sheet.addRow(['Total', '', '', '', '', '', '', '', '', '', '', 6]);
  const buffer = await workbook.xlsx.writeBuffer();
  return { name: 'district-clean.xlsx', bytes: new Uint8Array(buffer) };
}

const RECORD_COLUMNS = `r.record_type, r.month, r.day, r.hour, ct.name, d.name, w.name, l.code, r.easting, r.northing,
  r.victim_pseudonym, ab.name, r.sex, r.domestic, r.hate, hs.name, r.alcohol, ac.name, r.offence_code, r.victim_age`;
function records(db: Database): unknown[][] {
  return rows(
    db,
    `SELECT ${RECORD_COLUMNS} FROM record r JOIN crime_type ct ON ct.id = r.crime_type_id JOIN district d ON d.id = r.district_id
     LEFT JOIN ward w ON w.id = r.ward_id LEFT JOIN lsoa l ON l.id = r.lsoa_id LEFT JOIN age_band ab ON ab.id = r.age_band_id
     LEFT JOIN hate_strand hs ON hs.id = r.hate_strand_id LEFT JOIN asb_category ac ON ac.id = r.asb_category_id
     ORDER BY r.day, r.offence_code`,
  );
}

describe('district profile extracts', () => {
  it('imports the clean example: dates, codes, flags, bands, pseudonyms and lookups', async () => {
    const db = createWorkbench(SQL);
    const report = await importOne(db, fixture('district-clean.csv'));
    expect(report).toMatchObject({ kind: 'district', read: 6, accepted: 6, rejected: 0, duplicate: 0, updated: 0 });
    const first = rows(
      db,
      `SELECT r.source, r.record_type, r.month, r.day, r.hour, d.name, w.name, l.code, r.easting, ab.name, r.sex, r.domestic,
              r.hate, r.alcohol, r.offence_code, r.victim_pseudonym
       FROM record r JOIN district d ON d.id = r.district_id LEFT JOIN ward w ON w.id = r.ward_id
       LEFT JOIN lsoa l ON l.id = r.lsoa_id LEFT JOIN age_band ab ON ab.id = r.age_band_id ORDER BY r.day LIMIT 1`,
    )[0];
    // 03/04/2014 22:15 is 3 April 2014 (day 16163), month 2014*12+3, hour 22.
    expect(first).toEqual([2, 1, 2014 * 12 + 3, 16_163, 22, 'Mansfield', 'Portland', 'E01028350', 453120, '18-24', 1, 1, 0, 1, '008/01', expect.stringMatching(/^[0-9a-f]{32}$/)]);
    // The ASB row is an incident with its category; the hate strand is kept.
    expect(scalar(db, "SELECT r.record_type FROM record r JOIN asb_category a ON a.id = r.asb_category_id WHERE a.name = 'Nuisance'")).toBe(2);
    expect(scalar(db, "SELECT hs.name FROM record r JOIN hate_strand hs ON hs.id = r.hate_strand_id WHERE r.hate = 1")).toBe('Race');
    // The same victim twice gets one pseudonym; the offence groups follow the force crime types.
    expect(scalar(db, 'SELECT COUNT(DISTINCT victim_pseudonym) FROM record WHERE victim_pseudonym IS NOT NULL')).toBe(3);
    const groups = Object.fromEntries(listOffenceGroupMapping(db).map((g) => [g.crimeType, g.group]));
    expect(groups).toMatchObject({
      'Burglary Dwelling': 'Burglary',
      'Criminal damage': 'Criminal damage and arson',
      'Violence with injury': 'Violence with injury',
      'Violence without injury': 'Violence without injury',
      Shoplifting: 'Shoplifting',
      'Anti-social behaviour': 'Anti-social behaviour',
    });
    expect(workbenchInfo(db).sources).toEqual({ district: 6 });
  });

  it('reads a messy export: title rows, aliases, a totals row, bad rows rejected with line, field and reason', async () => {
    const db = createWorkbench(SQL);
    const report = await importOne(db, fixture('district-messy.csv'));
    expect(report).toMatchObject({ read: 9, accepted: 3, rejected: 6, duplicate: 0 });
    expect(report.accepted + report.rejected).toBe(9);
    expect(report.rejects.map(({ line, field, reason }) => ({ line, field, reason }))).toEqual([
      { line: 6, field: 'committed_date', reason: 'unreadable date "31/02/2015" (dd/mm/yyyy expected)' },
      { line: 7, field: 'district', reason: 'unknown district "Sheffield"' },
      { line: 8, field: 'committed_date', reason: 'date in the future: 2035-04-03' },
      { line: 9, field: 'victim_age', reason: 'bad age "230" (whole years, 0-120)' },
      { line: 10, field: 'record_ref', reason: 'missing record reference' },
      { line: 11, field: 'hate', reason: 'not Y, N or a hate strand: "Maybe"' },
    ]);
    expect(report.skipped).toEqual([{ line: 14, reason: 'totals row' }]);
    expect(report.warnings.join('\n')).toMatch(/header is on line 3/);
    // "nom-1 " is NOM-1: one victim, two records; Newark & Sherwood is Newark and Sherwood.
    expect(rows(db, 'SELECT COUNT(*) FROM record WHERE victim_pseudonym IS NOT NULL GROUP BY victim_pseudonym ORDER BY 1')).toEqual([[1], [2]]);
    expect(rows(db, 'SELECT d.name FROM record r JOIN district d ON d.id = r.district_id ORDER BY r.day').map((r) => r[0])).toEqual([
      'Mansfield',
      'Newark and Sherwood',
      'Ashfield',
    ]);
    // The rejects file carries the row but never the victim reference.
    const csv = rejectsToCsv([report]);
    expect(csv.split('\r\n')[0]).toBe(
      'file,line,field,reason,Crime Ref,Date Committed,Offence,LPA,Ward Name,X,Y,Victim ID,Victim Age,Victim Gender,DA Flag,Hate Flag',
    );
    expect(csv).toContain('district-messy.csv,9,victim_age,"bad age ""230"" (whole years, 0-120)",15000006/15,04/04/2015,Robbery,Mansfield,Portland,453120,360410,,230,M,N,N');
    expect(csv).not.toMatch(/NOM-/i);
  });

  it('XLSX (title row, Date cells, Excel serials, totals row) gives the same records as the CSV', async () => {
    const fromCsv = createWorkbench(SQL);
    await importOne(fromCsv, fixture('district-clean.csv'));
    const fromXlsx = createWorkbench(SQL);
    const report = await importOne(fromXlsx, await districtXlsx());
    expect(report).toMatchObject({ read: 6, accepted: 6, rejected: 0 });
    expect(report.skipped).toHaveLength(1);
    // Pseudonyms differ between workbenches (each has its own key): compare the rest.
    const strip = (db: Database): unknown[][] => records(db).map((r) => r.filter((_, i) => i !== 10));
    expect(strip(fromXlsx)).toEqual(strip(fromCsv));
    // And in one workbench the XLSX is a duplicate of the CSV, record for record.
    const again = await importOne(fromCsv, await districtXlsx());
    expect(again).toMatchObject({ read: 6, accepted: 0, duplicate: 6, updated: 0 });
  });

  it('reads Windows-1252 with a warning', async () => {
    const db = createWorkbench(SQL);
    const report = await importOne(db, fixture('district-cp1252.csv'));
    expect(report).toMatchObject({ accepted: 2, rejected: 0 });
    expect(report.warnings[0]).toContain('Windows-1252');
    expect(scalar(db, "SELECT name FROM ward WHERE name LIKE 'Worksop%'")).toBe('Worksop Caf\u00e9 Quarter');
  });

  it('re-import adds nothing; an overlapping extract adds only new records; a changed record is updated and logged', async () => {
    const db = createWorkbench(SQL);
    const header = 'record_ref,committed_date,crime_type,district,victim_ref,victim_age,domestic';
    const a = csvFile('april.csv', [header, 'A1,01/04/2014,Shoplifting,Mansfield,V-1,30,N', 'A2,02/04/2014,Robbery,Mansfield,V-2,40,N']);
    expect(await importOne(db, a)).toMatchObject({ read: 2, accepted: 2 });
    expect(await importOne(db, a)).toMatchObject({ read: 2, accepted: 0, duplicate: 2, updated: 0 });
    const overlap = csvFile('april-may.csv', [
      header,
      'A2,02/04/2014,Robbery,Mansfield,V-2,40,N',
      'A1,01/04/2014,Shoplifting,Mansfield,V-9,31,Y',
      'A3,03/05/2014,Burglary Dwelling,Gedling,V-1,30,N',
    ]);
    const report = await importOne(db, overlap);
    expect(report).toMatchObject({ read: 3, accepted: 1, duplicate: 1, updated: 1 });
    expect(workbenchInfo(db).records).toBe(3);
    const importId = Number(scalar(db, "SELECT id FROM import WHERE file_name = 'april-may.csv'"));
    const changes = rows(db, 'SELECT field, old_value, new_value FROM record_change WHERE import_id = ? ORDER BY field', [importId]);
    expect(changes).toEqual([
      ['domestic', '0', '1'],
      ['victim_age', '30', '31'],
      ['victim_pseudonym', null, null],
    ]);
    // The updated record now belongs to the newer import.
    expect(scalar(db, "SELECT i.file_name FROM record r JOIN import i ON i.id = r.import_id WHERE r.offence_code IS NULL AND r.victim_age = 31")).toBe('april-may.csv');
  });

  it('never stores a raw victim reference: not in records, rejects, change log or the saved bytes (UTF-8 or UTF-16)', async () => {
    const db = createWorkbench(SQL);
    const refs = ['NOM-88213', 'NOM-10922', 'NOM-55501', 'NOM-1', 'NOM-SECRET-77', 'V-SECRET-1', 'V-SECRET-2'];
    await importOne(db, fixture('district-clean.csv'));
    await importOne(db, fixture('district-messy.csv'));
    const header = 'record_ref,committed_date,crime_type,district,victim_ref';
    await importOne(db, csvFile('v1.csv', [header, 'S1,01/04/2014,Robbery,Mansfield,V-SECRET-1']));
    await importOne(db, csvFile('v2.csv', [header, 'S1,01/04/2014,Robbery,Mansfield,V-SECRET-2']));
    const bytes = exportWorkbench(db);
    const latin = new TextDecoder('latin1').decode(bytes);
    for (const ref of refs) {
      for (const form of [ref, ref.toLowerCase()]) {
        expect(latin.includes(form), form).toBe(false);
        const utf16 = Array.from(form, (ch) => `${ch}\u0000`).join('');
        expect(latin.includes(utf16), `${form} (UTF-16LE)`).toBe(false);
        const utf16be = Array.from(form, (ch) => `\u0000${ch}`).join('');
        expect(latin.includes(utf16be), `${form} (UTF-16BE)`).toBe(false);
      }
    }
    // The pseudonym is stable in the workbench: the same reference finds the same victim.
    const pseudonym = pseudonymise(db, 'nom-88213');
    expect(scalar(db, 'SELECT COUNT(*) FROM record WHERE victim_pseudonym = ?', [pseudonym])).toBe(2);
    expect(scalar(db, "SELECT length(value) FROM meta WHERE key = 'pseudonym_key'")).toBe(64);
  });

  it('stops with needs-mapping (header and preview attached) when required fields have no column, then imports with the mapping and reuses it', async () => {
    const db = createWorkbench(SQL);
    const lines = ['Ref No,When,What,Where,Victim', 'Q1,01/04/2014,Robbery,Mansfield,P-1', 'Q2,02/04/2014,Shoplifting,Ashfield,P-2'];
    const file = csvFile('odd.csv', lines);
    const error = await errorOf(importOne(db, file, { kind: 'district' }));
    expect(error.code).toBe('needs-mapping');
    expect(error.message).toContain('odd.csv line 1');
    expect(error.needsMapping).toMatchObject({ kind: 'district', header: ['Ref No', 'When', 'What', 'Where', 'Victim'], headerLine: 1 });
    // No header name is known: the columns are guessed from what they hold, for the analyst to confirm.
    expect(error.needsMapping?.mapping).toEqual({ record_ref: 0, committed_date: 1, crime_type: 2, district: 3 });
    expect(error.needsMapping?.preview).toHaveLength(2);
    expect(workbenchInfo(db).imports).toHaveLength(0);

    const preview = await previewImport(db, file, { kind: 'district' });
    expect(preview).toMatchObject({ kind: 'district', headerLine: 1, source: 'guessed', missing: [] });
    const columns = { record_ref: 0, committed_date: 1, crime_type: 2, district: 3, victim_ref: 4 };
    const mapped = await previewImport(db, file, { kind: 'district', mapping: { columns } });
    expect(mapped.missing).toEqual([]);
    expect(mapped.parsed[0]?.values).toMatchObject({ record_ref: 'Q1', committed_date: '2014-04-01', district: 'Mansfield' });
    expect(mapped.rows[0]).toEqual(['Q1', '01/04/2014', 'Robbery', 'Mansfield', '']);
    // The preview changed nothing (not even the pseudonym key).
    expect(scalar(db, "SELECT COUNT(*) FROM meta WHERE key = 'pseudonym_key'")).toBe(0);

    const report = await importOne(db, file, { mappings: { 'odd.csv': { kind: 'district', columns } } });
    expect(report).toMatchObject({ accepted: 2, rejected: 0 });
    // Next time the same header comes back, the saved mapping applies by itself, with a notice.
    const next = csvFile('odd-may.csv', [lines[0] ?? '', 'Q3,01/05/2014,Robbery,Gedling,P-1']);
    const again = await importOne(db, next);
    expect(again).toMatchObject({ kind: 'district', accepted: 1 });
    expect(again.warnings.join(' ')).toMatch(/Column mapping saved on 2024-06-01 applied/);
    expect((await previewImport(db, next)).savedMapping).toEqual(columns);
  });

  it('a file that is not an extract fails with bad-input naming line 1', async () => {
    const db = createWorkbench(SQL);
    const error = await errorOf(importOne(db, csvFile('budget.csv', ['date,amount', '2023-01-01,5'])));
    expect(error.code).toBe('bad-input');
    expect(error.message).toContain('budget.csv line 1');
  });

  it('maps force crime types to offence groups and lets the analyst change one', async () => {
    const db = createWorkbench(SQL);
    await importOne(db, csvFile('x.csv', ['record_ref,committed_date,crime_type,district', 'Z1,01/04/2014,Making off without payment,Mansfield', 'Z2,01/04/2014,Theft from motor vehicle,Mansfield']));
    const before = Object.fromEntries(listOffenceGroupMapping(db).map((g) => [g.crimeType, g.group]));
    expect(before).toEqual({ 'Making off without payment': null, 'Theft from motor vehicle': 'Vehicle offences' });
    const after = setOffenceGroup(db, 'Making off without payment', 'Theft');
    expect(after.find((g) => g.crimeType === 'Making off without payment')).toEqual({ crimeType: 'Making off without payment', group: 'Theft', records: 1 });
    expect(() => setOffenceGroup(db, 'Making off without payment', 'Stuff')).toThrow(/not an offence group/);
  });
});

describe('iQuanta extracts', () => {
  it('long layout: months and rolling windows, thousands separators, bad rows rejected', async () => {
    const db = createWorkbench(SQL);
    const report = await importOne(db, fixture('iquanta-long.csv'));
    expect(report).toMatchObject({ kind: 'iquanta', read: 7, accepted: 4, rejected: 3 });
    expect(report.rejects.map((r) => [r.line, r.field])).toEqual([
      [6, 'period'],
      [7, 'count'],
      [8, 'msg_rank'],
    ]);
    expect(rows(db, "SELECT period, month, window_months, count, msg_rank FROM iquanta_value WHERE area = 'Mansfield CSP'")).toEqual([
      ['12 months to 2014-10', 2014 * 12 + 9, 12, 10432, 14],
    ]);
    expect(scalar(db, "SELECT count FROM iquanta_value WHERE period = '2014-09'")).toBe(5701);
    expect(await importOne(db, fixture('iquanta-long.csv'))).toMatchObject({ accepted: 0, duplicate: 4, rejected: 3 });
  });

  it('wide layout: one column per month, title and totals rows, blanks are no data; a revision is an update', async () => {
    const db = createWorkbench(SQL);
    const report = await importOne(db, fixture('iquanta-wide.csv'));
    expect(report).toMatchObject({ read: 4, accepted: 3, rejected: 1 });
    expect(report.rejects[0]).toMatchObject({ line: 6, field: 'Jul 2014', reason: 'not a number: "x1"' });
    expect(report.skipped).toEqual([{ line: 7, reason: 'totals row' }]);
    expect(scalar(db, 'SELECT COUNT(*) FROM iquanta_value')).toBe(11);
    expect(scalar(db, "SELECT count FROM iquanta_value WHERE area = 'Nottinghamshire' AND measure = 'All crime' AND period = '2014-04'")).toBe(5650);
    // The long file's October rows are new; a wide file revising May is an update.
    const revised = csvFile('revised.csv', ['Area,Area type,Measure,May 2014', 'Nottinghamshire,Force,All crime,5810']);
    expect(await importOne(db, revised)).toMatchObject({ accepted: 0, updated: 1 });
    expect(scalar(db, "SELECT count FROM iquanta_value WHERE area = 'Nottinghamshire' AND measure = 'All crime' AND period = '2014-05'")).toBe(5810);
  });
});

describe('Respect Survey extracts', () => {
  it('keys respondents by wave and id, stores answers per question, default weight 1', async () => {
    const db = createWorkbench(SQL);
    const report = await importOne(db, fixture('respect.csv'));
    expect(report).toMatchObject({ kind: 'respect', read: 7, accepted: 5, rejected: 2 });
    expect(report.rejects.map((r) => [r.line, r.field])).toEqual([
      [7, 'area'],
      [8, 'weight'],
    ]);
    expect(scalar(db, "SELECT weight FROM survey_respondent WHERE respondent_ref = 'R13-0004'")).toBe(1);
    expect(scalar(db, 'SELECT COUNT(*) FROM survey_answer')).toBe(14);
    // Weighted share saying drug dealing is a big problem, by area, 2013 ("Don't know" excluded).
    const shares = rows(
      db,
      `SELECT r.area, ROUND(SUM(r.weight * (a.answer IN ('Very big problem', 'Fairly big problem'))) / SUM(r.weight), 4)
       FROM survey_answer a JOIN survey_respondent r ON r.id = a.respondent_id
       WHERE a.question = 'q_drug_dealing_problem' AND a.answer <> 'Don''t know' AND r.wave = 2013
       GROUP BY r.area ORDER BY r.area`,
    );
    expect(shares).toEqual([
      ['Arboretum', 1],
      ['Bulwell', 0],
    ]);
    expect(await importOne(db, fixture('respect.csv'))).toMatchObject({ accepted: 0, duplicate: 5 });
    const changed = csvFile('respect-fix.csv', [
      'respondent_id,wave,area,age_band,sex,weight,q_drug_dealing_problem',
      'R13-0002,2013,Bulwell,65+,M,0.87,Very big problem',
    ]);
    expect(await importOne(db, changed)).toMatchObject({ updated: 1 });
    expect(scalar(db, "SELECT COUNT(*) FROM survey_answer a JOIN survey_respondent r ON r.id = a.respondent_id WHERE r.respondent_ref = 'R13-0002'")).toBe(1);
  });
});

describe('population extracts (long form)', () => {
  it('bands, all-ages rows, district links by code and name', async () => {
    const db = createWorkbench(SQL);
    const report = await importOne(db, fixture('population-long.csv'));
    expect(report).toMatchObject({ kind: 'population', read: 7, accepted: 6, rejected: 1 });
    expect(report.rejects[0]).toMatchObject({ line: 8, field: 'year' });
    expect(scalar(db, "SELECT population FROM population_all_ages WHERE area_code = 'E07000174' AND year = 2019 AND sex = 1")).toBe(15200);
    expect(scalar(db, "SELECT d.name FROM population p JOIN district d ON d.id = p.district_id WHERE p.area_name = 'Newark & Sherwood'")).toBe('Newark and Sherwood');
    // A population band is kept as its ages on the population row, never as a victim age band.
    expect(rows(db, "SELECT name FROM age_band WHERE name = '16-24'")).toEqual([]);
    expect(rows(db, "SELECT min_age, max_age, age_band_id FROM population WHERE area_code = 'E06000018'")).toEqual([[16, 24, null]]);
    expect(scalar(db, "SELECT d.ons_code FROM district d WHERE d.name = 'Nottingham City'")).toBe('E06000018');
  });
});

describe('provenance', () => {
  it('removing an import removes its records and its aggregate rows', async () => {
    const db = createWorkbench(SQL);
    await importOne(db, fixture('iquanta-wide.csv'));
    await importOne(db, fixture('respect.csv'));
    await importOne(db, fixture('population-long.csv'));
    await importOne(db, fixture('district-clean.csv'));
    const info = workbenchInfo(db);
    expect(info.imports.map((i) => [i.kind, i.records, i.values])).toEqual([
      ['iquanta', 0, 11],
      ['respect', 0, 5],
      ['population', 0, 6],
      ['district', 6, 0],
    ]);
    for (const entry of info.imports) removeImport(db, entry.id);
    const after = workbenchInfo(db);
    expect(after.imports).toHaveLength(0);
    expect(after.records).toBe(0);
    expect(after.aggregates).toEqual({ iquantaValues: 0, surveyRespondents: 0, populationRows: 0 });
    expect(scalar(db, 'SELECT COUNT(*) FROM survey_answer')).toBe(0);
  });
});

describe('worker commands', () => {
  it('import/preview, import/files with a mapping, offence-groups and age-bands through the service', async () => {
    const { WorkbenchService } = await import('../service');
    const service = new WorkbenchService(SQL);
    const context = { isCancelled: () => false, emit: () => undefined };
    const file = csvFile('odd.csv', ['Ref No,When,What,Where,Age', 'Q1,01/04/2014,Robbery,Mansfield,19', 'Q2,02/04/2014,Shoplifting,Ashfield,70']);
    const preview = await service.handlers['import/preview']({ file, kind: 'district', mapping: { kind: 'district', columns: { victim_age: 4 } } }, context);
    expect(preview.missing).toEqual(['record_ref', 'committed_date', 'crime_type', 'district']);
    expect(preview.fields.find((f) => f.name === 'victim_ref')).toEqual({ name: 'victim_ref', label: 'Victim reference (pseudonymised)', required: false });
    const columns = { record_ref: 0, committed_date: 1, crime_type: 2, district: 3, victim_age: 4 };
    const reports = await service.handlers['import/files']({ files: [file], mappings: { 'odd.csv': { kind: 'district', columns } } }, context);
    expect(reports[0]).toMatchObject({ accepted: 2, mapping: columns });
    const groups = await service.handlers['offence-groups/set']({ crimeType: 'Robbery', group: 'Robbery' }, context);
    expect(groups.map((g) => [g.crimeType, g.group])).toEqual([
      ['Robbery', 'Robbery'],
      ['Shoplifting', 'Shoplifting'],
    ]);
    // A new band set re-bands records that have an age.
    await service.handlers['age-bands/set']({ bands: [{ name: '0-19', minAge: 0, maxAge: 19 }, { name: '20+', minAge: 20, maxAge: null }] }, context);
    const banded = rows(service.database, 'SELECT ab.name FROM record r JOIN age_band ab ON ab.id = r.age_band_id ORDER BY r.victim_age');
    expect(banded).toEqual([['0-19'], ['20+']]);
    const bands = await service.handlers['age-bands/list']({}, context);
    expect(bands.slice(0, 2).map((b) => b.name)).toEqual(['0-19', '20+']);
  });
});
