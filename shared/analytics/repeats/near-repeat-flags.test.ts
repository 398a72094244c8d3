import { describe, expect, it } from 'vitest';
import type { KnoxEvent } from './knox';
import { nearRepeatFlags } from './near-repeat-flags';
import { xoshiro128 } from './prng';

/** The definition, written out over all ordered pairs. */
function bruteFlags(events: KnoxEvent[], dist: number, days: number, sameDay: boolean, metric: 'euclidean' | 'manhattan'): number[] {
  return events.map((e, i) => {
    let n = 0;
    events.forEach((o, j) => {
      if (i === j) return;
      const dx = e.x - o.x;
      const dy = e.y - o.y;
      const d = metric === 'euclidean' ? Math.sqrt(dx * dx + dy * dy) : Math.abs(dx) + Math.abs(dy);
      const dt = e.t - o.t;
      if (d < dist && dt >= 0 && dt < days && (sameDay || dt > 0)) n++;
    });
    return n;
  });
}

describe('nearRepeatFlags', () => {
  it('uses half-open limits: under 200 m and 0 to 6 days earlier with the defaults', () => {
    const events: KnoxEvent[] = [
      { x: 0, y: 0, t: 0 },
      { x: 100, y: 0, t: 6 }, // 100 m, 6 days after #0: flagged
      { x: 0, y: 200, t: 3 }, // exactly 200 m from #0: not within 200 m
      { x: 5000, y: 0, t: 10 },
      { x: 5000, y: 50, t: 17 }, // exactly 7 days after #3: not within 7 days
    ];
    const r = nearRepeatFlags(events);
    expect([...r.flagged]).toEqual([0, 1, 0, 0, 0]);
    expect(r.flaggedCount).toBe(1);
    expect(r.share).toBeCloseTo(0.2, 12);
    expect(r.distance).toBe('manhattan');
  });

  it('counts same-day neighbours both ways unless told not to', () => {
    const events: KnoxEvent[] = [
      { x: 0, y: 0, t: 5 },
      { x: 10, y: 10, t: 5 },
    ];
    expect([...nearRepeatFlags(events).flagged]).toEqual([1, 1]);
    expect([...nearRepeatFlags(events, { sameDayCounts: false }).flagged]).toEqual([0, 0]);
  });

  it.each([
    ['manhattan', true],
    ['euclidean', true],
    ['euclidean', false],
  ] as const)('matches brute force on random events (%s, same day counts: %s)', (metric, sameDay) => {
    const rng = xoshiro128(99);
    const events = Array.from({ length: 600 }, () => ({ x: rng.next() * 3000, y: rng.next() * 3000, t: rng.nextInt(120) }));
    const r = nearRepeatFlags(events, { flagDistance: 150, flagDays: 5, distance: metric, sameDayCounts: sameDay });
    const brute = bruteFlags(events, 150, 5, sameDay, metric);
    expect([...r.precursors]).toEqual(brute);
    expect(r.flaggedCount).toBe(brute.filter((n) => n > 0).length);
  });

  it('accepts columns, handles no events, rejects bad settings', () => {
    const r = nearRepeatFlags({ x: [0, 1], y: [0, 1], t: [0, 1] });
    expect([...r.flagged]).toEqual([0, 1]);
    expect(nearRepeatFlags([]).share).toBe(0);
    expect(() => nearRepeatFlags([], { flagDays: 0 })).toThrow(/flag days/);
    expect(() => nearRepeatFlags([{ x: 0, y: 0, t: NaN }])).toThrow(/time/);
  });
});
