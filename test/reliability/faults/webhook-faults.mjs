// Fault harness 1b: verified rights requests are forwarded to a client's webhook that fails (5xx),
// times out, answers slowly or cuts the connection at random. The worker forwards through its Queue
// (wrangler.toml: batches of 10, 6 retries, dead-letter queue) with exponential backoff (10 s
// doubling). Every verified request must reach the receiver, exactly once after de-duplication by
// request id (repeats are counted, none may be missing), with a valid signature.
//
//   node test/reliability/faults/webhook-faults.mjs            bounded run (about a minute)
//   node test/reliability/faults/webhook-faults.mjs --stress   full size (5–7 minutes: the backoff is the real one)
//   … --seed N                                                 replays the same faults
//
// Ports: worker 8894, receiver 8899. The local queue (Miniflare) keeps messages in memory and honours
// the retry delays and max_retries of wrangler.toml, so the backoff is the real one.
import { randomBytes } from 'node:crypto';
import { adminClient } from './lib/admin.mjs';
import { startFaultyReceiver } from './lib/faulty-receiver.mjs';
import { prepareWorker, queryD1 } from './lib/local-worker.mjs';
import { onCleanup, sleep } from '../../../scripts/lib/processes.mjs';
import { submitAndVerify } from './lib/rights-requester.mjs';
import { harnessOptions, log, report, runHarness, seededRandom } from './lib/run.mjs';

const WORKER_PORT = 8894;
const RECEIVER_PORT = 8899;
/** The Origin the requesters' browsers would send: the site's own. */
const SITE_ORIGIN = 'https://reliability-webhooks.example';

/**
 * Run sizes. `maxFaultsPerRequest` bounds the backoff a request can meet (1 fault: 10 s of delay,
 * 4 faults: 10 + 20 + 40 + 80 s), so a run ends in its time; which attempts fail, and how, is random.
 * The consumer handles a batch's messages one after the other, so each timeout (10 s) also holds up
 * the messages behind it.
 */
const SIZES = {
  bounded: {
    requests: 10,
    rates: { error: 0.15, errorAfterCommit: 0.1, timeout: 0.1, reset: 0.05, slow: 0.2 },
    maxFaultsPerRequest: 1,
    deadlineMs: 120_000,
  },
  stress: {
    requests: 60,
    rates: { error: 0.2, errorAfterCommit: 0.15, timeout: 0.1, reset: 0.1, slow: 0.2 },
    maxFaultsPerRequest: 4,
    deadlineMs: 600_000,
  },
};

/** Polls the admin API until no verified request is still waiting to be forwarded; returns the final list. */
async function untilForwarded(admin, siteId, verifiedIds, deadlineMs) {
  const started = Date.now();
  for (;;) {
    const items = (await admin.rightsRequests(siteId)).filter((item) => verifiedIds.has(item.requestId));
    const waiting = items.filter((item) => item.forwardingStatus === 'pending' || item.forwardingStatus === 'not_started');
    if (waiting.length === 0 || Date.now() - started > deadlineMs) return { items, ms: Date.now() - started };
    await sleep(2000);
  }
}

