/**
 * Deliberately awkward extracts for importer tests, with a machine-readable
 * statement of what a correct importer must make of each (EXPECTED.json):
 * how many data rows, how many accepted and rejected, and each rejection's
 * line and reason, so tests can assert exact counts.
 *
 * Line numbers are 1-based physical lines of the file (for XLSX, worksheet
 * row numbers). The rows come from the normal generator (20,000-record
 * scale, same seed), so they look like the clean files.
 */

import { Calendar, parseGeneratedDate } from './calendar';
import { type CsvValue, csvLine } from './csv';
import { DISTRICT_COLUMNS, type DistrictRecord, type GeneratedDistrictRecord, generateDistrictRecords } from './district-records';
import { IQUANTA_COLUMNS } from './iquanta';
import { PLANTED } from './planted';
import { Random, deriveSeed } from './prng';

export interface MalformedFile {
  /** Path inside the malformed/ folder. */
  name: string;
  bytes: Uint8Array;
}

export interface XlsxSheetSpec {
  name: string;
  sheetName: string;
  header: string[];
  rows: CsvValue[][];
  /** 0-based columns whose serial numbers get a date number format (read back as dates by most libraries). */
  dateFormattedColumns: number[];
}

export interface Rejection {
  line: number;
  reason: 'unknown district' | 'unparseable date' | 'date in the future' | 'missing required field' | 'negative count';
  column: string;
  value: string;
}

export interface ExpectedFile {
  kind: 'district' | 'iquanta';
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'xlsx';
  lineEnding: 'CRLF' | 'LF' | 'n/a';
  /** Line (or worksheet row) of the header. */
  headerLine: number;
  /** Rows that are data, accepted or rejected (not the title, header, totals or blank rows). */
  dataRows: number;
  accepted: number;
  rejected: number;
  rejections: Rejection[];
  /** Lines that are not data and must not be counted as accepted or rejected. */
  notData: Array<{ line: number; what: 'title row' | 'totals row' | 'blank row' }>;
  /** Accepted rows by record_type (district files). */
  acceptedByRecordType?: { crime: number; incident: number };
  /** Source header -> canonical column, where the file uses aliases. */
  columnMapping?: Record<string, string>;
  notes: string[];
}

export interface MalformedSet {
  files: MalformedFile[];
  xlsx: XlsxSheetSpec;
  expected: Record<string, ExpectedFile>;
}

/** Windows-1252 bytes 0x80-0x9F that differ from Latin-1. */
const CP1252_EXTRAS: Readonly<Record<string, number>> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a,
  '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
  '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

/** Encode text as Windows-1252 (what Excel on Windows saves as "CSV (Comma delimited)"). */
export function encodeWindows1252(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charAt(i);
    const code = text.charCodeAt(i);
    const extra = CP1252_EXTRAS[ch];
    if (extra !== undefined) out[i] = extra;
    else if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) out[i] = code;
    else throw new RangeError(`character ${JSON.stringify(ch)} has no Windows-1252 byte`);
  }
  return out;
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function districtSample(seed: number, district: string, count: number): GeneratedDistrictRecord[] {
  const out: GeneratedDistrictRecord[] = [];
  for (const r of generateDistrictRecords({ seed, records: 20_000, districts: [district] })) {
    out.push(r);
    if (out.length >= count) break;
  }
  return out;
}

function values(r: DistrictRecord): CsvValue[] {
  return DISTRICT_COLUMNS.map((c) => r[c]);
}

function countByType(rows: readonly DistrictRecord[]): { crime: number; incident: number } {
  const crime = rows.filter((r) => r.record_type === 'crime').length;
  return { crime, incident: rows.length - crime };
}

