/**
 * Edge cases of the pivot measures on planted extracts imported through the
 * real importers: the March/April financial-year boundary, 29 February,
 * months with no records inside and outside the range, rates by age band,
 * and iQuanta figures.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { workbenchOf } from '../../tests/helpers/import-tests';
import { pivotToCsv } from '../export/csv';
import { pivotExportTable } from '../export/pivot-table';
import { dayOfWeek } from './dimensions';
import { drillThrough } from './drill-through';
import { type PivotResult, runPivot } from './run-pivot';
import type { PivotSpec } from './spec';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

const DISTRICT_HEADER = 'record_ref,record_type,committed_date,crime_type,district,victim_age,victim_age_band,victim_sex,domestic';

/** A district extract: [committed date, crime type, district, age, band, how many]. */
function districtExtract(rows: [string, string, string, string, string, number][]): string {
  const lines = [DISTRICT_HEADER];
  let ref = 0;
  for (const [date, type, district, age, band, n] of rows) {
    for (let i = 0; i < n; i++) lines.push(`R${ref++},crime,${date},${type},${district},${age},${band},F,N`);
  }
  return lines.join('\n');
}

const workbench = (files: Parameters<typeof workbenchOf>[1]): Promise<Database> => workbenchOf(SQL, files);

const spec = (overrides: Partial<PivotSpec>): PivotSpec => ({ rows: ['crime_type'], columns: [], measure: 'count', filters: [], ...overrides });
const row = (result: PivotResult, label: string): (number | null)[] | undefined => result.rows.find((r) => r.key[0] === label)?.values;
const byColumn = (result: PivotResult, label: string): Record<string, number | null> =>
  Object.fromEntries(result.columns.map((c, j) => [c.join(' / '), row(result, label)?.[j] ?? null]));

describe('financial year to date across the March/April boundary', () => {
  let db: Database;
  beforeAll(async () => {
    // Burglary: Apr 2022 1, May 2022 2, Mar 2023 3, Apr 2023 4, May 2023 5, Mar 2024 6, Apr 2024 7.
    db = await workbench([
      {
        name: 'fy.csv',
        text: districtExtract([
          ['01/04/2022', 'Burglary', 'Mansfield', '', '', 1],
          ['31/05/2022', 'Burglary', 'Mansfield', '', '', 2],
          ['31/03/2023 23:59', 'Burglary', 'Mansfield', '', '', 3],
          ['01/04/2023 00:00', 'Burglary', 'Mansfield', '', '', 4],
          ['15/05/2023', 'Burglary', 'Mansfield', '', '', 5],
          ['31/03/2024', 'Burglary', 'Mansfield', '', '', 6],
          ['01/04/2024', 'Burglary', 'Mansfield', '', '', 7],
        ]),
      },
    ]);
  });

  it('by financial year, every year spans April to the latest month: April only when the data ends in April', () => {
    const fytd = runPivot(db, spec({ columns: ['fin_year'], measure: 'fytd' }));
    expect(byColumn(fytd, 'Burglary')).toEqual({ '2022/23': 1, '2023/24': 4, '2024/25': 7 });
    const change = runPivot(db, spec({ columns: ['fin_year'], measure: 'fytd_change' }));
    // 2022/23 has no covered year before it.
    expect(byColumn(change, 'Burglary')).toEqual({ '2022/23': null, '2023/24': 300, '2024/25': 75 });
  });

  it('ending in March, the year to date is the whole financial year', () => {
    const fytd = runPivot(db, spec({ columns: ['fin_year'], measure: 'fytd', to: '2024-03' }));
    expect(byColumn(fytd, 'Burglary')).toEqual({ '2022/23': 6, '2023/24': 15 });
    expect(byColumn(runPivot(db, spec({ columns: ['fin_year'], measure: 'fytd_change', to: '2024-03' })), 'Burglary')['2023/24']).toBe(150);
  });

  it('by month, the year to date runs from April and starts again each April', () => {
    const fytd = runPivot(db, spec({ columns: ['month'], measure: 'fytd', from: '2023-02', to: '2023-06' }));
    expect(byColumn(fytd, 'Burglary')).toEqual({ '2023-02': 3, '2023-03': 6, '2023-04': 4, '2023-05': 9, '2023-06': 9 });
    // The cells still count their own month (what drill-through shows).
    expect(fytd.rows[0]?.counts).toEqual([0, 3, 4, 5, 0]);
    const change = runPivot(db, spec({ columns: ['month'], measure: 'fytd_change', from: '2024-03', to: '2024-04' }));
    expect(byColumn(change, 'Burglary')).toEqual({ '2024-03': 150, '2024-04': 75 });
  });

  it('change in number on the previous period and on the same period last year', () => {
    const diff = runPivot(db, spec({ columns: ['fin_year'], measure: 'diff_prev' }));
    // 2022/23: no covered year before; 2023/24 (15) on 2022/23 (6); 2024/25 is April only, against April 2023.
    expect(byColumn(diff, 'Burglary')).toEqual({ '2022/23': null, '2023/24': 9, '2024/25': 3 });
    const year = runPivot(db, spec({ columns: ['month'], measure: 'diff_year', from: '2023-03', to: '2023-05' }));
    expect(byColumn(year, 'Burglary')).toEqual({ '2023-03': null, '2023-04': 3, '2023-05': 3 });
  });

  it('a March record at 23:59 and an April record at 00:00 fall in different financial years, and drill-through agrees', () => {
    const fy = runPivot(db, spec({ columns: ['fin_year'], from: '2023-03', to: '2023-04' }));
    expect(byColumn(fy, 'Burglary')).toEqual({ '2022/23': 3, '2023/24': 4 });
    const drilled = drillThrough(db, { spec: fy.spec, rowKey: ['Burglary'], columnKey: ['2023/24'], offset: 0, limit: 10 });
    expect(drilled.total).toBe(4);
    expect(drilled.records.every((r) => r.date === '2023-04-01')).toBe(true);
  });
});

