import { describe, expect, it } from 'vitest';
import { benchKnox, randomKnoxEvents } from './bench-knox';

describe('benchKnox', () => {
  it('generates the same events for a seed and times a small run', () => {
    const a = randomKnoxEvents(100, 3);
    const b = randomKnoxEvents(100, 3);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Math.max(...Array.from(a.t))).toBeLessThan(365);
    const ms = benchKnox(2000, 19);
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(10_000);
  });
});
