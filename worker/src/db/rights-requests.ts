import type { RequesterRegion, RightsRequestStatus, RightsRequestType } from '@novoaigen/consent-schema';
import type { SealContext } from '../security/data-cipher.js';

/** A rights request row; `…Sealed` fields are AES-GCM ciphertexts. */
export interface StoredRightsRequest {
  id: string;
  siteId: string;
  type: RightsRequestType;
  status: RightsRequestStatus;
  emailHash: string;
  emailSealed: string;
  fullNameSealed: string;
  detailsSealed: string | null;
  accountIdSealed: string | null;
  region: RequesterRegion;
  locale: string | null;
  statusTokenHash: string;
  codeHash: string | null;
  codeExpiresAt: string | null;
  codeAttempts: number;
  receivedAt: string;
  verifiedAt: string | null;
  dueAt: string;
  dueRule: string;
  originalDueAt: string;
  extendedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
  forwardingStatus: 'not_started' | 'not_configured' | 'pending' | 'delivered' | 'dead_lettered';
  forwardedAt: string | null;
  /** The requester's consent subject id on this site, when their browser had one. */
  subjectId: string | null;
  responseContentType: string | null;
  responseReadyAt: string | null;
  downloadTokenHash: string | null;
  downloadExpiresAt: string | null;
}

/** One step in a request's life. */
export interface RequestHistoryEntry {
  requestId: string;
  siteId: string;
  actor: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  noteSealed: string | null;
  at: string;
}

type Row = Record<string, string | number | null>;

/** The sealed columns of a request. */
export type SealedRequestColumn = 'email_enc' | 'full_name_enc' | 'details_enc' | 'account_id_enc';

/** Where a sealed value of a request belongs (DataCipher binds it to this). */
export const requestSeal = (request: Pick<StoredRightsRequest, 'id' | 'siteId'>, column: SealedRequestColumn): SealContext => ({
  table: 'rights_requests',
  column,
  site: request.siteId,
  row: request.id,
});

/**
 * Where a history note belongs. Bound to its request, not to its entry: the entry's `seq` exists
 * only once the row is written, and a note moved within one request's history stays with its reader.
 */
export const historyNoteSeal = (request: Pick<StoredRightsRequest, 'id' | 'siteId'>): SealContext => ({
  table: 'rights_request_history',
  column: 'note_enc',
  site: request.siteId,
  row: request.id,
});

const COLUMNS: [keyof StoredRightsRequest, string][] = [
  ['id', 'id'],
  ['siteId', 'site_id'],
  ['type', 'type'],
  ['status', 'status'],
  ['emailHash', 'email_hash'],
  ['emailSealed', 'email_enc'],
  ['fullNameSealed', 'full_name_enc'],
  ['detailsSealed', 'details_enc'],
  ['accountIdSealed', 'account_id_enc'],
  ['region', 'region'],
  ['locale', 'locale'],
  ['statusTokenHash', 'status_token_hash'],
  ['codeHash', 'code_hash'],
  ['codeExpiresAt', 'code_expires_at'],
  ['codeAttempts', 'code_attempts'],
  ['receivedAt', 'received_at'],
  ['verifiedAt', 'verified_at'],
  ['dueAt', 'due_at'],
  ['dueRule', 'due_rule'],
  ['originalDueAt', 'original_due_at'],
  ['extendedAt', 'extended_at'],
  ['closedAt', 'closed_at'],
  ['updatedAt', 'updated_at'],
  ['forwardingStatus', 'forwarding_status'],
  ['forwardedAt', 'forwarded_at'],
  ['subjectId', 'subject_id'],
  ['responseContentType', 'response_content_type'],
  ['responseReadyAt', 'response_ready_at'],
  ['downloadTokenHash', 'download_token_hash'],
  ['downloadExpiresAt', 'download_expires_at'],
];

const toRequest = (row: Row) => Object.fromEntries(COLUMNS.map(([field, column]) => [field, row[column]])) as unknown as StoredRightsRequest;

/**
 * The forwarding columns belong to the forwarding service alone (forwardingStatement): its queue
 * consumer works on a copy read before a webhook call of up to 10 s, and the routes on copies read
 * at their start, so neither may write back the other's columns from a stale copy (an operator's
 * status change made while the receiver answered was undone, and could undo a delivery's record).
 * The code columns, likewise, belong to the code statements below: an operator's write from a copy
 * read before a burst of guesses would hand the guesser back the tries they used.
 */
const OWN_STATEMENT_FIELDS = new Set<keyof StoredRightsRequest>(['forwardingStatus', 'forwardedAt', 'codeHash', 'codeExpiresAt', 'codeAttempts']);
const UPDATABLE = COLUMNS.slice(2).filter(([field]) => !OWN_STATEMENT_FIELDS.has(field));

