/**
 * 128 random bits as 32 hex digits. Uses `getRandomValues`, which, unlike `crypto.randomUUID`,
 * also exists on plain-http pages.
 */
export function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => (byte + 256).toString(16).slice(1)).join('');
}
