import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { policeUkFiles } from '../../tests/helpers/police-uk-data';
import { CHANCE_RISE, PLANTED_RISE, bruteForceBh, trendSeriesCsv } from '../../tests/helpers/trend-series';
import { CHANCE_SEASONAL, PLANTED_SUMMER, seasonalSeries, seasonalSeriesCsv, seasonalSeriesWithChanceRiseCsv } from '../../tests/helpers/seasonal-series';
import { DIP_COUNT, decemberDipCsv } from '../../tests/helpers/december-dip';
import { importFiles } from '../import/import-files';
import { createWorkbench } from '../workbench';
import { analyseAll, analyseAllAsync, exceptionFlags, forecastFlags, monthlySeries, runFlags, seasonalIndices, seasonalityFlags, trendFlags } from './flags';
import { MIN_SEASONALITY_MONTHS, analyseSeries, decompose, mannKendall, normalCdf } from './series';

let db: Database;
const files = policeUkFiles();

beforeAll(async () => {
  db = createWorkbench(await loadSqlJs());
  await importFiles(db, files.map((path) => ({ name: basename(path), bytes: readFileSync(path) })));
});

/** ASB rows per month, counted from the raw files by a different route. */
function asbByMonth(): number[] {
  return files.map((path) => readFileSync(path, 'utf8').split('\n').filter((line) => line.includes(',Anti-social behaviour,')).length);
}

describe('flags on the real police.uk data: anti-social behaviour', () => {
  const asb = { by: ['crime_type' as const], filters: [{ dimension: 'crime_type' as const, values: ['Anti-social behaviour'] }] };

  it('the series is the 24 covered months, equal to the raw files', () => {
    const [series] = monthlySeries(db, asb);
    expect(series?.months).toHaveLength(24);
    expect(series?.counts).toEqual(asbByMonth());
  });

  it('trend: Mann-Kendall S, p-value and Sen slope agree with a brute-force computation', () => {
    const counts = asbByMonth();
    const [flag] = trendFlags(analyseAll(db, asb));
    const [analysed] = analyseAll(db, asb);
    // The trend test follows the adjusted verdict, not the series' raw one.
    const seasonal = analysed?.analysis.seasonal_verdict.seasonal === true;
    // Brute force, plain Mann-Kendall (the seasonal variant is used only when the series is seasonal).
    let s = 0;
    const slopes: number[] = [];
    for (let i = 0; i < counts.length; i++) {
      for (let j = i + 1; j < counts.length; j++) {
        s += Math.sign((counts[j] ?? 0) - (counts[i] ?? 0));
        slopes.push(((counts[j] ?? 0) - (counts[i] ?? 0)) / (j - i));
      }
    }
    const n = counts.length;
    const variance = (n * (n - 1) * (2 * n + 5)) / 18; // no ties in these counts
    const z = (s - Math.sign(s)) / Math.sqrt(variance);
    const p = 2 * (1 - normalCdf(Math.abs(z)));
    slopes.sort((a, b) => a - b);
    const sen = ((slopes[slopes.length / 2 - 1] ?? 0) + (slopes[slopes.length / 2] ?? 0)) / 2;
    expect(new Set(counts).size).toBe(counts.length);
    // Two years are too few for the month effects to be significant, so the plain test applies.
    expect(seasonal).toBe(false);
    expect(flag?.method).toBe('mann-kendall');
    // What the app reports for ASB, 2023-01 to 2024-12: S = -70, p = 0.087, Sen -25.1 a month, no trend flagged.
    expect(s).toBe(-70);
    expect(flag?.p_value).toBeCloseTo(p, 10);
    expect(flag?.p_value).toBeCloseTo(0.087, 3);
    expect(flag?.sen_slope).toBeCloseTo(sen, 10);
    expect(flag?.direction).toBe('none');
  });

  it('seasonality: a verdict on 24 months, indices with mean 1, the peak where the indices peak', () => {
    const [flag] = seasonalityFlags(analyseAll(db, asb));
    // Reported: not significant (p = 0.133), peak May (index 1.26), trough September (0.74).
    expect(flag?.months).toBe(24);
    expect(flag?.seasonal).toBe(false);
    expect(flag?.p_value).toBeGreaterThan(0.05);
    const indices = flag?.indices ?? [];
    expect(indices).toHaveLength(12);
    expect(indices.reduce((a, b) => a + b, 0) / 12).toBeCloseTo(1, 9);
    expect(indices.indexOf(Math.max(...indices)) + 1).toBe(flag?.peak_month);
    // The raw data says the same: the peak month's two-year total is above the trough month's.
    const counts = asbByMonth();
    const total = (month: number): number => (counts[month - 1] ?? 0) + (counts[month + 11] ?? 0);
    expect(total(flag?.peak_month ?? 1)).toBeGreaterThan(total(flag?.trough_month ?? 1));
  });

  it('exceptions: September 2024 (800 ASB rows against about 2,500) is flagged low; each listed month lies outside its limits', () => {
    const [asbFlag] = exceptionFlags(analyseAll(db, asb));
    expect(asbFlag?.exceptions.map((e) => [e.month, e.value, e.flag])).toContainEqual(['2024-09', 800, 'low']);
    const flags = exceptionFlags(analyseAll(db, { by: ['crime_type'], filters: [] }));
    expect(flags.length).toBe(14);
    for (const f of flags) for (const e of f.exceptions) expect(e.value > e.upper || e.value < e.lower).toBe(true);
  });
});

