/**
 * The Flags panel states the same trend verdict as the CLI: a series is
 * rising or falling only when significant after the Benjamini-Hochberg
 * adjustment, and shows its raw p and its q. Generated series: one planted
 * rise, twelve flat ones, one "rising" on its own p-value by chance.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../../electron/cli/load-sqljs';
import { type FlagsResult, type SeriesRequest, runFlags } from '../../../shared/analytics/flags';
import { importFiles } from '../../../shared/import/import-files';
import { createWorkbench } from '../../../shared/workbench';
import { CHANCE_RISE, PLANTED_RISE, trendSeriesCsv } from '../../../tests/helpers/trend-series';
import { CHANCE_SEASONAL, PLANTED_SUMMER, seasonalSeries, seasonalSeriesCsv } from '../../../tests/helpers/seasonal-series';
import { MIN_SEASONALITY_MONTHS } from '../../../shared/analytics/series';
import { decemberDipCsv } from '../../../tests/helpers/december-dip';
import { seriesCharts, spcText, trendText } from './flag-charts';
import { VOLUME_RULE_TEXT, flagItems, noFlagsText, peakText, rowBadges, seriesKey, shortSpanText, untestedItems } from './flag-list';

const request: SeriesRequest = { by: ['crime_type'], filters: [] };
let result: FlagsResult;
/** The seasonal series (set in their describe block). */
let seasons: FlagsResult;

beforeAll(async () => {
  const db = createWorkbench(await loadSqlJs());
  await importFiles(db, [{ name: 'street-trends.csv', bytes: new TextEncoder().encode(trendSeriesCsv()) }], { kind: 'police-uk', now: new Date('2024-06-01T00:00:00Z') });
  result = runFlags(db, request);
});

const indexOf = (crimeType: string): number => result.series.findIndex((s) => s.series.crime_type === crimeType);

describe('trend flags in the Flags panel', () => {
  it('lists only the planted rise as a trend, with its p and q', () => {
    const trends = flagItems(result, request.by).filter((item) => item.kind === 'trend');
    expect(trends.map((item) => item.seriesLabel)).toEqual([PLANTED_RISE]);
    expect(trends[0]?.text).toMatch(new RegExp(`^${PLANTED_RISE}: rising [\\d.]+ records a month, p < 0\\.001, q < 0\\.001$`));
    const badges = rowBadges(result);
    expect(badges.get(seriesKey({ crime_type: PLANTED_RISE }))?.map((b) => b.text)).toContain('rising trend');
    expect(badges.get(seriesKey({ crime_type: CHANCE_RISE }))?.some((b) => b.text.includes('trend')) ?? false).toBe(false);
  });

  it('the trend chart of a series rising only on its raw p-value says no significant trend, with p and q', () => {
    const flag = result.trend[indexOf(CHANCE_RISE)];
    expect(flag?.p_value).toBeLessThan(0.05);
    const charts = seriesCharts(result, indexOf(CHANCE_RISE), CHANCE_RISE);
    if (charts === null) throw new Error('no chart');
    // The series analysed alone calls it rising: the chart must not.
    expect(charts.analysis.trend.direction).toBe('rising');
    const subtitle = trendText(charts, request, null).subtitle;
    expect(subtitle).toContain(`a month (no significant trend, p = ${(flag?.p_value ?? 0).toFixed(3)}, q = ${(flag?.q_value ?? 0).toFixed(3)})`);
    expect(subtitle).not.toContain('rising');

    const planted = seriesCharts(result, indexOf(PLANTED_RISE), PLANTED_RISE);
    if (planted === null) throw new Error('no chart');
    expect(trendText(planted, request, null).subtitle).toContain('a month (rising, p < 0.001, q < 0.001)');
  });
});

describe('seasonality flags in the Flags panel', () => {
  beforeAll(async () => {
    const db = createWorkbench(await loadSqlJs());
    await importFiles(db, [{ name: 'street-seasons.csv', bytes: new TextEncoder().encode(seasonalSeriesCsv()) }], { kind: 'police-uk', now: new Date('2024-06-01T00:00:00Z') });
    seasons = runFlags(db, request);
  });

  it('lists only the planted summer peak as seasonal, with its p and q; the chance one has no badge', () => {
    const items = flagItems(seasons, request.by).filter((item) => item.kind === 'seasonality');
    expect(items.map((item) => item.seriesLabel)).toEqual([PLANTED_SUMMER]);
    expect(items[0]?.text).toMatch(new RegExp(`^${PLANTED_SUMMER}: seasonal, peak Jul \\(index [\\d.]+\\), p < 0\\.001, q < 0\\.001$`));
    const chance = seasons.seasonality.find((f) => f.series.crime_type === CHANCE_SEASONAL);
    expect(chance?.p_value).toBeLessThan(0.05);
    expect(chance?.seasonal).toBe(false);
    const badges = rowBadges(seasons);
    expect(badges.get(seriesKey({ crime_type: PLANTED_SUMMER }))?.map((b) => b.text)).toContain('seasonal, peak Jul');
    expect(badges.get(seriesKey({ crime_type: CHANCE_SEASONAL }))?.some((b) => b.text.includes('seasonal')) ?? false).toBe(false);
  });
});

