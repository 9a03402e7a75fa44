import { ConsentEventSchema, OpaqueIdSchema, type ConsentEvent, type ConsentReceipt } from '@novoaigen/consent-schema';
import { Hono } from 'hono';
import { assertChoicesMatchConfig } from '../consent-rules.js';
import { canonicalJson, sha256Hex } from '../security/hashing.js';
import { findLatestState, findReceipt, insertConsentEvent, type StoredReceipt } from '../db/consent-events.js';
import { noticeVersionExists } from '../db/notices.js';
import { type ConfigVersion, findConfigVersion, findLatestConfigOfRevision } from '../db/sites.js';
import type { AppEnv, Bindings } from '../env.js';
import { AppError } from '../errors.js';
import { jsonBody } from '../middleware/json-body.js';
import { signReceipt } from '../services/receipts.js';
import { sendsGpc, shownWording, wordingHash } from '../services/visitor-config.js';
import { limitPublicWrites } from '../middleware/rate-limit.js';

/** Largest consent event body accepted. */
export const MAX_CONSENT_BODY_BYTES = 16 * 1024;

const MAX_USER_AGENT_LENGTH = 512;

function hashEvent(event: ConsentEvent): Promise<string> {
  return sha256Hex(canonicalJson(event));
}

/**
 * `POST /v1/sites/:siteId/consents` appends a decision to the ledger (idempotent by `eventId`);
 * `GET /v1/sites/:siteId/consents/:subjectId` returns the subject's latest decision.
 */
export const consentRoutes = new Hono<AppEnv>()
  .post('/', limitPublicWrites, ...jsonBody(ConsentEventSchema, MAX_CONSENT_BODY_BYTES), async (c) => {
    const site = c.get('site');
    const event = c.req.valid('json');
    const payloadHash = await hashEvent(event);
    const sign = (stored: StoredReceipt) => signedReceipt(c.env, new URL(c.req.url).origin, site.id, event, stored);

    const replayed = await storedReceipt(c.env.DB, site.id, event.eventId, payloadHash);
    if (replayed) return c.json(await sign(replayed), 201, { 'Idempotent-Replayed': 'true' });

    const shown = await configShown(c.env.DB, site.id, event);
    assertChoicesMatchConfig(shown.config, event.categories);
    if (event.noticeVersion !== undefined && !(await noticeVersionExists(c.env.DB, site.id, event.noticeVersion))) {
      throw new AppError(422, 'unknown_notice_version', `This site has no notice version ${event.noticeVersion}.`, [{ path: 'noticeVersion', message: 'unknown notice version' }]);
    }

    const stored: StoredReceipt = {
      receiptId: crypto.randomUUID(),
      recordedAt: new Date().toISOString(),
      payloadHash,
      configVersion: shown.version,
      // The browser's signal counts even when the page's SDK did not report it.
      gpc: event.gpc || sendsGpc(c.req.header('Sec-GPC')),
    };
    const inserted = await insertConsentEvent(c.env.DB, {
      ...stored,
      siteId: site.id,
      eventId: event.eventId,
      subjectId: event.subjectId,
      categories: event.categories,
      revision: event.revision,
      noticeVersion: event.noticeVersion ?? null,
      method: event.method,
      locale: event.locale ?? null,
      region: event.region ?? null,
      regime: event.regime ?? null,
      occurredAt: event.occurredAt ?? null,
      userAgent: c.req.header('User-Agent')?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
      country: (c.req.raw.cf as IncomingRequestCfProperties | undefined)?.country ?? null,
      wordingHash: event.locale ? await wordingHashOf(site.id, shown, event.locale) : null,
    });
    if (inserted) return c.json(await sign(stored), 201);

    // Another request with the same eventId won the race between our lookup and our insert.
    const winner = await storedReceipt(c.env.DB, site.id, event.eventId, payloadHash);
    if (!winner) throw new Error('consent event conflict without a stored row');
    return c.json(await sign(winner), 201, { 'Idempotent-Replayed': 'true' });
  })
  .get('/:subjectId', async (c) => {
    const subjectId = c.req.param('subjectId');
    const state = OpaqueIdSchema.safeParse(subjectId).success ? await findLatestState(c.env.DB, c.get('site').id, subjectId) : null;
    if (!state) throw new AppError(404, 'subject_not_found', 'No consent has been recorded for this subject on this site.');
    c.header('Cache-Control', 'no-store');
    return c.json(state);
  });

/** The config version the visitor saw: the one they name, or the newest of their revision. */
async function configShown(db: D1Database, siteId: string, event: ConsentEvent): Promise<ConfigVersion> {
  if (event.configVersion !== undefined) {
    const named = await findConfigVersion(db, siteId, event.configVersion);
    if (!named || named.revision !== event.revision) {
      throw new AppError(422, 'unknown_config_version', `This site has no config version ${event.configVersion} of revision ${event.revision}.`, [
        { path: 'configVersion', message: 'unknown config version for this revision' },
      ]);
    }
    return named;
  }
  const latest = await findLatestConfigOfRevision(db, siteId, event.revision);
  if (!latest) {
    throw new AppError(422, 'unknown_revision', `This site has no config revision ${event.revision}.`, [{ path: 'revision', message: 'unknown revision' }]);
  }
  return latest;
}

/**
 * Wording hashes by site, config version and language. A published version never changes and the
 * catalogues change only with a deploy (a new isolate), so an isolate may keep them: a write then
 * hashes the ~10 KB of words once per version and language, not every time.
 */
const wordingHashes = new Map<string, Promise<string>>();
const WORDING_HASHES_KEPT = 512;

function wordingHashOf(siteId: string, shown: ConfigVersion, locale: string): Promise<string> {
  const key = `${siteId}|${shown.version}|${shown.publishedAt}|${locale}`;
  let hash = wordingHashes.get(key);
  if (!hash) {
    if (wordingHashes.size >= WORDING_HASHES_KEPT) wordingHashes.clear();
    hash = wordingHash(shownWording(shown.config, locale));
    wordingHashes.set(key, hash);
  }
  return hash;
}

/** The stored row's receipt facts when this is a retry of an event already in the ledger; a different body under the same id is refused. */
async function storedReceipt(db: D1Database, siteId: string, eventId: string, payloadHash: string): Promise<StoredReceipt | null> {
  const stored = await findReceipt(db, siteId, eventId);
  if (stored && stored.payloadHash !== payloadHash) {
    throw new AppError(409, 'event_id_conflict', `Event ${eventId} was already recorded with different content.`);
  }
  return stored;
}

/** The answer to a recorded event: ids, time, and the signed receipt (identical for every replay). */
async function signedReceipt(env: Bindings, issuer: string, siteId: string, event: ConsentEvent, stored: StoredReceipt): Promise<ConsentReceipt> {
  const receipt = await signReceipt(env, issuer, siteId, { ...event, ...stored });
  return { receiptId: stored.receiptId, recordedAt: stored.recordedAt, receipt };
}
