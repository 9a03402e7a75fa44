import { findSite, siteSeal } from '../db/sites.js';
import {
  findRequest,
  findStalledForwarding,
  forwardingAttemptStatement,
  forwardingQueuedStatement,
  forwardingStatement,
  historyStatement,
  requestSeal,
  type SealedRequestColumn,
  type StoredRightsRequest,
} from '../db/rights-requests.js';
import type { Bindings, ForwardMessage } from '../env.js';
import { DataCipher } from '../security/data-cipher.js';
import { webhookSignature } from './webhook-signature.js';
import { webhookUrlProblem } from './webhook-url.js';

/** The queue and its dead-letter queue (wrangler.toml). */
export const FORWARD_QUEUE_NAME = 'novo-rights-forwarding';
export const FORWARD_DLQ_NAME = 'novo-rights-forwarding-dlq';

/** How long a receiver may take, and how retries space out (10 s, 20 s, 40 s … at most an hour). */
const WEBHOOK_TIMEOUT_MS = 10_000;
export const retryDelaySeconds = (attempts: number) => Math.min(10 * 2 ** (attempts - 1), 3600);

/** What the site's systems receive: the request in full (decrypted), with its id for de-duplication. */
async function payload(request: StoredRightsRequest, cipher: DataCipher) {
  const open = (sealed: string | null, column: SealedRequestColumn) => (sealed ? cipher.decrypt(sealed, requestSeal(request, column)) : null);
  return {
    id: request.id,
    siteId: request.siteId,
    type: request.type,
    status: request.status,
    fullName: await open(request.fullNameSealed, 'full_name_enc'),
    email: await open(request.emailSealed, 'email_enc'),
    details: await open(request.detailsSealed, 'details_enc'),
    accountId: await open(request.accountIdSealed, 'account_id_enc'),
    region: request.region,
    locale: request.locale,
    receivedAt: request.receivedAt,
    verifiedAt: request.verifiedAt,
    dueAt: request.dueAt,
    dueRule: request.dueRule,
  };
}

type Outcome = { kind: 'delivered' | 'not_configured'; httpStatus: number | null } | { kind: 'failed'; httpStatus: number | null; error: string };

async function deliver(env: Bindings, request: StoredRightsRequest): Promise<Outcome> {
  const site = await findSite(env.DB, request.siteId);
  const url = site?.forwarding.webhookUrl;
  const sealedSecret = site?.forwarding.webhookSecretSealed;
  if (!url || !sealedSecret) return { kind: 'not_configured', httpStatus: null };
  // Checked again here: a URL stored before these rules, or under another ENVIRONMENT, is not called.
  const problem = webhookUrlProblem(url, env);
  if (problem) return { kind: 'failed', httpStatus: null, error: `webhook URL refused: it ${problem}` };
  const cipher = new DataCipher(env);
  const body = JSON.stringify(await payload(request, cipher));
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Novo-Request-Id': request.id,
        'Novo-Signature': await webhookSignature(await cipher.decrypt(sealedSecret, siteSeal(request.siteId, 'webhook_secret_enc')), body, Math.floor(Date.now() / 1000)),
      },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      // A redirect could lead the request, requesters' data and all, to a host the URL rules refuse.
      redirect: 'manual',
    });
    if (res.ok) return { kind: 'delivered', httpStatus: res.status };
    if (res.status >= 300 && res.status < 400) return { kind: 'failed', httpStatus: res.status, error: `redirect not followed (HTTP ${res.status})` };
    return { kind: 'failed', httpStatus: res.status, error: `HTTP ${res.status}` };
  } catch (error) {
    // Operators see a kind of failure, never the runtime's text: that would tell, host by host and
    // port by port, what answers behind a URL (a port-scan oracle).
    return { kind: 'failed', httpStatus: null, error: error instanceof DOMException && error.name === 'TimeoutError' ? 'timed out' : 'connection failed' };
  }
}

