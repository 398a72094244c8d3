import { describe, expect, it } from 'vitest';
import type { WorkbenchInfo } from '../info';
import { PERSON_YEARS_NOTE } from '../pivot/population';
import type { PivotResult } from '../pivot/run-pivot';
import {
  ageDisproportion,
  ageProfileChart,
  barChart,
  describeAgeRow,
  MIN_HEATMAP_ROW,
  heatmapChart,
  heatmapFromPivot,
  heatmapRowsThatFit,
  iquantaChart,
  iquantaComparisonChart,
  knoxChart,
  seasonalHeatmap,
  senLine,
  spcChart,
  spcFromExceptions,
  SURVEY_TARGETS,
  surveyChart,
  surveyChartRows,
  trendChart,
} from './builders';
import { chartTable } from './chart-table';
import { textWidth } from './text-metrics';
import { dayLabel, sourceNote, surveyChartText, viewChartText, withText } from './text';
import { type ChartOption, DIVERGING, FONT_FAMILY, PALETTE, SEQUENTIAL, chartSize } from './theme';
import { viewChart } from './view-chart';

const text = { title: 'T', subtitle: 'Jan 2023 to Dec 2024 · District: Mansfield', sourceNote: 'Source: x.csv (imported 2025-01-02)' };

function seriesData(option: ChartOption, name: string): unknown[] {
  const series = option.series.find((s) => s.name === name);
  expect(series, `series ${name}`).toBeDefined();
  return series?.data ?? [];
}

const info: WorkbenchInfo = {
  schemaVersion: 1,
  appVersion: '0.1.0',
  workbenchId: 'w',
  createdAt: '2025-01-01',
  modifiedAt: '2025-01-01',
  records: 10,
  sources: {},
  imports: [
    { id: 1, file: '2024-01-street.csv', size: 1, sha256: 'a'.repeat(64), kind: 'police-uk', read: 5, accepted: 5, rejected: 0, duplicate: 0, updated: 0, at: '2025-02-03T10:00:00Z', records: 5, restorable: 0, values: 0 },
    { id: 2, file: 'respect.csv', size: 1, sha256: 'b'.repeat(64), kind: 'respect', read: 5, accepted: 5, rejected: 0, duplicate: 0, updated: 0, at: '2025-02-04T10:00:00Z', records: 0, restorable: 0, values: 5 },
  ],
  dateRange: { from: '2023-01', to: '2024-12' },
  aggregates: { iquantaValues: 0, surveyRespondents: 5, populationRows: 0 }, isSynthetic: false, description: null,
};

const pivot: PivotResult = {
  spec: { rows: ['district'], columns: ['crime_type'], measure: 'count', filters: [{ dimension: 'crime_type', values: ['Burglary', 'Robbery'] }], from: '2024-01', to: '2024-06' },
  columns: [['Burglary'], ['Robbery']],
  rows: [
    { key: ['Ashfield'], values: [12, 3], total: 15, counts: [12, 3], countTotal: 15 },
    { key: ['Mansfield'], values: [20, 7], total: 27, counts: [20, 7], countTotal: 27 },
  ],
  columnTotals: [32, 10],
  grandTotal: 42,
  columnCountTotals: [32, 10],
  grandCount: 42,
  notes: [],
};

