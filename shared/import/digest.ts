/**
 * A fast 128-bit digest for record keys and content hashes.
 *
 * SHA-256 in JavaScript costs several microseconds per row, which alone would
 * cap an import well below 100k rows/s. Keys and content hashes guard against
 * accidental collisions between an analyst's own records, not against an
 * adversary, so a well-mixed non-cryptographic 128-bit hash is enough:
 * MurmurHash3 x86_128 over the string's UTF-16 code units (two units per
 * 32-bit word). With n records the chance of any collision is about
 * n^2 / 2^129: 10^-22 at 100 million records.
 *
 * Pseudonyms are different (they must resist a dictionary attack without the
 * key) and use HMAC-SHA-256: see shared/pseudonym.ts.
 */

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** The 128-bit digest of a string, as 16 bytes. */
export function digest128(text: string, seed = 0): Uint8Array {
  const out = new Uint8Array(16);
  digest128Into(text, out, seed);
  return out;
}

/** Writes the digest into `out` (16 bytes), so hot loops can reuse a buffer. */
export function digest128Into(text: string, out: Uint8Array, seed = 0): void {
  const length = text.length;
  let h1 = seed | 0;
  let h2 = seed | 0;
  let h3 = seed | 0;
  let h4 = seed | 0;
  const blocks = length - (length % 8);
  let i = 0;
  for (; i < blocks; i += 8) {
    let k1 = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
    let k2 = text.charCodeAt(i + 2) | (text.charCodeAt(i + 3) << 16);
    let k3 = text.charCodeAt(i + 4) | (text.charCodeAt(i + 5) << 16);
    let k4 = text.charCodeAt(i + 6) | (text.charCodeAt(i + 7) << 16);

    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
    h1 = rotl(h1, 19) + h2;
    h1 = (Math.imul(h1, 5) + 0x561ccd1b) | 0;

    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 ^= k2;
    h2 = rotl(h2, 17) + h3;
    h2 = (Math.imul(h2, 5) + 0x0bcaa747) | 0;

    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 ^= k3;
    h3 = rotl(h3, 15) + h4;
    h3 = (Math.imul(h3, 5) + 0x96cd1c35) | 0;

    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 ^= k4;
    h4 = rotl(h4, 13) + h1;
    h4 = (Math.imul(h4, 5) + 0x32ac3b17) | 0;
  }

  // Tail: up to 7 code units, packed the same way.
  let k1 = 0;
  let k2 = 0;
  let k3 = 0;
  let k4 = 0;
  const rest = length - i;
  if (rest > 6) k4 = text.charCodeAt(i + 6);
  if (rest > 5) k3 = text.charCodeAt(i + 5) << 16;
  if (rest > 4) k3 |= text.charCodeAt(i + 4);
  if (rest > 3) k2 = text.charCodeAt(i + 3) << 16;
  if (rest > 2) k2 |= text.charCodeAt(i + 2);
  if (rest > 1) k1 = text.charCodeAt(i + 1) << 16;
  if (rest > 0) k1 |= text.charCodeAt(i);
  if (k4 !== 0) h4 ^= Math.imul(rotl(Math.imul(k4, C4), 18), C1);
  if (k3 !== 0) h3 ^= Math.imul(rotl(Math.imul(k3, C3), 17), C4);
  if (k2 !== 0) h2 ^= Math.imul(rotl(Math.imul(k2, C2), 16), C3);
  if (k1 !== 0) h1 ^= Math.imul(rotl(Math.imul(k1, C1), 15), C2);

  // Length in bytes (2 per code unit), as MurmurHash3 does.
  const bytes = length * 2;
  h1 ^= bytes;
  h2 ^= bytes;
  h3 ^= bytes;
  h4 ^= bytes;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  writeWord(out, 0, h1);
  writeWord(out, 4, h2);
  writeWord(out, 8, h3);
  writeWord(out, 12, h4);
}

function writeWord(out: Uint8Array, at: number, word: number): void {
  out[at] = word >>> 24;
  out[at + 1] = (word >>> 16) & 0xff;
  out[at + 2] = (word >>> 8) & 0xff;
  out[at + 3] = word & 0xff;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
