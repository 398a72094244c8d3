import { describe, expect, it } from 'vitest';
import { PALETTE, INK } from '../../charts/theme';
import { nearRepeatScatter, timeToRepeatBins, timeToRepeatChart } from './charts';

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
});