// The column list is a constant of this module, never input: the statements stay fully parameterised.
const INSERT_SQL = `INSERT INTO rights_requests (${COLUMNS.map(([, column]) => column).join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
const UPDATE_SQL = `UPDATE rights_requests SET ${UPDATABLE.map(([, column]) => `${column} = ?`).join(', ')} WHERE id = ? AND site_id = ?`;

export function insertRequestStatement(db: D1Database, request: StoredRightsRequest): D1PreparedStatement {
  return db.prepare(INSERT_SQL).bind(...COLUMNS.map(([field]) => request[field]));
}

/**
 * Writes every mutable column of the request back, except the forwarding and code columns (see
 * above), only if the row is still as `readAs` found it (same status, same `updated_at`): an
 * operator's change made from a copy read before a parallel verification or another operator's
 * change must not undo it. `meta.changes` is 0 when the row changed meanwhile.
 */
export function updateRequestStatement(db: D1Database, request: StoredRightsRequest, readAs: Pick<StoredRightsRequest, 'status' | 'updatedAt'>): D1PreparedStatement {
  return db.prepare(`${UPDATE_SQL} AND status = ? AND updated_at = ?`).bind(...UPDATABLE.map(([field]) => request[field]), request.id, request.siteId, readAs.status, readAs.updatedAt);
}

type RequestKey = Pick<StoredRightsRequest, 'id' | 'siteId'>;

/**
 * Counts one try of the request's code, if the code may still be tried at `now` (set, fewer than
 * `maxAttempts` tries so far, not expired), and returns the code hash and the tries counted with
 * this one; null when it may not. One conditional statement, so parallel guesses each take a try
 * of their own before any comparison: never more than `maxAttempts` are compared.
 */
export async function reserveCodeAttempt(db: D1Database, request: RequestKey, maxAttempts: number, now: string): Promise<{ codeHash: string; attempts: number } | null> {
  const row = await db
    .prepare(
      `UPDATE rights_requests SET code_attempts = code_attempts + 1
        WHERE id = ? AND site_id = ? AND code_hash IS NOT NULL AND code_attempts < ? AND code_expires_at > ?
        RETURNING code_hash, code_attempts`,
    )
    .bind(request.id, request.siteId, maxAttempts, now)
    .first<{ code_hash: string; code_attempts: number }>();
  return row ? { codeHash: row.code_hash, attempts: row.code_attempts } : null;
}

/**
 * Removes the code whose hash is `codeHash` (used, or locked by its last wrong try); a newer code
 * sent meanwhile stays. `meta.changes` is 0 when that code was gone already.
 */
export function clearCodeStatement(db: D1Database, request: RequestKey, codeHash: string, at: string): D1PreparedStatement {
  return db
    .prepare('UPDATE rights_requests SET code_hash = NULL, code_expires_at = NULL, updated_at = ? WHERE id = ? AND site_id = ? AND code_hash = ?')
    .bind(at, request.id, request.siteId, codeHash);
}

/**
 * Verifies a request that is still pending verification, and removes its code; `meta.changes` is 0
 * when it was not pending any more (verified by a parallel call, or canceled by an operator).
 */
export function verifyRequestStatement(db: D1Database, request: RequestKey, at: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE rights_requests SET status = 'verified', verified_at = ?1, code_hash = NULL, code_expires_at = NULL, updated_at = ?1
        WHERE id = ?2 AND site_id = ?3 AND status = 'pending_verification'`,
    )
    .bind(at, request.id, request.siteId);
}

/**
 * Gives the request a fresh code (with fresh tries) unless `maxPerDay` codes were sent for it
 * since `dayAgo` (its `download_code_sent` history). Counted inside the statement, so parallel
 * calls cannot each pass the count; `meta.changes` is 0 when the cap holds.
 */
