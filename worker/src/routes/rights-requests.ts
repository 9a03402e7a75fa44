import { DownloadCodeRequestSchema, DownloadRequestSchema, RightsRequestSchema, VerifyCodeSchema } from '@novoaigen/consent-schema';
import { type Context, Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { findRequest, historyStatement, insertRequestStatement, listHistory, requestSeal, type StoredRightsRequest, updateRequestStatement } from '../db/rights-requests.js';
import { siteSeal } from '../db/sites.js';
import { privacyContactEmails, requesterEmails } from '../email/messages.js';
import { createMailer } from '../email/mailer.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { jsonBody } from '../middleware/json-body.js';
import { clientKey } from '../middleware/rate-limit.js';
import { equalInConstantTime } from '../security/admin-keys.js';
import { DataCipher } from '../security/data-cipher.js';
import { randomBytes, toBase64Url } from '../security/encoding.js';
import { sha256Hex } from '../security/hashing.js';
import { requestDeadline } from '../services/request-clock.js';
import { enqueueForwarding } from '../services/request-forwarding.js';
import { provenSubjectId } from '../services/receipts.js';
import { answerFile } from '../services/response-package.js';
import { turnstileAccepts } from '../services/turnstile.js';
import { downloadPage } from './download-page.js';
import { checkCode, withFreshCode } from '../services/verification-code.js';
import { isStoredId } from '../validation.js';

const notFound = () => new AppError(404, 'request_not_found', 'There is no such request, or the link is not valid.');

/**
 * Limits submissions per client and per email address (by keyed hash), where the binding exists
 * (RIGHTS_RATE_LIMITER in wrangler.toml: 5 a minute, since each one sends an email).
 */
const limitSubmissions = createMiddleware<AppEnv>(async (c, next) => {
  const limiter = c.env.RIGHTS_RATE_LIMITER;
  if (limiter) {
    const body = (await c.req.json().catch(() => null)) as { email?: unknown } | null;
    const cipher = new DataCipher(c.env);
    const keys = [`client:${await clientKey(c)}`];
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

/** Whether a download link token matches the request and has not expired. */
async function downloadTokenValid(request: StoredRightsRequest, token: string): Promise<boolean> {
  if (!request.downloadTokenHash || !request.downloadExpiresAt || Date.parse(request.downloadExpiresAt) < Date.now()) return false;
  return equalInConstantTime(await sha256Hex(token), request.downloadTokenHash);
}

/** The request the URL names, if the site has it. */
async function requestOf(c: Context<AppEnv>): Promise<StoredRightsRequest> {
  const requestId = c.req.param('requestId');
  const request = isStoredId(requestId) ? await findRequest(c.env.DB, c.get('site').id, requestId) : null;
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
        ? await turnstileAccepts(await cipher.decrypt(site.turnstileSecretSealed, siteSeal(site.id, 'turnstile_secret_enc')), body.turnstileToken, c.req.header('CF-Connecting-IP'))
        : false;
      if (!human) throw new AppError(403, 'turnstile_failed', 'The anti-spam check did not pass. Please try again.');
    }
    const email = body.email.trim().toLowerCase();
    const now = new Date();
    const deadline = requestDeadline(now, body.type, body.region, site.deadlineDays);
    const sealed = { id: requestId, siteId: site.id };
    const request: StoredRightsRequest = {
      id: requestId,
      siteId: site.id,
      type: body.type,
      status: 'pending_verification',
      emailHash: await cipher.lookupHash(`${site.id}:${email}`),
      emailSealed: await cipher.encrypt(email, requestSeal(sealed, 'email_enc')),
      fullNameSealed: await cipher.encrypt(body.fullName, requestSeal(sealed, 'full_name_enc')),
      detailsSealed: body.details ? await cipher.encrypt(body.details, requestSeal(sealed, 'details_enc')) : null,
      accountIdSealed: body.accountId ? await cipher.encrypt(body.accountId, requestSeal(sealed, 'account_id_enc')) : null,
      region: body.region,
      locale: body.locale ?? null,
      statusTokenHash: await sha256Hex(statusToken),
      codeHash: null,
      codeExpiresAt: null,
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
      subjectId: await provenSubjectId(c.env, new URL(c.req.url).origin, site.id, body.receipt, body.subjectId),
      responseContentType: null,
      responseReadyAt: null,
      downloadTokenHash: null,
      downloadExpiresAt: null,
    };
    const { request: withCode, code } = await withFreshCode(cipher, request, now);
    await c.env.DB.batch([insertRequestStatement(c.env.DB, withCode), historyEntry(c, withCode, 'submitted', null, 'pending_verification')]);
    await createMailer(c.env).send(requesterEmails.verification(email, site.name, code));
    return c.json(accepted, 202);
  })
  .post('/:requestId/verify', ...jsonBody(VerifyCodeSchema, 1024), async (c) => {
    const request = await requestOf(c);
    if (request.status !== 'pending_verification') return c.json({ requestId: request.id, status: request.status, dueAt: request.dueAt });
    const cipher = new DataCipher(c.env);
    await checkCode(c.env, cipher, request, c.req.valid('json').code, 'Please send the request again.');
    const now = new Date().toISOString();
    const verified: StoredRightsRequest = { ...request, status: 'verified', verifiedAt: now, codeHash: null, codeExpiresAt: null, updatedAt: now };
    await c.env.DB.batch([updateRequestStatement(c.env.DB, verified), historyEntry(c, verified, 'verified', 'pending_verification', 'verified')]);
    const site = c.get('site');
    const mailer = createMailer(c.env);
    // Verified is stored: a queue that refuses now does not fail the requester; the sweep queues it.
    await enqueueForwarding(c.env, verified);
    await mailer.send(requesterEmails.received(await cipher.decrypt(request.emailSealed, requestSeal(request, 'email_enc')), site.name, request.type, request.id, request.dueAt));
    if (site.forwarding.privacyEmailSealed) {
      await mailer.send(privacyContactEmails.newRequest(await cipher.decrypt(site.forwarding.privacyEmailSealed, siteSeal(site.id, 'privacy_email_enc')), site.name, request.type, request.id, request.dueAt));
    }
    return c.json({ requestId: request.id, status: 'verified', dueAt: verified.dueAt });
  })
  .get('/:requestId/download', async (c) => {
    // An unknown request and a wrong token get the same 404; a database failure stays a 500.
    const request = await requestOf(c);
    const token = c.req.query('token') ?? '';
    if (!(await downloadTokenValid(request, token))) throw notFound();
    const nonce = toBase64Url(randomBytes(16));
    c.header('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`);
    c.header('Cache-Control', 'no-store');
    return c.html(downloadPage(nonce, c.get('site').name, `${new URL(c.req.url).origin}/v1/sites/${request.siteId}/rights-requests/${request.id}`, token));
  })
  .post('/:requestId/download-code', ...jsonBody(DownloadCodeRequestSchema, 1024), async (c) => {
    const request = await requestOf(c);
    if (!(await downloadTokenValid(request, c.req.valid('json').token))) throw notFound();
    const cipher = new DataCipher(c.env);
    const { request: withCode, code } = await withFreshCode(cipher, request, new Date());
    await c.env.DB.batch([updateRequestStatement(c.env.DB, withCode), historyEntry(c, withCode, 'download_code_sent', null, null)]);
    await createMailer(c.env).send(requesterEmails.downloadCode(await cipher.decrypt(request.emailSealed, requestSeal(request, 'email_enc')), code));
    return c.json({ sent: true }, 202);
  })
  .post('/:requestId/download', ...jsonBody(DownloadRequestSchema, 1024), async (c) => {
    const request = await requestOf(c);
    const { token, code } = c.req.valid('json');
    if (!(await downloadTokenValid(request, token))) throw notFound();
    const cipher = new DataCipher(c.env);
    await checkCode(c.env, cipher, request, code, 'Ask for a new code.');
    // A code opens one download.
    await c.env.DB.batch([
      updateRequestStatement(c.env.DB, { ...request, codeHash: null, codeExpiresAt: null, updatedAt: new Date().toISOString() }),
      historyEntry(c, request, 'response.downloaded', null, null),
    ]);
    c.header('Content-Disposition', `attachment; filename="privacy-answer-${request.id}.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json(await answerFile(c.env, request, c.get('site').name));
  })
  .get('/:requestId', async (c) => {
    const request = await requestOf(c);
    const token = c.req.query('token') ?? '';
    if (!(await equalInConstantTime(await sha256Hex(token), request.statusTokenHash))) throw notFound();
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
