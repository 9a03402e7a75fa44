import { RequestListQuerySchema, RequestStatusChangeSchema, type RightsRequestStatus } from '@novoaigen/consent-schema';
import { type Context, Hono } from 'hono';
import {
  findRequest,
  historyNoteSeal,
  historyStatement,
  listForwardingAttempts,
  listHistory,
  listRequests,
  requestSeal,
  type SealedRequestColumn,
  type StoredRightsRequest,
  updateRequestStatement,
} from '../../db/rights-requests.js';
import { requesterEmails } from '../../email/messages.js';
import { createMailer } from '../../email/mailer.js';
import type { AppEnv } from '../../env.js';
import { AppError } from '../../errors.js';
import { requireSiteRole } from '../../middleware/admin-auth.js';
import { jsonBody } from '../../middleware/json-body.js';
import { DataCipher } from '../../security/data-cipher.js';
import { maxExtensionDays } from '../../services/request-clock.js';
import { enqueueForwarding } from '../../services/request-forwarding.js';
import { DOWNLOAD_LINK_TTL_MS, responseKey, responseSeal } from '../../services/response-package.js';
import { randomBytes, toBase64Url } from '../../security/encoding.js';
import { sha256Hex } from '../../security/hashing.js';
import { bodyLimit } from 'hono/body-limit';
import { isStoredId, valid } from '../../validation.js';
import { audited } from './audit-context.js';

/** Which status an operator may move a request to from each status. */
const NEXT: Partial<Record<RightsRequestStatus, RightsRequestStatus[]>> = {
  pending_verification: ['canceled'],
  verified: ['in_progress', 'rejected', 'canceled', 'duplicate'],
  in_progress: ['completed', 'rejected', 'canceled', 'duplicate'],
};
const OPEN: RightsRequestStatus[] = ['verified', 'in_progress'];

/** What an operator sees in lists: no personal data. */
const summary = (request: StoredRightsRequest) => ({
  requestId: request.id,
  type: request.type,
  status: request.status,
  region: request.region,
  receivedAt: request.receivedAt,
  verifiedAt: request.verifiedAt,
  dueAt: request.dueAt,
  dueRule: request.dueRule,
  extendedAt: request.extendedAt,
  closedAt: request.closedAt,
  forwardingStatus: request.forwardingStatus,
  forwardedAt: request.forwardedAt,
});

/** The request the URL names, if this site has it (a malformed id names none). */
async function requestOfSite(c: Context<AppEnv>): Promise<StoredRightsRequest> {
  const requestId = c.req.param('requestId');
  const request = isStoredId(requestId) ? await findRequest(c.env.DB, c.get('site').id, requestId) : null;
  if (!request) throw new AppError(404, 'request_not_found', 'This site has no request with that id.');
  return request;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Largest answer package an operator may upload. */
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * Writes the operator's change, or answers 409 when the request changed since it was read (a
 * verification, a download, another operator). First and alone, so the history and audit entries
 * that follow are written only for a change that happened.
 */
async function writeUnlessChanged(c: Context<AppEnv>, next: StoredRightsRequest, readAs: StoredRightsRequest): Promise<void> {
  const result = await updateRequestStatement(c.env.DB, next, readAs).run();
  if (result.meta.changes !== 1) throw new AppError(409, 'request_changed', 'The request changed while you were acting on it. Load it again and retry.');
}

