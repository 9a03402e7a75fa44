import type { ConsentEvent } from '@novoaigen/consent-schema';
import type { DeliveryResult } from './api-client.js';
import type { ConsentStorage } from './consent-storage.js';

/** The most events kept waiting; past it the oldest go, so a site that is down for months cannot fill the disk. */
export const OUTBOX_LIMIT = 500;

/** Retry delays grow from one second to five minutes, with jitter so that tabs do not retry in step. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(1000 * 2 ** attempt, 5 * 60 * 1000);
  return Math.round(base * (0.5 + random() / 2));
}

/** Hooks the outbox uses to schedule retries; injectable so tests control time. */
export interface OutboxTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Consent events waiting for the worker. An event is kept in storage until the worker has accepted
 * it, so a choice made offline or while the API is down is delivered on a later attempt or page view,
 * oldest first. Its first attempt starts at once, before the storage write and whatever older events
 * still wait: it is a `keepalive` request, so a choice made just before the page is left reaches the
 * worker even if the write never completes. The ledger orders decisions by when they were made, not
 * by arrival.
 */
export class ConsentOutbox {
  #flushing: Promise<void> | null = null;
  #again = false;
  #attempt = 0;
  #timer: unknown = null;
  /** First attempts started by add(), by event id, awaited by the flush instead of sending twice. */
  #early = new Map<string, Promise<DeliveryResult>>();

  #storage: ConsentStorage;
  #deliver: (event: ConsentEvent) => Promise<DeliveryResult>;
  #onSettled: (event: ConsentEvent, result: DeliveryResult) => void;
  #timers: OutboxTimers;

  /** `onSettled` hears of each event the worker accepted (with its receipt) or refused for good. */
  constructor(
    storage: ConsentStorage,
    deliver: (event: ConsentEvent) => Promise<DeliveryResult>,
    onSettled: (event: ConsentEvent, result: DeliveryResult) => void = () => {},
    timers: OutboxTimers = globalThis,
  ) {
    this.#storage = storage;
    this.#deliver = deliver;
    this.#onSettled = onSettled;
    this.#timers = timers;
  }

  /** Sends the event and stores it until the worker has it. */
  async add(event: ConsentEvent): Promise<void> {
    this.#early.set(event.eventId, this.#send(event));
    await this.#storage.update('outbox', (outbox = []) => [...outbox, event].slice(-OUTBOX_LIMIT));
    void this.flush();
  }

  /** Events not yet accepted by the worker. */
  async pending(): Promise<ConsentEvent[]> {
    return (await this.#storage.get('outbox')) ?? [];
  }

  /** Sends waiting events in order; resolves when this round is over (sent, or a retry is scheduled). */
  flush(): Promise<void> {
    if (this.#flushing) {
      this.#again = true;
      return this.#flushing;
    }
    this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
    this.#flushing = this.#run().finally(() => {
      this.#flushing = null;
      // Asked again while this round ran: once more, unless the round ended waiting for a retry
      // (the worker just failed; the timer sends everything then, keeping the backoff).
      if (this.#again) {
        this.#again = false;
        if (this.#timer === null) void this.flush();
      }
    });
    return this.#flushing;
  }

  #send(event: ConsentEvent): Promise<DeliveryResult> {
    return this.#deliver(event).catch((): DeliveryResult => ({ status: 'retry' }));
  }

  async #run(): Promise<void> {
    for (const event of await this.pending()) {
      const early = this.#early.get(event.eventId);
      this.#early.delete(event.eventId);
      const result = await (early ?? this.#send(event));
      if (result.status === 'retry') {
        // The first attempts of later events are answered long before the retry: it sends afresh.
        this.#early.clear();
        this.#timer = this.#timers.setTimeout(() => void this.flush(), backoffDelay(this.#attempt++));
        return;
      }
      await this.#storage.update('outbox', (outbox = []) => outbox.filter((waiting) => waiting.eventId !== event.eventId));
      this.#onSettled(event, result);
    }
    this.#attempt = 0;
  }
}
