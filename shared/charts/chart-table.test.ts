/** A chart's text alternative: the table of the figures it draws, read from its option. */
import { describe, expect, it } from 'vitest';
import { barChart, heatmapChart, trendChart } from './builders';
import { MAX_TABLE_ROWS, chartTable } from './chart-table';
import { applyTheme } from './theme';

const text = { title: 'Burglary: records per month', subtitle: 'Jan to Mar 2024', sourceNote: 'Source: test' };
const gb = (n: number): string => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(n);

describe('chartTable', () => {
  it('a trend: a row per month, the count in it, a gap left blank', () => {
    const months = ['2024-01', '2024-02', '2024-03', '2024-04'];
    const values = [1204, null, 987, 1500.5];
    const table = chartTable(trendChart({ months, values, name: 'Records', text }));
    expect(table?.columns).toEqual(['Category', 'Records']);
    expect(table?.rows.map((r) => r[1])).toEqual(values.map((v) => (v === null ? '' : gb(v))));
    expect(table?.rows).toHaveLength(months.length);
  });

  it('grouped bars: a row per category, a column per series', () => {
    const option = barChart(
      {
        spec: { rows: ['district'], columns: ['crime_type'], measure: 'count', filters: [] },
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
      },
      { text, mode: 'grouped' },
    );
    expect(chartTable(option)).toEqual({ columns: ['Category', 'Burglary', 'Robbery'], rows: [['Ashfield', '12', '3'], ['Mansfield', '20', '7']] });
  });

  it('a heatmap: its rows and columns, each cell in place', () => {
    const option = heatmapChart({ rows: ['Burglary', 'Robbery'], columns: ['Jan', 'Feb', 'Mar'], values: [[1, 2, null], [4, 5, 6]], scale: 'counts', text });
    expect(chartTable(option)).toEqual({ columns: ['', 'Jan', 'Feb', 'Mar'], rows: [['Burglary', '1', '2', ''], ['Robbery', '4', '5', '6']] });
  });

  it('points: a row each, up to the limit, then how many more', () => {
    const data = Array.from({ length: MAX_TABLE_ROWS + 20 }, (_, i) => [i, i * 2]);
    const option = applyTheme({ xAxis: { type: 'value', name: 'Metres' }, yAxis: { type: 'value', name: 'Days' }, series: [{ type: 'scatter', name: 'Events', data }] }, text);
    const table = chartTable(option);
    expect(table?.columns).toEqual(['Metres', 'Days']);
    expect(table?.rows[3]).toEqual(['3', '6']);
    expect(table?.rows).toHaveLength(MAX_TABLE_ROWS + 1);
    expect(table?.rows.at(-1)?.[0]).toBe('… and 20 more');
  });
});
