import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageDisproportion } from './builders';
import { disclosedAgeRows } from './analysis-chart';

describe('disclosure control on the age profile', () => {
  it('hides every band with 1-4 victims, never exactly one band (shares add to 100%), and leaves the rest exact', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 400 })), { minLength: 2, maxLength: 9 }), (victims) => {
        const bands = victims.map((_, i) => `band ${i}`);
        const rows = ageDisproportion(bands, victims, victims.map(() => 1000));
        const { rows: shown, suppressed } = disclosedAgeRows(rows, 5);
        const hidden = shown.filter((r) => r.hidden);
        expect(suppressed).toBe(hidden.length);
        for (const r of shown) if (r.victims > 0 && r.victims < 5) expect(r.hidden).toBe(true);
        // One hidden share would be 100% minus the others.
        expect(hidden.length).not.toBe(1);
        // Published bands keep their exact figures.
        for (const [j, r] of shown.entries()) if (!r.hidden) expect(r.victim_share).toBe(rows[j]?.victim_share);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
