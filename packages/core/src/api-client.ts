import type { ConsentEvent, SiteConfig } from '@novoaigen/consent-schema';
import { isSiteConfig } from './site-config-guard.js';

/** What became of one attempt to deliver a consent event; an accepted one carries the signed receipt. */
export type DeliveryResult = { status: 'accepted'; receipt?: string } | { status: 'rejected' | 'retry' };

/** Talks to the worker's public routes of one site. */
export class ConsentApi {
  /** The worker's origin, as given. */
  readonly apiBase: string;
  readonly siteId: string;
  #base: string;
  #fetch: typeof fetch;

  #languages: readonly string[];
  #prefetched: Promise<SiteConfig> | undefined;

  /**
   * @param languages The visitor's languages, most preferred first (the page's `lang`, then
   * `navigator.languages`); the worker answers in the first one the site offers.
   */
  constructor(apiBase: string, siteId: string, languages: readonly string[] = [], fetchImpl: typeof fetch = (...args) => fetch(...args)) {
    this.apiBase = apiBase;
    this.siteId = siteId;
    this.#base = `${apiBase.replace(/\/+$/, '')}/v1/sites/${encodeURIComponent(siteId)}`;
    this.#languages = languages;
    this.#fetch = fetchImpl;
  }

  /**
   * Starts the config request now, before anything else the SDK runs (the script tag calls it as
   * soon as it executes, even before `<body>` exists); the next `fetchConfig()` answers with it.
   */
  prefetchConfig(): void {
    this.#prefetched ??= this.#requestConfig();
    // Handled here, so a failure the store will retry is no unhandled rejection in the meantime.
    this.#prefetched.catch(() => {});
  }

  /** Fetches the site's config for this visitor; throws on network or HTTP errors and on a body that is not a config. */
  fetchConfig(): Promise<SiteConfig> {
    const prefetched = this.#prefetched;
    this.#prefetched = undefined;
    return prefetched ?? this.#requestConfig();
  }

  async #requestConfig(): Promise<SiteConfig> {
    const query = this.#languages.length > 0 ? `?lang=${encodeURIComponent(this.#languages.join(','))}` : '';
    const res = await this.#fetch(`${this.#base}/config${query}`, { credentials: 'omit' });
    const body: unknown = await res.json().catch(() => null);
    // The worker's own message says what to fix: a mistyped site id, or this page's origin, which the
    // site does not allow (with the command that allows it).
    if (!res.ok) throw new Error((body as { error?: { message?: string } } | null)?.error?.message ?? `config request failed with HTTP ${res.status}`);
    if (!isSiteConfig(body)) throw new Error('not a site config');
    return body;
  }

  /**
   * Sends one event. The worker is idempotent by `eventId`, so a retry after a lost answer is safe.
   * Refusals that no retry can fix (the body is invalid) are `rejected`; everything else, including
   * an origin or site the operator may still fix, is retried.
   */
  async deliver(event: ConsentEvent): Promise<DeliveryResult> {
    try {
      const res = await this.#fetch(`${this.#base}/consents`, {
        method: 'POST',
        credentials: 'omit',
        keepalive: true,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(event),
      });
      if (res.ok) return { status: 'accepted', receipt: ((await res.json()) as { receipt?: string }).receipt };
      if (res.status === 409) return { status: 'accepted' };
      return { status: [400, 413, 415, 422].includes(res.status) ? 'rejected' : 'retry' };
    } catch {
      return { status: 'retry' };
    }
  }
}
