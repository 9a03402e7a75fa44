import { createExecutionContext, createMessageBatch, createScheduledController, env, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { admin, createAdminSite, latestCode, postJson } from '../../test/fixtures.js';
import type { Bindings, ForwardMessage } from '../env.js';
import worker from '../index.js';
import { FORWARD_DLQ_NAME, FORWARD_QUEUE_NAME, retryDelaySeconds } from './request-forwarding.js';

const WEBHOOK = 'https://hooks.client.example/privacy';
const SECRET = 'whsec-test-0123456789abcdef';
const realFetch = globalThis.fetch;

/** A receiver on the client's side: answers with the scripted statuses, keeps what it accepted, de-duplicated by id. */
function receiver(statuses: number[]) {
  const accepted = new Map<string, { body: string; signature: string }>();
  let calls = 0;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url !== WEBHOOK) return realFetch(input, init);
    const status = statuses[Math.min(calls, statuses.length - 1)] ?? 500;
    calls += 1;
    const headers = new Headers(init?.headers);
    const body = String(init?.body);
    if (status < 300) accepted.set(headers.get('Novo-Request-Id') ?? '', { body, signature: headers.get('Novo-Signature') ?? '' });
    return new Response(null, { status });
  });
  return { accepted, calls: () => calls };
}

/** Checks a Novo-Signature as a receiver would: HMAC-SHA256 of "t.body" under the shared secret. */
async function signatureValid(header: string, body: string): Promise<boolean> {
  const { t, v1 } = Object.fromEntries(header.split(',').map((part) => part.split('='))) as { t: string; v1: string };
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const mac = Uint8Array.from(v1.match(/../g)!.map((byte) => parseInt(byte, 16)));
  return crypto.subtle.verify('HMAC', key, mac, new TextEncoder().encode(`${t}.${body}`));
}

/** A site with a webhook and one verified request; `bindings` change the worker's bindings for the verification. */
async function verifiedRequest(name: string, bindings?: Partial<Bindings>) {
  const site = await createAdminSite(name);
  await admin(`/v1/admin/sites/${site.siteId}`, site.keys.admin, { method: 'PATCH', json: { forwarding: { webhookUrl: WEBHOOK, webhookSecret: SECRET } } });
  const email = `${site.siteId}@example.org`;
  const submitted = (await (await postJson(`/v1/sites/${site.siteId}/rights-requests`, { type: 'deletion', fullName: 'Alan Turing', email, confirm: true })).json()) as { requestId: string };
  const verify = await postJson(`/v1/sites/${site.siteId}/rights-requests/${submitted.requestId}/verify`, { code: await latestCode(email) }, { bindings });
  expect(await verify.json()).toMatchObject({ status: 'verified' });
  return { site, requestId: submitted.requestId };
}

/** Runs the queue consumer on one message, as the queue would on its `attempts`-th delivery. */
async function consume(queue: string, body: { siteId: string; requestId: string }, attempts: number) {
  const batch = createMessageBatch<ForwardMessage>(queue, [{ id: `msg-${body.requestId}`, timestamp: new Date(), attempts, body }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

/** A forwarding queue that keeps what it is sent, or (`refuse`) refuses every message as an outage would. */
function fakeQueue(refuse = false) {
  const sent: ForwardMessage[] = [];
  const send = async (body: ForwardMessage) => {
    if (refuse) throw new Error('queue unavailable');
    sent.push(body);
  };
  return { sent, queue: { send } as unknown as Queue<ForwardMessage> };
}

/** Runs the quarter-hourly Cron Trigger at `at`, with `queue` as the forwarding queue. */
async function sweep(at: number, queue: Queue<ForwardMessage>) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: new Date(at), cron: '*/15 * * * *' }), { ...env, FORWARD_QUEUE: queue }, ctx);
  await waitOnExecutionContext(ctx);
}