describe('rolling 12 months and months with no records', () => {
  let db: Database;
  beforeAll(async () => {
    // One Robbery a month from Jan 2023 to Dec 2024 except none in Jul 2023 and none in Feb 2024; Gedling only in 2024-05.
    const rows: [string, string, string, string, string, number][] = [];
    for (let m = 0; m < 24; m++) {
      const year = 2023 + Math.floor(m / 12);
      const month = (m % 12) + 1;
      if ((year === 2023 && month === 7) || (year === 2024 && month === 2)) continue;
      rows.push([`10/${String(month).padStart(2, '0')}/${year}`, 'Robbery', 'Mansfield', '', '', m + 1]);
    }
    rows.push(['10/05/2024', 'Robbery', 'Gedling', '', '', 2]);
    db = await workbench([{ name: 'rolling.csv', text: districtExtract(rows) }]);
  });

  it('sums the 12 months ending in each month, blank until 12 months of data precede it', () => {
    const result = runPivot(db, spec({ rows: ['district'], columns: ['month'], measure: 'rolling_12' }));
    const mansfield = row(result, 'Mansfield') ?? [];
    expect(mansfield.slice(0, 11).every((v) => v === null)).toBe(true);
    // Months 1..12 of 2023 less July (7): 78 - 7 = 71.
    expect(mansfield[11]).toBe(71);
    // Dec 2024: months 13..24 less Feb 2024 (14).
    expect(mansfield[23]).toBe(222 - 14);
    expect(result.columnTotals[23]).toBe(222 - 14 + 2);
    expect(result.rows.every((r) => r.total === null)).toBe(true);
    expect(result.notes).toEqual(['Rolling 12 months are blank until 12 months of data precede the month (the data starts in 2023-01).']);
    const change = runPivot(db, spec({ rows: ['district'], columns: ['month'], measure: 'rolling_12_change', from: '2024-12' }));
    expect(row(change, 'Mansfield')).toEqual([((208 - 71) / 71) * 100]);
    // Gedling's previous 12 months had nothing: no % change.
    expect(row(change, 'Gedling')).toEqual([null]);
  });

  it('a month with no records inside the range is 0 for every listed row; months outside the data are not listed', () => {
    const result = runPivot(db, spec({ rows: ['crime_type'], columns: ['district', 'month'], from: '2022-06', to: '2024-06' }));
    const labels = result.columns.map((c) => c.join(' / '));
    // The data starts in January 2023: nothing from 2022 is listed, though the range asks for it.
    expect(labels[0]).toBe('Gedling / 2023-01');
    expect(labels.filter((l) => l.startsWith('Gedling'))).toHaveLength(18);
    expect(labels.filter((l) => l.startsWith('Mansfield'))).toHaveLength(18);
    expect(labels.at(-1)).toBe('Mansfield / 2024-06');
    expect(labels.includes('Mansfield / 2022-12')).toBe(false);
    const robbery = byColumn(result, 'Robbery');
    expect(robbery['Mansfield / 2023-07']).toBe(0);
    expect(robbery['Mansfield / 2024-02']).toBe(0);
    expect(robbery['Gedling / 2023-01']).toBe(0);
  });

  it('with no records in the selection, a pivot without column fields still has its one value column (CSV header district,value)', () => {
    const empty = runPivot(db, spec({ rows: ['district'], filters: [{ dimension: 'district', values: ['Gedling'] }], from: '2023-01', to: '2023-03' }));
    expect(empty.rows).toEqual([]);
    expect(empty.columns).toEqual([[]]);
    expect(empty.columnCountTotals).toEqual([0]);
    expect(empty.grandCount).toBe(0);
    expect(pivotToCsv(empty, { totals: true })).toBe('district,value,Total\r\nTotal,0,0\r\n');
    expect(pivotToCsv(empty)).toBe('district,value\r\n');
  });

  it('financial year over month lists every month of the range as 0, even in a financial year with no records at all', () => {
    // Gedling has records only in May 2024 (2024/25): 2022/23 and 2023/24 must still be listed, as zeros.
    const columns = runPivot(db, spec({ rows: ['crime_type'], columns: ['fin_year', 'month'], filters: [{ dimension: 'district', values: ['Gedling'] }] }));
    const labels = columns.columns.map((c) => c.join(' / '));
    expect(labels).toHaveLength(24);
    expect(labels[0]).toBe('2022/23 / 2023-01');
    expect(labels[3]).toBe('2023/24 / 2023-04');
    expect(labels.at(-1)).toBe('2024/25 / 2024-12');
    const robbery = byColumn(columns, 'Robbery');
    expect(robbery['2023/24 / 2023-04']).toBe(0);
    expect(robbery['2024/25 / 2024-05']).toBe(2);
    expect(columns.columnCountTotals.reduce((a, b) => a + b, 0)).toBe(2);
    // The same as rows, and with quarters, within --from/--to.
    const rows = runPivot(db, spec({ rows: ['fin_year', 'quarter'], filters: [{ dimension: 'district', values: ['Gedling'] }], from: '2023-02', to: '2024-06' }));
    expect(rows.rows.map((r) => r.key.join(' / '))).toEqual([
      '2022/23 / 2023-Q1',
      '2023/24 / 2023-Q2',
      '2023/24 / 2023-Q3',
      '2023/24 / 2023-Q4',
      '2023/24 / 2024-Q1',
      '2024/25 / 2024-Q2',
    ]);
    expect(rows.rows.map((r) => r.total)).toEqual([0, 0, 0, 0, 0, 2]);
    // A non-period dimension before the periods keeps only its values that have records; each lists every period.
    const nested = runPivot(db, spec({ rows: ['district', 'fin_year', 'month'], from: '2024-02', to: '2024-05' }));
    expect(nested.rows.map((r) => r.key.join(' / '))).toEqual([
      'Gedling / 2023/24 / 2024-02',
      'Gedling / 2023/24 / 2024-03',
      'Gedling / 2024/25 / 2024-04',
      'Gedling / 2024/25 / 2024-05',
      'Mansfield / 2023/24 / 2024-02',
      'Mansfield / 2023/24 / 2024-03',
      'Mansfield / 2024/25 / 2024-04',
      'Mansfield / 2024/25 / 2024-05',
    ]);
  });
});

