import { describe, expect, it } from 'vitest';
import { xoshiro128 } from './prng';
import { VICTIM_CHUNK, median, repeatLocations, repeatVictimisation, repeatVictimisationSteps, type VictimRecord } from './repeat-victims';

interface Rec extends VictimRecord {
  district: string;
  domestic: boolean;
}

/** Brute force from the definitions: pairs of records of the same victim in the same series. */
function brute(records: Rec[], window: number) {
  const linked = records.filter((r) => r.victimPseudonym);
  const victims = new Set(linked.map((r) => r.victimPseudonym));
  const repeatRecords = linked.filter((r) => linked.some((o) => o !== r && o.victimPseudonym === r.victimPseudonym && Math.abs(o.day - r.day) <= window));
  const repeatVictims = new Set(repeatRecords.map((r) => r.victimPseudonym));
  // Each record's next record of the same victim, ordering ties on the day by input position.
  const gaps: number[] = [];
  linked.forEach((r, i) => {
    let next: number | undefined;
    linked.forEach((o, j) => {
      if (o.victimPseudonym !== r.victimPseudonym) return;
      const after = o.day > r.day || (o.day === r.day && j > i);
      if (after && (next === undefined || o.day < next)) next = o.day;
    });
    if (next !== undefined && next - r.day <= window) gaps.push(next - r.day);
  });
  return {
    victims: victims.size,
    repeatVictims: repeatVictims.size,
    records: linked.length,
    repeatRecords: repeatRecords.length,
    gaps: gaps.sort((a, b) => a - b),
  };
}

describe('repeatVictimisation', () => {
  const records: Rec[] = [
    { victimPseudonym: 'A', day: 0, district: 'North', domestic: true },
    { victimPseudonym: 'A', day: 100, district: 'North', domestic: true }, // 100 days on: repeat
    { victimPseudonym: 'A', day: 800, district: 'North', domestic: true }, // 700 days on: not a repeat record
    { victimPseudonym: 'B', day: 10, district: 'North', domestic: false },
    { victimPseudonym: 'B', day: 375, district: 'North', domestic: false }, // exactly 365 days: within 365 days (the window is closed)
    { victimPseudonym: 'C', day: 50, district: 'South', domestic: true },
    { victimPseudonym: 'C', day: 50, district: 'South', domestic: true }, // same day: repeat, gap 0
    { victimPseudonym: 'C', day: 60, district: 'South', domestic: true },
    { victimPseudonym: null, day: 70, district: 'South', domestic: true },
    { victimPseudonym: 'D', day: 5, district: 'South', domestic: false },
  ];

  it('gives the hand-worked answer over all records', () => {
    const [all] = repeatVictimisation(records);
    expect(all).toEqual({
      series: {},
      victims: 4,
      repeatVictims: 3, // A, B and C
      repeatRate: 0.75,
      records: 9,
      repeatRecords: 7, // A@0, A@100, B@10, B@375, C@50 x2, C@60
      unlinkedRecords: 1,
      daysToRepeat: [0, 10, 100, 365],
      medianDaysToRepeat: 55,
    });
  });

  it('splits by any field, in key order, and respects the window', () => {
    const out = repeatVictimisation(records, { by: ['district'] });
    expect(out.map((s) => s.series)).toEqual([{ district: 'North' }, { district: 'South' }]);
    expect(out.map((s) => [s.victims, s.repeatVictims, s.records, s.repeatRecords])).toEqual([
      [2, 2, 5, 4],
      [2, 1, 4, 3],
    ]);
    const narrow = repeatVictimisation(records, { windowDays: 364, by: ['domestic'] });
    expect(narrow.map((s) => [s.series['domestic'], s.repeatVictims])).toEqual([
      ['false', 0], // B no longer counts: 365 > 364
      ['true', 2],
    ]);
  });

  it('agrees with a brute-force reading of the definitions on random records', () => {
    const rng = xoshiro128(8);
    const random: Rec[] = Array.from({ length: 400 }, () => ({
      victimPseudonym: rng.next() < 0.05 ? undefined : `v${rng.nextInt(150)}`,
      day: rng.nextInt(1500),
      district: rng.next() < 0.5 ? 'East' : 'West',
      domestic: false,
    }));
    for (const window of [30, 365]) {
      const out = repeatVictimisation(random, { windowDays: window, by: ['district'] });
      for (const s of out) {
        const b = brute(random.filter((r) => r.district === s.series['district']), window);
        expect([s.victims, s.repeatVictims, s.records, s.repeatRecords]).toEqual([b.victims, b.repeatVictims, b.records, b.repeatRecords]);
        expect(s.daysToRepeat).toEqual(b.gaps);
        expect(s.medianDaysToRepeat).toBe(median(b.gaps));
      }
    }
  });

  it('rejects a bad window or day', () => {
    expect(() => repeatVictimisation(records, { windowDays: 0 })).toThrow(/window/);
    expect(() => repeatVictimisation([{ victimPseudonym: 'x', day: NaN }])).toThrow(/day/);
    expect(repeatVictimisation([])).toEqual([]);
  });
});

