/**
 * Hostile input, one defect at a time: each case below failed before its
 * fix (the property tests in hostile-input.property.test.ts found most of
 * them). The standard: every data row is accepted or rejected with its line,
 * field and reason, or the file is refused naming it; a refusal leaves the
 * workbench byte for byte as it was.
 */
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { errorOf } from '../../tests/helpers/import-tests';
import { createWorkbench, exportWorkbench } from '../workbench';
import { importFiles } from './import-files';
import type { ImportReport } from './types';

const NOW = new Date('2024-06-01T12:00:00Z');
const SAVED_AT = new Date('2024-06-01T00:00:00Z');
let SQL: SqlJsStatic;

beforeAll(async () => {
  SQL = await loadSqlJs();
});

const DISTRICT_HEADER = 'record_ref,committed_date,crime_type,district,ward';
const districtRow = (i: number): string => `R-${i},0${1 + (i % 9)}/04/2023,Shoplifting,Mansfield,Portland`;

async function importText(name: string, text: string | Uint8Array, options: Parameters<typeof importFiles>[2] = {}): Promise<ImportReport> {
  const db = createWorkbench(SQL, NOW);
  try {
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    const [report] = await importFiles(db, [{ name, bytes }], { now: NOW, ...options });
    if (report === undefined) throw new Error('no report');
    return report;
  } finally {
    db.close();
  }
}

/** Imports into a fresh workbench expecting a refusal; the workbench's saved bytes must not change. */
async function refusal(name: string, text: string | Uint8Array, options: Parameters<typeof importFiles>[2] = {}): Promise<{ message: string; line: number | undefined; field: string | undefined; code: string }> {
  const db = createWorkbench(SQL, NOW);
  try {
    const before = exportWorkbench(db, SAVED_AT);
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    const error = await errorOf(importFiles(db, [{ name, bytes }], { now: NOW, ...options }));
    expect(Buffer.from(exportWorkbench(db, SAVED_AT)).equals(Buffer.from(before)), 'the workbench is unchanged').toBe(true);
    return { message: error.message, line: error.line, field: error.field, code: error.code };
  } finally {
    db.close();
  }
}

describe('line endings', () => {
  it('a CRLF file with some LF-only lines (a line appended by another tool) loses no row', async () => {
    const lines = [DISTRICT_HEADER, ...Array.from({ length: 8 }, (_, i) => districtRow(i))];
    const text = lines.map((line, i) => line + (i % 3 === 1 ? '\n' : '\r\n')).join('');
    const report = await importText('mixed.csv', text);
    expect(report.read).toBe(8);
    expect(report.accepted).toBe(8);
  });

  it('an LF file with CR-only lines loses no row, and a CRLF line inside it stays one line', async () => {
    const lines = [DISTRICT_HEADER, ...Array.from({ length: 6 }, (_, i) => districtRow(i))];
    const text = lines.map((line, i) => line + ['\n', '\r', '\r\n'][i % 3]).join('');
    const report = await importText('mixed.csv', text);
    expect(report.accepted).toBe(6);
    expect(report.rejected).toBe(0);
  });

  it('a line break inside a quoted cell (Excel Alt+Enter, LF inside a CRLF file) stays in the cell', async () => {
    const text = ['record_ref,committed_date,crime_type,district,ward', 'R-1,03/04/2023,Shoplifting,Mansfield,"Port\nland"', 'R-2,04/04/2023,Shoplifting,Mansfield,"Oak\r\nTree"', 'R-3,05/04/2023,Shoplifting,Mansfield,Portland'].join('\r\n');
    const report = await importText('cells.csv', text);
    expect(report.accepted).toBe(3);
    expect(report.rejected).toBe(0);
  });
});