describe('exceptions in the Flags panel', () => {
  it('shows the limits precisely enough that a count outside them never reads as on them, and the month in words', () => {
    const base = { seasonality: [], trend: [] } satisfies Pick<FlagsResult, 'seasonality' | 'trend'>;
    const exceptions: FlagsResult['exceptions'] = [
      { series: { crime_type: 'Arson' }, seasonally_adjusted: false, exceptions: [{ month: '2020-01', value: 6, expected: 2.26, lower: 0, upper: 5.84, flag: 'high' }] },
      { series: { crime_type: 'Anti-social behaviour' }, seasonally_adjusted: true, exceptions: [{ month: '2021-12', value: 41, expected: 63.8, lower: 42.96, upper: 84.6, flag: 'low' }] },
    ];
    const items = flagItems({ ...result, ...base, exceptions }, request.by);
    expect(items.map((i) => i.text)).toEqual([
      'Anti-social behaviour: exception in Dec 2021: 41 (expected 63.8, limits 43.0–84.6)',
      'Arson: exception in Jan 2020: 6 (expected 2.3, limits 0.0–5.8)',
    ]);
  });
});

describe('sparse series and unknowns in words', () => {
  it('a series with too few records is listed apart with its records and months, never as a flag or a badge', async () => {
    const sparse = { crimeType: 'Arson', months: seasonalSeries()[0]?.months ?? [], counts: Array.from({ length: 36 }, (_, i) => (i === 30 ? 9 : i % 6 === 0 ? 1 : 0)) };
    const db = createWorkbench(await loadSqlJs());
    await importFiles(db, [{ name: 'sparse.csv', bytes: new TextEncoder().encode(trendSeriesCsv([...seasonalSeries(), sparse])) }], { kind: 'police-uk', now: new Date('2024-06-01T00:00:00Z') });
    const run = runFlags(db, request);
    expect(untestedItems(run, request.by).map((u) => u.text)).toEqual(['Arson: too few records to test (14 records over 36 months)']);
    expect(flagItems(run, request.by).filter((item) => item.seriesLabel === 'Arson')).toEqual([]);
    expect(rowBadges(run).has(seriesKey({ crime_type: 'Arson' }))).toBe(false);
    expect(noFlagsText(run)).toBe('No significant seasonality or trend, and no month outside its control limits, across 13 series (1 more with too few records to test).');
    // Everything untested: say so, not "no flags".
    const onlySparse = { ...run, volumes: run.volumes.map((v) => ({ ...v, testable: false })) };
    expect(noFlagsText(onlySparse)).toMatch(/^All 14 series have too few records to test/);
    expect(VOLUME_RULE_TEXT).toContain('at least 2 records a month and records in at least 2 months of every 3');
  });

  it('a seasonal series without indices says the peak month is not estimated, never "?"', () => {
    expect(peakText(null, null)).toBe('peak month not estimated');
    expect(peakText(7, 1.4)).toBe('peak Jul (index 1.40)');
    const flagged = seasons.seasonality.map((f) => (f.significant ? { ...f, peak_month: null, peak_index: null } : f));
    const texts = flagItems({ ...seasons, seasonality: flagged }, request.by).map((i) => i.text);
    expect(texts).toContain(`${PLANTED_SUMMER}: seasonal, peak month not estimated, p < 0.001, q < 0.001`);
    expect([...rowBadges({ ...seasons, seasonality: flagged }).values()].flat().map((b) => b.text)).toContain('seasonal, peak month not estimated');
    expect(texts.join(' ')).not.toContain('?');
  });
});

describe('a span too short to test seasonality', () => {
  async function runOn(months: number): Promise<FlagsResult> {
    const db = createWorkbench(await loadSqlJs());
    await importFiles(db, [{ name: `dip-${months}.csv`, bytes: new TextEncoder().encode(decemberDipCsv(months)) }], { kind: 'police-uk', now: new Date('2026-06-01T00:00:00Z') });
    return runFlags(db, request);
  }

  it('12 months: the notice gives the real thresholds, the December dip is listed, the control chart says seasonality was not tested', async () => {
    const run = await runOn(12);
    expect(shortSpanText(run)).toBe(
      `These series cover 12 months. Seasonality needs at least ${MIN_SEASONALITY_MONTHS} months (two of each calendar month) to test, so it was not tested, and exceptions are judged against a baseline that cannot allow for the season: a December dip may be seasonal.`,
    );
    const items = flagItems(run, request.by);
    expect(items.map((i) => i.text)).toEqual([expect.stringMatching(/^Burglary: exception in Dec 2023: 10 \(expected/)]);
    const charts = seriesCharts(run, 0, 'Burglary');
    if (charts === null) throw new Error('no charts');
    const subtitle = spcText(charts, request, null).subtitle;
    expect(subtitle).toContain(`not adjusted (seasonality not tested: needs ${MIN_SEASONALITY_MONTHS} months, has 12)`);
    expect(subtitle).not.toContain('not seasonal');
  });

  it('36 months: no notice, seasonality tested', async () => {
    const run = await runOn(36);
    expect(shortSpanText(run)).toBeNull();
    expect(run.seasonality[0]?.p_value).not.toBeNull();
  });
});
