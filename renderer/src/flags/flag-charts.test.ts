import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../../electron/cli/load-sqljs';
import { runFlags } from '../../../shared/analytics/flags';
import { PALETTE } from '../../../shared/charts/theme';
import { poissonMonthlySeries } from '../../../shared/generator';
import { importFiles } from '../../../shared/import/import-files';
import { workbenchInfo } from '../../../shared/info';
import { createWorkbench } from '../../../shared/workbench';
import { CHANCE_SEASONAL, PLANTED_SUMMER, seasonalSeriesCsv } from '../../../tests/helpers/seasonal-series';
import { seasonalBuild, seasonalText, seriesCharts, spcBuild, spcText, trendBuild, trendText } from './flag-charts';

describe('flags charts on the workbench theme', () => {
  it('trend, control chart and seasonal heatmap carry the analysis figures, the view text and the source note', async () => {
    const SQL = await loadSqlJs();
    const db = createWorkbench(SQL, new Date('2025-01-01T00:00:00Z'));
    const series = poissonMonthlySeries({ seed: 2, base: 60, seasonalAmplitude: 0.3, peakMonth: 7, trendPerYear: -0.1, months: 48 });
    // One month far out: an exception.
    const counts = series.map((p, i) => (i === 40 ? p.count * 3 : p.count));
    const lines = ['Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'];
    series.forEach((p, i) => {
      for (let k = 0; k < (counts[i] ?? 0); k += 1) lines.push(`b${i}-${k},${p.period},N,N,-1.19,53.14,X,E01028000,Mansfield 001A,Burglary,,`);
    });
    await importFiles(db, [{ name: 'street.csv', bytes: new TextEncoder().encode(lines.join('\n')) }], { kind: 'police-uk', now: new Date('2025-01-02T00:00:00Z') });
    const request = { by: ['crime_type' as const], filters: [{ dimension: 'district' as const, values: ['Mansfield'] }] };
    const result = runFlags(db, request);
    const info = workbenchInfo(db);
    const charts = seriesCharts(result, 0, 'Burglary');
    expect(charts).not.toBeNull();
    if (charts === null) return;

    const text = trendText(charts, request, info);
    expect(text.title).toBe('Burglary: records per month, Sen trend and forecast');
    expect(text.subtitle).toContain('Apr 2019 to Mar 2023');
    expect(text.subtitle).toContain('District: Mansfield');
    expect(text.sourceNote).toBe('Source: street.csv (imported 2 Jan 2025)');
    const trend = trendBuild(charts)(text, 640);
    expect(trend.color).toEqual([...PALETTE]);
    expect(trend.series.find((s) => s.name === 'Records')?.data).toEqual(counts);
    const slope = charts.analysis.trend.slope_per_month ?? Number.NaN;
    const intercept = charts.analysis.trend.intercept ?? Number.NaN;
    const line = trend.series.find((s) => s.name === 'Trend (Sen slope)')?.data as number[];
    expect(line[10]).toBeCloseTo(Math.max(0, intercept + slope * 10), 9);
    expect(trend.series.find((s) => s.name === 'Forecast')?.data.slice(48)).toEqual(result.forecasts[0]?.map((f) => f.mean));
    expect(trend.title[0]?.text).toBe(text.title);

    const spcOption = spcBuild(charts)?.(spcText(charts, request, info), 640);
    const spc = charts.analysis.exceptions;
    expect(spcOption?.series.filter((s) => s.name === 'Control limits').map((s) => s.data)).toEqual([spc?.months.map((m) => m.upper), spc?.months.map((m) => m.lower)]);
    const high = spcOption?.series.find((s) => s.name === 'Exception (high)')?.data ?? [];
    expect(high[40]).toBe(counts[40]);
    expect(spcText(charts, request, info).subtitle).toMatch(/XmR chart, 3-sigma limits.* · [1-9]\d* exceptions?/);

    const rows = result.seasonality.flatMap((f) => (f.indices === null ? [] : [{ label: 'Burglary', indices: f.indices, records: 1 }]));
    const heatmap = seasonalBuild(rows)(seasonalText(rows.length, request, info), 640, 378);
    expect(heatmap.series[0]?.data).toHaveLength(12);
    expect(heatmap.graphic[0]?.style.text).toBe('Source: street.csv (imported 2 Jan 2025)');
  });

  it("a series' charts use the run's adjusted seasonal verdict and say which trend test, limits and forecast model it gives", async () => {
    const SQL = await loadSqlJs();
    const db = createWorkbench(SQL, new Date('2025-01-01T00:00:00Z'));
    await importFiles(db, [{ name: 'street-seasons.csv', bytes: new TextEncoder().encode(seasonalSeriesCsv()) }], { kind: 'police-uk', now: new Date('2025-01-02T00:00:00Z') });
    const request = { by: ['crime_type' as const], filters: [] };
    const result = runFlags(db, request);
    const index = (type: string): number => result.series.findIndex((s) => s.series.crime_type === type);

    const chance = seriesCharts(result, index(CHANCE_SEASONAL), CHANCE_SEASONAL);
    // Raw p below 0.05, not seasonal after adjustment: the chart must not draw it as seasonal.
    expect(chance?.analysis.seasonality.p_value).toBeLessThan(0.05);
    expect(result.seasonality[index(CHANCE_SEASONAL)]?.seasonal).toBe(false);
    expect(chance?.analysis.trend.test).toBe(result.trend[index(CHANCE_SEASONAL)]?.method);
    expect(chance?.analysis.trend.test).toBe('mann-kendall');
    expect(chance?.analysis.exceptions?.seasonally_adjusted).toBe(false);
    expect(chance?.analysis.forecast?.model.method).toBe(result.forecastModels[index(CHANCE_SEASONAL)]);
    expect(chance?.analysis.forecast?.points.map((p) => p.mean)).toEqual(result.forecasts[index(CHANCE_SEASONAL)]?.map((p) => p.mean));
    if (chance === null) return;
    const chanceTrend = trendText(chance, request, null).subtitle;
    expect(chanceTrend).toContain(' · Mann-Kendall test · ');
    expect(chanceTrend).toContain("6-month forecast with 95% band (Holt's linear trend, not seasonal)");
    expect(spcText(chance, request, null).subtitle).toContain('XmR chart, 3-sigma limits not adjusted (not seasonal)');
    // The run's exceptions are the chart's.
    const flagged = (chance.analysis.exceptions?.exceptions ?? []).map((m) => chance.months[m.position]);
    expect(flagged).toEqual(result.exceptions[index(CHANCE_SEASONAL)]?.exceptions.map((e) => e.month));

    const summer = seriesCharts(result, index(PLANTED_SUMMER), PLANTED_SUMMER);
    if (summer === null) throw new Error('no chart');
    expect(trendText(summer, request, null).subtitle).toContain(' · seasonal Mann-Kendall test · ');
    expect(trendText(summer, request, null).subtitle).toContain('6-month forecast with 95% band (seasonal Holt-Winters)');
    expect(spcText(summer, request, null).subtitle).toContain('XmR chart, 3-sigma limits adjusted for seasonality');
  });
});
