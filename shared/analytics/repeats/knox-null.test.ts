/**
 * The Knox test on the generator's burglary dwelling with the planted
 * near-repeat effect switched off (nearRepeatProbability 0): over many
 * seeds the [0, 200) m x [0, 7) day cell is significant at about the
 * nominal 5%, not more. The same data with the effect on is significant
 * nearly always, so the check has the power to fail.
 */
import { describe, expect, it } from 'vitest';
import { PLANTED, generateDistrictRecords } from '../../generator';
import { type KnoxEvent, knoxTest } from './knox';

/** "dd/mm/yyyy[ HH:MM]" to a day number. */
function dayOf(text: string): number {
  const [d, m, y] = text.slice(0, 10).split('/').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / 86_400_000;
}

/** One year of Nottingham City burglary dwelling (about 670 events), as Knox events. */
function burglaries(seed: number, nearRepeatProbability?: number): KnoxEvent[] {
  const events: KnoxEvent[] = [];
  const options = { seed, records: 60_000, years: 1, districts: ['Nottingham City'], ...(nearRepeatProbability === undefined ? {} : { nearRepeatProbability }) };
  for (const r of generateDistrictRecords(options)) {
    if (r.crime_type === PLANTED.nearRepeat.crimeType) events.push({ x: r.easting, y: r.northing, t: dayOf(r.committed_date) });
  }
  return events;
}

const BANDS = { spaceBreaks: [0, 200, 400, Infinity], timeBreaks: [0, 7, 14, Infinity], distance: 'euclidean' as const };

describe('Knox test on generated burglary without the planted near-repeat effect', () => {
  it('the 0-200 m, 0-7 day cell is significant in about 5% of 30 seeds, against nearly all with the effect on', () => {
    const seeds = 30;
    let significant = 0;
    let expectedSum = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const events = burglaries(seed, 0);
      const result = knoxTest(events, { ...BANDS, permutations: 99, seed });
      expectedSum += result.expected[0]?.[0] ?? 0;
      if (result.significant[0]?.[0] === true) significant++;
    }
    // Enough pairs in the cell for a 5% test to be possible (not a discrete-p artefact).
    expect(expectedSum / seeds).toBeGreaterThan(10);
    // Binomial(30, 0.05): P(X >= 6) = 0.003.
    expect(significant).toBeLessThanOrEqual(5);

    let planted = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const result = knoxTest(burglaries(seed), { ...BANDS, permutations: 99, seed });
      if (result.significant[0]?.[0] === true) planted++;
    }
    expect(planted).toBeGreaterThanOrEqual(4);
  }, 300_000);

  it('switching the effect off removes the planted followers only: same volumes, fewer close pairs', () => {
    const on = burglaries(3);
    const off = burglaries(3, 0);
    expect(Math.abs(on.length - off.length)).toBeLessThan(on.length * 0.05);
    const close = (events: KnoxEvent[]) => knoxTest(events, { ...BANDS, permutations: 1, seed: 1 }).observed[0]?.[0] ?? 0;
    expect(close(on)).toBeGreaterThan(close(off) * 2);
    expect(() => [...generateDistrictRecords({ seed: 1, records: 10, nearRepeatProbability: 1 })]).toThrow(/nearRepeatProbability/);
  });
});
