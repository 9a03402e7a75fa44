import { type DataCipher } from '../security/data-cipher.js';

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