describe('29 February, day of week and hour', () => {
  it('a leap day is a Thursday in February; days and hours are pivoted and drilled exactly', async () => {
    const db = await workbench([
      {
        name: 'leap.csv',
        text: districtExtract([
          ['28/02/2024 08:30', 'Burglary', 'Ashfield', '', '', 1],
          ['29/02/2024 08:05', 'Burglary', 'Ashfield', '', '', 2],
          ['29/02/2024 23:59', 'Burglary', 'Ashfield', '', '', 1],
          ['01/03/2024', 'Burglary', 'Ashfield', '', '', 3],
          ['29/02/2020 12:00', 'Burglary', 'Ashfield', '', '', 1],
        ]),
      },
    ]);
    expect(dayOfWeek(0)).toBe(3); // 1970-01-01 was a Thursday (Monday = 0)
    expect(dayOfWeek(-1)).toBe(2);
    const days = runPivot(db, spec({ rows: ['day_of_week'], columns: ['month'], from: '2024-02', to: '2024-03' }));
    expect(days.rows.map((r) => [r.key[0], ...r.values])).toEqual([
      ['Wednesday', 1, 0],
      ['Thursday', 3, 0],
      ['Friday', 0, 3],
    ]);
    const all = runPivot(db, spec({ rows: ['day_of_week'] }));
    // 29 Feb 2020 was a Saturday.
    expect(all.rows.map((r) => [r.key[0], r.countTotal])).toEqual([['Wednesday', 1], ['Thursday', 3], ['Friday', 3], ['Saturday', 1]]);
    const hours = runPivot(db, spec({ rows: ['hour'], filters: [{ dimension: 'month', values: ['2024-02'] }] }));
    expect(hours.rows.map((r) => [r.key[0], r.countTotal])).toEqual([['08', 3], ['23', 1]]);
    // A date without a time has no hour.
    const noHour = runPivot(db, spec({ rows: ['hour'], filters: [{ dimension: 'month', values: ['2024-03'] }] }));
    expect(noHour.rows.map((r) => [r.key[0], r.countTotal])).toEqual([['Not recorded', 3]]);
    expect(drillThrough(db, { spec: days.spec, rowKey: ['Thursday'], columnKey: ['2024-02'], offset: 0, limit: 10 }).records.map((r) => r.date)).toEqual([
      '2024-02-29',
      '2024-02-29',
      '2024-02-29',
    ]);
    // Police.uk records have no day: "Not recorded".
    const police = await workbench([
      { name: '2024-01-street.csv', text: 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\nx1,2024-01,N,N,-1.2,53.1,X,E01000001,Mansfield 001A,Burglary,,' },
    ]);
    expect(runPivot(police, spec({ rows: ['day_of_week'] })).rows.map((r) => r.key[0])).toEqual(['Not recorded']);
  });
});

describe('rates per 1,000 by age band', () => {
  let db: Database;
  beforeAll(async () => {
    // Mansfield: single years 0-90 in 2023 (100 people a year of age); Gedling: bands given directly in 2023, but no 65+.
    const singles = ['area_code,area_name,year,age,sex,population'];
    for (let age = 0; age <= 90; age++) {
      singles.push(`E07000174,Mansfield,2023,${age},F,60`);
      singles.push(`E07000174,Mansfield,2023,${age},M,40`);
    }
    const bands = ['area_name,year,age_band,population', 'Gedling,2023,0-17,20000', 'Gedling,2023,18-24,8000', 'Gedling,2023,25-34,10000', 'Gedling,2023,All ages,100000'];
    db = await workbench([
      {
        name: 'victims.csv',
        text: districtExtract([
          ['01/06/2023', 'Burglary', 'Mansfield', '20', '', 7],
          ['01/06/2023', 'Burglary', 'Mansfield', '70', '', 26],
          ['01/06/2023', 'Burglary', 'Mansfield', '', '', 5],
          ['01/06/2023', 'Burglary', 'Gedling', '', '18-24', 4],
          ['01/06/2023', 'Burglary', 'Gedling', '', '65+', 3],
          ['01/06/2023', 'Burglary', 'Bassetlaw', '30', '', 2],
        ]),
      },
      { name: 'mansfield-mid2023.csv', text: singles.join('\n'), kind: 'population' },
      { name: 'gedling-bands.csv', text: bands.join('\n'), kind: 'population' },
    ]);
  });

  it('divides by the population of the band in the district, from single years or bands; Unknown and missing bands are blank with a note', () => {
    const result = runPivot(db, spec({ rows: ['district', 'age_band'], columns: ['year'], measure: 'rate' }));
    const rate = (district: string, band: string): number | null | undefined =>
      result.rows.find((r) => r.key[0] === district && r.key[1] === band)?.values[0];
    // 18-24: 7 ages x 100 people; 65+: ages 65 to 90+ (26 x 100).
    expect(rate('Mansfield', '18-24')).toBeCloseTo((7 / 700) * 1000, 10);
    expect(rate('Mansfield', '65+')).toBeCloseTo((26 / 2600) * 1000, 10);
    expect(rate('Mansfield', 'Unknown')).toBeNull();
    expect(rate('Gedling', '18-24')).toBeCloseTo((4 / 8000) * 1000, 10);
    expect(rate('Gedling', '65+')).toBeNull();
    expect(rate('Bassetlaw', '25-34')).toBeNull();
    // Without age band, the district's records divide by all ages.
    const districts = runPivot(db, spec({ rows: ['district'], columns: ['age_band'], measure: 'rate' }));
    const gedling = districts.rows.find((r) => r.key[0] === 'Gedling');
    expect(gedling?.total).toBeCloseTo((7 / 100_000) * 1000, 10);
    expect(gedling?.values[districts.columns.findIndex((c) => c[0] === '18-24')]).toBeCloseTo((4 / 8000) * 1000, 10);
    expect(result.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unknown age/),
        expect.stringMatching(/Gedling, age band 65\+/),
        // Bassetlaw's row is blank; the Totals across districts leave its records out, saying so.
        expect.stringMatching(/2 records in Bassetlaw are left out of the Totals' rate \(2 of the 47 records shown\): Bassetlaw has no population loaded\./),
      ]),
    );
    // Age band as the column works the same; a band filter narrows the denominator.
    const filtered = runPivot(db, spec({ rows: ['district'], measure: 'rate', filters: [{ dimension: 'age_band', values: ['18-24', '65+'] }] }));
    expect(filtered.rows.find((r) => r.key[0] === 'Mansfield')?.total).toBeCloseTo((33 / 3300) * 1000, 10);
  });
});