describe('seasonal indices', () => {
  const peers = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../shared/peers/seasonal/decompose_classical.json'), 'utf8')) as {
    series: { AirPassengers: { values: number[] } };
    cases: { id: string; expected: { figure: number[] } }[];
  };
  const expected = peers.cases.find((c) => c.id === 'AirPassengers_multiplicative')?.expected.figure ?? [];

  it('below 36 months: R decompose(type = "multiplicative") figure, by calendar month', () => {
    // 24 months of AirPassengers starting in April: indices must land on their calendar months.
    const values = peers.series.AirPassengers.values;
    const fromJanuary = seasonalIndices(values.slice(0, 24), 1);
    expect(fromJanuary?.method).toBe('classical');
    const r24 = decompose(values.slice(0, 24), { type: 'multiplicative' }).figure;
    fromJanuary?.indices.forEach((v, m) => expect(v).toBeCloseTo(r24[m] ?? 0, 12));
    const fromApril = seasonalIndices(values.slice(3, 27), 4);
    const r24April = decompose(values.slice(3, 27), { type: 'multiplicative' }).figure;
    expect(fromApril?.indices[3]).toBeCloseTo(r24April[0] ?? 0, 12);
    expect(fromApril?.indices[2]).toBeCloseTo(r24April[11] ?? 0, 12);
  });

  it('from 36 months: STL on the log scale recovers the R multiplicative figure of AirPassengers closely', () => {
    const result = seasonalIndices(peers.series.AirPassengers.values, 1);
    expect(result?.method).toBe('stl');
    expect(expected).toHaveLength(12);
    result?.indices.forEach((v, m) => expect(Math.abs(v - (expected[m] ?? 0))).toBeLessThan(0.03));
    expect((result?.indices.indexOf(Math.max(...(result?.indices ?? []))) ?? -1) + 1).toBe(7);
  });
});

describe('trend direction follows significance after the Benjamini-Hochberg adjustment', () => {
  it('a planted rise is rising and significant; a flat series rising only on its raw p-value is no significant trend', async () => {
    const generated = createWorkbench(await loadSqlJs());
    await importFiles(generated, [{ name: 'street-trends.csv', bytes: new TextEncoder().encode(trendSeriesCsv()) }], { kind: 'police-uk', now: new Date('2024-06-01T00:00:00Z') });
    const flags = trendFlags(analyseAll(generated, { by: ['crime_type'], filters: [] }));
    expect(flags).toHaveLength(13);
    const expectedQ = bruteForceBh(flags.map((f) => f.p_value ?? 1));
    flags.forEach((flag, i) => {
      const name = flag.series.crime_type ?? '';
      expect(flag.q_value, name).toBeCloseTo(expectedQ[i] ?? Number.NaN, 12);
      expect(flag.significant, name).toBe((flag.q_value ?? 1) < 0.05);
      // The one verdict: a direction only when significant after adjustment.
      expect(flag.direction !== 'none', name).toBe(flag.significant);
    });
    const rise = flags.find((f) => f.series.crime_type === PLANTED_RISE);
    expect(rise).toMatchObject({ direction: 'rising', significant: true });
    expect(rise?.q_value).toBeLessThan(0.001);
    expect(rise?.sen_slope).toBeGreaterThan(0.5);
    // Raw p below 0.05 by chance: reported with both p and q, and no direction.
    const chance = flags.find((f) => f.series.crime_type === CHANCE_RISE);
    expect(chance?.p_value).toBeLessThan(0.05);
    expect(chance?.q_value).toBeGreaterThan(0.05);
    expect(chance).toMatchObject({ direction: 'none', significant: false });
    expect(flags.filter((f) => f.significant).map((f) => f.series.crime_type)).toEqual([PLANTED_RISE]);
  });
});

