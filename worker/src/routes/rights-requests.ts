import { DownloadCodeRequestSchema, DownloadRequestSchema, RightsRequestSchema, VerifyCodeSchema } from '@novoaigen/consent-schema';
import { type Context, Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import {
  clearCodeStatement,
  findRequest,
  freshDownloadCodeStatement,
  historyIfChangedStatement,
  historyStatement,
  insertRequestStatement,
  listHistory,
  nthRecentHistoryAt,
  requestSeal,
  type StoredRightsRequest,
  verifyRequestStatement,
} from '../db/rights-requests.js';
import { siteSeal } from '../db/sites.js';
import { privacyContactEmails, requesterEmails } from '../email/messages.js';
import { createMailer } from '../email/mailer.js';
import type { AppEnv } from '../env.js';
import { AppError } from '../errors.js';
import { jsonBody } from '../middleware/json-body.js';
import { clientKey, limitCodeRoutes } from '../middleware/rate-limit.js';
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
import { DAY_MS, dailyCapError, freshCode, MAX_DOWNLOAD_CODES_PER_DAY, tryCode } from '../services/verification-code.js';
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

/** The requester's step, recorded only if the statement before it in the batch changed the request. */
function historyEntry(c: Context<AppEnv>, request: StoredRightsRequest, action: string, fromStatus: string | null, toStatus: string | null, at: string) {
  return historyIfChangedStatement(c.env.DB, { requestId: request.id, siteId: request.siteId, actor: 'requester', action, fromStatus, toStatus, noteSealed: null, at });
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
    const code = await freshCode(cipher, requestId, now);
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
      codeHash: code.hash,
      codeExpiresAt: code.expiresAt,
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
    await c.env.DB.batch([
      insertRequestStatement(c.env.DB, request),
      historyStatement(c.env.DB, { requestId, siteId: site.id, actor: 'requester', action: 'submitted', fromStatus: null, toStatus: 'pending_verification', noteSealed: null, at: now.toISOString() }),
    ]);
    await createMailer(c.env).send(requesterEmails.verification(email, site.name, code.code));
    return c.json(accepted, 202);
  })
  .post('/:requestId/verify', limitCodeRoutes, ...jsonBody(VerifyCodeSchema, 1024), async (c) => {
    const request = await requestOf(c);
    const answer = (current: StoredRightsRequest) => c.json({ requestId: current.id, status: current.status, dueAt: current.dueAt });
    if (request.status !== 'pending_verification') return answer(request);
    const cipher = new DataCipher(c.env);
    const check = await tryCode(c.env, cipher, request, c.req.valid('json').code, { retry: 'Please send the request again.', forStatus: 'pending_verification', c });
    if ('moved' in check) return answer(check.moved);
    const now = new Date().toISOString();
    const [update] = await c.env.DB.batch([verifyRequestStatement(c.env.DB, request, now), historyEntry(c, request, 'verified', 'pending_verification', 'verified', now)]);
    // A parallel call with the same code verified it first, or an operator canceled it meanwhile:
    // that call sent the emails, and the status is what it is now.
    if (!update?.meta.changes) {
      const current = await findRequest(c.env.DB, request.siteId, request.id);
      if (!current) throw notFound();
      return answer(current);
    }
    const verified: StoredRightsRequest = { ...request, status: 'verified', verifiedAt: now, codeHash: null, codeExpiresAt: null, updatedAt: now };
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
  .get('/:requestId/download', limitCodeRoutes, async (c) => {
    // An unknown request and a wrong token get the same 404; a database failure stays a 500.
    const request = await requestOf(c);
    const token = c.req.query('token') ?? '';
    if (!(await downloadTokenValid(request, token))) throw notFound();
    const nonce = toBase64Url(randomBytes(16));
    c.header('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`);
    c.header('Cache-Control', 'no-store');
    return c.html(downloadPage(nonce, c.get('site').name, `${new URL(c.req.url).origin}/v1/sites/${request.siteId}/rights-requests/${request.id}`, token));
  })
  .post('/:requestId/download-code', limitCodeRoutes, ...jsonBody(DownloadCodeRequestSchema, 1024), async (c) => {
    const request = await requestOf(c);
    if (!(await downloadTokenValid(request, c.req.valid('json').token))) throw notFound();
    const cipher = new DataCipher(c.env);
    const now = new Date();
    const at = now.toISOString();
    const dayAgo = new Date(now.getTime() - DAY_MS).toISOString();
    const code = await freshCode(cipher, request.id, now);
    const [update] = await c.env.DB.batch([
      freshDownloadCodeStatement(c.env.DB, request, code, at, dayAgo, MAX_DOWNLOAD_CODES_PER_DAY),
      historyEntry(c, request, 'download_code_sent', null, null, at),
    ]);
    if (!update?.meta.changes) {
      const scope = { siteId: request.siteId, emailHash: null, requestId: request.id };
      const capFilledAt = await nthRecentHistoryAt(c.env.DB, scope, ['download_code_sent'], dayAgo, MAX_DOWNLOAD_CODES_PER_DAY);
      throw dailyCapError(c, capFilledAt ?? at, now, `At most ${MAX_DOWNLOAD_CODES_PER_DAY} codes a day are sent for one answer.`);
    }
    await createMailer(c.env).send(requesterEmails.downloadCode(await cipher.decrypt(request.emailSealed, requestSeal(request, 'email_enc')), code.code));
    return c.json({ sent: true }, 202);
  })
  .post('/:requestId/download', limitCodeRoutes, ...jsonBody(DownloadRequestSchema, 1024), async (c) => {
    const request = await requestOf(c);
    const { token, code } = c.req.valid('json');
    if (!(await downloadTokenValid(request, token))) throw notFound();
    const cipher = new DataCipher(c.env);
    const { matched } = await tryCode(c.env, cipher, request, code, { retry: 'Ask for a new code.', c });
    // A code opens one download: of parallel calls with it, only the one that removes it goes on.
    const at = new Date().toISOString();
    const [used] = await c.env.DB.batch([clearCodeStatement(c.env.DB, request, matched, at), historyEntry(c, request, 'response.downloaded', null, null, at)]);
    if (!used?.meta.changes) throw new AppError(403, 'verification_locked', 'This code was used already. Ask for a new code.');
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