describe('rates by a victim age band made of the population file\'s own bands', () => {
  it('adds up bands that tile the victim band exactly (0-9 + 10-17 for 0-17); a band with a gap stays blank with its note', async () => {
    // Ashfield gives 0-9 and 10-17 (together 0-17) but only 65-74 of 65+.
    const bands = ['area_name,year,age_band,population', 'Ashfield,2023,0-9,12000', 'Ashfield,2023,10-17,9000', 'Ashfield,2023,65-74,11000'];
    const db = await workbench([
      {
        name: 'victims.csv',
        text: districtExtract([
          ['01/06/2023', 'Burglary', 'Ashfield', '12', '', 3],
          ['01/06/2023', 'Burglary', 'Ashfield', '70', '', 2],
        ]),
      },
      { name: 'ashfield-bands.csv', text: bands.join('\n'), kind: 'population' },
    ]);
    const result = runPivot(db, spec({ rows: ['district', 'age_band'], columns: ['year'], measure: 'rate' }));
    const rate = (band: string): number | null | undefined => result.rows.find((r) => r.key[0] === 'Ashfield' && r.key[1] === band)?.values[0];
    expect(rate('0-17')).toBeCloseTo((3 / 21_000) * 1000, 10);
    expect(rate('65+')).toBeNull();
    expect(result.notes).toEqual(expect.arrayContaining([expect.stringMatching(/Ashfield, age band 65\+/)]));
    expect(result.notes.some((n) => n.includes('0-17'))).toBe(false);
  });
});

