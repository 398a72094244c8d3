/**
 * The record keys of a bulk import, held in memory while the database's
 * unique key index is dropped (import-files.ts `deferIndexes`): inserting a
 * million random 16-byte keys into a B-tree one at a time costs more than
 * writing the records themselves, and building the index once at the end
 * takes about half as long. The key index is rebuilt as UNIQUE before the
 * import commits, so a mistake here fails the import instead of storing a
 * record twice.
 *
 * Each entry is a record's key, its content hash (to tell a duplicate from
 * an update) and its id. Keys are digests, so their first four bytes are
 * already well spread: they index an open-addressing table directly.
 */
import type { Database } from 'sql.js';

const KEY = 16;
const HASH = 16;

export class RecordKeys {
  /** Entry number + 1 per slot; 0 is empty. */
  private slots: Int32Array;
  /** The first four bytes of each slot's key: most probes end here without comparing keys. */
  private tags: Int32Array;
  private keys: Uint8Array;
  private hashes: Uint8Array;
  /** 1 where the entry has a content hash (records stored without one never match). */
  private hasHash: Uint8Array;
  private ids: Float64Array;
  private count = 0;

  /** Room for `expected` keys before growing. */
  constructor(expected = 1024) {
    const capacity = Math.max(1024, expected);
    this.slots = new Int32Array(slotsFor(capacity));
    this.tags = new Int32Array(this.slots.length);
    this.keys = new Uint8Array(KEY * capacity);
    this.hashes = new Uint8Array(HASH * capacity);
    this.hasHash = new Uint8Array(capacity);
    this.ids = new Float64Array(capacity);
  }

  /** Every record already in the workbench, with room for `expected` keys in all. */
  static of(db: Database, expected = 0): RecordKeys {
    const table = new RecordKeys(expected);
    const statement = db.prepare('SELECT record_key, content_hash, id FROM record');
    try {
      while (statement.step()) {
        const [key, hash, id] = statement.get();
        if (!(key instanceof Uint8Array) || key.length !== KEY) throw new Error(`record ${String(id)} has no 16-byte record key`);
        table.add(key, 0, hash instanceof Uint8Array && hash.length === HASH ? hash : null, 0, Number(id));
      }
    } finally {
      statement.free();
    }
    return table;
  }

  get size(): number {
    return this.count;
  }

  /** The entry holding the key at `keys[offset..offset+16)`, or -1. */
  find(keys: Uint8Array, offset: number): number {
    const mask = this.slots.length - 1;
    const tag = tagOf(keys, offset);
    for (let slot = tag & mask; ; slot = (slot + 1) & mask) {
      const entry = (this.slots[slot] ?? 0) - 1;
      if (entry < 0) return -1;
      if (this.tags[slot] === tag && this.keyEquals(entry, keys, offset)) return entry;
    }
  }

  /** Adds a key not yet held (find returned -1). */
  add(keys: Uint8Array, keyOffset: number, hashes: Uint8Array | null, hashOffset: number, id: number): void {
    if (this.count === this.ids.length) this.growEntries(this.ids.length * 2);
    if (slotsFor(this.count + 1) > this.slots.length) this.rehash(slotsFor(this.count + 1));
    const entry = this.count++;
    const at = entry * KEY;
    for (let i = 0; i < KEY; i++) this.keys[at + i] = keys[keyOffset + i] ?? 0;
    this.setHash(entry, hashes, hashOffset);
    this.ids[entry] = id;
    this.place(entry, tagOf(keys, keyOffset));
  }

  idOf(entry: number): number {
    return this.ids[entry] ?? Number.NaN;
  }

  /** Whether the entry's content hash equals `hashes[offset..offset+16)`. */
  hashEquals(entry: number, hashes: Uint8Array, offset: number): boolean {
    if (this.hasHash[entry] !== 1) return false;
    const at = entry * HASH;
    for (let i = 0; i < HASH; i++) if (this.hashes[at + i] !== hashes[offset + i]) return false;
    return true;
  }

  /** The entry's content hash after an update (null: none). */
  setHash(entry: number, hashes: Uint8Array | null, offset: number): void {
    if (hashes === null) {
      this.hasHash[entry] = 0;
      return;
    }
    const at = entry * HASH;
    for (let i = 0; i < HASH; i++) this.hashes[at + i] = hashes[offset + i] ?? 0;
    this.hasHash[entry] = 1;
  }

  private place(entry: number, tag: number): void {
    const mask = this.slots.length - 1;
    let slot = tag & mask;
    while ((this.slots[slot] ?? 0) !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
    this.tags[slot] = tag;
  }

  private keyEquals(entry: number, keys: Uint8Array, offset: number): boolean {
    const at = entry * KEY;
    for (let i = 0; i < KEY; i++) if (this.keys[at + i] !== keys[offset + i]) return false;
    return true;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    this.tags = new Int32Array(size);
    for (let entry = 0; entry < this.count; entry++) this.place(entry, tagOf(this.keys, entry * KEY));
  }

  private growEntries(capacity: number): void {
    const keys = new Uint8Array(capacity * KEY);
    keys.set(this.keys);
    this.keys = keys;
    const hashes = new Uint8Array(capacity * HASH);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const hasHash = new Uint8Array(capacity);
    hasHash.set(this.hasHash);
    this.hasHash = hasHash;
    const ids = new Float64Array(capacity);
    ids.set(this.ids);
    this.ids = ids;
  }
}

/** A power of two at least twice `entries`: linear probing stays short at half full. */
function slotsFor(entries: number): number {
  let size = 1 << 11;
  while (size < entries * 2) size *= 2;
  return size;
}

/** The key's first four bytes as an int: keys are digests, so already well spread. */
function tagOf(keys: Uint8Array, offset: number): number {
  return (keys[offset] ?? 0) | ((keys[offset + 1] ?? 0) << 8) | ((keys[offset + 2] ?? 0) << 16) | ((keys[offset + 3] ?? 0) << 24);
}
