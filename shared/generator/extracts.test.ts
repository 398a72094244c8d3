import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { Calendar } from './calendar';
import { IQUANTA_MEASURES } from './crime-types';
import { objectsToCsv, toCsv } from './csv';
import { generateDistrictRecords } from './district-records';
import { DISTRICTS } from './geography';
import { FORCE_AREA, IQUANTA_COLUMNS, IquantaCounter, cspName, iquantaRows, iquantaWide } from './iquanta';
import { CP1252_WARD, encodeWindows1252, malformedFiles } from './malformed';
import { PLANTED } from './planted';
import { poissonMonthlySeries } from './poisson-series';
import { POPULATION_COLUMNS, onsMyePersonsCsv, populationRows, populationShare } from './population';
import { Random } from './prng';
import { generatorReadme } from './readme';
import { PROBLEM_SCALE, RESPECT_COLUMNS, respectRows, respectWards } from './respect-survey';
import { xlsxBytes } from './xlsx';

describe('Random', () => {
  it('repeats for a seed and draws Poisson counts with the right mean and variance', () => {
    const a = new Random(42);
    const b = new Random(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    for (const mean of [3, 50, 800]) {
      const rng = new Random(mean);
      const draws = Array.from({ length: 20_000 }, () => rng.poisson(mean));
      const m = draws.reduce((s, x) => s + x, 0) / draws.length;
      const v = draws.reduce((s, x) => s + (x - m) ** 2, 0) / draws.length;
      expect(Math.abs(m - mean) / mean).toBeLessThan(0.02);
      expect(Math.abs(v - mean) / mean).toBeLessThan(0.06);
    }
  });
});

describe('poissonMonthlySeries', () => {
  it('follows the given seasonality and trend', () => {
    const series = poissonMonthlySeries({ seed: 3, base: 400, seasonalAmplitude: 0.25, peakMonth: 7, trendPerYear: 0.1, months: 60 });
    expect(series).toHaveLength(60);
    expect(series[0]?.period).toBe('2019-04');
    expect(series[59]?.period).toBe('2024-03');
    const july = series.find((p) => p.period === '2019-07');
    const january = series.find((p) => p.period === '2020-01');
    expect(july?.expected).toBeCloseTo(400 * 1.25 * Math.pow(1.1, 3 / 12), 6);
    expect((january?.expected ?? 0) / (july?.expected ?? 1)).toBeLessThan(0.65);
    const firstYear = series.slice(0, 12).reduce((s, p) => s + p.count, 0);
    const lastYear = series.slice(48).reduce((s, p) => s + p.count, 0);
    expect(lastYear / firstYear).toBeGreaterThan(1.3);
    expect(poissonMonthlySeries({ seed: 3, base: 400 })).toEqual(poissonMonthlySeries({ seed: 3, base: 400 }));
    const stepped = poissonMonthlySeries({ seed: 1, base: 100, stepAt: 30, stepFactor: 0.5 });
    expect(stepped[30]?.expected).toBeCloseTo(50, 6);
  });
});

describe('iQuanta', () => {
  const records = [...generateDistrictRecords({ seed: 5, records: 20_000 })];
  const counter = new IquantaCounter().addAll(records);
  const rows = iquantaRows({ seed: 5, counts: counter });

  it('covers the force and eight CSPs, every measure and month, with counts that match the records', () => {
    expect(rows).toHaveLength(9 * IQUANTA_MEASURES.length * 60);
    const crimes = records.filter((r) => r.record_type === 'crime');
    const allForce = rows.filter((r) => r.area === FORCE_AREA && r.measure === 'All crime').reduce((s, r) => s + r.count, 0);
    expect(allForce).toBe(crimes.length);
    const mansfieldBurglary = rows
      .filter((r) => r.area === cspName('Mansfield') && r.measure === 'Domestic burglary')
      .reduce((s, r) => s + r.count, 0);
    expect(mansfieldBurglary).toBe(crimes.filter((r) => r.district === 'Mansfield' && r.crime_type === 'Burglary Dwelling').length);
  });

  it('gives MSG ranks within the group and a band around the average', () => {
    for (const r of rows) {
      expect(r.msg_rank).toBeGreaterThanOrEqual(1);
      expect(r.msg_rank).toBeLessThanOrEqual(r.msg_size);
      expect(r.msg_lower).toBeLessThanOrEqual(r.msg_average);
      expect(r.msg_upper).toBeGreaterThanOrEqual(r.msg_average);
    }
  });

  it('writes long and wide CSV with the FORMATS.md §2 headers', () => {
    const long = Papa.parse<Record<string, string>>(objectsToCsv(IQUANTA_COLUMNS, rows, { lineEnding: '\n' }), { header: true, skipEmptyLines: true });
    expect(long.errors).toEqual([]);
    expect(long.meta.fields).toEqual([...IQUANTA_COLUMNS]);
    const wide = iquantaWide(rows);
    expect(wide.header.slice(0, 5)).toEqual(['area', 'area_type', 'measure', 'Apr 2019', 'May 2019']);
    expect(wide.header[wide.header.length - 1]).toBe('Mar 2024');
    expect(wide.rows).toHaveLength(9 * IQUANTA_MEASURES.length);
    const parsed = Papa.parse<string[]>(toCsv(wide.header, wide.rows, { lineEnding: '\n' }), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const first = wide.rows[0] ?? [];
    const total = first.slice(3).reduce<number>((s, v) => s + Number(v), 0);
    expect(total).toBe(rows.filter((r) => r.area === first[0] && r.measure === first[2]).reduce((s, r) => s + r.count, 0));
  });
});

describe('Respect Survey', () => {
  const rows = respectRows({ seed: 9 });

  it('has ~2,000 respondents a wave in City wards, weights averaging 1 and FORMATS.md §3 columns', () => {
    for (const wave of PLANTED.respectSurvey.waves) {
      const inWave = rows.filter((r) => r.wave === wave);
      expect(inWave.length).toBeGreaterThan(1950);
      expect(inWave.length).toBeLessThan(2050);
      const meanWeight = inWave.reduce((s, r) => s + r.weight, 0) / inWave.length;
      expect(meanWeight).toBeCloseTo(1, 2);
      expect(new Set(inWave.map((r) => r.respondent_id)).size).toBe(inWave.length);
    }
    const wards = new Set(respectWards());
    expect(wards.has(PLANTED.respectSurvey.ward)).toBe(true);
    expect(rows.every((r) => wards.has(r.area) && (PROBLEM_SCALE as readonly string[]).includes(r.q_drug_dealing_problem))).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(objectsToCsv(RESPECT_COLUMNS, rows.slice(0, 500)), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...RESPECT_COLUMNS]);
    expect(parsed.data[0]?.respondent_id).toMatch(/^R19-\d{4}$/);
  });
});

describe('population', () => {
  it('long form covers every district, 2019-2023, by age band and sex, with the City student-heavy', () => {
    const rows = populationRows();
    expect(rows).toHaveLength(8 * 5 * 9 * 2);
    const parsed = Papa.parse<Record<string, string>>(objectsToCsv(POPULATION_COLUMNS, rows), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([...POPULATION_COLUMNS]);
    for (const d of DISTRICTS) {
      const total = rows.filter((r) => r.area_name === d.name && r.year === 2020).reduce((s, r) => s + r.population, 0);
      expect(total).toBe(d.population);
    }
    expect(populationShare(18, 24, 'Nottingham City')).toBeGreaterThan(0.18);
    expect(populationShare(18, 24, 'Rushcliffe')).toBeLessThan(0.09);
  });

  it('ONS wide file has the real download quirks', () => {
    const text = onsMyePersonsCsv(2020);
    expect(text.startsWith('\uFEFFCode,Name,Geography,All ages,0,1,2,')).toBe(true);
    expect(text.includes('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
    expect(text.endsWith('\r\n')).toBe(false);
    const lines = text.slice(1).split('\r\n');
    const parsed = lines.map((l) => Papa.parse<string[]>(l).data[0] ?? []);
    expect(parsed.every((cells) => cells.length === 256)).toBe(true);
    const header = parsed[0] ?? [];
    expect(header.slice(0, 4)).toEqual(['Code', 'Name', 'Geography', 'All ages']);
    expect(header[93]).toBe('89');
    expect(header[94]).toBe('90+');
    expect(header[95]).toBe('');
    const blankAtEnd = parsed.slice(-17);
    expect(blankAtEnd.every((cells) => cells.every((c) => c === ''))).toBe(true);
    expect(parsed[parsed.length - 18]?.[0]).not.toBe('');
    const nottingham = parsed.find((cells) => cells[0] === 'E06000018');
    expect(nottingham?.[1]).toBe('Nottingham');
    expect(nottingham?.[3]).toBe('332,000');
    expect(lines.find((l) => l.startsWith('E06000018'))).toContain('"332,000"');
    for (const d of DISTRICTS) {
      const row = parsed.find((cells) => cells[0] === d.onsCode);
      expect(row, d.onsCode).toBeDefined();
      const ages = (row ?? []).slice(4, 95).map((v) => Number(v.replace(/,/g, '')));
      expect(ages.reduce((s, n) => s + n, 0)).toBe(Number((row?.[3] ?? '').replace(/,/g, '')));
    }
    const county = parsed.find((cells) => cells[0] === 'E10000024');
    expect(county?.[2]).toBe('County');
  });
});

describe('malformed variants', () => {
  const set = malformedFiles(1);
  const file = (name: string): Uint8Array => {
    const found = set.files.find((f) => f.name === name);
    if (found === undefined) throw new Error(`missing ${name}`);
    return found.bytes;
  };

  it('title/totals file: data rows sit between the title and the totals row, as EXPECTED says', () => {
    const expected = set.expected['district-title-totals.csv'];
    const bytes = file('district-title-totals.csv');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).split('\r\n');
    expect(lines[(expected?.headerLine ?? 0) - 1]?.startsWith('record_ref,record_type')).toBe(true);
    const totals = expected?.notData.find((n) => n.what === 'totals row');
    expect(lines[(totals?.line ?? 0) - 1]).toMatch(/^Total,150,/);
    expect((totals?.line ?? 0) - (expected?.headerLine ?? 0) - 1).toBe(expected?.dataRows);
  });

  it('aliases file is Windows-1252 with a 0x92 apostrophe and alias headers', () => {
    const bytes = file('district-aliases-cp1252.csv');
    expect(bytes.includes(0x92)).toBe(true);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    // Node 20's TextDecoder('windows-1252') decodes 0x80-0x9F as Latin-1 control characters, so check bytes.
    const ward = encodeWindows1252(CP1252_WARD);
    const at = bytes.findIndex((_, i) => ward.every((b, j) => bytes[i + j] === b));
    expect(at).toBeGreaterThan(0);
    const text = new TextDecoder('latin1').decode(bytes);
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields?.slice(0, 7)).toEqual(['crime_ref', 'type', 'date_committed', 'reported_date', 'ho_code', 'offence', 'lpa']);
    expect(parsed.data).toHaveLength(set.expected['district-aliases-cp1252.csv']?.dataRows ?? -1);
    expect(new Set(parsed.data.map((r) => r.da_flag))).toEqual(new Set(['Yes', 'No', '']));
    expect(encodeWindows1252('’£é')).toEqual(new Uint8Array([0x92, 0xa3, 0xe9]));
  });

  it('bad-rows files: each rejection line holds the planted fault, everything else is clean', () => {
    for (const name of ['district-bad-rows.csv', 'iquanta-bad-rows.csv']) {
      const expected = set.expected[name];
      const lines = new TextDecoder().decode(file(name)).split('\n');
      const header = Papa.parse<string[]>(lines[0] ?? '').data[0] ?? [];
      expect(expected?.dataRows).toBe(lines.filter((l) => l !== '').length - 1);
      expect((expected?.accepted ?? 0) + (expected?.rejected ?? 0)).toBe(expected?.dataRows);
      expect(expected?.rejections).toHaveLength(expected?.rejected ?? -1);
      for (const rejection of expected?.rejections ?? []) {
        const cells = Papa.parse<string[]>(lines[rejection.line - 1] ?? '').data[0] ?? [];
        expect(cells[header.indexOf(rejection.column)], `${name} line ${rejection.line}`).toBe(rejection.value);
      }
    }
    const reasons = set.expected['district-bad-rows.csv']?.rejections.map((r) => r.reason);
    expect(new Set(reasons)).toEqual(new Set(['unknown district', 'unparseable date', 'date in the future', 'missing required field']));
    expect(set.expected['iquanta-bad-rows.csv']?.rejections.map((r) => r.reason)).toEqual(['negative count']);
  });

  it('XLSX variant has Excel serial dates and the same bytes every time', async () => {
    const bytes = await xlsxBytes(set.xlsx);
    expect(await xlsxBytes(malformedFiles(1).xlsx)).toEqual(bytes);
    const workbook = new ExcelJS.Workbook();
    // exceljs's types want a Node Buffer; it reads any ArrayBuffer view.
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(1 + (set.expected['district-excel-serial-dates.xlsx']?.dataRows ?? 0));
    expect(sheet?.getCell(1, 3).value).toBe('committed_date');
    const serial = sheet?.getCell(2, 3).value;
    expect(typeof serial).toBe('number');
    const calendar = new Calendar();
    expect(Number(serial)).toBeGreaterThanOrEqual(calendar.excelSerial(0));
    expect(Number(serial)).toBeLessThan(calendar.excelSerial(calendar.endMinute));
    expect(calendar.excelSerial(0)).toBe(43556); // 01/04/2019
    expect(sheet?.getCell(2, 4).value).toBeInstanceOf(Date);
  });
});

describe('README', () => {
  it('shared/generator/README.md is the text the generator writes', () => {
    const committed = readFileSync(fileURLToPath(new URL('./README.md', import.meta.url)), 'utf8');
    expect(committed).toBe(generatorReadme());
  });
});
