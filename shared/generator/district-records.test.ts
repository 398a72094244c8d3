import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { Calendar, parseGeneratedDate } from './calendar';
import { CRIME_TYPES, CRIME_TYPE_NAMES } from './crime-types';
import { csvLine, districtCsv, districtCsvLine, districtRecordValues } from './csv';
import {
  DISTRICT_COLUMNS,
  type GeneratedDistrictRecord,
  defaultRecordCount,
  districtTargets,
  generateDistrictRecords,
} from './district-records';
import { DISTRICTS } from './geography';

const RECORDS = 20_000;

function generate(seed: number, records = RECORDS, districts?: string[]): GeneratedDistrictRecord[] {
  return [...generateDistrictRecords({ seed, records, ...(districts === undefined ? {} : { districts }) })];
}

describe('generateDistrictRecords', () => {
  const rows = generate(1);

  it('gives byte-identical CSV for the same seed and different CSV for another seed', () => {
    const again = districtCsv(generate(1));
    expect(districtCsv(rows)).toBe(again);
    expect(districtCsv(generate(2))).not.toBe(again);
  });

  it('writes exactly --records rows, split by district as districtTargets says', () => {
    expect(rows).toHaveLength(RECORDS);
    const targets = districtTargets(RECORDS);
    for (const d of DISTRICTS) {
      expect(rows.filter((r) => r.district === d.name)).toHaveLength(targets.get(d.name) ?? -1);
    }
  });

  it('sets volumes in proportion to population and rate: ~97 crimes per 1,000 a year in the City at the default scale', () => {
    const scale = RECORDS / defaultRecordCount();
    const cityCrimes = rows.filter((r) => r.district === 'Nottingham City' && r.record_type === 'crime').length;
    const perThousandPerYear = cityCrimes / scale / 5 / (332_000 / 1000);
    expect(perThousandPerYear).toBeGreaterThan(97 * 0.95);
    expect(perThousandPerYear).toBeLessThan(97 * 1.05);
    // Force-wide: about 100,000 crimes a year at the default scale.
    const crimes = rows.filter((r) => r.record_type === 'crime').length / scale / 5;
    expect(crimes).toBeGreaterThan(90_000);
    expect(crimes).toBeLessThan(105_000);
    // The default itself: crimes plus ASB over five years.
    expect(defaultRecordCount()).toBeGreaterThan(600_000);
    expect(defaultRecordCount()).toBeLessThan(720_000);
  });

  it('gives a district the same rows whether or not the others are generated', () => {
    const mansfieldOnly = generate(1, RECORDS, ['Mansfield']);
    expect(districtCsv(mansfieldOnly)).toBe(districtCsv(rows.filter((r) => r.district === 'Mansfield')));
  });

  it('keeps record references unique and rows in committed-date order within a district', () => {
    expect(new Set(rows.map((r) => r.record_ref)).size).toBe(rows.length);
    for (const d of DISTRICTS) {
      const minutes = rows.filter((r) => r.district === d.name).map((r) => r.committedMinute);
      expect(minutes.every((m, i) => i === 0 || m >= (minutes[i - 1] ?? 0))).toBe(true);
    }
  });

  it('stays inside each district box, the window and the known categories', () => {
    const calendar = new Calendar();
    const boxes = new Map(DISTRICTS.map((d) => [d.name, d.box]));
    const personal = new Set(CRIME_TYPES.filter((t) => t.personalVictim).map((t) => t.name));
    // Collect problems and assert once: an expect per field of 20,000 rows is slow.
    const problems: string[] = [];
    const check = (ok: boolean, what: string, r: GeneratedDistrictRecord): void => {
      if (!ok && problems.length < 20) problems.push(`${what}: ${r.record_ref} ${JSON.stringify(r)}`);
    };
    for (const r of rows) {
      const box = boxes.get(r.district);
      check(box !== undefined, 'district', r);
      if (box === undefined) continue;
      check(r.easting >= box.minE && r.easting <= box.maxE && r.northing >= box.minN && r.northing <= box.maxN, 'box', r);
      const committed = parseGeneratedDate(r.committed_date, calendar);
      const reported = parseGeneratedDate(r.reported_date, calendar);
      check(committed >= 0 && committed < calendar.endMinute, 'committed in window', r);
      check(reported >= committed && reported < calendar.endMinute, 'reported after committed', r);
      check(/^E01\d{6}$/.test(r.lsoa_code), 'lsoa', r);
      if (r.record_type === 'incident') {
        check(r.crime_type === 'Anti-social behaviour', 'asb type', r);
        check(['Personal', 'Nuisance', 'Environmental'].includes(r.asb_category), 'asb category', r);
        check(r.victim_ref === '' && r.domestic === '' && r.offence_code === '', 'asb has no victim or flags', r);
      } else {
        check(CRIME_TYPE_NAMES.includes(r.crime_type), 'crime type', r);
        check(/^\d{3}\/\d{2}$/.test(r.offence_code), 'offence code', r);
        check(['Y', 'N'].includes(r.domestic) && ['Y', 'N'].includes(r.hate) && ['Y', 'N'].includes(r.alcohol), 'flags', r);
        if (personal.has(r.crime_type)) {
          check(/^NOM-\d{7,}$/.test(r.victim_ref), 'victim ref', r);
          check(r.victim_age !== null && ['F', 'M', 'Unknown'].includes(r.victim_sex), 'victim age and sex', r);
        } else {
          check(r.victim_ref === '' && r.victim_age === null && r.victim_sex === '', 'no personal victim', r);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('lets some victims recur outside domestic abuse', () => {
    const refs = rows.filter((r) => r.victim_ref !== '' && r.domestic === 'N').map((r) => r.victim_ref);
    const recurring = refs.length - new Set(refs).size;
    expect(recurring / refs.length).toBeGreaterThan(0.02);
    expect(recurring / refs.length).toBeLessThan(0.1);
  });

  it('writes valid CSV with the canonical header of FORMATS.md §1', () => {
    const text = districtCsv(rows.slice(0, 3000));
    expect(text.startsWith('record_ref,record_type,committed_date,reported_date,offence_code,crime_type,district,ward,')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...DISTRICT_COLUMNS]);
    expect(parsed.data).toHaveLength(3000);
    const quoted = rows.find((r) => r.ward.includes(','));
    expect(quoted, 'a ward name with a comma (Awsworth, Cossall & Trowell) is generated').toBeDefined();
    parsed.data.forEach((row, i) => {
      const r = rows[i];
      expect(row.ward).toBe(r?.ward);
      expect(row.committed_date).toMatch(/^\d{2}\/\d{2}\/\d{4}( \d{2}:\d{2})?$/);
    });
  });

  it('serialises the fast path exactly like the generic one', () => {
    for (const r of rows.slice(0, 2000)) expect(districtCsvLine(r)).toBe(csvLine(districtRecordValues(r)));
    const awkward = { ...rows[0], ward: 'A "quoted", ward' } as GeneratedDistrictRecord;
    expect(districtCsvLine(awkward)).toBe(csvLine(districtRecordValues(awkward)));
  });

  it('rejects a nonsense record count or district', () => {
    expect(() => [...generateDistrictRecords({ seed: 1, records: -5 })]).toThrow(RangeError);
    expect(() => [...generateDistrictRecords({ seed: 1, records: 10, districts: ['Atlantis'] })]).toThrow(RangeError);
    expect(generate(1, 0)).toHaveLength(0);
  });
});