/** Title row above the header, totals row and blank rows below: UTF-8 with BOM, CRLF, as Excel saves. */
function titleAndTotals(seed: number): { file: MalformedFile; expected: ExpectedFile } {
  const rows = districtSample(seed, 'Mansfield', 150);
  const width = DISTRICT_COLUMNS.length;
  const lines = [
    csvLine(['Mansfield District Profile - crimes and ASB incidents, 01/04/2019 to 31/03/2024']),
    csvLine(DISTRICT_COLUMNS),
    ...rows.map((r) => csvLine(values(r))),
    csvLine(['Total', String(rows.length), ...Array.from({ length: width - 2 }, () => '')]),
    csvLine(Array.from({ length: width }, () => '')),
    '',
  ];
  const totalsLine = 3 + rows.length;
  return {
    file: { name: 'district-title-totals.csv', bytes: utf8(`\uFEFF${lines.join('\r\n')}\r\n`) },
    expected: {
      kind: 'district',
      format: 'csv',
      encoding: 'utf-8-bom',
      lineEnding: 'CRLF',
      headerLine: 2,
      dataRows: rows.length,
      accepted: rows.length,
      rejected: 0,
      rejections: [],
      notData: [
        { line: 1, what: 'title row' },
        { line: totalsLine, what: 'totals row' },
        { line: totalsLine + 1, what: 'blank row' },
        { line: totalsLine + 2, what: 'blank row' },
      ],
      acceptedByRecordType: countByType(rows),
      notes: [
        'Line 1 is a title, the header is on line 2.',
        `Line ${totalsLine} is a totals row ("Total", ${rows.length}); then a row of empty fields and an empty line.`,
      ],
    },
  };
}

const ALIASES: Readonly<Record<(typeof DISTRICT_COLUMNS)[number], string>> = {
  record_ref: 'crime_ref',
  record_type: 'type',
  committed_date: 'date_committed',
  reported_date: 'reported_date',
  offence_code: 'ho_code',
  crime_type: 'offence',
  district: 'lpa',
  ward: 'ward',
  lsoa_code: 'lsoa_code',
  easting: 'x',
  northing: 'y',
  victim_ref: 'victim_id',
  victim_age: 'victim_age',
  victim_sex: 'victim_gender',
  domestic: 'da_flag',
  hate: 'hate_flag',
  alcohol: 'alcohol_flag',
  asb_category: 'asb_category',
};

/** The ward Excel "autocorrected" to a curly apostrophe, byte 0x92 in Windows-1252. */
export const CP1252_WARD = 'St. Ann’s';

/** Header aliases, Yes/No flags and a Windows-1252 ward name, from Nottingham City. */
function aliasesCp1252(seed: number): { file: MalformedFile; expected: ExpectedFile } {
  const rows = districtSample(seed, 'Nottingham City', 200);
  const stAnns = "St. Ann's";
  if (!rows.some((r) => r.ward === stAnns)) {
    // Never expected with 200 City rows, but the file must show the encoding problem whatever the seed.
    const first = rows[0];
    if (first !== undefined) first.ward = stAnns;
  }
  const flagColumns = new Set<string>(['domestic', 'hate', 'alcohol']);
  const yesNo = (v: CsvValue): CsvValue => (v === 'Y' ? 'Yes' : v === 'N' ? 'No' : v);
  const wardRows = rows.filter((r) => r.ward === stAnns).length;
  const lines = [
    csvLine(DISTRICT_COLUMNS.map((c) => ALIASES[c])),
    ...rows.map((r) =>
      csvLine(
        DISTRICT_COLUMNS.map((c) => {
          if (c === 'ward' && r.ward === stAnns) return CP1252_WARD;
          return flagColumns.has(c) ? yesNo(r[c]) : r[c];
        }),
      ),
    ),
  ];
  const mapping: Record<string, string> = {};
  for (const c of DISTRICT_COLUMNS) mapping[ALIASES[c]] = c;
  return {
    file: { name: 'district-aliases-cp1252.csv', bytes: encodeWindows1252(`${lines.join('\r\n')}\r\n`) },
    expected: {
      kind: 'district',
      format: 'csv',
      encoding: 'windows-1252',
      lineEnding: 'CRLF',
      headerLine: 1,
      dataRows: rows.length,
      accepted: rows.length,
      rejected: 0,
      rejections: [],
      notData: [],
      acceptedByRecordType: countByType(rows),
      columnMapping: mapping,
      notes: [
        'Header uses aliases (crime_ref, date_committed, offence, lpa, x, y, victim_id, victim_gender, da_flag, ...).',
        `Windows-1252, not UTF-8: the ward "${CP1252_WARD}" (U+2019 right single quotation mark, byte 0x92) is on ${wardRows} rows; decoded as UTF-8 it is invalid.`,
        'Flags are Yes/No instead of Y/N.',
      ],
    },
  };
}

