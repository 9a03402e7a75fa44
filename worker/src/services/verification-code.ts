import type { RightsRequestStatus } from '@novoaigen/consent-schema';
import { clearCodeStatement, findRequest, historyStatement, nthRecentHistoryAt, reserveCodeAttempt, type StoredRightsRequest } from '../db/rights-requests.js';
import type { Bindings } from '../env.js';
import { AppError } from '../errors.js';
import { equalInConstantTime } from '../security/admin-keys.js';
import type { DataCipher } from '../security/data-cipher.js';

/** How long an emailed code works, and how many wrong tries lock it. */
export const CODE_TTL_MS = 15 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;
/** Wrong codes a day for one email address on a site, over all its requests (counted in D1, so for every location at once). */
export const MAX_FAILED_CODES_PER_EMAIL_PER_DAY = 20;
/** Download codes a day for one request: each one brings five fresh tries. */
export const MAX_DOWNLOAD_CODES_PER_DAY = 5;
export const DAY_MS = 24 * 60 * 60 * 1000;

const FAILED_CODE_ACTIONS = ['wrong_code', 'code_locked'] as const;

/** A uniformly random 6-digit code (rejection sampling, so no digit is likelier than another). */
export function newCode(): string {
  const limit = 4_294_000_000; // a multiple of 1,000,000 below 2^32
  for (;;) {
    const [value] = crypto.getRandomValues(new Uint32Array(1));
    if (value! < limit) return String(value! % 1_000_000).padStart(6, '0');
  }
}

/** The stored form of a code: an HMAC bound to the request, so a leaked table reveals no codes. */
export function codeHash(cipher: DataCipher, requestId: string, code: string): Promise<string> {
  return cipher.lookupHash(`code:${requestId}:${code}`);
}

/** A new code for the request, with its stored hash and when it expires. */
export async function freshCode(cipher: DataCipher, requestId: string, now: Date): Promise<{ code: string; hash: string; expiresAt: string }> {
  const code = newCode();
  return { code, hash: await codeHash(cipher, requestId, code), expiresAt: new Date(now.getTime() + CODE_TTL_MS).toISOString() };
}

/** A 429 that says when a daily cap lets go: `since` is when the entry that fills the cap was written. */
export function dailyCapError(c: { header: (name: string, value: string) => void }, since: string, now: Date, message: string): AppError {
  const seconds = Math.max(1, Math.ceil((Date.parse(since) + DAY_MS - now.getTime()) / 1000));
  const hours = Math.ceil(seconds / 3600);
  c.header('Retry-After', String(seconds));
  return new AppError(429, 'rate_limited', `${message} Retry in ${hours} ${hours === 1 ? 'hour' : 'hours'}.`);
}

/** What a code check found: the hash of the code that matched, for the caller to use it up, or the request as it is now. */
export type CodeCheck = { matched: string } | { moved: StoredRightsRequest };

interface CodeCheckOptions {
  /** What the requester should do when the code can no longer be used. */
  retry: string;
  /** Where a 429 sets its Retry-After header. */
  c: { header: (name: string, value: string) => void };
}

/**
 * Checks a code against the request. A try is reserved in the database before the comparison (see
 * reserveCodeAttempt), so parallel guesses cannot share one; the last wrong one locks the code,
 * and an address with too many wrong codes in a day gets no more tries that day. `retry` tells the
 * requester what to do when the code can no longer be used. With `forStatus`, a request that left
 * that status meanwhile (a parallel call with the right code verified it) is returned as it is now.
 */
export async function tryCode(env: Bindings, cipher: DataCipher, request: StoredRightsRequest, code: string, options: CodeCheckOptions): Promise<{ matched: string }>;
export async function tryCode(
  env: Bindings,
  cipher: DataCipher,
  request: StoredRightsRequest,
  code: string,
  options: CodeCheckOptions & { forStatus: RightsRequestStatus },
): Promise<CodeCheck>;
export async function tryCode(
  env: Bindings,
  cipher: DataCipher,
  request: StoredRightsRequest,
  code: string,
  options: CodeCheckOptions & { forStatus?: RightsRequestStatus },
): Promise<CodeCheck> {
  const { retry, forStatus, c } = options;
  const now = new Date();
  const capFilledAt = await nthRecentHistoryAt(
    env.DB,
    { siteId: request.siteId, emailHash: request.emailHash, requestId: null },
    FAILED_CODE_ACTIONS,
    new Date(now.getTime() - DAY_MS).toISOString(),
    MAX_FAILED_CODES_PER_EMAIL_PER_DAY,
  );
  if (capFilledAt) throw dailyCapError(c, capFilledAt, now, 'Too many wrong codes for this email address today.');

  const reserved = await reserveCodeAttempt(env.DB, request, MAX_CODE_ATTEMPTS, now.toISOString());
  if (!reserved) {
    // Nothing was compared; the row as it is now tells why.
    const current = await findRequest(env.DB, request.siteId, request.id);
    if (current && forStatus && current.status !== forStatus) return { moved: current };
    if (current?.codeHash && current.codeAttempts < MAX_CODE_ATTEMPTS) throw new AppError(410, 'code_expired', `The code has expired. ${retry}`);
    throw new AppError(403, 'verification_locked', `Too many wrong codes. ${retry}`);
  }
  if (await equalInConstantTime(await codeHash(cipher, request.id, code), reserved.codeHash)) return { matched: reserved.codeHash };

  const locked = reserved.attempts >= MAX_CODE_ATTEMPTS;
  const at = now.toISOString();
  const history = historyStatement(env.DB, { requestId: request.id, siteId: request.siteId, actor: 'requester', action: locked ? 'code_locked' : 'wrong_code', fromStatus: null, toStatus: null, noteSealed: null, at });
  await env.DB.batch(locked ? [clearCodeStatement(env.DB, request, reserved.codeHash, at), history] : [history]);
  if (locked) throw new AppError(403, 'verification_locked', `Too many wrong codes. ${retry}`);
  throw new AppError(422, 'invalid_code', `That code is not right. ${MAX_CODE_ATTEMPTS - reserved.attempts} tries left.`, [{ path: 'code', message: 'wrong code' }]);
}
