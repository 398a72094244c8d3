import { describe, expect, it } from 'vitest';
import { type AgePiece, agePieces, coverAges } from './population-ages';

const band = (min: number, max: number | null, persons: number): AgePiece => ({ min, max, persons });
const singles = (from: number, to: number, persons: number): Map<number, number> => new Map(Array.from({ length: to - from + 1 }, (_, i) => [from + i, persons]));

describe('coverAges: each age once', () => {
  it('takes a band or the bands inside it, never both', () => {
    const pieces = [band(0, 15, 16), band(16, 17, 2), band(0, 17, 18), band(18, null, 60)];
    expect(coverAges(pieces, { min: 0, max: 17 })).toEqual({ persons: 18 });
    expect(coverAges(pieces, { min: 0, max: null })).toEqual({ persons: 78 });
    expect(coverAges(pieces, { min: 16, max: 17 })).toEqual({ persons: 2 });
  });

  it('names a band straddling the edge, bands sharing ages, or a gap', () => {
    expect(coverAges([band(0, 14, 1), band(15, 19, 1)], { min: 0, max: 17 })).toEqual({ straddling: { min: 15, max: 19 } });
    expect(coverAges([band(0, 9, 1), band(8, 17, 1)], { min: 0, max: 17 })).toEqual({ overlapping: [{ min: 0, max: 9 }, { min: 8, max: 17 }] });
    expect(coverAges([band(0, 9, 1), band(11, 17, 1)], { min: 0, max: 17 })).toEqual({ gap: true });
  });
});

describe('agePieces: the open top single year', () => {
  it('reads 90 as 90 and over when it is the oldest, so 65+ counts the over-90s once', () => {
    const pieces = agePieces(singles(0, 90, 10), []);
    expect(coverAges(pieces, { min: 65, max: null })).toEqual({ persons: 260 });
    // Age 90 alone is not in the file: 90 and over cannot be split.
    expect(coverAges(pieces, { min: 90, max: 90 })).toEqual({ straddling: { min: 90, max: null } });
  });

  it('single years then an 85+ band cover 65+ and all ages', () => {
    const pieces = agePieces(singles(0, 84, 10), [band(85, null, 70)]);
    expect(coverAges(pieces, { min: 65, max: null })).toEqual({ persons: 270 });
    expect(coverAges(pieces, { min: 0, max: null })).toEqual({ persons: 920 });
  });
});