/** XLSX with Excel serial dates (spec only; the bytes are written by xlsx.ts with exceljs). */
function excelSerials(seed: number): { spec: XlsxSheetSpec; expected: ExpectedFile } {
  const calendar = new Calendar(PLANTED.window.firstFinancialYear, PLANTED.window.years);
  const rows = districtSample(seed, 'Broxtowe', 150);
  const committedCol = DISTRICT_COLUMNS.indexOf('committed_date');
  const reportedCol = DISTRICT_COLUMNS.indexOf('reported_date');
  const sheetRows = rows.map((r) => {
    const v = values(r);
    const committed = parseGeneratedDate(r.committed_date, calendar);
    const reported = parseGeneratedDate(r.reported_date, calendar);
    v[committedCol] = calendar.excelSerial(committed);
    v[reportedCol] = calendar.excelSerial(reported);
    return v;
  });
  return {
    spec: { name: 'district-excel-serial-dates.xlsx', sheetName: 'Broxtowe crimes', header: [...DISTRICT_COLUMNS], rows: sheetRows, dateFormattedColumns: [reportedCol] },
    expected: {
      kind: 'district',
      format: 'xlsx',
      encoding: 'xlsx',
      lineEnding: 'n/a',
      headerLine: 1,
      dataRows: rows.length,
      accepted: rows.length,
      rejected: 0,
      rejections: [],
      notData: [],
      acceptedByRecordType: countByType(rows),
      notes: [
        'First (only) sheet "Broxtowe crimes", header on row 1, data on rows 2 onwards.',
        'committed_date is a bare Excel serial number with General format (e.g. 43561.927083333336 = 06/04/2019 22:15; whole numbers are date-only records).',
        'reported_date holds serials with a dd/mm/yyyy hh:mm number format, so libraries such as exceljs read them as dates.',
        'Easting, northing and victim_age are numeric cells.',
      ],
    },
  };
}