export function freshDownloadCodeStatement(
  db: D1Database,
  request: RequestKey,
  code: { hash: string; expiresAt: string },
  at: string,
  dayAgo: string,
  maxPerDay: number,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE rights_requests SET code_hash = ?1, code_expires_at = ?2, code_attempts = 0, updated_at = ?3
        WHERE id = ?4 AND site_id = ?5
          AND (SELECT COUNT(*) FROM rights_request_history
                WHERE request_id = ?4 AND site_id = ?5 AND action = 'download_code_sent' AND at > ?6) < ?7`,
    )
    .bind(code.hash, code.expiresAt, at, request.id, request.siteId, dayAgo, maxPerDay);
}

/**
 * When the `nth` newest history entry (1-based) with one of `actions` since `since` was written,
 * over the site's requests from one email address (`emailHash`) or one request (`requestId`);
 * null when there are fewer. A cap of n a day holds until that entry is a day old.
 */
export async function nthRecentHistoryAt(
  db: D1Database,
  scope: { siteId: string; emailHash: string | null; requestId: string | null },
  actions: readonly string[],
  since: string,
  nth: number,
): Promise<string | null> {
  const row = await db
    .prepare(
      `SELECT h.at FROM rights_request_history AS h JOIN rights_requests AS r ON r.id = h.request_id AND r.site_id = h.site_id
        WHERE r.site_id = ?1 AND (?2 IS NULL OR r.email_hash = ?2) AND (?3 IS NULL OR r.id = ?3)
          AND h.action IN (SELECT value FROM json_each(?4)) AND h.at > ?5
        ORDER BY h.at DESC LIMIT 1 OFFSET ?6`,
    )
    .bind(scope.siteId, scope.emailHash, scope.requestId, JSON.stringify(actions), since, nth - 1)
    .first<{ at: string }>();
  return row?.at ?? null;
}

/** Sets the forwarding status, and the time of delivery when `forwardedAt` is given (else keeps it). */
export function forwardingStatement(
  db: D1Database,
  request: Pick<StoredRightsRequest, 'id' | 'siteId'>,
  forwardingStatus: StoredRightsRequest['forwardingStatus'],
  forwardedAt: string | null = null,
): D1PreparedStatement {
  return db
    .prepare('UPDATE rights_requests SET forwarding_status = ?, forwarded_at = COALESCE(?, forwarded_at) WHERE id = ? AND site_id = ?')
    .bind(forwardingStatus, forwardedAt, request.id, request.siteId);
}

/** Marks a request as handed to the forwarding queue at `at`. */
export function forwardingQueuedStatement(db: D1Database, request: Pick<StoredRightsRequest, 'id' | 'siteId'>, at: string): D1PreparedStatement {
  return db
    .prepare("UPDATE rights_requests SET forwarding_status = 'pending', forwarding_queued_at = ? WHERE id = ? AND site_id = ?")
    .bind(at, request.id, request.siteId);
}

/**
 * Verified requests the forwarding queue no longer holds, oldest first: never queued and verified
 * before `unqueuedBefore`, or queued (`pending`) with neither a queueing nor an attempt since `idleSince`.
 */
export async function findStalledForwarding(db: D1Database, unqueuedBefore: string, idleSince: string, limit = 100): Promise<StoredRightsRequest[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM rights_requests AS r
       WHERE r.verified_at IS NOT NULL
         AND ((r.forwarding_status = 'not_started' AND r.verified_at < ?1)
           OR (r.forwarding_status = 'pending' AND COALESCE(r.forwarding_queued_at, r.verified_at) < ?2
               AND NOT EXISTS (SELECT 1 FROM forwarding_attempts AS a WHERE a.request_id = r.id AND a.at >= ?2)))
       ORDER BY r.verified_at
       LIMIT ?3`,
    )
    .bind(unqueuedBefore, idleSince, limit)
    .all<Row>();
  return results.map(toRequest);
}

export async function findRequest(db: D1Database, siteId: string, requestId: string): Promise<StoredRightsRequest | null> {
  const row = await db.prepare('SELECT * FROM rights_requests WHERE site_id = ? AND id = ?').bind(siteId, requestId).first<Row>();
  return row ? toRequest(row) : null;
}

/** Filters of the admin list; null means "any". */
export interface RequestFilter {
  status: string | null;
  type: string | null;
  dueBefore: string | null;
}

