import { describe, expect, it } from 'vitest';
import * as repeats from './index';

describe('public API', () => {
  it('exports the functions the CLI and the app use', () => {
    for (const name of [
      'knoxTest',
      'knoxTestAsync',
      'nearRepeatFlags',
      'repeatVictimisation',
      'repeatLocations',
      'wgs84ToBng',
      'pairsWithin',
      'equalWidthBreaks',
      'parseBreaks',
      'isoDateToDay',
      'histogram',
      'benchKnox',
    ] as const) {
      expect(typeof repeats[name]).toBe('function');
    }
  });

  it('runs the near-repeat command end to end on a tiny data set', () => {
    const events = [
      { x: 0, y: 0, t: repeats.isoDateToDay('2024-01-01') },
      { x: 50, y: 0, t: repeats.isoDateToDay('2024-01-03') },
      { x: 5000, y: 0, t: repeats.isoDateToDay('2024-03-01') },
    ];
    const knox = repeats.knoxTest(events, {
      spaceBreaks: repeats.equalWidthBreaks(100, 5),
      timeBreaks: repeats.equalWidthBreaks(7, 5),
      permutations: 99,
      seed: 1,
    });
    expect(knox.observed[0]?.[0]).toBe(1);
    expect(JSON.stringify(knox.knoxRatio)).toContain('null'); // NaN cells serialise as null
    expect(repeats.nearRepeatFlags(events).share).toBeCloseTo(1 / 3, 12);
  });
});