describe('seasonal follows significance after the Benjamini-Hochberg adjustment', () => {
  it('a planted summer peak is seasonal and significant; a flat series seasonal only on its raw p-value is not seasonal', async () => {
    const generated = createWorkbench(await loadSqlJs());
    await importFiles(generated, [{ name: 'street-seasons.csv', bytes: new TextEncoder().encode(seasonalSeriesCsv()) }], { kind: 'police-uk', now: new Date('2024-06-01T00:00:00Z') });
    const flags = seasonalityFlags(analyseAll(generated, { by: ['crime_type'], filters: [] }));
    expect(flags).toHaveLength(13);
    const expectedQ = bruteForceBh(flags.map((f) => f.p_value ?? 1));
    flags.forEach((flag, i) => {
      const name = flag.series.crime_type ?? '';
      expect(flag.q_value, name).toBeCloseTo(expectedQ[i] ?? Number.NaN, 12);
      expect(flag.significant, name).toBe((flag.q_value ?? 1) < 0.05);
      // The one verdict: seasonal only when significant after adjustment.
      expect(flag.seasonal, name).toBe(flag.significant);
    });
    const summer = flags.find((f) => f.series.crime_type === PLANTED_SUMMER);
    expect(summer).toMatchObject({ seasonal: true, significant: true, peak_month: 7 });
    expect(summer?.q_value).toBeLessThan(0.001);
    const chance = flags.find((f) => f.series.crime_type === CHANCE_SEASONAL);
    expect(chance?.p_value).toBeLessThan(0.05);
    expect(chance?.q_value).toBeGreaterThan(0.05);
    expect(chance).toMatchObject({ seasonal: false, significant: false });
    expect(flags.filter((f) => f.seasonal === true).map((f) => f.series.crime_type)).toEqual([PLANTED_SUMMER]);
  });
});

async function workbenchOf(name: string, csv: string): Promise<Database> {
  const generated = createWorkbench(await loadSqlJs());
  await importFiles(generated, [{ name, bytes: new TextEncoder().encode(csv) }], { kind: 'police-uk', now: new Date('2024-06-01T00:00:00Z') });
  return generated;
}

