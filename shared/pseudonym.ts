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

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

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

  constructor(key: Uint8Array) {
    this.keyed = new HmacSha256(key);
  }

  /** The pseudonym of a reference, or null when the reference is blank. */
  pseudonymOf(reference: string): string | null {
    const known = this.cache.get(reference);
    if (known !== undefined) return known;
    const normalised = normaliseReference(reference);
    if (normalised === '') return null;
    if (normalised.length * 3 > this.input.length) this.input = new Uint8Array(normalised.length * 3);
    const { written } = this.encoder.encodeInto(normalised, this.input);
    const out = this.out;
    this.keyed.digestInto(this.input, written, out);
    let pseudonym = '';
    for (let i = 0; i < PSEUDONYM_HEX_LENGTH / 2; i++) pseudonym += HEX[out[i] ?? 0] ?? '';
    if (this.cache.size > 1_000_000) this.cache.clear();
    this.cache.set(reference, pseudonym);
    return pseudonym;
  }
}

/** One-off pseudonym, for callers outside an import (e.g. a lookup by reference). */
export function pseudonymise(db: Database, reference: string): string | null {
  return new Pseudonymiser(pseudonymKey(db)).pseudonymOf(reference);
}
