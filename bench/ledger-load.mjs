// The ledger half of `npm run bench` (issue 15): consent writes beside the trivial route of the same
// worker, rows in the ledger against writes accepted (counted through the admin export), and writes
// per second as a site's shard count grows, for one site and for many.
import { randomBytes } from 'node:crypto';
import { devVar } from '../scripts/lib/local-worker.mjs';
import { consentEvent, DEMO_ORIGIN, load, visitorAddress } from './worker-load.mjs';

/** The shard counts measured, and how many sites share the load in the many-sites runs. */
const SHARD_COUNTS = [1, 2, 4, 8];
const MANY_SITES = 50;

const CATEGORIES = [
  { id: 'necessary', title: 'Necessary', description: 'Needed to run the site.', required: true },
  { id: 'analytics', title: 'Analytics', description: 'Measures visits.' },
  { id: 'marketing', title: 'Marketing', description: 'Personalised offers.' },
];

/** Calls the admin API with the local root key; throws on an error answer. */
async function rootCall(origin, path, method = 'GET', body) {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { Authorization: `Bearer ${devVar('ADMIN_ROOT_KEY')}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

/** A site with `shards` ledger shards and a published config, open to the bench's writes. */
async function createSite(origin, siteId, shards) {
  await rootCall(origin, '/v1/admin/sites', 'POST', { siteId, name: siteId, origins: [DEMO_ORIGIN], ledgerShards: shards });
  await rootCall(origin, `/v1/admin/sites/${siteId}/config`, 'PUT', { categories: CATEGORIES });
}

/** Rows of a site's ledger, counted line by line in its JSONL export (what a client would download). */
async function exportedRows(origin, siteId) {
  const text = await (await rootCall(origin, `/v1/admin/sites/${siteId}/consents?format=jsonl`)).text();
  return text.split('\n').filter((line) => line !== '').length;
}

/** A write request for autocannon spread round-robin over `sites`, one new visitor per request. */
function writesTo(sites, runId) {
  let n = 0;
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: DEMO_ORIGIN },
    setupRequest(request) {
      n += 1;
      return { ...request, path: `/v1/sites/${sites[n % sites.length]}/consents`, body: consentEvent(runId, n), headers: { ...request.headers, 'cf-connecting-ip': visitorAddress(n) } };
    },
  };
}

const summary = (run, seconds) => ({ ...run, acceptedPerSecond: (run.statusCodes['201'] ?? 0) / seconds });

/**
 * @param {object} options
 * @param {{ origin: string, service: import('../scripts/lib/processes.mjs').Service }} options.worker
 * @param {number} options.connections
 * @param {number} options.seconds
 * @param {(message: string) => void} [options.log]
 */
export async function runLedgerBench({ worker, connections, seconds, log = () => {} }) {
  const runId = randomBytes(6).toString('base64url');
  const origin = worker.origin;
  const run = async (label, url, request, warmUpRequest = request) => {
    log(`${label}: warm-up, then ${seconds} s with ${connections} connections`);
    await load({ url, connections: Math.min(connections, 10), seconds: 2, request: warmUpRequest });
    return load({ url, connections, seconds, request, worker: worker.service });
  };

  // Same worker, same middleware: the trivial route, then writes to one fresh site of one shard.
  // That run sends a fixed number of writes (about what the trivial route answers in the same
  // time) and awaits every answer, so the rows in the site's export can be held against the
  // writes accepted one for one; its warm-up writes to another site.
  const headline = `bench-${runId.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  await createSite(origin, headline, 1);
  await createSite(origin, `${headline}-warm`, 1);
  const trivial = await run('GET /.well-known/gpc.json', `${origin}/.well-known/gpc.json`);
  log(`POST …/consents (1 shard): warm-up, then ${Math.round(trivial.requests)} writes with ${connections} connections`);
  await load({ url: `${origin}/v1/sites/${headline}-warm/consents`, connections: Math.min(connections, 10), seconds: 2, request: writesTo([`${headline}-warm`], `${runId}-w`) });
  const writes = await load({ url: `${origin}/v1/sites/${headline}/consents`, connections, amount: Math.round(trivial.requests), request: writesTo([headline], `${runId}-h`), worker: worker.service });
  const accepted = writes.statusCodes['201'] ?? 0;
  const consents = {
    ...writes,
    accepted,
    ledgerRows: await exportedRows(origin, headline),
    ratioToTrivial: { requestsPerSecond: writes.requestsPerSecond / trivial.requestsPerSecond, p99: writes.latencyMs.p99 / trivial.latencyMs.p99 },
  };

  const shards = [];
  for (const count of SHARD_COUNTS) {
    const one = `${headline}-s${count}`;
    await createSite(origin, one, count);
    const many = Array.from({ length: MANY_SITES }, (_, i) => `${headline}-m${count}-${i}`);
    for (const siteId of many) await createSite(origin, siteId, count);
    const single = summary(await run(`${count} shard(s), one site`, `${origin}/v1/sites/${one}/consents`, writesTo([one], `${runId}-s${count}`)), seconds);
    const spread = summary(await run(`${count} shard(s), ${MANY_SITES} sites`, `${origin}/v1/sites/${many[0]}/consents`, writesTo(many, `${runId}-m${count}`)), seconds);
    shards.push({ shards: count, oneSite: single, manySites: spread });
  }
  return { trivial, consents, shards, sites: MANY_SITES };
}