type ForwardingView = { forwardingStatus: string; history: { actor: string; action: string }[] };
const forwardingOf = async (site: { siteId: string; keys: { operator: string } }, requestId: string) =>
  (await (await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${requestId}`, site.keys.operator)).json()) as ForwardingView;

const MINUTE = 60 * 1000;

describe('forwarding verified requests to the site webhook', () => {
  afterEach(() => vi.restoreAllMocks());

  it('retries a failing receiver with backoff; the request arrives exactly once, signed', async () => {
    const { site, requestId } = await verifiedRequest('Forward retries');
    const hook = receiver([500, 503, 500, 200]);
    for (let attempt = 1; attempt <= 4; attempt++) {
      const result = await consume(FORWARD_QUEUE_NAME, { siteId: site.siteId, requestId }, attempt);
      if (attempt < 4) expect(result.retryMessages).toHaveLength(1);
      else expect(result.explicitAcks).toEqual([`msg-${requestId}`]);
    }
    expect([1, 2, 3, 4, 10, 20].map(retryDelaySeconds)).toEqual([10, 20, 40, 80, 3600, 3600]);
    expect(hook.calls()).toBe(4);
    expect([...hook.accepted.keys()]).toEqual([requestId]);
    const delivery = hook.accepted.get(requestId)!;
    expect(await signatureValid(delivery.signature, delivery.body)).toBe(true);
    expect(JSON.parse(delivery.body)).toMatchObject({ id: requestId, type: 'deletion', fullName: 'Alan Turing', status: 'verified' });

    const read = (await (await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${requestId}`, site.keys.operator)).json()) as {
      forwardingStatus: string;
      forwardingAttempts: { attempt: number; outcome: string; httpStatus: number }[];
    };
    expect(read.forwardingStatus).toBe('delivered');
    expect(read.forwardingAttempts.map((a) => [a.attempt, a.outcome, a.httpStatus])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 503],
      [3, 'failed', 500],
      [4, 'delivered', 200],
    ]);
  });

  it('dead-letters a request whose receiver always fails, shows it, and sends it again on request', async () => {
    const { site, requestId } = await verifiedRequest('Forward dead letter');
    receiver([500]);
    for (let attempt = 1; attempt <= 7; attempt++) {
      expect((await consume(FORWARD_QUEUE_NAME, { siteId: site.siteId, requestId }, attempt)).retryMessages).toHaveLength(1);
    }
    expect((await consume(FORWARD_DLQ_NAME, { siteId: site.siteId, requestId }, 1)).explicitAcks).toHaveLength(1);
    const list = (await (await admin(`/v1/admin/sites/${site.siteId}/rights-requests`, site.keys.operator)).json()) as { items: { requestId: string; forwardingStatus: string }[] };
    expect(list.items.find((item) => item.requestId === requestId)?.forwardingStatus).toBe('dead_lettered');

    vi.restoreAllMocks();
    const hook = receiver([200]);
    const resend = await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${requestId}/forward`, site.keys.operator, { method: 'POST' });
    expect(resend.status).toBe(202);
    await consume(FORWARD_QUEUE_NAME, { siteId: site.siteId, requestId }, 1);
    expect([...hook.accepted.keys()]).toEqual([requestId]);
    const read = (await (await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${requestId}`, site.keys.operator)).json()) as { forwardingStatus: string };
    expect(read.forwardingStatus).toBe('delivered');
  });

  it('keeps what changed while the receiver answered: its status change, and later the delivery', async () => {
    const { site, requestId } = await verifiedRequest('Forward concurrent change');
    // The client's system takes the request into work through the admin API before it answers.
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url !== WEBHOOK) return realFetch(input, init);
      const moved = await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${requestId}/status`, site.keys.operator, { method: 'POST', json: { status: 'in_progress' } });
      expect(moved.status).toBe(200);
      return new Response(null, { status: 204 });
    });
    await consume(FORWARD_QUEUE_NAME, { siteId: site.siteId, requestId }, 1);
    const read = async () => (await (await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${requestId}`, site.keys.operator)).json()) as { status: string; forwardingStatus: string };
    expect(await read()).toMatchObject({ status: 'in_progress', forwardingStatus: 'delivered' });

    // And the other way round: a status change does not undo the delivery's bookkeeping.
    await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${requestId}/status`, site.keys.operator, { method: 'POST', json: { status: 'completed' } });
    expect(await read()).toMatchObject({ status: 'completed', forwardingStatus: 'delivered' });
  });

  it('verifies a request while the queue refuses it, and the next sweep queues it: none is lost', async () => {
    const { site, requestId } = await verifiedRequest('Forward queue outage', { FORWARD_QUEUE: fakeQueue(true).queue });
    expect((await forwardingOf(site, requestId)).forwardingStatus).toBe('not_started');

    const queue = fakeQueue();
    await sweep(Date.now() + 5 * MINUTE, queue.queue);
    expect(queue.sent, 'left alone within the grace period').toEqual([]);
    await sweep(Date.now() + 11 * MINUTE, queue.queue);
    expect(queue.sent).toEqual([{ siteId: site.siteId, requestId }]);
    const requeued = await forwardingOf(site, requestId);
    expect(requeued.forwardingStatus).toBe('pending');
    expect(requeued.history).toContainEqual(expect.objectContaining({ actor: 'system', action: 'forwarding.requeued' }));

    const hook = receiver([200]);
    await consume(FORWARD_QUEUE_NAME, { siteId: site.siteId, requestId }, 1);
    expect([...hook.accepted.keys()]).toEqual([requestId]);
    await sweep(Date.now() + 24 * 60 * MINUTE, queue.queue);
    expect(queue.sent, 'a delivered request is never queued again').toHaveLength(1);
  });

  it('queues again a pending request whose queue message was lost, once three hours pass without an attempt', async () => {
    const { site, requestId } = await verifiedRequest('Forward lost message');
    const queue = fakeQueue();
    await sweep(Date.now() + 2 * 60 * MINUTE, queue.queue);
    expect(queue.sent, 'the queue may still retry within the hour').toEqual([]);
    await sweep(Date.now() + 4 * 60 * MINUTE, queue.queue);
    expect(queue.sent).toEqual([{ siteId: site.siteId, requestId }]);
    await sweep(Date.now() + 4 * 60 * MINUTE + 15 * MINUTE, queue.queue);
    expect(queue.sent, 'queued again means idle no longer').toHaveLength(1);
  });

  it('tells the operator when the queue refuses a forward-again, and leaves the request for the sweep', async () => {
    const { site, requestId } = await verifiedRequest('Forward again refused');
    const res = await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${requestId}/forward`, site.keys.operator, { method: 'POST' }, { FORWARD_QUEUE: fakeQueue(true).queue });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'queue_unavailable' } });
    expect((await forwardingOf(site, requestId)).forwardingStatus).toBe('not_started');
  });

  it('forwards the requests of a batch side by side: a slow receiver does not hold up the next', async () => {
    const first = await verifiedRequest('Forward slow receiver');
    const second = await verifiedRequest('Forward next in batch');
    let secondArrived: () => void = () => {};
    const arrival = new Promise<void>((resolve) => (secondArrived = resolve));
    let secondCameWhileFirstWaited = false;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url !== WEBHOOK) return realFetch(input, init);
      if (new Headers(init?.headers).get('Novo-Request-Id') === second.requestId) secondArrived();
      // The first receiver answers only once the second request has arrived (or gives up after 2 s).
      else secondCameWhileFirstWaited = await Promise.race([arrival.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000))]);
      return new Response(null, { status: 204 });
    });
    const batch = createMessageBatch<ForwardMessage>(FORWARD_QUEUE_NAME, [
      { id: 'msg-slow', timestamp: new Date(), attempts: 1, body: { siteId: first.site.siteId, requestId: first.requestId } },
      { id: 'msg-next', timestamp: new Date(), attempts: 1, body: { siteId: second.site.siteId, requestId: second.requestId } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect(secondCameWhileFirstWaited).toBe(true);
    expect((await getQueueResult(batch, ctx)).explicitAcks.sort()).toEqual(['msg-next', 'msg-slow']);
  });

  it('notifies the privacy contact of each verified request, without personal data', async () => {
    const site = await createAdminSite('Forward notice');
    await admin(`/v1/admin/sites/${site.siteId}`, site.keys.admin, { method: 'PATCH', json: { forwarding: { privacyEmail: 'dpo@notice.example' } } });
    const email = 'notice-requester@example.org';
    const submitted = (await (await postJson(`/v1/sites/${site.siteId}/rights-requests`, { type: 'access', fullName: 'Katherine Johnson', email, confirm: true })).json()) as { requestId: string };
    await postJson(`/v1/sites/${site.siteId}/rights-requests/${submitted.requestId}/verify`, { code: await latestCode(email) });
    const { outbox } = await import('../../test/fixtures.js');
    const [notice] = await outbox('dpo@notice.example');
    expect(notice?.text).toContain(submitted.requestId);
    expect(notice?.text).not.toContain('Katherine');
    expect(notice?.text).not.toContain(email);
  });

  /** The recorded attempts of a request, as an operator reads them. */
  const attemptsOf = async (site: { siteId: string; keys: { operator: string } }, requestId: string) =>
    ((await (await admin(`/v1/admin/sites/${site.siteId}/rights-requests/${requestId}`, site.keys.operator)).json()) as { forwardingAttempts: { outcome: string; httpStatus: number | null; error: string | null }[] })
      .forwardingAttempts;

  it('does not follow a redirect: the attempt fails, recorded as such, and is retried', async () => {
    const { site, requestId } = await verifiedRequest('Forward redirect');
    const seen: RequestInit[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url !== WEBHOOK) return realFetch(input, init);
      seen.push(init ?? {});
      return new Response(null, { status: 302, headers: { Location: 'http://169.254.169.254/latest/meta-data' } });
    });
    expect((await consume(FORWARD_QUEUE_NAME, { siteId: site.siteId, requestId }, 1)).retryMessages).toHaveLength(1);
    expect(seen.map((init) => init.redirect)).toEqual(['manual']);
    expect(await attemptsOf(site, requestId)).toEqual([expect.objectContaining({ outcome: 'failed', httpStatus: 302, error: 'redirect not followed (HTTP 302)' })]);
    expect((await forwardingOf(site, requestId)).forwardingStatus).toBe('pending');
  });

  it('records a kind of network failure, never the runtime\'s text (no port-scan oracle)', async () => {
    const { site, requestId } = await verifiedRequest('Forward network errors');
    const failures = [new TypeError('Network connection lost: connect ECONNREFUSED 10.0.0.5:6379'), new DOMException('The operation was aborted due to timeout', 'TimeoutError')];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url !== WEBHOOK) return realFetch(input, init);
      throw failures.shift();
    });
    await consume(FORWARD_QUEUE_NAME, { siteId: site.siteId, requestId }, 1);
    await consume(FORWARD_QUEUE_NAME, { siteId: site.siteId, requestId }, 2);
    const attempts = await attemptsOf(site, requestId);
    expect(attempts.map((attempt) => [attempt.outcome, attempt.httpStatus, attempt.error])).toEqual([
      ['failed', null, 'connection failed'],
      ['failed', null, 'timed out'],
    ]);
  });

  it('checks the stored URL again before each call: one the rules refuse is not called', async () => {
    const { site, requestId } = await verifiedRequest('Forward refused URL');
    // A URL stored before the rules existed.
    await env.DB.prepare('UPDATE sites SET webhook_url = ? WHERE id = ?').bind('http://10.0.0.5:6379/', site.siteId).run();
    const calls = vi.spyOn(globalThis, 'fetch');
    expect((await consume(FORWARD_QUEUE_NAME, { siteId: site.siteId, requestId }, 1)).retryMessages).toHaveLength(1);
    expect(calls.mock.calls.map(([input]) => String(input instanceof Request ? input.url : input)).filter((url) => url.includes('10.0.0.5'))).toEqual([]);
    expect(await attemptsOf(site, requestId)).toEqual([expect.objectContaining({ outcome: 'failed', httpStatus: null, error: 'webhook URL refused: it must use https:' })]);

    // The local receiver of development is refused where the worker runs as production.
    await env.DB.prepare('UPDATE sites SET webhook_url = ? WHERE id = ?').bind('http://localhost:8790/privacy-requests', site.siteId).run();
    const batch = createMessageBatch<ForwardMessage>(FORWARD_QUEUE_NAME, [{ id: 'msg-production', timestamp: new Date(), attempts: 2, body: { siteId: site.siteId, requestId } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, { ...env, ENVIRONMENT: 'production' }, ctx);
    expect((await getQueueResult(batch, ctx)).retryMessages).toHaveLength(1);
    expect((await attemptsOf(site, requestId))[1]).toMatchObject({ outcome: 'failed', error: 'webhook URL refused: it must use https:' });
  });
});