describe('theme', () => {
  it('one palette (Okabe-Ito), white background, Source Sans 3, title / subtitle / source note', () => {
    const option = barChart(pivot, { text, mode: 'grouped' });
    expect(option.backgroundColor).toBe('#FFFFFF');
    expect(option.color).toEqual([...PALETTE]);
    expect(option.textStyle.fontFamily).toBe(FONT_FAMILY);
    expect(FONT_FAMILY.startsWith("'Source Sans 3'")).toBe(true);
    expect(option.title[0]).toMatchObject({ text: 'T', subtext: text.subtitle });
    expect(option.graphic[0]?.style.text).toBe(text.sourceNote);
    expect(option.graphic[0]).toMatchObject({ left: 12, bottom: 6 });
    // No functions anywhere: the option survives JSON (worker messages, saved settings).
    expect(JSON.parse(JSON.stringify(option))).toEqual(option);
  });

  it('size presets: A4 170 x 100 mm and half 80 x 70 mm at 300 dpi, slide 1600 x 900', () => {
    expect(chartSize('a4')).toMatchObject({ pixelWidth: 2008, pixelHeight: 1181, widthMm: 170, heightMm: 100 });
    expect(chartSize('half')).toMatchObject({ pixelWidth: 945, pixelHeight: 827 });
    expect(chartSize('slide')).toMatchObject({ pixelWidth: 1600, pixelHeight: 900 });
    // Laid out at 96 dpi so a 12 px label prints at 9 pt.
    expect(chartSize('a4').width).toBeCloseTo((170 / 25.4) * 96, 0);
  });

  it('text from the view: measure, period and filters in the subtitle; record extracts in the note; edits win', () => {
    const t = viewChartText(pivot.spec, info, 'Burglary and robbery');
    expect(t.title).toBe('Burglary and robbery');
    expect(t.subtitle).toBe('Count, Jan 2024 to Jun 2024 · Crime type: Burglary or Robbery');
    expect(t.sourceNote).toBe('Source: 2024-01-street.csv (imported 3 Feb 2025)');
    expect(sourceNote(info)).toContain('respect.csv');
    // Past three files each kind is counted, in words: one file is "1 ... extract".
    const imports = [1, 2, 3, 4].map((id) => ({ ...info.imports[0]!, id, file: `2024-0${id}-street.csv` }));
    const many: WorkbenchInfo = { ...info, imports: [...imports, { ...info.imports[1]!, id: 5 }] };
    expect(sourceNote(many)).toBe('Source: 4 police.uk street-level files (last imported 3 Feb 2025); 1 Respect Survey extract (imported 4 Feb 2025); records Jan 2023 to Dec 2024');
    expect(dayLabel('2025-12-01T23:59:00.000Z')).toBe('1 Dec 2025');
    expect(dayLabel('not a date')).toBe('not a date');
    expect(viewChartText({ ...pivot.spec, from: undefined, to: undefined }, info).subtitle).toContain('Jan 2023 to Dec 2024');
    expect(withText(t, { title: 'Edited', subtitle: undefined })).toEqual({ ...t, title: 'Edited' });
    const option = viewChart({ name: 'Burglary and robbery', chart: 'bar', result: pivot, info, text: { sourceNote: 'Source: edited' } });
    expect(option?.graphic[0]?.style.text).toBe('Source: edited');
    expect(option?.title[0]?.subtext).toContain('Jan 2024 to Jun 2024');
    expect(viewChart({ name: 'x', chart: 'table', result: pivot, info })).toBeNull();
  });

  it("a view chart's source note carries the pivot's notes after the sources, so a chart pasted on its own says why a rate is blank; edits still win", () => {
    const noted = { ...pivot, notes: ['No population loaded: rates per 1,000 need population estimates for the districts and years shown.'] };
    expect(viewChartText(noted.spec, info, 'x', noted.notes).sourceNote).toBe(
      'Source: 2024-01-street.csv (imported 3 Feb 2025). No population loaded: rates per 1,000 need population estimates for the districts and years shown.',
    );
    expect(viewChart({ name: 'x', chart: 'bar', result: noted, info })?.graphic[0]?.style.text).toContain('No population loaded');
    expect(viewChart({ name: 'x', chart: 'bar', result: noted, info, text: { sourceNote: 'Source: edited' } })?.graphic[0]?.style.text).toBe('Source: edited');
    // The note on totals across periods is not a chart's: it draws no Total.
    const withTotals = { ...pivot, notes: [PERSON_YEARS_NOTE] };
    expect(viewChart({ name: 'x', chart: 'bar', result: withTotals, info })?.graphic[0]?.style.text).toBe('Source: 2024-01-street.csv (imported 3 Feb 2025)');
    // Without notes the note is the sources alone, as before.
    expect(viewChart({ name: 'x', chart: 'bar', result: pivot, info })?.graphic[0]?.style.text).toBe('Source: 2024-01-street.csv (imported 3 Feb 2025)');
  });
});

