/** PlaceIndex numbers places exactly as a Map of their "d:x,y" text would, through its growth and its text fallback. */
import { describe, expect, it } from 'vitest';
import { PlaceIndex } from './place-index';
import { xoshiro128 } from './prng';

describe('PlaceIndex', () => {
  it('gives each (x, y, dated) the index a Map of "d:x,y" texts gives it, in order of first sight', () => {
    const rng = xoshiro128(7);
    // Whole metres (packed), halves and far-off values (text), negatives, and 0 next to -0.
    const values = [0, -0, 1, -1, 2.5, 450_000, 450_001, -450_000, 16_777_215, 16_777_216, -16_777_216, 1e21, 52.9512, -1.1503];
    for (const expected of [0, 10, 100_000]) {
      const index = new PlaceIndex(expected);
      const byText = new Map<string, number>();
      for (let i = 0; i < 60_000; i++) {
        const x = i % 3 === 0 ? (values[rng.nextInt(values.length)] ?? 0) : 400_000 + rng.nextInt(3000);
        const y = i % 5 === 0 ? (values[rng.nextInt(values.length)] ?? 0) : 300_000 + rng.nextInt(20);
        const dated = rng.nextInt(2) === 1;
        const text = `${dated ? 'd' : 'm'}:${x},${y}`;
        const known = byText.get(text);
        const want = known ?? byText.size;
        if (known === undefined) byText.set(text, want);
        expect(index.indexOf(x, y, dated)).toBe(want);
      }
      expect(index.size).toBe(byText.size);
      // Enough places that the table grew from the small starts.
      expect(index.size).toBeGreaterThan(20_000);
    }
  });
});
