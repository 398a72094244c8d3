import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DigestText, digest128 } from './digest';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('digest128', () => {
  it('keeps the values stored in existing workbenches (record keys, content hashes)', () => {
    // Computed with the first implementation (charCodeAt over the string); a change here would make
    // every re-imported record look new or updated.
    expect(hex(digest128(''))).toBe('00000000000000000000000000000000');
    expect(hex(digest128('a'))).toBe('033bb196ccef4fe1ccef4fe1ccef4fe1');
    expect(hex(digest128('district\u001e191000001/19'))).toBe('604bf012999b9e771663c539bb18b33f');
    expect(hex(digest128('Zoë ☃ 1234567'))).toBe('3d7b902f3b550b9ee3678a0a37463b37');
    expect(hex(digest128('x'.repeat(1500)))).toBe('a7e4656d380c506cbbcbbb9d7f55198a');
    expect(hex(digest128('1\u001f17780\u001f20\u001fnull', 7))).toBe('7ceb3048f1d1b5211e8cde802907cd29');
  });
});

describe('DigestText', () => {
  it('digests exactly the text a template literal of the same pieces makes', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.integer({ min: -2_000_000, max: 2_000_000 }),
      fc.constantFrom(0, -0, 1e21, 446_844.5, -1.449692, 53.052186, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2),
      fc.double({ noNaN: true }),
      fc.constant(null),
    );
    const builder = new DigestText();
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        builder.reset();
        let text = '';
        pieces.forEach((p, i) => {
          if (i > 0) {
            builder.unit(0x1f);
            text += '\u001f';
          }
          builder.value(p);
          text += `${p}`;
        });
        const out = new Uint8Array(16);
        builder.digestInto(out);
        expect(hex(out)).toBe(hex(digest128(text)));
      }),
      { numRuns: 2000 },
    );
  });
});