describe('iQuanta measures', () => {
  let db: Database;
  beforeAll(async () => {
    const text = [
      'area,area_type,measure,period,count,rate_per_1000,msg_average,msg_rank,msg_size,msg_lower,msg_upper',
      'Nottinghamshire,Force,All crime,2014-10,5893,5.40,5.12,12,15,4.61,5.63',
      'Nottinghamshire,Force,All crime,2014-11,5000,5.70,5.10,14,15,4.60,5.60',
      'Nottinghamshire,Force,Violence against the person,2014-10,1402,1.28,1.19,11,15,1.02,1.36',
      'Mansfield CSP,CSP,All crime,2014-10,800,7.10,7.40,6,15,7.20,7.60',
      'Mansfield CSP,CSP,All crime,2014-11,700,6.20,6.00,4,15,,',
      'Mansfield CSP,CSP,All crime,12 months to Dec 2014,9000,80.1,70.2,5,15,60,90',
    ].join('\n');
    db = await workbench([{ name: 'iquanta.csv', text, kind: 'iquanta' }]);
  });

  it('value, MSG average, position as text (-1/0/1) and rank as "n of N"; totals blank', () => {
    const base = { rows: ['iq_area', 'iq_measure'], columns: ['month'], filters: [] } satisfies Partial<PivotSpec>;
    const value = runPivot(db, spec({ ...base, measure: 'iq_value' }));
    // A rolling 12-month figure is shown in its last month.
    expect(value.columns).toEqual([['2014-10'], ['2014-11'], ['2014-12']]);
    expect(value.rows.map((r) => [...r.key, ...r.values])).toEqual([
      ['Mansfield CSP', 'All crime', 800, 700, 9000],
      ['Nottinghamshire', 'All crime', 5893, 5000, null],
      ['Nottinghamshire', 'Violence against the person', 1402, null, null],
    ]);
    expect(value.rows.every((r) => r.total === null) && value.columnTotals.every((t) => t === null) && value.grandTotal === null).toBe(true);
    expect(runPivot(db, spec({ ...base, measure: 'iq_msg_average' })).rows[1]?.values).toEqual([5.12, 5.1, null]);
    const position = runPivot(db, spec({ ...base, measure: 'iq_msg_position' }));
    expect(position.rows.map((r) => r.text)).toEqual([
      ['Below', null, 'Within'],
      ['Within', 'Above', null],
      ['Within', null, null],
    ]);
    expect(position.rows.map((r) => r.values)).toEqual([
      [-1, null, 0],
      [0, 1, null],
      [0, null, null],
    ]);
    const rank = runPivot(db, spec({ ...base, measure: 'iq_rank', filters: [{ dimension: 'iq_area', values: ['nottinghamshire'] }] }));
    expect(rank.rows.map((r) => r.text)).toEqual([['12 of 15', '14 of 15'], ['11 of 15', null]]);
    expect(rank.rows[0]?.values).toEqual([12, 14]);
    // Exports show the text, and the notes in their header block.
    const table = pivotExportTable(rank, null, { totals: true });
    expect(table.rows[0]).toEqual(['Nottinghamshire / All crime', '12 of 15', '14 of 15', null]);
    expect(table.rows.at(-1)).toEqual(['Total', null, null, null]);
    const quarter = runPivot(db, spec({ rows: ['iq_area'], columns: ['quarter'], measure: 'iq_rate' }));
    expect(pivotExportTable(quarter, null).header).toEqual(expect.arrayContaining([expect.stringMatching(/^Note: /)]));
  });

  it("sums an area's monthly counts over a longer period, but never across areas, nor its rates over a part year; says why", () => {
    const quarter = runPivot(db, spec({ rows: ['iq_area'], columns: ['quarter'], measure: 'iq_value', filters: [{ dimension: 'iq_measure', values: ['All crime'] }] }));
    // Mansfield's 12 months to December is not part of its fourth quarter.
    expect(quarter.rows.map((r) => [r.key[0], r.values[0]])).toEqual([['Mansfield CSP', 1500], ['Nottinghamshire', 10893]]);
    expect(quarter.notes.join(' ')).toMatch(/shown by month only/);
    const mixed = runPivot(db, spec({ rows: ['iq_measure'], columns: ['month'], measure: 'iq_value' }));
    // October and November hold the force's and Mansfield's figures; December only Mansfield's.
    expect(mixed.rows[0]?.values).toEqual([null, null, 9000]);
    expect(mixed.notes.join(' ')).toMatch(/several iQuanta figures/);
    const rate = runPivot(db, spec({ rows: ['iq_area'], columns: ['year'], measure: 'iq_rate', filters: [{ dimension: 'iq_measure', values: ['All crime'] }] }));
    // The year has October to December only: a part year's summed rate would read as a fall.
    expect(rate.rows.map((r) => r.values[0])).toEqual([null, null]);
    expect(rate.notes.join(' ')).toMatch(/without every month/);
  });

  it('refuses mixing iQuanta and record dimensions, and drill-through into iQuanta figures', () => {
    expect(() => runPivot(db, spec({ rows: ['district'], measure: 'iq_value' }))).toThrow(/iq_area, iq_measure and periods only/);
    expect(() => runPivot(db, spec({ rows: ['iq_area'], measure: 'count' }))).toThrow(/iQuanta dimension/);
    expect(() => drillThrough(db, { spec: spec({ rows: ['iq_area'], measure: 'iq_value' }), rowKey: ['Mansfield CSP'], columnKey: [], offset: 0, limit: 5 })).toThrow(
      /no records behind them/,
    );
  });
});