describe('repeatLocations', () => {
  it('lists places victimised again within the window, most repeats first', () => {
    const r = repeatLocations(
      [
        { x: 1, y: 1, day: 0 },
        { x: 1, y: 1, day: 30 },
        { x: 1, y: 1, day: 40 },
        { x: 2, y: 2, day: 0 },
        { x: 2, y: 2, day: 400 }, // too far apart
        { x: 3, y: 3, day: 10 },
        { x: 3, y: 3, day: 12 },
        { key: 'SK5040', day: 1 },
        { key: 'SK5040', day: 2 },
        { key: 'SK5040', day: 900 },
      ],
      { top: 2 },
    );
    expect(r.locations).toBe(4);
    expect(r.repeatLocations).toBe(3);
    expect(r.records).toBe(10);
    expect(r.repeatRecords).toBe(7);
    expect(r.top).toEqual([
      { key: '1,1', x: 1, y: 1, records: 3, repeatRecords: 3, firstDay: 0, lastDay: 40, medianDaysToRepeat: 20 },
      { key: 'SK5040', x: null, y: null, records: 3, repeatRecords: 2, firstDay: 1, lastDay: 900, medianDaysToRepeat: 1 },
    ]);
  });

  it('snaps to grid squares when asked', () => {
    const r = repeatLocations(
      [
        { x: 101, y: 205, day: 0 },
        { x: 199, y: 299, day: 5 },
        { x: 201, y: 205, day: 6 },
      ],
      { gridSize: 100 },
    );
    expect(r.top.map((t) => [t.key, t.records])).toEqual([['100,200', 2]]);
    expect(() => repeatLocations([{ day: 1 }])).toThrow(/key nor coordinates/);
  });
});

describe('repeatVictimisationSteps (the worker form)', () => {
  it('yields at least every VICTIM_CHUNK records grouped or counted, and ends with what the one-shot form returns', () => {
    const rng = xoshiro128(41);
    // 150k records: 40k victims over 5 years in three districts, 5% unlinked.
    const records: Rec[] = Array.from({ length: 150_000 }, () => ({
      victimPseudonym: rng.next() < 0.05 ? null : `v${rng.nextInt(40_000)}`,
      day: 18_000 + rng.nextInt(1826),
      district: ['Ashfield', 'Gedling', 'Mansfield'][rng.nextInt(3)]!,
      domestic: false,
    }));
    const done: number[] = [];
    const steps = repeatVictimisationSteps(records, { windowDays: 365, by: ['district'] }, (d) => ({ done: d, total: 2 * records.length }));
    let next = steps.next();
    for (; next.done !== true; next = steps.next()) done.push(next.value.done);
    expect(next.value).toEqual(repeatVictimisation(records, { windowDays: 365, by: ['district'] }));
    expect(next.value.reduce((n, s) => n + s.repeatVictims, 0)).toBeGreaterThan(1000);
    // Grouping yields every VICTIM_CHUNK records; counting every VICTIM_CHUNK records of victims
    // (a victim's records are never split), so no stretch without a yield covers more than two
    // chunks (the end of the grouping and the start of the counting) and one victim's records.
    const perVictim = new Map<string, number>();
    for (const r of records) if (r.victimPseudonym !== null) perVictim.set(`${r.district}/${r.victimPseudonym}`, (perVictim.get(`${r.district}/${r.victimPseudonym}`) ?? 0) + 1);
    const longestVictim = Math.max(...perVictim.values());
    const stretches = [...done, 2 * records.length].map((d, k) => d - (k === 0 ? 0 : done[k - 1]!));
    expect(Math.max(...stretches)).toBeLessThanOrEqual(2 * VICTIM_CHUNK + longestVictim);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.length).toBeGreaterThanOrEqual(Math.floor((2 * records.length * 0.95) / (VICTIM_CHUNK + longestVictim)) - 1);
  });
});