describe('builders carry the input numbers', () => {
  it('trend: the monthly series, a Sen line with the given slope, the forecast band', () => {
    const months = ['2024-01', '2024-02', '2024-03', '2024-04'];
    const values = [10, 12, null, 15];
    const option = trendChart({ months, values, name: 'Burglary', senSlope: 1.5, forecast: [{ month: '2024-05', mean: 16, lower: 12, upper: 21 }], text });
    expect(seriesData(option, 'Burglary')).toEqual(values);
    const line = seriesData(option, 'Trend (Sen slope)') as number[];
    expect((line[3] ?? 0) - (line[0] ?? 0)).toBeCloseTo(4.5, 12);
    // Intercept: median of 10 - 0, 12 - 1.5, 15 - 4.5 = 10.5.
    expect(line[0]).toBeCloseTo(10.5, 12);
    expect(senLine([1, 2, 3], 1)).toEqual([1, 2, 3]);
    expect(seriesData(option, 'Forecast')).toEqual([null, null, null, null, 16]);
    expect(seriesData(option, 'Forecast lower')).toEqual([null, null, null, null, 12]);
    expect(seriesData(option, 'Forecast interval')).toEqual([null, null, null, null, 9]);
    expect((option.xAxis as { data: string[] }).data).toEqual(['Jan 2024', 'Feb 2024', 'Mar 2024', 'Apr 2024', 'May 2024']);
    expect(option.title[0]?.subtext).toContain('District: Mansfield');
  });

  it('bars by district: one series per column, stacked or grouped', () => {
    const stacked = barChart(pivot, { text, mode: 'stacked' });
    expect((stacked.xAxis as { data: string[] }).data).toEqual(['Ashfield', 'Mansfield']);
    expect(seriesData(stacked, 'Burglary')).toEqual([12, 20]);
    expect(seriesData(stacked, 'Robbery')).toEqual([3, 7]);
    expect(stacked.series.every((s) => s.stack === 'total')).toBe(true);
    expect(barChart(pivot, { text, mode: 'grouped' }).series.some((s) => 'stack' in s)).toBe(false);
  });

  it("a rate's bars carry each district's 95% limits and a line at the Total's rate; a withheld bar has no whisker", () => {
    const rates: PivotResult = {
      spec: { rows: ['district'], columns: [], measure: 'rate', filters: [] },
      columns: [[]],
      rows: [
        { key: ['Ashfield'], values: [100], total: 100, counts: [100], countTotal: 100, intervals: [{ lower: 81.4, upper: 121.6, method: 'byars', count: 100, persons: 1000 }] },
        { key: ['Gedling'], values: [null], total: null, counts: [3], countTotal: 3, intervals: [{ lower: 0.6, upper: 8.8, method: 'exact', count: 3, persons: 1000 }] },
        { key: ['Mansfield'], values: [400], total: 400, counts: [400], countTotal: 400, intervals: [{ lower: 361.8, upper: 441.2, method: 'byars', count: 400, persons: 1000 }] },
      ],
      columnTotals: [173.3],
      grandTotal: 173.3,
      columnCountTotals: [503],
      grandCount: 503,
      notes: [],
    };
    const option = barChart(rates, { text, mode: 'grouped' });
    expect(seriesData(option, 'Lower 95% limit')).toEqual([81.4, null, 361.8]);
    expect(seriesData(option, 'Upper 95% limit')).toEqual([121.6, null, 441.2]);
    const whiskers = option.series.find((s) => s.name === 'Upper 95% limit')?.markLine as { data: unknown[] } | undefined;
    expect(whiskers?.data).toEqual([
      [{ coord: [0, 81.4] }, { coord: [0, 121.6] }],
      [{ coord: [2, 361.8] }, { coord: [2, 441.2] }],
    ]);
    const total = option.series.find((s) => s.type === 'bar')?.markLine as { data: { yAxis: number }[]; label: { formatter: string } } | undefined;
    expect(total?.data).toEqual([{ yAxis: 173.3, name: 'Total' }]);
    expect(total?.label.formatter).toBe('Total 173.3');
    // The chart's data table gives the limits beside each bar.
    expect(chartTable(option)?.columns).toEqual(['Category', 'Rate per 1,000 population', 'Lower 95% limit', 'Upper 95% limit']);
    // Counts, and rates split across columns, draw plain bars.
    expect(barChart(pivot, { text, mode: 'grouped' }).series.every((s) => s.type === 'bar')).toBe(true);
    const split = barChart({ ...rates, spec: { ...rates.spec, columns: ['fin_year'] }, columns: [['2023/24']] }, { text, mode: 'grouped' });
    expect(split.series.every((s) => s.type === 'bar' && s.markLine === undefined)).toBe(true);
  });

  it('heatmap: counts on a sequential scale; seasonal indices on a diverging scale centred on 1', () => {
    const counts = heatmapChart({ text, rows: ['Burglary', 'Robbery'], columns: ['Jan', 'Feb'], values: [[5, 7], [null, 2]], scale: 'counts' });
    expect((counts.series[0]?.data as { value: number[] }[]).map((d) => d.value)).toEqual([
      [0, 0, 5],
      [1, 0, 7],
      [1, 1, 2],
    ]);
    const indices = Array.from({ length: 12 }, (_, i) => 1 + (i - 5.5) / 20);
    const seasonal = seasonalHeatmap([{ series: { crime_type: 'Burglary' }, indices }, { series: { crime_type: 'Robbery' }, indices: null }], { text });
    const visualMap = seasonal.visualMap as { min: number; max: number; inRange: { color: string[] } };
    expect((visualMap.min + visualMap.max) / 2).toBeCloseTo(1, 12);
    expect(visualMap.inRange.color).toEqual([...DIVERGING]);
    expect((seasonal.series[0]?.data as { value: number[] }[]).map((d) => d.value[2])).toEqual(indices);
    expect((seasonal.yAxis as { data: string[] }).data).toEqual(['Burglary']);
  });

  it('a pivot heatmap of changes is centred on no change: falls and rises either side, not every fall painted as nought', () => {
    const changes: PivotResult = {
      ...pivot,
      spec: { ...pivot.spec, columns: ['month'], measure: 'change_prev' },
      columns: [['2024-02'], ['2024-03']],
      rows: [
        { key: ['Ashfield'], values: [-40, 12.5], total: null, counts: [3, 9], countTotal: 12 },
        { key: ['Mansfield'], values: [5, null], total: null, counts: [20, 0], countTotal: 20 },
      ],
    };
    const option = heatmapFromPivot(changes, { text });
    const visualMap = option.visualMap as { min: number; max: number; text: string[]; inRange: { color: string[] } };
    expect([visualMap.min, visualMap.max]).toEqual([-40, 40]);
    expect(visualMap.text).toEqual(['+40.0%', '-40.0%']);
    expect(visualMap.inRange.color).toEqual([...DIVERGING]);
    expect(option.series[0]?.name).toBe('% change on previous period');
    // A small rate (per 1,000 in a month) tops its own scale rather than a scale to 1.
    const rates = heatmapFromPivot({ ...pivot, spec: { ...pivot.spec, measure: 'rate' }, rows: pivot.rows.map((r, i) => ({ ...r, values: [0.12 * (i + 1), 0.05] })) }, { text });
    const rateMap = rates.visualMap as { min: number; max: number; text: string[]; inRange: { color: string[] } };
    expect([rateMap.min, rateMap.max]).toEqual([0, 0.24]);
    expect(rateMap.text).toEqual(['0.2', '0.0']);
    expect(rateMap.inRange.color).toEqual([...SEQUENTIAL]);
  });

  it('victims by age against population: shares, ratio and the sentence', () => {
    const rows = ageDisproportion(['0-17', '18-24', '25-34', 'Unknown'], [30, 220, 750, 40], [200, 190, 610, 0]);
    expect(rows.map((r) => r.band)).toEqual(['0-17', '18-24', '25-34']);
    expect(rows[1]?.victim_share).toBeCloseTo(0.22, 12);
    expect(rows[1]?.population_share).toBeCloseTo(0.19, 12);
    expect(rows[1]?.ratio).toBeCloseTo(0.22 / 0.19, 12);
    expect(describeAgeRow(rows[1]!)).toBe('18-24 are 22% of victims against 19% of the population (1.16 times their share)');
    const option = ageProfileChart(rows, { text });
    expect(seriesData(option, 'Victims (% of victims)')).toEqual(rows.map((r) => r.victim_share * 100));
    expect(seriesData(option, 'Population (% of residents)')).toEqual(rows.map((r) => r.population_share * 100));
    expect(seriesData(option, 'Ratio (victim share / population share)')).toEqual(rows.map((r) => r.ratio));
  });

  it('SPC: values, expected, limits, and exceptions marked where flagged', () => {
    const input = spcFromExceptions(['2024-01', '2024-02', '2024-03'], {
      months: [
        { position: 0, value: 10, expected: 11, lower: 5, upper: 17, flag: null },
        { position: 1, value: 25, expected: 11, lower: 5, upper: 17, flag: 'high' },
        { position: 2, value: 2, expected: 11, lower: 5, upper: 17, flag: 'low' },
      ],
    });
    const option = spcChart({ ...input, name: 'Burglary', text });
    expect(seriesData(option, 'Burglary')).toEqual([10, 25, 2]);
    expect(seriesData(option, 'Expected')).toEqual([11, 11, 11]);
    const limits = option.series.filter((x) => x.name === 'Control limits').map((x) => x.data);
    expect(limits).toEqual([
      [17, 17, 17],
      [5, 5, 5],
    ]);
    expect(seriesData(option, 'Exception (high)')).toEqual([null, 25, null]);
    expect(seriesData(option, 'Exception (low)')).toEqual([null, null, 2]);
  });

  it('Knox grid: ratios by space and time band, significant cells starred, undefined cells left out', () => {
    const option = knoxChart({
      text,
      spaceLabels: ['[0, 100)', '[100, 200)'],
      timeLabels: ['[0, 7)', '[7, 14)'],
      knoxRatio: [[1.8, 1.1], [Number.NaN, 0.9]],
      pValue: [[0.001, 0.3], [1, 0.7]],
      significant: [[true, false], [false, false]],
    });
    const data = option.series[0]?.data as { value: number[]; label: { formatter: string } }[];
    expect(data.map((d) => d.value)).toEqual([
      [0, 0, 1.8],
      [1, 0, 1.1],
      [1, 1, 0.9],
    ]);
    expect(data.map((d) => d.label.formatter)).toEqual(['1.80*', '1.10', '0.90']);
  });

  it('iQuanta: the area among its group, MSG average line and band, rank in the text', () => {
    const option = iquantaChart({
      text: { ...text, subtitle: 'Rolling 12 months to Dec 2024 · ranked 3 of 15 in the most similar group' },
      area: 'Mansfield',
      values: [
        { area: 'Mansfield', value: 12.5 },
        { area: 'Peer A', value: 9.1 },
        { area: 'Peer B', value: 14.2 },
      ],
      msgAverage: 11.3,
      msgLower: 9.8,
      msgUpper: 12.9,
      rank: 3,
      size: 15,
      measureLabel: 'Crimes per 1,000',
    });
    const bars = option.series[0] as unknown as { data: { value: number }[]; markLine: { data: { yAxis: number }[] }; markArea: { data: { yAxis: number }[][] } };
    expect(bars.data.map((d) => d.value)).toEqual([9.1, 12.5, 14.2]);
    expect(bars.markLine.data[0]?.yAxis).toBe(11.3);
    expect(bars.markArea.data[0]?.map((d) => d.yAxis)).toEqual([9.8, 12.9]);
    expect(option.title[0]?.subtext).toContain('ranked 3 of 15');
  });

  it('Respect Survey: estimates with interval whiskers and the 60% target line', () => {
    const rows = [
      { label: 'Arboretum', estimate: 0.55, lower: 0.45, upper: 0.65 },
      { label: 'Bulwell', estimate: 0.7, lower: 0.62, upper: 0.77 },
    ];
    const option = surveyChart(rows, { text, target: 0.6 });
    expect(option.series[0]?.data).toEqual(rows.map((r) => r.estimate * 100));
    const whiskers = (option.series[2] as unknown as { markLine: { data: { coord: number[] }[][] } }).markLine.data;
    expect(whiskers.map((pair) => pair.map((p) => p.coord[1]))).toEqual([
      [45, 65],
      [62, 77],
    ]);
    expect((option.series[0] as unknown as { markLine: { data: { yAxis: number }[] } }).markLine.data[0]?.yAxis).toBe(60);
    expect(SURVEY_TARGETS.q_police_council_dealing).toBe(0.6);
    expect(surveyChartRows([{ group: { area: 'Bulwell', wave: '2014' }, estimate: 0.5, lower: 0.4, upper: 0.6 }, { group: { area: 'X' }, estimate: null, lower: null, upper: null }])).toEqual([
      { label: 'Bulwell / 2014', estimate: 0.5, lower: 0.4, upper: 0.6 },
    ]);
    const t = surveyChartText('q_police_council_dealing', ['Strongly agree', 'Tend to agree'], { wave: 2014, info });
    expect(t.title).toContain('police and council');
    expect(t.subtitle).toContain('"Strongly agree" or "Tend to agree"');
    expect(t.subtitle).toContain('2014 survey');
    expect(t.sourceNote).toBe('Source: respect.csv (imported 4 Feb 2025)');
  });
});

