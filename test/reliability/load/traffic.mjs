// The requests of the load run: what visitors' browsers send to the worker on a page view.

/** The Origin the load's "browsers" send: the sites' allowed origin. */
export const LOAD_ORIGIN = 'https://reliability-load.example';

/** Languages of the config reads: a few variants, as a site's visitors have (each one a cache entry). */
const LANGUAGES = ['en', 'de,en', 'fr-FR,fr', 'es', 'nl-BE,nl,en'];

/**
 * A distinct visitor address per write, from the IPv6 documentation prefix (never routed). The
 * worker limits writes per client (`CF-Connecting-IP`, set by Cloudflare's edge in production and
 * passed through by wrangler dev locally); every write of the load is a different visitor's
 * decision, as on a real site, so the per-client limit is never the bottleneck and stays unchanged.
 * Its refusal is checked separately (checkClientLimit).
 * @param {number} n
 */
// The worker counts an IPv6 client by its /64, so each visitor gets a /64 of its own.
export const visitorAddress = (n) => `2001:db8:${(0x2000 + Math.floor(n / 0x10000)).toString(16)}:${(n % 0x10000).toString(16)}::1`;

/**
 * A valid decision (ConsentEventSchema) for a site with the default config (revision 1), unique to
 * the run and the write number.
 * @param {string} runId
 * @param {number} n
 */
export function consentEvent(runId, n) {
  return JSON.stringify({
    // Event ids are 16–64 characters: the number is padded so the first ones are long enough.
    eventId: `load-${runId}-${String(n).padStart(8, '0')}`,
    subjectId: `load-subject-${runId}-${n}`,
    categories: { necessary: true, analytics: n % 2 === 0, marketing: n % 3 === 0 },
    revision: 1,
    method: ['accept_all', 'reject_all', 'custom', 'toggle'][n % 4],
    gpc: false,
    locale: 'en',
    regime: 'opt-in',
    occurredAt: new Date().toISOString(),
  });
}

/**
 * The next-request function of the writers: a fresh decision each time, spread over `siteIds`.
 * @param {string[]} siteIds
 * @param {string} runId
 * @returns {{ next: () => import('./load-generator.mjs').Request, made: () => number }}
 */
export function consentWrites(siteIds, runId) {
  let n = 0;
  return {
    next() {
      n += 1;
      return {
        method: 'POST',
        path: `/v1/sites/${siteIds[n % siteIds.length]}/consents`,
        headers: { 'Content-Type': 'application/json', Origin: LOAD_ORIGIN, 'CF-Connecting-IP': visitorAddress(n) },
        body: consentEvent(runId, n),
      };
    },
    made: () => n,
  };
}

/**
 * The next-request function of the readers: a site's config in one of a few languages.
 * @param {string[]} siteIds
 * @returns {{ next: () => import('./load-generator.mjs').Request }}
 */
export function configReads(siteIds) {
  let n = 0;
  return {
    next() {
      n += 1;
      return { method: 'GET', path: `/v1/sites/${siteIds[n % siteIds.length]}/config?lang=${encodeURIComponent(LANGUAGES[n % LANGUAGES.length])}`, headers: { Origin: LOAD_ORIGIN } };
    },
  };
}

