import { describe, expect, it } from 'vitest';
import { PALETTE, INK } from '../../charts/theme';
import { knoxHeatmap, nearRepeatScatter, timeToRepeatBins, timeToRepeatChart } from './charts';

const text = { title: 'T', subtitle: 'S', sourceNote: 'Source: x' };

describe('repeat charts on the shared theme', () => {
  it('bins days to repeat in 30-day bands, the last one closed at the window', () => {
    const { labels, counts } = timeToRepeatBins([0, 29, 30, 364, 365], 365);
    expect(labels[0]).toBe('[0, 30)');
    expect(labels.at(-1)).toBe('[360, 365]');
    expect(counts.length).toBe(13);
    expect(counts[0]).toBe(2);
    expect(counts[1]).toBe(1);
    expect(counts.at(-1)).toBe(2); // 364 and exactly 365 days
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
    const option = timeToRepeatChart({ daysToRepeat: [0, 29, 30, 364, 365], windowDays: 365, text });
    expect(option.series[0]?.data).toEqual(counts);
    expect(option.title[0]?.text).toBe('T');
    expect(option.color).toEqual([...PALETTE]);
    // Plain data only: it survives a JSON round trip (the export path and the worker need that).
    expect(JSON.parse(JSON.stringify(option))).toEqual(option);
  });

  it('splits the scatter into near repeats (drawn on top, accent) and the others', () => {
    const option = nearRepeatScatter({ x: [1, 2, 3.4], y: [10, 20, 30.6], nearRepeat: [false, true, false], text });
    const [others, near] = option.series;
    expect(others?.name).toBe('Other events (2)');
    expect(others?.data).toEqual([[1, 10], [3, 31]]);
    expect(near?.name).toBe('Near repeat (1)');
    expect(near?.data).toEqual([[2, 20]]);
    expect((near?.itemStyle as { color: string }).color).toBe(INK.accent);
    expect(JSON.parse(JSON.stringify(option))).toEqual(option);
  });

  it('Knox heatmap: 0 to 2 scale with 1 white, significant cells starred, undefined cells left out', () => {
    const option = knoxHeatmap({
      knox: { space_bands: ['[0, 100)', '[100, Inf)'], time_bands: ['[0, 7)', '[7, Inf)'], knox_ratio: [[12.5, 0.9], [null, 1]], p_value: [[0.01, 0.6], [1, 0.5]], significant: [[true, false], [false, false]] },
      text,
    });
    expect(option.visualMap).toMatchObject({ min: 0, max: 2 });
    const cells = option.series[0]?.data as { value: number[]; label: { formatter: string; color: string } }[];
    expect(cells.map((c) => [c.value, c.label.formatter])).toEqual([
      [[0, 0, 12.5], '12.50*'],
      [[1, 0, 0.9], '0.90'],
      [[1, 1, 1], '1.00'],
    ]);
    expect(cells[0]?.label.color).toBe(INK.background);
    expect(cells[1]?.label.color).toBe(INK.text);
  });
});
