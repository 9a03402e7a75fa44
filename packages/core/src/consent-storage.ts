import type { ConsentEvent, ConsentState } from '@novoaigen/consent-schema';
import { createStore, get, set, update, type UseStore } from 'idb-keyval';

/** What the SDK keeps on the device, by key. */
export interface StoredConsent {
  /** The visitor's latest decision. */
  state: ConsentState;
  /** Consent events the worker has not accepted yet, oldest first. */
  outbox: ConsentEvent[];
  /** The signed receipt of the latest decision the worker accepted. */
  receipt: string;
}

/**
 * Where the SDK keeps the visitor's state, the outbox and the latest receipt. Every method
 * resolves; none rejects, so storage trouble never reaches the host page.
 */
export interface ConsentStorage {
  get<K extends keyof StoredConsent>(key: K): Promise<StoredConsent[K] | undefined>;
  set<K extends keyof StoredConsent>(key: K, value: StoredConsent[K]): Promise<void>;
  /** Replaces the value with `change(current)`, in one transaction where the backend has them (so tabs do not overwrite each other). */
  update<K extends keyof StoredConsent>(key: K, change: (current: StoredConsent[K] | undefined) => StoredConsent[K]): Promise<void>;
}

/** Keeps everything in memory: for tests, and the fallback when IndexedDB is unavailable. */
export function memoryStorage(): ConsentStorage {
  const values = new Map<string, unknown>();
  return {
    get: async (key) => values.get(key) as never,
    set: async (key, value) => void values.set(key, value),
    update: async (key, change) => void values.set(key, change(values.get(key) as never)),
  };
}

/**
 * IndexedDB through idb-keyval, keys prefixed with the site id. When IndexedDB fails (private
 * modes, blocked storage) everything falls back to memory, so choices still hold for the page's
 * lifetime, and `onUnavailable` hears of it once.
 */
export function indexedDbStorage(siteId: string, onUnavailable?: () => void, dbName = 'novo-consent'): ConsentStorage {
  const fallback = memoryStorage();
  let idb: UseStore | null = null;
  const lose = () => {
    if (idb) onUnavailable?.();
    idb = null;
  };
  try {
    idb = createStore(dbName, 'kv');
  } catch {
    onUnavailable?.();
  }

  async function attempt<T>(useIdb: (store: UseStore) => Promise<T>, useMemory: () => Promise<T>): Promise<T> {
    if (idb) {
      try {
        return await useIdb(idb);
      } catch {
        lose();
      }
    }
    return useMemory();
  }

  return {
    get: (key) => attempt((store) => get(`${siteId}:${key}`, store), () => fallback.get(key)),
    set: (key, value) => attempt((store) => set(`${siteId}:${key}`, value, store), () => fallback.set(key, value)),
    update: (key, change) => attempt((store) => update(`${siteId}:${key}`, change, store), () => fallback.update(key, change)),
  };
}