describe('heatmap cell labels', () => {
  const flags = ['Mansfield', 'Nottingham City', 'Newark and Sherwood'].map((district, k) => ({
    series: { crime_type: 'Violence without injury', district },
    indices: Array.from({ length: 12 }, (_, m) => 0.8 + ((m + k) % 5) * 0.1),
  }));
  const labelsShown = (width: number): boolean => {
    const label = seasonalHeatmap(flags, { text: { title: 'Seasonal index by month', subtitle: '', sourceNote: '' }, width }).series[0]?.['label'];
    return typeof label === 'object' && label !== null && 'show' in label && label.show === true;
  };
  it('are shown where every one fits its cell, and left off where they would run into each other (a half-width export)', () => {
    expect(labelsShown(chartSize('a4').width)).toBe(true);
    expect(labelsShown(chartSize('half').width)).toBe(false);
  });
});

describe('iQuanta comparison: the latest rank label', () => {
  const points = ['2024-01', '2024-02', '2024-03'].map((month, i) => ({ month, value: 10 + i, msgAverage: 10, msgLower: 8, msgUpper: 12, rank: 3 + i, size: 15 }));
  const option = iquantaComparisonChart({ area: 'Mansfield CSP', measure: 'All crime', unit: 'rate', points }, { text, width: 640 });
  const area = option.series.find((s) => s.name === 'Mansfield CSP') as { markPoint?: { label?: { position?: string; align?: string; formatter?: string; fontSize?: number; distance?: number } } } | undefined;
  const label = area?.markPoint?.label;

  it('reads "Rank 5 of 15" at the last point, right of it, in a right margin made wide enough, so it cannot overlap the lines', () => {
    expect(label?.formatter).toBe('Rank 5 of 15');
    // The last point sits on the plot's right edge (no boundary gap): the label starts right of it, outside the plot.
    expect(label?.position).toBe('right');
    expect(label?.align).toBe('left');
    const right = Number(option.grid.right);
    const needed = textWidth('Rank 5 of 15', { fontSize: label?.fontSize ?? 12 }) + (label?.distance ?? 5) + 4;
    expect(right).toBeGreaterThanOrEqual(needed);
    // Without a rank, no room is taken.
    const plain = iquantaComparisonChart({ area: 'Mansfield CSP', measure: 'All crime', unit: 'rate', points: points.map((p) => ({ ...p, rank: null })) }, { text, width: 640 });
    expect(Number(plain.grid.right)).toBeLessThan(needed);
  });
});