describe('quoting', () => {
  it('a quoted cell never closed is refused naming the file, the line and the column, not read as one giant cell', async () => {
    const lines = [DISTRICT_HEADER, districtRow(1), 'R-2,02/04/2023,"Shoplifting,Mansfield,Portland', districtRow(3), districtRow(4)];
    const error = await refusal('open-quote.csv', lines.join('\r\n'));
    expect(error.code).toBe('bad-input');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^open-quote\.csv line 3: /);
    expect(error.message).toContain('column 3');
    expect(error.message).toMatch(/never closed/);
  });

  it('text after a closing quote is refused with its line and column (papaparse swallowed the rest of the file)', async () => {
    const lines = [DISTRICT_HEADER, districtRow(1), districtRow(2), 'R-3,03/04/2023,Shoplifting,"Mans"field,Portland', districtRow(4)];
    const error = await refusal('after-quote.csv', lines.join('\n'));
    expect(error.line).toBe(4);
    expect(error.field).toBe('column 4');
    expect(error.message).toMatch(/^after-quote\.csv line 4: .*column 4.*closing quote/);
  });

  it('the line named is the physical line, counted past line breaks inside quoted cells', async () => {
    const lines = [DISTRICT_HEADER, 'R-1,01/04/2023,Shoplifting,Mansfield,"two\nlines"', 'R-2,02/04/2023,"Shoplifting,Mansfield,Portland'];
    expect((await refusal('late.csv', lines.join('\r\n'))).line).toBe(4);
  });

  it('a stray quote inside an unquoted cell (12" TV) is text, as before, and mixed line endings around it lose nothing', async () => {
    const text = `${DISTRICT_HEADER}\r\nR-1,01/04/2023,Shoplifting,Mansfield,Portland 12" TV\nR-2,02/04/2023,Shoplifting,Mansfield,Portland\r\n`;
    const report = await importText('stray.csv', text);
    expect(report.accepted).toBe(2);
  });
});

describe('names that are JavaScript object keys', () => {
  // A lookup table read with record[name] answers "__proto__" and "constructor" with Object's own members.
  const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'] as const;

  it('a crime type, district or hate strand named like one is read as text, never as the lookup table’s member', async () => {
    for (const name of NAMES) {
      const text = [
        'record_ref,committed_date,crime_type,district,hate',
        `A-1,01/04/2023,${name},Mansfield,N`,
        `A-2,02/04/2023,Shoplifting,${name},N`,
        `A-3,03/04/2023,Shoplifting,Mansfield,${name}`,
      ].join('\n');
      const report = await importText('keys.csv', text);
      expect(report.read, name).toBe(3);
      expect(report.accepted + report.rejected, name).toBe(3);
      // The crime type is kept as written; the district is not one the force has; the hate cell is neither a flag nor a strand.
      expect(report.rejects.map((r) => [r.line, r.field, r.reason]), name).toEqual([
        [3, 'district', `unknown district "${name}"`],
        [4, 'hate', `not Y, N or a hate strand: "${name}"`],
      ]);
    }
  });

  it('a police.uk crime type named like one is read as text', async () => {
    for (const name of NAMES) {
      const text = [
        'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
        `abc,2023-01,Nottinghamshire Police,Nottinghamshire Police,-1.2,53.1,On or near X,E01028350,Mansfield 001A,${name},,`,
      ].join('\n');
      expect((await importText('2023-01-nottinghamshire-street.csv', text)).accepted, name).toBe(1);
    }
  });

  it('a population area named like one is an area the force does not have, not a crash', async () => {
    for (const name of NAMES) {
      const text = ['area_name,year,age,population', `${name},2019,30,100`, 'Mansfield,2019,30,200'].join('\n');
      const report = await importText('population.csv', text);
      expect(report.read, name).toBe(2);
      expect(report.accepted + report.rejected, name).toBe(2);
    }
    const ages = Array.from({ length: 12 }, (_, age) => String(age));
    const ons = [`Code,Name,Geography,All ages,${ages.join(',')}`, ...['E99999999,constructor', 'E07000174,Mansfield'].map((area) => `${area},District,120,${ages.map(() => '10').join(',')}`)].join('\n');
    const report = await importText('mye-2019.csv', ons);
    expect(report.accepted + report.rejected).toBe(2);
  });
});

