/**
 * Victim references are never stored as given. On import each is replaced by
 * HMAC-SHA-256(key, normalised reference), truncated to 128 bits and written
 * as hex. The key is 32 random bytes made for each workbench the first time
 * one is needed and kept in its meta table, so a pseudonym is stable within
 * one workbench (repeat victims are still found) but means nothing outside
 * it, and cannot be reversed by hashing a list of likely references without
 * the key.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { Database } from 'sql.js';
import { HmacSha256 } from './hash';
import { readMeta, writeMeta } from './schema';

export const PSEUDONYM_KEY_META = 'pseudonym_key';
/** Hex characters kept from the HMAC: 128 bits. */
const PSEUDONYM_HEX_LENGTH = 32;

/** The workbench's pseudonym key, created (32 random bytes) on first need. */
export function pseudonymKey(db: Database): Uint8Array {
  const stored = readMeta(db, PSEUDONYM_KEY_META);
  if (stored !== null && /^[0-9a-f]{64}$/.test(stored)) return hexToBytes(stored);
  const key = new Uint8Array(32);
  globalThis.crypto.getRandomValues(key);
  writeMeta(db, PSEUDONYM_KEY_META, bytesToHex(key));
  return key;
}

/** Case, surrounding space and inner runs of space do not make a different person. */
export function normaliseReference(reference: string): string {
  return reference.trim().replace(/\s+/g, ' ').toUpperCase();
}

const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** True when normalising would not change the reference: printable ASCII, no space, no lower case. */
function isNormalAscii(reference: string): boolean {
  if (reference.length === 0) return false;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i);
    if (code <= 0x20 || code >= 0x7f || (code >= 0x61 && code <= 0x7a)) return false;
  }
  return true;
}

/**
 * Pseudonymises references with one key. Keeps a cache of the references
 * already seen in this run (victims repeat); the cache lives only in memory.
 * The HMAC is shared/hash.ts's precomputed-pad HmacSha256: the same
 * pseudonyms as @noble/hashes' hmac, at a fraction of the cost per value.
 */
export class Pseudonymiser {
  private readonly keyed: HmacSha256;
  private readonly out = new Uint8Array(32);
  private readonly encoder = new TextEncoder();
  private input = new Uint8Array(256);
  private readonly cache = new Map<string, string>();
  private readonly hexCodes: number[] = new Array<number>(PSEUDONYM_HEX_LENGTH).fill(0);

  constructor(key: Uint8Array) {
    this.keyed = new HmacSha256(key);
  }

  /** The pseudonym of a reference, or null when the reference is blank. */
  pseudonymOf(reference: string): string | null {
    const known = this.cache.get(reference);
    if (known !== undefined) return known;
    let written: number;
    if (isNormalAscii(reference)) {
      // Most references (NOM-12345): already normal, and their UTF-8 is their char codes.
      if (reference.length > this.input.length) this.input = new Uint8Array(reference.length * 3);
      for (let i = 0; i < reference.length; i++) this.input[i] = reference.charCodeAt(i);
      written = reference.length;
    } else {
      const normalised = normaliseReference(reference);
      if (normalised === '') return null;
      if (normalised.length * 3 > this.input.length) this.input = new Uint8Array(normalised.length * 3);
      written = this.encoder.encodeInto(normalised, this.input).written;
    }
    const out = this.out;
    this.keyed.digestInto(this.input, written, out);
    const codes = this.hexCodes;
    for (let i = 0; i < PSEUDONYM_HEX_LENGTH / 2; i++) {
      const byte = out[i] ?? 0;
      codes[i * 2] = HEX_DIGITS[byte >>> 4] ?? 0;
      codes[i * 2 + 1] = HEX_DIGITS[byte & 15] ?? 0;
    }
    const pseudonym = String.fromCharCode(...codes);
    if (this.cache.size > 1_000_000) this.cache.clear();
    this.cache.set(reference, pseudonym);
    return pseudonym;
  }
}

/** One-off pseudonym, for callers outside an import (e.g. a lookup by reference). */
export function pseudonymise(db: Database, reference: string): string | null {
  return new Pseudonymiser(pseudonymKey(db)).pseudonymOf(reference);
}
