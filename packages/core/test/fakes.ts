import { type ConsentEvent, ConsentEventSchema, en, type PublicCategory, type SiteConfig } from '@novoaigen/consent-schema';
import { ConsentApi, type DeliveryResult } from '../src/api-client.js';

/** A category as the worker serves it, with defaults filled in. */
export function testCategory(category: Partial<PublicCategory> & Pick<PublicCategory, 'id'>): PublicCategory {
  return { title: category.id, description: '', required: false, cookies: [], gpcOptOut: false, services: [], ...category };
}

/** The demo site's config, as the worker serves it to an English-speaking visitor in an opt-in region. */
export function testConfig(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return {
    siteId: 'demo',
    revision: 1,
    version: 1,
    expiryDays: 365,
    refusalExpiryDays: 182,
    locale: 'en',
    dir: 'ltr',
    noticeUrl: 'https://example.com/privacy',
    texts: en,
    categories: [
      testCategory({ id: 'necessary', title: 'Strictly necessary', description: 'Keeps the site running.', required: true }),
      testCategory({ id: 'analytics', title: 'Analytics', description: 'Counts visits.', cookies: ['_test_analytics'] }),
      testCategory({ id: 'marketing', title: 'Marketing', description: 'Shows offers.', cookies: ['_test_mkt*'], gpcOptOut: true }),
    ],
    ...overrides,
  };
}

/**
 * Stands in for the worker's HTTP API at the network boundary: serves a config and answers
 * deliveries as the worker would, through the SDK's own `ConsentApi` (so its reading of status
 * codes is exercised too), recording what was sent. (The real worker is exercised by the worker
 * tests and the end-to-end test.)
 */
export class FakeApi implements Pick<ConsentApi, 'fetchConfig' | 'deliver'> {
  delivered: ConsentEvent[] = [];
  attempts = 0;
  /** How the worker answers a valid event: 201 with a receipt, 422, or 503 (retry later). */
  result: DeliveryResult['status'] = 'accepted';
  #client = new ConsentApi('https://api.test', 'demo', [], async (_url, init) => this.#answer(JSON.parse(String(init?.body)) as ConsentEvent));

  constructor(public config: SiteConfig = testConfig()) {}

  async fetchConfig(): Promise<SiteConfig> {
    return this.config;
  }

  deliver(event: ConsentEvent): Promise<DeliveryResult> {
    return this.#client.deliver(event);
  }

  /** The worker's answer: 400 `validation_failed` for an event that does not match the shared schema, then the scripted one. */
  #answer(event: ConsentEvent): Response {
    this.attempts += 1;
    const refusal = (status: number, code: string) => Response.json({ error: { code, message: `refused by the fake worker (${code})` } }, { status });
    if (!ConsentEventSchema.safeParse(event).success) return refusal(400, 'validation_failed');
    if (this.result === 'rejected') return refusal(422, 'unprocessable');
    if (this.result === 'retry') return refusal(503, 'unavailable');
    this.delivered.push(event);
    return Response.json({ receipt: `receipt-of-${event.eventId}` }, { status: 201 });
  }
}

/** Removes every cookie the page can see, so tests start from a browser that never chose. */
export function clearCookies(): void {
  for (const pair of document.cookie.split(/;\s*/)) {
    const name = pair.split('=')[0];
    if (name) document.cookie = `${name}=; Max-Age=0; Path=/`;
  }
}

/** Timers the test fires by hand. */
export class ManualTimers {
  scheduled: { callback: () => void; ms: number }[] = [];
  setTimeout(callback: () => void, ms: number): unknown {
    const entry = { callback, ms };
    this.scheduled.push(entry);
    return entry;
  }
  clearTimeout(handle: unknown): void {
    this.scheduled = this.scheduled.filter((entry) => entry !== handle);
  }
  runNext(): void {
    this.scheduled.shift()?.callback();
  }
}
