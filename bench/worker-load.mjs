// The worker half of `npm run bench`: autocannon against the local worker (wrangler dev) for the
// two requests every page view can make, next to a bare Hono route on the same runtime.
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { checkWriteLimit } from '../scripts/lib/local-worker.mjs';

/** The demo site's allowed origin (worker/seed/demo.sql): what a browser on the demo would send. */
export const DEMO_ORIGIN = 'http://localhost:8080';

/**
 * A distinct visitor address per request, from the IPv6 documentation prefix (2001:db8::/32, never
 * routed). The worker keys its per-client write limit on `CF-Connecting-IP` (clientKey in
 * worker/src/middleware/rate-limit.ts). In production Cloudflare's edge sets that header from the
 * connection; locally wrangler passes the client's own through, so every request here is a new
 * visitor, as real page views are, and the limit itself stays as it is.
 */
export const visitorAddress = (n) => `2001:db8:${Math.floor(n / 0x10000).toString(16)}:${(n % 0x10000).toString(16)}::1`; // a /64 each: the worker counts IPv6 clients by /64

/**
 * A valid consent decision (ConsentEventSchema in packages/schema/src/consent.ts) for the demo
 * site's config revision 1, with an eventId and subjectId unique to this bench run and request.
 */
export function consentEvent(runId, n) {
  return JSON.stringify({
    eventId: `bench-${runId}-${n}`,
    subjectId: `bench-subject-${runId}-${n}`,
    categories: { necessary: true, analytics: n % 2 === 0, marketing: false },
    revision: 1,
    method: 'custom',
    gpc: false,
    locale: 'en',
    regime: 'opt-in',
    occurredAt: new Date().toISOString(),
  });
}

/**
 * One autocannon run (`seconds` long, or `amount` requests), summarised: mean requests per second, latency percentiles in ms, the answers
 * by status code, and how often wrangler reloaded the worker meanwhile (a save in worker/src or a
 * rebuild of dist/ by someone else; such a run is disturbed).
 */
export async function load({ url, connections, seconds, amount, request = {}, worker }) {
  let reloads = 0;
  const unfollow = worker?.onOutput((text) => (reloads += text.match(/Reloading local server/g)?.length ?? 0));
  try {
    // With `amount`, that many requests and every answer awaited (none cut off at the end), in place of a time.
    const result = await autocannon({ url, connections, ...(amount ? { amount } : { duration: seconds }), requests: [request] });
    const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, Number(count)]));
    return {
      requestsPerSecond: result.requests.average,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.average },
      requests: result.requests.total,
      statusCodes,
      errors: result.errors,
      timeouts: result.timeouts,
      workerReloads: reloads,
    };
  } finally {
    unfollow?.();
  }
}

/**
 * Load runs, one after the other (the machine has 2 cores): the bare route, then the config read,
 * then consent writes. Each gets a short warm-up first that is not counted.
 * @param {object} options
 * @param {{ origin: string, service: import('../scripts/lib/processes.mjs').Service }} options.worker  the product's worker
 * @param {{ origin: string, service: import('../scripts/lib/processes.mjs').Service }} options.bare  the bare Hono worker
 * @param {number} options.connections
 * @param {number} options.seconds
 * @param {(message: string) => void} [options.log]
 */
export async function runWorkerBench({ worker, bare, connections, seconds, log = () => {} }) {
  const runId = randomBytes(6).toString('base64url');
  let n = 0;
  const write = {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: DEMO_ORIGIN },
    setupRequest(request) {
      n += 1;
      return { ...request, body: consentEvent(runId, n), headers: { ...request.headers, 'cf-connecting-ip': visitorAddress(n) } };
    },
  };
  const targets = [
    { id: 'bare', label: 'bare Hono route GET /', url: `${bare.origin}/`, service: bare.service },
    { id: 'config', label: 'GET /v1/sites/demo/config', url: `${worker.origin}/v1/sites/demo/config?lang=en`, request: { headers: { origin: DEMO_ORIGIN } }, service: worker.service },
    { id: 'consents', label: 'POST /v1/sites/demo/consents', url: `${worker.origin}/v1/sites/demo/consents`, request: write, service: worker.service },
  ];

  const results = {};
  for (const target of targets) {
    if (target.id === 'consents') {
      log('write limit check: 61 writes from one address');
      results.clientLimit = await checkWriteLimit({ api: worker.origin, siteId: 'demo', origin: DEMO_ORIGIN, address: '2001:db8:ffff::1', body: (n) => consentEvent(`${runId}-limit`, n) });
    }
    log(`${target.label}: warm-up, then ${seconds} s with ${connections} connections`);
    await load({ url: target.url, connections: Math.min(connections, 10), seconds: 2, request: target.request });
    results[target.id] = { label: target.label, ...(await load({ url: target.url, connections, seconds, request: target.request, worker: target.service })) };
  }
  // The config answer the load run got: from the worker's edge cache (Cache API) or built from D1.
  results.config.edgeCache = (await fetch(targets[1].url, { headers: { Origin: DEMO_ORIGIN } })).headers.get('X-Edge-Cache');

  const writes = results.consents.statusCodes;
  results.consents.accepted = writes['201'] ?? 0;
  results.consents.refused = writes['429'] ?? 0;
  results.consents.acceptedPerSecond = results.consents.accepted / seconds;
  for (const id of ['config', 'consents']) {
    results[id].ratioToBare = {
      requestsPerSecond: results[id].requestsPerSecond / results.bare.requestsPerSecond,
      p50: results[id].latencyMs.p50 / results.bare.latencyMs.p50,
      p99: results[id].latencyMs.p99 / results.bare.latencyMs.p99,
    };
  }
  return results;
}
