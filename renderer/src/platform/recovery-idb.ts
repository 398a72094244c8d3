/**
 * The browser's place for the copy of unsaved work (PlatformBridge's
 * keepRecoveryCopy): one record in this origin's IndexedDB, replaced each
 * time. Without IndexedDB (a locked-down profile) nothing is kept, and
 * nothing is offered.
 */
import type { RecoveryCopy } from '../../../shared/platform-bridge';

const DATABASE = 'cawb-recovery';
const STORE = 'copies';
const KEY = 'unsaved';

function openDatabase(): Promise<IDBDatabase | null> {
  if (typeof indexedDB === 'undefined') return Promise.resolve(null);
  return new Promise((resolve) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
    request.onblocked = () => resolve(null);
  });
}

async function withStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
  const database = await openDatabase();
  if (database === null) return undefined;
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = database.transaction(STORE, mode);
      const request = run(transaction.objectStore(STORE));
      // Resolved when the transaction commits, so a kept copy is on disk when the promise says so.
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    database.close();
  }
}

function isRecoveryCopy(value: unknown): value is RecoveryCopy {
  if (typeof value !== 'object' || value === null) return false;
  const copy = value as Record<string, unknown>;
  return typeof copy.name === 'string' && (copy.path === null || typeof copy.path === 'string') && typeof copy.keptAt === 'string' && copy.bytes instanceof Uint8Array;
}

export async function keepRecoveryCopy(bytes: Uint8Array, file: { name: string; path: string | null }): Promise<void> {
  const copy: RecoveryCopy = { name: file.name, path: file.path, keptAt: new Date().toISOString(), bytes };
  await withStore('readwrite', (store) => store.put(copy, KEY));
}

export async function readRecoveryCopy(): Promise<RecoveryCopy | null> {
  const value: unknown = await withStore('readonly', (store) => store.get(KEY));
  return isRecoveryCopy(value) ? value : null;
}

export async function clearRecoveryCopy(): Promise<void> {
  await withStore('readwrite', (store) => store.delete(KEY));
}
