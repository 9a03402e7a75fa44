import type { ConsentEvent, ConsentState } from '@novo-consent/schema';
import { createStore, get, set, update, type UseStore } from 'idb-keyval';

/**
 * Where the SDK keeps the visitor's state and the consent events not yet accepted by the worker.
 * Every method resolves; none rejects, so storage trouble never reaches the host page.
 */
export interface ConsentStorage {
  loadState(): Promise<ConsentState | null>;
  saveState(state: ConsentState): Promise<void>;
  loadOutbox(): Promise<ConsentEvent[]>;
  addToOutbox(event: ConsentEvent): Promise<void>;
  removeFromOutbox(eventId: string): Promise<void>;
  /** The signed receipt of the latest decision the worker accepted. */
  loadReceipt(): Promise<string | null>;
  saveReceipt(receipt: string): Promise<void>;
}

/** The most events kept waiting; past it the oldest go, so a site that is down for months cannot fill the disk. */
export const OUTBOX_LIMIT = 500;

/** Keeps everything in memory: for tests, and the fallback when IndexedDB is unavailable. */
export function memoryStorage(): ConsentStorage {
  let state: ConsentState | null = null;
  let outbox: ConsentEvent[] = [];
  let receipt: string | null = null;
  return {
    loadState: async () => state,
    saveState: async (next) => {
      state = next;
    },
    loadOutbox: async () => [...outbox],
    addToOutbox: async (event) => {
      outbox = [...outbox, event].slice(-OUTBOX_LIMIT);
    },
    removeFromOutbox: async (eventId) => {
      outbox = outbox.filter((event) => event.eventId !== eventId);
    },
    loadReceipt: async () => receipt,
    saveReceipt: async (next) => {
      receipt = next;
    },
  };
}

/**
 * IndexedDB through idb-keyval, one key per site. When IndexedDB fails (private modes, blocked
 * storage) each call falls back to memory, so choices still hold for the page's lifetime.
 */
export function indexedDbStorage(siteId: string, dbName = 'novo-consent'): ConsentStorage {
  const fallback = memoryStorage();
  let idb: UseStore | null = null;
  try {
    idb = createStore(dbName, 'kv');
  } catch {
    idb = null;
  }
  const stateKey = `${siteId}:state`;
  const outboxKey = `${siteId}:outbox`;
  const receiptKey = `${siteId}:receipt`;

  async function attempt<T>(useIdb: (store: UseStore) => Promise<T>, useMemory: () => Promise<T>): Promise<T> {
    if (idb) {
      try {
        return await useIdb(idb);
      } catch {
        idb = null;
      }
    }
    return useMemory();
  }

  return {
    loadState: () => attempt(async (store) => (await get<ConsentState>(stateKey, store)) ?? null, fallback.loadState),
    saveState: (state) =>
      attempt(
        (store) => set(stateKey, state, store),
        () => fallback.saveState(state),
      ),
    loadOutbox: () => attempt(async (store) => (await get<ConsentEvent[]>(outboxKey, store)) ?? [], fallback.loadOutbox),
    addToOutbox: (event) =>
      attempt(
        (store) => update<ConsentEvent[]>(outboxKey, (outbox = []) => [...outbox, event].slice(-OUTBOX_LIMIT), store),
        () => fallback.addToOutbox(event),
      ),
    removeFromOutbox: (eventId) =>
      attempt(
        (store) => update<ConsentEvent[]>(outboxKey, (outbox = []) => outbox.filter((event) => event.eventId !== eventId), store),
        () => fallback.removeFromOutbox(eventId),
      ),
    loadReceipt: () => attempt(async (store) => (await get<string>(receiptKey, store)) ?? null, fallback.loadReceipt),
    saveReceipt: (receipt) =>
      attempt(
        (store) => set(receiptKey, receipt, store),
        () => fallback.saveReceipt(receipt),
      ),
  };
}
