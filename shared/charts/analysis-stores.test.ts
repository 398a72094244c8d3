import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import {
  DISTRICT_COLUMNS,
  IQUANTA_COLUMNS,
  IquantaCounter,
  POPULATION_COLUMNS,
  districtCsv,
  generateDistrictRecords,
  iquantaRows,
  objectsToCsv,
  populationRows,
  type GeneratedDistrictRecord,
  type IquantaRow,
  type PopulationRow,
} from '../generator';
import { importFiles } from '../import/import-files';
import { createWorkbench } from '../workbench';
import { setAgeBands } from '../age-bands';
import { ageProfileFromStore } from './age-profile-store';
import { ageProfileChart, iquantaComparisonChart } from './builders';
import { iquantaCatalogue, iquantaFromStore } from './iquanta-store';
import { ageProfileText, iquantaText } from './analysis-chart';

let db: Database;
let records: GeneratedDistrictRecord[];
let population: PopulationRow[];
let iquanta: IquantaRow[];

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const VICTIM_BANDS: [string, number, number][] = [
  ['0-17', 0, 17],
  ['18-24', 18, 24],
  ['25-34', 25, 34],
  ['35-44', 35, 44],
  ['45-54', 45, 54],
  ['55-64', 55, 64],
  ['65+', 65, 200],
];
const bandOf = (age: number): string | undefined => VICTIM_BANDS.find(([, lo, hi]) => age >= lo && age <= hi)?.[0];
const POP_BAND_RANGES: Record<string, [number, number]> = {
  '0-9': [0, 9], '10-17': [10, 17], '18-24': [18, 24], '25-34': [25, 34], '35-44': [35, 44], '45-54': [45, 54], '55-64': [55, 64], '65-74': [65, 74], '75+': [75, 200],
};

beforeAll(async () => {
  const SQL = await loadSqlJs();
  db = createWorkbench(SQL, new Date('2025-01-01T00:00:00Z'));
  records = [...generateDistrictRecords({ seed: 11, records: 12_000 })];
  population = populationRows();
  iquanta = iquantaRows({ seed: 11, counts: new IquantaCounter().addAll(records) });
  await importFiles(
    db,
    [
      { name: 'district-all.csv', bytes: encode(districtCsv(records)) },
      { name: 'population-long.csv', bytes: encode(objectsToCsv(POPULATION_COLUMNS, population)) },
      { name: 'iquanta-long.csv', bytes: encode(objectsToCsv(IQUANTA_COLUMNS, iquanta)) },
    ],
    { now: new Date('2025-01-02T00:00:00Z') },
  );
  expect(DISTRICT_COLUMNS.length).toBeGreaterThan(0);
}, 120_000);

/** Brute force from the generated rows: distinct victim refs (or rows) with a known age per band, one district and months. */
function bruteVictims(filter: (r: GeneratedDistrictRecord) => boolean, distinct: boolean): Map<string, number> {
  const sets = new Map<string, Set<string>>();
  const counts = new Map<string, number>();
  for (const r of records) {
    if (!filter(r) || r.victim_age === null || r.victim_ref === '') continue;
    const band = bandOf(r.victim_age);
    if (band === undefined) continue;
    counts.set(band, (counts.get(band) ?? 0) + 1);
    const set = sets.get(band) ?? new Set<string>();
    set.add(r.victim_ref);
    sets.set(band, set);
  }
  return distinct ? new Map([...sets].map(([band, set]) => [band, set.size])) : counts;
}

function brutePopulation(districts: readonly string[], year: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of population) {
    if (!districts.includes(row.area_name) || row.year !== year) continue;
    const [lo, hi] = POP_BAND_RANGES[row.age_band] ?? [-1, -1];
    const band = VICTIM_BANDS.find(([, a, b]) => lo >= a && hi <= b)?.[0];
    if (band === undefined) throw new Error(`population band ${row.age_band} straddles victim bands`);
    out.set(band, (out.get(band) ?? 0) + row.population);
  }
  return out;
}

