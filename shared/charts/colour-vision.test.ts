/**
 * Charts whose series are told apart only by colour stay readable with
 * colour-vision deficiency: the palette's colours stay apart under
 * protanopia, deuteranopia and tritanopia, and charts with more series than
 * colours give the repeats a dash, marker or fill pattern.
 */
import { describe, expect, it } from 'vitest';
import type { PivotResult } from '../pivot/run-pivot';
import { barChart, pivotLineChart } from './builders';
import { DEFICIENCIES, DISTINCT_DELTA_E, closestPair, colourDistance } from './colour-vision';
import { type ChartSeries, PALETTE } from './theme';

const text = { title: 'Crime by district', subtitle: 'Jan to Dec 2024', sourceNote: 'Source: test' };

describe('the simulation', () => {
  it('puts red and green together for red-green deficiencies, and not for typical vision or tritanopia', () => {
    // A red and a green of the classic confusion (a check that can fail: a no-op simulation would keep them apart).
    const [red, green] = ['#CC3311', '#6B8E23'];
    const typical = colourDistance(red, green, 'typical');
    expect(typical).toBeGreaterThan(80);
    expect(colourDistance(red, green, 'deuteranopia')).toBeLessThan(typical / 3);
    expect(colourDistance(red, green, 'protanopia')).toBeLessThan(typical / 3);
    expect(colourDistance(red, green, 'tritanopia')).toBeGreaterThan(typical / 2);
    // Blue and green run together in tritanopia.
    expect(colourDistance('#0072B2', '#009E73', 'tritanopia')).toBeLessThan(colourDistance('#0072B2', '#009E73', 'typical') / 2);
  });
});

describe('the palette', () => {
  for (const vision of ['typical', ...DEFICIENCIES] as const) {
    it(`keeps all ${PALETTE.length} colours apart with ${vision} vision`, () => {
      const { distance, pair } = closestPair(PALETTE, vision);
      expect(distance, `${pair.join(' and ')}`).toBeGreaterThanOrEqual(DISTINCT_DELTA_E);
    });
  }
});

/** What tells a series apart besides its colour. */
function cue(s: ChartSeries): string {
  const style = (key: string): Record<string, unknown> => {
    const v = s[key];
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  };
  return JSON.stringify([style('lineStyle').type ?? 'solid', s.symbol ?? 'default', style('itemStyle').decal ?? null]);
}

/** Every pair of series differs in a non-colour cue or in colours that stay apart under each deficiency. */
function expectAllTellable(series: readonly ChartSeries[]): void {
  // ECharts colours series from the palette in order, round and round.
  const colourOf = (s: ChartSeries, i: number): string => {
    const item = s.itemStyle;
    const explicit = typeof item === 'object' && item !== null && 'color' in item && typeof item.color === 'string' ? item.color : null;
    return explicit ?? PALETTE[i % PALETTE.length] ?? '';
  };
  series.forEach((a, i) => {
    series.forEach((b, j) => {
      if (j <= i || cue(a) !== cue(b)) return;
      for (const vision of DEFICIENCIES) {
        expect(colourDistance(colourOf(a, i), colourOf(b, j), vision), `${a.name} and ${b.name} with ${vision}`).toBeGreaterThanOrEqual(DISTINCT_DELTA_E);
      }
    });
  });
}

const TYPES = ['Anti-social behaviour', 'Bicycle theft', 'Burglary', 'Criminal damage and arson', 'Drugs', 'Other crime', 'Other theft', 'Possession of weapons', 'Public order', 'Robbery', 'Shoplifting', 'Theft from the person', 'Vehicle crime', 'Violence and sexual offences'];
const wide: PivotResult = {
  spec: { rows: ['district'], columns: ['crime_type'], measure: 'count', filters: [] },
  columns: TYPES.map((t) => [t]),
  rows: ['Ashfield', 'Mansfield'].map((d, r) => ({ key: [d], values: TYPES.map((_, j) => 10 + r + j), total: 0, counts: TYPES.map((_, j) => 10 + r + j), countTotal: 0 })),
  columnTotals: TYPES.map(() => 0),
  grandTotal: 0,
  columnCountTotals: TYPES.map(() => 0),
  grandCount: 0,
  notes: [],
};
const months = Array.from({ length: 6 }, (_, i) => [`2024-0${i + 1}`]);
const tall: PivotResult = {
  spec: { rows: ['crime_type'], columns: ['month'], measure: 'count', filters: [] },
  columns: months,
  rows: TYPES.map((t, r) => ({ key: [t], values: months.map((_, j) => r + j), total: 0, counts: months.map((_, j) => r + j), countTotal: 0 })),
  columnTotals: months.map(() => 0),
  grandTotal: 0,
  columnCountTotals: months.map(() => 0),
  grandCount: 0,
  notes: [],
};

describe('charts with more series than colours', () => {
  it('grouped and stacked bars: 14 crime types, each told apart from every other', () => {
    for (const mode of ['grouped', 'stacked'] as const) {
      const option = barChart(wide, { text, mode });
      expect(option.series).toHaveLength(14);
      expectAllTellable(option.series);
    }
  });

  it('lines: 14 crime types over months, each told apart from every other', () => {
    const option = pivotLineChart(tall, { text });
    expect(option.series).toHaveLength(14);
    expectAllTellable(option.series);
  });

  it('charts within the palette are left as they were drawn', () => {
    const option = barChart({ ...wide, columns: wide.columns.slice(0, 8), rows: wide.rows.map((r) => ({ ...r, values: r.values.slice(0, 8) })) }, { text, mode: 'grouped' });
    expect(option.series.every((s) => s.itemStyle === undefined)).toBe(true);
  });
});