describe('heatmaps of many rows (191 police.uk districts by month)', () => {
  const months = Array.from({ length: 24 }, (_, m) => `${2023 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);
  // The force's districts first with thousands of records, then the districts over the border with a handful,
  // and one of them (row 150) with more than a force district, so "most records" is not simply "first".
  const rows = Array.from({ length: 191 }, (_, i) => `District ${String(i).padStart(3, '0')}`);
  const records = rows.map((_, i) => (i === 150 ? 5000 : i < 8 ? 10_000 + i : 191 - i));
  const values = records.map((total) => months.map(() => total / 24));
  const drawn = (option: ChartOption): string[] => (option.yAxis as { data: string[] }).data;

  it('draw only the rows a size fits at a legible height, those with the most records in the table order, and say so', () => {
    for (const preset of ['a4', 'half', 'slide'] as const) {
      const { width, height } = chartSize(preset);
      const option = heatmapChart({ text, width, height, rows, columns: months, values, rowRecords: records, scale: 'counts' });
      const shown = drawn(option);
      const fits = heatmapRowsThatFit(height);
      expect(shown).toHaveLength(fits);
      expect(fits * MIN_HEATMAP_ROW).toBeLessThanOrEqual(height - 100);
      // The kept rows: the most records, in the table's order.
      const expected = rows.map((r, i) => ({ r, n: records[i] ?? 0, i })).sort((a, b) => b.n - a.n).slice(0, fits).sort((a, b) => a.i - b.i).map((x) => x.r);
      expect(shown).toEqual(expected);
      expect(shown).toContain('District 150');
      // Every cell drawn belongs to a kept row, and every drawn row is named (no label interval skipping rows).
      const cells = option.series[0]?.data as { value: [number, number, number] }[];
      expect(cells).toHaveLength(fits * months.length);
      expect(Math.max(...cells.map((c) => c.value[1]))).toBe(fits - 1);
      expect((option.yAxis as { axisLabel: { interval: unknown } }).axisLabel.interval).toBe(0);
      expect(option.graphic[0]?.style.text).toBe(`191 rows: the ${fits} with the most records are drawn; the table has them all. ${text.sourceNote}`);
    }
    // 24 months on a half-width export: turned labels drawn every few months (the same months each year), not run together.
    const half = heatmapChart({ text, ...chartSize('half'), rows, columns: months, values, rowRecords: records, scale: 'counts' });
    const step = Number((half.xAxis as { axisLabel: { interval: number } }).axisLabel.interval) + 1;
    expect([2, 3, 4, 6, 12]).toContain(step);
    // Twelve months across a full-width chart keep every label.
    const year = heatmapChart({ text, ...chartSize('a4'), rows: rows.slice(0, 8), columns: months.slice(0, 12), values: values.slice(0, 8), scale: 'counts' });
    expect((year.xAxis as { axisLabel: { interval: number } }).axisLabel.interval).toBe(0);
    // A tall canvas (the app's scrolling panel) draws them all, with no note.
    const tall = heatmapChart({ text, width: 640, height: 191 * 16 + 170, rows, columns: months, values, rowRecords: records, scale: 'counts' });
    expect(drawn(tall)).toEqual(rows);
    expect(tall.graphic[0]?.style.text).toBe(text.sourceNote);
  });

  it('a view heatmap keeps the districts with the most records, and a slide keeps more of them than A4', () => {
    const result = {
      spec: { rows: ['district'], columns: ['month'], measure: 'count', filters: [] },
      columns: months.map((m) => [m]),
      rows: rows.map((r, i) => ({ key: [r], values: values[i] ?? [], total: records[i] ?? 0, counts: months.map(() => 0), countTotal: records[i] ?? 0 })),
      columnTotals: months.map(() => null),
      grandTotal: null,
      columnCountTotals: months.map(() => 0),
      grandCount: 0,
      notes: [],
    } as unknown as PivotResult;
    const at = (preset: 'a4' | 'slide'): string[] => drawn(viewChart({ name: 'Districts by month', chart: 'heatmap', result, info: null, ...chartSize(preset) }) as ChartOption);
    expect(at('a4')).toContain('District 150');
    expect(at('a4')).not.toContain('District 100');
    expect(at('slide').length).toBeGreaterThan(at('a4').length);
  });
});
