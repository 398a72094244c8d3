import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Pseudonymiser, normaliseReference } from './pseudonym';

/** The pseudonym as first defined: HMAC-SHA-256 of the normalised UTF-8 reference, 128 bits in hex. */
function reference(key: Uint8Array, ref: string): string | null {
  const normalised = normaliseReference(ref);
  if (normalised === '') return null;
  return bytesToHex(hmac(sha256, key, new TextEncoder().encode(normalised)).subarray(0, 16));
}

describe('Pseudonymiser', () => {
  it('gives the same pseudonyms as HMAC-SHA-256 from @noble/hashes, so existing workbenches keep matching', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom('NOM-12345', ' nom-12345 ', 'NOM  12345', 'Zoë-1', '', '   ')), { maxLength: 20 }),
        (key, refs) => {
          const pseudonymiser = new Pseudonymiser(key);
          // Twice over: the second pass comes from the cache and must agree.
          for (const ref of [...refs, ...refs]) expect(pseudonymiser.pseudonymOf(ref)).toBe(reference(key, ref));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('treats case and spacing as the same person', () => {
    const pseudonymiser = new Pseudonymiser(new Uint8Array(32).fill(7));
    expect(pseudonymiser.pseudonymOf(' nom-1  2 ')).toBe(pseudonymiser.pseudonymOf('NOM-1 2'));
    expect(pseudonymiser.pseudonymOf('NOM-1')).not.toBe(pseudonymiser.pseudonymOf('NOM-2'));
  });
});
