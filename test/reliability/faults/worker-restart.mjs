// Fault harness 1a: the worker crashes and restarts while browsers keep making consent choices on a
// client site with the script-tag SDK (across page reloads), and while people submit and verify
// rights requests. Afterwards, with the worker up, every consent event a browser made must be in
// the ledger exactly once, and every verified rights request must be stored as verified.
//
//   node test/reliability/faults/worker-restart.mjs            bounded run (about a minute)
//   node test/reliability/faults/worker-restart.mjs --stress   full size (about four minutes)
//   … --seed N                                                 replays the same faults and choices
//
// Ports: worker 8897, page server 8898 (nothing of `npm start` or the e2e suite).
import { randomBytes } from 'node:crypto';
import { adminClient } from './lib/admin.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { crashAndRestart } from './lib/chaos.mjs';
import { prepareWorker, queryD1 } from './lib/local-worker.mjs';
import { startPageServer } from './lib/page-server.mjs';
import { onCleanup, sleep } from '../../../scripts/lib/processes.mjs';
import { submitAndVerify } from './lib/rights-requester.mjs';
import { harnessOptions, log, report, runHarness, seededRandom } from './lib/run.mjs';
import { openVisitor } from './lib/visitor.mjs';

const WORKER_PORT = 8897;
const PAGE_PORT = 8898;
const PAGE_ORIGIN = `http://localhost:${PAGE_PORT}`;

/**
 * Run sizes. Visitors think 1–3 s between actions, so each stays under the worker's 60 writes a
 * minute per client even with its retries; a 429 would be retried by the SDK anyway, but would only
 * stretch the run.
 */
const SIZES = {
  bounded: { visitors: 3, cycles: 3, upMs: [2500, 5000], downMs: [1000, 3000], requesters: 8, drainMs: 30_000, toggleGapTries: 10 },
  stress: { visitors: 8, cycles: 10, upMs: [5000, 16_000], downMs: [1000, 8000], requesters: 40, drainMs: 120_000, toggleGapTries: 20 },
};

/** One visitor's session until `stopped()`: choices, now and then a reload (sometimes straight after a choice, with its write in flight). */
async function browse(visitor, random, stopped) {
  while (!stopped()) {
    if (random() < 0.15) await visitor.load();
    else {
      const decision = await visitor.decide();
      if (random() < 0.1) {
        // Straight away, as a visitor who chooses and clicks a link, with the write perhaps still in
        // flight. Not before the SDK holds the decision on the device, though: set() and the other
        // API calls resolve only then, but a toggle's change event comes earlier (see leaveAfterToggle).
        if (decision) await visitor.untilOnDevice(decision);
        await visitor.load();
        continue;
      }
    }
    await sleep(1000 + random() * 2000);
  }
}

/**
 * Waits until every visitor's outbox is empty, nudging each SDK the way the browser does when it
 * comes back online (and reloading a page that makes no progress, as a returning visitor would).
 * @returns {Promise<{ drained: boolean, ms: number, waiting: number }>}
 */
async function drain(visitors, timeoutMs) {
  const started = Date.now();
  let waiting = Infinity;
  for (let round = 1; Date.now() - started < timeoutMs; round += 1) {
    const pending = await Promise.all(visitors.map((visitor) => visitor.pending()));
    waiting = pending.reduce((sum, events) => sum + events.length, 0);
    if (waiting === 0) return { drained: true, ms: Date.now() - started, waiting };
    await Promise.all(visitors.map((visitor, i) => (pending[i].length === 0 ? null : round % 10 === 0 ? visitor.load() : visitor.nudge())));
    await sleep(1000);
  }
  return { drained: false, ms: Date.now() - started, waiting };
}

/**
 * A toggle flipped and the page left in the same task, before IndexedDB can have stored the
 * event: the SDK starts the `keepalive` send before anyone hears of the choice, so the event must
 * still reach the ledger. (This harness found it lost when the send waited for the write.)
 */
async function leaveAfterToggle(visitor, times) {
  const decisions = [];
  for (let n = 0; n < times; n += 1) {
    const decision = await visitor.toggleAndLeave();
    if (decision) decisions.push(decision);
  }
  return decisions;
}

