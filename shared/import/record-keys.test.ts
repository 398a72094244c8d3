import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { RecordKeys } from './record-keys';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('RecordKeys', () => {
  it('finds exactly the keys added, with their ids and latest content hashes, as a Map does, through growth', () => {
    // Keys drawn from a small pool so repeats are common; a few share their first four bytes (the probe tag).
    const pool = fc.uniqueArray(fc.uint8Array({ minLength: 16, maxLength: 16 }), { minLength: 1, maxLength: 60, selector: hex });
    fc.assert(
      fc.property(pool, fc.array(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.boolean()), { maxLength: 400 }), (keys, steps) => {
        const sameTag = keys.map((key, i) => (i % 5 === 0 ? Uint8Array.from([1, 2, 3, 4, ...key.subarray(4)]) : key));
        const unique = [...new Map(sameTag.map((key) => [hex(key), key])).values()];
        const table = new RecordKeys(1);
        const reference = new Map<string, { id: number; hash: string | null }>();
        let nextId = 1;
        for (const [pick, hash, withHash] of steps) {
          const key = unique[pick % unique.length] as Uint8Array;
          // Key and hash at an offset in a larger buffer, as in a batch.
          const batch = new Uint8Array(40);
          batch.set(key, 3);
          batch.set(hash, 19);
          const entry = table.find(batch, 3);
          const known = reference.get(hex(key));
          expect(entry >= 0).toBe(known !== undefined);
          if (known === undefined) {
            table.add(batch, 3, withHash ? batch : null, 19, nextId);
            reference.set(hex(key), { id: nextId++, hash: withHash ? hex(hash) : null });
            continue;
          }
          expect(table.idOf(entry)).toBe(known.id);
          expect(table.hashEquals(entry, batch, 19)).toBe(known.hash === hex(hash));
          table.setHash(entry, batch, 19);
          known.hash = hex(hash);
        }
        expect(table.size).toBe(reference.size);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the stored records, ids and content hashes (none where a record has none)', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.run('CREATE TABLE record (id INTEGER PRIMARY KEY, record_key BLOB NOT NULL, content_hash BLOB)');
    const key = (n: number): Uint8Array => Uint8Array.from({ length: 16 }, (_, i) => (i < 4 ? (n * 2654435761) >>> (i * 8) : n >>> ((i % 4) * 8)) & 0xff);
    for (let n = 0; n < 3000; n++) db.run('INSERT INTO record VALUES (?, ?, ?)', [n * 2 + 5, key(n), n % 10 === 0 ? null : key(n + 1)]);
    const table = RecordKeys.of(db, 10);
    expect(table.size).toBe(3000);
    for (const n of [0, 1, 1234, 2999]) {
      const entry = table.find(key(n), 0);
      expect(table.idOf(entry)).toBe(n * 2 + 5);
      expect(table.hashEquals(entry, key(n + 1), 0)).toBe(n % 10 !== 0);
    }
    expect(table.find(key(3000), 0)).toBe(-1);
    db.run('INSERT INTO record VALUES (1, ?, NULL)', [new Uint8Array(8)]);
    expect(() => RecordKeys.of(db)).toThrow(/record 1 has no 16-byte record key/);
    db.close();
  });
});