describe('numbers', () => {
  const POLICE_HEADER = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
  const policeRow = (longitude: string, latitude = '53.1'): string =>
    `id-${longitude},2023-01,Nottinghamshire Police,Nottinghamshire Police,${longitude},${latitude},On or near X,E01028350,Mansfield 001A,Burglary,,`;

  it('hexadecimal, binary and octal literals are not numbers (JavaScript reads "0x1F" as 31)', async () => {
    const population = await importText('population.csv', ['area_name,year,age,population', 'Mansfield,2019,30,0x1F', 'Mansfield,2019,31, 0b11', 'Mansfield,2019,32,0o17', 'Mansfield,2019,33,"1,200"'].join('\n'));
    expect(population.rejects.map((r) => [r.line, r.field])).toEqual([[2, 'population'], [3, 'population'], [4, 'population']]);
    expect(population.rejects[0]?.reason).toBe('not a number: "0x1F"');
    expect(population.accepted).toBe(1);

    const district = await importText('district.csv', ['record_ref,committed_date,crime_type,district,victim_age,easting,northing', 'A-1,01/04/2023,Shoplifting,Mansfield,0x1F,,', 'A-2,01/04/2023,Shoplifting,Mansfield,31,0x6E9F0,360410'].join('\n'));
    expect(district.rejects.map((r) => [r.line, r.field])).toEqual([[2, 'victim_age'], [3, 'easting']]);

    const police = await importText('2023-01-nottinghamshire-street.csv', [POLICE_HEADER, policeRow('0x1F'), policeRow('-1.2')].join('\n'));
    expect(police.rejects.map((r) => [r.line, r.field, r.reason])).toEqual([[2, 'Longitude', 'not a number: "0x1F"']]);
  });

  it('a Unicode minus sign (U+2212, as some spreadsheets write it) is a minus sign', async () => {
    const police = await importText('2023-01-nottinghamshire-street.csv', [POLICE_HEADER, policeRow('\u22121.2')].join('\n'));
    expect(police.accepted).toBe(1);
    const db = createWorkbench(SQL, NOW);
    try {
      await importFiles(db, [{ name: '2023-01-nottinghamshire-street.csv', bytes: new TextEncoder().encode([POLICE_HEADER, policeRow('\u22121.2')].join('\n')) }], { now: NOW });
      expect(db.exec('SELECT longitude FROM record')[0]?.values).toEqual([[-1.2]]);
    } finally {
      db.close();
    }
    const iquanta = await importText('iquanta.csv', ['area,measure,period,count', 'Nottinghamshire,All crime,2014-10,\u22123'].join('\n'));
    expect(iquanta.rejects.map((r) => [r.line, r.field, r.reason])).toEqual([[2, 'count', 'negative count -3']]);
  });
});

