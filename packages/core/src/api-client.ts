import type { ConsentEvent, SiteConfig } from '@novoaigen/consent-schema';
import { isSiteConfig } from './site-config-guard.js';

/** What became of one attempt to deliver a consent event; an accepted one carries the signed receipt. */
export type DeliveryResult = { status: 'accepted'; receipt?: string } | { status: 'rejected' | 'retry' };

/**
 * What the developer of a page on an origin the site does not allow (a dev server, a new domain)
 * reads in the console instead of a silent page: the worker refuses such origins before anything
 * else, and the operator's commands are the only remedy.
 */
function originNotAllowed(origin: string, siteId: string): string {
  return (
    `origin ${origin} is not allowed for site ${siteId}: add it with \`npm run site -- update ${siteId} --origin ${origin} --origin …\` ` +
    `(name every origin to keep: the list is replaced) or the admin API, PATCH /v1/admin/sites/${siteId} with "origins"`
  );
}

/** Talks to the worker's public routes of one site. */
export class ConsentApi {
  /** The worker's origin, as given. */
  readonly apiBase: string;
  readonly siteId: string;
  #base: string;
  #fetch: typeof fetch;

  #languages: readonly string[];

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

  /** Fetches the site's config for this visitor; throws on network or HTTP errors and on a body that is not a config. */
  async fetchConfig(): Promise<SiteConfig> {
    const query = this.#languages.length > 0 ? `?lang=${encodeURIComponent(this.#languages.join(','))}` : '';
    const res = await this.#fetch(`${this.#base}/config${query}`, { credentials: 'omit' });
    const body: unknown = await res.json().catch(() => null);
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    if (error?.code === 'origin_not_allowed') throw new Error(originNotAllowed(location.origin, this.siteId));
    if (!res.ok) throw new Error(`config request failed with HTTP ${res.status}: ${error?.message ?? ''}`);
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