describe('age profile from the store', () => {
  it('matches a brute-force count of distinct victims and of records, and the population bands for the year', () => {
    const district = 'Mansfield';
    // 2022: Jan-Dec 2022 committed dates.
    const inScope = (r: GeneratedDistrictRecord): boolean => r.district === district && r.committed_date.slice(6, 10) === '2022';
    for (const count of ['victims', 'records'] as const) {
      const result = ageProfileFromStore(db, { filters: [{ dimension: 'district', values: [district] }], from: '2022-01', to: '2022-12', count });
      expect(result.districts).toEqual([{ name: district, year: 2022 }]);
      expect(result.unmatchedPopulationBands).toEqual([]);
      const victims = bruteVictims(inScope, count === 'victims');
      const people = brutePopulation([district], 2022);
      expect(result.rows.map((r) => r.band)).toEqual(VICTIM_BANDS.map(([b]) => b));
      for (const row of result.rows) {
        expect(row.victims, `${count} ${row.band}`).toBe(victims.get(row.band) ?? 0);
        expect(row.population).toBeCloseTo(people.get(row.band) ?? 0, 6);
      }
      const victimTotal = [...victims.values()].reduce((a, b) => a + b, 0);
      const popTotal = [...people.values()].reduce((a, b) => a + b, 0);
      const young = result.rows.find((r) => r.band === '18-24');
      expect(young?.victim_share).toBeCloseTo((victims.get('18-24') ?? 0) / victimTotal, 9);
      expect(young?.population_share).toBeCloseTo((people.get('18-24') ?? 0) / popTotal, 9);
    }
  });

  it('finds the planted over-representation of 18-24 year-old victims (ratio above 1) force-wide', () => {
    const result = ageProfileFromStore(db, { filters: [], count: 'victims' });
    const young = result.rows.find((r) => r.band === '18-24');
    expect(young?.ratio ?? 0).toBeGreaterThan(1.3);
    // Every district with records is compared, each with its own population.
    expect(result.districts.length).toBe(8);
    expect(result.districts.every((d) => d.year !== null)).toBe(true);
    const option = ageProfileChart(result.rows, { text: { title: 'Victims by age', subtitle: '', sourceNote: '' } });
    const ratio = option.series.find((s) => s.name.startsWith('Ratio'))?.data[1];
    expect(ratio).toBeCloseTo(young?.ratio ?? 0, 9);
  });

  it('says when no population is loaded for the districts', async () => {
    const SQL = await loadSqlJs();
    const bare = createWorkbench(SQL);
    await importFiles(bare, [{ name: 'district.csv', bytes: encode(districtCsv(records.slice(0, 500))) }]);
    expect(() => ageProfileFromStore(bare, { filters: [] })).toThrow(/No population loaded/);
  });
});

