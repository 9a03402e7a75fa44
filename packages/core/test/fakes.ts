import { type ConsentEvent, ConsentEventSchema, type SiteConfig } from '@novo-consent/schema';
import type { ConsentApi, DeliveryResult } from '../src/api-client.js';

/** The demo site's config, in the served (defaults filled in) form. */
export function testConfig(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return {
    siteId: 'demo',
    revision: 1,
    version: 1,
    expiryDays: 365,
    locale: 'en',
    noticeUrl: 'https://example.com/privacy',
    texts: {},
    categories: [
      { id: 'necessary', title: 'Strictly necessary', description: 'Keeps the site running.', required: true, cookies: [] },
      { id: 'analytics', title: 'Analytics', description: 'Counts visits.', required: false, cookies: ['_test_analytics'] },
      { id: 'marketing', title: 'Marketing', description: 'Shows offers.', required: false, cookies: ['_test_mkt*'] },
    ],
    ...overrides,
  };
}

/**
 * Stands in for the worker's HTTP API at the network boundary: serves a config and answers
 * deliveries with a scripted result, recording what was sent. (The real worker is exercised by the
 * worker tests and the end-to-end test.)
 */
export class FakeApi implements Pick<ConsentApi, 'fetchConfig' | 'deliver'> {
  delivered: ConsentEvent[] = [];
  attempts = 0;
  result: DeliveryResult['status'] = 'accepted';

  constructor(public config: SiteConfig = testConfig()) {}

  async fetchConfig(): Promise<SiteConfig> {
    return this.config;
  }

  /** Refuses, as the worker would, any event that does not match the shared request schema. */
  async deliver(event: ConsentEvent): Promise<DeliveryResult> {
    this.attempts += 1;
    const checked = ConsentEventSchema.safeParse(event);
    if (!checked.success) throw new Error(`the SDK sent an invalid consent event: ${checked.error.message}`);
    if (this.result !== 'accepted') return { status: this.result };
    this.delivered.push(event);
    return { status: 'accepted', receipt: `receipt-of-${event.eventId}` };
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