describe('rows wider than the header', () => {
  it('a comma in an unquoted cell (the row has text past the header’s last column) rejects the row, not read shifted', async () => {
    // "Kirkby, Portland" unquoted: every cell after the ward moves one column along, and the last one lands past the header.
    const text = ['record_ref,committed_date,crime_type,district,ward,victim_sex', 'A-1,01/04/2023,Shoplifting,Mansfield,Kirkby, Portland,F', 'A-2,02/04/2023,Shoplifting,Mansfield,Portland,F', 'A-3,03/04/2023,Shoplifting,Mansfield,Portland,F,,,'].join('\r\n');
    const report = await importText('district.csv', text);
    expect(report.rejects.map((r) => [r.line, r.field])).toEqual([[2, 'column 7']]);
    expect(report.rejects[0]?.reason).toMatch(/past the header’s 6 columns/);
    // Empty cells past the header (trailing commas) are nothing: the row is read.
    expect(report.accepted).toBe(2);
  });

  it('the same for police.uk, iQuanta, survey and population rows', async () => {
    const police = await importText('2023-01-nottinghamshire-street.csv', [
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
      'a,2023-01,Nottinghamshire Police,Nottinghamshire Police,-1.2,53.1,On or near Smith, Street,E01028350,Mansfield 001A,Burglary,Under investigation,Note',
      'b,2023-01,Nottinghamshire Police,Nottinghamshire Police,-1.2,53.1,On or near Smith Street,E01028350,Mansfield 001A,Burglary,,',
    ].join('\n'));
    expect(police.rejects.map((r) => [r.line, r.field])).toEqual([[2, 'column 13']]);
    const iquanta = await importText('iquanta.csv', ['area,measure,period,count', 'Nottinghamshire,All crime,2014-10,5,893', 'Nottinghamshire,All crime,2014-11,5893'].join('\n'));
    expect(iquanta.rejects.map((r) => [r.line, r.field])).toEqual([[2, 'column 5']]);
    const respect = await importText('respect.csv', ['respondent_id,wave,area,q_asb_problem', 'R1,2013,Arboretum,Very big problem,extra', 'R2,2013,Arboretum,Very big problem'].join('\n'));
    expect(respect.rejects.map((r) => [r.line, r.field])).toEqual([[2, 'column 5']]);
    const population = await importText('population.csv', ['area_name,year,age,population', 'Mansfield,2019,30,1,200', 'Mansfield,2019,31,1200'].join('\n'));
    expect(population.rejects.map((r) => [r.line, r.field])).toEqual([[2, 'column 5']]);
  });

  it('a row shifted by an unquoted comma whose pushed-out cell is empty is named in a warning, for district and survey rows alike', async () => {
    // "Kirkby, East" unquoted: the outcome column gets " East", and the empty outcome lands past the header, empty: nothing to reject.
    const rows = ['record_ref,committed_date,crime_type,district,ward,outcome', ...Array.from({ length: 6 }, (_, i) => `A-${i},0${1 + i}/04/2023,Shoplifting,Mansfield,Portland,`)];
    rows.splice(3, 0, 'A-9,09/04/2023,Shoplifting,Mansfield,Kirkby, East,');
    const district = await importText('district.csv', rows.join('\r\n'));
    expect(district.accepted).toBe(7);
    expect(district.warnings).toContain("district.csv: line 4 has one cell more than the header's 6, an empty one, where the other rows have exactly 6: a comma inside an unquoted cell moves the cells after it one column along, so check these rows' values (read as they stand).");
    const survey = await importText('respect.csv', ['respondent_id,wave,area,q_asb_problem,q_safe_after_dark', 'R1,2013,Arboretum,Very big problem,Fairly safe', 'R2,2013,Arboretum,Big, very,', 'R3,2013,Arboretum,Not a problem at all,Very safe'].join('\n'));
    expect(survey.warnings.join(' ')).toMatch(/^respect\.csv: line 3 has one cell more than the header's 5/m);
    // A file that ends every data row with a comma (a padding tool) is not warned about: the mark is not there to see.
    const padded = await importText('padded.csv', rows.map((row, i) => (i === 0 ? row : `${row},`)).join('\n'));
    expect(padded.accepted).toBe(7);
    expect(padded.warnings.join(' ')).not.toMatch(/one cell more than the header/);
  });

  it('a quote left open that a later quote closes joins lines into one row: its reject says the lines were joined', async () => {
    const text = [DISTRICT_HEADER, 'R-1,01/04/2023,"Shoplifting,Mansfield,Portland', districtRow(2), districtRow(3), 'R-4,04/04/2023,Shoplifting,Mansfield,",Oak"'].join('\n');
    const report = await importText('joined.csv', text);
    expect(report.read).toBe(1);
    expect(report.rejects).toHaveLength(1);
    expect(report.rejects[0]?.line).toBe(2);
    expect(report.rejects[0]?.reason).toMatch(/runs over 4 lines \(2-5\)/);
  });
});

describe('encodings', () => {
  it('a file with a UTF-8 BOM and a stray Windows-1252 byte is still UTF-8: the header is read, the byte shown as �, with a warning', async () => {
    const text = new TextEncoder().encode(`\ufeff${DISTRICT_HEADER}\r\nR-1,01/04/2023,Shoplifting,Mansfield,St Ann\u0001s\r\nR-2,02/04/2023,Shoplifting,Mansfield,Caf\u00e9 Quarter\r\n`);
    // The marker byte 0x01 becomes 0x92 (Windows-1252's apostrophe), invalid in UTF-8.
    const bytes = text.map((byte) => (byte === 0x01 ? 0x92 : byte));
    const report = await importText('bom.csv', bytes);
    expect(report.accepted).toBe(2);
    expect(report.warnings.join(' ')).toMatch(/bom\.csv starts with a UTF-8 byte order mark but line 2 has bytes that are not UTF-8/);
    const db = createWorkbench(SQL, NOW);
    try {
      await importFiles(db, [{ name: 'bom.csv', bytes }], { now: NOW });
      expect(db.exec('SELECT name FROM ward ORDER BY name')[0]?.values.map((row) => row[0])).toEqual(['Café Quarter', 'St Ann\ufffds']);
    } finally {
      db.close();
    }
  });

  it('a UTF-16 file (Excel’s "Unicode text", tab-separated) is read as UTF-16, with a warning, not as a header of NUL bytes', async () => {
    const utf16 = (text: string): Uint8Array => {
      const out = new Uint8Array(2 + text.length * 2);
      out.set([0xff, 0xfe]);
      for (let i = 0; i < text.length; i++) out[2 + i * 2] = text.charCodeAt(i);
      return out;
    };
    const report = await importText('unicode.txt', utf16(`${DISTRICT_HEADER.replace(/,/g, '\t')}\r\n${districtRow(1).replace(/,/g, '\t')}\r\n`));
    expect(report.accepted).toBe(1);
    expect(report.warnings).toContain('unicode.txt is UTF-16 text (Excel’s "Unicode text"); read it as such.');
  });
});

describe('rows that look like notes', () => {
  it('a quote left open that joins the records below into a long first cell is rejected, not skipped as a footnote', async () => {
    // The joined cell is long text with spaces, as a footnote is; its line breaks say it is not one.
    const row = (i: number): string => districtRow(i).replace('Shoplifting', 'Criminal damage');
    const text = [DISTRICT_HEADER, '"R-1,01/04/2023,Criminal damage,Mansfield,Portland', row(2), row(3), `R-4,04/04/2023,Criminal damage,Mansfield,"`, row(5)].join('\r\n');
    const report = await importText('note.csv', text);
    expect(report.skipped).toEqual([]);
    expect(report.rejects.map((r) => r.line)).toEqual([2]);
    expect(report.rejects[0]?.reason).toMatch(/runs over 4 lines \(2-5\)/);
    expect(report.accepted).toBe(1);
  });
});

describe('duplicated header names', () => {
  it('the first column of a name is read, for police.uk as for the other kinds, and the warning names both', async () => {
    const police = await importText('2023-01-nottinghamshire-street.csv', [
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context,Month',
      'a,2023-01,Nottinghamshire Police,Nottinghamshire Police,-1.2,53.1,On or near X,E01028350,Mansfield 001A,Burglary,,,',
    ].join('\n'));
    // The second "Month" column is empty: reading it rejected every row.
    expect(police.accepted).toBe(1);
    expect(police.warnings).toContain('2023-01-nottinghamshire-street.csv line 1: columns B and M are both headed "Month"; the first (B) was read.');
    const district = await importText('district.csv', [`${DISTRICT_HEADER},district`, `${districtRow(1)},Nowhere`].join('\n'));
    expect(district.accepted).toBe(1);
    expect(district.warnings).toContain('district.csv line 1: columns D and F are both headed "district"; the first (D) was read.');
  });
});

describe('a failed or cancelled batch', () => {
  it('a refused file rolls back the good file before it in the batch, and a Cancel at any check leaves the workbench as it was', async () => {
    const good = { name: 'good.csv', bytes: new TextEncoder().encode([DISTRICT_HEADER, ...Array.from({ length: 5 }, (_, i) => districtRow(i))].join('\n')) };
    const bad = { name: 'bad.csv', bytes: new TextEncoder().encode([DISTRICT_HEADER, 'R-9,01/04/2023,"Shoplifting,Mansfield,Portland'].join('\n')) };
    const db = createWorkbench(SQL, NOW);
    try {
      await importFiles(db, [{ name: 'first.csv', bytes: new TextEncoder().encode([DISTRICT_HEADER, 'F-1,01/04/2023,Shoplifting,Gedling,Carlton'].join('\n')) }], { now: NOW });
      const before = exportWorkbench(db, SAVED_AT);
      const error = await errorOf(importFiles(db, [good, bad], { now: NOW }));
      expect(error.message).toMatch(/^bad\.csv line 2: /);
      expect(Buffer.from(exportWorkbench(db, SAVED_AT)).equals(Buffer.from(before))).toBe(true);
      // Cancel at the first check, the second, ...: each is a cancel that changes nothing, until the import runs through.
      let finished = false;
      for (let checks = 0; !finished && checks < 50; checks++) {
        let calls = 0;
        try {
          await importFiles(db, [good], { now: NOW, isCancelled: () => calls++ >= checks });
          finished = true;
        } catch (cancel) {
          expect((cancel as { code?: string }).code).toBe('cancelled');
          expect(Buffer.from(exportWorkbench(db, SAVED_AT)).equals(Buffer.from(before)), `cancelled at check ${checks}`).toBe(true);
        }
      }
      expect(finished).toBe(true);
      expect(db.exec('SELECT COUNT(*) FROM record')[0]?.values[0]?.[0]).toBe(6);
    } finally {
      db.close();
    }
  });
});

describe('invisible characters in a reason', () => {
  it('a NUL byte, a stray BOM or a right-to-left override in a rejected value is shown, not left invisible (not “crime”)', async () => {
    const text = ['record_ref,record_type,committed_date,crime_type,district', 'A-1,cri\u0000me,01/04/2023,Shoplifting,Mansfield', 'A-2,\ufeffcrimes,01/04/2023,Shoplifting,Mansfield', 'A-3,\u202ecrime,01/04/2023,Shoplifting,Mansfield'].join('\n');
    const report = await importText('nul.csv', text);
    expect(report.rejects.map((r) => r.reason)).toEqual([
      'record type must be crime or incident, not "cri<U+0000>me"',
      // A BOM at a cell's edge is trimmed like a space.
      'record type must be crime or incident, not "crimes"',
      'record type must be crime or incident, not "<U+202E>crime"',
    ]);
  });
});