describe('iQuanta comparison from the store', () => {
  it('lists areas and measures and gives the area against the MSG average, band and rank, month by month', () => {
    const catalogue = iquantaCatalogue(db);
    expect(catalogue.areas).toContain('Mansfield CSP');
    expect(catalogue.measures).toContain('All crime');
    const result = iquantaFromStore(db, { area: 'Mansfield CSP', measure: 'All crime', from: '2023-04', to: '2024-03' });
    const expected = iquanta.filter((r) => r.area === 'Mansfield CSP' && r.measure === 'All crime' && r.period >= '2023-04' && r.period <= '2024-03');
    expect(result.unit).toBe('rate');
    expect(result.points).toHaveLength(12);
    expect(result.points.map((p) => [p.month, p.value, p.msgAverage, p.msgLower, p.msgUpper, p.rank, p.size])).toEqual(
      expected.map((r) => [r.period, r.rate_per_1000, r.msg_average, r.msg_lower, r.msg_upper, r.msg_rank, r.msg_size]),
    );
    const option = iquantaComparisonChart(result, { text: { title: 'x', subtitle: '', sourceNote: '' } });
    expect(option.series.find((s) => s.name === 'Mansfield CSP')?.data).toEqual(expected.map((r) => r.rate_per_1000));
    expect(option.series.find((s) => s.name === 'MSG average')?.data).toEqual(expected.map((r) => r.msg_average));
    // The band is drawn as lower + (upper - lower) stacked.
    const width = option.series.find((s) => s.name === 'MSG band (average ± 1 SD)')?.data as number[];
    width.forEach((w, i) => expect(w).toBeCloseTo((expected[i]?.msg_upper ?? 0) - (expected[i]?.msg_lower ?? 0), 9));
    const last = expected.at(-1);
    expect(JSON.stringify(option.series)).toContain(`Rank ${last?.msg_rank} of ${last?.msg_size}`);
    expect(iquantaText(result, null).subtitle).toContain(`Mar 2024: ranked ${last?.msg_rank} of ${last?.msg_size} in the most similar group (1 = lowest)`);
  });

  it('names the area and measure when there are no figures', () => {
    expect(() => iquantaFromStore(db, { area: 'Atlantis CSP', measure: 'All crime' })).toThrow(/Atlantis CSP/);
  });
});

describe('age profile when population bands cross the victim bands', () => {
  let banded: Database;
  beforeAll(async () => {
    banded = createWorkbench(await loadSqlJs(), new Date('2025-01-01T00:00:00Z'));
    const few = [...generateDistrictRecords({ seed: 3, records: 1_500, districts: ['Mansfield'] })];
    await importFiles(
      banded,
      [
        { name: 'district-mansfield.csv', bytes: encode(districtCsv(few)) },
        { name: 'population-long.csv', bytes: encode(objectsToCsv(POPULATION_COLUMNS, population)) },
      ],
      { now: new Date('2025-01-02T00:00:00Z') },
    );
  }, 60_000);

  const residents = (bands: readonly string[]): number =>
    population.filter((p) => p.area_name === 'Mansfield' && p.year === 2023 && bands.includes(p.age_band)).reduce((s, p) => s + p.population, 0);

  it('leaves out the victim bands a population band straddles, naming it, rather than dropping its residents from their neighbours', () => {
    // 55-64 in the estimates crosses 25-59 / 60+: neither can be counted; 0-17 and 18-24 can, exactly.
    setAgeBands(banded, [
      { name: '0-17', minAge: 0, maxAge: 17 },
      { name: '18-24', minAge: 18, maxAge: 24 },
      { name: '25-59', minAge: 25, maxAge: 59 },
      { name: '60+', minAge: 60, maxAge: null },
    ]);
    const result = ageProfileFromStore(banded, { filters: [], from: '2023-04', to: '2024-03' });
    expect(result.unmatchedPopulationBands).toEqual(['55-64']);
    expect(result.rows.map((r) => [r.band, r.population])).toEqual([
      ['0-17', residents(['0-9', '10-17'])],
      ['18-24', residents(['18-24'])],
    ]);
    expect(result.rows[1]?.population_share).toBeCloseTo(residents(['18-24']) / residents(['0-9', '10-17', '18-24']), 12);
    expect(ageProfileText(result, null).sourceNote).toBe("Not compared: 25-59, 60+ (the population estimates' band 55-64 crosses their edges).");
  });

  it('refuses when no victim band can be counted, naming the bands that cross', () => {
    setAgeBands(banded, [
      { name: '0-29', minAge: 0, maxAge: 29 },
      { name: '30-59', minAge: 30, maxAge: 59 },
      { name: '60+', minAge: 60, maxAge: null },
    ]);
    expect(() => ageProfileFromStore(banded, { filters: [], from: '2023-04', to: '2024-03' })).toThrow(
      /population estimates' bands 25-34, 55-64 do not fit the victim age bands \(0-29, 30-59, 60\+\): each crosses a band's edge/,
    );
  });
});