describe('trend test, control chart and forecast follow the adjusted seasonal verdict', () => {
  const request = { by: ['crime_type' as const], filters: [] };

  it('a series raw-seasonal by chance (p < 0.05, q > 0.05) is not seasonal and gets the plain methods; the planted summer peak keeps the seasonal ones', async () => {
    const generated = await workbenchOf('street-seasons.csv', seasonalSeriesCsv());
    const analysed = analyseAll(generated, request);
    const seasons = seasonalityFlags(analysed);
    const trends = trendFlags(analysed);
    const exceptions = exceptionFlags(analysed);
    const forecasts = forecastFlags(analysed);
    const at = (type: string): number => seasons.findIndex((f) => f.series.crime_type === type);
    const chance = at(CHANCE_SEASONAL);
    expect(seasons[chance]?.p_value).toBeLessThan(0.05);
    expect(seasons[chance]?.q_value).toBeGreaterThan(0.05);
    expect(seasons[chance]).toMatchObject({ seasonal: false, series_tested: 13 });
    expect(trends[chance]?.method).toBe('mann-kendall');
    expect(exceptions[chance]?.seasonally_adjusted).toBe(false);
    expect(forecasts[chance]).toMatchObject({ model: 'holt-linear', seasonal: false });
    // The plain test on the raw counts, independently.
    const counts = analysed[chance]?.counts ?? [];
    expect(trends[chance]?.p_value).toBe(mannKendall(counts).p);

    const summer = at(PLANTED_SUMMER);
    expect(seasons[summer]).toMatchObject({ seasonal: true, peak_month: 7 });
    expect(trends[summer]?.method).toBe('seasonal-mann-kendall');
    expect(exceptions[summer]?.seasonally_adjusted).toBe(true);
    expect(forecasts[summer]).toMatchObject({ model: 'holt-winters-additive', seasonal: true });

    // One verdict per series, whatever the kind.
    seasons.forEach((season, i) => {
      const seasonal = season.seasonal === true;
      expect(trends[i]?.method, season.series.crime_type).toBe(seasonal ? 'seasonal-mann-kendall' : 'mann-kendall');
      expect(exceptions[i]?.seasonally_adjusted, season.series.crime_type).toBe(seasonal);
      expect(forecasts[i]?.model, season.series.crime_type).toBe(seasonal ? 'holt-winters-additive' : 'holt-linear');
    });

    // The Flags panel's result (worker path) says the same, forecast models included.
    const flags = runFlags(generated, request);
    expect(flags.seasonality).toEqual(seasons);
    expect(flags.trend).toEqual(trends);
    expect(flags.forecastModels).toEqual(forecasts.map((f) => f.model));
    expect(flags.forecasts).toEqual(forecasts.map((f) => f.forecast));
    expect(await analyseAllAsync(generated, request)).toEqual(analysed);
  });

  it('a request that covers one series is a set of one: q = p, and the chance series is then seasonal with the seasonal methods', async () => {
    const generated = await workbenchOf('street-seasons.csv', seasonalSeriesCsv());
    const only = { by: ['crime_type' as const], filters: [{ dimension: 'crime_type' as const, values: [CHANCE_SEASONAL] }] };
    const analysed = analyseAll(generated, only);
    const [season] = seasonalityFlags(analysed);
    expect(season).toMatchObject({ seasonal: true, series_tested: 1 });
    expect(season?.q_value).toBe(season?.p_value);
    expect(trendFlags(analysed)[0]?.method).toBe('seasonal-mann-kendall');
    expect(exceptionFlags(analysed)[0]?.seasonally_adjusted).toBe(true);
    expect(forecastFlags(analysed)[0]?.model).toBe('holt-winters-additive');
    // As the series core gives for the series on its own.
    const series = analysed[0];
    expect(series?.analysis).toEqual(analyseSeries(series?.counts ?? [], { startMonth: 4 }));
  });

  it('the e2e variant: the chance series also rises, is listed rising by plain Mann-Kendall, and stays not seasonal', async () => {
    const generated = await workbenchOf('street-seasons-rise.csv', seasonalSeriesWithChanceRiseCsv());
    const flags = runFlags(generated, request);
    const chance = flags.seasonality.findIndex((f) => f.series.crime_type === CHANCE_SEASONAL);
    expect(flags.seasonality[chance]?.p_value).toBeLessThan(0.05);
    expect(flags.seasonality[chance]?.q_value).toBeGreaterThan(0.05);
    expect(flags.seasonality[chance]?.seasonal).toBe(false);
    expect(flags.trend[chance]).toMatchObject({ direction: 'rising', significant: true, method: 'mann-kendall' });
    expect(flags.exceptions[chance]?.seasonally_adjusted).toBe(false);
    expect(flags.forecastModels[chance]).toBe('holt-linear');
    expect(flags.seasonality.filter((f) => f.seasonal === true).map((f) => f.series.crime_type)).toEqual([PLANTED_SUMMER]);
  });
});

