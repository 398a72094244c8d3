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
  const units = length <= scratch.length ? scratch : new Uint16Array(length);
  for (let i = 0; i < length; i++) units[i] = text.charCodeAt(i);
  digestUnitsInto(units, length, out, seed);
}

const scratch = new Uint16Array(1024);

/**
 * The text of a digest written piece by piece into a reused buffer of UTF-16
 * code units, so a row's content hash needs no joined string and no number
 * formatting: `digestInto` gives exactly `digest128Into` of the text
 * `${a}${b}...` that the same pieces would make.
 */
export class DigestText {
  private units = new Uint16Array(512);
  private length = 0;

  reset(): this {
    this.length = 0;
    return this;
  }

  private room(extra: number): Uint16Array {
    if (this.length + extra > this.units.length) {
      const next = new Uint16Array(Math.max(this.units.length * 2, this.length + extra));
      next.set(this.units.subarray(0, this.length));
      this.units = next;
    }
    return this.units;
  }

  /** One code unit (a separator). */
  unit(code: number): this {
    this.room(1)[this.length++] = code;
    return this;
  }

  text(value: string): this {
    const units = this.room(value.length);
    let at = this.length;
    for (let i = 0; i < value.length; i++) units[at++] = value.charCodeAt(i);
    this.length = at;
    return this;
  }

  /** A value as a template literal writes it: null as "null", numbers as String(n). */
  value(value: string | number | null): this {
    if (value === null) return this.text('null');
    if (typeof value === 'string') return this.text(value);
    if (!Number.isSafeInteger(value)) return this.text(String(value));
    // Whole numbers digit by digit (String(n) would allocate a string per number).
    const units = this.room(17);
    let n = value;
    if (n < 0) {
      units[this.length++] = 0x2d;
      n = -n;
    }
    let digits = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    let at = this.length + digits;
    this.length = at;
    do {
      units[--at] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
    return this;
  }

  digestInto(out: Uint8Array, seed = 0): void {
    digestUnitsInto(this.units, this.length, out, seed);
  }
}

/** MurmurHash3 x86_128 over code units (two per 32-bit word), as digest128Into describes. */
function digestUnitsInto(text: Uint16Array, length: number, out: Uint8Array, seed: number): void {
  let h1 = seed | 0;
  let h2 = seed | 0;
  let h3 = seed | 0;
  let h4 = seed | 0;
  const blocks = length - (length % 8);
  let i = 0;
  for (; i < blocks; i += 8) {
    let k1 = (text[i] ?? 0) | ((text[i + 1] ?? 0) << 16);
    let k2 = (text[i + 2] ?? 0) | ((text[i + 3] ?? 0) << 16);
    let k3 = (text[i + 4] ?? 0) | ((text[i + 5] ?? 0) << 16);
    let k4 = (text[i + 6] ?? 0) | ((text[i + 7] ?? 0) << 16);

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
  if (rest > 6) k4 = (text[i + 6] ?? 0);
  if (rest > 5) k3 = (text[i + 5] ?? 0) << 16;
  if (rest > 4) k3 |= (text[i + 4] ?? 0);
  if (rest > 3) k2 = (text[i + 3] ?? 0) << 16;
  if (rest > 2) k2 |= (text[i + 2] ?? 0);
  if (rest > 1) k1 = (text[i + 1] ?? 0) << 16;
  if (rest > 0) k1 |= (text[i] ?? 0);
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