export async function listRequests(db: D1Database, siteId: string, filter: RequestFilter, afterDueAt: string, afterId: string, limit: number): Promise<StoredRightsRequest[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM rights_requests
        WHERE site_id = ?1 AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR type = ?3) AND (?4 IS NULL OR due_at < ?4)
          AND (due_at > ?5 OR (due_at = ?5 AND id > ?6))
        ORDER BY due_at, id
        LIMIT ?7`,
    )
    .bind(siteId, filter.status, filter.type, filter.dueBefore, afterDueAt, afterId, limit)
    .all<Row>();
  return results.map(toRequest);
}

export function historyStatement(db: D1Database, entry: RequestHistoryEntry): D1PreparedStatement {
  return historyInsert(db, entry, '');
}

/**
 * The history entry of a conditional step, written only if the statement just before it in the
 * same batch changed a row: a step that did not happen leaves no trace.
 */
export function historyIfChangedStatement(db: D1Database, entry: RequestHistoryEntry): D1PreparedStatement {
  return historyInsert(db, entry, 'WHERE changes() > 0');
}

function historyInsert(db: D1Database, entry: RequestHistoryEntry, condition: '' | 'WHERE changes() > 0'): D1PreparedStatement {
  return db
    .prepare(`INSERT INTO rights_request_history (request_id, site_id, actor, action, from_status, to_status, note_enc, at) SELECT ?, ?, ?, ?, ?, ?, ?, ? ${condition}`)
    .bind(entry.requestId, entry.siteId, entry.actor, entry.action, entry.fromStatus, entry.toStatus, entry.noteSealed, entry.at);
}

export async function listHistory(db: D1Database, siteId: string, requestId: string): Promise<RequestHistoryEntry[]> {
  const { results } = await db
    .prepare('SELECT * FROM rights_request_history WHERE site_id = ? AND request_id = ? ORDER BY seq')
    .bind(siteId, requestId)
    .all<Row>();
  return results.map((row) => ({
    requestId: String(row.request_id),
    siteId: String(row.site_id),
    actor: String(row.actor),
    action: String(row.action),
    fromStatus: row.from_status as string | null,
    toStatus: row.to_status as string | null,
    noteSealed: row.note_enc as string | null,
    at: String(row.at),
  }));
}

/** One attempt to deliver a request to the site's webhook. */
export interface ForwardingAttempt {
  requestId: string;
  siteId: string;
  attempt: number;
  outcome: 'delivered' | 'failed' | 'not_configured' | 'dead_lettered';
  httpStatus: number | null;
  error: string | null;
  at: string;
}

export function forwardingAttemptStatement(db: D1Database, attempt: ForwardingAttempt): D1PreparedStatement {
  return db
    .prepare('INSERT INTO forwarding_attempts (request_id, site_id, attempt, outcome, http_status, error, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .bind(attempt.requestId, attempt.siteId, attempt.attempt, attempt.outcome, attempt.httpStatus, attempt.error, attempt.at);
}

export async function listForwardingAttempts(db: D1Database, siteId: string, requestId: string): Promise<ForwardingAttempt[]> {
  const { results } = await db
    .prepare('SELECT * FROM forwarding_attempts WHERE site_id = ? AND request_id = ? ORDER BY seq')
    .bind(siteId, requestId)
    .all<Row>();
  return results.map((row) => ({
    requestId: String(row.request_id),
    siteId: String(row.site_id),
    attempt: Number(row.attempt),
    outcome: row.outcome as ForwardingAttempt['outcome'],
    httpStatus: row.http_status as number | null,
    error: row.error as string | null,
    at: String(row.at),
  }));
}

/** Open requests of a site due before `before` (overdue ones included), earliest first. */
export async function listOpenDueBefore(db: D1Database, siteId: string, before: string): Promise<StoredRightsRequest[]> {
  const { results } = await db
    .prepare("SELECT * FROM rights_requests WHERE site_id = ? AND status IN ('verified', 'in_progress') AND due_at < ? ORDER BY due_at, id")
    .bind(siteId, before)
    .all<Row>();
  return results.map(toRequest);
}

/** Every request of the site made from one email address (by its keyed hash). */
export async function listRequestsByEmail(db: D1Database, siteId: string, emailHash: string): Promise<StoredRightsRequest[]> {
  const { results } = await db.prepare('SELECT * FROM rights_requests WHERE site_id = ? AND email_hash = ? ORDER BY received_at').bind(siteId, emailHash).all<Row>();
  return results.map(toRequest);
}

/** Which requests a retention run deletes: closed ones by when they closed, never verified ones by when they came in. */
const PURGEABLE_SQL = {
  closed: 'SELECT id FROM rights_requests WHERE site_id = ? AND closed_at IS NOT NULL AND closed_at < ? ORDER BY closed_at LIMIT ?',
  unverified: "SELECT id FROM rights_requests WHERE site_id = ? AND status = 'pending_verification' AND received_at < ? ORDER BY received_at LIMIT ?",
} as const;

/** Ids of up to `limit` requests of the site closed before `before`, or still unverified and received before it. */
export async function listPurgeableBefore(db: D1Database, siteId: string, kind: keyof typeof PURGEABLE_SQL, before: string, limit: number): Promise<string[]> {
  const { results } = await db.prepare(PURGEABLE_SQL[kind]).bind(siteId, before, limit).all<{ id: string }>();
  return results.map((row) => row.id);
}

/** The statements that delete a request with its history and forwarding attempts. */
export function deleteRequestStatements(db: D1Database, siteId: string, requestId: string): D1PreparedStatement[] {
  return [
    db.prepare('DELETE FROM rights_request_history WHERE site_id = ? AND request_id = ?').bind(siteId, requestId),
    db.prepare('DELETE FROM forwarding_attempts WHERE site_id = ? AND request_id = ?').bind(siteId, requestId),
    db.prepare('DELETE FROM rights_requests WHERE site_id = ? AND id = ?').bind(siteId, requestId),
  ];
}