describe('series with too few records are listed, not tested', () => {
  const request = { by: ['crime_type' as const], filters: [] };

  it('on the real police.uk data by district: Wyre and Lancaster are untested, out of the adjustment, with no flag of any kind', () => {
    const result = runFlags(db, { by: ['district'], filters: [] });
    const at = (district: string): number => result.series.findIndex((s) => s.series.district === district);
    // Wyre: 36 records, 32 of them in December 2024; Lancaster: 106, in 3 of the 24 months.
    for (const [district, records] of [
      ['Wyre', 36],
      ['Lancaster', 106],
    ] as const) {
      const i = at(district);
      const reason = `too few records to test (${records} records over 24 months)`;
      expect(result.volumes[i]).toMatchObject({ records, months: 24, testable: false, reason });
      expect(result.seasonality[i]).toMatchObject({ seasonal: null, significant: false, p_value: null, peak_month: null, indices: null, reason });
      expect(result.trend[i]).toMatchObject({ direction: 'none', significant: false, p_value: null, reason });
      expect(result.exceptions[i]).toMatchObject({ exceptions: [], reason });
      expect(result.forecastModels[i]).toBeNull();
    }
    // The eight Nottinghamshire districts, thousands of records each, are all tested.
    const tested = result.volumes.filter((v) => v.testable).length;
    for (const district of ['Ashfield', 'Bassetlaw', 'Broxtowe', 'Gedling', 'Mansfield', 'Newark and Sherwood', 'Nottingham City', 'Rushcliffe']) {
      expect(result.volumes[at(district)]?.testable, district).toBe(true);
    }
    // The adjustment runs over the tested series only.
    expect(result.seasonality.every((f) => f.series_tested === tested)).toBe(true);
    expect(tested).toBeLessThan(20);
    expect(result.series.length).toBeGreaterThan(150);
    // Every exception left is a sizeable count, and untested series have none.
    result.exceptions.forEach((flag, i) => {
      if (!(result.volumes[i]?.testable ?? false)) expect(flag.exceptions).toEqual([]);
      for (const e of flag.exceptions) expect(e.flag === 'low' || e.value >= 5).toBe(true);
    });
  });

  it('a sparse series beside the planted summer peak is untested, and the peak is still found with the same verdicts for the rest', async () => {
    const sparse = { crimeType: 'Arson', months: seasonalSeries()[0]?.months ?? [], counts: Array.from({ length: 36 }, (_, i) => (i % 12 === 9 ? 4 : i % 7 === 0 ? 1 : 0)) };
    const withSparse = await workbenchOf('street-seasons-sparse.csv', trendSeriesCsv([...seasonalSeries(), sparse]));
    const plain = await workbenchOf('street-seasons.csv', seasonalSeriesCsv());
    const flags = seasonalityFlags(analyseAll(withSparse, request));
    const arson = flags.find((f) => f.series.crime_type === 'Arson');
    expect(arson).toMatchObject({ seasonal: null, reason: 'too few records to test (17 records over 36 months)' });
    // Still 13 series tested: the sparse one changes no q-value.
    const without = seasonalityFlags(analyseAll(plain, request));
    expect(flags.filter((f) => f.series.crime_type !== 'Arson')).toEqual(without);
    expect(flags.find((f) => f.series.crime_type === PLANTED_SUMMER)).toMatchObject({ seasonal: true, peak_month: 7, series_tested: 13 });
  });
});

describe('a span too short to test seasonality (12 months with a planted December dip)', () => {
  const request = { by: ['crime_type' as const], filters: [] };

  it('seasonality reads "not tested: needs 24 months, has 12", and the December dip is an exception against flat limits that say so', async () => {
    const short = await workbenchOf('street-dip-12.csv', decemberDipCsv(12));
    const analysed = analyseAll(short, request);
    const [seasonality] = seasonalityFlags(analysed);
    expect(seasonality?.months).toBe(12);
    expect(seasonality?.seasonal).toBeNull();
    expect(seasonality?.reason).toBe(`not tested: needs ${MIN_SEASONALITY_MONTHS} months, has 12`);
    const [exceptions] = exceptionFlags(analysed);
    expect(exceptions?.seasonally_adjusted).toBe(false);
    expect(exceptions?.exceptions.map((e) => [e.month, e.flag, e.value])).toEqual([['2023-12', 'low', DIP_COUNT]]);
    expect(exceptions?.baseline_note).toBe(
      `limits not adjusted for seasonality: seasonality not tested: needs ${MIN_SEASONALITY_MONTHS} months, has 12, so a seasonal month (e.g. a December dip) can read as an exception`,
    );
    expect(runFlags(short, request).shortSpan).toEqual({ months: 12, needs: MIN_SEASONALITY_MONTHS });
  });

  it('36 months of the same series are tested: a p-value, no short-span reason or note', async () => {
    const long = await workbenchOf('street-dip-36.csv', decemberDipCsv(36));
    const analysed = analyseAll(long, request);
    const [seasonality] = seasonalityFlags(analysed);
    expect(seasonality?.months).toBe(36);
    expect(seasonality?.p_value).not.toBeNull();
    expect(seasonality?.seasonal).not.toBeNull();
    expect(seasonality?.reason).toBeUndefined();
    expect(exceptionFlags(analysed)[0]?.baseline_note).toBeUndefined();
    expect(runFlags(long, request).shortSpan).toBeNull();
  });
});
