import { RightsRequestSchema, VerifyCodeSchema } from '@novo-consent/schema';
import { type Context, Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { findRequest, historyStatement, insertRequestStatement, listHistory, type StoredRightsRequest, updateRequestStatement } from '../db/rights-requests.js';
import { privacyContactEmails, requesterEmails } from '../email/messages.js';
import { createMailer } from '../email/mailer.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { jsonBody } from '../middleware/json-body.js';
import { equalInConstantTime } from '../security/admin-keys.js';
import { DataCipher } from '../security/data-cipher.js';
import { randomBytes, toBase64Url } from '../security/encoding.js';
import { sha256Hex } from '../security/hashing.js';
import { requestDeadline } from '../services/request-clock.js';
import { enqueueForwarding } from '../services/request-forwarding.js';
import { turnstileAccepts } from '../services/turnstile.js';
import { CODE_TTL_MS, codeHash, MAX_CODE_ATTEMPTS, newCode } from '../services/verification-code.js';

/** Submissions per email and per client per minute, each of which sends an email. */
export const RIGHTS_SUBMISSIONS_PER_MINUTE = 5;

const notFound = () => new AppError(404, 'request_not_found', 'There is no such request, or the link is not valid.');

/** Limits submissions per client and per email address (by keyed hash), where the binding exists. */
const limitSubmissions = createMiddleware<AppEnv>(async (c, next) => {
  const limiter = c.env.RIGHTS_RATE_LIMITER;
  if (limiter) {
    const body = (await c.req.json().catch(() => null)) as { email?: unknown } | null;
    const cipher = new DataCipher(c.env);
    const keys = [`client:${await sha256Hex(`${c.get('site').id}:${c.req.header('CF-Connecting-IP') ?? 'unknown'}`)}`];
    if (typeof body?.email === 'string') keys.push(`email:${await cipher.lookupHash(`${c.get('site').id}:${body.email.trim().toLowerCase()}`)}`);
    const results = await Promise.all(keys.map((key) => limiter.limit({ key })));
    if (results.some((result) => !result.success)) {
      c.header('Retry-After', '60');
      throw new AppError(429, 'rate_limited', 'Too many requests. Retry in a minute.');
    }
  }
  await next();
});

function historyEntry(c: Context<AppEnv>, request: StoredRightsRequest, action: string, fromStatus: string | null, toStatus: string | null, actor = 'requester') {
  return historyStatement(c.env.DB, { requestId: request.id, siteId: request.siteId, actor, action, fromStatus, toStatus, noteSealed: null, at: new Date().toISOString() });
}

/** The request the URL names, if the site has it. */
async function requestOf(c: Context<AppEnv>): Promise<StoredRightsRequest> {
  const request = await findRequest(c.env.DB, c.get('site').id, c.req.param('requestId') ?? '');
  if (!request) throw notFound();
  return request;
}

/**
 * `/v1/sites/:siteId/rights-requests`: a requester submits a request, proves the email is theirs
 * with the emailed code, and follows the status with their token.
 */
export const rightsRequestRoutes = new Hono<AppEnv>()
  .post('/', ...jsonBody(RightsRequestSchema, 32 * 1024), limitSubmissions, async (c) => {
    const body = c.req.valid('json');
    const site = c.get('site');
    const requestId = crypto.randomUUID();
    const statusToken = toBase64Url(randomBytes(32));
    const accepted = { requestId, status: 'pending_verification' as const, statusToken };
    // A bot filled the hidden field: answer like a success and keep nothing.
    if (body.website) return c.json(accepted, 202);

    const cipher = new DataCipher(c.env);
    if (site.turnstileSecretSealed) {
      const human = body.turnstileToken
        ? await turnstileAccepts(await cipher.decrypt(site.turnstileSecretSealed), body.turnstileToken, c.req.header('CF-Connecting-IP'))
        : false;
      if (!human) throw new AppError(403, 'turnstile_failed', 'The anti-spam check did not pass. Please try again.');
    }
    const email = body.email.trim().toLowerCase();
    const code = newCode();
    const now = new Date();
    const deadline = requestDeadline(now, body.type, body.region, site.deadlineDays);
    const request: StoredRightsRequest = {
      id: requestId,
      siteId: site.id,
      type: body.type,
      status: 'pending_verification',
      emailHash: await cipher.lookupHash(`${site.id}:${email}`),
      emailSealed: await cipher.encrypt(email),
      fullNameSealed: await cipher.encrypt(body.fullName),
      detailsSealed: body.details ? await cipher.encrypt(body.details) : null,
      accountIdSealed: body.accountId ? await cipher.encrypt(body.accountId) : null,
      region: body.region,
      locale: body.locale ?? null,
      statusTokenHash: await sha256Hex(statusToken),
      codeHash: await codeHash(cipher, requestId, code),
      codeExpiresAt: new Date(now.getTime() + CODE_TTL_MS).toISOString(),
      codeAttempts: 0,
      receivedAt: now.toISOString(),
      verifiedAt: null,
      dueAt: deadline.dueAt,
      dueRule: deadline.rule,
      originalDueAt: deadline.dueAt,
      extendedAt: null,
      closedAt: null,
      updatedAt: now.toISOString(),
      forwardingStatus: 'not_started',
      forwardedAt: null,
    };
    await c.env.DB.batch([insertRequestStatement(c.env.DB, request), historyEntry(c, request, 'submitted', null, 'pending_verification')]);
    await createMailer(c.env).send(requesterEmails.verification(email, site.name, code));
    return c.json(accepted, 202);
  })
  .post('/:requestId/verify', ...jsonBody(VerifyCodeSchema, 1024), async (c) => {
    const request = await requestOf(c);
    if (request.status !== 'pending_verification') return c.json({ requestId: request.id, status: request.status, dueAt: request.dueAt });
    if (!request.codeHash || request.codeAttempts >= MAX_CODE_ATTEMPTS) {
      throw new AppError(403, 'verification_locked', 'Too many wrong codes. Please send the request again.');
    }
    if (!request.codeExpiresAt || Date.parse(request.codeExpiresAt) < Date.now()) {
      throw new AppError(410, 'code_expired', 'The code has expired. Please send the request again.');
    }
    const cipher = new DataCipher(c.env);
    const now = new Date().toISOString();
    if (!(await equalInConstantTime(await codeHash(cipher, request.id, c.req.valid('json').code), request.codeHash))) {
      const attempts = request.codeAttempts + 1;
      const locked = attempts >= MAX_CODE_ATTEMPTS;
      const failed = { ...request, codeAttempts: attempts, codeHash: locked ? null : request.codeHash, updatedAt: now };
      await c.env.DB.batch([updateRequestStatement(c.env.DB, failed), historyEntry(c, failed, locked ? 'verification_locked' : 'wrong_code', null, null)]);
      if (locked) throw new AppError(403, 'verification_locked', 'Too many wrong codes. Please send the request again.');
      throw new AppError(422, 'invalid_code', `That code is not right. ${MAX_CODE_ATTEMPTS - attempts} tries left.`, [{ path: 'code', message: 'wrong code' }]);
    }
    const verified: StoredRightsRequest = { ...request, status: 'verified', verifiedAt: now, codeHash: null, codeExpiresAt: null, updatedAt: now };
    await c.env.DB.batch([updateRequestStatement(c.env.DB, verified), historyEntry(c, verified, 'verified', 'pending_verification', 'verified')]);
    const site = c.get('site');
    const mailer = createMailer(c.env);
    await enqueueForwarding(c.env, verified);
    await mailer.send(requesterEmails.received(await cipher.decrypt(request.emailSealed), site.name, request.type, request.id, request.dueAt));
    if (site.forwarding.privacyEmailSealed) {
      await mailer.send(privacyContactEmails.newRequest(await cipher.decrypt(site.forwarding.privacyEmailSealed), site.name, request.type, request.id, request.dueAt));
    }
    return c.json({ requestId: request.id, status: 'verified', dueAt: verified.dueAt });
  })
  .get('/:requestId', async (c) => {
    const request = await requestOf(c).catch(() => null);
    const token = c.req.query('token') ?? '';
    if (!request || !(await equalInConstantTime(await sha256Hex(token), request.statusTokenHash))) throw notFound();
    const history = await listHistory(c.env.DB, request.siteId, request.id);
    c.header('Cache-Control', 'no-store');
    return c.json({
      requestId: request.id,
      type: request.type,
      status: request.status,
      receivedAt: request.receivedAt,
      dueAt: request.dueAt,
      updatedAt: request.updatedAt,
      history: history.filter((entry) => entry.toStatus !== null).map((entry) => ({ status: entry.toStatus, at: entry.at })),
    });
  });