describe('rates for wards and LSOAs', () => {
  it('are blank with a note, never a ward\'s records over the whole force\'s or district\'s residents', async () => {
    const db = await workbench([
      {
        name: 'wards.csv',
        text: [
          'record_ref,committed_date,crime_type,district,ward,lsoa_code',
          'W1,01/06/2023,Burglary,Mansfield,Portland,E01028350',
          'W2,02/06/2023,Burglary,Mansfield,Portland,E01028350',
          'W3,03/06/2023,Burglary,Mansfield,Oak Tree,E01028300',
        ].join('\n'),
      },
      { name: 'population-2023.csv', text: 'area_code,area_name,year,population\nE07000174,Mansfield,2023,100000', kind: 'population' },
    ]);
    const note = /ward|LSOA/;
    for (const layout of [{ rows: ['ward' as const] }, { rows: ['lsoa' as const] }, { rows: ['district' as const], columns: ['ward' as const] }]) {
      const result = runPivot(db, spec({ ...layout, measure: 'rate' }));
      expect(result.rows.flatMap((r) => [...r.values, r.total]).every((v) => v === null), JSON.stringify(layout)).toBe(true);
      expect(result.grandTotal).toBeNull();
      expect(result.notes.some((n) => note.test(n))).toBe(true);
    }
    // A ward filter would divide the ward's records by the district's residents: blank too.
    const filtered = runPivot(db, spec({ rows: ['district'], measure: 'rate', filters: [{ dimension: 'ward', values: ['Portland'] }] }));
    expect(filtered.rows[0]?.total).toBeNull();
    // The district itself still has its rate.
    const district = runPivot(db, spec({ rows: ['district'], measure: 'rate' }));
    expect(district.rows[0]?.total).toBeCloseTo((3 / 100_000) * 1000, 10);
  });
});