/** Good rows with planted bad ones: unknown district, unparseable and impossible dates, a future date, missing fields. */
function badRows(seed: number): { file: MalformedFile; expected: ExpectedFile } {
  const source = districtSample(seed, 'Gedling', 126);
  const good = source.slice(0, 120);
  const spare = source.slice(120);
  type Plant = { after: number; change: (r: DistrictRecord) => void; reason: Rejection['reason']; column: keyof DistrictRecord; value: string };
  const plants: Plant[] = [
    { after: 10, change: (r) => { r.district = 'Westshire'; }, reason: 'unknown district', column: 'district', value: 'Westshire' },
    { after: 25, change: (r) => { r.committed_date = 'unknown'; }, reason: 'unparseable date', column: 'committed_date', value: 'unknown' },
    { after: 40, change: (r) => { r.committed_date = '31/02/2022 14:05'; }, reason: 'unparseable date', column: 'committed_date', value: '31/02/2022 14:05' },
    {
      after: 60,
      change: (r) => { r.committed_date = '14/07/2204 10:00'; r.reported_date = '14/07/2204 10:30'; },
      reason: 'date in the future', column: 'committed_date', value: '14/07/2204 10:00',
    },
    { after: 85, change: (r) => { r.crime_type = ''; }, reason: 'missing required field', column: 'crime_type', value: '' },
    { after: 100, change: (r) => { r.record_ref = ''; }, reason: 'missing required field', column: 'record_ref', value: '' },
  ];
  const lines = [csvLine(DISTRICT_COLUMNS)];
  const rejections: Rejection[] = [];
  let next = 0;
  good.forEach((row, i) => {
    lines.push(csvLine(values(row)));
    const plant = plants[next];
    if (plant !== undefined && plant.after === i + 1) {
      const bad: DistrictRecord = { ...(spare[next] ?? row) };
      plant.change(bad);
      lines.push(csvLine(values(bad)));
      rejections.push({ line: lines.length, reason: plant.reason, column: plant.column, value: plant.value });
      next += 1;
    }
  });
  return {
    file: { name: 'district-bad-rows.csv', bytes: utf8(`${lines.join('\n')}\n`) },
    expected: {
      kind: 'district',
      format: 'csv',
      encoding: 'utf-8',
      lineEnding: 'LF',
      headerLine: 1,
      dataRows: good.length + rejections.length,
      accepted: good.length,
      rejected: rejections.length,
      rejections,
      notData: [],
      acceptedByRecordType: countByType(good),
      notes: [
        'Canonical header. Each planted row is otherwise a normal Gedling record with a unique record_ref (except the one whose record_ref is blank).',
        '31/02/2022 does not exist; 14/07/2204 is a mis-keyed 2024 and lies in the future.',
        'Westshire is no district anywhere, so no lookup or alias can rescue it.',
      ],
    },
  };
}

/** iQuanta long layout with a negative count planted. */
function iquantaBad(seed: number): { file: MalformedFile; expected: ExpectedFile } {
  const rng = new Random(deriveSeed(seed, 'malformed-iquanta'));
  const calendar = new Calendar(PLANTED.window.firstFinancialYear, 1);
  const measures: Array<[string, number]> = [['All crime', 950], ['Violence against the person', 330], ['Domestic burglary', 45]];
  const population = 109_000;
  const lines = [csvLine(IQUANTA_COLUMNS)];
  const rejections: Rejection[] = [];
  let good = 0;
  for (const [measure, level] of measures) {
    for (const slot of calendar.months) {
      const count = rng.poisson(level);
      const rate = (count / population) * 1000;
      const avg = rate * rng.uniform(0.85, 1.15);
      const plantNegative = measure === 'Violence against the person' && slot.month === 9;
      lines.push(
        csvLine([
          'Mansfield CSP', 'CSP', measure, slot.iso, plantNegative ? -12 : count,
          rate.toFixed(3), avg.toFixed(3), rng.int(1, 15), 15, (avg * 0.85).toFixed(3), (avg * 1.15).toFixed(3),
        ]),
      );
      if (plantNegative) rejections.push({ line: lines.length, reason: 'negative count', column: 'count', value: '-12' });
      else good += 1;
    }
  }
  return {
    file: { name: 'iquanta-bad-rows.csv', bytes: utf8(`${lines.join('\n')}\n`) },
    expected: {
      kind: 'iquanta',
      format: 'csv',
      encoding: 'utf-8',
      lineEnding: 'LF',
      headerLine: 1,
      dataRows: good + rejections.length,
      accepted: good,
      rejected: rejections.length,
      rejections,
      notData: [],
      notes: ['Long layout, Mansfield CSP, three measures, April 2019 to March 2020; the September 2019 violence count is -12.'],
    },
  };
}

export function malformedFiles(seed: number): MalformedSet {
  const a = titleAndTotals(seed);
  const b = aliasesCp1252(seed);
  const c = excelSerials(seed);
  const d = badRows(seed);
  const e = iquantaBad(seed);
  return {
    files: [a.file, b.file, d.file, e.file],
    xlsx: c.spec,
    expected: {
      [a.file.name]: a.expected,
      [b.file.name]: b.expected,
      [c.spec.name]: c.expected,
      [d.file.name]: d.expected,
      [e.file.name]: e.expected,
    },
  };
}