/** Compares what the browsers decided with what the ledger holds (`alsoKnown`: decisions that may or may not be there). */
function reconcileLedger(decisions, rows, alsoKnown = []) {
  const key = (subjectId, occurredAt) => `${subjectId}|${occurredAt}`;
  const rowsByDecision = new Map();
  for (const row of rows) {
    const k = key(row.subject_id, row.occurred_at);
    rowsByDecision.set(k, [...(rowsByDecision.get(k) ?? []), row]);
  }
  const eventIds = new Set(rows.map((row) => row.event_id));
  const decided = new Set(decisions.map((d) => key(d.subjectId, d.occurredAt)));
  const known = new Set([...decided, ...alsoKnown.map((d) => key(d.subjectId, d.occurredAt))]);
  let stored = 0;
  let storedTwice = rows.length - eventIds.size;
  let altered = 0;
  for (const decision of decisions) {
    const matches = rowsByDecision.get(key(decision.subjectId, decision.occurredAt)) ?? [];
    if (matches.length > 0) stored += 1;
    if (matches.length > 1) storedTwice += matches.length - 1;
    const [row] = matches;
    if (row && (row.method !== decision.method || JSON.stringify(JSON.parse(row.categories)) !== JSON.stringify(decision.categories))) altered += 1;
  }
  const unknown = [...rowsByDecision.keys()].filter((k) => !known.has(k)).length;
  const lost = decisions.filter((d) => !rowsByDecision.has(key(d.subjectId, d.occurredAt)));
  return { stored, storedTwice, altered, unknown, lost: lost.length, lostDecisions: lost, distinctDecisions: decided.size };
}