async function main() {
  const { stress, seed } = harnessOptions();
  const size = stress ? SIZES.stress : SIZES.bounded;
  const random = seededRandom(seed);
  const runId = randomBytes(4).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  log(`webhook-faults (${stress ? 'stress' : 'bounded'}), seed ${seed}: ${size.requests} requests, fault rates ${JSON.stringify(size.rates)}, at most ${size.maxFaultsPerRequest} faults per request`);

  const worker = await prepareWorker(WORKER_PORT);
  const admin = adminClient(worker.origin, worker.rootKey);
  // The client's systems take each new request into work (in_progress) as they receive it.
  const acknowledge = (request) => admin.setRequestStatus(request.siteId, request.id, 'in_progress');
  const receiver = await startFaultyReceiver({ port: RECEIVER_PORT, secret, rates: size.rates, maxFaultsPerRequest: size.maxFaultsPerRequest, random, acknowledge });
  onCleanup(() => receiver.close());
  log('worker bundled, local D1 migrated and seeded; starting it');
  await worker.start();
  const siteId = await admin.createSite('Reliability: webhook faults', [SITE_ORIGIN]);
  await admin.setForwarding(siteId, receiver.url, secret);
  log(`site ${siteId} forwards to ${receiver.url}; submitting and verifying requests`);

  const outcomes = await Promise.all(
    Array.from({ length: size.requests }, async (_, n) => {
      await sleep(n * 300);
      return submitAndVerify({ api: worker.origin, siteId, pageOrigin: SITE_ORIGIN, n, runId }).catch((error) => ({ error: String(error) }));
    }),
  );
  const verified = outcomes.filter((outcome) => outcome.requestId);
  const verifiedIds = new Set(verified.map((outcome) => outcome.requestId));
  log(`${verified.length} requests verified; waiting for the queue to deliver them`);
  const forwarded = await untilForwarded(admin, siteId, verifiedIds, size.deadlineMs);
  log(`forwarding settled after ${(forwarded.ms / 1000).toFixed(1)} s`);

  const attempts = receiver.attempts;
  const processed = attempts.filter((attempt) => attempt.processed);
  const deliveredIds = new Set([...receiver.delivered.keys()].filter((id) => verifiedIds.has(id)));
  const unknown = [...receiver.delivered.keys()].filter((id) => !verifiedIds.has(id));
  const lost = [...verifiedIds].filter((id) => !deliveredIds.has(id));
  const byMode = {};
  for (const attempt of attempts) byMode[attempt.mode] = (byMode[attempt.mode] ?? 0) + 1;
  // The payload must be the request itself: same id, type and requester, as verified.
  const wrongPayload = verified.filter((outcome) => {
    const body = receiver.delivered.get(outcome.requestId);
    return body && (body.siteId !== siteId || body.type !== outcome.type || body.email !== outcome.email || body.status !== 'verified' || !body.verifiedAt);
  });
  const statusCounts = {};
  for (const item of forwarded.items) statusCounts[item.forwardingStatus] = (statusCounts[item.forwardingStatus] ?? 0) + 1;
  const requestStatuses = {};
  for (const item of forwarded.items) requestStatuses[item.status] = (requestStatuses[item.status] ?? 0) + 1;
  const [{ recorded = 0 } = {}] = queryD1(worker.stateDir, `SELECT COUNT(*) AS recorded FROM forwarding_attempts WHERE site_id = '${siteId}'`);

  const out = report(`webhook-faults (${stress ? 'stress' : 'bounded'}, seed ${seed})`);
  out.figure('rights requests verified (sent to the queue)', verified.length);
  out.figure('  … delivered (distinct request ids at the receiver)', deliveredIds.size);
  out.figure('  … redelivered (repeats of a processed request)', processed.length - receiver.delivered.size);
  out.figure('  … lost', lost.length);
  out.figure('attempts seen by the receiver', attempts.length);
  out.figure('  … by behaviour', JSON.stringify(byMode));
  out.figure('attempts recorded by the worker (forwarding_attempts)', recorded);
  out.figure("worker's forwardingStatus at the end", JSON.stringify(statusCounts));
  out.figure('request status at the end (the receiver set in_progress)', JSON.stringify(requestStatuses));
  out.figure('time from the last verification until all were forwarded', `${(forwarded.ms / 1000).toFixed(1)} s`);
  out.figure('worker reloads by file changes (should be 0)', worker.reloads());

  out.promise('every requester got their request verified', verified.length === size.requests, outcomes.filter((o) => o.error).map((o) => o.error).join('; ').slice(0, 500));
  out.promise('every verified request reached the receiver (none lost)', lost.length === 0, lost.length ? `lost: ${lost.join(', ')}` : `${deliveredIds.size}/${verified.length}`);
  out.promise('the receiver got nothing that was not verified', unknown.length === 0, unknown.join(', '));
  out.promise('every delivery carried a valid signature', (byMode.badSignature ?? 0) === 0, `${byMode.badSignature ?? 0} refused`);
  out.promise('Novo-Request-Id matches the body on every delivery', attempts.every((attempt) => attempt.mode === 'badSignature' || attempt.headerMatches));
  out.promise('every delivered payload is the verified request', wrongPayload.length === 0, wrongPayload.map((o) => o.requestId).join(', '));
  out.promise('the worker marks every request delivered (none pending or dead-lettered)', (statusCounts.delivered ?? 0) === verified.length, JSON.stringify(statusCounts));
  out.promise('the receiver acknowledged every request (in_progress)', receiver.acknowledgeErrors.length === 0, receiver.acknowledgeErrors.join('; ').slice(0, 300));
  out.promise('the status set while a delivery was answered is kept (not reverted)', (requestStatuses.in_progress ?? 0) === verified.length, JSON.stringify(requestStatuses));
  out.promise('the worker recorded every attempt the receiver saw', recorded === attempts.length, `${recorded} recorded, ${attempts.length} seen`);
  return out.print();
}

runHarness(main);
