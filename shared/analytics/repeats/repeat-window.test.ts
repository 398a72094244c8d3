/**
 * The repeat window at its edges, against a brute-force count that works
 * from calendar dates (Date.UTC), not from the day numbers the code uses:
 * "within 365 days" includes exactly 365 days apart and excludes 366.
 */
import { describe, expect, it } from 'vitest';
import { isoDateToDay } from './days';
import { xoshiro128 } from './prng';
import { repeatLocations, repeatVictimisation } from './repeat-victims';

interface Dated {
  victim: string;
  date: string;
}

const MS_PER_DAY = 86_400_000;

function daysBetween(a: string, b: string): number {
  const parse = (s: string): number => {
    const [y, m, d] = s.split('-').map(Number);
    return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1);
  };
  return Math.abs(parse(b) - parse(a)) / MS_PER_DAY;
}

/** Repeat victims by the definition: two of their records at most `window` days apart. */
function bruteRepeatVictims(records: readonly Dated[], window: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < records.length; i++) {
    for (let j = i + 1; j < records.length; j++) {
      const a = records[i];
      const b = records[j];
      if (a && b && a.victim === b.victim && daysBetween(a.date, b.date) <= window) out.add(a.victim);
    }
  }
  return out;
}

function bruteRepeatRecords(records: readonly Dated[], window: number): number {
  return records.filter((r, i) => records.some((o, j) => j !== i && o.victim === r.victim && daysBetween(o.date, r.date) <= window)).length;
}

function analyse(records: readonly Dated[], window = 365) {
  const [series] = repeatVictimisation(
    records.map((r) => ({ victimPseudonym: r.victim, day: isoDateToDay(r.date) })),
    { windowDays: window },
  );
  return series;
}

const EDGE_CASES: { name: string; records: Dated[]; repeat: boolean }[] = [
  { name: 'exactly 365 days apart', records: [{ victim: 'a', date: '2023-01-10' }, { victim: 'a', date: '2024-01-10' }], repeat: true },
  { name: '366 days apart', records: [{ victim: 'b', date: '2023-01-10' }, { victim: 'b', date: '2024-01-11' }], repeat: false },
  { name: 'same day', records: [{ victim: 'c', date: '2023-06-01' }, { victim: 'c', date: '2023-06-01' }], repeat: true },
  // 1 March 2023 to 29 February 2024 is 365 days (the leap day falls inside).
  { name: 'to 29 February: 365 days', records: [{ victim: 'd', date: '2023-03-01' }, { victim: 'd', date: '2024-02-29' }], repeat: true },
  { name: '1 March to 1 March over a leap day: 366 days', records: [{ victim: 'e', date: '2023-03-01' }, { victim: 'e', date: '2024-03-01' }], repeat: false },
  { name: 'from 29 February to 28 February: 365 days', records: [{ victim: 'f', date: '2024-02-29' }, { victim: 'f', date: '2025-02-28' }], repeat: true },
  { name: 'from 29 February to 1 March: 366 days', records: [{ victim: 'g', date: '2024-02-29' }, { victim: 'g', date: '2025-03-01' }], repeat: false },
  { name: 'across a year end: 6 days', records: [{ victim: 'h', date: '2023-12-28' }, { victim: 'h', date: '2024-01-03' }], repeat: true },
  { name: 'across a year end: 365 days, not leap', records: [{ victim: 'i', date: '2022-12-31' }, { victim: 'i', date: '2023-12-31' }], repeat: true },
];

describe('repeat window boundaries (365 days, closed)', () => {
  for (const c of EDGE_CASES) {
    it(`${c.name}: ${c.repeat ? 'a repeat' : 'not a repeat'}, as brute force says`, () => {
      const gap = daysBetween(c.records[0]?.date ?? '', c.records[1]?.date ?? '');
      expect(bruteRepeatVictims(c.records, 365).size > 0).toBe(c.repeat);
      const series = analyse(c.records);
      expect(series?.repeatVictims).toBe(c.repeat ? 1 : 0);
      expect(series?.repeatRecords).toBe(c.repeat ? 2 : 0);
      expect(series?.daysToRepeat).toEqual(c.repeat ? [gap] : []);
    });
  }

  it('all edge cases together: the same victims and records as brute force', () => {
    const all = EDGE_CASES.flatMap((c) => c.records);
    const series = analyse(all);
    expect(series?.victims).toBe(EDGE_CASES.length);
    expect(series?.repeatVictims).toBe(bruteRepeatVictims(all, 365).size);
    expect(series?.repeatRecords).toBe(bruteRepeatRecords(all, 365));
  });

  it('a window of 364 drops the exactly-365 cases; 366 takes in the 366-day ones', () => {
    const all = EDGE_CASES.flatMap((c) => c.records);
    for (const window of [364, 365, 366]) {
      expect(analyse(all, window)?.repeatVictims, `window ${window}`).toBe(bruteRepeatVictims(all, window).size);
    }
    expect(bruteRepeatVictims(all, 364).size).toBe(2); // the same-day and the 6-day pairs only
    expect(bruteRepeatVictims(all, 366).size).toBe(EDGE_CASES.length);
  });

  it('random dates over leap and non-leap years agree with brute force', () => {
    const rng = xoshiro128(2024);
    const first = Date.UTC(2019, 0, 1);
    const records: Dated[] = Array.from({ length: 600 }, () => ({
      victim: `v${rng.nextInt(120)}`,
      date: new Date(first + rng.nextInt(6 * 366) * MS_PER_DAY).toISOString().slice(0, 10),
    }));
    for (const window of [1, 7, 30, 365]) {
      const series = analyse(records, window);
      expect(series?.repeatVictims, `window ${window}`).toBe(bruteRepeatVictims(records, window).size);
      expect(series?.repeatRecords, `window ${window}`).toBe(bruteRepeatRecords(records, window));
    }
  });

  it('repeat locations use the same closed window', () => {
    const at = (date: string) => ({ key: 'SK5040', day: isoDateToDay(date) });
    expect(repeatLocations([at('2023-01-10'), at('2024-01-10')]).repeatLocations).toBe(1);
    expect(repeatLocations([at('2023-01-10'), at('2024-01-11')]).repeatLocations).toBe(0);
  });
});