async function main() {
  const { stress, seed } = harnessOptions();
  const size = stress ? SIZES.stress : SIZES.bounded;
  const random = seededRandom(seed);
  const runId = randomBytes(4).toString('hex');
  log(`worker-restart (${stress ? 'stress' : 'bounded'}), seed ${seed}: ${size.visitors} visitors, ${size.cycles} crashes, ${size.requesters} rights requests`);

  const [worker, browser] = await Promise.all([prepareWorker(WORKER_PORT), launchBrowser()]);
  log('worker bundled, local D1 migrated and seeded; starting it');
  await worker.start();
  const admin = adminClient(worker.origin, worker.rootKey);
  const siteId = await admin.createSite('Reliability: worker restarts', [PAGE_ORIGIN]);
  const pages = await startPageServer({ port: PAGE_PORT, assetsDir: worker.assetsDir, siteId, api: worker.origin });
  onCleanup(() => pages.close());
  const visitors = await Promise.all(
    Array.from({ length: size.visitors }, (_, n) => openVisitor({ browser, n, pageUrl: `${PAGE_ORIGIN}/`, api: worker.origin, siteId, random: seededRandom(seed + n + 1) })),
  );
  // First views while the worker is up: the config is then in each browser's HTTP cache (it is
  // cacheable for a day), as for any returning visitor, so later views work while the worker is down.
  await Promise.all(visitors.map((visitor) => visitor.load()));
  log(`site ${siteId} on ${PAGE_ORIGIN}; visitors browsing`);

  let chaosOver = false;
  const chaos = crashAndRestart(worker, size, random).finally(() => (chaosOver = true));
  const browsing = Promise.all(visitors.map((visitor) => browse(visitor, seededRandom(seed * 31 + visitor.n), () => chaosOver)));
  // Rights requests start at intervals through the run, each going on through crashes until verified.
  const requests = [];
  for (let n = 0; n < size.requesters && !chaosOver; n += 1) {
    requests.push(submitAndVerify({ api: worker.origin, siteId, pageOrigin: PAGE_ORIGIN, n, runId }).then((outcome) => outcome, (error) => ({ error: String(error) })));
    await Promise.race([sleep(stress ? 2500 : 1500), chaos]);
  }
  const chaosFigures = await chaos;
  await browsing;
  const outcomes = await Promise.all(requests);
  log(`faults over, worker up: toggling and leaving at once (${size.toggleGapTries} tries), then draining the browsers’ outboxes`);
  const gapDecisions = await leaveAfterToggle(visitors[0], size.toggleGapTries);
  const drained = await drain(visitors, size.drainMs);
  log(drained.drained ? `outboxes empty after ${(drained.ms / 1000).toFixed(1)} s` : `outboxes still hold ${drained.waiting} events`);

  const decisions = visitors.flatMap((visitor) => visitor.decisions);
  const rows = await admin.ledger(siteId);
  const ledger = reconcileLedger(decisions, rows, gapDecisions);
  const gapMissed = gapDecisions.filter((d) => !rows.some((row) => row.subject_id === d.subjectId && row.occurred_at === d.occurredAt));
  const gapStored = gapDecisions.length - gapMissed.length;
  const requestRows = queryD1(worker.stateDir, `SELECT id, status, verified_at FROM rights_requests WHERE site_id = '${siteId}'`);
  const verified = outcomes.filter((outcome) => outcome.requestId);
  const failed = outcomes.filter((outcome) => outcome.error);
  const storedVerified = verified.filter((outcome) => requestRows.some((row) => row.id === outcome.requestId && row.status === 'verified' && row.verified_at));
  const wire = visitors.reduce(
    (sum, { wire: w }) => ({ attempts: sum.attempts + w.attempts, failed: sum.failed + w.failed, replayed: sum.replayed + w.replayed }),
    { attempts: 0, failed: 0, replayed: 0 },
  );
  const statuses = {};
  for (const visitor of visitors) for (const [status, count] of Object.entries(visitor.wire.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  const notRecorded = visitors.reduce((sum, visitor) => sum + visitor.notRecorded(), 0);

  const out = report(`worker-restart (${stress ? 'stress' : 'bounded'}, seed ${seed})`);
  out.figure('worker crashes (SIGKILL) / time down', `${chaosFigures.crashes} / ${(chaosFigures.downMs / 1000).toFixed(1)} s (restarts took ${(chaosFigures.restartMs / 1000).toFixed(1)} s)`);
  out.figure('consent events made by browsers', decisions.length);
  out.figure('  … sent (on the wire at least once)', visitors.reduce((sum, visitor) => sum + visitor.decisions.filter(visitor.wasSent).length, 0));
  out.figure('  … POST attempts / failed on the network', `${wire.attempts} / ${wire.failed}`);
  out.figure('  … answers by status', JSON.stringify(statuses));
  out.figure('  … answered as idempotent replays', wire.replayed);
  out.figure('  … stored in the ledger', ledger.stored);
  out.figure('  … stored twice (duplicates)', ledger.storedTwice);
  out.figure('  … lost', ledger.lost);
  out.figure('choices the SDK refused to record (no config)', notRecorded);
  out.figure('toggle, then page left at once: reached the ledger', `${gapStored} of ${gapDecisions.length}`);
  out.figure('outbox drained after the last restart', drained.drained ? `${(drained.ms / 1000).toFixed(1)} s` : `no: ${drained.waiting} waiting`);
  out.figure('rights requests verified by requesters', verified.length);
  out.figure('  … stored as verified', storedVerified.length);
  out.figure('  … submissions / verifications repeated after no answer', `${verified.reduce((s, o) => s + o.submissions - 1, 0)} / ${verified.reduce((s, o) => s + o.verifications - 1, 0)}`);
  out.figure('  … requests left unverified by those repeats', requestRows.filter((row) => row.status === 'pending_verification').length);
  out.figure('worker reloads by file changes (should be 0)', worker.reloads());

  const lostDetail = ledger.lostDecisions.map((d) => `visitor ${d.visitor} ${d.action} at ${d.occurredAt}`).join('; ');
  out.promise('every consent event made is in the ledger (none lost)', ledger.lost === 0 && decisions.length > 0, `${ledger.stored}/${decisions.length}${lostDetail ? `; lost: ${lostDetail}` : ''}`);
  out.promise('a choice made just before the page is left reaches the ledger', gapDecisions.length > 0 && gapStored === gapDecisions.length, `${gapStored}/${gapDecisions.length}${gapMissed.map((d) => `; missed ${d.occurredAt}, ${visitors[0].wasSent(d) ? 'sent on the wire' : 'never sent'}`).join('')}`);
  out.promise('no event is stored twice', ledger.storedTwice === 0, `${ledger.storedTwice} duplicate rows`);
  out.promise('the ledger holds nothing the browsers did not decide, and nothing altered', ledger.unknown === 0 && ledger.altered === 0, `${ledger.unknown} unknown, ${ledger.altered} altered`);
  out.promise('each decision is distinct (harness sanity)', ledger.distinctDecisions === decisions.length);
  out.promise('the SDK outboxes drained once the worker was back', drained.drained);
  out.promise('every requester got their request verified', failed.length === 0 && verified.length > 0, failed.map((f) => f.error).join('; ').slice(0, 500));
  out.promise('every verified rights request is stored as verified', storedVerified.length === verified.length, `${storedVerified.length}/${verified.length}`);
  return out.print();
}

runHarness(main);