async function record(env: Bindings, request: StoredRightsRequest, attempt: number, outcome: Outcome | { kind: 'dead_lettered'; httpStatus: null }) {
  const now = new Date().toISOString();
  const status: StoredRightsRequest['forwardingStatus'] = outcome.kind === 'failed' ? 'pending' : outcome.kind;
  const statements = [
    // Only the forwarding columns: `request` was read before the webhook call, and the request may
    // have changed meanwhile (the client's system often takes it into work before it answers).
    forwardingStatement(env.DB, request, status, outcome.kind === 'delivered' ? now : null),
    forwardingAttemptStatement(env.DB, {
      requestId: request.id,
      siteId: request.siteId,
      attempt,
      outcome: outcome.kind,
      httpStatus: outcome.httpStatus,
      error: 'error' in outcome ? outcome.error : null,
      at: now,
    }),
  ];
  if (outcome.kind !== 'failed') {
    statements.push(historyStatement(env.DB, { requestId: request.id, siteId: request.siteId, actor: 'system', action: `forwarding.${outcome.kind}`, fromStatus: null, toStatus: null, noteSealed: null, at: now }));
  }
  await env.DB.batch(statements);
}

/**
 * The queue consumer. Each message is one request: delivered → ack; failed → retry later with
 * exponential backoff; after the queue's last retry the message moves to the dead-letter queue,
 * whose consumer marks the request `dead_lettered`, visible and re-sendable through the admin API.
 * The messages of a batch are handled side by side, so one slow receiver (up to 10 s) does not
 * hold up the requests of other sites behind it.
 */
export async function consumeForwarding(batch: MessageBatch<ForwardMessage>, env: Bindings): Promise<void> {
  await Promise.all(batch.messages.map((message) => consumeOne(message, batch.queue, env)));
}

async function consumeOne(message: Message<ForwardMessage>, queue: string, env: Bindings): Promise<void> {
  const request = await findRequest(env.DB, message.body.siteId, message.body.requestId);
  if (!request) {
    message.ack();
    return;
  }
  if (queue === FORWARD_DLQ_NAME) {
    await record(env, request, message.attempts, { kind: 'dead_lettered', httpStatus: null });
    message.ack();
    return;
  }
  const outcome = await deliver(env, request);
  await record(env, request, message.attempts, outcome);
  if (outcome.kind === 'failed') message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  else message.ack();
}

/**
 * Marks a request pending and puts it in the forwarding queue. Marked first, so a consumer that
 * runs at once never has its record overwritten. When the queue refuses the message, the request
 * goes back to `not_started` (the sweep queues it again within minutes) and this answers false.
 */
export async function enqueueForwarding(env: Bindings, request: StoredRightsRequest, now = new Date()): Promise<boolean> {
  await env.DB.batch([forwardingQueuedStatement(env.DB, request, now.toISOString())]);
  try {
    await env.FORWARD_QUEUE.send({ siteId: request.siteId, requestId: request.id });
    return true;
  } catch (error) {
    console.error(`forwarding queue refused request ${request.id}:`, error);
    await env.DB.batch([forwardingStatement(env.DB, request, 'not_started')]).catch(() => {});
    return false;
  }
}

/** A verified request may wait this long unqueued (a queue outage) before the sweep queues it. */
const UNQUEUED_GRACE_MS = 10 * 60 * 1000;
/** Queue retries are at most an hour apart (retryDelaySeconds): a pending request idle this long has lost its message. */
const PENDING_IDLE_MS = 3 * 60 * 60 * 1000;

/**
 * The sweep, run by the frequent Cron Trigger: every verified request must reach the client's
 * systems, so one the queue no longer holds is queued again. A receiver may then see a request
 * twice; it de-duplicates by `Novo-Request-Id`. Returns how many were queued.
 */
export async function requeueStalledForwarding(env: Bindings, now: Date): Promise<number> {
  const stalled = await findStalledForwarding(env.DB, new Date(now.getTime() - UNQUEUED_GRACE_MS).toISOString(), new Date(now.getTime() - PENDING_IDLE_MS).toISOString());
  let queued = 0;
  for (const request of stalled) {
    if (!(await enqueueForwarding(env, request, now))) break;
    queued += 1;
    await env.DB.batch([
      historyStatement(env.DB, { requestId: request.id, siteId: request.siteId, actor: 'system', action: 'forwarding.requeued', fromStatus: null, toStatus: null, noteSealed: null, at: now.toISOString() }),
    ]);
  }
  return queued;
}
