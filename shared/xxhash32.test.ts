import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xxhash32 } from './xxhash32';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('xxhash32', () => {
  it('gives the reference implementation\'s published values', () => {
    // From xxHash's test vectors (seed 0): empty, tail-only and two stripes plus a tail.
    expect(xxhash32([text('')])).toBe(0x02cc5d05);
    expect(xxhash32([text('a')])).toBe(0x550d7456);
    expect(xxhash32([text('abc')])).toBe(0x32d153ff);
    expect(xxhash32([text('message digest')])).toBe(0x7c948494);
    expect(xxhash32([text('abcdefghijklmnopqrstuvwxyz')])).toBe(0x63a14d5f);
    expect(xxhash32([text('Nobody inspects the spammish repetition')])).toBe(0xe2293b2f);
  });

  it('is the same over parts as over the joined bytes, aligned or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(18), fc.nat(3), (bytes, stripes, shift) => {
        const whole = xxhash32([bytes]);
        const cut = Math.min(stripes * 16, bytes.length - (bytes.length % 16));
        expect(xxhash32([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(whole);
        // The same bytes at an odd offset in a larger buffer (read through a copy).
        const padded = new Uint8Array(bytes.length + shift);
        padded.set(bytes, shift);
        expect(xxhash32([padded.subarray(shift)])).toBe(whole);
      }),
      { numRuns: 200, seed: 3 },
    );
    expect(() => xxhash32([text('abc'), text('d')])).toThrow('mid-stripe');
  });
});
