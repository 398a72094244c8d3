import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmacSha256, fileSha256Hex, sha256Hex } from './hash';

describe('HmacSha256', () => {
  it('equals @noble/hashes HMAC-SHA-256 for any key and message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 150 }), fc.uint8Array({ maxLength: 200 }), (key, message) => {
        const out = new Uint8Array(32);
        new HmacSha256(key).digestInto(message, message.length, out);
        expect(out).toEqual(hmac(sha256, key, message));
      }),
      { numRuns: 1500 },
    );
  });

  it('reuses one keyed state across messages of every length around the block boundaries', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
    const keyed = new HmacSha256(key);
    const buffer = Uint8Array.from({ length: 300 }, (_, i) => (i * 101 + 7) & 0xff);
    const out = new Uint8Array(32);
    for (const length of [0, 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 300]) {
      keyed.digestInto(buffer, length, out);
      expect(out).toEqual(hmac(sha256, key, buffer.subarray(0, length)));
    }
  });

  it('gives the RFC 4231 test case 2 value', () => {
    const out = new Uint8Array(32);
    const message = new TextEncoder().encode('what do ya want for nothing?');
    new HmacSha256(new TextEncoder().encode('Jefe')).digestInto(message, message.length, out);
    expect(Buffer.from(out).toString('hex')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});

describe('fileSha256Hex', () => {
  it('equals the JavaScript SHA-256 of the bytes', async () => {
    const bytes = Uint8Array.from({ length: 100_001 }, (_, i) => (i * 7919) & 0xff);
    expect(await fileSha256Hex(bytes)).toBe(sha256Hex(bytes));
    expect(await fileSha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
