import { historyStatement, type StoredRightsRequest, updateRequestStatement } from '../db/rights-requests.js';
import type { Bindings } from '../env.js';
import { AppError } from '../errors.js';
import { equalInConstantTime } from '../security/admin-keys.js';
import type { DataCipher } from '../security/data-cipher.js';

/** How long an emailed code works, and how many wrong tries lock it. */
export const CODE_TTL_MS = 15 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;

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

/** A request with a fresh code (and its stored hash) in place of any earlier one. */
export async function withFreshCode(cipher: DataCipher, request: StoredRightsRequest, now: Date): Promise<{ request: StoredRightsRequest; code: string }> {
  const code = newCode();
  return {
    code,
    request: { ...request, codeHash: await codeHash(cipher, request.id, code), codeExpiresAt: new Date(now.getTime() + CODE_TTL_MS).toISOString(), codeAttempts: 0 },
  };
}

/**
 * Checks a code against the request: locked after five wrong tries, expired after 15 minutes.
 * A wrong try is counted (and recorded) before the error is thrown; `retry` tells the requester
 * what to do when the code can no longer be used.
 */
export async function checkCode(env: Bindings, cipher: DataCipher, request: StoredRightsRequest, code: string, retry: string): Promise<void> {
  if (!request.codeHash || request.codeAttempts >= MAX_CODE_ATTEMPTS) throw new AppError(403, 'verification_locked', `Too many wrong codes. ${retry}`);
  if (!request.codeExpiresAt || Date.parse(request.codeExpiresAt) < Date.now()) throw new AppError(410, 'code_expired', `The code has expired. ${retry}`);
  if (await equalInConstantTime(await codeHash(cipher, request.id, code), request.codeHash)) return;
  const attempts = request.codeAttempts + 1;
  const locked = attempts >= MAX_CODE_ATTEMPTS;
  const now = new Date().toISOString();
  await env.DB.batch([
    updateRequestStatement(env.DB, { ...request, codeAttempts: attempts, codeHash: locked ? null : request.codeHash, updatedAt: now }),
    historyStatement(env.DB, { requestId: request.id, siteId: request.siteId, actor: 'requester', action: locked ? 'code_locked' : 'wrong_code', fromStatus: null, toStatus: null, noteSealed: null, at: now }),
  ]);
  if (locked) throw new AppError(403, 'verification_locked', `Too many wrong codes. ${retry}`);
  throw new AppError(422, 'invalid_code', `That code is not right. ${MAX_CODE_ATTEMPTS - attempts} tries left.`, [{ path: 'code', message: 'wrong code' }]);
}