/** `/v1/admin/sites/:siteId/rights-requests` (operator): list, read (decrypted) and move requests along. */
export const adminRightsRequestRoutes = new Hono<AppEnv>()
  .use(requireSiteRole('operator'))
  .get('/', valid('query', RequestListQuerySchema), async (c) => {
    const query = c.req.valid('query');
    const limit = query.limit ?? 100;
    const [afterDueAt = '', afterId = ''] = (query.cursor ?? '').split('|');
    const rows = await listRequests(c.env.DB, c.get('site').id, { status: query.status ?? null, type: query.type ?? null, dueBefore: query.dueBefore ?? null }, afterDueAt, afterId, limit);
    const last = rows[rows.length - 1];
    return c.json({ items: rows.map(summary), nextCursor: rows.length === limit && last ? `${last.dueAt}|${last.id}` : null });
  })
  .get('/:requestId', async (c) => {
    const request = await requestOfSite(c);
    const cipher = new DataCipher(c.env);
    const open = (sealed: string | null, column: SealedRequestColumn) => (sealed ? cipher.decrypt(sealed, requestSeal(request, column)) : null);
    const history = await listHistory(c.env.DB, request.siteId, request.id);
    await c.env.DB.batch([audited(c, 'request.read', request.id)]);
    return c.json({
      ...summary(request),
      fullName: await open(request.fullNameSealed, 'full_name_enc'),
      email: await open(request.emailSealed, 'email_enc'),
      details: await open(request.detailsSealed, 'details_enc'),
      accountId: await open(request.accountIdSealed, 'account_id_enc'),
      locale: request.locale,
      history: await Promise.all(history.map(async ({ noteSealed, requestId: _id, siteId: _site, ...entry }) => ({ ...entry, note: noteSealed ? await cipher.decrypt(noteSealed, historyNoteSeal(request)) : null }))),
      forwardingAttempts: (await listForwardingAttempts(c.env.DB, request.siteId, request.id)).map(({ requestId: _id, siteId: _site, ...attempt }) => attempt),
    });
  })
  .put(
    '/:requestId/response',
    bodyLimit({
      maxSize: MAX_RESPONSE_BYTES,
      onError: () => {
        throw new AppError(413, 'payload_too_large', 'The package is larger than 10 MiB.');
      },
    }),
    async (c) => {
      const site = c.get('site');
      const request = await requestOfSite(c);
      const contentType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (contentType !== 'application/json' && contentType !== 'text/csv') throw new AppError(415, 'unsupported_media_type', 'Upload the package as application/json or text/csv.');
      if (request.type !== 'access' && request.type !== 'portability') throw new AppError(409, 'invalid_transition', 'Only access and portability requests take a data package.');
      if (!OPEN.includes(request.status)) throw new AppError(409, 'invalid_transition', `A ${request.status} request takes no package.`);
      const bytes = await c.req.arrayBuffer();
      if (contentType === 'application/json') {
        try {
          JSON.parse(new TextDecoder().decode(bytes));
        } catch {
          throw new AppError(400, 'invalid_json', 'The package is not well-formed JSON.');
        }
      }
      const cipher = new DataCipher(c.env);
      await c.env.RESPONSES.put(responseKey(request), await cipher.encryptBytes(bytes, responseSeal(request)));
      const token = toBase64Url(randomBytes(32));
      const now = new Date();
      const ready: StoredRightsRequest = {
        ...request,
        responseContentType: contentType,
        responseReadyAt: now.toISOString(),
        downloadTokenHash: await sha256Hex(token),
        downloadExpiresAt: new Date(now.getTime() + DOWNLOAD_LINK_TTL_MS).toISOString(),
        updatedAt: now.toISOString(),
      };
      await writeUnlessChanged(c, ready, request);
      await c.env.DB.batch([
        historyStatement(c.env.DB, { requestId: request.id, siteId: site.id, actor: c.get('principal').actor, action: 'response.uploaded', fromStatus: null, toStatus: null, noteSealed: null, at: now.toISOString() }),
        audited(c, 'request.response_upload', request.id, { contentType, bytes: bytes.byteLength }),
      ]);
      const link = `${new URL(c.req.url).origin}/v1/sites/${site.id}/rights-requests/${request.id}/download?token=${token}`;
      await createMailer(c.env).send(requesterEmails.responseReady(await cipher.decrypt(request.emailSealed, requestSeal(request, 'email_enc')), site.name, request.id, link));
      return c.json({ ...summary(ready), responseReadyAt: ready.responseReadyAt, downloadExpiresAt: ready.downloadExpiresAt });
    },
  )
  .post('/:requestId/forward', async (c) => {
    const request = await requestOfSite(c);
    if (request.status === 'pending_verification') throw new AppError(409, 'invalid_transition', 'An unverified request is not forwarded.');
    if (!(await enqueueForwarding(c.env, request))) {
      throw new AppError(503, 'queue_unavailable', 'The forwarding queue did not take the request; it is queued again automatically within half an hour.');
    }
    const now = new Date().toISOString();
    await c.env.DB.batch([
      historyStatement(c.env.DB, { requestId: request.id, siteId: request.siteId, actor: c.get('principal').actor, action: 'forwarding.requeued', fromStatus: null, toStatus: null, noteSealed: null, at: now }),
      audited(c, 'request.forward', request.id),
    ]);
    return c.json({ requestId: request.id, forwardingStatus: 'pending' }, 202);
  })
  .post('/:requestId/status', ...jsonBody(RequestStatusChangeSchema, 16 * 1024), async (c) => {
    const site = c.get('site');
    const change = c.req.valid('json');
    const request = await requestOfSite(c);
    const now = new Date();
    let next: StoredRightsRequest;
    if (change.status === 'extended') {
      if (!OPEN.includes(request.status)) throw new AppError(409, 'invalid_transition', `A ${request.status} request cannot be extended.`);
      if (request.extendedAt) throw new AppError(409, 'extension_refused', 'This request was extended already.');
      if (now.getTime() > Date.parse(request.originalDueAt)) {
        throw new AppError(409, 'extension_refused', 'The law requires notice of an extension within the first period; the original due date has passed.');
      }
      const days = change.extendByDays ?? 0;
      const allowed = maxExtensionDays(request.dueRule, new Date(request.originalDueAt));
      if (days > allowed) throw new AppError(400, 'validation_failed', `The rule ${request.dueRule} allows at most ${allowed} more days.`, [{ path: 'extendByDays', message: `at most ${allowed}` }]);
      next = { ...request, dueAt: new Date(Date.parse(request.dueAt) + days * DAY_MS).toISOString(), extendedAt: now.toISOString(), updatedAt: now.toISOString() };
    } else {
      if (!NEXT[request.status]?.includes(change.status)) throw new AppError(409, 'invalid_transition', `A ${request.status} request cannot become ${change.status}.`);
      const closing = change.status !== 'in_progress';
      next = { ...request, status: change.status, closedAt: closing ? now.toISOString() : null, updatedAt: now.toISOString() };
    }
    const cipher = new DataCipher(c.env);
    const actor = c.get('principal').actor;
    await writeUnlessChanged(c, next, request);
    await c.env.DB.batch([
      historyStatement(c.env.DB, {
        requestId: request.id,
        siteId: site.id,
        actor,
        action: change.status,
        fromStatus: request.status,
        toStatus: next.status,
        noteSealed: change.note || change.reason ? await cipher.encrypt([change.reason, change.note].filter(Boolean).join('\n\n'), historyNoteSeal(request)) : null,
        at: now.toISOString(),
      }),
      audited(c, `request.${change.status}`, request.id, { from: request.status, to: next.status }),
    ]);
    const email = await cipher.decrypt(request.emailSealed, requestSeal(request, 'email_enc'));
    const mailer = createMailer(c.env);
    if (change.status === 'completed') await mailer.send(requesterEmails.completed(email, site.name, request.id));
    if (change.status === 'rejected') await mailer.send(requesterEmails.rejected(email, site.name, request.id, change.reason ?? ''));
    if (change.status === 'extended') await mailer.send(requesterEmails.extended(email, site.name, request.id, change.reason ?? '', next.dueAt));
    return c.json(summary(next));
  });
